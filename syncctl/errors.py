"""The exceptions syncctl raises. Each message says what went wrong, where, and how to fix it.

The CLI prints a `SyncctlError` as one red line on stderr and exits with its `exit_code`; any other
exception is a bug and keeps its traceback.
"""

from __future__ import annotations


class SyncctlError(Exception):
    """Base class: an error the user can act on."""

    exit_code = 1


class ConfigError(SyncctlError):
    """`syncctl.yml` is invalid or names something that does not exist."""

    exit_code = 2


class LandingError(SyncctlError):
    """A source file could not be landed (malformed row, schema drift, unreadable file)."""


class BuildError(SyncctlError):
    """dbt failed: a model errored or a data test failed."""


class ExportError(SyncctlError):
    """The delta could not be delivered to a target."""


class LockError(SyncctlError):
    """Another syncctl run is using the same database."""


class StateError(SyncctlError):
    """The state tables in the database are missing or inconsistent."""
