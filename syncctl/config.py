"""Load and validate `syncctl.yml`.

The file declares the database, the sources with their column mapping (canonical column -> source
column or SQL expression over source columns) and the targets the delta is delivered to. Everything
is checked on load; an error names the file, the key and what was expected.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path
from typing import Annotated, Any, Literal, get_args, get_origin

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from syncctl.canonical import CANONICAL_COLUMNS
from syncctl.errors import ConfigError

CONFIG_FILE_NAME = "syncctl.yml"
DATABASE_ENV_VAR = "SYNCCTL_DATABASE"
NAME_PATTERN = r"^[a-z][a-z0-9_]*$"

SourceFormat = Literal["csv", "jsonl", "parquet"]
FORMAT_BY_SUFFIX: dict[str, SourceFormat] = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CsvOptions(_Strict):
    """How CSV files of a source are parsed (the first line is always the header)."""

    delimiter: str = Field(default=",", min_length=1, max_length=1)
    quote: str = Field(default='"', max_length=1)
    encoding: Literal["utf-8", "latin-1"] = "utf-8"


class SourceConfig(_Strict):
    """One source system: where its extracts are and how they map onto the canonical schema."""

    path: str = Field(description="glob of the extract files, relative to syncctl.yml")
    format: SourceFormat | None = None
    primary_key: str
    updated_at: str | None = None
    columns: dict[str, str]
    csv: CsvOptions = CsvOptions()
    default_country: str | None = Field(
        default=None,
        pattern=r"^[A-Z]{2}$",
        description="ISO 3166-1 alpha-2 country assumed for national phone numbers and missing countries",
    )
    date_formats: list[str] = Field(
        default_factory=list,
        description="strptime formats tried after ISO (YYYY-MM-DD) and YYYYMMDD, e.g. ['%d/%m/%Y']",
    )
    max_reject_ratio: float = Field(
        default=0.05,
        ge=0.0,
        le=1.0,
        description="the build fails before export when a larger share of this source's records is rejected",
    )
    extract: Literal["full", "incremental"] = Field(
        default="incremental",
        description="full: each file is a complete snapshot, so a record missing from the newest one is deleted; "
        "incremental: each file holds new and changed records, deletes are rows matching delete_when",
    )
    delete_when: str | None = Field(
        default=None,
        description="incremental extracts: a SQL condition over source columns marking a row as a delete, "
        "e.g. \"op = 'D'\" or \"is_deleted = 'true'\"",
    )
    on_delete: Literal["delete", "detach", "ignore"] = Field(
        default="delete",
        description="delete: the record leaves its customer, and a customer with no records left is deleted; "
        "detach: the record leaves its customer, but a customer it leaves empty is not deleted in the targets; "
        "ignore: the record stays as last seen",
    )

    @field_validator("columns")
    @classmethod
    def _known_canonical_columns(cls, columns: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(columns) - set(CANONICAL_COLUMNS))
        if unknown:
            raise ValueError(
                f"unknown canonical column {unknown[0]!r}; expected one of: {', '.join(CANONICAL_COLUMNS)}"
            )
        if not columns:
            raise ValueError("map at least one canonical column")
        return columns

    @model_validator(mode="after")
    def _deletes_fit_the_extract(self) -> SourceConfig:
        if self.extract == "full" and self.delete_when is not None:
            raise ValueError(
                "delete_when: a full extract marks deletes by leaving records out of the snapshot; "
                "remove delete_when or set extract: incremental"
            )
        return self

    def resolved_format(self) -> SourceFormat:
        """The declared format, else the one the path's extension implies."""
        if self.format:
            return self.format
        suffix = Path(self.path).suffix.lower()
        if suffix not in FORMAT_BY_SUFFIX:
            raise ValueError(
                f"cannot tell the format from {self.path!r}: use an extension "
                f"({', '.join(FORMAT_BY_SUFFIX)}) or set format: csv | jsonl | parquet"
            )
        return FORMAT_BY_SUFFIX[suffix]

    def mapping(self) -> dict[str, str]:
        """Canonical column -> source expression, with `updated_at` folded in."""
        mapping = dict(self.columns)
        if self.updated_at is not None:
            mapping["updated_at"] = self.updated_at
        return mapping


class FileTargetConfig(_Strict):
    """Writes each delta as files into one directory per run."""

    type: Literal["file"]
    path: str = "exports"
    format: Literal["csv", "jsonl"] = "csv"


