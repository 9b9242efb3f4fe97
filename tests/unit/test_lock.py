"""One run at a time per database."""

from __future__ import annotations

import pytest

from syncctl.errors import LockError
from syncctl.lock import run_lock


def test_second_run_on_the_same_database_fails_at_once(tmp_path):
    database = tmp_path / "syncctl.duckdb"

    with run_lock(database), pytest.raises(LockError) as error, run_lock(database):
        pass

    assert "another syncctl run" in str(error.value)
    assert str(database) in str(error.value)


def test_lock_is_released_after_the_run(tmp_path):
    database = tmp_path / "syncctl.duckdb"
    with run_lock(database):
        pass

    with run_lock(database):
        assert (tmp_path / "syncctl.duckdb.lock").exists()
