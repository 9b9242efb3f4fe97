"""Sync strategies, deletes and SCD2 history over several builds (issue 5)."""

from __future__ import annotations

import json

import pytest

from syncctl.build import run_build, run_dbt
from syncctl.errors import BuildError
from tests.conftest import REPO_ROOT
from tests.sync_sources import SyncProject, query

pytestmark = pytest.mark.integration

ANNA = {
    "id": "1",
    "first_name": "Anna",
    "last_name": "Berg",
    "email": "anna.berg@example.com",
    "birth_date": "1980-03-04",
    "street": "1 Elm St",
    "city": "Boston",
    "updated_at": "2026-01-01 00:00:00",
}
BOB = {
    "id": "2",
    "first_name": "Bob",
    "last_name": "Stone",
    "email": "bob.stone@example.com",
    "birth_date": "1975-07-08",
    "street": "2 Oak St",
    "city": "Denver",
    "updated_at": "2026-01-01 00:00:00",
}
CARL = {
    "id": "3",
    "first_name": "Carl",
    "last_name": "Nash",
    "email": "carl.nash@example.com",
    "birth_date": "1990-11-12",
    "street": "3 Ash St",
    "city": "Austin",
    "updated_at": "2026-01-01 00:00:00",
}


@pytest.fixture
def sync(tmp_path):
    project = SyncProject(tmp_path)
    return project


def build(sync: SyncProject):
    return run_build(sync.write_config())


def customer_of(sync, key):
    rows = query(sync.write_config(), f"select customer_id from customer_xref where source_record_key = '{key}'")
    return rows[0][0] if rows else None


def latest_export(sync) -> dict:
    runs = sorted((sync.root / "exports").iterdir())
    return json.loads((runs[-1] / "manifest.json").read_text())


def history(sync, customer_id):
    return query(
        sync.write_config(),
        f"select change_type, is_current, city from customers_history where customer_id = '{customer_id}' "
        f"order by valid_from, valid_to nulls last",
    )


def test_a_record_missing_from_the_newest_full_snapshot_is_deleted_end_to_end(sync):
    sync.write_batch("sales", [ANNA, BOB])
    sync.write_batch("service", [])
    sync.write_batch("marketing", [])
    build(sync)
    bob = customer_of(sync, "sales:2")

    sync.write_batch("sales", [ANNA])
    summary = build(sync)

    project = sync.write_config()
    assert customer_of(sync, "sales:2") is None
    assert query(project, f"select count(*) from customers where customer_id = '{bob}'") == [(0,)]
    assert history(sync, bob) == [("insert", False, "Denver"), ("delete", False, "Denver")]
    assert query(
        project,
        "select change_type, is_current from customer_xref_history where source_record_key = 'sales:2' "
        "order by valid_from, valid_to nulls last",
    ) == [("insert", False), ("delete", False)]
    assert [(e.deletes, e.inserts, e.updates) for e in summary.exports] == [(1, 0, 0)]
    assert query(project, "select source_record_key, on_delete from intermediate.int_source_records_deleted") == [
        ("sales:2", "delete")
    ]


def test_a_delete_row_in_an_incremental_extract_deletes_the_record(sync):
    sync.write_batch("sales", [])
    sync.write_batch("service", [ANNA, BOB])
    sync.write_batch("marketing", [])
    build(sync)
    anna = customer_of(sync, "service:1")

    sync.write_batch("service", [{"id": "1", "op": "D"}])
    summary = build(sync)

    assert customer_of(sync, "service:1") is None
    assert customer_of(sync, "service:2") is not None
    assert history(sync, anna)[-1][0] == "delete"
    assert summary.exports[0].deletes == 1
    assert (summary.changed_records, summary.customers_recomputed) == ({"remove": 1}, 1)


