"""Benchmark: incremental builds against a full build, and their result against a full refresh.

    python bench/incremental.py --customers 400000 --change 0.01 --change 0.001 [--check]

Generates N customers (about 2.5 source records each), builds them (the full build), then for each
--change fraction lands one new sales file in which that share of all source records changed (80%
updated: new city, street and updated_at, 10% with a new email, 10% new records that are copies
of existing people with a typo), and times the incremental build. With --check it then runs
`syncctl build --full-refresh` and reports whether customers, customer_xref and the ids are
identical to what the incremental builds produced. Before that, one more build finds no new file
(dbt is skipped). `compacted` says whether a build compacted the tables (see README: compaction is
deferred until a tenth of the landed rows is new; use `--change 0.1` to time such a build).
Each size runs in its own process. Prints a table.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "bench"))

from run import OUT, print_table  # noqa: E402


def write_change(work: Path, records: int, fraction: float, number: int) -> int:
    """One sales CSV with `fraction` of all records changed; returns how many rows it holds."""
    import duckdb

    sales = work / "data" / "sales"
    changed = max(1, round(records * fraction))
    with duckdb.connect() as con:
        con.execute(f"create table sales as select * from read_csv('{sales / 'accounts.csv'}', all_varchar = true)")
        con.execute(
            f"""
            copy (
                with picked as (
                    select *, row_number() over (order by hash(account_id || ':{number}')) as pick
                    from sales
                )
                select * exclude (pick) replace (
                    case when pick % 10 = 0 then account_id || '-N{number}' else account_id end as account_id,
                    case when pick % 10 = 0 then first_name || 'e' else first_name end as first_name,
                    case when pick % 10 = 1 then 'new.' || account_id || '@example.org' else email end as email,
                    case when pick % 10 in (0, 1) then billing_street
                        else '{number} Change Street' end as billing_street,
                    case when pick % 10 in (0, 1) then billing_city else 'Changeville' end as billing_city,
                    '2026-11-{10 + number:02d} 00:00:00' as updated_at
                )
                from picked
                where pick <= {changed}
            ) to '{sales / f"accounts_change_{number:02d}.csv"}' (header true)
            """
        )
    return changed


def snapshot(database: Path) -> tuple[list, list]:
    import duckdb

    with duckdb.connect(str(database), read_only=True) as con:
        customers = con.execute("select * exclude (built_run_id) from customers order by customer_id").fetchall()
        xref = con.execute("select source_record_key, customer_id from customer_xref order by all").fetchall()
    return customers, xref


def run_one(customers: int, changes: list[float], check: bool, seed: int) -> list[dict]:
    import shutil

    from syncctl.build import run_build
    from syncctl.demo_data import generate
    from syncctl.project import Project

    work = OUT / f"incremental_{customers}"
    if work.exists():
        shutil.rmtree(work)
    generated = generate(customers=customers, seed=seed, out=work / "data")
    config = yaml.safe_load((REPO_ROOT / "syncctl.yml").read_text())
    for source in config["sources"].values():
        source["path"] = str(work / "data" / Path(source["path"]).relative_to("demo"))
    config["database"] = str(work / "bench.duckdb")
    config["targets"] = {"crm_export": {"type": "file", "path": str(work / "exports")}}
    (work / "syncctl.yml").write_text(yaml.safe_dump(config))
    project = Project.load(REPO_ROOT, work / "syncctl.yml")

    full = run_build(project)
    shutil.copy(work / "target" / "run_results.json", work / "run_results_full.json")
    rows = [
        {
            "customers": customers,
            "records": generated.total_records,
            "build": "full",
            "changed_rows": generated.total_records,
            "dbt_s": full.seconds["dbt"],
            "total_s": full.seconds["total"],
            "share_of_full": "100%",
            "exported": sum(result.total for result in full.exports),
            "compacted": "yes" if full.compacted else "no",
        }
    ]
    for number, fraction in enumerate(changes, start=1):
        changed = write_change(work, generated.total_records, fraction, number)
        summary = run_build(project)
        shutil.copy(work / "target" / "run_results.json", work / f"run_results_{number:02d}.json")
        rows.append(
            {
                "customers": customers,
                "records": generated.total_records,
                "build": f"incremental {fraction:.1%}",
                "changed_rows": changed,
                "dbt_s": summary.seconds["dbt"],
                "total_s": summary.seconds["total"],
                "share_of_full": f"{summary.seconds['total'] / full.seconds['total']:.1%}",
                "exported": sum(result.total for result in summary.exports),
                "compacted": "yes" if summary.compacted else "no",
            }
        )
    idle = run_build(project)  # what a scheduled run that finds no new file costs
    rows.append(
        {
            "customers": customers,
            "records": generated.total_records,
            "build": "no new file",
            "changed_rows": 0,
            "dbt_s": idle.seconds.get("dbt", 0.0),
            "total_s": idle.seconds["total"],
            "share_of_full": f"{idle.seconds['total'] / full.seconds['total']:.1%}",
            "exported": sum(result.total for result in idle.exports),
            "compacted": "no",
        }
    )
    if check:
        incremental = snapshot(project.database_path)
        began = time.perf_counter()
        run_build(project, export=False, full_refresh=True)
        refresh_seconds = round(time.perf_counter() - began, 2)
        identical = snapshot(project.database_path) == incremental
        for row in rows:
            row["refresh_identical"] = "yes" if identical else "NO"
        rows.append(
            {
                "customers": customers,
                "records": generated.total_records,
                "build": "full refresh",
                "changed_rows": 0,
                "dbt_s": refresh_seconds,
                "total_s": refresh_seconds,
                "share_of_full": "",
                "exported": 0,
                "compacted": "yes",
                "refresh_identical": "yes" if identical else "NO",
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, action="append", help="size to run (repeatable)")
    parser.add_argument("--change", type=float, action="append", help="share of records changed (repeatable)")
    parser.add_argument("--check", action="store_true", help="compare with a full refresh at the end")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = args.customers or [100_000]
    changes = args.change or [0.01, 0.001]
    if args.one:
        print(json.dumps(run_one(sizes[0], changes, args.check, args.seed)))
        return
    rows: list[dict] = []
    for size in sizes:
        command = [sys.executable, __file__, "--one", "--customers", str(size), "--seed", str(args.seed)]
        command += [part for change in changes for part in ("--change", str(change))]
        command += ["--check"] if args.check else []
        child = subprocess.run(command, capture_output=True, text=True, check=False)
        if child.returncode != 0:
            sys.exit(f"bench failed at {size:,} customers:\n{child.stderr[-3000:]}")
        rows += json.loads(child.stdout.strip().splitlines()[-1])
    print_table(rows)


if __name__ == "__main__":
    main()
