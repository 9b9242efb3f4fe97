"""Why records were merged, or not: the evidence behind a customer, and behind one pair of records.

Reads what the last build left: `customer_match_evidence` for the accepted links, `int_match_pairs_scored`
for every candidate pair, `int_blocking_keys_generated` for the keys that make pairs, and
`int_source_records_validated` for each record's values and quarantine reason.
"""

from __future__ import annotations

from collections import deque
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from syncctl.database import connect, quote_identifier, table_columns, table_exists
from syncctl.errors import ConfigError, StateError

if TYPE_CHECKING:
    import duckdb

    from syncctl.config import LoadedConfig
    from syncctl.project import Project

RECORD_FIELDS = ("first_name", "last_name", "email", "phone", "date_of_birth", "postcode")
NOT_GOLDEN = ("customer_id", "customer_hash")


@dataclass(frozen=True)
class ComparisonResult:
    """One comparison of a pair: the agreement level reached ('exact', 'jaro_winkler >= 0.92', 'else',
    'missing') and the match weight it added."""

    name: str
    level: str
    weight: float


@dataclass(frozen=True)
class Record:
    """A landed source record: accepted (with its customer) or rejected (with the rule it failed)."""

    key: str
    source: str
    source_record_id: str
    values: dict[str, Any]
    customer_id: str | None = None
    reject_reason: str | None = None
    rejected_field: str | None = None
    rejected_value: str | None = None

    @property
    def accepted(self) -> bool:
        return self.reject_reason is None

    def status(self) -> str:
        if self.accepted:
            return f"accepted, customer {self.customer_id}"
        detail = f" ({self.rejected_field} = {self.rejected_value!r})" if self.rejected_field else ""
        return f"rejected: {self.reject_reason}{detail}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"accepted": self.accepted}


@dataclass(frozen=True)
class Link:
    """An accepted link between two records (a < b) and its evidence."""

    key_a: str
    key_b: str
    linked_by: str
    link_rule: str | None
    match_probability: float
    match_weight: float
    prior_weight: float
    blocking_rules: list[str]
    comparisons: list[ComparisonResult]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class CustomerExplanation:
    customer_id: str
    golden: dict[str, Any]
    records: list[Record]
    links: list[Link]

    def to_dict(self) -> dict[str, Any]:
        return {
            "customer_id": self.customer_id,
            "golden": self.golden,
            "records": [record.to_dict() for record in self.records],
            "links": [link.to_dict() for link in self.links],
        }


@dataclass(frozen=True)
class PairScore:
    """The evidence of a candidate pair, linked or not."""

    blocking_rules: list[str]
    comparisons: list[ComparisonResult]
    prior_weight: float
    match_weight: float
    match_probability: float
    link_rule: str | None
    cannot_link_reason: str | None
    is_linked: bool


@dataclass(frozen=True)
class BlockingKeys:
    """One blocking rule: each record's key under it (None: a column is missing) and how many records share it."""

    rule: str
    key_a: str | None
    key_b: str | None
    group_size_a: int | None
    group_size_b: int | None
    is_generic: bool
    rule_over_pair_limit: bool

    @property
    def shared(self) -> bool:
        return self.key_a is not None and self.key_a == self.key_b


