"""Benchmark: generate N customers, then time land / dbt build / export and measure peak memory.

    python bench/run.py --customers 10000 --customers 100000

Each size is generated in one process, then built by `syncctl build` in a fresh process of its own
(as a user runs it), on a new database under bench/out/: peak memory is the build's own, and the
generator's objects do not weigh on it. Data generation is timed separately and not counted in the
total. `--reuse-data` keeps the extracts an earlier run generated with the same size and seed. Prints a
table. `cpu_s` is the CPU time (user and system) of the build process and its phone-parsing workers (both
builds with `--rebuild`): on a shared machine whose speed varies from run to run, it moves less than the
seconds do. `ref_s` is the yardstick of issue 4's speed target, measured on the same extracts just before
the build: the fastest of three passes of bench/reference.py, which take about 1 s on the machine the
target was set on.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
OUT = REPO_ROOT / "bench" / "out"


def stored_records(data: Path, customers: int, seed: int) -> int | None:
    """The record count of the extracts an earlier run generated in `data` with this size and seed, else None."""
    marker = data / "generated.json"
    stored = json.loads(marker.read_text()) if marker.exists() else {}
    return stored["records"] if (stored.get("customers"), stored.get("seed")) == (customers, seed) else None


def generate_extracts(data: Path, customers: int, seed: int) -> int:
    """Generate the demo extracts of this size and seed into `data`, marked for reuse; their record count."""
    from syncctl.demo_data import generate

    records = generate(customers=customers, seed=seed, out=data).total_records
    (data / "generated.json").write_text(json.dumps({"customers": customers, "seed": seed, "records": records}))
    return records


def run_one(
    customers: int, seed: int, rebuild: bool = False, reuse_data: bool = False, stored_parse: bool = False
) -> dict:
    """Generate (or reuse) one size, build it in a child process, score it; return the measurements.

    With `stored_parse`, another child process parses the project first (untimed) and stores the parse,
    as a user's earlier build would have; the timed build then loads it instead of parsing.
    """
    import duckdb
    from reference import reference_pass

    from syncctl.evaluate import pairwise_scores

    work = OUT / str(customers)
    records = stored_records(work / "data", customers, seed) if reuse_data else None
    reused = records is not None
    if reused:
        generate_seconds = 0.0
        for path in work.iterdir():
            if path.name != "data":
                shutil.rmtree(path) if path.is_dir() else path.unlink()
    else:
        if work.exists():
            shutil.rmtree(work)
        began = time.perf_counter()
        records = generate_extracts(work / "data", customers, seed)
        generate_seconds = time.perf_counter() - began

    config = yaml.safe_load((REPO_ROOT / "syncctl.yml").read_text())
    for source in config["sources"].values():
        source["path"] = str(work / "data" / Path(source["path"]).relative_to("demo"))
    config["database"] = str(work / "bench.duckdb")
    (work / "syncctl.yml").write_text(yaml.safe_dump(config))

    reference_seconds, _ = reference_pass(work / "data")
    if stored_parse:
        _child(["--parse", str(work / "syncctl.yml")])
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    built = _child(["--build", str(work / "syncctl.yml")] + (["--rebuild"] if rebuild else []))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_seconds = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    with duckdb.connect(str(work / "bench.duckdb"), read_only=True) as con:
        scores = pairwise_scores(con, work / "data" / "truth.csv")
    return {
        "customers": customers,
        "records": records,
        "generate_s": "reused" if reused else round(generate_seconds, 2),
        "parse": "stored" if stored_parse else "cold",
        "land_s": built["seconds"]["land"],
        "dbt_s": built["seconds"]["dbt"],
        "export_s": built["seconds"]["export"],
        "total_s": built["seconds"]["total"],
        "cpu_s": round(cpu_seconds, 1),
        "ref_s": round(min(reference_seconds), 2),
        "peak_rss_mb": built["peak_rss_mb"],
        "unified": built["customers"],
        "precision": round(scores.precision, 4),
        "recall": round(scores.recall, 4),
    } | ({"rebuild_s": built["rebuild_s"]} if rebuild else {})


def build_one(config: Path, rebuild: bool) -> dict:
    """`syncctl build` in this (fresh) process, as the CLI runs it; its seconds and peak memory."""
    from syncctl.build import run_build
    from syncctl.project import Project

    project = Project.load(REPO_ROOT, config)
    summary = run_build(project)
    rebuild_seconds = run_build(project).seconds["total"] if rebuild else None
    return {
        "seconds": summary.seconds,
        "customers": summary.customers,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    } | ({"rebuild_s": rebuild_seconds} if rebuild else {})


def parse_one(config: Path) -> dict:
    """Parse the project with the vars a build of these extracts will use, and store the parse in its
    target directory; the database this creates to plan the landing is removed again."""
    from syncctl import dbt
    from syncctl.build import compile_sources
    from syncctl.database import connect
    from syncctl.landing import FileHashes, plan_landing
    from syncctl.project import Project
    from syncctl.state import ensure_state

    project = Project.load(REPO_ROOT, config)
    with connect(project.database_path) as con:
        ensure_state(con)
        plan, _ = plan_landing(con, project.loaded, FileHashes(con))
        variables = dbt.dbt_vars(project, compile_sources(con, project, plan))
    for path in project.database_path.parent.glob(project.database_path.name + "*"):
        path.unlink()
    dbt.parse(project, variables)
    return {}


def _child(args: list[str]) -> dict:
    """Run this script with `args` in a new process; the JSON its last line prints."""
    child = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=False)
    if child.returncode != 0:
        sys.exit(f"bench failed ({' '.join(args)}):\n{child.stderr[-2000:]}")
    return json.loads(child.stdout.strip().splitlines()[-1])


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
    parser.add_argument(
        "--reuse-data", action="store_true", help="keep the extracts of an earlier run with the same size and seed"
    )
    parser.add_argument(
        "--stored-parse",
        action="store_true",
        help="build on a parse an earlier process stored (as a user's repeated builds do), not a fresh one",
    )
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--parse", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        print(json.dumps(build_one(args.build, args.rebuild)))
        return
    if args.parse:
        print(json.dumps(parse_one(args.parse)))
        return
    sizes = args.customers or [10_000, 100_000]
    if args.one:
        print(json.dumps(run_one(sizes[0], args.seed, args.rebuild, args.reuse_data, args.stored_parse)))
        return
    rows = []
    for size in sizes:
        rows.append(
            _child(
                ["--one", "--customers", str(size), "--seed", str(args.seed)]
                + (["--rebuild"] if args.rebuild else [])
                + (["--reuse-data"] if args.reuse_data else [])
                + (["--stored-parse"] if args.stored_parse else [])
            )
        )
    print_table(rows)


if __name__ == "__main__":
    main()
