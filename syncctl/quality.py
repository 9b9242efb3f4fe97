"""Data quality read-outs: rejected records, the per-source reject-ratio guard, and field profiles."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from syncctl.canonical import CANONICAL_COLUMNS
from syncctl.errors import BuildError, ConfigError, StateError

if TYPE_CHECKING:
    import duckdb

    from syncctl.config import LoadedConfig


@dataclass(frozen=True)
class RejectRatio:
    source: str
    records: int
    rejected: int

    @property
    def ratio(self) -> float:
        return self.rejected / self.records if self.records else 0.0


def reject_ratios(con: duckdb.DuckDBPyConnection) -> dict[str, RejectRatio]:
    """Per source: current records (accepted + rejected) and how many were rejected."""
    rows = con.execute(
        """
        select source, sum(accepted) + sum(rejected), sum(rejected)
        from (
            select source, count(*) as accepted, 0 as rejected from main.customer_xref group by source
            union all
            select source, 0, count(*) from main.customer_rejects group by source
        )
        group by source
        """
    ).fetchall()
    return {source: RejectRatio(source, int(records), int(rejected)) for source, records, rejected in rows}


def check_reject_ratios(con: duckdb.DuckDBPyConnection, loaded: LoadedConfig) -> dict[str, RejectRatio]:
    """Raise `BuildError` for the first source whose share of rejected records exceeds its limit."""
    ratios = reject_ratios(con)
    for name, source in loaded.config.sources.items():
        ratio = ratios.get(name)
        if ratio and ratio.ratio > source.max_reject_ratio:
            raise BuildError(
                f"source {name}: {ratio.ratio:.1%} of records rejected ({ratio.rejected:,} of {ratio.records:,}), "
                f"above max_reject_ratio {source.max_reject_ratio:.1%}; nothing was exported. "
                f"See `syncctl rejects --source {name}`, fix the extract or raise sources.{name}.max_reject_ratio"
            )
    return ratios


def list_rejects(
    con: duckdb.DuckDBPyConnection,
    source: str | None = None,
    rule: str | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Rejected rows, newest batch first, optionally for one source and/or rule."""
    _require_table(con, "customer_rejects")
    conditions, parameters = [], []
    if source:
        conditions.append("source = ?")
        parameters.append(source)
    if rule:
        conditions.append("reject_reason = ?")
        parameters.append(rule)
    where = f"where {' and '.join(conditions)}" if conditions else ""
    limit_clause = f"limit {int(limit)}" if limit else ""
    cursor = con.execute(
        f"select source, source_record_id, batch_id, source_file, source_row_number, reject_reason, "
        f"rejected_field, rejected_value, raw_record from main.customer_rejects {where} "
        f"order by batch_id desc, source, source_row_number {limit_clause}",
        parameters,
    )
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


@dataclass
class FieldProfile:
    source: str
    field: str
    records: int
    filled: int
    valid_as_landed: int
    valid_after_cleansing: int
    distinct_values: int
    top_values: list[tuple[str, int]] = field(default_factory=list)

    def rate(self, count: int) -> float:
        return count / self.records if self.records else 0.0

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["fill_rate"] = self.rate(self.filled)
        data["valid_as_landed_rate"] = self.rate(self.valid_as_landed)
        data["valid_after_cleansing_rate"] = self.rate(self.valid_after_cleansing)
        return data


def profile(con: duckdb.DuckDBPyConnection, loaded: LoadedConfig, source: str | None = None) -> list[FieldProfile]:
    """Per source and field: fill rate, validity before and after cleansing, distinct and top values."""
    if source is not None and source not in loaded.config.sources:
        raise ConfigError(f"no source {source!r} in {loaded.path.name} (sources: {', '.join(loaded.config.sources)})")
    _require_table(con, "source_field_profiles")
    where, parameters = ("where source = ?", [source]) if source else ("", [])
    rows = con.execute(
        f"select source, field, records, filled, valid_as_landed, valid_after_cleansing, distinct_values "
        f"from main.source_field_profiles {where} order by source, field_position",
        parameters,
    ).fetchall()
    profiles = [FieldProfile(*row) for row in rows]
    top = _top_values(con, source)
    for item in profiles:
        item.top_values = top.get((item.source, item.field), [])
    return profiles


def _top_values(con: duckdb.DuckDBPyConnection, source: str | None, per_field: int = 3) -> dict:
    columns = ", ".join(f"cast({column} as varchar) as {column}" for column in CANONICAL_COLUMNS)
    where, parameters = ("where source = ?", [source]) if source else ("", [])
    rows = con.execute(
        f"""
        with landed as (select source, {columns} from intermediate.int_source_records_current {where}),
        long as (unpivot landed on columns(* exclude (source)) into name field value value),
        counted as (
            select source, field, value, count(*) as n,
                row_number() over (partition by source, field order by count(*) desc, value) as position
            from long group by source, field, value
        )
        select source, field, value, n from counted where position <= {per_field} order by source, field, position
        """,
        parameters,
    ).fetchall()
    top: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for row_source, field_name, value, count in rows:
        top.setdefault((row_source, field_name), []).append((value, int(count)))
    return top


def _require_table(con: duckdb.DuckDBPyConnection, name: str) -> None:
    row = con.execute(
        "select count(*) from information_schema.tables where table_schema = 'main' and table_name = ?", [name]
    ).fetchone()
    if not row or not row[0]:
        raise StateError(f"no {name} yet: run `syncctl build` first")
