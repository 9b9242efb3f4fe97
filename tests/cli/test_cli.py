"""The command line: help everywhere, one red line per error, summaries and JSON for CI."""

from __future__ import annotations

import json

import duckdb
import pytest
from typer.testing import CliRunner

from syncctl.cli import app
from tests.conftest import REPO_ROOT

COMMANDS = ["build", "land", "export", "status", "demo-data", "dbt", "explain", "evaluate", "history"]

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, ["--project-dir", str(REPO_ROOT), *args], env={"COLUMNS": "200"})


def test_top_level_help_lists_every_command():
    result = runner.invoke(app, ["--help"])

    assert result.exit_code == 0
    for command in COMMANDS:
        assert command in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    result = runner.invoke(app, [command, "--help"])

    assert result.exit_code == 0
    assert "Usage:" in result.stdout
    assert len(result.stdout.split("Usage:", 1)[1].strip()) > 40


def test_missing_config_is_one_line_and_exit_code_2(tmp_path):
    result = invoke("--config", str(tmp_path / "nope.yml"), "build")

    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert "nope.yml: config file not found" in result.stderr


def test_unknown_key_names_file_and_key(small_project):
    small_project.write_text(small_project.read_text().replace("primary_key: account_id", "pkey: account_id"))

    result = invoke("--config", str(small_project), "build")

    assert result.exit_code == 2
    assert f"{small_project}: sources.sales.pkey: unknown key (did you mean 'primary_key'?" in result.stderr
    assert not (small_project.parent / "small.duckdb").exists()


def test_mapped_column_absent_is_an_error_with_no_state_written(small_project):
    small_project.write_text(small_project.read_text().replace("email: email\n", "email: e_mail\n", 1))

    result = invoke("--config", str(small_project), "build")

    assert result.exit_code == 2
    assert "sources.sales.columns.email" in result.stderr
    assert "column 'e_mail' not found" in result.stderr
    with duckdb.connect(str(small_project.parent / "small.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from syncctl_state.landed_files").fetchone() == (0,)
        assert con.execute("select count(*) from information_schema.tables where table_schema = 'raw'").fetchone() == (
            0,
        )


def test_malformed_csv_row_fails_the_build_and_lands_nothing(small_project):
    csv_path = small_project.parent / "data" / "sales" / "accounts.csv"
    with csv_path.open("a") as handle:
        handle.write("A9,too,few\n")

    result = invoke("--config", str(small_project), "build")

    assert result.exit_code == 1
    assert f"{csv_path} line 4: expected 16 fields, found 3" in result.stderr
    assert result.stderr.strip().count("\n") == 0
    with duckdb.connect(str(small_project.parent / "small.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from syncctl_state.landed_files").fetchone() == (0,)


@pytest.mark.integration
def test_build_then_status_then_export(small_project):
    build = invoke("--config", str(small_project), "build")
    assert build.exit_code == 0, build.stderr
    assert "unified customers" in build.stdout
    assert "2 inserts, 0 updates, 0 deletes" in build.stdout

    status = invoke("--config", str(small_project), "--json", "status")
    assert status.exit_code == 0
    [run] = json.loads(status.stdout)
    assert (run["command"], run["status"]) == ("build", "success")
    assert run["summary"]["customers"] == 2

    export = invoke("--config", str(small_project), "--json", "export")
    assert export.exit_code == 0
    assert json.loads(export.stdout)["exports"][0]["inserts"] == 0

    table = invoke("--config", str(small_project), "status", "--limit", "1")
    assert table.exit_code == 0
    assert "export" in table.stdout and "success" in table.stdout

    again = invoke("--config", str(small_project), "build")
    assert again.exit_code == 0, again.stderr
    assert "dbt build skipped" in again.stdout and "nothing landed since the last successful build" in again.stdout


@pytest.mark.integration
def test_land_json_output(small_project):
    result = invoke("--config", str(small_project), "--json", "land")

    assert result.exit_code == 0
    assert json.loads(result.stdout)["landed_rows"] == {"sales": 2, "service": 1, "marketing": 1}


@pytest.mark.integration
def test_dbt_passthrough_runs_a_dbt_command(small_project):
    assert invoke("--config", str(small_project), "land").exit_code == 0

    result = invoke("--config", str(small_project), "dbt", "compile", "--select", "customers")

    assert result.exit_code == 0, result.stderr
    assert "dbt compile:" in result.stdout
    assert "node(s) ok" in result.stdout


def test_dbt_without_a_command_explains_what_to_give(small_project):
    result = invoke("--config", str(small_project), "dbt")

    assert result.exit_code == 1
    assert "give a dbt command" in result.stderr


def test_status_before_any_run(small_project):
    result = invoke("--config", str(small_project), "status")

    assert result.exit_code == 1
    assert "database not found; run `syncctl build` first" in result.stderr


def test_demo_data_writes_the_three_sources_and_the_truth(tmp_path):
    result = runner.invoke(app, ["demo-data", "--customers", "20", "--seed", "7", "--out", str(tmp_path)])

    assert result.exit_code == 0
    for name in ("sales/accounts.csv", "service/contacts.jsonl", "marketing/leads.parquet", "truth.csv"):
        assert (tmp_path / name).is_file()
