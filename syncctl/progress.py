"""Progress reporting for long work. The core calls a `Reporter`; the CLI decides how it looks."""

from __future__ import annotations

import time
from typing import Any, Protocol


class Reporter(Protocol):
    def start(self, description: str, total: int | None = None) -> None:
        """Begin a step; `total` is the number of units when known."""

    def advance(self, detail: str | None = None) -> None:
        """One unit of the current step is done."""

    def finish(self, message: str | None = None) -> None:
        """The current step is done."""


class NullReporter:
    """Reports nothing (tests, `--json`, library use)."""

    def start(self, description: str, total: int | None = None) -> None:
        pass

    def advance(self, detail: str | None = None) -> None:
        pass

    def finish(self, message: str | None = None) -> None:
        pass


class RichReporter:
    """A progress bar per step on stderr (in a terminal), and a line per finished step."""

    def __init__(self, console: Any) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        self._console = console
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("[dim]{task.fields[detail]}"),
            console=console,
            transient=True,
        )
        self._task: Any = None
        self._description = ""
        self._live = bool(console.is_terminal)
        self._started_at = 0.0

    def start(self, description: str, total: int | None = None) -> None:
        self.finish()
        self._description = description
        self._started_at = time.perf_counter()
        if self._live:
            self._progress.start()
            self._task = self._progress.add_task(description, total=total, detail="")
        else:
            self._task = description

    def advance(self, detail: str | None = None) -> None:
        if self._task is not None and self._live:
            self._progress.update(self._task, advance=1, detail=detail or "")

    def finish(self, message: str | None = None) -> None:
        if self._task is None:
            return
        if self._live:
            self._progress.remove_task(self._task)
            self._progress.stop()
        self._task = None
        elapsed = time.perf_counter() - self._started_at
        self._console.print(f"[green]✓[/] {message or self._description} [dim]({elapsed:.1f}s)[/]")