def test_on_delete_ignore_keeps_the_record_as_last_seen(sync):
    sync.overrides = {"service": {"on_delete": "ignore"}, "sales": {"on_delete": "ignore"}}
    sync.write_batch("sales", [BOB])
    sync.write_batch("service", [ANNA])
    sync.write_batch("marketing", [])
    build(sync)
    anna = customer_of(sync, "service:1")
    bob = customer_of(sync, "sales:2")

    sync.write_batch("service", [{"id": "1", "op": "D"}])
    sync.write_batch("sales", [])
    summary = build(sync)

    assert customer_of(sync, "service:1") == anna
    assert customer_of(sync, "sales:2") == bob
    assert history(sync, anna) == [("insert", True, "Boston")]
    assert summary.exports[0].total == 0


def test_detach_leaves_the_customer_in_the_target_and_stops_syncing_it(sync):
    sync.write_batch("sales", [])
    sync.write_batch("service", [])
    sync.write_batch("marketing", [CARL])
    build(sync)
    carl = customer_of(sync, "marketing:3")

    sync.write_batch("marketing", [{"id": "3", "op": "unsubscribed"}])
    summary = build(sync)

    project = sync.write_config()
    assert query(project, "select count(*) from customers") == [(0,)]
    assert history(sync, carl)[-1][0] == "detach"
    [result] = summary.exports
    assert (result.deletes, result.detaches) == (0, 1)
    assert query(project, "select count(*) from syncctl_state.exported_customers") == [(0,)]
    assert query(project, "select count(*) from customer_changes") == [(0,)]


def test_a_detached_record_no_longer_feeds_the_golden_record(sync):
    newer_carl = dict(CARL, id="30", city="Miami", updated_at="2026-03-01 00:00:00")
    sync.write_batch("sales", [CARL])
    sync.write_batch("service", [])
    sync.write_batch("marketing", [newer_carl])
    build(sync)
    carl = customer_of(sync, "sales:3")
    assert customer_of(sync, "marketing:30") == carl
    assert history(sync, carl) == [("insert", True, "Miami")]

    sync.write_batch("marketing", [{"id": "30", "op": "unsubscribed"}])
    summary = build(sync)

    assert customer_of(sync, "sales:3") == carl
    assert history(sync, carl) == [("insert", False, "Miami"), ("update", True, "Austin")]
    assert summary.exports[0].updates == 1


def test_a_resent_unchanged_record_changes_nothing(sync):
    sync.write_batch("sales", [ANNA, BOB])
    sync.write_batch("service", [CARL])
    sync.write_batch("marketing", [])
    build(sync)
    before = query(sync.write_config(), "select * from customers_history order by all")

    sync.write_batch("sales", [BOB, ANNA])  # the same snapshot in another file: lands, changes nothing
    sync.write_batch("service", [CARL])  # the same file content again: not even landed
    summary = build(sync)

    assert (summary.landed_files, summary.skipped_files) == (1, 4)
    assert (summary.changed_records, summary.customers_recomputed) == ({}, 0)
    project = sync.write_config()
    assert query(project, "select * from customers_history order by all") == before
    assert summary.exports[0].total == 0
    # the records keep the landed rows that first brought their values: nothing downstream recomputes
    assert query(project, "select distinct batch_id from customer_xref where source = 'sales'") == [(1,)]
    assert query(project, "select count(*) from intermediate.int_source_records_changed") == [(0,)]


def test_late_arriving_data_never_overwrites_newer_values(sync):
    sync.write_batch("sales", [])
    sync.write_batch("service", [dict(ANNA, city="Chicago", updated_at="2026-05-01 00:00:00")])
    sync.write_batch("marketing", [])
    build(sync)
    anna = customer_of(sync, "service:1")

    sync.write_batch("service", [dict(ANNA, city="Boston", updated_at="2026-02-01 00:00:00")])
    late = build(sync)
    sync.write_batch("service", [dict(ANNA, city="Seattle", updated_at="2026-06-01 00:00:00")])
    build(sync)

    assert late.exports[0].total == 0
    assert history(sync, anna) == [("insert", False, "Chicago"), ("update", True, "Seattle")]


