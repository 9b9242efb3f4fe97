"""Runs over time: rebuilds change nothing, changes are exported once, failures export nothing."""

from __future__ import annotations

import csv
import shutil
import threading
from pathlib import Path

import duckdb
import pytest
import yaml

from syncctl.build import run_build, run_dbt, run_export
from syncctl.database import connect
from syncctl.errors import BuildError, LockError
from syncctl.lock import run_lock
from syncctl.project import Project
from tests.conftest import (
    REPO_ROOT,
    SALES_HEADER,
    copy_dbt_project,
    read_rows,
    write_marketing_parquet,
    write_sales_csv,
    write_service_jsonl,
)

pytestmark = pytest.mark.integration


def query(project: Project, sql: str) -> list[tuple]:
    with duckdb.connect(str(project.database_path), read_only=True) as con:
        return con.execute(sql).fetchall()


def counts(summary) -> tuple[int, int, int]:
    [export] = summary.exports
    return export.inserts, export.updates, export.deletes


def test_rebuild_without_new_files_changes_nothing_and_exports_nothing(small_project):
    project = Project.load(REPO_ROOT, small_project)
    first = run_build(project)
    customers = query(project, "select * exclude (first_seen_at) from customers order by customer_id")
    xref = query(project, "select source_record_key, customer_id from customer_xref order by 1")

    second = run_build(project)

    assert counts(first) == (2, 0, 0)
    assert counts(second) == (0, 0, 0)
    assert second.landed_files == 0
    assert first.dbt_skipped is None
    assert second.dbt_skipped is not None and "nothing landed" in second.dbt_skipped
    assert "dbt" not in second.seconds
    assert (second.customers, second.customers_recomputed) == (first.customers, 0)
    assert second.skipped_files == 3
    assert second.exports[0].location is None
    assert query(project, "select * exclude (first_seen_at) from customers order by customer_id") == customers
    assert query(project, "select source_record_key, customer_id from customer_xref order by 1") == xref
    assert len(list((small_project.parent / "exports").iterdir())) == 1


def test_a_build_with_nothing_new_still_delivers_what_is_pending(small_project):
    project = Project.load(REPO_ROOT, small_project)
    run_build(project, export=False)

    second = run_build(project)

    assert second.dbt_skipped is not None
    assert counts(second) == (2, 0, 0)


def test_the_build_after_a_failed_one_runs_dbt_even_without_new_files(tmp_path, small_project):
    project_dir = copy_dbt_project(tmp_path / "project")
    project = Project.load(project_dir, small_project)
    run_build(project)
    write_sales_csv(
        small_project.parent / "data" / "sales" / "accounts_2.csv",
        [{"account_id": "A3", "first_name": "Ann", "last_name": "Lee", "email": "ann@x.com"}],
    )
    failing = project_dir / "tests" / "dbt" / "assert_no_customer_is_named_ann.sql"
    failing.write_text("select * from {{ ref('customers') }} where first_name = 'Ann'")
    with pytest.raises(BuildError):
        run_build(project)
    failing.unlink()

    third = run_build(project)

    assert third.landed_files == 0
    assert third.dbt_skipped is None
    assert counts(third) == (1, 0, 0)
    assert query(project, "select count(*) from customers where email = 'ann@x.com'") == [(1,)]


def test_a_changed_record_is_exported_once_as_an_update(small_project):
    project = Project.load(REPO_ROOT, small_project)
    run_build(project)
    write_sales_csv(
        small_project.parent / "data" / "sales" / "accounts_2.csv",
        [
            {
                "account_id": "A2",
                "first_name": "Jane",
                "last_name": "Doe",
                "email": "jane@x.com",
                "phone": "+1 415 555 0199",
                "updated_at": "2026-04-01 10:00:00",
            }
        ],
    )

    second = run_build(project)
    third = run_export(project)

    assert counts(second) == (0, 1, 0)
    assert counts(third) == (0, 0, 0)
    assert query(project, "select phone from customers where email = 'jane@x.com'") == [("+14155550199",)]
    upserts = Path(second.exports[0].location) / "upserts.csv"
    assert read_rows(f"select change_type, email from '{upserts}'") == [("update", "jane@x.com")]


def test_a_record_that_joins_two_customers_exports_a_delete_and_an_update(small_project):
    project = Project.load(REPO_ROOT, small_project)
    data = small_project.parent / "data"
    write_marketing_parquet(
        data / "marketing" / "leads_2.parquet",
        [{"lead_id": "L2", "email": "jsmith@work.example", "fname": "John", "lname": "Smith"}],
    )
    first = run_build(project)
    smith_ids = {row[0] for row in query(project, "select customer_id from customers where last_name = 'Smith'")}
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

    second = run_build(project)

    assert len(smith_ids) == 2
    assert (first.customers, second.customers) == (3, 2)
    [survivor] = [row[0] for row in query(project, "select customer_id from customers where last_name = 'Smith'")]
    assert survivor in smith_ids
    assert counts(second) == (0, 1, 1)
    deletes = Path(second.exports[0].location) / "deletes.csv"
    assert read_rows(f"select customer_id from '{deletes}'") == [(next(iter(smith_ids - {survivor})),)]


