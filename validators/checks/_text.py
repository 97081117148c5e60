"""Shared helpers for the content checks: reference YAML loaded once, names and sentences."""

from __future__ import annotations

import bisect
import functools
import re
from pathlib import Path
from typing import Any

import pandas as pd

from validators.reading import read_reference

NAME_JUNK_RE = re.compile(r"[^a-z0-9]+")
NEWLINE_RE = re.compile(r"\n")
# A sentence ends at . ! ? (after closing quotes) before a capital, digit or opening quote.
SENTENCE_END_RE = re.compile(r"(?<=[.!?])[\"'”’)\]]*[ \t]+(?=[\"'“‘(\[]?[A-Z0-9])|\n+")


@functools.lru_cache(maxsize=32)
def load_yaml(path: Path) -> Any:
    """A reference YAML file, parsed once per run (a malformed one is a UsageError naming the file and line)."""
    return read_reference(path)


def norm_name(name: str) -> str:
    """An instrument name reduced to lower-case letters and digits, for matching aliases."""
    return NAME_JUNK_RE.sub("", name.lower())


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of `text`, newlines always ending one."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in SENTENCE_END_RE.finditer(text):
        if text[start : m.start()].strip():
            spans.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


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
    """Offsets in an article's `body` to 1-based lines of the original file."""

    def __init__(self, body: str, body_start_line: int) -> None:
        self.starts = [0] + [m.end() for m in NEWLINE_RE.finditer(body)]
        self.first = body_start_line

    def line(self, pos: int) -> int:
        """The file line holding body offset `pos`."""
        return self.first + bisect.bisect_right(self.starts, pos) - 1


def body_line(row: pd.Series, pos: int) -> int:
    """1-based original-file line of character offset `pos` in an articles row's `body`."""
    return int(row["body_start_line"]) + str(row["body"]).count("\n", 0, pos)