@dataclass
class PairExplanation:
    key_a: str
    key_b: str
    record_a: Record
    record_b: Record
    threshold: float
    score: PairScore | None = None
    blocking_keys: list[BlockingKeys] = field(default_factory=list)
    same_customer: bool | None = None
    path: list[str] = field(default_factory=list)

    @property
    def is_candidate(self) -> bool:
        return self.score is not None

    def verdict(self) -> str:
        """One sentence: linked or not, and why."""
        rejected = [record for record in (self.record_a, self.record_b) if not record.accepted]
        if rejected:
            return "; ".join(f"{record.key} was rejected ({record.reject_reason})" for record in rejected) + (
                ", so it is matched with nothing" if len(rejected) == 1 else ", so they are matched with nothing"
            )
        together = self._together()
        score = self.score
        if score is None:
            return f"not a candidate pair: {self._why_not_blocked()}{together}"
        if score.cannot_link_reason:
            return (
                f"not linked: cannot-link rule {score.cannot_link_reason}, whatever the match probability "
                f"({score.match_probability:.4f}){together}"
            )
        if score.link_rule:
            return f"linked by link rule {score.link_rule}{together}"
        comparison = ">=" if score.is_linked else "below"
        state = "linked" if score.is_linked else "not linked"
        return (
            f"{state}: match probability {score.match_probability:.4f} {comparison} "
            f"threshold {self.threshold}{together}"
        )

    def _together(self) -> str:
        if not self.same_customer:
            return "; they are different customers"
        if self.score is not None and self.score.is_linked:
            return f"; same customer {self.record_a.customer_id}"
        via = f" ({' - '.join(self.path)})" if self.path else ""
        return f"; same customer {self.record_a.customer_id} through other records{via}"

    def _why_not_blocked(self) -> str:
        shared = [keys for keys in self.blocking_keys if keys.shared]
        if not shared:
            return "no blocking rule gives them the same key"
        reasons = []
        for keys in shared:
            if keys.is_generic:
                reasons.append(f"{keys.rule} key is generic (shared by {keys.group_size_a} records)")
            elif keys.rule_over_pair_limit:
                reasons.append(f"{keys.rule} makes more pairs than max_pairs_per_blocking_rule and was skipped")
        detail = f" ({'; '.join(reasons)})" if reasons else ""
        return f"no blocking rule gives them the same non-generic key{detail}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "key_a": self.key_a,
            "key_b": self.key_b,
            "records": [self.record_a.to_dict(), self.record_b.to_dict()],
            "is_candidate": self.is_candidate,
            "threshold": self.threshold,
            "score": asdict(self.score) if self.score else None,
            "blocking_keys": [asdict(keys) | {"shared": keys.shared} for keys in self.blocking_keys],
            "same_customer": self.same_customer,
            "path": self.path,
            "verdict": self.verdict(),
        }


def customer_explanation(project: Project, customer_id: str) -> CustomerExplanation:
    """`explain_customer` on the project's database."""
    with connect(project.database_path, read_only=True) as con:
        return explain_customer(con, project.loaded, customer_id)


def pair_explanation(project: Project, key_a: str, key_b: str) -> PairExplanation:
    """`explain_pair` on the project's database (the keys are checked before it is opened)."""
    parse_record_key(project.loaded, key_a)
    parse_record_key(project.loaded, key_b)
    with connect(project.database_path, read_only=True) as con:
        return explain_pair(con, project.loaded, key_a, key_b)


def explain_customer(con: duckdb.DuckDBPyConnection, loaded: LoadedConfig, customer_id: str) -> CustomerExplanation:
    """A customer's golden values, its member records and the links that joined them."""
    _require(con, "main", "customers", "customer_match_evidence", "customer_xref")
    _require(con, "intermediate", "int_source_records_validated")
    cursor = con.execute("select * from main.customers where customer_id = ?", [customer_id])
    names = [column[0] for column in cursor.description]
    row = cursor.fetchone()
    if row is None:
        raise StateError(_unknown_customer(con, customer_id))
    golden = {name: value for name, value in zip(names, row, strict=True) if name not in NOT_GOLDEN}
    keys = [
        key
        for (key,) in con.execute(
            "select source_record_key from main.customer_xref where customer_id = ? order by source_record_key",
            [customer_id],
        ).fetchall()
    ]
    records = _records(con, keys)
    comparisons = _comparison_names(con, loaded, "main", "customer_match_evidence")
    columns = _level_and_weight_columns(comparisons)
    rows = con.execute(
        f"select source_record_key_a, source_record_key_b, linked_by, link_rule, match_probability, match_weight, "
        f"prior_weight, blocking_rules, {columns} from main.customer_match_evidence where customer_id = ? "
        f"order by source_record_key_a, source_record_key_b",
        [customer_id],
    ).fetchall()
    links = [Link(*row[:8], comparisons=_comparison_results(comparisons, row[8:])) for row in rows]
    return CustomerExplanation(customer_id, golden, records, links)