# more target types join this as a discriminated union on `type`
TargetConfig = FileTargetConfig


# the columns of a cleansed record that matching may block on and compare (int_source_records_validated)
MATCH_COLUMNS: tuple[str, ...] = (
    "first_name_normalized",
    "first_name_resolved_normalized",
    "first_name_initial",
    "last_name_normalized",
    "email_normalized",
    "phone_normalized",
    "date_of_birth",
    "postcode_normalized",
    "address_line1_normalized",
    "city",
    "country",
    "national_id",
)
LEVEL_PATTERN = r"^(exact|(jaro_winkler|jaccard) >= (0(\.\d+)?|1(\.0+)?)|(levenshtein|damerau_levenshtein) <= \d+)$"


class BlockingRule(_Strict):
    """Records that agree on every one of these columns (all non-null) become candidate pairs."""

    name: str = Field(pattern=NAME_PATTERN)
    columns: list[str] = Field(min_length=1)
    train: bool = Field(
        default=True,
        description="estimate the m-probabilities on this rule's pairs; false for loose rules such as names only",
    )


class Comparison(_Strict):
    """One field compared for each candidate pair, with agreement levels from the strictest down.

    A level is "exact", "jaro_winkler >= 0.9", "jaccard >= 0.8", "levenshtein <= 1" or
    "damerau_levenshtein <= 1"; a pair that meets none is at the "else" level, and a pair where either
    value is missing gets no weight from this field.
    """

    name: str = Field(pattern=NAME_PATTERN)
    column: str
    levels: list[Annotated[str, Field(pattern=LEVEL_PATTERN)]] = Field(default_factory=lambda: ["exact"])
    term_frequency: bool = Field(default=False, description="weigh an exact match on a rare value more")


class LinkRule(_Strict):
    """A deterministic rule: pairs that agree exactly on all these comparisons are linked, whatever the weight."""

    name: str = Field(pattern=NAME_PATTERN)
    exact: list[str] = Field(min_length=1)


CannotLink = Literal["date_of_birth", "national_id", "first_name"]

DEFAULT_BLOCKING_RULES = [
    BlockingRule(name="email", columns=["email_normalized"]),
    BlockingRule(name="phone", columns=["phone_normalized"]),
    BlockingRule(name="last_name_dob", columns=["last_name_normalized", "date_of_birth"]),
    BlockingRule(name="first_name_dob", columns=["first_name_resolved_normalized", "date_of_birth"]),
    BlockingRule(
        name="last_name_initial_postcode", columns=["last_name_normalized", "first_name_initial", "postcode_normalized"]
    ),
    BlockingRule(name="dob_postcode", columns=["date_of_birth", "postcode_normalized"]),
]
DEFAULT_COMPARISONS = [
    Comparison(
        name="first_name",
        column="first_name_resolved_normalized",
        levels=["exact", "jaro_winkler >= 0.92", "jaro_winkler >= 0.8"],
        term_frequency=True,
    ),
    Comparison(
        name="last_name",
        column="last_name_normalized",
        levels=["exact", "jaro_winkler >= 0.92", "jaro_winkler >= 0.8"],
        term_frequency=True,
    ),
    Comparison(name="date_of_birth", column="date_of_birth"),
    Comparison(name="email", column="email_normalized", levels=["exact", "jaro_winkler >= 0.9"]),
    Comparison(name="phone", column="phone_normalized", levels=["exact", "levenshtein <= 1"]),
    Comparison(name="postcode", column="postcode_normalized"),
    Comparison(name="address", column="address_line1_normalized", levels=["exact", "jaro_winkler >= 0.9"]),
    Comparison(name="city", column="city"),
]
DEFAULT_STRONG_LINK_LEVELS = {"first_name": "jaro_winkler >= 0.92"}
DEFAULT_LINK_RULES = [
    LinkRule(name="email_and_name", exact=["email", "first_name", "last_name"]),
    LinkRule(name="phone_and_name", exact=["phone", "first_name", "last_name"]),
]


