"""The progress a run reports while stage 1 reads: validators.progress.bar when it exists, else nothing."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any, Protocol


class Bar(Protocol):
    """What the pipeline asks of a bar (tqdm's own interface)."""

    def update(self, n: int = 1) -> Any: ...

    def close(self) -> None: ...


class _Silent:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


@contextlib.contextmanager
def progress_bar(total: int, enabled: bool) -> Iterator[Bar]:
    """A bar over `total` units (closed at the end), or one that shows nothing when not enabled."""
    bar: Bar = _Silent()
    if enabled:
        try:
            from validators.progress import bar as make  # the command line's bar (tqdm on stderr)
        except ImportError:
            pass
        else:
            bar = make(total, enabled)
    try:
        yield bar
    finally:
        bar.close()
