"""The `syncctl` command line. Typer wiring only: each command calls one function of the core."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from syncctl.build import RunSummary
    from syncctl.progress import Reporter
    from syncctl.project import Project

app = typer.Typer(
    name="syncctl",
    help="SQL-first customer data sync: land source extracts, cleanse, match and merge them into "
    "unified customers, and deliver what changed to the CRM.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@dataclass
class Options:
    project_dir: Path
    config: Path | None
    profiles_dir: Path | None
    target: str | None
    verbose: bool
    json: bool

    def project(self) -> Project:
        from syncctl.project import Project

        return Project.load(self.project_dir, self.config, self.profiles_dir, self.target)

    def reporter(self) -> Reporter:
        from syncctl.progress import NullReporter, RichReporter

        return NullReporter() if self.json else RichReporter(_console(stderr=True))


@app.callback()
def main(
    ctx: typer.Context,
    project_dir: Annotated[
        Path, typer.Option("--project-dir", "-p", help="The syncctl project (holds dbt_project.yml).")
    ] = Path("."),
    config: Annotated[
        Path | None,
        typer.Option("--config", "-c", help="The config file (default: PROJECT_DIR/syncctl.yml)."),
    ] = None,
    profiles_dir: Annotated[
        Path | None,
        typer.Option(
            "--profiles-dir", help="A folder with your own dbt profiles.yml (default: the embedded DuckDB profile)."
        ),
    ] = None,
    target: Annotated[str | None, typer.Option("--target", "-t", help="The dbt target in the profile.")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show tracebacks of errors.")] = False,
    json_output: Annotated[bool, typer.Option("--json", help="Print machine-readable JSON on stdout.")] = False,
) -> None:
    """Global options, shared by every command."""
    ctx.obj = Options(project_dir, config, profiles_dir, target, verbose, json_output)


@app.command()
def build(
    ctx: typer.Context,
    no_export: Annotated[bool, typer.Option("--no-export", help="Build and test, but do not export.")] = False,
    retrain: Annotated[
        bool,
        typer.Option(
            "--retrain",
            help="Re-estimate the match weights and term frequencies from the data (else the stored ones);"
            " rebuilds every model.",
        ),
    ] = False,
    full_refresh: Annotated[
        bool,
        typer.Option(
            "--full-refresh", help="Rebuild every model from the landed data, caches included (the histories are kept)."
        ),
    ] = False,
) -> None:
    """Land new source files, build and test the models with dbt, and export the delta to every target.

    When no new file landed since the last successful build and the models and settings are the same,
    dbt is skipped (there is nothing to recompute) and only pending exports are delivered.
    """
    from syncctl.build import run_build

    options: Options = ctx.obj
    summary = _guarded(
        options,
        lambda: run_build(
            options.project(), options.reporter(), export=not no_export, retrain=retrain, full_refresh=full_refresh
        ),
    )
    _print_summary(options, summary)


@app.command()
def land(ctx: typer.Context) -> None:
    """Land new source files into the raw tables (a file already landed, by content, is skipped)."""
    from syncctl.build import run_land

    options: Options = ctx.obj
    summary = _guarded(options, lambda: run_land(options.project(), options.reporter()))
    _print_summary(options, summary)


@app.command()
def export(
    ctx: typer.Context,
    target: Annotated[
        list[str] | None, typer.Option("--to", help="Export to this target only (repeatable; default: all targets).")
    ] = None,
) -> None:
    """Export the changes since each target's last successful export (run after a build)."""
    from syncctl.build import run_export

    options: Options = ctx.obj
    summary = _guarded(options, lambda: run_export(options.project(), target or None))
    _print_summary(options, summary)


