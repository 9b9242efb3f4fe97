"""Open the DuckDB database, and the SQL helpers the Python side shares."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from syncctl.errors import LockError, StateError

if TYPE_CHECKING:
    import duckdb


# how syncctl's own connections store text (the landed raw tables, state, export): not compressed. The
# raw tables hold most of the text of a database and are written once; leaving out DuckDB's text
# compression (dictionary + FSST) lands 1,000,000 records 0.3-1 s faster and makes the models that read
# every raw row faster too (a build 35.9 -> 34.7 s, bench/README.md stop 21), for a database file an
# eighth larger (1.27 -> 1.45 GB). dbt's models store text as zstd instead (the embedded profile):
# uncompressed there too would double the file and add 0.9 GB of peak memory for 5% less time.
UNCOMPRESSED_TEXT_METHODS = "dict_fsst,fsst,dictionary"

# the rows a build may land before the next build compacts the tables (see `defer_compaction`)
COMPACT_AFTER_SHARE = 0.1


def defer_compaction(con: duckdb.DuckDBPyConnection) -> None:
    """Keep deleted rows and small row groups at this database's checkpoints instead of compacting them.

    An incremental build deletes the old versions of the records it changes, scattered over whole tables,
    and appends the new ones. DuckDB's checkpoint then vacuums: it merges the row groups again, which
    rewrites (and recompresses) the whole table, about 2.5 s of a 1% build at 1,000,000 records, most of
    it `int_source_records_cleansed`. Builds defer that until the rows landed since the last compaction
    reach COMPACT_AFTER_SHARE of all landed rows, and then compact (syncctl.state.compaction_due).
    """
    con.execute("set global max_vacuum_tasks = 0")


@contextmanager
def connect(path: Path, *, read_only: bool = False, compact: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the database file, closed on exit.

    DuckDB allows one writing process per file; when another process holds it, raise `LockError`
    instead of DuckDB's IO error. A writing connection defers compaction (`defer_compaction`) unless
    `compact`.
    """
    import duckdb

    if read_only and not path.exists():
        raise StateError(f"{path}: database not found; run `syncctl build` first")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            holder = re.search(r"PID (\d+)", str(exc))
            who = f" (process {holder.group(1)})" if holder else ""
            raise LockError(
                f"{path}: the database is open in another process{who}; close it or wait for it to finish"
            ) from None
        raise StateError(f"{path}: cannot open the database ({exc})") from None
    try:
        con.execute("set enable_progress_bar = false")
        if not read_only:
            # text not compressed (see UNCOMPRESSED_TEXT_METHODS); other types as DuckDB chooses
            con.execute(f"set disabled_compression_methods = '{UNCOMPRESSED_TEXT_METHODS}'")
            if not compact:
                defer_compaction(con)
        yield con
    finally:
        con.close()


def quote_identifier(name: str) -> str:
    """A DuckDB identifier, double-quoted."""
    return '"' + name.replace('"', '""') + '"'


def quote_literal(value: str) -> str:
    """A DuckDB string literal."""
    return "'" + value.replace("'", "''") + "'"


def table_exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    row = con.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        [schema, table],
    ).fetchone()
    return bool(row and row[0])


def table_columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> list[str]:
    rows = con.execute(
        "select column_name from information_schema.columns "
        "where table_schema = ? and table_name = ? order by ordinal_position",
        [schema, table],
    ).fetchall()
    return [row[0] for row in rows]


# the name prefixes of the staging and intermediate layers (models/staging, models/intermediate)
MODEL_PREFIXES = ("stg_", "int_")


def drop_retired_relations(con: duckdb.DuckDBPyConnection, owned: dict[str, set[str]]) -> list[str]:
    """Drop the tables and views in `owned` schemas (schema -> the relations the models build there) that
    no model builds: what a deleted, renamed or ephemeral model left behind would otherwise keep stale
    rows. Only relations named like a staging or intermediate model (MODEL_PREFIXES) are dropped, so a
    table someone put into such a schema by hand stays. Returns the dropped relations as schema.name."""
    dropped = []
    for schema, built in sorted(owned.items()):
        rows = con.execute(
            "select table_name, table_type from information_schema.tables "
            "where table_catalog = current_database() and table_schema = ? order by table_name",
            [schema],
        ).fetchall()
        for name, kind in rows:
            if name not in built and name.startswith(MODEL_PREFIXES):
                what = "view" if kind == "VIEW" else "table"
                con.execute(f"drop {what} if exists {quote_identifier(schema)}.{quote_identifier(name)}")
                dropped.append(f"{schema}.{name}")
    return dropped
