"""A new source needs only its syncctl.yml entry: the staging files are created for it."""

from __future__ import annotations

from syncctl.scaffold import scaffold_sources, staging_files
from tests.conftest import REPO_ROOT


def test_creates_the_staging_model_and_its_yaml(tmp_path):
    created = scaffold_sources(tmp_path, ["billing"])

    folder = tmp_path / "models" / "staging" / "billing"
    assert sorted(path.name for path in created) == [
        "_billing__models.yml",
        "_billing__sources.yml",
        "stg_billing__customers.sql",
    ]
    assert "{{ stage_source('billing') }}" in (folder / "stg_billing__customers.sql").read_text()
    assert "identifier: billing" in (folder / "_billing__sources.yml").read_text()


def test_never_overwrites_a_hand_written_model(tmp_path):
    folder = tmp_path / "models" / "staging" / "billing"
    folder.mkdir(parents=True)
    (folder / "stg_billing__customers.sql").write_text("select 1")

    assert scaffold_sources(tmp_path, ["billing"]) == []
    assert (folder / "stg_billing__customers.sql").read_text() == "select 1"


def test_the_shipped_staging_files_are_the_scaffolded_ones():
    for name in ("sales", "service", "marketing"):
        for path, text in staging_files(REPO_ROOT / "models", name).items():
            assert path.read_text() == text, path
