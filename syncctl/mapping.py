"""Compile a source's `columns:` mapping into SQL expressions over its raw table.

A mapping value is either the name of a source column or a SQL expression over source columns (DuckDB
dialect, one row-level expression: no subqueries, no statements). Every column an expression names
must exist in the source; the compiled expressions quote identifiers so odd header names are safe.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError

from syncctl.errors import ConfigError


def compile_expression(value: str, columns: Iterable[str], *, where: str) -> str:
    """One mapping value -> a DuckDB SQL expression with quoted column references.

    `where` names the config key (for example `syncctl.yml: sources.sales.columns.email`) in errors.
    """
    by_lower = {column.lower(): column for column in columns}
    if value.lower() in by_lower:
        return exp.column(by_lower[value.lower()], quoted=True).sql(dialect="duckdb")
    try:
        statements = [statement for statement in sqlglot.parse(value, read="duckdb") if statement is not None]
    except ParseError as exc:
        first = exc.errors[0]["description"] if exc.errors else str(exc)
        raise ConfigError(
            f"{where}: {value!r} is neither a source column nor a valid SQL expression ({first})"
        ) from None
    parsed = statements[0] if len(statements) == 1 else None
    if parsed is None or isinstance(parsed, exp.Query | exp.Command | exp.DDL | exp.DML) or parsed.find(exp.Query):
        raise ConfigError(f"{where}: {value!r} must be a column or one row-level SQL expression, not a query")
    for column in list(parsed.find_all(exp.Column)):
        name = column.name
        if name.lower() not in by_lower:
            raise ConfigError(
                f"{where}: column {name!r} not found in the source (columns: {', '.join(sorted(by_lower.values()))})"
            )
        column.replace(exp.column(by_lower[name.lower()], quoted=True))
    return parsed.sql(dialect="duckdb")