class MatchingConfig(_Strict):
    """How records are matched: blocking, Fellegi-Sunter comparisons, deterministic rules, guards."""

    max_key_group_size: int = Field(
        default=25,
        ge=2,
        description="a blocking key value shared by more records than this is generic and pairs nothing",
    )
    max_pairs_per_blocking_rule: int = Field(default=5_000_000, ge=1)
    max_cluster_size: int = Field(default=50, ge=2)
    match_probability: float = Field(
        default=0.9, gt=0.0, lt=1.0, description="a pair whose match probability reaches this is linked"
    )
    strong_link_probability: float = Field(
        default=0.999,
        gt=0.0,
        lt=1.0,
        description="in a customer whose records disagree on date of birth or national id, only links this "
        "strong (or made by a link rule) hold",
    )
    strong_link_levels: dict[str, str] = Field(
        default_factory=lambda: dict(DEFAULT_STRONG_LINK_LEVELS),
        description="in such a customer, a link by probability is strong only when each of these comparisons "
        "agrees at this level or a stricter one (or a value is missing): household members whose similar first "
        "names and shared address make a probable link stay apart",
    )
    em_iterations: int = Field(default=25, ge=1, le=200)
    blocking_rules: list[BlockingRule] = Field(default_factory=lambda: list(DEFAULT_BLOCKING_RULES))
    comparisons: list[Comparison] = Field(default_factory=lambda: list(DEFAULT_COMPARISONS))
    link_rules: list[LinkRule] = Field(default_factory=lambda: list(DEFAULT_LINK_RULES))
    cannot_link: list[CannotLink] = Field(default_factory=lambda: ["date_of_birth", "national_id", "first_name"])

    @model_validator(mode="before")
    @classmethod
    def _default_strong_link_levels(cls, data: Any) -> Any:
        """With comparisons of one's own, the default strong_link_levels keeps only the levels they have."""
        if not isinstance(data, dict) or "strong_link_levels" in data or not isinstance(data.get("comparisons"), list):
            return data
        default_levels = Comparison.model_fields["levels"].get_default(call_default_factory=True)
        levels = {
            comparison.get("name"): comparison.get("levels", default_levels)
            for comparison in data["comparisons"]
            if isinstance(comparison, dict)
        }
        kept = {name: level for name, level in DEFAULT_STRONG_LINK_LEVELS.items() if level in (levels.get(name) or [])}
        return {**data, "strong_link_levels": kept}

    @model_validator(mode="after")
    def _references_exist(self) -> MatchingConfig:
        for index, rule in enumerate(self.blocking_rules):
            for column in rule.columns:
                if column not in MATCH_COLUMNS:
                    raise ValueError(
                        f"blocking_rules[{index}] ({rule.name}): unknown column {column!r}; "
                        f"expected one of: {', '.join(MATCH_COLUMNS)}"
                    )
        names = [comparison.name for comparison in self.comparisons]
        for comparison in self.comparisons:
            if comparison.column not in MATCH_COLUMNS:
                raise ValueError(
                    f"comparisons ({comparison.name}): unknown column {comparison.column!r}; "
                    f"expected one of: {', '.join(MATCH_COLUMNS)}"
                )
        for rule in self.link_rules:
            for name in rule.exact:
                if name not in names:
                    raise ValueError(
                        f"link_rules ({rule.name}): {name!r} is not a comparison; expected one of: {', '.join(names)}"
                    )
        levels = {comparison.name: comparison.levels for comparison in self.comparisons}
        for name, level in self.strong_link_levels.items():
            if name not in levels:
                raise ValueError(
                    f"strong_link_levels: {name!r} is not a comparison; expected one of: {', '.join(names)}"
                )
            if level not in levels[name]:
                raise ValueError(
                    f"strong_link_levels.{name}: {level!r} is not one of its levels: {', '.join(levels[name])}"
                )
        for label, items in (("blocking_rules", self.blocking_rules), ("comparisons", self.comparisons)):
            seen = [item.name for item in items]
            if len(seen) != len(set(seen)):
                raise ValueError(f"{label}: names must be unique")
        return self


Survivorship = Literal["most_recent", "source_priority", "most_complete", "most_frequent", "valid_first"]


class SurvivorshipConfig(_Strict):
    """How the golden record picks each field's value among a customer's records."""

    default: Survivorship = "most_recent"
    source_priority: list[str] | None = Field(
        default=None, description="sources from most to least trusted (default: their order under sources:)"
    )
    fields: dict[str, Survivorship] = Field(default_factory=dict)


