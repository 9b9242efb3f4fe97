"""syncctl's own state, kept in the `syncctl_state` schema of the same DuckDB file.

- `syncctl_state.runs`: one row per command run (what, when, result, counts).
- `syncctl_state.landed_files`: one row per landed batch (a file, by content hash).
- `syncctl_state.exports`: one row per delta delivered to a target.
- `syncctl_state.exported_customers`: per target, each customer as last delivered (id and hash); the
  `customer_changes` view compares the `customers` mart against it.
- `syncctl_state.build_xref`, `match_weights`, `build_fingerprint`, `current_run`: what the next build
  compares against (the last record -> customer assignment, the stored weights, the logic fingerprint)
  and the run in progress.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from syncctl.database import COMPACT_AFTER_SHARE

if TYPE_CHECKING:
    import duckdb

STATE_SCHEMA = "syncctl_state"

_DDL = f"""
create schema if not exists {STATE_SCHEMA};
create schema if not exists raw;
create table if not exists {STATE_SCHEMA}.runs (
    run_id varchar not null,
    command varchar not null,
    started_at timestamp not null,
    finished_at timestamp,
    status varchar not null,
    summary json,
    error varchar
);
create table if not exists {STATE_SCHEMA}.landed_files (
    batch_id bigint not null,
    source varchar not null,
    path varchar not null,
    content_hash varchar not null,
    row_count bigint not null,
    landed_at timestamp not null,
    run_id varchar not null
);
create table if not exists {STATE_SCHEMA}.exports (
    run_id varchar not null,
    target varchar not null,
    exported_at timestamp not null,
    inserts bigint not null,
    updates bigint not null,
    deletes bigint not null,
    location varchar
);
create table if not exists {STATE_SCHEMA}.build_xref (
    source_record_key varchar not null,
    customer_id varchar not null,
    run_id varchar not null,
    landed_row_id bigint
);
alter table {STATE_SCHEMA}.build_xref add column if not exists landed_row_id bigint;
create table if not exists {STATE_SCHEMA}.term_frequencies (
    comparison varchar not null,
    value varchar not null,
    term_frequency double not null,
    run_id varchar not null
);
create table if not exists {STATE_SCHEMA}.match_weights (
    comparison_level_id varchar not null,
    comparison varchar not null,
    level integer not null,
    m double not null,
    u double not null,
    match_weight double not null,
    prior_weight double not null,
    run_id varchar not null
);
create table if not exists {STATE_SCHEMA}.build_fingerprint (
    fingerprint varchar not null,
    run_id varchar not null,
    views_fingerprint varchar,
    last_batch_id bigint
);
alter table {STATE_SCHEMA}.build_fingerprint add column if not exists views_fingerprint varchar;
alter table {STATE_SCHEMA}.build_fingerprint add column if not exists last_batch_id bigint;
alter table {STATE_SCHEMA}.build_fingerprint add column if not exists compacted_batch_id bigint;
create table if not exists {STATE_SCHEMA}.current_run (
    run_id varchar not null,
    last_built_run_id varchar,
    last_built_batch_id bigint,
    follows_failed_build boolean
);
alter table {STATE_SCHEMA}.current_run add column if not exists last_built_run_id varchar;
alter table {STATE_SCHEMA}.current_run add column if not exists last_built_batch_id bigint;
alter table {STATE_SCHEMA}.current_run add column if not exists follows_failed_build boolean;
create table if not exists {STATE_SCHEMA}.file_hashes (
    path varchar not null,
    file_stat varchar not null,
    content_hash varchar not null
);
create table if not exists {STATE_SCHEMA}.exported_customers (
    target varchar not null,
    customer_id varchar not null,
    customer_hash varchar not null,
    run_id varchar not null,
    exported_at timestamp not null
);
"""


def utc_now() -> datetime:
    """Now in UTC, naive, the way timestamps are stored."""
    return datetime.now(UTC).replace(tzinfo=None)


def new_run_id() -> str:
    """Sortable and unique: `20261125T120000Z-3f9a`."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(2)


def ensure_state(con: duckdb.DuckDBPyConnection) -> None:
    """Create the state schema and tables if they do not exist yet, and bring older ones up to date."""
    con.execute(_DDL)
    _migrate_text_landed_row_ids(con)


