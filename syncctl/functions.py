"""Python functions the SQL models call where a real library beats hand-written rules.

They are registered on dbt's DuckDB connection by `syncctl.dbt_plugin` (phone parsing as a vectorised
Arrow function, the others row by row), so models that call them must be tables. The SQL side keeps them
off the hot path: phones go through a cache model (each distinct number is parsed once, ever), emails
through a SQL fast path (only unusual addresses reach email-validator), text through NFKC only when it
is not plain ASCII.
"""

from __future__ import annotations

import atexit
import os
import unicodedata
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from typing import Any

from email_validator import EmailNotValidError, validate_email

from syncctl.phone_numbers import phone_e164


@lru_cache(maxsize=65536)
def email_normalized(email: str | None) -> str | None:
    """The address in normal form if its syntax is valid (no DNS lookups), else None."""
    if not email:
        return None
    try:
        result = validate_email(email, check_deliverability=False, allow_smtputf8=True)
    except EmailNotValidError:
        return None
    return str(result.normalized).lower()


def nfkc(text: str | None) -> str | None:
    """Unicode NFKC: fullwidth letters, ligatures and non-breaking spaces become their plain forms."""
    return unicodedata.normalize("NFKC", text) if text is not None else None


def phone_e164_many(rows: Sequence[tuple[str | None, str | None]]) -> list[str | None]:
    """`phone_e164` over many (raw, region) rows, spread over the CPU cores when there are enough.

    Parsing is pure Python (about 10 us a number, see syncctl.phone_numbers), so a large batch is split
    between worker processes.
    """
    workers = _worker_count()
    if workers < 2 or len(rows) < _PARALLEL_MIN_ROWS:
        return [phone_e164(raw, region) for raw, region in rows]
    size = -(-len(rows) // workers)
    parts = [rows[start : start + size] for start in range(0, len(rows), size)]
    return [result for part in _pool().map(_phone_e164_part, parts) for result in part]


_PARALLEL_MIN_ROWS = 1024
_POOL: ProcessPoolExecutor | None = None


def _phone_e164_part(rows: Sequence[tuple[str | None, str | None]]) -> list[str | None]:
    return [phone_e164(raw, region) for raw, region in rows]


def _worker_count() -> int:
    return min(os.cpu_count() or 1, 4)


def _pool() -> ProcessPoolExecutor:
    """Worker processes, started on first use (spawned: forking dbt's threads is not safe)."""
    global _POOL
    if _POOL is None:
        import multiprocessing

        _POOL = ProcessPoolExecutor(max_workers=_worker_count(), mp_context=multiprocessing.get_context("spawn"))
        atexit.register(_POOL.shutdown, cancel_futures=True)
    return _POOL


def vectorised_rows(function: Callable[[Sequence[tuple[Any, ...]]], list[Any]], arity: int) -> Callable[..., Any]:
    """Wrap a function of many rows for DuckDB's Arrow UDF interface (columns in, one column out): it
    takes all rows of a batch at once.

    DuckDB checks the wrapper's signature against the declared argument types, so it has exactly
    `arity` parameters.
    """
    import pyarrow as pa

    def apply_columns(columns: Sequence[Any]) -> Any:
        values = [column.to_pylist() for column in columns]
        return pa.array(function(list(zip(*values, strict=True))), type=pa.string())

    if arity == 2:
        return lambda first, second: apply_columns([first, second])
    raise ValueError(f"vectorised_rows supports 2 arguments, not {arity}")
