"""An article of exactly --max-bytes bytes: the largest file read whole."""

from __future__ import annotations

from pathlib import Path

from validators.reading import MAX_BYTES

FRONT = """title = "Nikkei extends rally"
source = "Reuters"
url = "https://www.example.com/2026/02/12/nikkei-rally.html"
published = 2026-02-12T02:02:24Z
category = "finance"
summary = "Japanese stocks extended their rally."
"""
BODY = """Japan's Nikkei 225 on Thursday rose 1.2% to 57,663, extending its post-election rally to fresh highs.

Analysts said the move reflected renewed confidence in domestic politics and the ruling administration's economic
agenda, while exporters gained on a weaker currency. Trading volumes were above their monthly average, and foreign
investors were net buyers for a third straight week.
"""


def make(folder: Path) -> None:
    """Write at-limit.md into folder, MAX_BYTES long."""
    # A TOML comment pads it: a padded body would cost every check a 10 MB scan.
    head, tail = f"+++\n{FRONT}#", f"\n+++\n{BODY}".encode()
    pad = MAX_BYTES - len(head.encode()) - len(tail)
    (folder / "at-limit.md").write_bytes(head.encode() + b" " * pad + tail)
