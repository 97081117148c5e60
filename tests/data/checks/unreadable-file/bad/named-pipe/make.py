"""A named pipe with an article's name: no regular file, so never opened (it would block the run)."""

from __future__ import annotations

import os
from pathlib import Path


def make(folder: Path) -> None:
    """Make the FIFO pipe.md in folder."""
    os.mkfifo(folder / "pipe.md")