@app.command()
def status(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="How many runs to show.")] = 10,
) -> None:
    """Show the last runs: when, what, counts and result."""
    from syncctl.build import recent

    options: Options = ctx.obj
    runs = _guarded(options, lambda: recent(options.project(), limit))
    if options.json:
        _print_json([_run_dict(run) for run in runs])
        return
    from rich.table import Table

    table = Table(title="syncctl runs", title_justify="left")
    for column in (
        "run id",
        "command",
        "started (UTC)",
        "seconds",
        "status",
        "landed",
        "customers",
        "exported",
    ):
        table.add_column(column, justify="right" if column in ("seconds", "landed", "customers") else "left")
    for run in runs:
        summary = run.summary
        seconds = summary.get("seconds", {}).get("total")
        exported = ", ".join(
            f"{e['target']}: +{e['inserts']} ~{e['updates']} -{e['deletes']}" for e in summary.get("exports", [])
        )
        table.add_row(
            run.run_id,
            run.command,
            run.started_at.strftime("%Y-%m-%d %H:%M:%S"),
            f"{seconds:.1f}" if seconds is not None else "",
            _status_markup(run.status, run.error),
            f"{sum(summary.get('landed_rows', {}).values()):,}" if summary else "",
            f"{summary['customers']:,}" if summary.get("customers") is not None else "",
            exported,
        )
    _console().print(table)


@app.command()
def rejects(
    ctx: typer.Context,
    source: Annotated[str | None, typer.Option("--source", "-s", help="Only this source.")] = None,
    rule: Annotated[
        str | None,
        typer.Option(
            "--rule",
            "-r",
            help="Only this rule: missing_primary_key, duplicate_primary_key, uncastable_value, no_identifying_fields.",
        ),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="At most this many rows.")] = 50,
) -> None:
    """List rejected source rows: the rule they failed, the field and value, the file and row."""
    from syncctl.build import rejects as list_rejected

    options: Options = ctx.obj
    rows = _guarded(options, lambda: list_rejected(options.project(), source, rule, limit))
    if options.json:
        _print_json(rows)
        return
    from rich.table import Table

    table = Table(title=f"rejected rows ({len(rows)} shown)", title_justify="left")
    for column in ("source", "record id", "rule", "field", "value", "file:row"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            row["source"],
            row["source_record_id"] or "",
            row["reject_reason"],
            row["rejected_field"] or "",
            row["rejected_value"] or "",
            f"{row['source_file'].rsplit('/', 1)[-1]}:{row['source_row_number']}",
        )
    _console().print(table)


@app.command()
def profile(
    ctx: typer.Context,
    source: Annotated[str | None, typer.Argument(help="Profile only this source.")] = None,
) -> None:
    """Per source and field: fill rate, validity before and after cleansing, distinct and top values."""
    from syncctl.build import field_profiles

    options: Options = ctx.obj
    profiles = _guarded(options, lambda: field_profiles(options.project(), source))
    if options.json:
        _print_json([item.to_dict() for item in profiles])
        return
    from rich.table import Table

    for source_name in dict.fromkeys(item.source for item in profiles):
        rows = [item for item in profiles if item.source == source_name]
        table = Table(title=f"{source_name}: {rows[0].records:,} records", title_justify="left")
        for column in ("field", "filled", "valid as landed", "valid after cleansing", "distinct", "top values"):
            table.add_column(column, justify="left" if column in ("field", "top values") else "right")
        for item in rows:
            table.add_row(
                item.field,
                f"{item.rate(item.filled):.0%}",
                f"{item.rate(item.valid_as_landed):.0%}",
                f"{item.rate(item.valid_after_cleansing):.0%}",
                f"{item.distinct_values:,}",
                ", ".join(f"{value} ({count})" for value, count in item.top_values if value is not None),
            )
        _console().print(table)


@app.command()
def explain(
    ctx: typer.Context,
    customer_id: Annotated[
        str | None,
        typer.Argument(
            metavar="CUSTOMER_ID", help="The customer to explain (a customer_id such as cus_3ae6c0ee13c31497)."
        ),
    ] = None,
    pair: Annotated[
        tuple[str, str] | None,
        typer.Option(
            "--pair",
            metavar="SRC:ID SRC:ID",
            help="Explain two source records instead, e.g. --pair sales:A0000689 marketing:L-0000428.",
        ),
    ] = None,
) -> None:
    """Why records were merged or not: a customer's records and links, or the evidence for one pair of records."""
    from syncctl.explain import customer_explanation, pair_explanation

    options: Options = ctx.obj
    if (customer_id is None) == (pair is None):
        _fail(options, "give a CUSTOMER_ID or --pair SRC:ID SRC:ID (exactly one of the two)", 2)
    if pair is not None:
        explanation = _guarded(options, lambda: pair_explanation(options.project(), *pair))
    else:
        explanation = _guarded(options, lambda: customer_explanation(options.project(), customer_id))
    if options.json:
        _print_json(explanation.to_dict())
    else:
        _print_explanation(explanation)


