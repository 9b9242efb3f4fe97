"""The syncctl commands as functions: land, build (land + dbt + export), export, status.

Each holds the run lock for the database, records the run in `syncctl_state.runs`, and leaves no partial
state behind on failure: landing is one transaction, dbt builds tables atomically, and an export is
recorded only after its delivery succeeded.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from syncctl import dbt
from syncctl.canonical import CANONICAL_COLUMNS
from syncctl.database import COMPACT_AFTER_SHARE, connect, drop_retired_relations, table_columns, table_exists
from syncctl.errors import ConfigError, StateError, SyncctlError
from syncctl.export import ExportResult, export_all
from syncctl.landing import RAW_SCHEMA, LandingResult, PlannedFile, check_mapping, land, raw_columns_after
from syncctl.lock import run_lock
from syncctl.progress import NullReporter, Reporter
from syncctl.quality import FieldProfile, check_reject_ratios, list_rejects, profile
from syncctl.scaffold import scaffold_sources
from syncctl.state import (
    STATE_SCHEMA,
    RunRecord,
    batches_all_built,
    compaction_due,
    ensure_state,
    finish_run,
    forget_match_weights,
    new_run_id,
    recent_runs,
    remember_build_xref,
    set_current_run,
    start_run,
    store_fingerprints,
    store_match_weights,
    stored_fingerprints,
)

if TYPE_CHECKING:
    import duckdb

    from syncctl.project import Project

T = TypeVar("T")


@dataclass
class RunSummary:
    """What a command did, for the summary table and `--json`."""

    run_id: str
    command: str
    landed_rows: dict[str, int] = field(default_factory=dict)
    landed_files: int = 0
    skipped_files: int = 0
    source_records: dict[str, int] = field(default_factory=dict)
    rejected: dict[str, int] = field(default_factory=dict)
    customers: int | None = None
    changed_records: dict[str, int] = field(default_factory=dict)  # insert/update/remove since the last build
    customers_recomputed: int | None = None
    cleansing_issues: int | None = None
    trained: bool = False
    full_refresh: str | None = None  # why every model was rebuilt, when it was
    dbt_skipped: str | None = None  # why dbt did not run, when it did not
    compacted: bool = False  # the build compacted the tables (syncctl.database.defer_compaction)
    compaction: str | None = None  # why an incremental build compacted them, when it did
    dropped_relations: list[str] = field(default_factory=list)  # left over from earlier models, dropped
    exports: list[ExportResult] = field(default_factory=list)
    created_models: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["exports"] = [asdict(result) for result in self.exports]
        return data


@contextmanager
def _timed(summary: RunSummary, phase: str) -> Iterator[None]:
    began = time.perf_counter()
    try:
        yield
    finally:
        summary.seconds[phase] = round(time.perf_counter() - began, 3)


def _run(project: Project, command: str, body: Callable[[RunSummary], None]) -> RunSummary:
    """Lock, record the run, execute `body`, and record its result (or its error)."""
    summary = RunSummary(run_id=new_run_id(), command=command)
    began = time.perf_counter()
    with run_lock(project.database_path):
        with connect(project.database_path) as con:
            ensure_state(con)
            start_run(con, summary.run_id, command)
        try:
            body(summary)
        except SyncctlError as exc:
            _finish(project, summary, began, status="failed", error=str(exc))
            raise
        except BaseException as exc:
            _finish(project, summary, began, status="failed", error=f"{type(exc).__name__}: {exc}")
            raise
        _finish(project, summary, began, status="success")
    return summary


def _finish(project: Project, summary: RunSummary, began: float, *, status: str, error: str | None = None) -> None:
    summary.seconds["total"] = round(time.perf_counter() - began, 3)
    with connect(project.database_path) as con:
        finish_run(con, summary.run_id, status=status, summary=summary.to_dict(), error=error)


def _land_into(
    project: Project,
    summary: RunSummary,
    reporter: Reporter,
    on_plan: Callable[[duckdb.DuckDBPyConnection, list[PlannedFile]], None] | None = None,
) -> LandingResult:
    with _timed(summary, "land"), connect(project.database_path) as con:
        planned = (lambda plan: on_plan(con, plan)) if on_plan is not None else None
        result = land(con, project.loaded, summary.run_id, reporter, on_plan=planned)
    summary.landed_rows = result.rows_by_source()
    summary.landed_files = len(result.batches)
    summary.skipped_files = len(result.skipped)
    return result


def run_land(project: Project, reporter: Reporter | None = None) -> RunSummary:
    """Land every new source file into the raw tables."""
    reporter = reporter or NullReporter()
    return _run(project, "land", lambda summary: _land_into(project, summary, reporter) and None)


def run_build(
    project: Project,
    reporter: Reporter | None = None,
    *,
    export: bool = True,
    retrain: bool = False,
    full_refresh: bool = False,
) -> RunSummary:
    """Land new files, build and test the dbt models, and export the delta to every target.

    A build is incremental: the row-by-row models only process the record versions they have not seen,
    and a build that lands no new file, after a successful build with the same models, skips dbt.
    `retrain` re-estimates the match weights from the data instead of using the stored ones (and so
    rebuilds every model);
    `full_refresh` rebuilds every model from the landed data, as does a build after the models, macros,
    seeds or settings changed. Neither touches the histories.
    """
    reporter = reporter or NullReporter()

    def parse_while_landing(con: duckdb.DuckDBPyConnection, plan: list[PlannedFile]) -> None:
        # new files mean dbt runs after the landing: parse the project meanwhile, with the vars the
        # landed tables will give (a different guess only costs parsing again)
        if plan:
            dbt.parse_ahead(project, dbt.dbt_vars(project, compile_sources(con, project, plan)))

    def body(summary: RunSummary) -> None:
        # first, so that the parse while landing already sees a new source's staging model
        summary.created_models = [
            str(path.relative_to(project.project_dir))
            for path in scaffold_sources(project.project_dir, list(project.loaded.config.sources))
        ]
        _land_into(project, summary, reporter, on_plan=parse_while_landing)
        with connect(project.database_path) as con:
            variables = dbt.dbt_vars(project, compile_sources(con, project))
            set_current_run(con, summary.run_id)
            if retrain:
                forget_match_weights(con)
            fingerprint = dbt.logic_fingerprint(project, variables)
            views_fingerprint = dbt.views_fingerprint(project, variables)
            previous, previous_views = stored_fingerprints(con)
            all_built = batches_all_built(con)
            compaction_is_due = compaction_due(con)
        if full_refresh:
            summary.full_refresh = "asked for (--full-refresh)"
        elif retrain:
            summary.full_refresh = "new match weights score every pair anew (--retrain)"
        elif previous is not None and previous != fingerprint:
            summary.full_refresh = "the models, macros, seeds or syncctl.yml settings changed since the last build"
        same_logic = previous == fingerprint and not summary.full_refresh
        if same_logic and views_fingerprint == previous_views and all_built:
            # the models would recompute nothing: a scheduled build that found no new file costs a second
            summary.dbt_skipped = "nothing landed since the last successful build and the models are the same"
            _finish_unbuilt(project, summary, export=export)
            return
        # a full build rewrites the tables anyway; an incremental one compacts what earlier ones deferred
        summary.compacted = bool(summary.full_refresh) or previous is None or compaction_is_due
        if summary.compacted and previous is not None and not summary.full_refresh:
            summary.compaction = (
                f"deleted rows reclaimed ({COMPACT_AFTER_SHARE:.0%} of the landed rows came after the last compaction)"
            )
        with _timed(summary, "dbt"):
            # unit tests specify the SQL logic on fixed rows: `make test` runs them, production builds skip them
            args = ["build", "--exclude-resource-type", "unit_test"]
            if summary.full_refresh or previous is None:  # the first build builds everything from scratch
                args.append("--full-refresh")
            elif same_logic:
                standing = _standing_nodes(views_fingerprint == previous_views)
                args += ["--exclude", *standing, "--indirect-selection", "cautious"]
            outcome = dbt.invoke(project, args, variables, reporter, reuse_parse=True, compact=summary.compacted)
        with connect(project.database_path, compact=summary.compacted) as con:
            summary.trained = not same_logic and store_match_weights(con, summary.run_id)
            remember_build_xref(con, summary.run_id, full=not same_logic)
            if not same_logic:
                summary.dropped_relations = drop_retired_relations(con, dbt.owned_relations(outcome.manifest))
            store_fingerprints(con, fingerprint, views_fingerprint, summary.run_id, compacted=summary.compacted)
            _report_and_export(con, project, summary, export=export)

    return _run(project, "build", body)


def _finish_unbuilt(project: Project, summary: RunSummary, *, export: bool) -> None:
    """The end of a build that had nothing to compute: report the unchanged result and export what is
    still pending (e.g. a delivery that failed in the last build)."""
    with connect(project.database_path) as con:
        _report_and_export(con, project, summary, export=export)
        summary.changed_records, summary.customers_recomputed = {}, 0


def _report_and_export(con: duckdb.DuckDBPyConnection, project: Project, summary: RunSummary, *, export: bool) -> None:
    """The end of every build: count the result, stop on too many rejects, then deliver the changes."""
    _count_results(con, summary)
    check_reject_ratios(con, project.loaded)
    if export:
        with _timed(summary, "export"):
            summary.exports = export_all(con, project.loaded, summary.run_id)


def _standing_nodes(views_stand: bool) -> list[str]:
    """What a build with the same models, seeds and settings as the last successful one leaves as it is.

    The seeds; the trained match model (sampled levels, estimated and stored weights, term frequencies:
    the stored ones are used); and, while the targets are the same too, the views. Their tests go with
    them (a test that also reads a rebuilt model still runs). The tests of the intermediate models
    (tag full_build) run on full builds; such a build runs the guards and the marts' tests, on the rows
    it wrote.
    """
    standing = ["resource_type:seed", "tag:match_model", "tag:full_build"]
    return standing + (["config.materialized:view"] if views_stand else [])


def run_export(project: Project, targets: list[str] | None = None) -> RunSummary:
    """Export the changes since each target's last export (after a build)."""

    def body(summary: RunSummary) -> None:
        with _timed(summary, "export"), connect(project.database_path) as con:
            summary.exports = export_all(con, project.loaded, summary.run_id, targets)

    return _run(project, "export", body)


