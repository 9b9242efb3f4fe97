"""Deliver the delta in `customer_changes` to each target, then record it as delivered.

Delivery is at-least-once: the files (or rows, or API calls) go out first, and only then does one
transaction record the export and move `syncctl_state.exported_customers` forward. A failure in between
means the next run delivers the same changes again, never that a change is lost.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from syncctl.database import quote_literal
from syncctl.errors import ExportError, StateError
from syncctl.state import STATE_SCHEMA, utc_now

if TYPE_CHECKING:
    import duckdb

    from syncctl.config import LoadedConfig

CHANGES_TABLE = "_syncctl_pending_changes"


@dataclass(frozen=True)
class ExportResult:
    target: str
    inserts: int
    updates: int
    deletes: int
    location: str | None
    detaches: int = 0  # customers the target keeps but syncctl stops syncing (on_delete: detach): not delivered

    @property
    def total(self) -> int:
        return self.inserts + self.updates + self.deletes


class Target(Protocol):
    def deliver(self, con: duckdb.DuckDBPyConnection, changes: str, run_id: str) -> str:
        """Deliver the rows of the relation `changes`; return where they went."""


def make_target(loaded: LoadedConfig, name: str) -> Target:
    from syncctl.export.file import FileTarget

    config = loaded.config.targets[name]
    return FileTarget(name=name, directory=loaded.resolve(config.path), file_format=config.format)


def export_all(
    con: duckdb.DuckDBPyConnection, loaded: LoadedConfig, run_id: str, targets: list[str] | None = None
) -> list[ExportResult]:
    """Export the pending changes to every (or the named) target."""
    names = targets or list(loaded.config.targets)
    for name in names:
        if name not in loaded.config.targets:
            raise ExportError(f"no target {name!r} in {loaded.path.name} (targets: {', '.join(loaded.config.targets)})")
    return [export_target(con, loaded, run_id, name) for name in names]


def export_target(con: duckdb.DuckDBPyConnection, loaded: LoadedConfig, run_id: str, name: str) -> ExportResult:
    """Snapshot the target's pending changes, deliver them, then record them as delivered."""
    import duckdb

    try:
        con.execute(
            f"create or replace temp table {CHANGES_TABLE} as "
            f"select * from main.customer_changes where target = {quote_literal(name)}"
        )
    except duckdb.CatalogException:
        raise StateError(
            f"{loaded.database_path}: no customer_changes yet; run `syncctl build` before exporting"
        ) from None
    counts = dict(con.execute(f"select change_type, count(*) from {CHANGES_TABLE} group by change_type").fetchall())
    result = ExportResult(
        target=name,
        inserts=counts.get("insert", 0),
        updates=counts.get("update", 0),
        deletes=counts.get("delete", 0),
        location=None,
        detaches=counts.get("detach", 0),
    )
    if result.total:
        location = make_target(loaded, name).deliver(con, CHANGES_TABLE, run_id)
        result = dataclasses.replace(result, location=location)
    _record(con, result, run_id)
    con.execute(f"drop table if exists {CHANGES_TABLE}")
    return result


def _record(con: duckdb.DuckDBPyConnection, result: ExportResult, run_id: str) -> None:
    exported_at = utc_now()
    con.begin()
    try:
        con.execute(
            f"delete from {STATE_SCHEMA}.exported_customers where target = ? "
            f"and customer_id in (select customer_id from {CHANGES_TABLE})",
            [result.target],
        )
        con.execute(
            f"insert into {STATE_SCHEMA}.exported_customers "
            f"select target, customer_id, customer_hash, ?, ? from {CHANGES_TABLE} "
            f"where change_type in ('insert', 'update')",
            [run_id, exported_at],
        )
        con.execute(
            f"insert into {STATE_SCHEMA}.exports values (?, ?, ?, ?, ?, ?, ?)",
            [
                run_id,
                result.target,
                exported_at,
                result.inserts,
                result.updates,
                result.deletes,
                result.location,
            ],
        )
        con.commit()
    except BaseException:
        con.rollback()
        raise
