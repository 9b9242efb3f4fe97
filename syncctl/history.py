"""A customer's life in time order: its golden-record versions, and the merges, splits and deletes of its id.

Reads `customers_history` (SCD2 versions and closing rows) and `customer_id_history` (id changes),
timed by the runs that wrote them (`syncctl_state.runs`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from syncctl.canonical import GOLDEN_COLUMNS
from syncctl.database import connect, table_exists
from syncctl.errors import StateError
from syncctl.state import STATE_SCHEMA

if TYPE_CHECKING:
    import duckdb

    from syncctl.project import Project


@dataclass(frozen=True)
class HistoryEvent:
    """One entry: a version (kind "version": insert/update), a closing row ("closed": merge/detach/delete)
    or a change of id ("id": merge/split/delete, from customer_id_history)."""

    at: datetime
    run_id: str
    kind: str
    event: str
    detail: str
    is_current: bool = False
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # field -> (before, after)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["at"] = self.at.isoformat()
        data["changes"] = {name: {"before": before, "after": after} for name, (before, after) in self.changes.items()}
        return data


def customer_history(project: Project, customer_id: str) -> list[HistoryEvent]:
    """`history_of` on the project's database."""
    with connect(project.database_path, read_only=True) as con:
        return history_of(con, customer_id)


def history_of(con: duckdb.DuckDBPyConnection, customer_id: str) -> list[HistoryEvent]:
    """Every version and id change of one customer, oldest first."""
    for table in ("customers_history", "customer_id_history"):
        if not table_exists(con, "main", table):
            raise StateError(f"no main.{table} yet: run `syncctl build` first")
    events = _versions(con, customer_id) + _id_changes(con, customer_id)
    if not events:
        raise StateError(
            f"no customer {customer_id!r} in customers_history (customer ids look like cus_0123456789abcdef)"
        )
    order = {"id": 0, "version": 1, "closed": 2}  # within a run: the id change, then what it did to the record
    return sorted(events, key=lambda event: (event.at, order[event.kind]))


def _versions(con: duckdb.DuckDBPyConnection, customer_id: str) -> list[HistoryEvent]:
    columns = ", ".join(GOLDEN_COLUMNS)
    rows = con.execute(
        f"select valid_from, valid_to, is_current, change_type, run_id, {columns} "
        f"from main.customers_history where customer_id = ? order by valid_from, valid_to nulls last",
        [customer_id],
    ).fetchall()
    events: list[HistoryEvent] = []
    previous: dict[str, Any] | None = None
    for valid_from, valid_to, is_current, change_type, run_id, *values in rows:
        golden = dict(zip(GOLDEN_COLUMNS, values, strict=True))
        if change_type in ("insert", "update"):
            before = previous or {}
            changes = {name: (before.get(name), value) for name, value in golden.items() if before.get(name) != value}
            until = "current" if is_current else f"until {valid_to:%Y-%m-%d %H:%M:%S}"
            detail = f"version ({until}): " + (
                ", ".join(f"{name} {_show(old)} -> {_show(new)}" for name, (old, new) in changes.items())
                if previous
                else f"{sum(value is not None for value in golden.values())} fields filled"
            )
            events.append(HistoryEvent(valid_from, run_id, "version", change_type, detail, bool(is_current), changes))
            previous = golden
        else:
            reasons = {
                "merge": "closed: its records now belong to another customer",
                "detach": "closed: its last records were deleted by a source with on_delete: detach "
                "(the targets keep it)",
                "delete": "closed: none of its records is left (deleted upstream or rejected)",
            }
            events.append(HistoryEvent(valid_from, run_id, "closed", change_type, reasons.get(change_type, "closed")))
    return events


def _id_changes(con: duckdb.DuckDBPyConnection, customer_id: str) -> list[HistoryEvent]:
    rows = con.execute(
        f"select coalesce(runs.started_at, timestamp '1970-01-01'), changes.run_id, changes.event, "
        f"changes.old_id, changes.new_id, changes.records "
        f"from main.customer_id_history as changes "
        f"left join {STATE_SCHEMA}.runs as runs on changes.run_id = runs.run_id "
        f"where ? in (changes.old_id, changes.new_id)",
        [customer_id],
    ).fetchall()
    events = []
    for at, run_id, event, old_id, new_id, records in rows:
        moved = f"{records} record{'s' if records != 1 else ''}"
        if event == "merge":
            detail = (
                f"merged into {new_id} ({moved})" if old_id == customer_id else f"{old_id} merged into it ({moved})"
            )
        elif event == "split":
            detail = f"split: {moved} became {new_id}" if old_id == customer_id else f"split off {old_id} ({moved})"
        else:
            detail = f"deleted: none of its {moved} belongs to a customer"
        events.append(HistoryEvent(at, run_id, "id", event, detail))
    return events


def _show(value: Any) -> str:
    return "∅" if value is None else repr(str(value))
