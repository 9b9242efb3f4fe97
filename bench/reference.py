"""Benchmark: the yardstick of issue 4's speed target, on this machine.

    python bench/reference.py bench/out/400000/data [--repeat 3]

Issue 4 sets its speed target (1,000,000 source records in under 30 s on 2 cores) on a machine where
"one DuckDB pass that reads and normalises the same records takes about 1 s". This script runs such a
pass on the extracts of a bench run (bench/run.py keeps them under bench/out/N/data): one query that
reads the three demo sources (CSV, JSON lines, Parquet) and writes one row per record to an in-memory
table with its names, email, phone and postcode normalised (trimmed, lower case, accents stripped,
digits only). It prints the seconds of each pass and the fastest. bench/run.py runs it just before
every build and reports the fastest pass as `ref_s`: the speed of this machine, at that moment, in the
issue's own terms.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REFERENCE_SQL = """
create or replace table reference_pass as
with records as (
    select
        'sales' as source, account_id as record_id, first_name, last_name, email, phone,
        billing_postcode as postcode, billing_country as country
    from read_csv('{data}/sales/*.csv', all_varchar = true)
    union all
    select
        'service', cast(contact_id as varchar), name.given, name.family, email, phone,
        regexp_extract(address, '([0-9A-Za-z -]+)$', 1), country
    from read_json('{data}/service/*.jsonl', format = 'newline_delimited')
    union all
    select 'marketing', lead_id, fname, lname, email, phone, postcode, country
    from read_parquet('{data}/marketing/*.parquet')
)
select
    source,
    record_id,
    lower(strip_accents(trim(first_name))) as first_name,
    lower(strip_accents(trim(last_name))) as last_name,
    lower(trim(email)) as email,
    regexp_replace(phone, '[^0-9+]', '', 'g') as phone,
    upper(regexp_replace(postcode, '[^0-9A-Za-z]', '', 'g')) as postcode,
    upper(trim(country)) as country
from records
"""


def reference_pass(data_dir: Path, repeat: int = 3, threads: int = 2) -> tuple[list[float], int]:
    """The seconds of each of `repeat` passes over the extracts in data_dir, and the records read."""
    import duckdb

    con = duckdb.connect()
    con.execute(f"set threads = {threads}")
    sql = REFERENCE_SQL.format(data=data_dir.resolve().as_posix())
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        con.execute(sql)
        seconds.append(time.perf_counter() - started)
    (records,) = con.execute("select count(*) from reference_pass").fetchone()
    con.close()
    return seconds, records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir", type=Path, help="extracts of a bench run, e.g. bench/out/400000/data")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    if not (args.data_dir / "sales").is_dir():
        parser.error(f"{args.data_dir}: no sales/ extracts here; run bench/run.py --customers N first")
    seconds, records = reference_pass(args.data_dir, args.repeat)
    print(f"{records:,} records: " + ", ".join(f"{s:.2f}" for s in seconds) + f" s (fastest {min(seconds):.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
