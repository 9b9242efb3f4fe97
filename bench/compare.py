"""Benchmark: the same build with the code of several git revisions, run alternately.

    python bench/compare.py 74873f7 . --customers 400000 --runs 3

The build's time on a shared machine drifts by a third within minutes, so a change of a few percent
only shows in runs that alternate between the codes being compared. Each revision is checked out once
into its own git worktree under bench/out/compare/ (`.` is this working tree, uncommitted changes
included). Every run is that revision's own `bench/run.py` for one size, with the revision's package
first on PYTHONPATH, so its models, macros and Python code build it. All revisions read the same
extracts: they are generated once (as `bench/run.py` does) and linked into each worktree.

Prints one row per run, in the order they ran, then the mean of each revision. A revision whose
bench/run.py predates a column leaves it empty. The worktrees stay for the next comparison;
`git worktree remove bench/out/compare/ID` drops one.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
OUT = REPO_ROOT / "bench" / "out"
sys.path.insert(0, str(REPO_ROOT / "bench"))

from run import generate_extracts, print_table, stored_records  # noqa: E402

COLUMNS = ("land_s", "dbt_s", "export_s", "total_s", "cpu_s", "ref_s", "peak_rss_mb", "precision", "recall")


def checkout(revision: str) -> tuple[str, Path]:
    """The short commit id of `revision` and a worktree holding it (`.`: this working tree)."""
    if revision == ".":
        return "working tree", REPO_ROOT
    commit = _git("rev-parse", "--short", "--verify", f"{revision}^{{commit}}")
    tree = OUT / "compare" / commit
    if not (tree / "bench" / "run.py").exists():
        _git("worktree", "add", "--detach", "--force", str(tree), commit)
    return commit, tree


def ensure_data(customers: int, seed: int) -> Path:
    """This size's extracts under bench/out/N/data, generated unless an earlier run left them."""
    data = OUT / str(customers) / "data"
    if stored_records(data, customers, seed) is None:
        generate_extracts(data, customers, seed)
    return data


def run_once(tree: Path, customers: int, seed: int, data: Path) -> dict:
    """One build of `customers` with the code in `tree`: the row its bench/run.py reports."""
    linked = tree / "bench" / "out" / str(customers) / "data"
    if tree != REPO_ROOT and not linked.exists():
        linked.parent.mkdir(parents=True, exist_ok=True)
        linked.symlink_to(data, target_is_directory=True)
    env = os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, [str(tree), os.environ.get("PYTHONPATH")]))}
    args = ["--one", "--customers", str(customers), "--seed", str(seed), "--reuse-data"]
    child = subprocess.run(
        [sys.executable, str(tree / "bench" / "run.py"), *args], capture_output=True, text=True, env=env, check=False
    )
    if child.returncode != 0:
        sys.exit(f"bench failed in {tree}:\n{child.stderr[-2000:]}")
    return json.loads(child.stdout.strip().splitlines()[-1])


def _git(*args: str) -> str:
    done = subprocess.run(["git", "-C", str(REPO_ROOT), *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"git {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("revisions", nargs="+", help="git revisions to compare; `.` is this working tree")
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3, help="builds per revision (default 3)")
    args = parser.parse_args(argv)
    if len(args.revisions) < 2:
        parser.error("give at least two revisions to compare")

    trees = [checkout(revision) for revision in args.revisions]
    data = ensure_data(args.customers, args.seed)
    rows: list[dict] = []
    for run in range(1, args.runs + 1):
        for name, tree in trees:
            measured = run_once(tree, args.customers, args.seed, data)
            rows.append({"code": name, "run": run} | {column: measured.get(column, "") for column in COLUMNS})
            print(f"{name} run {run}: total_s {measured['total_s']}", file=sys.stderr)
    print_table(rows)
    print()
    means = []
    for name, _tree in trees:
        mine = [row for row in rows if row["code"] == name]
        mean = {"code": name, "runs": len(mine)}
        for column in ("total_s", "dbt_s", "cpu_s", "ref_s"):
            values = [row[column] for row in mine if row[column] != ""]
            mean[column] = round(statistics.mean(values), 2) if values else ""
        means.append(mean)
    print_table(means)
    return 0


if __name__ == "__main__":
    sys.exit(main())
