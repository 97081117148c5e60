"""A symlink that points at itself: opening it fails with ELOOP."""

from __future__ import annotations

import os
from pathlib import Path


def make(folder: Path) -> None:
    """Write loop.md -> loop.md into folder."""
    os.symlink("loop.md", folder / "loop.md")
