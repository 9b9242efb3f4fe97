"""Identity resolution over runs: ids that never drift, their history, and the over-merge guards."""

from __future__ import annotations

import pytest
import yaml

from syncctl.build import run_build
from syncctl.errors import BuildError
from syncctl.project import Project
from tests.conftest import REPO_ROOT, write_marketing_parquet, write_sales_csv, write_service_jsonl

pytestmark = pytest.mark.integration


def query(project, sql):
    import duckdb

    with duckdb.connect(str(project.database_path), read_only=True) as con:
        return con.execute(sql).fetchall()


def customer_of(project, key):
    [(customer_id,)] = query(project, f"select customer_id from customer_xref where source_record_key = '{key}'")
    return customer_id


def configure(small_project, **matching):
    config = yaml.safe_load(small_project.read_text())
    config.setdefault("matching", {}).update(matching)
    for source in config["sources"].values():
        source["max_reject_ratio"] = 1.0
    small_project.write_text(yaml.safe_dump(config, sort_keys=False))  # source order decides landing order
    return Project.load(REPO_ROOT, small_project)


def test_a_customer_keeps_its_id_when_it_gains_records(small_project):
    project = configure(small_project)
    run_build(project)
    john = customer_of(project, "sales:A1")
    write_service_jsonl(
        small_project.parent / "data" / "service" / "contacts_2.jsonl",
        [
            {
                "contact_id": 7,
                "name": {"given": "John", "family": "Smith"},
                "email": "john.smith@example.com",
                "modified_at": "2026-06-01T00:00:00Z",
            }
        ],
    )

    run_build(project)

    assert customer_of(project, "service:7") == john
    assert customer_of(project, "sales:A1") == john
    assert query(project, "select old_id, new_id, event from customer_id_history") == []


def test_a_split_keeps_the_id_with_the_oldest_member_and_records_the_new_one(small_project):
    project = configure(small_project)
    data = small_project.parent / "data"
    write_marketing_parquet(
        data / "marketing" / "leads_2.parquet",
        [
            {
                "lead_id": "L9",
                "fname": "Peter",
                "lname": "Parker",
                "phone": "+1 312 555 0182",
                "email": "peter@work.example",
            }
        ],
    )
    bridge = {
        "contact_id": 5,
        "name": {"given": "Peter", "family": "Parker"},
        "email": "peter@home.example",
        "phone": "312-555-0182",
        "modified_at": "2026-01-01T00:00:00Z",
    }
    write_sales_csv(
        data / "sales" / "accounts_2.csv",
        [{"account_id": "A5", "first_name": "Peter", "last_name": "Parker", "email": "peter@home.example"}],
    )
    write_service_jsonl(data / "service" / "contacts_2.jsonl", [bridge])
    run_build(project)
    peter = customer_of(project, "sales:A5")
    assert customer_of(project, "marketing:L9") == customer_of(project, "service:5") == peter

    write_service_jsonl(data / "service" / "contacts_3.jsonl", [bridge | {"phone": None, "modified_at": "2026-02-01"}])
    run_build(project)

    assert customer_of(project, "sales:A5") == peter  # the part with the oldest member keeps the id
    split_off = customer_of(project, "marketing:L9")
    assert split_off != peter
    assert query(project, "select old_id, new_id, event from customer_id_history") == [(peter, split_off, "split")]


def test_a_merge_keeps_the_oldest_id_and_records_the_other(small_project):
    project = configure(small_project)
    data = small_project.parent / "data"
    write_marketing_parquet(
        data / "marketing" / "leads_2.parquet",
        [{"lead_id": "L2", "email": "jsmith@work.example", "fname": "John", "lname": "Smith"}],
    )
    run_build(project)
    older, younger = customer_of(project, "sales:A1"), customer_of(project, "marketing:L2")
    write_service_jsonl(
        data / "service" / "contacts_2.jsonl",
        [
            {
                "contact_id": 2,
                "name": {"given": "John", "family": "Smith"},
                "email": "jsmith@work.example",
                "phone": "212-555-0147",
                "modified_at": "2026-05-01T00:00:00Z",
            }
        ],
    )

    run_build(project)

    assert customer_of(project, "marketing:L2") == customer_of(project, "sales:A1") == older
    assert query(project, "select old_id, new_id, event, records from customer_id_history") == [
        (younger, older, "merge", 1)
    ]
    # the evidence holds every accepted link, each with the customer its records belong to now
    evidence = query(
        project,
        "select source_record_key_a, source_record_key_b, customer_id from customer_match_evidence order by all",
    )
    linked = "select source_record_key_a, source_record_key_b from intermediate.int_match_pairs_scored where is_linked"
    assert [(a, b) for a, b, _ in evidence] == query(project, linked + " order by all")
    assert {key for a, b, _ in evidence for key in (a, b)} >= {"sales:A1", "marketing:L2", "service:2"}
    for key_a, key_b, customer_id in evidence:
        assert customer_id == customer_of(project, key_a) == customer_of(project, key_b)


