"""A symlink to an article beside it: followed and read like the article itself."""

from __future__ import annotations

import os
from pathlib import Path

ARTICLE = """---
title: "Nikkei extends rally"
source: "Reuters"
url: "https://www.example.com/2026/02/12/nikkei-rally.html"
published: "2026-02-12T02:02:24Z"
category: "finance"
summary: "Japanese stocks extended their rally."
---
Japan's Nikkei 225 on Thursday rose 1.2% to 57,663, extending its post-election rally to fresh highs.

Analysts said the move reflected renewed confidence in domestic politics and the ruling administration's economic
agenda, while exporters gained on a weaker currency. Trading volumes were above their monthly average, and foreign
investors were net buyers for a third straight week.
"""


def make(folder: Path) -> None:
    """Write article.md and latest.md -> article.md into folder."""
    (folder / "article.md").write_text(ARTICLE, encoding="utf-8")
    os.symlink("article.md", folder / "latest.md")