@app.command()
def history(
    ctx: typer.Context,
    customer_id: Annotated[
        str,
        typer.Argument(metavar="CUSTOMER_ID", help="The customer, e.g. cus_3ae6c0ee13c31497 (also one that is gone)."),
    ],
) -> None:
    """A customer's versions, merges, splits and deletes in time order (customers_history, customer_id_history)."""
    from rich.table import Table

    from syncctl.history import customer_history

    options: Options = ctx.obj
    events = _guarded(options, lambda: customer_history(options.project(), customer_id))
    if options.json:
        _print_json({"customer_id": customer_id, "events": [event.to_dict() for event in events]})
        return
    table = Table(title=f"history of {customer_id}", title_justify="left")
    table.add_column("when (UTC)")
    table.add_column("event")
    table.add_column("what", overflow="fold")
    table.add_column("run", style="dim")
    for event in events:
        label = f"{event.event} (current)" if event.is_current else event.event
        table.add_row(f"{event.at:%Y-%m-%d %H:%M:%S}", label, event.detail, event.run_id)
    _console().print(table)


@app.command()
def evaluate(
    ctx: typer.Context,
    truth: Annotated[
        Path,
        typer.Option(
            "--truth",
            metavar="FILE",
            help="A CSV with the columns source,source_record_id,person_id: which records are the same person.",
        ),
    ],
) -> None:
    """Score the matching against a ground truth: pairwise precision, recall and F1 of the customers."""
    from syncctl.evaluate import evaluate as score

    options: Options = ctx.obj
    scores = _guarded(options, lambda: score(options.project(), truth))
    if options.json:
        _print_json(scores.to_dict())
    else:
        _print_scores(truth, scores)


@app.command("demo-data")
def demo_data(
    customers: Annotated[int, typer.Option(min=1, help="How many distinct people to generate.")] = 1000,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed writes the same files.")] = 42,
    out: Annotated[Path, typer.Option(help="Output folder (sales/, service/, marketing/, truth.csv).")] = Path("demo"),
) -> None:
    """Generate messy demo extracts for three sources, and the ground truth (truth.csv) beside them."""
    from syncctl.demo_data import generate

    result = generate(customers=customers, seed=seed, out=out)
    for path in result.paths:
        typer.echo(str(path))


@app.command(
    "dbt",
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
)
def dbt_command(ctx: typer.Context) -> None:
    """Run a dbt command with syncctl's profile and vars, e.g. `syncctl dbt docs generate`."""
    from syncctl.build import run_dbt

    options: Options = ctx.obj
    if not ctx.args:
        _fail(options, "give a dbt command, e.g. `syncctl dbt docs generate` or `syncctl dbt test -s customers`")
    outcome = _guarded(options, lambda: run_dbt(options.project(), list(ctx.args), options.reporter()))
    if options.json:
        _print_json({"command": outcome.command, "nodes": outcome.nodes, "seconds": outcome.seconds})
    else:
        nodes = f"{len(outcome.nodes)} node(s) " if outcome.nodes else ""
        _console().print(f"dbt {outcome.command}: {nodes}ok in {outcome.seconds:.1f}s")


def _guarded(options: Options, action: Any) -> Any:
    """Run a core function; a `SyncctlError` becomes one red line on stderr and its exit code."""
    from syncctl.errors import SyncctlError

    try:
        return action()
    except SyncctlError as exc:
        if options.verbose:
            import traceback

            traceback.print_exc()
        _fail(options, str(exc), exc.exit_code)


