"""Progress reporting for long work. The core calls a `Reporter`; the CLI decides how it looks."""

from __future__ import annotations

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
    """A progress bar per step on stderr, with a line per finished step."""

    def __init__(self, console: Any) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
        from rich.progress import TimeElapsedColumn

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

    def start(self, description: str, total: int | None = None) -> None:
        self.finish()
        self._description = description
        self._progress.start()
        self._task = self._progress.add_task(description, total=total, detail="")

    def advance(self, detail: str | None = None) -> None:
        if self._task is not None:
            self._progress.update(self._task, advance=1, detail=detail or "")

    def finish(self, message: str | None = None) -> None:
        if self._task is None:
            return
        elapsed = self._progress.tasks[0].elapsed or 0.0
        self._progress.remove_task(self._task)
        self._progress.stop()
        self._task = None
        self._console.print(f"[green]✓[/] {message or self._description} [dim]({elapsed:.1f}s)[/]")
