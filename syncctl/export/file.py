"""The file target: one directory per run with `upserts` and `deletes` files and a `manifest.json`.

The directory is written under a temporary name and renamed when complete, so a reader never sees a
half-written run.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from syncctl.canonical import GOLDEN_COLUMNS
from syncctl.database import quote_literal
from syncctl.errors import ExportError
from syncctl.state import utc_now

if TYPE_CHECKING:
    import duckdb

UPSERT_COLUMNS = ("customer_id", "change_type", *GOLDEN_COLUMNS, "customer_hash")


@dataclass(frozen=True)
class FileTarget:
    name: str
    directory: Path
    file_format: str  # csv | jsonl

    def deliver(self, con: duckdb.DuckDBPyConnection, changes: str, run_id: str) -> str:
        final_dir = self.directory / run_id
        partial_dir = self.directory / f".{run_id}.partial"
        try:
            partial_dir.mkdir(parents=True, exist_ok=True)
            files = {
                "upserts": self._copy(
                    con,
                    f"select {', '.join(UPSERT_COLUMNS)} from {changes} "
                    f"where change_type in ('insert', 'update') order by customer_id",
                    partial_dir / f"upserts.{self.file_format}",
                ),
                "deletes": self._copy(
                    con,
                    f"select customer_id from {changes} where change_type = 'delete' order by customer_id",
                    partial_dir / f"deletes.{self.file_format}",
                ),
            }
            counts = dict(con.execute(f"select change_type, count(*) from {changes} group by 1").fetchall())
            manifest = {
                "run_id": run_id,
                "target": self.name,
                "created_at": utc_now().isoformat(timespec="seconds") + "Z",
                "format": self.file_format,
                "counts": {kind: counts.get(kind, 0) for kind in ("insert", "update", "delete")},
                "files": files,
            }
            (partial_dir / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
            partial_dir.rename(final_dir)
        except OSError as exc:
            shutil.rmtree(partial_dir, ignore_errors=True)
            raise ExportError(f"target {self.name}: cannot write {final_dir} ({exc.strerror or exc})") from None
        return str(final_dir)

    def _copy(self, con: duckdb.DuckDBPyConnection, query: str, path: Path) -> str:
        options = "format csv, header true" if self.file_format == "csv" else "format json"
        con.execute(f"copy ({query}) to {quote_literal(str(path))} ({options})")
        return path.name
