"""The one place dbt is invoked: in-process through `dbtRunner`, one invocation at a time.

syncctl passes the sources and mapping of syncctl.yml as the var `syncctl`, points dbt at the
embedded profile (a DuckDB file at the configured path) unless `--profiles-dir` is given, keeps dbt's
console quiet and its full log in `logs/dbt.log`, and turns a failed node into one `BuildError` line.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import json
import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from syncctl.canonical import CANONICAL_COLUMNS, GOLDEN_COLUMNS
from syncctl.errors import BuildError
from syncctl.progress import NullReporter, Reporter

if TYPE_CHECKING:
    from syncctl.project import Project

DATABASE_PATH_ENV_VAR = "SYNCCTL_DATABASE_PATH"
_INVOKE_LOCK = threading.Lock()


@dataclass
class DbtOutcome:
    """What one dbt invocation did."""

    command: str
    nodes: list[tuple[str, str, str]] = field(default_factory=list)  # resource type, name, status
    seconds: float = 0.0
    manifest: Any = None  # the parsed project it ran on (with reuse_parse)


def dbt_vars(project: Project, compiled_sources: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The var `syncctl` every model reads: sources (compiled mapping), canonical schema, targets."""
    config = project.loaded.config
    survivorship = config.survivorship
    return {
        "syncctl": {
            "sources": compiled_sources,
            "canonical_columns": CANONICAL_COLUMNS,
            "targets": list(config.targets),
            "max_key_group_size": config.matching.max_key_group_size,
            "matching": config.matching.model_dump(mode="json"),
            "survivorship": {
                "source_priority": survivorship.source_priority or list(config.sources),
                "rules": {field: survivorship.fields.get(field, survivorship.default) for field in GOLDEN_COLUMNS},
            },
        }
    }


LOGIC_PATHS = ("dbt_project.yml", "models", "macros", "seeds")

# parsed dbt projects of this process, by _parse_key: a later invocation with the same key skips parsing
_MANIFESTS: dict[str, Any] = {}


def logic_fingerprint(project: Project, variables: dict[str, Any]) -> str:
    """A hash of everything that decides what the models compute: the SQL, the seeds and the settings.

    The row-by-row incremental models keep what earlier builds computed, which is only right while this
    stays the same; a build whose fingerprint differs from the last one's rebuilds everything.
    """
    settings = {key: value for key, value in variables["syncctl"].items() if key != "targets"}
    return _digest(project, settings, LOGIC_PATHS)


def views_fingerprint(project: Project, variables: dict[str, Any]) -> str:
    """The logic fingerprint plus what only the views read (the targets): while it holds, the views stand."""
    return _digest(project, variables, LOGIC_PATHS)


def _parse_key(project: Project, variables: dict[str, Any]) -> str:
    """What a parsed dbt project depends on: the project's files, the profile, the vars and the database's
    name (dbt-duckdb names a database after its file; the path itself is only read when dbt connects)."""
    where = [str(project.project_dir), str(project.profiles_dir), project.database_path.stem, project.dbt_target]
    return _digest(project, {"vars": variables, "where": where}, (*LOGIC_PATHS, "tests/dbt"), project.profiles_dir)