def run_dbt(project: Project, args: list[str], reporter: Reporter | None = None) -> dbt.DbtOutcome:
    """Run any dbt command with syncctl's profile and vars (e.g. `docs generate`, `test -s customers`)."""
    with run_lock(project.database_path):
        with connect(project.database_path) as con:
            ensure_state(con)
            variables = dbt.dbt_vars(project, compile_sources(con, project))
        return dbt.invoke(project, args, variables, reporter)


def recent(project: Project, limit: int = 10) -> list[RunRecord]:
    """The last runs, newest first."""
    with connect(project.database_path, read_only=True) as con:
        ensure_state_readable(con)
        return recent_runs(con, limit)


def rejects(
    project: Project, source: str | None = None, rule: str | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    """Rejected rows (see `customer_rejects`), optionally filtered."""
    with connect(project.database_path, read_only=True) as con:
        return list_rejects(con, source, rule, limit)


def field_profiles(project: Project, source: str | None = None) -> list[FieldProfile]:
    """The data profile of every (or one) source."""
    with connect(project.database_path, read_only=True) as con:
        return profile(con, project.loaded, source)


def ensure_state_readable(con: duckdb.DuckDBPyConnection) -> None:
    if not table_exists(con, STATE_SCHEMA, "runs"):
        raise StateError("no syncctl runs recorded in this database yet; run `syncctl build`")


def compile_sources(
    con: duckdb.DuckDBPyConnection, project: Project, plan: list[PlannedFile] | None = None
) -> dict[str, dict[str, Any]]:
    """Each source's mapping compiled against the columns of its raw table, for the dbt var; with `plan`,
    against the columns the raw table will have once those files are landed."""
    compiled: dict[str, dict[str, Any]] = {}
    for priority, name in enumerate(project.loaded.config.sources, start=1):
        columns = table_columns(con, RAW_SCHEMA, name) if plan is None else raw_columns_after(con, name, plan)
        if not columns:
            raise ConfigError(
                f"{project.loaded.path.name}: sources.{name}: nothing landed yet (no raw.{name} table); "
                f"run `syncctl land`"
            )
        mapping = check_mapping(project.loaded, name, columns, f"table raw.{name}")
        source = project.loaded.config.sources[name]
        compiled[name] = {
            "priority": priority,
            "primary_key": mapping.pop("primary_key"),
            "delete_when": mapping.pop("delete_when", None),
            "extract": source.extract,
            "on_delete": source.on_delete,
            "columns": mapping,
            "default_country": source.default_country,
            "date_formats": source.date_formats,
        }
    return compiled


def _count_results(con: duckdb.DuckDBPyConnection, summary: RunSummary) -> None:
    summary.source_records = dict(
        con.execute("select source, count(*) from main.customer_xref group by source order by source").fetchall()
    )
    summary.rejected = dict(
        con.execute("select source, count(*) from main.customer_rejects group by source order by source").fetchall()
    )
    row = con.execute("select count(*) from main.customers").fetchone()
    summary.customers = int(row[0]) if row else 0
    # the rows of source_field_issues, counted on the cleansed records (the view also joins the landed values)
    flagged = " + ".join(f"count({column}_issue)" for column in CANONICAL_COLUMNS)
    row = con.execute(f"select {flagged} from intermediate.int_source_records_cleansed").fetchone()
    summary.cleansing_issues = int(row[0]) if row and row[0] is not None else 0
    summary.changed_records = dict(
        con.execute(
            "select change_type, count(*) from intermediate.int_source_records_changed group by 1 order by 1"
        ).fetchall()
    )
    row = con.execute("select count(*) from intermediate.int_customers_affected").fetchone()
    summary.customers_recomputed = int(row[0]) if row else 0
