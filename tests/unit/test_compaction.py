"""Deferred compaction: writing connections keep deleted rows until a build compacts (no dbt here)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from syncctl import dbt_plugin
from syncctl.database import COMPACT_AFTER_SHARE, connect
from syncctl.state import STATE_SCHEMA, compaction_due, ensure_state, store_fingerprints


def vacuum_tasks(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("select current_setting('max_vacuum_tasks')").fetchone()
    assert row is not None
    return int(row[0])


def test_a_writing_connection_defers_compaction_unless_it_compacts(tmp_path: Path):
    database = tmp_path / "state.duckdb"
    with connect(database) as con:
        assert vacuum_tasks(con) == 0
    with connect(database, compact=True) as con:
        assert vacuum_tasks(con) > 0
    with connect(database, read_only=True) as con:
        assert vacuum_tasks(con) > 0


def test_the_dbt_plugin_defers_compaction_only_when_syncctl_asks():
    plugin = dbt_plugin.Plugin.create("syncctl.dbt_plugin")  # as dbt-duckdb loads it from the profile
    with duckdb.connect() as con:
        plugin.configure_connection(con)
        assert vacuum_tasks(con) > 0
    dbt_plugin.defer_compaction(True)
    try:
        with duckdb.connect() as con:
            plugin.configure_connection(con)
            assert vacuum_tasks(con) == 0
    finally:
        dbt_plugin.defer_compaction(False)


def land(con: duckdb.DuckDBPyConnection, batch_id: int, rows: int) -> None:
    con.execute(
        f"insert into {STATE_SCHEMA}.landed_files values (?, 'sales', ?, ?, ?, current_timestamp, 'run')",
        [batch_id, f"batch_{batch_id}.csv", f"hash{batch_id}", rows],
    )


@pytest.fixture
def state(tmp_path: Path):
    with connect(tmp_path / "state.duckdb") as con:
        ensure_state(con)
        yield con


def test_compaction_is_due_until_a_build_compacted(state):
    land(state, 1, 1000)
    assert compaction_due(state)

    store_fingerprints(state, "logic", "views", "run-1", compacted=False)
    assert compaction_due(state)

    store_fingerprints(state, "logic", "views", "run-2", compacted=True)
    assert not compaction_due(state)


def test_compaction_is_due_once_the_rows_landed_since_reach_the_share(state):
    land(state, 1, 1000)
    store_fingerprints(state, "logic", "views", "run-1", compacted=True)
    below = int(COMPACT_AFTER_SHARE * 1000)  # rows_since / all rows stays below the share
    land(state, 2, below - 10)
    assert not compaction_due(state)
    store_fingerprints(state, "logic", "views", "run-2", compacted=False)  # keeps the last compacted batch
    assert not compaction_due(state)

    land(state, 3, 200)
    assert compaction_due(state)
    store_fingerprints(state, "logic", "views", "run-3", compacted=True)
    assert not compaction_due(state)
    assert state.execute(f"select compacted_batch_id from {STATE_SCHEMA}.build_fingerprint").fetchall() == [(3,)]
