"""The pandas engine: stage 1 over chunks of work units (here or in a pool of workers), stage 2 on the whole dataset,
the suites in a GX worker."""

from __future__ import annotations

import itertools
import multiprocessing as mp
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from validators.context import BATCH_SIZE
from validators.engines.gx_worker import GxWorker, Job

if TYPE_CHECKING:  # pandas and the pipeline load after the GX worker has forked
    from validators.gx import ExpectationResult
    from validators.pipeline import Batch

# Chunks a worker holds at once beyond the one it works on: results come back in order, so a slow chunk must not
# let the others pile up unread (memory), yet every worker needs its next chunk ready.
_AHEAD = 2

U = TypeVar("U")
_step: Callable[[Any], Any] | None = None  # a pool worker's stage-1 function, set once when it starts


def chunks(units: Iterable[U], size: int, weight: Callable[[U], int] = lambda _: 1) -> Iterator[list[U]]:
    """Consecutive units in lists of at most `size` records (a unit over `size` goes alone)."""
    chunk: list[U] = []
    total = 0
    for unit in units:
        w = max(1, weight(unit))
        if chunk and total + w > size:
            yield chunk
            chunk, total = [], 0
        chunk.append(unit)
        total += w
    if chunk:
        yield chunk


def _start_worker(step: Callable[[Any], Any]) -> None:
    global _step
    _step = step


def _work(chunk: Any) -> Any:
    assert _step is not None, "pool worker started without its step"
    return _step(chunk)


def _context() -> Any:
    # fork shares the imported modules (pandas, the compiled extractor) at no cost; elsewhere spawn, whose
    # workers import them again and get the step pickled once.
    return mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")


class PandasEngine:
    """Stage 1 and stage 2 in this process (stage 1 in `jobs` workers); the suites in a GX worker forked now."""

    def __init__(self, background: bool = True, batch_size: int = BATCH_SIZE) -> None:
        self.batch_size = batch_size
        self._gx = GxWorker(background)

    def stage1(
        self,
        step: Callable[[Sequence[U]], Batch],
        units: Iterable[U],
        jobs: int = 1,
        weight: Callable[[U], int] = lambda _: 1,
    ) -> Iterator[Batch]:
        """`step` over consecutive chunks of units, in their order, in `jobs` worker processes (1: here).

        A unit is whatever `step` reads records from (a file, a slice of a file's records); `weight` is how many
        records it holds. Workers read their units themselves: only paths go out, only tables come back.
        """
        parts = chunks(units, self.batch_size, weight)
        if jobs <= 1:
            yield from map(step, parts)
            return
        first = list(itertools.islice(parts, jobs))
        if len(first) <= 1:  # one chunk: a pool would only add its start-up
            yield from map(step, first)
            return
        ctx = _context()
        with ctx.Pool(min(jobs, len(first)), initializer=_start_worker, initargs=(step,)) as pool:
            yield from _ordered(pool, first, parts, jobs * _AHEAD)

    def stage2(self, step: Callable[[Batch], Batch], batch: Batch) -> Batch:
        """`step` over the whole dataset at once."""
        return step(batch)

    def suites(self, job: Job) -> tuple[ExpectationResult, ...]:
        """The suites' results, from the GX worker (or this process)."""
        return self._gx.run(job)

    def close(self) -> None:
        """Stop the GX worker (idempotent)."""
        self._gx.close()

    def __enter__(self) -> PandasEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _ordered(pool: Any, first: list[Any], rest: Iterator[Any], ahead: int) -> Iterator[Any]:
    """The results of `_work` over first + rest, in order, with at most `ahead` chunks sent and not yet taken."""
    pending = [pool.apply_async(_work, (c,)) for c in first]
    for chunk in rest:
        while len(pending) >= ahead:
            yield pending.pop(0).get()
        pending.append(pool.apply_async(_work, (chunk,)))
    while pending:
        yield pending.pop(0).get()
