"""Shared fixtures: the repository's dbt project, and small syncctl projects written into tmp_path."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from syncctl.demo_data import MARKETING_COLUMNS, SALES_COLUMNS

REPO_ROOT = Path(__file__).resolve().parents[1]
DEMO_DIR = REPO_ROOT / "demo"

SALES_HEADER = list(SALES_COLUMNS)  # the demo generator's sales columns


def demo_config(data_dir: Path, database: Path, **overrides: Any) -> dict[str, Any]:
    """The shipped syncctl.yml with its source paths pointing at `data_dir` and its database at `database`."""
    config = yaml.safe_load((REPO_ROOT / "syncctl.yml").read_text())
    for source in config["sources"].values():
        source["path"] = str(data_dir / Path(source["path"]).relative_to("demo"))
    config["database"] = str(database)
    config.update(overrides)
    return config


def write_config(directory: Path, config: dict[str, Any]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "syncctl.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


def write_sales_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    """A sales CSV with the demo header; missing fields are empty."""
    import csv

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=SALES_HEADER)
        writer.writeheader()
        for row in rows:
            writer.writerow({column: row.get(column, "") for column in SALES_HEADER})
    return path


def write_service_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


def write_marketing_parquet(path: Path, rows: list[dict[str, Any]]) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = [column for column in MARKETING_COLUMNS if column != "signup_date"]  # all as text
    path.parent.mkdir(parents=True, exist_ok=True)
    table = pa.table({column: pa.array([row.get(column) for row in rows], pa.string()) for column in columns})
    pq.write_table(table, path)
    return path


@pytest.fixture
def small_project(tmp_path: Path) -> Path:
    """A syncctl.yml in tmp_path over three tiny source files (the demo's formats and columns)."""
    data = tmp_path / "data"
    write_sales_csv(
        data / "sales" / "accounts.csv",
        [
            {
                "account_id": "A1",
                "first_name": "John",
                "last_name": "Smith",
                "email": "John.Smith@Example.com",
                "phone": "(212) 555-0147",
                "birth_date": "1980-01-02",
                "billing_postcode": "10001",
                "updated_at": "2026-01-01 10:00:00",
            },
            {
                "account_id": "A2",
                "first_name": "Jane",
                "last_name": "Doe",
                "email": "jane@x.com",
                "updated_at": "2026-01-02 10:00:00",
            },
        ],
    )
    write_service_jsonl(
        data / "service" / "contacts.jsonl",
        [
            {
                "contact_id": 1,
                "name": {"given": "John", "family": "Smith"},
                "email": "john.smith@example.com",
                "phone": "+1 212-555-0147",
                "address": "1 Main Street, New York, 10001",
                "country": "US",
                "dob": None,
                "modified_at": "2026-02-01T10:00:00Z",
            },
        ],
    )
    write_marketing_parquet(
        data / "marketing" / "leads.parquet",
        [{"lead_id": "L1", "email": "JANE@X.COM", "fname": "Jane", "lname": "Doe", "country": "USA"}],
    )
    return write_config(tmp_path, demo_config(data, tmp_path / "small.duckdb"))


def read_rows(sql: str) -> list[tuple]:
    """Run a query on a fresh in-memory DuckDB (for reading export files)."""
    import duckdb

    with duckdb.connect() as con:
        return con.execute(sql).fetchall()


def copy_dbt_project(destination: Path) -> Path:
    """A copy of the repository's dbt project (models, macros, seeds, tests) to change freely."""
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO_ROOT / "dbt_project.yml", destination / "dbt_project.yml")
    for folder in ("models", "macros", "seeds", "tests/dbt"):
        source = REPO_ROOT / folder
        if source.exists():
            shutil.copytree(source, destination / folder)
    return destination


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory):
    """The shipped demo data built once per test session into a temporary database: (project, summary).

    Tests that use it only read the database.
    """
    from syncctl.build import run_build
    from syncctl.project import Project

    work = tmp_path_factory.mktemp("demo")
    data = work / "data"
    shutil.copytree(DEMO_DIR, data, ignore=shutil.ignore_patterns("truth.csv"))
    config = write_config(work, demo_config(data, work / "demo.duckdb"))
    project = Project.load(REPO_ROOT, config)
    return project, run_build(project)
