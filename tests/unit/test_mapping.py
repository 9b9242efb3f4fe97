"""Mapping values are source columns or row-level SQL expressions over them."""

from __future__ import annotations

import pytest

from syncctl.errors import ConfigError
from syncctl.mapping import compile_expression

COLUMNS = ["account_id", "First Name", "name", "address"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("account_id", '"account_id"'),
        ("first name", '"First Name"'),
        ("ACCOUNT_ID", '"account_id"'),
        ("trim(split_part(address, ',', 1))", "TRIM(SPLIT_PART(\"address\", ',', 1))"),
        ("name ->> 'given'", "\"name\" ->> '$.given'"),
        ("coalesce(name, account_id)", 'COALESCE("name", "account_id")'),
        ("'constant'", "'constant'"),
    ],
)
def test_compiles_columns_and_expressions(value, expected):
    assert compile_expression(value, COLUMNS, where="w") == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("e_mail", "column 'e_mail' not found in the source (columns: "),
        ("lower(e_mail)", "column 'e_mail' not found"),
        ("select 1", "not a query"),
        ("name = any(select 1)", "not a query"),
        ("upper(name); drop table x", "not a query"),
        ("1 +", "is neither a source column nor a valid SQL expression"),
    ],
)
def test_rejects_unknown_columns_and_non_expressions(value, message):
    with pytest.raises(ConfigError) as error:
        compile_expression(value, COLUMNS, where="syncctl.yml: sources.sales.columns.email")

    assert str(error.value).startswith("syncctl.yml: sources.sales.columns.email: ")
    assert message in str(error.value)
