"""Shared helpers for the content checks: reference YAML loaded once, names, and the one line index."""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from validators.figures.prose import sentence_spans
from validators.reading import read_reference

NAME_JUNK_RE = re.compile(r"[^a-z0-9]+")
NEWLINE_RE = re.compile(r"\n")


@functools.lru_cache(maxsize=32)
def load_yaml(path: Path) -> Any:
    """A reference YAML file, parsed once per run (a malformed one is a UsageError naming the file and line)."""
    return read_reference(path)


def norm_name(name: str) -> str:
    """An instrument name reduced to lower-case letters and digits, for matching aliases."""
    return NAME_JUNK_RE.sub("", name.lower())


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain dicts (position i is row i): faster to walk than iterrows, and typed."""
    return [{str(k): v for k, v in r.items()} for r in df.to_dict("records")]


def figures_by_article(figures: pd.DataFrame) -> dict[str, list[dict[str, Any]]]:
    """The figures table's rows per article id (empty when there is no table yet)."""
    out: dict[str, list[dict[str, Any]]] = {}
    if figures.empty or "article_id" not in figures.columns:
        return out
    for fig in records(figures):
        out.setdefault(str(fig["article_id"]), []).append(fig)
    return out


def evidence_series(index: pd.Index, found: dict[int, list[dict[str, Any]]]) -> pd.Series[Any]:
    """An evidence column: the items found per row position, None where nothing was."""
    return pd.Series([found.get(i) or None for i in range(len(index))], index=index, dtype=object)


class BodyLines:
    """An article's `body` with its 1-based lines of the original file: the one line index of the checks."""

    def __init__(self, body: str, body_start_line: int) -> None:
        self.body = body
        self.starts = [0] + [m.end() for m in NEWLINE_RE.finditer(body)]
        self.first = body_start_line

    def line(self, pos: int) -> int:
        """The file line holding body offset `pos`."""
        return self.first + bisect.bisect_right(self.starts, pos) - 1

    def lines(self) -> Iterator[tuple[int, str]]:
        """Each line of the body with its file line number."""
        ends = [s - 1 for s in self.starts[1:]] + [len(self.body)]
        for i, (start, end) in enumerate(zip(self.starts, ends, strict=True)):
            yield self.first + i, self.body[start:end]

    def sentence(self, pos: int) -> tuple[int, int]:
        """The sentence holding body offset `pos`, split as the figure extractor splits its lines."""
        i = bisect.bisect_right(self.starts, pos) - 1
        start = self.starts[i]
        end = self.starts[i + 1] - 1 if i + 1 < len(self.starts) else len(self.body)
        return next(((a, b) for a, b in sentence_spans(self.body, start, end) if a <= pos < b), (start, end))