def _fail(options: Options, message: str, exit_code: int = 1) -> NoReturn:
    if options.json:
        _print_json({"error": message})
    _console(stderr=True).print(f"[bold red]error:[/] {message}", soft_wrap=True, highlight=False)
    raise typer.Exit(exit_code)


def _print_summary(options: Options, summary: RunSummary) -> None:
    if options.json:
        _print_json(summary.to_dict())
        return
    from rich.table import Table

    console = _console()
    for path in summary.created_models:
        console.print(f"created staging model file {path}")
    table = Table(title=f"syncctl {summary.command} · run {summary.run_id}", title_justify="left")
    table.add_column("")
    table.add_column("value", justify="right")
    sources = sorted(set(summary.landed_rows) | set(summary.source_records) | set(summary.rejected))
    for source in sources:
        table.add_row(f"landed rows · {source}", f"{summary.landed_rows.get(source, 0):,}")
    if summary.skipped_files:
        table.add_row("files already landed (skipped)", f"{summary.skipped_files:,}")
    for source in sources:
        if source in summary.source_records or source in summary.rejected:
            table.add_row(
                f"records · {source}",
                f"{summary.source_records.get(source, 0):,} accepted, {summary.rejected.get(source, 0):,} rejected",
            )
    if summary.cleansing_issues is not None:
        table.add_row("values nulled or flagged by cleansing", f"{summary.cleansing_issues:,} (syncctl profile)")
    if summary.customers is not None:
        table.add_row("unified customers", f"{summary.customers:,}")
    if summary.customers_recomputed is not None:
        changed = ", ".join(f"{count:,} {kind}" for kind, count in summary.changed_records.items()) or "none"
        table.add_row(
            "changed since the last build",
            f"records: {changed}; customers recomputed: {summary.customers_recomputed:,}",
        )
    if summary.trained:
        table.add_row("match weights", "estimated from this data and stored")
    if summary.full_refresh:
        table.add_row("full refresh", summary.full_refresh)
    if summary.dbt_skipped:
        table.add_row("dbt build skipped", summary.dbt_skipped)
    if summary.compaction:
        table.add_row("tables compacted", summary.compaction)
    if summary.dropped_relations:
        table.add_row("left-over relations dropped", ", ".join(summary.dropped_relations))
    for result in summary.exports:
        table.add_row(
            f"exported · {result.target}",
            f"{result.inserts:,} inserts, {result.updates:,} updates, {result.deletes:,} deletes"
            + (f", {result.detaches:,} detached (kept by the target)" if result.detaches else ""),
        )
        if result.location:
            table.add_row("", result.location)
    seconds = "  ".join(f"{phase} {value:.1f}" for phase, value in summary.seconds.items())
    table.add_row("seconds", seconds)
    _console().print(table)


def _print_explanation(explanation: Any) -> None:
    from syncctl.explain import CustomerExplanation

    if isinstance(explanation, CustomerExplanation):
        _print_customer(explanation)
    else:
        _print_pair(explanation)


def _print_customer(explanation: Any) -> None:
    from rich.table import Table

    console = _console()
    golden = Table(title=f"customer {explanation.customer_id}", title_justify="left")
    golden.add_column("field")
    golden.add_column("golden value")
    for name, value in explanation.golden.items():
        if value is not None:
            golden.add_row(name, str(value))
    console.print(golden)
    console.print(_records_table(f"{len(explanation.records)} records", explanation.records))
    links = Table(title=f"{len(explanation.links)} links", title_justify="left")
    names = [result.name for result in explanation.links[0].comparisons] if explanation.links else []
    key_width = max((len(record.key) for record in explanation.records), default=0)
    links.add_column("record a", min_width=key_width)
    links.add_column("record b", min_width=key_width)
    for column in ("linked by", "probability", "weight", *names):
        links.add_column(column, justify="right" if column in ("probability", "weight") else "left")
    for link in explanation.links:
        links.add_row(
            link.key_a,
            link.key_b,
            link.link_rule or "probability",
            f"{link.match_probability:.4f}",
            f"{link.match_weight:+.1f}",
            *(_level_markup(result.level, result.weight) for result in link.comparisons),
        )
    console.print(links)


