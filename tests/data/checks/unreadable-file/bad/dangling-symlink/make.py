"""A symlink whose target was deleted (an article moved after it was linked)."""

from __future__ import annotations

import os
from pathlib import Path


def make(folder: Path) -> None:
    """Write dangling.md -> nowhere.md into folder."""
    os.symlink("nowhere.md", folder / "dangling.md")
