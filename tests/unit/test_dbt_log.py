"""logs/dbt.log: the lines syncctl keeps of dbt's events, written from dbt's threads."""

from __future__ import annotations

import datetime
import threading
from types import SimpleNamespace

from syncctl.dbt import _LogFile


def _event(level: str, msg: str) -> SimpleNamespace:
    stamp = SimpleNamespace(ToDatetime=lambda: datetime.datetime(2026, 12, 7, 6, 0, 0))
    return SimpleNamespace(info=SimpleNamespace(level=level, msg=msg, ts=stamp))


def test_lines_written_from_many_threads_are_all_kept_whole(tmp_path):
    path = tmp_path / "dbt.log"
    threads, lines_per_thread = 8, 2000
    start = threading.Barrier(threads)

    def write_lines(log: _LogFile, thread: int) -> None:
        start.wait()
        for number in range(lines_per_thread):
            log.write(_event("info", f"thread {thread} line {number} " + "x" * (number % 97)))

    with _LogFile(path, "build") as log:
        workers = [threading.Thread(target=write_lines, args=(log, thread)) for thread in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()

    text = path.read_bytes().decode("utf-8")  # raises on the raw bytes a torn write leaves
    kept = [line.split("] ", 1)[1] for line in text.splitlines() if "[info ]" in line]
    expected = [
        f"thread {thread} line {number} " + "x" * (number % 97)
        for thread in range(threads)
        for number in range(lines_per_thread)
    ]
    assert sorted(kept) == sorted(expected)


def test_debug_lines_are_left_out_unless_asked_for(tmp_path, monkeypatch):
    monkeypatch.delenv(_LogFile.DEBUG_ENV_VAR, raising=False)
    path = tmp_path / "dbt.log"
    with _LogFile(path, "build") as log:
        log.write(_event("debug", "select 1"))
        log.write(_event("warn", "a warning"))

    text = path.read_text(encoding="utf-8")
    assert "a warning" in text
    assert "select 1" not in text