def _migrate_text_landed_row_ids(con: duckdb.DuckDBPyConnection) -> None:
    """Databases built before landed_row_id became a bigint hold it as text, `source:batch:row`: turn
    those into the same packing the staging models use (batch * 2^32 + row), so that the next build
    recognises every unchanged record version instead of counting it as changed."""
    row = con.execute(
        "select data_type from information_schema.columns "
        f"where table_schema = '{STATE_SCHEMA}' and table_name = 'build_xref' and column_name = 'landed_row_id'"
    ).fetchone()
    if row is None or row[0] != "VARCHAR":
        return
    con.execute(
        f"alter table {STATE_SCHEMA}.build_xref alter landed_row_id type bigint using "
        "cast(split_part(landed_row_id, ':', -2) as bigint) * 4294967296 "
        "+ cast(split_part(landed_row_id, ':', -1) as bigint)"
    )


@dataclass(frozen=True)
class RunRecord:
    run_id: str
    command: str
    started_at: datetime
    finished_at: datetime | None
    status: str
    summary: dict[str, Any]
    error: str | None


def start_run(con: duckdb.DuckDBPyConnection, run_id: str, command: str) -> None:
    """Record a run as running. Runs left `running` by a killed process are marked `aborted`."""
    con.execute(f"update {STATE_SCHEMA}.runs set status = 'aborted' where status = 'running'")
    con.execute(
        f"insert into {STATE_SCHEMA}.runs (run_id, command, started_at, status) values (?, ?, ?, 'running')",
        [run_id, command, utc_now()],
    )


def finish_run(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    *,
    status: str,
    summary: dict[str, Any] | None = None,
    error: str | None = None,
) -> None:
    con.execute(
        f"update {STATE_SCHEMA}.runs set finished_at = ?, status = ?, summary = ?, error = ? where run_id = ?",
        [utc_now(), status, json.dumps(summary or {}, default=str), error, run_id],
    )


def recent_runs(con: duckdb.DuckDBPyConnection, limit: int = 10) -> list[RunRecord]:
    rows = con.execute(
        f"select run_id, command, started_at, finished_at, status, summary, error "
        f"from {STATE_SCHEMA}.runs order by started_at desc, run_id desc limit ?",
        [limit],
    ).fetchall()
    return [
        RunRecord(
            run_id=row[0],
            command=row[1],
            started_at=row[2],
            finished_at=row[3],
            status=row[4],
            summary=json.loads(row[5]) if row[5] else {},
            error=row[6],
        )
        for row in rows
    ]


