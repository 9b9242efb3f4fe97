"""syncctl.yml is validated on load; every problem names the file, the key and what was expected."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from syncctl.config import DATABASE_ENV_VAR, load_config
from syncctl.errors import ConfigError
from tests.conftest import REPO_ROOT

VALID = """
sources:
  sales:
    path: data/*.csv
    primary_key: id
    columns: {email: mail}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "syncctl.yml"
    path.write_text(text)
    return path


def test_the_shipped_config_is_valid():
    loaded = load_config(REPO_ROOT / "syncctl.yml")

    assert list(loaded.config.sources) == ["sales", "service", "marketing"]
    assert loaded.config.sources["service"].resolved_format() == "jsonl"
    assert loaded.config.targets["crm_export"].type == "file"


def test_defaults_and_relative_paths(tmp_path, monkeypatch):
    monkeypatch.delenv(DATABASE_ENV_VAR, raising=False)
    loaded = load_config(write(tmp_path, VALID))

    assert loaded.database_path == tmp_path / "syncctl.duckdb"
    assert loaded.config.targets["crm_export"].path == "exports"
    assert loaded.config.sources["sales"].resolved_format() == "csv"


def test_database_env_var_overrides(tmp_path, monkeypatch):
    monkeypatch.setenv(DATABASE_ENV_VAR, str(tmp_path / "other.duckdb"))

    assert load_config(write(tmp_path, VALID)).database_path == tmp_path / "other.duckdb"


def test_source_files_are_sorted_glob_matches(tmp_path):
    (tmp_path / "data").mkdir()
    for name in ("b.csv", "a.csv", "c.txt"):
        (tmp_path / "data" / name).write_text("id\n")

    files = load_config(write(tmp_path, VALID)).source_files("sales")

    assert [path.name for path in files] == ["a.csv", "b.csv"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            VALID.replace("primary_key: id", "primary_key: id\n    pkey: x"),
            "sources.sales.pkey: unknown key (did you mean 'primary_key'? expected one of: path, format,",
        ),
        (VALID.replace("    primary_key: id\n", ""), "sources.sales.primary_key: required key is missing"),
        (
            VALID.replace("{email: mail}", "{e_mail: mail}"),
            "sources.sales.columns: unknown canonical column 'e_mail'",
        ),
        (VALID.replace("sales:", "Sales:"), "sources: name 'Sales' must be lower-case"),
        (
            VALID.replace("data/*.csv", "data/*.txt"),
            "sources.sales.path: cannot tell the format from 'data/*.txt'",
        ),
        (VALID + "targets: {crm: {type: ftp}}\n", "targets.crm.type: Input should be 'file'"),
        (VALID + "matching: {max_key_group_size: 1}\n", "matching.max_key_group_size:"),
        (
            VALID.replace("primary_key: id", "primary_key: id\n    extract: full\n    delete_when: op = 'D'"),
            "sources.sales: delete_when: a full extract marks deletes by leaving records out of the snapshot",
        ),
        (
            VALID.replace("primary_key: id", "primary_key: id\n    on_delete: purge"),
            "sources.sales.on_delete: Input should be 'delete', 'detach' or 'ignore'",
        ),
        ("sources: [", "line 1: not valid YAML"),
        ("- a list\n", "expected a mapping with 'sources:'"),
        ("version: 1\n", "sources: required key is missing"),
    ],
)
def test_invalid_config_is_one_clear_error(tmp_path, text, message):
    path = write(tmp_path, text)

    with pytest.raises(ConfigError) as error:
        load_config(path)

    assert str(error.value).startswith(str(path))
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_missing_config_file(tmp_path):
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "syncctl.yml")


def test_the_shipped_config_spells_out_the_matching_defaults():
    from syncctl.config import MatchingConfig

    assert load_config(REPO_ROOT / "syncctl.yml").config.matching == MatchingConfig()


@pytest.mark.parametrize(
    ("matching", "message"),
    [
        ("{blocking_rules: [{name: x, columns: [shoe_size]}]}", "blocking_rules[0] (x): unknown column 'shoe_size'"),
        ("{comparisons: [{name: x, column: email_normalized, levels: [fuzzy]}]}", "String should match pattern"),
        ("{link_rules: [{name: x, exact: [nope]}]}", "link_rules (x): 'nope' is not a comparison"),
        ("{cannot_link: [shoe_size]}", "matching.cannot_link.0"),
        ("{strong_link_levels: {shoe_size: exact}}", "strong_link_levels: 'shoe_size' is not a comparison"),
        (
            "{strong_link_levels: {email: levenshtein <= 1}}",
            "strong_link_levels.email: 'levenshtein <= 1' is not one of its levels: exact, jaro_winkler >= 0.9",
        ),
    ],
)
def test_invalid_matching_rules(tmp_path, matching, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_config(write(tmp_path, VALID + f"matching: {matching}\n"))


def test_survivorship_rules_are_checked(tmp_path):
    with pytest.raises(ConfigError, match=re.escape("survivorship.fields.postcode: the address is taken whole")):
        load_config(write(tmp_path, VALID + "survivorship: {fields: {postcode: valid_first}}\n"))
    with pytest.raises(ConfigError, match=re.escape("survivorship.fields: unknown field 'shoe_size'")):
        load_config(write(tmp_path, VALID + "survivorship: {fields: {shoe_size: most_recent}}\n"))
    with pytest.raises(ConfigError, match=re.escape("survivorship.source_priority: unknown source 'crm'")):
        load_config(write(tmp_path, VALID + "survivorship: {source_priority: [crm]}\n"))


def test_the_default_strong_link_levels_follow_comparisons_of_ones_own(tmp_path):
    """The default names the default first_name comparison; without its level it asks nothing."""
    own = "{link_rules: [], comparisons: [{name: first_name, column: first_name_normalized, levels: [exact]}]}"
    assert load_config(write(tmp_path, VALID + f"matching: {own}\n")).config.matching.strong_link_levels == {}
    loose = "[exact, jaro_winkler >= 0.92, jaro_winkler >= 0.7]"
    own = f"{{link_rules: [], comparisons: [{{name: first_name, column: first_name_normalized, levels: {loose}}}]}}"
    assert load_config(write(tmp_path, VALID + f"matching: {own}\n")).config.matching.strong_link_levels == {
        "first_name": "jaro_winkler >= 0.92"
    }