def test_a_late_delete_row_does_not_delete_a_newer_version(sync):
    sync.write_batch("sales", [])
    sync.write_batch("service", [dict(ANNA, updated_at="2026-05-01 00:00:00")])
    sync.write_batch("marketing", [])
    build(sync)

    sync.write_batch("service", [{"id": "1", "op": "D", "updated_at": "2026-04-01 00:00:00"}])
    build(sync)

    assert customer_of(sync, "service:1") is not None


def test_a_customer_that_loses_the_record_a_value_came_from_is_recomputed(sync):
    bob_shop = dict(BOB, id="20", city="Reno", updated_at="2026-04-01 00:00:00")
    sync.write_batch("sales", [BOB])
    sync.write_batch("service", [bob_shop])
    sync.write_batch("marketing", [])
    build(sync)
    bob = customer_of(sync, "sales:2")
    assert customer_of(sync, "service:20") == bob

    sync.write_batch("service", [{"id": "20", "op": "D"}])
    build(sync)

    project = sync.write_config()
    assert query(project, f"select city from customers where customer_id = '{bob}'") == [("Denver",)]
    assert query(
        project,
        "select change_type from customer_xref_history where source_record_key = 'service:20' "
        "order by valid_from, valid_to nulls last",
    ) == [("insert",), ("delete",)]


def test_history_command_shows_versions_and_merges_in_time_order(sync):
    from typer.testing import CliRunner

    from syncctl.cli import app

    anna_sales = {"id": "1", "first_name": "Anna", "last_name": "Berg", "email": "anna.berg@example.com"}
    anna_service = {"id": "5", "first_name": "Anna", "last_name": "Berg", "phone": "+1 212 555 0147"}
    sync.write_batch("sales", [anna_sales])
    sync.write_batch("service", [anna_service])
    sync.write_batch("marketing", [])
    build(sync)
    kept, merged = customer_of(sync, "sales:1"), customer_of(sync, "service:5")
    assert kept != merged

    bridge = {
        "id": "9",
        "first_name": "Anna",
        "last_name": "Berg",
        "email": "anna.berg@example.com",
        "phone": "(212) 555-0147",
        "city": "Boston",
        "street": "1 Elm St",
    }
    sync.write_batch("marketing", [bridge])
    build(sync)
    assert customer_of(sync, "service:5") == kept

    def history_json(customer_id):
        result = CliRunner().invoke(
            app, ["--project-dir", str(REPO_ROOT), "--config", str(sync.config_path), "--json", "history", customer_id]
        )
        assert result.exit_code == 0, result.output
        return [
            (event["event"], event["is_current"], event["changes"]) for event in json.loads(result.stdout)["events"]
        ]

    kept_history = history_json(kept)
    assert [event for event, _, _ in kept_history] == ["insert", "merge", "update"]
    assert kept_history[-1][1] is True
    assert kept_history[-1][2]["phone"] == {"before": None, "after": "+12125550147"}
    assert kept_history[-1][2]["city"] == {"before": None, "after": "Boston"}
    assert [event for event, _, _ in history_json(merged)] == ["insert", "merge", "merge"]


def test_a_delete_condition_over_a_missing_column_is_a_config_error_naming_the_key(sync):
    from syncctl.errors import ConfigError

    sync.overrides = {"service": {"delete_when": "opcode = 'D'"}}
    sync.write_batch("sales", [])
    path = sync.write_batch("service", [ANNA])
    sync.write_batch("marketing", [])

    with pytest.raises(ConfigError) as error:
        build(sync)

    assert f"sources.service.delete_when (in {path}): column 'opcode' not found" in str(error.value)
    assert not (sync.root / "sync.duckdb").exists() or query(
        sync.write_config(), "select count(*) from syncctl_state.landed_files"
    ) == [(0,)]


def test_a_settings_change_makes_the_next_build_a_full_refresh(sync):
    sync.write_batch("sales", [ANNA, BOB])
    sync.write_batch("service", [])
    sync.write_batch("marketing", [])
    first = build(sync)
    again = build(sync)

    sync.overrides = {"sales": {"default_country": "GB"}}
    changed = build(sync)
    after = build(sync)

    assert first.full_refresh is None  # the first build computes everything anyway
    assert again.full_refresh is None
    assert changed.full_refresh == "the models, macros, seeds or syncctl.yml settings changed since the last build"
    assert after.full_refresh is None