def explain_pair(con: duckdb.DuckDBPyConnection, loaded: LoadedConfig, key_a: str, key_b: str) -> PairExplanation:
    """Whether two records were linked and why: their status, their pair's evidence, or their blocking keys."""
    parse_record_key(loaded, key_a)
    parse_record_key(loaded, key_b)
    if key_a == key_b:
        raise ConfigError(f"--pair: give two different records (both are {key_a})")
    key_a, key_b = sorted((key_a, key_b))
    _require(con, "main", "customer_xref", "customer_match_evidence")
    _require(
        con, "intermediate", "int_source_records_validated", "int_match_pairs_scored", "int_blocking_keys_generated"
    )
    record_a, record_b = _records(con, [key_a, key_b])
    explanation = PairExplanation(key_a, key_b, record_a, record_b, loaded.config.matching.match_probability)
    if not (record_a.accepted and record_b.accepted):
        return explanation
    explanation.score = _pair_score(con, loaded, key_a, key_b)
    explanation.blocking_keys = _blocking_keys(con, loaded, key_a, key_b)
    explanation.same_customer = record_a.customer_id == record_b.customer_id
    if explanation.same_customer and not (explanation.score and explanation.score.is_linked):
        explanation.path = _link_path(con, record_a.customer_id, key_a, key_b)
    return explanation


def parse_record_key(loaded: LoadedConfig, key: str) -> tuple[str, str]:
    """`sales:A0001234` -> ('sales', 'A0001234'); `ConfigError` when malformed or the source is unknown."""
    source, separator, record_id = key.partition(":")
    if not separator or not source or not record_id:
        raise ConfigError(f"{key!r} is not a record key: expected SOURCE:ID, e.g. sales:A0001234")
    if source not in loaded.config.sources:
        raise ConfigError(
            f"{key!r}: no source {source!r} in {loaded.path.name} (sources: {', '.join(loaded.config.sources)})"
        )
    return source, record_id


def _records(con: duckdb.DuckDBPyConnection, keys: list[str]) -> list[Record]:
    """The records with these keys (`source:id`), in order, accepted or rejected; `StateError` for an unknown one."""
    rows = con.execute(
        f"""
        select
            records.source || ':' || records.source_record_id as record_key,
            records.source,
            records.source_record_id,
            xref.customer_id,
            records.reject_reason,
            records.rejected_field,
            records.rejected_value,
            {", ".join(f"records.{name}" for name in RECORD_FIELDS)}
        from intermediate.int_source_records_validated as records
        left join main.customer_xref as xref
            on records.source_record_key = xref.source_record_key
        where records.source || ':' || records.source_record_id in (select unnest(?::varchar[]))
        qualify row_number() over (partition by record_key order by records.reject_reason nulls first) = 1
        """,
        [keys],
    ).fetchall()
    found = {}
    for key, source, record_id, customer_id, reason, rejected_field, rejected_value, *values in rows:
        values_by_field = dict(zip(RECORD_FIELDS, values, strict=True))
        found[key] = Record(
            key, source, record_id, values_by_field, customer_id, reason, rejected_field, rejected_value
        )
    for key in keys:
        if key not in found:
            raise StateError(f"no record {key} in the database: it was not landed, or the id is mistyped")
    return [found[key] for key in keys]


def _pair_score(con: duckdb.DuckDBPyConnection, loaded: LoadedConfig, key_a: str, key_b: str) -> PairScore | None:
    comparisons = _comparison_names(con, loaded, "intermediate", "int_match_pairs_scored")
    columns = _level_and_weight_columns(comparisons)
    row = con.execute(
        f"select blocking_rules, prior_weight, match_weight, match_probability, link_rule, cannot_link_reason, "
        f"is_linked, {columns} from intermediate.int_match_pairs_scored "
        f"where source_record_key_a = ? and source_record_key_b = ?",
        [key_a, key_b],
    ).fetchone()
    if row is None:
        return None
    levels = {comparison.name: comparison.levels for comparison in loaded.config.matching.comparisons}
    results = [
        ComparisonResult(result.name, _level_name(int(result.level), levels[result.name]), result.weight)
        for result in _comparison_results(comparisons, row[7:])
    ]
    return PairScore(row[0], results, *row[1:7])


