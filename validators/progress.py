"""The progress bar of long runs: tqdm on stderr, only where someone watches (a terminal, not CI, not a hook)."""

from __future__ import annotations

import os
import sys
from typing import IO, Any


def wanted(fmt: str = "text", output: Any = None, stream: IO[str] | None = None) -> bool:
    """Whether a run shows a bar: stderr is a terminal, no `CI` variable is set, and the report is not JSON to stdout.

    (A JSON report to stdout is read by a program; one to a file leaves the terminal to the bar.)
    """
    stream = sys.stderr if stream is None else stream
    if os.environ.get("CI"):
        return False
    if fmt == "json" and output is None:
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def bar(total: int, enabled: bool, stage: str = "stage 1: read, extract, evidence") -> Any:
    """A tqdm bar over `total` work units (files, or slices of a table's records) on stderr: count, rate, ETA.

    Not enabled: a bar that draws nothing (tqdm's own `disable`), so callers update and close it all the same.
    """
    from tqdm import tqdm

    return tqdm(
        total=total,
        disable=not enabled,
        desc=stage,
        unit=" inputs",
        file=sys.stderr,
        leave=False,
        dynamic_ncols=True,
        mininterval=0.5,
    )
