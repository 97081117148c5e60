"""The pandas engine: stage 1 over batches in this process, stage 2 on the whole dataset, the suites in a GX worker."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from validators.engines.gx_worker import GxWorker, Job

if TYPE_CHECKING:  # pandas and the pipeline load after the GX worker has forked
    from validators.gx import ExpectationResult
    from validators.pipeline import Batch, Record

# Records per stage-1 batch: big enough that the per-batch contracts and checks cost little, small enough that
# a batch's frames stay a few MB.
BATCH_SIZE = 2_000


class PandasEngine:
    """Stage 1 and stage 2 in this process; the suites in a GX worker forked now (see GxWorker)."""

    def __init__(self, background: bool = True, batch_size: int = BATCH_SIZE) -> None:
        self.batch_size = batch_size
        self._gx = GxWorker(background)

    def stage1(self, step: Callable[[list[Record]], Batch], records: Iterable[Record]) -> Iterator[Batch]:
        """`step` over consecutive batches of `batch_size` records, as they are read."""
        it = iter(records)
        while chunk := list(itertools.islice(it, self.batch_size)):
            yield step(chunk)

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