def _digest(project: Project, data: Any, names: tuple[str, ...], *folders: Path) -> str:
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode())
    roots = [project.project_dir / name for name in names] + list(folders)
    for root in roots:
        paths = sorted(root.rglob("*")) if root.is_dir() else [root]
        for path in paths:
            if path.is_file():
                name = path.relative_to(project.project_dir) if path.is_relative_to(project.project_dir) else path
                digest.update(str(name).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def invoke(
    project: Project,
    args: list[str],
    variables: dict[str, Any],
    reporter: Reporter | None = None,
    *,
    reuse_parse: bool = False,
    compact: bool | None = None,
) -> DbtOutcome:
    """Run one dbt command (e.g. `["build"]`) and raise `BuildError` unless every node succeeded.

    With `reuse_parse`, the project is parsed once per process for the same files, profile and vars, and
    later invocations run on that parse (a long-running process, or many builds in one, skip dbt's parsing).
    `compact=False` defers compaction of the tables (syncctl.database.defer_compaction); None leaves
    DuckDB's default (a dbt command run through `syncctl dbt`).
    """
    from dbt.cli.main import dbtRunner

    from syncctl import dbt_plugin

    reporter = reporter or NullReporter()
    outcome = DbtOutcome(command=args[0])
    started = {"total": None}

    log = _LogFile(project.log_path / "dbt.log", " ".join(args))

    def on_event(event: Any) -> None:
        log.write(event)
        name = event.info.name
        if name == "LogStartLine" and started["total"] is None:
            started["total"] = event.data.total
            reporter.finish("dbt: project parsed")
            reporter.start(f"dbt {args[0]}", total=event.data.total)
        elif name == "NodeFinished":
            reporter.advance(event.data.node_info.node_name)

    common_args = _common_args(project, variables)

    began = time.perf_counter()
    reporter.start("dbt: parsing the project")
    _wait_for_parse_ahead()
    _forget_partial_parse_when_seeds_change(project)
    _set_environment(project)
    with _INVOKE_LOCK, log:
        _use_template_code(project)
        manifest = _parsed_manifest(project, variables, common_args, log) if reuse_parse else None
        dbt_plugin.defer_compaction(compact is False)
        # on a parsed project, target/manifest.json is the parse's; dbt writing it again (3 MB of JSON)
        # costs a third of a second per build, so syncctl writes only run_results.json
        artifacts = ["--no-write-json"] if manifest is not None else []
        try:
            result = dbtRunner(manifest=manifest, callbacks=[on_event]).invoke([*args, *artifacts, *common_args])
            _release_database()
        finally:
            dbt_plugin.defer_compaction(False)
        _TEMPLATE_CODE.store(project.dbt_target_path)
        if artifacts and hasattr(result.result, "write"):
            result.result.write(str(project.dbt_target_path / "run_results.json"))
    outcome.seconds = time.perf_counter() - began
    outcome.manifest = manifest
    nodes = len(getattr(result.result, "results", None) or [])
    reporter.finish(
        f"dbt {' '.join(args[:2]) if args[0] == 'docs' else args[0]}" + (f": {nodes} nodes" if nodes else "")
    )

    if result.exception is not None:
        raise BuildError(f"dbt {args[0]} failed: {_one_line(str(result.exception))}")
    node_results = getattr(result.result, "results", None) or []
    failures = []
    for node_result in node_results:
        node = node_result.node
        status = str(node_result.status)
        outcome.nodes.append((node.resource_type, node.name, status))
        if status in ("error", "fail"):
            failures.append(_describe_failure(node_result, project))
    if failures or not result.success:
        more = f" (and {len(failures) - 1} more)" if len(failures) > 1 else ""
        first = failures[0] if failures else "see the log"
        raise BuildError(f"dbt {args[0]} failed: {first}{more}; details in {project.log_path / 'dbt.log'}")
    return outcome


def _common_args(project: Project, variables: dict[str, Any]) -> list[str]:
    """The arguments of every dbt command syncctl runs: where the project, profile, target and logs are,
    the vars, and dbt's own console and file logs off (see _LogFile)."""
    args = [
        "--project-dir",
        str(project.project_dir),
        "--profiles-dir",
        str(project.profiles_dir),
        "--target-path",
        str(project.dbt_target_path),
        "--log-path",
        str(project.log_path),
        "--vars",
        json.dumps(variables),
        "--log-level",
        "none",
        "--log-level-file",
        "none",
        "--no-use-colors",
        "--no-send-anonymous-usage-stats",
    ]
    if project.dbt_target:
        args += ["--target", project.dbt_target]
    return args


def _set_environment(project: Project) -> None:
    os.environ[DATABASE_PATH_ENV_VAR] = str(project.database_path)
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")


_PARSING_AHEAD: list[threading.Thread] = []


def parse_ahead(project: Project, variables: dict[str, Any]) -> None:
    """Start parsing the project for these vars in a background thread, for the next `invoke(...,
    reuse_parse=True)` with the same vars to use.

    Parsing is single-threaded Python (about 3 s with dbt's imports); a build starts it before it lands
    the new files, so that it runs beside the landing (DuckDB's work) instead of after it. `invoke` waits
    for it. A parse that fails here is left to `invoke`, which parses again and reports the error.
    """

    def parse() -> None:
        try:
            _parse(project, variables)
        except Exception:  # invoke parses again and reports it
            return

    _wait_for_parse_ahead()
    thread = threading.Thread(target=parse, name="syncctl-parse-ahead")
    _PARSING_AHEAD.append(thread)
    thread.start()


def parse(project: Project, variables: dict[str, Any]) -> None:
    """Parse the project for these vars now (unless this process or the target directory holds that
    parse already), and store it for later processes: what a build does first, without the build."""
    _wait_for_parse_ahead()
    _parse(project, variables)


def _parse(project: Project, variables: dict[str, Any]) -> None:
    with _INVOKE_LOCK, _LogFile(project.log_path / "dbt.log", "parse") as log:
        _forget_partial_parse_when_seeds_change(project)
        _set_environment(project)
        _use_template_code(project)
        _parsed_manifest(project, variables, _common_args(project, variables), log)
        _TEMPLATE_CODE.store(project.dbt_target_path)


def _use_template_code(project: Project) -> None:
    _TEMPLATE_CODE.install()
    _TEMPLATE_CODE.load(project.dbt_target_path)


def _wait_for_parse_ahead() -> None:
    while _PARSING_AHEAD:
        _PARSING_AHEAD.pop().join()


def owned_relations(manifest: Any) -> dict[str, set[str]]:
    """The relations a parsed project builds in the schemas that only its staging and intermediate models
    write to, by schema. Any other table or view in those schemas is left over from earlier models
    (deleted, renamed or made ephemeral)."""
    layers = ("staging", "intermediate")
    built: dict[str, set[str]] = {}
    shared: set[str] = set()
    for node in manifest.nodes.values():
        if node.resource_type not in ("model", "seed", "snapshot"):
            continue
        if node.resource_type != "model" or node.fqn[1] not in layers:
            shared.add(node.schema)
        elif node.config.materialized != "ephemeral":
            built.setdefault(node.schema, set()).add(node.alias)
        else:
            built.setdefault(node.schema, set())
    return {schema: names for schema, names in built.items() if schema not in shared}


def _parsed_manifest(project: Project, variables: dict[str, Any], common_args: list[str], log: _LogFile) -> Any:
    """The parsed project for these files, profile and vars: from this process's cache, else parsed now."""
    key = _parse_key(project, variables)
    manifest = _MANIFESTS.pop(key, None)
    if manifest is None:
        while len(_MANIFESTS) >= _MANIFESTS_KEPT:  # make room: the least recently used goes
            del _MANIFESTS[next(iter(_MANIFESTS))]
        with _collection_paused():
            if gc.get_freeze_count():
                # what an earlier parse left (see below) and the projects evicted above
                gc.unfreeze()
                gc.collect()
            from dbt.cli.main import dbtRunner

            manifest = _stored_parse(project, key)
            if manifest is None:
                result = dbtRunner(callbacks=[log.write]).invoke(["parse", *common_args])
                if result.exception is not None or not result.success:
                    reason = _one_line(str(result.exception)) if result.exception is not None else "see the log"
                    raise BuildError(f"dbt parse failed: {reason}; details in {project.log_path / 'dbt.log'}")
                manifest = result.result
                _store_parse(project, key, manifest)
            # a parsed project stays while it is cached: keep its objects (and everything else alive now)
            # out of the garbage collector's passes, which would traverse them again in every build (0.15 s
            # for the collection after each build alone). The parse's own garbage (some 40 MB) is frozen
            # with them, not collected now (0.4 s a build would wait for): the next parse collects it
            gc.freeze()
    _MANIFESTS[key] = manifest  # the most recently used last
    _forget_compilation(manifest)
    return manifest


def _stored_parse(project: Project, key: str) -> Any:
    """The parsed project an earlier process stored for this parse key (see _store_parse), else None.

    A stored parse is used only while dbt's own artifacts of that parse (target/manifest.json) are still
    there, and while the environment variables the project read when it was parsed are unchanged; one
    that cannot be read (a different dbt, a damaged file) is parsed again.
    """
    import pickle

    path = project.dbt_target_path / _STORED_PARSE
    if not path.is_file() or not (project.dbt_target_path / "manifest.json").is_file():
        return None
    try:
        with path.open("rb") as stored:
            # the key first: a parse stored for other files or another dbt is not unpickled at all
            if pickle.load(stored) != _stored_parse_key(key):
                return None
            state = pickle.load(stored)
    except Exception:  # any unreadable file is only a cache miss
        return None
    from dbt.contracts.graph.manifest import Manifest
    from dbt.mp_context import get_mp_context

    manifest = Manifest.__new__(Manifest)
    manifest.__dict__.update(state, _lock=get_mp_context().Lock())
    if any(os.environ.get(name) != value for name, value in manifest.env_vars.items()):
        return None
    return manifest


def _store_parse(project: Project, key: str, manifest: Any) -> None:
    """Keep a fresh parse in the target directory for the next process with the same parse key.

    A full parse costs about 3.5 s (a quarter of it building dbt's JSON schemas, the rest rendering the
    macros and models), and dbt's own partial parsing does not apply when the database path changes;
    loading the pickled project takes 0.02 s. It is written right after the parse, before any invocation
    compiles nodes in it; written whole or not at all.
    """
    import pickle

    # the project's attributes, not the object: Manifest's own pickling (for dbt's worker processes)
    # misplaces its fields in dbt 1.11, and its lock cannot be pickled (a new one is made on loading)
    state = {name: value for name, value in vars(manifest).items() if name != "_lock"}
    dump = functools.partial(pickle.dump, protocol=pickle.HIGHEST_PROTOCOL)
    # not written to a read-only target directory: the next process parses again
    _write_whole(project.dbt_target_path / _STORED_PARSE, [_stored_parse_key(key), state], dump)


def _stored_parse_key(key: str) -> str:
    """The parse key plus what a pickled manifest depends on beyond the project (_versions)."""
    return hashlib.sha256(json.dumps([key, _versions()]).encode()).hexdigest()


def _versions() -> str:
    """Python's, Jinja's and dbt's versions: what syncctl keeps of dbt's state in the target directory
    (the stored parse, the template code) holds for these only."""
    from importlib.metadata import version

    packages = ("jinja2", "dbt-core", "dbt-duckdb", "dbt-adapters", "dbt-common")
    return json.dumps([sys.version, *(version(package) for package in packages)])


def _write_whole(path: Path, parts: list[Any], dump: Any) -> bool:
    """Write `parts` one after the other with `dump(part, file)`, whole or not at all (beside the file,
    then moved in its place); False when the directory cannot be written."""
    partial = path.with_suffix(".tmp")
    try:
        with partial.open("wb") as handle:
            for part in parts:
                dump(part, handle)
        partial.replace(path)
    except OSError:
        partial.unlink(missing_ok=True)
        return False
    return True


_STORED_PARSE = "syncctl_parsed_project.pickle"


class _TemplateCode:
    """Jinja's compiled code for the templates dbt renders, kept in the target directory for later processes.

    dbt compiles the Jinja of every macro once per process and of every model and test each time it
    renders one: 456-469 templates in a build, 0.72-0.81 s of CPU (bench/README.md, stop 24), all of it
    Python that holds the interpreter lock while DuckDB works beside it. The compiled code depends only on
    the template's text and the environment class (dbt's environments differ in class, not in options
    that change the code), so it is kept by a hash of both, marshalled, and a later process with the
    same Python, Jinja and dbt versions loads it instead of compiling. Like the stored parse, the file
    is code that runs when it is used: the target directory is as trusted as the project.
    """

    FILE = "syncctl_template_code.marshal"

    def __init__(self) -> None:
        self.stored: dict[bytes, bytes] = {}  # loaded from the file: key -> marshalled code
        self.used: dict[bytes, bytes] = {}  # compiled or loaded by this process since the last store
        self.loaded_from: Path | None = None

    def install(self) -> None:
        """Route the compilation of dbt's Jinja environments through this cache (once per process)."""
        import jinja2.utils
        from dbt_common.clients import jinja as dbt_jinja

        environment = dbt_jinja.MacroFuzzEnvironment  # dbt's native environment is a subclass
        if "compile" not in vars(environment):
            cached = self._cached_compile(environment.compile)
            jinja2.utils.internal_code.add(cached.__code__)  # hidden from template tracebacks, as Jinja's own
            environment.compile = cached

    def _cached_compile(self, compile_template: Any) -> Any:
        import marshal

        from dbt_common.clients import jinja as dbt_jinja

        def compile(environment, source, name=None, filename=None, raw=False, defer_init=False):
            if name is not None or filename is not None or raw or defer_init or dbt_jinja.MACRO_DEBUGGING:
                # named, raw or debugged compilations are left to Jinja (dbt renders from strings)
                return compile_template(environment, source, name, filename, raw, defer_init)
            key = hashlib.sha256(f"{type(environment).__qualname__}\0{source}".encode()).digest()
            code = self.used.get(key) or self.stored.get(key)
            if code is None:
                compiled = compile_template(environment, source)
                self.used[key] = marshal.dumps(compiled)
                return compiled
            self.used[key] = code
            return marshal.loads(code)

        return compile

    def load(self, target_path: Path) -> None:
        """Use the code an earlier process stored in this target directory (nothing when there is none,
        or it was stored by other versions, or it cannot be read)."""
        import marshal

        if self.loaded_from == target_path:
            return
        self.loaded_from, self.stored = target_path, {}
        try:
            with (target_path / self.FILE).open("rb") as stored:
                if marshal.load(stored) != _versions():
                    return
                codes = marshal.load(stored)
        except Exception:  # any unreadable file is only a cache miss
            return
        if isinstance(codes, dict):
            self.stored = codes

    def store(self, target_path: Path) -> None:
        """Keep the code this process used, for the next process (written whole or not at all). Called
        between dbt invocations, while no thread renders."""
        import marshal

        if not self.used or self.used.keys() == self.stored.keys():
            return
        codes = dict(self.used)
        # not written to a read-only target directory: the next process compiles again
        if _write_whole(target_path / self.FILE, [_versions(), codes], marshal.dump):
            self.stored, self.loaded_from = codes, target_path


_TEMPLATE_CODE = _TemplateCode()


@contextmanager
def _collection_paused() -> Iterator[None]:
    """No automatic garbage collection while dbt is imported and parses a project.

    Both build many objects that stay alive (dbt's modules, the manifest), and little garbage; the
    collector's full passes would traverse all of them again and again (0.64 s of six full passes in a
    parse at 990,858 records, which a build waits for). Pausing is process-wide: the landing beside the
    parse does not collect either.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _forget_compilation(manifest: Any) -> None:
    """Make a parsed project compile every node again, as after a fresh parse.

    An invocation compiles nodes in place and marks them; the next one on the same manifest would keep
    the marks. In particular an ephemeral model's CTE would not be put into the SQL of the models that
    read it again (`extra_ctes_injected`), so their freshly rendered SQL would name a CTE that is not there.
    """
    from dbt.contracts.graph.nodes import CompiledNode

    for node in manifest.nodes.values():
        if isinstance(node, CompiledNode):
            node.compiled = False
            node.compiled_code = None
            node.extra_ctes_injected = False
            node.extra_ctes = []
            node._pre_injected_sql = None


_MANIFESTS_KEPT = 4


class _LogFile:
    """dbt's log of one invocation, appended to logs/dbt.log: its info, warning and error lines.

    dbt's own file logger formats every debug event before dropping it, which costs about a tenth of
    a build's time; this writes only the lines it keeps. The file is rotated once it passes 10 MB.
    dbt calls `write` from each of its threads, and a text file object is not safe to write from two
    threads at once (lines went missing and raw memory was written instead), so writes take a lock.
    """

    MAX_BYTES = 10_000_000
    LEVELS = ("info", "warn", "error")
    DEBUG_ENV_VAR = "SYNCCTL_DBT_DEBUG"  # set to 1: also dbt's debug lines (every SQL statement and its time)

    def __init__(self, path: Path, command: str) -> None:
        self.path = path
        self.command = command
        self.handle: Any = None
        self.lock = threading.Lock()
        self.levels = (*self.LEVELS, "debug") if os.environ.get(self.DEBUG_ENV_VAR) else self.LEVELS

    def __enter__(self) -> _LogFile:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.path.exists() and self.path.stat().st_size > self.MAX_BYTES:
            self.path.replace(self.path.with_suffix(".log.1"))
        self.handle = self.path.open("a", encoding="utf-8")
        self.handle.write(f"\n{'=' * 30} {time.strftime('%Y-%m-%d %H:%M:%S')} | dbt {self.command} {'=' * 30}\n")
        return self

    def __exit__(self, *exc_info: object) -> None:
        with self.lock:
            self.handle.close()
            self.handle = None

    def write(self, event: Any) -> None:
        info = event.info
        if info.level not in self.levels:
            return
        line = f"{info.ts.ToDatetime():%H:%M:%S.%f} [{info.level:<5}] {info.msg}\n"
        with self.lock:
            if self.handle is not None:
                self.handle.write(line)


def _forget_partial_parse_when_seeds_change(project: Project) -> None:
    """Make dbt re-read the seeds that unit tests use as fixtures after a seed file changed.

    dbt reads a seed's rows into the unit tests that use it at parse time, and partial parsing does
    not notice an edited seed file: the unit tests would keep testing the old reference data.
    """
    import hashlib

    digest = hashlib.sha256()
    for path in sorted((project.project_dir / "seeds").rglob("*.csv")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    marker = project.dbt_target_path / "syncctl_seeds.sha256"
    if marker.exists() and marker.read_text() == digest.hexdigest():
        return
    (project.dbt_target_path / "partial_parse.msgpack").unlink(missing_ok=True)
    project.dbt_target_path.mkdir(parents=True, exist_ok=True)
    marker.write_text(digest.hexdigest())


def _describe_failure(node_result: Any, project: Project) -> str:
    node = node_result.node
    where = f"{node.resource_type} {node.name}"
    if str(node_result.status) == "fail":
        return f"{where} found {node_result.failures} failing row(s){_first_stored_failure(node, project)}"
    return f"{where} ({node.original_file_path}): {_one_line(node_result.message or '')}"


def _first_stored_failure(node: Any, project: Project) -> str:
    """For a test that stores its failures (the guards), the first failing row, e.g. the rule or cluster."""
    relation = getattr(node, "relation_name", None)
    if not relation or not getattr(node.config, "store_failures", False):
        return ""
    import duckdb

    try:
        with duckdb.connect(str(project.database_path), read_only=True) as con:
            cursor = con.execute(f"select * from {relation} limit 1")
            names = [column[0] for column in cursor.description]
            row = cursor.fetchone()
    except duckdb.Error:
        return ""
    if row is None:
        return ""
    return ": " + ", ".join(f"{name}={value}" for name, value in zip(names, row, strict=True))


def _one_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return " ".join(lines)[:500] if lines else "unknown error"


def _release_database() -> None:
    """Close the DuckDB database dbt-duckdb opened, so this process can reopen the file read-only.

    dbt-duckdb drops its environment at the end of an invocation but leaves the database handle to the
    garbage collector; until it is collected, DuckDB refuses a connection with other settings.
    """
    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    except ImportError:  # another adapter
        return
    environment = getattr(DuckDBConnectionManager, "_ENV", None)
    if environment is not None:
        environment.close()
    gc.collect()
