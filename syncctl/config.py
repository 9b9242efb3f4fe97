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
from typing import Any, Literal, get_args, get_origin

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

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


class MatchingConfig(_Strict):
    """Settings of the deterministic matcher."""

    max_key_group_size: int = Field(
        default=25,
        ge=2,
        description="a match key value shared by more records than this is treated as generic and ignored",
    )


class Config(_Strict):
    """The whole of `syncctl.yml`."""

    version: Literal[1] = 1
    database: str = "syncctl.duckdb"
    sources: dict[str, SourceConfig]
    targets: dict[str, TargetConfig] = {"crm_export": FileTargetConfig(type="file")}
    matching: MatchingConfig = MatchingConfig()

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
