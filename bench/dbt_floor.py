"""Benchmark: what dbt alone costs for the nodes of a syncctl build, with no data to process.

    python bench/dbt_floor.py bench/out/incremental_400000/run_results_02.json [--full-build-s 57.3]

Reads the run_results.json of a syncctl build (bench/incremental.py keeps one per build) and the
manifest.json next to it, and writes a throwaway dbt project with the same models and data tests and
the same dependencies between them, on a new DuckDB file. Every model is incremental (append, as most
of syncctl's are) and selects 10 rows from its parents; every test looks for nulls in its model. It
then times in-process `dbt build` runs on a parsed project, as syncctl runs them (same threads, no
JSON artifacts), and prints a table: the time of the same DAG with nothing to do, and, with
--full-build-s, that time as a share of the full build. That share is the least any incremental build
with these nodes can take: the floor under issue 5's targets (1% changed in at most 10% of the full
build, 0.1% in at most 3%).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "bench"))

from run import print_table  # noqa: E402


def nodes_of_build(run_results: Path) -> tuple[dict[str, list[str]], dict[str, str]]:
    """The models (and seeds) the build ran, each with the ran ones it depends on, and each ran test's model."""
    results = json.loads(run_results.read_text())["results"]
    ran = {result["unique_id"] for result in results}
    manifest = json.loads((run_results.parent / "target" / "manifest.json").read_text())
    nodes = manifest["nodes"]
    models: dict[str, list[str]] = {}
    tests: dict[str, str] = {}
    for unique_id in sorted(ran):
        if unique_id not in nodes:  # unit tests: dbt runs them before their model, on fixtures
            continue
        parents = [parent for parent in nodes[unique_id].get("depends_on", {}).get("nodes", []) if parent in ran]
        if unique_id.startswith(("model.", "seed.")):  # a seed stands in as a model
            models[unique_id] = parents
        elif unique_id.startswith("test."):
            # a test with no ran parent (it reads only tables of earlier builds) hangs on the first model
            tests[unique_id] = parents[0] if parents else ""
    first = next(iter(models))
    return models, {test: model or first for test, model in tests.items()}


def write_project(folder: Path, models: dict[str, list[str]], tests: dict[str, str], threads: int) -> None:
    name = {unique_id: f"m{number}" for number, unique_id in enumerate(models)}
    (folder / "models").mkdir(parents=True)
    (folder / "dbt_project.yml").write_text(
        "name: floor\nversion: '1.0'\nprofile: floor\n"
        "models:\n  floor:\n    +materialized: incremental\n    +incremental_strategy: append\n"
    )
    (folder / "profiles.yml").write_text(
        "floor:\n  target: default\n  outputs:\n    default:\n      type: duckdb\n"
        f"      path: {folder / 'floor.duckdb'}\n      threads: {threads}\n"
    )
    for unique_id, parents in models.items():
        if parents:
            body = " union all ".join(f"select id from {{{{ ref('{name[parent]}') }}}}" for parent in parents)
            body = f"select distinct id from ({body}) as parents limit 10"
        else:
            body = "select range as id from range(10)"
        (folder / "models" / f"{name[unique_id]}.sql").write_text(body + "\n")
    (folder / "tests").mkdir()
    for number, model in enumerate(tests.values()):
        check = f"select id from {{{{ ref('{name[model]}') }}}} where id is null"
        (folder / "tests" / f"t{number}.sql").write_text(check + "\n")


def time_builds(folder: Path, runs: int) -> tuple[list[float], int]:
    from dbt.cli.main import dbtRunner

    common = ["--project-dir", str(folder), "--profiles-dir", str(folder), "--quiet"]
    manifest = dbtRunner().invoke(["parse", *common]).result
    runner = dbtRunner(manifest=manifest)
    seconds = []
    nodes = 0
    for number in range(runs + 1):
        started = time.perf_counter()
        result = runner.invoke(["build", *common, "--no-write-json"])
        if not result.success:
            raise SystemExit(f"dbt build of the floor project failed: {result.exception or result.result}")
        if number:  # the first build creates the tables
            seconds.append(time.perf_counter() - started)
        nodes = len(result.result.results)
    return seconds, nodes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("run_results", type=Path, help="run_results.json of a syncctl build")
    parser.add_argument("--full-build-s", type=float, help="the full build's total_s, to print the floor's share")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--runs", type=int, default=5)
    arguments = parser.parse_args()

    models, tests = nodes_of_build(arguments.run_results)
    folder = Path(tempfile.mkdtemp(prefix="syncctl-dbt-floor-"))
    try:
        write_project(folder, models, tests, arguments.threads)
        seconds, nodes = time_builds(folder, arguments.runs)
    finally:
        shutil.rmtree(folder)
    row = {
        "build": arguments.run_results.name,
        "models": len(models),
        "tests": len(tests),
        "nodes_run": nodes,
        "min_s": round(min(seconds), 3),
        "median_s": round(statistics.median(seconds), 3),
    }
    if arguments.full_build_s:
        row["min_share_of_full"] = f"{min(seconds) / arguments.full_build_s:.1%}"
    print_table([row])


if __name__ == "__main__":
    main()