def _blocking_keys(con: duckdb.DuckDBPyConnection, loaded: LoadedConfig, key_a: str, key_b: str) -> list[BlockingKeys]:
    rows = con.execute(
        "select source_record_key, blocking_rule, blocking_key, key_group_size, is_generic "
        "from intermediate.int_blocking_keys_generated where source_record_key in (?, ?)",
        [key_a, key_b],
    ).fetchall()
    found = {(record, rule): (key, size, generic) for record, rule, key, size, generic in rows}
    over_limit: set[str] = set()
    if table_exists(con, "intermediate", "int_blocking_rules_counted"):
        over_limit = {
            rule
            for (rule,) in con.execute(
                "select blocking_rule from intermediate.int_blocking_rules_counted where candidate_pairs > max_pairs"
            ).fetchall()
        }
    result = []
    for rule in loaded.config.matching.blocking_rules:
        key_a_value, size_a, generic_a = found.get((key_a, rule.name), (None, None, False))
        key_b_value, size_b, generic_b = found.get((key_b, rule.name), (None, None, False))
        result.append(
            BlockingKeys(
                rule.name,
                key_a_value,
                key_b_value,
                size_a,
                size_b,
                bool(generic_a or generic_b),
                rule.name in over_limit,
            )
        )
    return result


def _link_path(con: duckdb.DuckDBPyConnection, customer_id: str | None, start: str, goal: str) -> list[str]:
    """The shortest chain of accepted links from one record to another within their customer."""
    neighbours: dict[str, list[str]] = {}
    for a, b in con.execute(
        "select source_record_key_a, source_record_key_b from main.customer_match_evidence where customer_id = ?",
        [customer_id],
    ).fetchall():
        neighbours.setdefault(a, []).append(b)
        neighbours.setdefault(b, []).append(a)
    previous: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        if current == goal:
            path = [current]
            while (step := previous[path[-1]]) is not None:
                path.append(step)
            return path[::-1]
        for neighbour in sorted(neighbours.get(current, [])):
            if neighbour not in previous:
                previous[neighbour] = current
                queue.append(neighbour)
    return []


def _level_and_weight_columns(comparisons: list[str]) -> str:
    """The `<comparison>_level, <comparison>_weight` columns to select, in comparison order."""
    return ", ".join(
        f"{quote_identifier(name + '_level')}, {quote_identifier(name + '_weight')}" for name in comparisons
    )


def _comparison_names(con: duckdb.DuckDBPyConnection, loaded: LoadedConfig, schema: str, table: str) -> list[str]:
    """The configured comparisons, checked against the table the last build wrote."""
    columns = set(table_columns(con, schema, table))
    names = [comparison.name for comparison in loaded.config.matching.comparisons]
    missing = [name for name in names if f"{name}_level" not in columns]
    if missing:
        raise StateError(
            f"{schema}.{table} has no column {missing[0]}_level: matching.comparisons in {loaded.path.name} "
            f"changed since the last build; run `syncctl build`"
        )
    return names


def _comparison_results(names: list[str], values: tuple | list) -> list[ComparisonResult]:
    return [ComparisonResult(name, values[2 * i], values[2 * i + 1]) for i, name in enumerate(names)]


def _level_name(level: int, levels: list[str]) -> str:
    """The readable name of a level number, as `comparison_level_name` (the dbt macro) writes it."""
    if level < 0:
        return "missing"
    return levels[level] if level < len(levels) else "else"


def _unknown_customer(con: duckdb.DuckDBPyConnection, customer_id: str) -> str:
    message = f"no customer {customer_id!r} in the database"
    if table_exists(con, "main", "customer_id_history"):
        row = con.execute(
            "select event, new_id from main.customer_id_history where old_id = ? order by run_id desc limit 1",
            [customer_id],
        ).fetchone()
        if row and row[0] == "merge":
            return f"{message}: it was merged into {row[1]} (see customer_id_history); explain {row[1]}"
        if row and row[0] == "delete":
            return f"{message}: it was deleted, none of its records belongs to a customer (see customer_id_history)"
    return f"{message} (customer ids look like cus_0123456789abcdef; see the customers table)"


def _require(con: duckdb.DuckDBPyConnection, schema: str, *tables: str) -> None:
    for table in tables:
        if not table_exists(con, schema, table):
            raise StateError(f"no {schema}.{table} yet: run `syncctl build` first")
