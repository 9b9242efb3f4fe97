"""Pairwise precision and recall of the clustering against a ground-truth file.

The truth file is a CSV with `source,source_record_id,person_id`: which source records are the same
real person. A pair of records is a true positive when both the truth and `customer_xref` put them
together. Only records present in both are compared; rejected records are counted separately.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from syncctl.database import connect, quote_literal, table_exists
from syncctl.errors import ConfigError, StateError

if TYPE_CHECKING:
    import duckdb

    from syncctl.project import Project

TRUTH_COLUMNS = ("source", "source_record_id", "person_id")


@dataclass(frozen=True)
class Scores:
    records_compared: int
    records_not_in_xref: int
    true_pairs: int
    predicted_pairs: int
    true_positive_pairs: int
    true_clusters: int
    predicted_clusters: int

    @property
    def precision(self) -> float:
        return self.true_positive_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.true_positive_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"precision": self.precision, "recall": self.recall, "f1": self.f1}


def evaluate(project: Project, truth: Path) -> Scores:
    """Score the last build's clustering (the project's database) against the truth file."""
    check_truth_file(truth)
    with connect(project.database_path, read_only=True) as con:
        if not table_exists(con, "main", "customer_xref"):
            raise StateError("no customer_xref yet: run `syncctl build` first")
        return pairwise_scores(con, truth)


def check_truth_file(truth: Path) -> None:
    """`ConfigError` naming the file when it is missing, unreadable or lacks one of `TRUTH_COLUMNS`."""
    import duckdb

    if not truth.is_file():
        raise ConfigError(f"{truth}: truth file not found")
    try:
        with duckdb.connect() as con:
            cursor = con.execute(
                f"select * from read_csv({quote_literal(str(truth))}, header = true, all_varchar = true) limit 0"
            )
            columns = [column[0] for column in cursor.description]
    except duckdb.Error as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ConfigError(f"{truth}: cannot read the truth file as CSV ({first_line})") from None
    for column in TRUTH_COLUMNS:
        if column not in columns:
            raise ConfigError(
                f"{truth}: the truth file has no column {column!r}; expected a header with "
                f"{','.join(TRUTH_COLUMNS)} (found: {','.join(columns)})"
            )


def pairwise_scores(con: duckdb.DuckDBPyConnection, truth: Path) -> Scores:
    """Score `main.customer_xref` against the truth file."""
    check_truth_file(truth)
    row = con.execute(
        f"""
        with
        truth as (
            select source, source_record_id, person_id
            from read_csv({quote_literal(str(truth))}, header = true, all_varchar = true)
        ),
        joined as (
            select truth.person_id, xref.customer_id
            from truth
            inner join main.customer_xref as xref
                on truth.source = xref.source and truth.source_record_id = xref.source_record_id
        ),
        by_person as (select count(*) as n from joined group by person_id),
        by_customer as (select count(*) as n from joined group by customer_id),
        by_both as (select count(*) as n from joined group by person_id, customer_id)
        select
            (select count(*) from joined),
            (select count(*) from truth) - (select count(*) from joined),
            (select coalesce(sum(n * (n - 1) / 2), 0) from by_person),
            (select coalesce(sum(n * (n - 1) / 2), 0) from by_customer),
            (select coalesce(sum(n * (n - 1) / 2), 0) from by_both),
            (select count(*) from by_person),
            (select count(*) from by_customer)
        """
    ).fetchone()
    assert row is not None
    return Scores(*(int(value) for value in row))
