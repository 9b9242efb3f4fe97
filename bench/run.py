"""Benchmark: generate N customers, then time land / dbt build / export and measure peak memory.

    python bench/run.py --customers 10000 --customers 100000

Each size runs in a fresh process (so peak memory is that run's own) on a new database under
bench/out/. Data generation is timed separately and not counted in the total. Prints a table.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
OUT = REPO_ROOT / "bench" / "out"


def run_one(customers: int, seed: int, rebuild: bool = False) -> dict:
    """Generate, build and score one size in this process; return the measurements."""
    import duckdb

    from syncctl.build import run_build
    from syncctl.demo_data import generate
    from syncctl.evaluate import pairwise_scores
    from syncctl.project import Project

    work = OUT / str(customers)
    if work.exists():
        import shutil

        shutil.rmtree(work)
    began = time.perf_counter()
    generated = generate(customers=customers, seed=seed, out=work / "data")
    generate_seconds = time.perf_counter() - began

    config = yaml.safe_load((REPO_ROOT / "syncctl.yml").read_text())
    for source in config["sources"].values():
        source["path"] = str(work / "data" / Path(source["path"]).relative_to("demo"))
    config["database"] = str(work / "bench.duckdb")
    (work / "syncctl.yml").write_text(yaml.safe_dump(config))

    project = Project.load(REPO_ROOT, work / "syncctl.yml")
    summary = run_build(project)
    rebuild_seconds = run_build(project).seconds["total"] if rebuild else None
    with duckdb.connect(str(work / "bench.duckdb"), read_only=True) as con:
        scores = pairwise_scores(con, work / "data" / "truth.csv")
    return {
        "customers": customers,
        "records": generated.total_records,
        "generate_s": round(generate_seconds, 2),
        "land_s": summary.seconds["land"],
        "dbt_s": summary.seconds["dbt"],
        "export_s": summary.seconds["export"],
        "total_s": summary.seconds["total"],
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "unified": summary.customers,
        "precision": round(scores.precision, 4),
        "recall": round(scores.recall, 4),
    } | ({"rebuild_s": rebuild_seconds} if rebuild else {})


def print_table(rows: list[dict]) -> None:
    columns = list(rows[0])
    widths = {
        column: max(
            len(column),
            *(len(f"{row[column]:,}" if isinstance(row[column], int) else str(row[column])) for row in rows),
        )
        for column in columns
    }

    def cell(row: dict, column: str) -> str:
        value = row[column]
        return (f"{value:,}" if isinstance(value, int) else str(value)).rjust(widths[column])

    print(" | ".join(column.rjust(widths[column]) for column in columns))
    print("-|-".join("-" * widths[column] for column in columns))
    for row in rows:
        print(" | ".join(cell(row, column) for column in columns))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, action="append", help="size to run (repeatable)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--rebuild", action="store_true", help="also time a second build with no new files (warm caches)"
    )
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = args.customers or [10_000, 100_000]
    if args.one:
        print(json.dumps(run_one(sizes[0], args.seed, args.rebuild)))
        return
    rows = []
    for size in sizes:
        child = subprocess.run(
            [sys.executable, __file__, "--one", "--customers", str(size), "--seed", str(args.seed)]
            + (["--rebuild"] if args.rebuild else []),
            capture_output=True,
            text=True,
            check=False,
        )
        if child.returncode != 0:
            sys.exit(f"bench failed at {size:,} customers:\n{child.stderr[-2000:]}")
        rows.append(json.loads(child.stdout.strip().splitlines()[-1]))
    print_table(rows)


if __name__ == "__main__":
    main()
