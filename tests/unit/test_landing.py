"""Landing: every source column as text, idempotent by content, all or nothing, errors that name the file."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from syncctl import landing
from syncctl.config import load_config
from syncctl.errors import ConfigError, LandingError
from syncctl.landing import file_hash as real_file_hash
from syncctl.landing import land
from syncctl.state import ensure_state
from tests.conftest import write_sales_csv


@pytest.fixture
def con(tmp_path):
    connection = duckdb.connect(str(tmp_path / "land.duckdb"))
    ensure_state(connection)
    yield connection
    connection.close()


def landed_rows(con, source):
    return con.execute(f"select count(*) from raw.{source}").fetchone()[0]


def landed_batches(con):
    return con.execute("select source, row_count from syncctl_state.landed_files order by batch_id").fetchall()


def test_lands_all_three_formats_as_text(con, small_project):
    result = land(con, load_config(small_project), "run-1")

    assert result.rows_by_source() == {"sales": 2, "service": 1, "marketing": 1}
    row = con.execute("select name, contact_id, _batch_id, _row_number, _source_file from raw.service").fetchone()
    assert row[0] == '{"given":"John","family":"Smith"}'
    assert row[1] == "1"
    assert row[3] == 1
    assert row[4].endswith("contacts.jsonl")
    types = con.execute(
        "select distinct data_type from information_schema.columns "
        "where table_schema = 'raw' and not starts_with(column_name, '_')"
    ).fetchall()
    assert types == [("VARCHAR",)]


def test_same_file_is_landed_once(con, small_project):
    loaded = load_config(small_project)
    land(con, loaded, "run-1")
    data = small_project.parent / "data" / "sales"
    shutil.copy(data / "accounts.csv", data / "accounts_copy.csv")

    second = land(con, loaded, "run-2")

    assert second.batches == []
    assert len(second.skipped) == 4
    assert landed_rows(con, "sales") == 2


def test_changed_file_is_a_new_batch_and_new_columns_are_added(con, small_project):
    loaded = load_config(small_project)
    land(con, loaded, "run-1")
    path = small_project.parent / "data" / "sales" / "accounts.csv"
    path.write_text(
        path.read_text()
        .replace("updated_at\n", "updated_at,segment\n", 1)
        .replace("2026-01-02 10:00:00\n", "2026-01-02 10:00:00,vip\n")
    )
    path.write_text(path.read_text().replace("2026-01-01 10:00:00\n", "2026-01-01 10:00:00,\n"))

    result = land(con, loaded, "run-2")

    assert [(source, rows) for source, _, _, rows in result.batches] == [("sales", 2)]
    assert landed_rows(con, "sales") == 4
    assert con.execute("select count(segment) from raw.sales").fetchone()[0] == 1


def test_a_file_already_hashed_is_not_read_again_until_it_changes(con, small_project, monkeypatch):
    loaded = load_config(small_project)
    land(con, loaded, "run-1")
    read = []
    monkeypatch.setattr(landing, "file_hash", lambda path: read.append(path.name) or real_file_hash(path))

    assert land(con, loaded, "run-2").batches == []
    assert read == []

    path = small_project.parent / "data" / "sales" / "accounts.csv"
    text = path.read_text()
    path.write_text(text.replace("Smith", "Smyth", 1))  # same size, new content
    assert len(path.read_text()) == len(text)
    result = land(con, loaded, "run-3")

    assert read == ["accounts.csv"]
    assert [(source, rows) for source, _, _, rows in result.batches] == [("sales", 2)]
    assert land(con, loaded, "run-4").batches == []
    assert read == ["accounts.csv"]


def test_malformed_csv_row_lands_nothing_and_names_file_and_line(con, small_project):
    loaded = load_config(small_project)
    path = small_project.parent / "data" / "sales" / "accounts.csv"
    with path.open("a") as handle:
        handle.write('A3,"Unclosed,quote\n')

    with pytest.raises(LandingError) as error:
        land(con, loaded, "run-1")

    assert str(error.value).startswith(f"{path} line 4: ")
    assert "unexpected end of data" in str(error.value)
    assert "nothing was landed" in str(error.value)
    assert landed_batches(con) == []
    assert con.execute("select count(*) from information_schema.tables where table_schema = 'raw'").fetchone()[0] == 0


def test_row_with_extra_fields_is_malformed(con, small_project):
    path = small_project.parent / "data" / "sales" / "accounts.csv"
    with path.open("a") as handle:
        handle.write("A3" + "," * 16 + "extra\n")

    with pytest.raises(
        LandingError,
        match=r"accounts.csv line 4: expected 16 fields, found 17 \(malformed row: nothing was landed\)",
    ):
        land(con, load_config(small_project), "run-1")


def test_mapped_column_missing_from_a_file_is_a_config_error(con, small_project):
    path = small_project.parent / "data" / "sales" / "accounts.csv"
    path.write_text(path.read_text().replace("billing_city", "town"))

    with pytest.raises(ConfigError) as error:
        land(con, load_config(small_project), "run-1")

    assert "sources.sales.columns.city" in str(error.value)
    assert "column 'billing_city' not found" in str(error.value)
    assert str(path) in str(error.value)
    assert landed_batches(con) == []


def test_glob_without_files_is_a_config_error(con, small_project):
    shutil.rmtree(small_project.parent / "data" / "marketing")

    with pytest.raises(ConfigError, match=r"sources\.marketing\.path: no file matches"):
        land(con, load_config(small_project), "run-1")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "empty file, expected a header line"),
        ("account_id,email,email\n", "line 1: the header has duplicate column 'email'"),
        ("account_id,_batch_id\n", "column '_batch_id' is reserved"),
        ("account_id,email,EMAIL\n", "columns 'email' and 'EMAIL' have the same name \\(names are case-insensitive\\)"),
    ],
)
def test_bad_csv_headers(con, small_project, content, message):
    (small_project.parent / "data" / "sales" / "accounts.csv").write_text(content)

    with pytest.raises(LandingError, match=message):
        land(con, load_config(small_project), "run-1")


def test_json_line_that_is_not_an_object(con, small_project):
    path = small_project.parent / "data" / "service" / "contacts.jsonl"
    path.write_text(path.read_text() + "[1, 2]\n")

    with pytest.raises(LandingError, match=rf"{path} line 2: expected a JSON object per line"):
        land(con, load_config(small_project), "run-1")


def test_json_keys_that_differ_only_in_case_name_the_file_and_keys(con, small_project):
    path = small_project.parent / "data" / "service" / "contacts.jsonl"
    path.write_text(path.read_text() + '{"contact_id": 2, "Email": "a@x.com"}\n')

    with pytest.raises(LandingError, match=rf"{path}: columns 'email' and 'Email' have the same name"):
        land(con, load_config(small_project), "run-1")

    assert landed_batches(con) == []


def test_malformed_json_names_file_and_line(con, small_project):
    path = small_project.parent / "data" / "service" / "contacts.jsonl"
    path.write_text(path.read_text() + '{"contact_id": 2,\n')

    with pytest.raises(LandingError) as error:
        land(con, load_config(small_project), "run-1")

    assert str(error.value).startswith(f"{path} line 2: malformed JSON (")


def test_empty_values_and_quoted_commas_survive(con, tmp_path, small_project):
    write_sales_csv(
        small_project.parent / "data" / "sales" / "accounts.csv",
        [{"account_id": "A9", "company": "Smith, Jones & Co", "email": ""}],
    )

    land(con, load_config(small_project), "run-1")

    assert con.execute("select company, email from raw.sales").fetchone() == ("Smith, Jones & Co", None)


def test_a_json_file_may_leave_out_a_key_an_earlier_file_had(con, small_project):
    loaded = load_config(small_project)
    land(con, loaded, "run-1")
    (small_project.parent / "data" / "service" / "contacts_2.jsonl").write_text(
        '{"contact_id": 2, "name": {"given": "Ann", "family": "Lee"}, "email": "ann@example.com"}\n'
    )

    result = land(con, loaded, "run-2")

    assert [(source, rows) for source, _, _, rows in result.batches] == [("service", 1)]
    assert con.execute("select dob, address from raw.service where contact_id = '2'").fetchone() == (None, None)


def test_a_json_key_no_file_ever_had_is_a_config_error(con, small_project):
    path = small_project.parent / "data" / "service" / "contacts.jsonl"
    path.write_text(path.read_text().replace('"dob"', '"birthday"'))

    with pytest.raises(ConfigError, match=r"sources\.service\.columns\.date_of_birth .*column 'dob' not found"):
        land(con, load_config(small_project), "run-1")


def test_the_columns_a_landing_will_add_are_known_before_it_lands(con, small_project):
    """A build parses the dbt project while it lands, with the raw columns `raw_columns_after` foresees."""
    loaded = load_config(small_project)
    foreseen: dict[str, list[str]] = {}

    def foresee(plan):
        foreseen.update({name: landing.raw_columns_after(con, name, plan) for name in loaded.config.sources})

    land(con, loaded, "run-1", on_plan=foresee)
    assert foreseen == {name: landing.table_columns(con, "raw", name) for name in loaded.config.sources}

    sales = small_project.parent / "data" / "sales"
    drifted = sales / "accounts_2.csv"
    header = landing.read_columns(sales / "accounts.csv", loaded.config.sources["sales"])
    header = [column.upper() if column == "email" else column for column in header] + ["loyalty_tier"]
    drifted.write_text(",".join(header) + "\n" + ",".join(["A9"] + [""] * (len(header) - 1)) + "\n")
    foreseen.clear()

    land(con, loaded, "run-2", on_plan=foresee)

    actual = landing.table_columns(con, "raw", "sales")
    assert foreseen["sales"] == actual
    assert actual[-1] == "loyalty_tier"
    assert "EMAIL" not in actual


def test_the_hash_of_a_file_no_source_matches_any_more_is_forgotten(con, small_project):
    loaded = load_config(small_project)
    sales = small_project.parent / "data" / "sales"
    shutil.copy(sales / "accounts.csv", sales / "accounts_old.csv")
    land(con, loaded, "run-1")
    kept = "select path from syncctl_state.file_hashes where path like '%accounts%' order by path"
    assert [path.rsplit("/", 1)[1] for (path,) in con.execute(kept).fetchall()] == ["accounts.csv", "accounts_old.csv"]

    (sales / "accounts_old.csv").unlink()
    land(con, loaded, "run-2")

    assert [path.rsplit("/", 1)[1] for (path,) in con.execute(kept).fetchall()] == ["accounts.csv"]
    assert con.execute("select count(*) from syncctl_state.file_hashes").fetchone()[0] == 3
