"""`syncctl explain` and `syncctl evaluate` on the demo data: why records were merged or not, and how well."""

from __future__ import annotations

import json

import duckdb
import pytest
from typer.testing import CliRunner

from syncctl.cli import app
from syncctl.errors import ConfigError, StateError
from syncctl.explain import explain_customer, explain_pair
from syncctl.project import Project
from tests.conftest import DEMO_DIR, REPO_ROOT

pytestmark = pytest.mark.integration

runner = CliRunner()


@pytest.fixture(scope="module")
def demo_project(demo_build):
    """The project of the shared demo build."""
    project, _ = demo_build
    return project


def cli(project: Project, *args: str):
    return runner.invoke(
        app, ["--project-dir", str(REPO_ROOT), "--config", str(project.loaded.path), *args], env={"COLUMNS": "200"}
    )


def cli_json(project: Project, *args: str) -> dict:
    result = cli(project, "--json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def query(project: Project, sql: str) -> list[tuple]:
    with duckdb.connect(str(project.database_path), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_the_largest_customer_shows_all_its_records_and_the_links_between_them(demo_project):
    [(customer_id, record_count)] = query(
        demo_project, "select customer_id, source_record_count from customers order by 2 desc, 1 limit 1"
    )
    members = {
        key
        for (key,) in query(
            demo_project, f"select source_record_key from customer_xref where customer_id = '{customer_id}'"
        )
    }

    explanation = cli_json(demo_project, "explain", customer_id)

    assert record_count > 2
    assert explanation["customer_id"] == customer_id
    assert {record["key"] for record in explanation["records"]} == members
    assert all(record["customer_id"] == customer_id for record in explanation["records"])
    assert len(explanation["links"]) >= len(members) - 1
    names = [comparison.name for comparison in demo_project.loaded.config.matching.comparisons]
    for link in explanation["links"]:
        assert 0 < link["match_probability"] <= 1
        assert {link["key_a"], link["key_b"]} <= members
        assert [comparison["name"] for comparison in link["comparisons"]] == names
        assert link["linked_by"] in ("link_rule", "match_probability")
    assert explanation["golden"]["source_record_count"] == record_count

    table = cli(demo_project, "explain", customer_id)
    assert table.exit_code == 0
    assert all(key in table.stdout for key in members)
    assert f"{len(explanation['links'])} links" in table.stdout


def test_a_linked_pair_shows_its_evidence_in_either_order(demo_project):
    [(key_a, key_b, customer_id, probability)] = query(
        demo_project,
        "select source_record_key_a, source_record_key_b, customer_id, match_probability "
        "from customer_match_evidence order by match_pair_id limit 1",
    )

    explanation = cli_json(demo_project, "explain", "--pair", key_b, key_a)

    assert (explanation["key_a"], explanation["key_b"]) == (key_a, key_b)
    assert explanation["is_candidate"] and explanation["score"]["is_linked"]
    assert explanation["score"]["match_probability"] == pytest.approx(probability)
    assert explanation["same_customer"] is True
    assert [record["customer_id"] for record in explanation["records"]] == [customer_id, customer_id]
    assert explanation["verdict"].startswith("linked")
    table = cli(demo_project, "explain", "--pair", key_a, key_b)
    assert "linked" in table.stdout and "threshold" in table.stdout


def test_a_candidate_pair_kept_apart_gives_the_reason(demo_project):
    """One pair stopped by a cannot-link rule, one whose probability stayed below the threshold."""
    pairs = query(
        demo_project,
        """
        select distinct on (scored.cannot_link_reason is null)
            scored.source_record_key_a, scored.source_record_key_b, scored.cannot_link_reason
        from intermediate.int_match_pairs_scored as scored
        join customer_xref as a on scored.source_record_key_a = a.source_record_key
        join customer_xref as b on scored.source_record_key_b = b.source_record_key
        where not scored.is_linked and a.customer_id <> b.customer_id
        order by scored.cannot_link_reason is null, scored.match_pair_id
        """,
    )
    assert len(pairs) == 2
    threshold = demo_project.loaded.config.matching.match_probability

    for key_a, key_b, reason in pairs:
        explanation = cli_json(demo_project, "explain", "--pair", key_a, key_b)
        score = explanation["score"]

        assert explanation["is_candidate"] and not score["is_linked"]
        assert explanation["same_customer"] is False
        assert explanation["threshold"] == threshold
        assert score["cannot_link_reason"] == reason
        if reason:
            assert f"cannot-link rule {reason}" in explanation["verdict"]
        else:
            assert score["match_probability"] < threshold
            assert f"below threshold {threshold}" in explanation["verdict"]


def test_two_records_of_one_customer_linked_only_through_others(demo_project):
    rows = query(
        demo_project,
        """
        select a.source_record_key, b.source_record_key
        from customer_xref as a
        join customer_xref as b on a.customer_id = b.customer_id and a.source_record_key < b.source_record_key
        anti join customer_match_evidence as evidence
            on evidence.source_record_key_a = a.source_record_key and evidence.source_record_key_b = b.source_record_key
        order by 1, 2
        limit 1
        """,
    )
    if not rows:
        pytest.skip("every customer of the demo is fully linked")
    [(key_a, key_b)] = rows

    explanation = cli_json(demo_project, "explain", "--pair", key_a, key_b)

    assert explanation["same_customer"] is True
    assert "through other records" in explanation["verdict"]
    assert explanation["path"][0] == key_a and explanation["path"][-1] == key_b
    assert len(explanation["path"]) >= 3


def test_two_unrelated_records_are_not_a_candidate_pair(demo_project):
    [(key_a, key_b)] = query(
        demo_project,
        """
        with keys as (select * from intermediate.int_blocking_keys_generated)
        select a.source_record_key, b.source_record_key
        from customer_xref as a
        join customer_xref as b on a.source_record_key < b.source_record_key
        where a.source = 'sales' and b.source = 'service'
            and not exists (
                select 1 from keys as ka join keys as kb using (blocking_rule, blocking_key)
                where ka.source_record_key = a.source_record_key and kb.source_record_key = b.source_record_key
            )
        order by 1, 2
        limit 1
        """,
    )

    explanation = cli_json(demo_project, "explain", "--pair", key_a, key_b)

    assert explanation["is_candidate"] is False and explanation["score"] is None
    assert explanation["verdict"].startswith("not a candidate pair")
    rules = [rule.name for rule in demo_project.loaded.config.matching.blocking_rules]
    assert [keys["rule"] for keys in explanation["blocking_keys"]] == rules
    assert not any(keys["shared"] for keys in explanation["blocking_keys"])
    assert any(keys["key_a"] for keys in explanation["blocking_keys"])
    table = cli(demo_project, "explain", "--pair", key_a, key_b)
    assert "not a candidate pair" in table.stdout and "blocking rule" in table.stdout


def test_a_rejected_record_says_why(demo_project):
    [(source, record_id, reason)] = query(
        demo_project,
        "select source, source_record_id, reject_reason from customer_rejects "
        "where source_record_id is not null order by 1, 2 limit 1",
    )
    [(accepted,)] = query(demo_project, "select min(source_record_key) from customer_xref")

    explanation = cli_json(demo_project, "explain", "--pair", f"{source}:{record_id}", accepted)

    rejected = next(record for record in explanation["records"] if record["key"] == f"{source}:{record_id}")
    assert rejected["accepted"] is False and rejected["reject_reason"] == reason
    assert f"was rejected ({reason})" in explanation["verdict"]


def test_the_core_functions_raise_errors_a_user_can_act_on(demo_project):
    with duckdb.connect(str(demo_project.database_path), read_only=True) as con:
        with pytest.raises(StateError, match="no customer 'cus_missing'"):
            explain_customer(con, demo_project.loaded, "cus_missing")
        with pytest.raises(ConfigError, match="no source 'crm'"):
            explain_pair(con, demo_project.loaded, "crm:1", "sales:A0000001")
        with pytest.raises(ConfigError, match="two different records"):
            explain_pair(con, demo_project.loaded, "sales:A0000001", "sales:A0000001")


@pytest.mark.parametrize(
    ("args", "exit_code", "message"),
    [
        (["explain", "cus_doesnotexist"], 1, "no customer 'cus_doesnotexist'"),
        (["explain", "--pair", "A0000001", "sales:A0000002"], 2, "'A0000001' is not a record key: expected SOURCE:ID"),
        (["explain", "--pair", "sales:A0000001", "sales:NOPE"], 1, "no record sales:NOPE"),
        (["explain"], 2, "give a CUSTOMER_ID or --pair"),
        (["explain", "cus_x", "--pair", "sales:A0000001", "sales:A0000002"], 2, "give a CUSTOMER_ID or --pair"),
    ],
)
def test_explain_errors_are_one_line(demo_project, args, exit_code, message):
    result = cli(demo_project, *args)

    assert result.exit_code == exit_code
    assert message in result.stderr
    assert result.stderr.strip().count("\n") == 0


def test_evaluate_scores_the_demo_against_its_truth(demo_project):
    truth = DEMO_DIR / "truth.csv"

    scores = cli_json(demo_project, "evaluate", "--truth", str(truth))

    assert scores["records_compared"] > 2000
    assert scores["precision"] >= 0.98, scores
    assert scores["recall"] >= 0.95, scores
    assert scores["true_positive_pairs"] <= min(scores["true_pairs"], scores["predicted_pairs"])
    table = cli(demo_project, "evaluate", "--truth", str(truth))
    assert table.exit_code == 0
    assert "F1" in table.stdout and "precision" in table.stdout and "recall" in table.stdout


def test_evaluate_with_a_truth_file_lacking_person_id_names_the_file(demo_project, tmp_path):
    truth = tmp_path / "truth.csv"
    truth.write_text("source,source_record_id,person\nsales,A0000001,P1\n")

    result = cli(demo_project, "evaluate", "--truth", str(truth))

    assert result.exit_code == 2
    assert str(truth) in result.stderr and "person_id" in result.stderr
    assert result.stderr.strip().count("\n") == 0


def test_evaluate_with_a_missing_truth_file(demo_project, tmp_path):
    result = cli(demo_project, "evaluate", "--truth", str(tmp_path / "nope.csv"))

    assert result.exit_code == 2
    assert "nope.csv: truth file not found" in result.stderr
