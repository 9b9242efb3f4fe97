"""A dbt-duckdb plugin that registers syncctl's Python functions on dbt's DuckDB connection.

Enabled in the profile with `plugins: [{module: syncctl.dbt_plugin}]` (the embedded profile and
profiles.yml.example do this).
"""

from __future__ import annotations

from typing import Any

from dbt.adapters.duckdb.plugins import BasePlugin

from syncctl import functions

# SQL name -> (Arrow function, number of varchar arguments); each returns varchar or null
FUNCTIONS: dict[str, tuple[Any, int]] = {
    "syncctl_phone_e164": (functions.vectorised_rows(functions.phone_e164_many, 2), 2),
    "syncctl_email_normalized": (functions.vectorised(functions.email_normalized, 1), 1),
    "syncctl_nfkc": (functions.vectorised(functions.nfkc, 1), 1),
}


def register(conn: Any) -> None:
    """Register every function on a DuckDB connection (also used by tests outside dbt)."""
    from duckdb import sqltypes

    for name, (function, arity) in FUNCTIONS.items():
        conn.create_function(
            name,
            function,
            [sqltypes.VARCHAR] * arity,
            sqltypes.VARCHAR,
            type="arrow",
            null_handling="special",
            side_effects=False,
        )


class Plugin(BasePlugin):
    def configure_connection(self, conn: Any) -> None:
        register(conn)