def set_current_run(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    """Tell the models which run is building (a table, not a dbt var, so dbt's parse cache holds).

    With it: the last successful build and the newest batch it included (the batches after it are new to
    this build), and whether a build failed since then (its models may have done part of their work, so this
    build redoes every record the new batches touch, not only those whose version differs).
    """
    con.execute(f"delete from {STATE_SCHEMA}.current_run")
    con.execute(
        f"""
        insert into {STATE_SCHEMA}.current_run (run_id, last_built_run_id, last_built_batch_id, follows_failed_build)
        select
            ?,
            (select any_value(run_id) from {STATE_SCHEMA}.build_fingerprint),
            (select any_value(last_batch_id) from {STATE_SCHEMA}.build_fingerprint),
            exists (
                select 1 from {STATE_SCHEMA}.runs
                where command = 'build'
                    and status in ('failed', 'aborted')
                    and started_at > coalesce(
                        (
                            select max(runs.started_at) from {STATE_SCHEMA}.runs
                            inner join {STATE_SCHEMA}.build_fingerprint
                                on runs.run_id = build_fingerprint.run_id
                        ),
                        timestamp '-infinity'
                    )
            )
        """,
        [run_id],
    )


def remember_build_xref(con: duckdb.DuckDBPyConnection, run_id: str, *, full: bool) -> None:
    """After a successful build: the record -> customer assignment the next build compares to.

    An incremental build changed customer_xref only for the records of int_identities_affected, so only
    they are copied (`full` copies everything). Each row keeps the run that last wrote it.
    """
    affected = (
        ""
        if full
        else "where source_record_key in (select source_record_key from intermediate.int_identities_affected)"
    )
    con.begin()
    try:
        con.execute(f"delete from {STATE_SCHEMA}.build_xref {affected}")
        con.execute(
            f"insert into {STATE_SCHEMA}.build_xref "
            f"select source_record_key, customer_id, ?, landed_row_id from main.customer_xref {affected}",
            [run_id],
        )
        con.commit()
    except BaseException:
        con.rollback()
        raise


def batches_all_built(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the last successful build included every landed batch and no build failed since then.

    Call after `set_current_run`. When true and the logic is unchanged, a build has nothing to compute.
    """
    row = con.execute(
        f"""
        select
            (select any_value(last_batch_id) from {STATE_SCHEMA}.build_fingerprint)
                is not distinct from (select max(batch_id) from {STATE_SCHEMA}.landed_files),
            (select any_value(not follows_failed_build) from {STATE_SCHEMA}.current_run)
        """
    ).fetchone()
    return bool(row and row[0] and row[1])


def stored_fingerprints(con: duckdb.DuckDBPyConnection) -> tuple[str | None, str | None]:
    """The logic and views fingerprints of the last successful build (see syncctl.dbt), if any."""
    row = con.execute(
        f"select any_value(fingerprint), any_value(views_fingerprint) from {STATE_SCHEMA}.build_fingerprint"
    ).fetchone()
    return (row[0], row[1]) if row else (None, None)


def compaction_due(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether a build should compact the tables (see syncctl.database.defer_compaction): no successful
    build compacted yet, or the rows landed since the last one that did reach COMPACT_AFTER_SHARE of all
    landed rows."""
    row = con.execute(
        f"""
        with compacted as (select any_value(compacted_batch_id) as batch_id from {STATE_SCHEMA}.build_fingerprint)
        select
            any_value(compacted.batch_id),
            coalesce(sum(landed.row_count) filter (where landed.batch_id > compacted.batch_id), 0),
            coalesce(sum(landed.row_count), 0)
        from compacted
        left join {STATE_SCHEMA}.landed_files as landed on true
        """
    ).fetchone()
    if row is None or row[0] is None:
        return True
    return row[1] >= COMPACT_AFTER_SHARE * row[2]


def store_fingerprints(
    con: duckdb.DuckDBPyConnection, fingerprint: str, views_fingerprint: str, run_id: str, *, compacted: bool
) -> None:
    """Record a successful build: its fingerprints, the newest batch it included and, when it compacted the
    tables, that batch as the last compacted one. The last step of a build, so they vouch for all of it."""
    con.begin()
    try:
        row = con.execute(f"select any_value(compacted_batch_id) from {STATE_SCHEMA}.build_fingerprint").fetchone()
        con.execute(f"delete from {STATE_SCHEMA}.build_fingerprint")
        con.execute(
            f"insert into {STATE_SCHEMA}.build_fingerprint "
            f"(fingerprint, run_id, views_fingerprint, last_batch_id, compacted_batch_id) "
            f"select ?, ?, ?, max(batch_id), case when ? then max(batch_id) else ? end "
            f"from {STATE_SCHEMA}.landed_files",
            [fingerprint, run_id, views_fingerprint, compacted, row[0] if row else None],
        )
        con.commit()
    except BaseException:
        con.rollback()
        raise


def store_match_weights(con: duckdb.DuckDBPyConnection, run_id: str) -> bool:
    """Keep the weights and term frequencies this build estimated, unless the stored ones were used;
    True if stored anew. Scoring is then a function of the pair alone, so an incremental build scores
    only new pairs and gets what a full rebuild would."""
    row = con.execute("select bool_or(is_stored) from intermediate.int_match_weights_in_use").fetchone()
    if row and row[0]:
        return False
    con.begin()
    try:
        con.execute(f"delete from {STATE_SCHEMA}.match_weights")
        con.execute(
            f"insert into {STATE_SCHEMA}.match_weights select comparison_level_id, comparison, level, m, u, "
            f"match_weight, prior_weight, ? from intermediate.int_match_weights_in_use",
            [run_id],
        )
        con.execute(f"delete from {STATE_SCHEMA}.term_frequencies")
        con.execute(
            f"insert into {STATE_SCHEMA}.term_frequencies "
            f"select comparison, value, term_frequency, ? from intermediate.int_match_term_frequencies",
            [run_id],
        )
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return True


def forget_match_weights(con: duckdb.DuckDBPyConnection) -> None:
    """Make the next build estimate the match weights and term frequencies again."""
    con.execute(f"delete from {STATE_SCHEMA}.match_weights")
    con.execute(f"delete from {STATE_SCHEMA}.term_frequencies")