def test_a_customer_whose_records_are_all_gone_is_a_delete(small_project):
    project = configure(small_project)
    data = small_project.parent / "data"
    write_sales_csv(
        data / "sales" / "accounts_2.csv",
        [{"account_id": "A3", "first_name": "Solo", "last_name": "Person", "email": "solo@example.com"}],
    )
    run_build(project)
    solo = customer_of(project, "sales:A3")
    duplicate = {"account_id": "A3", "first_name": "Solo", "last_name": "Person", "email": "solo@example.com"}
    write_sales_csv(data / "sales" / "accounts_3.csv", [duplicate, duplicate | {"email": "solo2@example.com"}])

    summary = run_build(project)

    assert query(project, "select old_id, new_id, event from customer_id_history") == [(solo, None, "delete")]
    assert summary.exports[0].deletes == 1


def test_a_blocking_rule_over_its_pair_limit_stops_the_build_and_names_the_rule(small_project):
    project = configure(small_project, max_pairs_per_blocking_rule=1)
    write_sales_csv(
        small_project.parent / "data" / "sales" / "accounts_2.csv",
        [
            {"account_id": f"B{i}", "first_name": "Ann", "last_name": "Lee", "email": "shared@example.com"}
            for i in range(3)
        ],
    )

    with pytest.raises(BuildError) as error:
        run_build(project)

    assert "assert_blocking_rules_within_pair_limit found" in str(error.value)
    assert "blocking_rule=email, candidate_pairs=5, max_pairs=1" in str(error.value)
    assert query(project, "select count(*) from syncctl_state.exports") == [(0,)]


def test_namesakes_of_one_postcode_are_candidates_only_when_their_first_initials_agree(small_project):
    project = configure(small_project)
    write_sales_csv(
        small_project.parent / "data" / "sales" / "accounts_2.csv",
        [
            {"account_id": account, "first_name": first, "last_name": "Okafor", "billing_postcode": "60614"}
            for account, first in [("N1", "Ann"), ("N2", "Anne"), ("N3", "Bob")]
        ],
    )

    run_build(project)

    pairs = query(
        project,
        "select source_record_key_a, source_record_key_b, blocking_rules from intermediate.int_match_pairs_scored "
        "where source_record_key_a like 'sales:N%' order by all",
    )
    assert pairs == [("sales:N1", "sales:N2", ["last_name_initial_postcode"])]


def test_an_oversized_cluster_fails_naming_the_cluster_and_its_weakest_link(small_project):
    project = configure(small_project, max_cluster_size=2)
    write_service_jsonl(
        small_project.parent / "data" / "service" / "contacts_2.jsonl",
        [
            {"contact_id": number, "name": {"given": "John", "family": "Smith"}, "email": "john.smith@example.com"}
            for number in (7, 8)
        ],
    )

    with pytest.raises(BuildError) as error:
        run_build(project)

    message = str(error.value)
    assert "assert_no_cluster_over_max_size found 1 failing row(s)" in message
    assert "cluster_size=" in message and "weakest_link=" in message


def test_a_link_held_by_a_generic_value_fails(small_project):
    project = configure(small_project, max_key_group_size=2)
    write_sales_csv(
        small_project.parent / "data" / "sales" / "accounts_2.csv",
        [
            {
                "account_id": f"G{i}",
                "first_name": name,
                "last_name": "Lee",
                "email": "family@example.com",
                "phone": phone,
            }
            for i, (name, phone) in enumerate([("John", "212 555 0123"), ("John", "212 555 0123"), ("Mary", "")])
        ],
    )

    with pytest.raises(BuildError) as error:
        run_build(project)

    assert "assert_no_cluster_glued_by_a_generic_value found" in str(error.value)
    assert "generic_value=family@example.com" in str(error.value)


def test_two_people_chained_by_a_third_record_are_clustered_again_from_strong_links(small_project):
    project = configure(small_project, match_probability=0.01, strong_link_probability=0.9999999)
    write_sales_csv(
        small_project.parent / "data" / "sales" / "accounts_2.csv",
        [
            {
                "account_id": "M1",
                "first_name": "Mary",
                "last_name": "Davis",
                "email": "mary@example.com",
                "birth_date": "1947-08-12",
            },
            {
                "account_id": "M2",
                "first_name": "Mark",
                "last_name": "Davis",
                "email": "mark@example.com",
                "phone": "312 555 0182",
                "birth_date": "1940-09-25",
            },
            {
                "account_id": "M3",
                "first_name": "Mary",
                "last_name": "Davis",
                "email": "mary@example.com",
                "phone": "312 555 0182",
            },
        ],
    )

    run_build(project)

    assert query(
        project,
        "select cannot_link_reason from intermediate.int_match_pairs_scored where match_pair_id = 'sales:M1|sales:M2'",
    ) in ([], [("different_date_of_birth",)])
    assert query(
        project, "select is_linked from intermediate.int_match_pairs_scored where match_pair_id = 'sales:M2|sales:M3'"
    ) == [(True,)]
    assert customer_of(project, "sales:M1") == customer_of(project, "sales:M3")
    assert customer_of(project, "sales:M2") != customer_of(project, "sales:M1")
