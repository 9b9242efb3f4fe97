"""A small syncctl project with one source per sync strategy, for incremental-sync tests.

- `sales`: `extract: full`, each file is a snapshot (records missing from the newest one are deletes);
- `service`: `extract: incremental`, a row with `op = 'D'` deletes its record;
- `marketing`: `extract: incremental`, `unsubscribed = 'true'` deletes, with `on_delete: detach`.

Each `write_batch` adds one CSV file to a source (files land in name order).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from syncctl.project import Project
from tests.conftest import REPO_ROOT

COLUMNS = ["id", "first_name", "last_name", "email", "phone", "birth_date", "street", "city", "updated_at", "op"]
DELETE_FLAGS = {"sales": None, "service": "op = 'D'", "marketing": "op = 'unsubscribed'"}


def sources_config(data: Path, **overrides: dict[str, Any]) -> dict[str, Any]:
    sources: dict[str, Any] = {}
    for name, delete_when in DELETE_FLAGS.items():
        source: dict[str, Any] = {
            "path": str(data / name / "*.csv"),
            "primary_key": "id",
            "updated_at": "updated_at",
            "default_country": "US",
            "extract": "full" if delete_when is None else "incremental",
            "max_reject_ratio": 1.0,
            "columns": {
                "first_name": "first_name",
                "last_name": "last_name",
                "email": "email",
                "phone": "phone",
                "date_of_birth": "birth_date",
                "address_line1": "street",
                "city": "city",
            },
        }
        if delete_when:
            source["delete_when"] = delete_when
        if name == "marketing":
            source["on_delete"] = "detach"
        source.update(overrides.get(name, {}))
        sources[name] = source
    return sources


@dataclass
class SyncProject:
    """A project directory with its config; `batches` counts the files written per source."""

    root: Path
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)
    batches: dict[str, int] = field(default_factory=dict)

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def config_path(self) -> Path:
        return self.root / "syncctl.yml"

    def write_config(self, database: str = "sync.duckdb") -> Project:
        config = {
            "database": str(self.root / database),
            "sources": sources_config(self.data, **self.overrides),
            "targets": {"crm_export": {"type": "file", "path": str(self.root / "exports")}},
        }
        self.root.mkdir(parents=True, exist_ok=True)
        self.config_path.write_text(yaml.safe_dump(config, sort_keys=False))
        for name in DELETE_FLAGS:
            (self.data / name).mkdir(parents=True, exist_ok=True)
        return Project.load(REPO_ROOT, self.config_path)

    def write_batch(self, source: str, rows: list[dict[str, str]]) -> Path:
        number = self.batches.get(source, 0) + 1
        self.batches[source] = number
        path = self.data / source / f"batch_{number:04d}.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=COLUMNS)
            writer.writeheader()
            for row in rows:
                writer.writerow({column: row.get(column, "") for column in COLUMNS})
        return path


def query(project: Project, sql: str) -> list[tuple]:
    import duckdb

    with duckdb.connect(str(project.database_path), read_only=True) as con:
        return con.execute(sql).fetchall()
