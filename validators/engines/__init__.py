"""Engines execute the stages validators.pipeline defines: stage 1 over batches of records, stage 2, the suites.

This package is light (no pandas at import): the CLI and the hook make their engine first, so that the GX worker
forks before this process imports pandas.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Protocol, TypeVar

from validators.engines.pandas import PandasEngine

if TYPE_CHECKING:
    from validators.engines.gx_worker import Job
    from validators.gx import ExpectationResult
    from validators.pipeline import Batch

__all__ = ["Engine", "PandasEngine"]

U = TypeVar("U")  # a work unit: what stage 1 reads records from


class Engine(Protocol):
    """How a run is executed: where stage 1, stage 2 and the suites run."""

    def stage1(
        self,
        step: Callable[[Sequence[U]], Batch],
        units: Iterable[U],
        jobs: int = 1,
        weight: Callable[[U], int] = ...,
    ) -> Iterable[Batch]:
        """`step` over chunks of work units (`weight`: a unit's records), in order, in `jobs` worker processes."""
        ...

    def stage2(self, step: Callable[[Batch], Batch], batch: Batch) -> Batch:
        """`step` over the whole dataset's compact columns."""
        ...

    def suites(self, job: Job) -> tuple[ExpectationResult, ...]:
        """The expectation results of the suites over the tables."""
        ...

    def close(self) -> None:
        """Release what the engine started (idempotent)."""
        ...