class Config(_Strict):
    """The whole of `syncctl.yml`."""

    version: Literal[1] = 1
    database: str = "syncctl.duckdb"
    sources: dict[str, SourceConfig]
    targets: dict[str, TargetConfig] = {"crm_export": FileTargetConfig(type="file")}
    matching: MatchingConfig = MatchingConfig()
    survivorship: SurvivorshipConfig = SurvivorshipConfig()

    @model_validator(mode="after")
    def _survivorship_names_exist(self) -> Config:
        from syncctl.canonical import GOLDEN_COLUMNS

        for field in self.survivorship.fields:
            if field not in GOLDEN_COLUMNS:
                raise ValueError(
                    f"survivorship.fields: unknown field {field!r}; expected one of: {', '.join(GOLDEN_COLUMNS)}"
                )
            if field in ("address_line2", "city", "postcode", "region"):
                raise ValueError(
                    f"survivorship.fields.{field}: the address is taken whole from one record, chosen by the "
                    f"rule of address_line1; set address_line1 instead"
                )
        for source in self.survivorship.source_priority or []:
            if source not in self.sources:
                raise ValueError(
                    f"survivorship.source_priority: unknown source {source!r}; "
                    f"expected one of: {', '.join(self.sources)}"
                )
        return self

    @field_validator("sources", "targets")
    @classmethod
    def _valid_names(cls, entries: dict[str, object]) -> dict[str, object]:
        for name in entries:
            if not re.match(NAME_PATTERN, name):
                raise ValueError(f"name {name!r} must be lower-case letters, digits and _ (start with a letter)")
        if not entries:
            raise ValueError("declare at least one entry")
        return entries


class LoadedConfig(BaseModel):
    """A validated config with its location, so relative paths resolve against the file."""

    model_config = ConfigDict(frozen=True)

    path: Path
    config: Config

    @property
    def base_dir(self) -> Path:
        return self.path.parent

    @property
    def database_path(self) -> Path:
        override = os.environ.get(DATABASE_ENV_VAR)
        return self.resolve(override or self.config.database)

    def resolve(self, relative: str | Path) -> Path:
        path = Path(relative).expanduser()
        return path if path.is_absolute() else (self.base_dir / path).resolve()

    def source_files(self, name: str) -> list[Path]:
        """The files a source's glob matches, sorted so batches land in a stable order."""
        pattern = self.config.sources[name].path
        base = Path(pattern).expanduser()
        if base.is_absolute():
            root, glob = Path(base.anchor), str(base.relative_to(base.anchor))
        else:
            root, glob = self.base_dir, pattern
        return sorted(p.resolve() for p in root.glob(glob) if p.is_file())


def load_config(path: Path) -> LoadedConfig:
    """Read and validate a config file; raise `ConfigError` naming the file and key on any problem."""
    path = path.resolve()
    if not path.is_file():
        raise ConfigError(f"{path}: config file not found (create {CONFIG_FILE_NAME} or pass --config)")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}{where}: not valid YAML ({getattr(exc, 'problem', exc)})") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected a mapping with 'sources:' at the top level")
    try:
        config = Config.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(f"{path}: {_describe(exc)}") from None
    for name, source in config.sources.items():
        try:
            source.resolved_format()
        except ValueError as exc:
            raise ConfigError(f"{path}: sources.{name}.path: {exc}") from None
    return LoadedConfig(path=path, config=config)


def _describe(exc: ValidationError) -> str:
    """The first validation problem as `key.path: message`; an unknown key comes first (often a typo)."""
    errors = sorted(exc.errors(), key=lambda error: error["type"] != "extra_forbidden")
    error = errors[0]
    location = ".".join(str(part) for part in error["loc"] if part != "file")
    kind = error["type"]
    if kind == "extra_forbidden":
        expected = _allowed_keys(error["loc"][:-1])
        close = difflib.get_close_matches(str(error["loc"][-1]), expected, n=1, cutoff=0.5)
        hint = f"did you mean {close[0]!r}? " if close else ""
        message = "unknown key" + (f" ({hint}expected one of: {', '.join(expected)})" if expected else "")
    elif kind == "missing":
        message = "required key is missing"
    else:
        message = error["msg"].removeprefix("Value error, ")
        if isinstance(error.get("input"), str | int | float | bool):
            message += f" (got {error['input']!r})"
    more = len(exc.errors()) - 1
    suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    return f"{location}: {message}{suffix}"


def _allowed_keys(location: tuple[Any, ...]) -> list[str]:
    """The keys the model at `location` (a pydantic error location) accepts."""
    node: Any = Config
    for part in location:
        if isinstance(node, type) and issubclass(node, BaseModel):
            node = node.model_fields[str(part)].annotation
        elif get_origin(node) is dict:
            node = get_args(node)[1]
        else:
            return []
    if isinstance(node, type) and issubclass(node, BaseModel):
        return list(node.model_fields)
    return []