def test_family_members_sharing_a_phone_stay_apart(small_project):
    project = Project.load(REPO_ROOT, small_project)
    write_marketing_parquet(
        small_project.parent / "data" / "marketing" / "leads_2.parquet",
        [
            {
                "lead_id": "L2",
                "email": "mary.smith@example.com",
                "phone": "212 555 0147",
                "fname": "Mary",
                "lname": "Smith",
            }
        ],
    )

    run_build(project)

    assert query(
        project,
        "select count(distinct customer_id) from customer_xref where source_record_key in ('marketing:L2', 'sales:A1')",
    ) == [(2,)]
    assert query(
        project,
        "select cannot_link_reason from intermediate.int_match_pairs_scored "
        "where source_record_key_a = 'marketing:L2' and source_record_key_b = 'sales:A1'",
    ) == [("different_first_name",)]


def test_customer_ids_do_not_depend_on_row_order(tmp_path, small_project):
    project = Project.load(REPO_ROOT, small_project)
    run_build(project)
    expected = query(project, "select source_record_key, customer_id from customer_xref order by 1")

    reversed_dir = tmp_path / "reversed"
    shutil.copytree(small_project.parent / "data", reversed_dir / "data")
    sales = reversed_dir / "data" / "sales" / "accounts.csv"
    header, *rows = sales.read_text().splitlines(keepends=True)
    sales.write_text(header + "".join(reversed(rows)))
    config = yaml.safe_load(small_project.read_text())
    for source in config["sources"].values():
        source["path"] = source["path"].replace(str(small_project.parent / "data"), str(reversed_dir / "data"))
    config["database"] = str(reversed_dir / "reversed.duckdb")
    (reversed_dir / "syncctl.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    other = Project.load(REPO_ROOT, reversed_dir / "syncctl.yml")
    run_build(other)

    assert query(other, "select source_record_key, customer_id from customer_xref order by 1") == expected


def test_a_new_source_is_one_config_entry(tmp_path, small_project):
    project_dir = copy_dbt_project(tmp_path / "project")
    write_sales_csv(
        tmp_path / "data" / "billing" / "invoices.csv",
        [{"account_id": "B-1", "first_name": "Jane", "last_name": "Doe", "email": "JANE@x.com"}],
    )
    config = yaml.safe_load(small_project.read_text())
    config["sources"]["billing"] = {
        "path": str(tmp_path / "data" / "billing" / "*.csv"),
        "primary_key": "account_id",
        "columns": {"first_name": "first_name", "last_name": "last_name", "email": "lower(email)"},
    }
    small_project.write_text(yaml.safe_dump(config))

    summary = run_build(Project.load(project_dir, small_project))

    assert "models/staging/billing/stg_billing__customers.sql" in summary.created_models
    project = Project.load(project_dir, small_project)
    assert query(
        project,
        "select count(distinct customer_id) from customer_xref where source_record_key in ('billing:B-1', 'sales:A2')",
    ) == [(1,)]


def build_failing_with(tmp_path, small_project, path: str, sql: str) -> tuple[Project, str]:
    """Build a copy of the dbt project with one file added at `path`; the build must fail."""
    project_dir = copy_dbt_project(tmp_path / "project")
    (project_dir / path).write_text(sql)
    project = Project.load(project_dir, small_project)
    with pytest.raises(BuildError) as error:
        run_build(project)
    return project, str(error.value)


def test_a_failing_data_test_stops_the_build_before_export(tmp_path, small_project):
    project, message = build_failing_with(
        tmp_path,
        small_project,
        "tests/dbt/assert_no_customer_is_named_jane.sql",
        "select * from {{ ref('customers') }} where first_name = 'Jane'",
    )

    assert "test assert_no_customer_is_named_jane found 1 failing row(s)" in message
    assert query(project, "select count(*) from syncctl_state.exports") == [(0,)]
    assert query(project, "select status, error is not null from syncctl_state.runs") == [("failed", True)]
    assert not (small_project.parent / "exports").exists()


def test_a_model_that_does_not_parse_fails_the_build_with_one_line_naming_it(tmp_path, small_project):
    """The parse while landing fails first; the build parses again and reports it."""
    project, message = build_failing_with(
        tmp_path,
        small_project,
        "models/marts/customers_by_city.sql",
        "select city, count(*) as customers from {{ ref('customer') }} group by city",
    )

    assert message.startswith("dbt parse failed: ")
    assert "customers_by_city" in message and "'customer'" in message
    assert "\n" not in message
    assert query(project, "select status from syncctl_state.runs") == [("failed",)]
    assert query(project, "select count(*) from syncctl_state.exports") == [(0,)]


def test_a_model_that_is_no_longer_built_leaves_no_table_behind(tmp_path, small_project):
    project_dir = copy_dbt_project(tmp_path / "project")
    blocked = project_dir / "models" / "intermediate" / "matching" / "int_match_pairs_blocked.sql"
    ephemeral = blocked.read_text()
    blocked.write_text(ephemeral.replace("materialized='ephemeral'", "materialized='table'"))
    project = Project.load(project_dir, small_project)
    run_build(project)
    tables = "select table_schema || '.' || table_name from information_schema.tables order by 1"
    assert ("intermediate.int_match_pairs_blocked",) in query(project, tables)

    with connect(project.database_path) as con:
        con.execute("create table intermediate.notes_by_hand as select 1 as note")
    blocked.write_text(ephemeral)
    summary = run_build(project)

    assert summary.dropped_relations == ["intermediate.int_match_pairs_blocked"]
    assert ("intermediate.int_match_pairs_blocked",) not in query(project, tables)
    assert ("intermediate.int_match_pairs_compared",) in query(project, tables)
    assert ("intermediate.notes_by_hand",) in query(project, tables)
    assert ("main.customers",) in query(project, tables)


def test_a_key_of_several_columns_on_two_rows_fails_its_primary_key_test(small_project):
    project = Project.load(REPO_ROOT, small_project)
    run_build(project)
    run_dbt(project, ["test", "--select", "int_blocking_keys_extracted"])
    with connect(project.database_path) as con:
        con.execute(
            "insert into intermediate.int_blocking_keys_extracted "
            "select * from intermediate.int_blocking_keys_extracted limit 1"
        )

    with pytest.raises(BuildError, match=r"primary_key_int_blocking_keys_extracted\S* found 1 failing row"):
        run_dbt(project, ["test", "--select", "int_blocking_keys_extracted"])


def test_a_second_run_while_one_runs_is_refused(small_project):
    project = Project.load(REPO_ROOT, small_project)

    with run_lock(project.database_path), pytest.raises(LockError, match="another syncctl run"):
        run_build(project)


def test_full_refresh_rebuilds_from_the_landed_data_with_the_same_result(small_project):
    project = Project.load(REPO_ROOT, small_project)
    run_build(project)
    xref = query(project, "select source_record_key, customer_id from customer_xref order by 1")
    customers = query(project, "select customer_id, customer_hash from customers order by 1")
    phones_before = query(project, "select count(*) from intermediate.int_phone_numbers_parsed")

    refreshed = run_build(project, full_refresh=True)

    assert query(project, "select source_record_key, customer_id from customer_xref order by 1") == xref
    assert query(project, "select customer_id, customer_hash from customers order by 1") == customers
    assert query(project, "select count(*) from intermediate.int_phone_numbers_parsed") == phones_before
    assert counts(refreshed) == (0, 0, 0)


def _add_sales_file(project_file: Path, name: str, account_id: str) -> None:
    with (project_file.parent / "data" / "sales" / name).open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=SALES_HEADER)
        writer.writeheader()
        writer.writerow(
            {"account_id": account_id, "first_name": "Ann", "last_name": "Lee", "email": f"{account_id}@lee.com"}
        )


