"""The Python functions the cleansing SQL calls, directly and through a DuckDB connection."""

from __future__ import annotations

import duckdb
import pytest

from syncctl.dbt_plugin import register
from syncctl.functions import email_normalized, nfkc, phone_e164


@pytest.mark.parametrize(
    ("raw", "region", "expected"),
    [
        ("(212) 555-0147", "US", "+12125550147"),
        ("+1 212 555 0147", "DE", "+12125550147"),
        ("020 7946 0958", "GB", "+442079460958"),
        ("+44 (0)20 7946 0958", "US", "+442079460958"),
        ("0044 20 7946 0958", "GB", "+442079460958"),
        ("030 1234567", "DE", "+49301234567"),
        ("555-01", "US", None),
        ("not a number", "US", None),
        ("2125550147", None, None),
        (None, "US", None),
    ],
)
def test_phone_e164(raw, region, expected):
    assert phone_e164(raw, region) == expected


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("John.Smith@Example.COM", "john.smith@example.com"),
        ("User+Tag@Sub.Example.co.uk", "user+tag@sub.example.co.uk"),
        ("josé@exämple.de", "josé@exämple.de"),
        ("john@@example.com", None),
        ("john.smith@", None),
        ("john..smith@example.com", None),
        ("", None),
    ],
)
def test_email_normalized(email, expected):
    assert email_normalized(email) == expected


def test_nfkc_folds_compatibility_characters():
    assert nfkc("\uff2a\uff4f\uff48\uff4e\u00a0Smith") == "John Smith"
    assert nfkc("ﬁne") == "fine"
    assert nfkc(None) is None


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with syncctl's functions registered, as dbt's is."""
    connection = duckdb.connect()
    register(connection)
    return connection


def test_functions_work_as_duckdb_udfs_with_nulls(con):
    row = con.execute(
        "select syncctl_phone_e164('(212) 555-0147', 'US'), syncctl_phone_e164(null, 'US'), "
        "syncctl_email_normalized('A@B.CO'), syncctl_email_normalized(null), syncctl_email_normalized('a@'), "
        "syncctl_nfkc('\uff58'), syncctl_nfkc(null)"
    ).fetchone()

    assert row == ("+12125550147", None, "a@b.co", None, None, "x", None)


def test_the_row_by_row_functions_get_only_the_values_the_sql_hands_them(con):
    """As the cleansing macros call them: inside a CASE, on a few values of each batch of rows."""
    rows = con.execute(
        "select value, case when strlen(value) <> length(value) then syncctl_nfkc(value) else value end "
        "from (select case when i % 1000 = 0 then 'J\uff4fhn ' || i else 'Jane ' || i end as value "
        "from range(10000) as numbers(i)) order by value"
    ).fetchall()

    assert len(rows) == 10000
    assert all(folded == nfkc(value) for value, folded in rows)
    assert sum(value != folded for value, folded in rows) == 10  # the fullwidth o of every 1000th row


def test_many_phones_are_parsed_in_worker_processes_with_the_same_results():
    from syncctl import functions

    rows = [(f"(212) 555-{number:04d}", "US") for number in range(1500)] + [("555-01", "US"), (None, "DE")]

    parsed = functions.phone_e164_many(rows)

    assert functions._POOL is not None  # the batch was large enough to use the workers
    assert parsed == [functions.phone_e164(raw, region) for raw, region in rows]
    assert parsed[0] == "+12125550000" and parsed[-2:] == [None, None]