def _print_pair(explanation: Any) -> None:
    from rich.table import Table

    console = _console()
    console.print(
        _records_table(f"{explanation.key_a} and {explanation.key_b}", [explanation.record_a, explanation.record_b])
    )
    score = explanation.score
    if score is not None:
        table = Table(title="candidate pair", title_justify="left")
        table.add_column("comparison")
        table.add_column("level")
        table.add_column("weight", justify="right")
        table.add_row("blocking rules", ", ".join(score.blocking_rules), "")
        table.add_row("prior", "", f"{score.prior_weight:+.2f}")
        for result in score.comparisons:
            table.add_row(result.name, result.level, f"{result.weight:+.2f}")
        table.add_row("[bold]total[/]", f"probability {score.match_probability:.4f}", f"{score.match_weight:+.2f}")
        table.add_row("threshold", f"match_probability {explanation.threshold}", "")
        table.add_row("link rule", score.link_rule or "none met", "")
        table.add_row("cannot link", score.cannot_link_reason or "no conflict", "")
        console.print(table)
    elif explanation.blocking_keys:
        table = Table(title="blocking keys (no shared non-generic key: not a candidate pair)", title_justify="left")
        for column in ("blocking rule", explanation.key_a, explanation.key_b, "note"):
            table.add_column(column)
        for keys in explanation.blocking_keys:
            note = "generic" if keys.shared and keys.is_generic else "shared" if keys.shared else ""
            note += ", rule over max_pairs_per_blocking_rule" if keys.rule_over_pair_limit else ""
            table.add_row(keys.rule, keys.key_a or "[dim]-[/]", keys.key_b or "[dim]-[/]", note)
        console.print(table)
    colour = "green" if score is not None and score.is_linked else "yellow"
    console.print(f"[{colour}]{explanation.verdict()}[/]", soft_wrap=True, highlight=False)


def _records_table(title: str, records: list[Any]) -> Any:
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    for column in ("record", "status", "first name", "last name", "email", "phone", "date of birth", "postcode"):
        table.add_column(column)
    for record in records:
        status = record.customer_id if record.accepted else f"[red]{record.status()}[/]"
        table.add_row(record.key, status, *(_text(value) for value in record.values.values()))
    return table


def _level_markup(level: str, weight: float) -> str:
    short = level.replace("jaro_winkler", "jw").replace("damerau_levenshtein", "dl").replace("levenshtein", "lev")
    if level == "missing":
        return "[dim]missing[/]"
    colour = "green" if weight > 0 else "red" if weight < 0 else "dim"
    return f"{short} [{colour}]{weight:+.1f}[/]"


def _text(value: Any) -> str:
    return "[dim]-[/]" if value is None else str(value)


def _print_scores(truth: Path, scores: Any) -> None:
    from rich.table import Table

    table = Table(title=f"matching against {truth}", title_justify="left")
    table.add_column("")
    table.add_column("value", justify="right")
    for label, value in (
        ("records compared", scores.records_compared),
        ("records not in customer_xref (rejected or not landed)", scores.records_not_in_xref),
        ("true clusters (people)", scores.true_clusters),
        ("predicted clusters (customers)", scores.predicted_clusters),
        ("true pairs", scores.true_pairs),
        ("predicted pairs", scores.predicted_pairs),
        ("true-positive pairs", scores.true_positive_pairs),
    ):
        table.add_row(label, f"{value:,}")
    table.add_row("precision", f"{scores.precision:.4f}")
    table.add_row("recall", f"{scores.recall:.4f}")
    table.add_row("F1", f"{scores.f1:.4f}")
    _console().print(table)


def _run_dict(run: Any) -> dict[str, Any]:
    return {
        "run_id": run.run_id,
        "command": run.command,
        "started_at": run.started_at.isoformat(),
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
        "status": run.status,
        "error": run.error,
        "summary": run.summary,
    }


def _status_markup(status: str, error: str | None) -> str:
    colour = {"success": "green", "failed": "red", "running": "yellow"}.get(status, "dim")
    text = f"[{colour}]{status}[/]"
    return f"{text} {error[:80]}" if error else text


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")


def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr)