def test_a_later_process_builds_on_the_stored_parse_unless_it_is_stale(small_project, monkeypatch):
    """A build in a new process (no parse in memory) loads the parse an earlier one stored in the target
    directory instead of parsing; a damaged file, or a changed environment variable the project read
    at parse time, makes it parse again."""
    from dbt.cli.main import dbtRunner

    from syncctl import dbt

    project = Project.load(REPO_ROOT, small_project)
    monkeypatch.setattr(dbt, "_MANIFESTS", {})
    run_build(project)
    stored = project.dbt_target_path / "syncctl_parsed_project.pickle"
    assert stored.is_file()
    commands: list[str] = []
    invoke = dbtRunner.invoke

    def recording(self, args, **kwargs):
        commands.append(args[0])
        return invoke(self, args, **kwargs)

    monkeypatch.setattr(dbtRunner, "invoke", recording)

    monkeypatch.setattr(dbt, "_MANIFESTS", {})  # as in a new process
    _add_sales_file(small_project, "accounts_2.csv", "A7")
    run_build(project)
    assert commands == ["build"]
    assert query(project, "select count(*) from customer_xref where source_record_id = 'A7'") == [(1,)]

    commands.clear()
    monkeypatch.setattr(dbt, "_MANIFESTS", {})
    stored.write_bytes(b"not a pickle")
    _add_sales_file(small_project, "accounts_3.csv", "A8")
    run_build(project)
    assert commands == ["parse", "build"]
    assert query(project, "select count(*) from customer_xref where source_record_id = 'A8'") == [(1,)]

    commands.clear()
    monkeypatch.setattr(dbt, "_MANIFESTS", {})
    key = dbt._parse_key(project, dbt.dbt_vars(project, _compiled_sources(project)))
    manifest = dbt._stored_parse(project, key)
    assert manifest is not None
    manifest.env_vars["SYNCCTL_TEST_PARSE_VAR"] = "read at parse time"
    dbt._store_parse(project, key, manifest)
    _add_sales_file(small_project, "accounts_4.csv", "A9")
    run_build(project)
    assert commands == ["parse", "build"]


