"""A dbt-duckdb plugin that registers syncctl's Python functions on dbt's DuckDB connection, and defers
compaction for the builds syncctl runs that do not compact (see syncctl.database.defer_compaction).

Enabled in the profile with `plugins: [{module: syncctl.dbt_plugin}]` (the embedded profile and
profiles.yml.example do this).
"""

from __future__ import annotations

from typing import Any

from dbt.adapters.duckdb.plugins import BasePlugin

from syncctl import database, functions

# SQL name -> (function, number of varchar arguments, DuckDB UDF type); each returns varchar or null.
# Phone parsing takes a whole batch of rows at once (Arrow columns), to spread it over worker processes.
# The others are called row by row ("native"): the SQL only hands them the rare values its fast paths do
# not settle, a few per batch of 2,048 rows, for which converting the batch to Arrow and back costs more
# than the calls (0.45 CPU-s less for NFKC at 990,858 records).
FUNCTIONS: dict[str, tuple[Any, int, str]] = {
    "syncctl_phone_e164": (functions.vectorised_rows(functions.phone_e164_many, 2), 2, "arrow"),
    "syncctl_email_normalized": (functions.email_normalized, 1, "native"),
    "syncctl_nfkc": (functions.nfkc, 1, "native"),
}


def register(conn: Any) -> None:
    """Register every function on a DuckDB connection (also used by tests outside dbt)."""
    from duckdb import sqltypes

    for name, (function, arity, udf_type) in FUNCTIONS.items():
        conn.create_function(
            name,
            function,
            [sqltypes.VARCHAR] * arity,
            sqltypes.VARCHAR,
            type=udf_type,
            null_handling="special",
            side_effects=False,
        )


_COMPACTION = {"defer": False}


def defer_compaction(defer: bool) -> None:
    """Whether the next dbt invocation's database defers compaction (syncctl.database.defer_compaction);
    syncctl.dbt sets it for every build. dbt run on its own (no syncctl) leaves DuckDB's default."""
    _COMPACTION["defer"] = defer


class Plugin(BasePlugin):
    def configure_connection(self, conn: Any) -> None:
        register(conn)
        if _COMPACTION["defer"]:
            database.defer_compaction(conn)