def test_a_database_with_text_landed_row_ids_upgrades_without_seeing_changes(sync):
    """Databases built before landed_row_id became a bigint keep `source:batch:row` text in
    syncctl_state.build_xref; the upgrade's first build (a full refresh: the models changed) must find
    the same record versions there, not count every record as changed."""
    import duckdb

    sync.write_batch("sales", [ANNA, BOB])
    sync.write_batch("service", [CARL])
    sync.write_batch("marketing", [])
    build(sync)
    project = sync.write_config()
    versions = "select source_record_key, landed_row_id from syncctl_state.build_xref order by 1"
    expected = query(project, versions)
    with duckdb.connect(str(project.database_path)) as con:
        con.execute(
            "alter table syncctl_state.build_xref alter landed_row_id type varchar using "
            "split_part(source_record_key, ':', 1) || ':' || (landed_row_id >> 32) || ':' "
            "|| (landed_row_id & 4294967295)"
        )
        con.execute("update syncctl_state.build_fingerprint set fingerprint = 'built by an older syncctl'")

    summary = build(sync)

    assert summary.full_refresh == "the models, macros, seeds or syncctl.yml settings changed since the last build"
    assert summary.changed_records == {}
    assert query(project, versions) == expected


def test_builds_defer_compaction_until_a_tenth_of_the_landed_rows_is_new(sync):
    people = [
        {"id": str(n), "first_name": f"First{n}", "last_name": f"Last{n}", "email": f"p{n}@example.com"}
        for n in range(1, 21)
    ]
    sync.write_batch("sales", people)
    sync.write_batch("service", [])
    sync.write_batch("marketing", [])
    first = build(sync)
    compacted_batch = "select compacted_batch_id from syncctl_state.build_fingerprint"
    [(base_batch,)] = query(sync.write_config(), compacted_batch)

    sync.write_batch("service", [ANNA])  # 1 of 21 landed rows
    small = build(sync)
    after_small = query(sync.write_config(), compacted_batch)
    sync.write_batch("service", [BOB, CARL])  # 3 of 23 since the last compaction
    large = build(sync)

    assert (first.compacted, small.compacted, large.compacted) == (True, False, True)
    assert (small.compaction, large.compaction is not None) == (None, True)
    assert after_small == [(base_batch,)]
    assert query(sync.write_config(), compacted_batch) == [(base_batch + 2,)]
    assert customer_of(sync, "service:3") is not None


@pytest.mark.parametrize("full_refresh", [True, False], ids=["full build", "incremental build"])
def test_the_guards_fail_on_a_lost_record_and_on_history_out_of_step(sync, full_refresh):
    """assert_every_landed_record_is_accounted_for and assert_history_matches_current_state: a full build
    checks whole tables, an incremental one the records it touched; both catch the damage."""
    import duckdb

    sync.write_batch("sales", [ANNA, BOB])
    sync.write_batch("service", [CARL])
    sync.write_batch("marketing", [])
    build(sync)
    if not full_refresh:
        sync.write_batch("sales", [{**ANNA, "city": "Salem", "updated_at": "2026-02-01 00:00:00"}])
        build(sync)
    project = sync.write_config()
    guards = ["assert_every_landed_record_is_accounted_for", "assert_history_matches_current_state"]

    def check(guard: str) -> None:
        run_dbt(project, ["build", "--select", guard, *(["--full-refresh"] if full_refresh else [])])

    for guard in guards:
        check(guard)
    bob = customer_of(sync, "sales:2")
    with duckdb.connect(str(project.database_path)) as con:
        con.execute("delete from customer_xref where source_record_key = 'sales:1'")
        con.execute("update customers set customer_hash = md5(customer_hash) where customer_id = ?", [bob])
    for guard in guards:
        with pytest.raises(BuildError, match=guard):
            check(guard)
