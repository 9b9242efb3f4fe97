"""Land source extracts into `raw.<source>` tables, one batch per new file.

Every source column lands as text (staging casts), plus `_batch_id`, `_source_file`, `_row_number`
(1-based data row in the file) and `_loaded_at`. A file is identified by the hash of its content: the
same content is never landed twice, a changed file is a new batch. All files of one run land in one
transaction: a malformed row anywhere means nothing is landed and the error names the file and line.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from syncctl.canonical import LANDING_COLUMNS
from syncctl.config import LoadedConfig, SourceConfig
from syncctl.database import quote_identifier, quote_literal, table_columns, table_exists
from syncctl.errors import ConfigError, LandingError
from syncctl.mapping import compile_expression
from syncctl.progress import NullReporter, Reporter
from syncctl.state import STATE_SCHEMA, utc_now

if TYPE_CHECKING:
    import duckdb

RAW_SCHEMA = "raw"


@dataclass(frozen=True)
class PlannedFile:
    source: str
    path: Path
    content_hash: str
    columns: list[str]


@dataclass
class LandingResult:
    """What one landing run did."""

    batches: list[tuple[str, Path, int, int]] = field(default_factory=list)  # source, path, batch_id, rows
    skipped: list[tuple[str, Path]] = field(default_factory=list)  # already landed (same content)

    def rows_by_source(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for source, _path, _batch, rows in self.batches:
            counts[source] = counts.get(source, 0) + rows
        return counts


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def file_stat(path: Path) -> str:
    """What tells that a file is unchanged without reading it (as git's index does): size, modification
    and change times, inode and device. Writing the file changes its times; a copy is a new inode."""
    stat = path.stat()
    return f"{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ctime_ns}:{stat.st_ino}:{stat.st_dev}"


class FileHashes:
    """The content hash of every source file, read again only when the file changed.

    Every build looks at every file its sources' paths match, which grows with each extract landed;
    hashing them all again cost a build 0.1 s per 160 MB of extracts. The hashes are kept in
    syncctl_state.file_hashes by path and `file_stat`; a path no source matches any more is forgotten.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.known = {
            path: (stat, content_hash)
            for path, stat, content_hash in con.execute(
                f"select path, file_stat, content_hash from {STATE_SCHEMA}.file_hashes"
            ).fetchall()
        }
        self.changed: dict[str, tuple[str, str]] = {}
        self.seen: set[str] = set()

    def of(self, path: Path) -> str:
        key, stat = str(path.resolve()), file_stat(path)
        self.seen.add(key)
        known = self.known.get(key)
        if known is not None and known[0] == stat:
            return known[1]
        content_hash = file_hash(path)
        if file_stat(path) == stat:  # not written while it was read
            self.changed[key] = (stat, content_hash)
        return content_hash

    def store(self) -> None:
        """Keep the hashes computed since loading, and forget the paths not seen since (call inside the
        landing transaction, after every source's files were looked at)."""
        gone = [key for key in self.known if key not in self.seen]
        stale = [*gone, *self.changed]
        if stale:
            self.con.execute(f"delete from {STATE_SCHEMA}.file_hashes where path in (select unnest(?))", [stale])
        if self.changed:
            rows = [(key, stat, content_hash) for key, (stat, content_hash) in self.changed.items()]
            self.con.executemany(f"insert into {STATE_SCHEMA}.file_hashes values (?, ?, ?)", rows)


def land(
    con: duckdb.DuckDBPyConnection,
    loaded: LoadedConfig,
    run_id: str,
    reporter: Reporter | None = None,
    on_plan: Callable[[list[PlannedFile]], None] | None = None,
) -> LandingResult:
    """Land every new file of every source, all or nothing.

    `on_plan` is called with the files to land once they are known and checked, before any is landed.
    """
    reporter = reporter or NullReporter()
    hashes = FileHashes(con)
    plan, skipped = plan_landing(con, loaded, hashes)
    if on_plan is not None:
        on_plan(plan)
    result = LandingResult(skipped=skipped)
    reporter.start("Landing source files", total=len(plan))
    con.begin()
    try:
        hashes.store()
        next_batch = _next_batch_id(con)
        for planned in plan:
            rows = _land_file(con, loaded.config.sources[planned.source], planned, next_batch, run_id)
            result.batches.append((planned.source, planned.path, next_batch, rows))
            next_batch += 1
            reporter.advance(planned.path.name)
        con.commit()
    except BaseException:
        con.rollback()
        raise
    reporter.finish(f"Landed {len(plan)} new file(s), {sum(r[3] for r in result.batches):,} rows")
    return result


def plan_landing(
    con: duckdb.DuckDBPyConnection, loaded: LoadedConfig, hashes: FileHashes
) -> tuple[list[PlannedFile], list[tuple[str, Path]]]:
    """The files to land (new content only, by `hashes`), each checked against the source's mapping."""
    landed = {
        (source, content_hash)
        for source, content_hash in con.execute(
            f"select source, content_hash from {STATE_SCHEMA}.landed_files"
        ).fetchall()
    }
    plan: list[PlannedFile] = []
    skipped: list[tuple[str, Path]] = []
    for name, source in loaded.config.sources.items():
        files = loaded.source_files(name)
        if not files:
            raise ConfigError(
                f"{loaded.path.name}: sources.{name}.path: no file matches {source.path!r} "
                f"(relative to {loaded.base_dir})"
            )
        seen_in_run: set[str] = set()
        for path in files:
            content_hash = hashes.of(path)
            if (name, content_hash) in landed or content_hash in seen_in_run:
                skipped.append((name, path))
                continue
            seen_in_run.add(content_hash)
            columns = read_columns(path, source)
            clashes = sorted({column.lower() for column in columns} & set(LANDING_COLUMNS))
            if clashes:
                raise LandingError(f"{path}: column {clashes[0]!r} is reserved for syncctl's landing metadata")
            seen: dict[str, str] = {}
            for column in columns:
                if column.lower() in seen:
                    raise LandingError(
                        f"{path}: columns {seen[column.lower()]!r} and {column!r} have the same name "
                        f"(names are case-insensitive); rename one (nothing was landed)"
                    )
                seen[column.lower()] = column
            known = columns
            if source.resolved_format() == "jsonl":
                # JSON exports leave out null fields: a key counts as present once any landed file had it
                known = (
                    columns
                    + table_columns(con, RAW_SCHEMA, name)
                    + [c for f in plan if f.source == name for c in f.columns]
                )
            check_mapping(loaded, name, known, str(path))
            plan.append(PlannedFile(name, path, content_hash, columns))
    return plan, skipped


def check_mapping(loaded: LoadedConfig, name: str, columns: list[str], origin: str) -> dict[str, str]:
    """Compile the source's mapping against the columns of `origin` (a file or the raw table).

    A mapped column that does not exist is a `ConfigError` naming the key, the column and `origin`.
    """
    source = loaded.config.sources[name]
    compiled: dict[str, str] = {}
    columns = [column for column in columns if column.lower() not in LANDING_COLUMNS]
    keyed = {"primary_key": source.primary_key} | {f"columns.{k}": v for k, v in source.mapping().items()}
    if source.delete_when is not None:
        keyed["delete_when"] = source.delete_when
    for key, value in keyed.items():
        if key == "columns.updated_at" and source.updated_at is not None:
            key = "updated_at"
        where = f"{loaded.path.name}: sources.{name}.{key} (in {origin})"
        compiled[key.removeprefix("columns.")] = compile_expression(value, columns, where=where)
    return compiled


def read_columns(path: Path, source: SourceConfig) -> list[str]:
    """The column names of one extract file, without reading all of it where the format allows."""
    import duckdb

    fmt = source.resolved_format()
    if fmt == "csv":
        return _csv_header(path, source)
    con = duckdb.connect()
    try:
        if fmt == "parquet":
            rows = con.execute(f"describe select * from read_parquet({quote_literal(str(path))})").fetchall()
            return [row[0] for row in rows]
        not_objects = con.execute(
            f"select count(*) from read_ndjson_objects({quote_literal(str(path))}) where json_type(json) <> 'OBJECT'"
        ).fetchone()
        if not_objects and not_objects[0]:
            raise LandingError(f"{path} {_diagnose(path, source)}")
        keys = con.execute(
            f"select key from (select unnest(json_keys(json)) as key, row_number() over () as position "
            f"from read_ndjson_objects({quote_literal(str(path))})) group by key order by min(position)"
        ).fetchall()
        return [row[0] for row in keys]
    except duckdb.Error as exc:
        raise LandingError(f"{path} {_diagnose(path, source) or _duckdb_reason(exc)}") from None
    finally:
        con.close()


def _csv_header(path: Path, source: SourceConfig) -> list[str]:
    try:
        with path.open(newline="", encoding=source.csv.encoding) as handle:
            reader = csv.reader(handle, delimiter=source.csv.delimiter, quotechar=source.csv.quote or None)
            header = next(reader, None)
    except UnicodeDecodeError as exc:
        raise LandingError(f"{path}: not valid {source.csv.encoding} ({exc.reason} at byte {exc.start})") from None
    if not header:
        raise LandingError(f"{path}: empty file, expected a header line")
    header = [column.strip() for column in header]
    duplicates = sorted({c for c in header if header.count(c) > 1 or c == ""})
    if duplicates:
        label = "an empty column name" if duplicates == [""] else f"duplicate column {duplicates[-1]!r}"
        raise LandingError(f"{path} line 1: the header has {label}")
    return header


def _next_batch_id(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute(f"select coalesce(max(batch_id), 0) + 1 from {STATE_SCHEMA}.landed_files").fetchone()
    return int(row[0]) if row else 1


def raw_columns_after(con: duckdb.DuckDBPyConnection, source: str, plan: list[PlannedFile]) -> list[str]:
    """The columns `raw.<source>` will have once `plan` is landed, in order (see _ensure_raw_table)."""
    columns = table_columns(con, RAW_SCHEMA, source) or list(LANDING_COLUMNS)
    known = {column.lower() for column in columns}
    for planned in plan:
        if planned.source != source:
            continue
        for column in planned.columns:
            if column.lower() not in known:
                columns.append(column)
                known.add(column.lower())
    return columns


def _ensure_raw_table(con: duckdb.DuckDBPyConnection, source: str, columns: list[str]) -> None:
    """Create `raw.<source>`, or add the file's new columns to it (schema drift adds, never drops)."""
    table = f"{RAW_SCHEMA}.{quote_identifier(source)}"
    if not table_exists(con, RAW_SCHEMA, source):
        con.execute(
            f"create table {table} (_batch_id bigint not null, _source_file varchar not null, "
            f"_row_number bigint not null, _loaded_at timestamp not null)"
        )
    existing = {column.lower() for column in table_columns(con, RAW_SCHEMA, source)}
    for column in columns:
        if column.lower() not in existing:
            con.execute(f"alter table {table} add column {quote_identifier(column)} varchar")


def _select_file(path: Path, source: SourceConfig, columns: list[str]) -> str:
    """A SELECT over one file that yields every column as text, with the 1-based row number."""
    literal = quote_literal(str(path))
    fmt = source.resolved_format()
    if fmt == "csv":
        types = ", ".join(f"{quote_literal(c)}: 'varchar'" for c in columns)
        quote = quote_literal(source.csv.quote)
        reader = (
            f"read_csv({literal}, header = true, auto_detect = false, columns = {{{types}}}, "
            f"delim = {quote_literal(source.csv.delimiter)}, quote = {quote}, escape = {quote}, "
            f"strict_mode = true, null_padding = false, encoding = {quote_literal(source.csv.encoding)})"
        )
        projection = ", ".join(quote_identifier(c) for c in columns)
        return f"select row_number() over () as _row_number, {projection} from {reader}"
    if fmt == "jsonl":
        # one json_extract_string with every path parses each line once (a call per column parses it again)
        paths = ", ".join(quote_literal("$." + _json_path_key(c)) for c in columns)
        projection = ", ".join(f"_values[{i}] as {quote_identifier(c)}" for i, c in enumerate(columns, start=1))
        return (
            f"select _row_number, {projection} from ("
            f"select row_number() over () as _row_number, json_extract_string(json, [{paths}]) as _values "
            f"from read_ndjson_objects({literal}))"
        )
    projection = ", ".join(_parquet_text(c) for c in columns)
    return (
        f"select file_row_number + 1 as _row_number, {projection} from read_parquet({literal}, file_row_number = true)"
    )


def _json_path_key(key: str) -> str:
    return '"' + key.replace('"', '\\"') + '"'


def _parquet_text(column: str) -> str:
    """Nested Parquet values land as JSON text, scalars as their text form."""
    quoted = quote_identifier(column)
    return (
        f"case when typeof({quoted}) similar to '(STRUCT|MAP|.*\\[\\]).*' "
        f"then to_json({quoted})::varchar else {quoted}::varchar end as {quoted}"
    )


def _land_file(
    con: duckdb.DuckDBPyConnection, source: SourceConfig, planned: PlannedFile, batch_id: int, run_id: str
) -> int:
    import duckdb

    _ensure_raw_table(con, planned.source, planned.columns)
    table = f"{RAW_SCHEMA}.{quote_identifier(planned.source)}"
    loaded_at = utc_now()
    try:
        con.execute(
            f"insert into {table} by name "
            f"select ? as _batch_id, ? as _source_file, ?::timestamp as _loaded_at, file.* "
            f"from ({_select_file(planned.path, source, planned.columns)}) as file",
            [batch_id, str(planned.path), loaded_at],
        )
    except duckdb.Error as exc:
        reason = _diagnose(planned.path, source) or _duckdb_reason(exc)
        raise LandingError(f"{planned.path} {reason} (malformed row: nothing was landed)") from None
    row = con.execute(f"select count(*) from {table} where _batch_id = ?", [batch_id]).fetchone()
    rows = int(row[0]) if row else 0
    con.execute(
        f"insert into {STATE_SCHEMA}.landed_files values (?, ?, ?, ?, ?, ?, ?)",
        [batch_id, planned.source, str(planned.path), planned.content_hash, rows, loaded_at, run_id],
    )
    return rows


def _diagnose(path: Path, source: SourceConfig) -> str | None:
    """Find the first malformed row of a file DuckDB refused, by reading it again strictly in Python.

    Only runs on the error path, so the precise line number costs nothing when files are fine.
    """
    import json

    fmt = source.resolved_format()
    if fmt == "csv":
        with path.open(newline="", encoding=source.csv.encoding, errors="replace") as handle:
            reader = csv.reader(handle, delimiter=source.csv.delimiter, quotechar=source.csv.quote or None, strict=True)
            try:
                header = next(reader)
                for row in reader:
                    if len(row) != len(header):
                        return f"line {reader.line_num}: expected {len(header)} fields, found {len(row)}"
            except csv.Error as exc:
                return f"line {reader.line_num}: {exc}"
    elif fmt == "jsonl":
        with path.open(encoding="utf-8", errors="replace") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    value = json.loads(line)
                except json.JSONDecodeError as exc:
                    return f"line {number}: malformed JSON ({exc.msg} at column {exc.colno})"
                if not isinstance(value, dict):
                    return f"line {number}: expected a JSON object per line"
    return None


def _duckdb_reason(exc: Exception) -> str:
    """The first line of a DuckDB error, without its class prefix."""
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return re.sub(r"^[A-Za-z ]+ Error: ", "", first)
