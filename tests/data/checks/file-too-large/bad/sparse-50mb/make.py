"""A 50 MB article file, five times --max-bytes: sparse, so the disk holds almost none of it."""

from __future__ import annotations

from pathlib import Path


def make(folder: Path) -> None:
    """Write huge.md into folder."""
    with (folder / "huge.md").open("wb") as fh:
        fh.write(b"---\ntitle: Nikkei closes higher\n---\nThe Nikkei 225 rose 1.2% on Thursday.\n")
        fh.truncate(50 * 1024 * 1024)
