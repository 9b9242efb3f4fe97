"""Quarantine and profile read-outs, and the reject-ratio guard that stops an export."""

from __future__ import annotations

import json

import duckdb
import pytest
import yaml
from typer.testing import CliRunner

from syncctl.build import field_profiles, rejects, run_build
from syncctl.cli import app
from syncctl.errors import BuildError
from syncctl.project import Project
from tests.conftest import REPO_ROOT, write_sales_csv

pytestmark = pytest.mark.integration


def add_unusable_sales_rows(small_project):
    write_sales_csv(
        small_project.parent / "data" / "sales" / "accounts_2.csv",
        [
            {"account_id": "", "first_name": "No", "last_name": "Key", "email": "nokey@example.com"},
            {
                "account_id": "A7",
                "first_name": "Bad",
                "last_name": "Date",
                "email": "bad@example.com",
                "birth_date": "31/02/1985",
            },
            {"account_id": "A8", "first_name": "Only"},
        ],
    )


def test_a_source_over_its_reject_ratio_fails_before_export(small_project):
    add_unusable_sales_rows(small_project)
    project = Project.load(REPO_ROOT, small_project)

    with pytest.raises(BuildError) as error:
        run_build(project)

    assert "source sales: 60.0% of records rejected (3 of 5), above max_reject_ratio 5.0%" in str(error.value)
    with duckdb.connect(str(project.database_path), read_only=True) as con:
        assert con.execute("select count(*) from syncctl_state.exports").fetchone() == (0,)
        assert con.execute("select status from syncctl_state.runs").fetchall() == [("failed",)]


def test_rejects_and_profile_after_a_build(small_project):
    add_unusable_sales_rows(small_project)
    config = yaml.safe_load(small_project.read_text())
    config["sources"]["sales"]["max_reject_ratio"] = 0.8
    small_project.write_text(yaml.safe_dump(config))
    project = Project.load(REPO_ROOT, small_project)
    run_build(project)

    rows = rejects(project, source="sales")
    by_rule = {row["reject_reason"]: row for row in rows}
    assert set(by_rule) == {"missing_primary_key", "uncastable_value", "no_identifying_fields"}
    assert by_rule["uncastable_value"]["rejected_field"] == "date_of_birth"
    assert by_rule["uncastable_value"]["rejected_value"] == "31/02/1985"
    assert json.loads(by_rule["missing_primary_key"]["raw_record"])["email"] == "nokey@example.com"
    assert [row["reject_reason"] for row in rejects(project, rule="uncastable_value")] == ["uncastable_value"]

    profiles = {(item.source, item.field): item for item in field_profiles(project)}
    email = profiles[("sales", "email")]
    assert (email.records, email.filled) == (5, 4)
    assert email.valid_as_landed == 3  # "John.Smith@Example.com" needed lower-casing
    assert email.valid_after_cleansing == 4
    phone = profiles[("sales", "phone")]
    assert (phone.valid_as_landed, phone.valid_after_cleansing) == (0, 1)
    assert ("sales", "first_name") in profiles and ("marketing", "country") in profiles
    assert profiles[("sales", "first_name")].top_values[0][1] >= 1

    runner = CliRunner()
    listed = runner.invoke(app, ["-p", str(REPO_ROOT), "-c", str(small_project), "--json", "rejects", "-s", "sales"])
    assert listed.exit_code == 0
    assert len(json.loads(listed.stdout)) == 3
    table = runner.invoke(
        app, ["-p", str(REPO_ROOT), "-c", str(small_project), "rejects", "--rule", "uncastable_value"]
    )
    assert table.exit_code == 0 and "31/02/1985" in table.stdout
    profiled = runner.invoke(
        app, ["-p", str(REPO_ROOT), "-c", str(small_project), "profile", "sales"], env={"COLUMNS": "200"}
    )
    assert profiled.exit_code == 0
    assert "valid as landed" in profiled.stdout and "email" in profiled.stdout
    unknown = runner.invoke(app, ["-p", str(REPO_ROOT), "-c", str(small_project), "profile", "billing"])
    assert unknown.exit_code == 2 and "no source 'billing'" in unknown.stderr
