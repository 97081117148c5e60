"""GX in a forked worker, so its 3 s import overlaps the parent's reading and evidence work."""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import sys
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    # Types only: importing pandas here would delay the worker's start by ~0.4 s.
    import pandas as pd

    from validators.gx import ExpectationResult

Job = tuple["dict[str, pd.DataFrame]", dict[str, Path], dict[str, Any], "Path | None"]


def _run(job: Job) -> tuple[ExpectationResult, ...]:
    from validators import datadocs, gx

    tables, suites, parameters, data_docs = job
    run = gx.run_suites(tables, suites, parameters, complete=data_docs is not None)
    if data_docs is not None:
        datadocs.build_data_docs(run, data_docs)
    return run.results


def _serve(conn: Connection) -> None:
    """Worker: import GX at once, then run jobs until the parent sends None or goes away."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations  # noqa: F401  - the slow import this worker exists to overlap

    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):  # the parent exited (or failed) before sending work
            return
        if job is None:
            return
        try:
            conn.send(("ok", _run(job)))
        except Exception as e:  # noqa: BLE001 - the parent reports it; a worker traceback helps nobody
            conn.send(("error", f"{type(e).__name__}: {e}"))


class GxWorker:
    """Runs the suites in a worker started now, or in this process when there is nothing to overlap."""

    def __init__(self, background: bool = True) -> None:
        self._conn: Connection | None = None
        self._proc: Any = None
        # With GX already imported (tests, long-lived callers) a worker would only add work.
        if background and "great_expectations" not in sys.modules and "fork" in mp.get_all_start_methods():
            ctx = mp.get_context("fork")
            self._conn, child = ctx.Pipe()
            self._proc = ctx.Process(target=_serve, args=(child,), daemon=True, name="newsdq-gx")
            self._proc.start()
            child.close()

    def run(self, job: Job) -> tuple[ExpectationResult, ...]:
        """The expectation records of one job (tables, suites, parameters, Data Docs folder)."""
        if self._conn is None:
            return _run(job)
        self._conn.send(job)
        try:
            status, payload = self._conn.recv()
        except EOFError:
            self.close()
            raise RuntimeError("the GX worker process died") from None
        if status == "error":
            raise RuntimeError(payload)
        return payload  # type: ignore[no-any-return]

    def close(self) -> None:
        """Stop the worker (idempotent)."""
        if self._conn is not None:
            with contextlib.suppress(OSError):
                self._conn.send(None)
            self._conn.close()
            self._proc.join(timeout=5)
            self._conn = None

    def __enter__(self) -> GxWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