def test_a_later_process_uses_the_template_code_an_earlier_one_stored(small_project, monkeypatch):
    """dbt's Jinja templates are compiled once: a build in a new process loads the code an earlier process
    stored in the target directory instead of compiling them; a damaged file only makes it compile again."""
    from dbt_common.clients.jinja import MacroFuzzEnvironment

    from syncctl import dbt

    compiled: list[str] = []
    parse = MacroFuzzEnvironment._parse

    def counting(self, source, name, filename):
        compiled.append(source)
        return parse(self, source, name, filename)

    monkeypatch.setattr(MacroFuzzEnvironment, "_parse", counting)

    def in_a_new_process() -> None:
        compiled.clear()
        monkeypatch.setattr(dbt, "_MANIFESTS", {})
        monkeypatch.setattr(dbt._TEMPLATE_CODE, "used", {})
        monkeypatch.setattr(dbt._TEMPLATE_CODE, "stored", {})
        monkeypatch.setattr(dbt._TEMPLATE_CODE, "loaded_from", None)

    project = Project.load(REPO_ROOT, small_project)
    stored = project.dbt_target_path / "syncctl_template_code.marshal"
    in_a_new_process()
    run_build(project)
    assert compiled and stored.is_file()

    # the first incremental build compiles what only incremental builds render; the next one nothing
    in_a_new_process()
    _add_sales_file(small_project, "accounts_2.csv", "A7")
    run_build(project)
    in_a_new_process()
    _add_sales_file(small_project, "accounts_3.csv", "A8")
    run_build(project)
    assert compiled == []
    assert query(project, "select count(*) from customer_xref where source_record_id = 'A8'") == [(1,)]

    in_a_new_process()
    stored.write_bytes(b"not marshalled code")
    _add_sales_file(small_project, "accounts_4.csv", "A9")
    run_build(project)
    assert compiled
    assert query(project, "select count(*) from customer_xref where source_record_id = 'A9'") == [(1,)]
    in_a_new_process()
    _add_sales_file(small_project, "accounts_5.csv", "A10")
    run_build(project)
    assert compiled == []


def _compiled_sources(project: Project) -> dict:
    from syncctl.build import compile_sources

    with connect(project.database_path) as con:
        return compile_sources(con, project)


def test_a_build_parses_the_project_once_while_it_lands(small_project, monkeypatch):
    """The parse runs beside the landing, with the columns the landing adds (schema drift included), and
    without automatic garbage collection; the parsed project is frozen out of later collections."""
    import gc

    from dbt.cli.main import dbtRunner

    from syncctl import dbt

    project = Project.load(REPO_ROOT, small_project)
    run_build(project)
    row = {"account_id": "A7", "first_name": "Ann", "last_name": "Lee", "email": "ann@lee.com", "loyalty_tier": "gold"}
    with (small_project.parent / "data" / "sales" / "accounts_2.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*SALES_HEADER, "loyalty_tier"])
        writer.writeheader()
        writer.writerow({column: row.get(column, "") for column in writer.fieldnames})
    commands: list[tuple[str, str, bool]] = []
    invoke = dbtRunner.invoke

    def recording(self, args, **kwargs):
        commands.append((args[0], threading.current_thread().name, gc.isenabled()))
        return invoke(self, args, **kwargs)

    monkeypatch.setattr(dbtRunner, "invoke", recording)
    monkeypatch.setattr(dbt, "_MANIFESTS", {})  # no parse of earlier tests to reuse
    (project.dbt_target_path / "syncctl_parsed_project.pickle").unlink(missing_ok=True)  # nor a stored one

    summary = run_build(project)

    assert summary.landed_files == 1
    assert commands == [("parse", "syncctl-parse-ahead", False), ("build", threading.main_thread().name, True)]
    assert gc.isenabled() and gc.get_freeze_count() > 0
    assert query(project, "select count(*) from raw.sales where loyalty_tier = 'gold'") == [(1,)]
    assert query(project, "select count(*) from customer_xref where source_record_id = 'A7'") == [(1,)]
