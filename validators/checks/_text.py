"""Shared helpers for the content checks: reference YAML loaded once, names, and the one line index."""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from validators.checks._prefilter import RegexSet, fold
from validators.figures.prose import sentence_spans
from validators.reading import read_reference

NAME_JUNK_RE = re.compile(r"[^a-z0-9]+")


@functools.lru_cache(maxsize=32)
def load_yaml(path: Path) -> Any:
    """A reference YAML file, parsed once per run (a malformed one is a UsageError naming the file and line)."""
    return read_reference(path)


def norm_name(name: str) -> str:
    """An instrument name reduced to lower-case letters and digits, for matching aliases."""
    return NAME_JUNK_RE.sub("", name.lower())


def norm_names(names: pd.Series[Any]) -> pd.Series[Any]:
    """norm_name of every cell (as text), worked out once per distinct name: a few instruments, many figures."""
    text = names.astype(str)
    return text.map({name: norm_name(name) for name in text.unique()})


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain dicts (position i is row i), as to_dict("records") gives them: built column by column,
    which is 2-3x faster (to_dict boxes every cell on its own)."""
    keys = [str(c) for c in df.columns]
    return [dict(zip(keys, row, strict=True)) for row in zip(*map(_values, (df[c] for c in df.columns)), strict=True)]


def _values(column: pd.Series[Any]) -> list[Any]:
    values = column.tolist()
    if isinstance(column.dtype, pd.api.extensions.ExtensionDtype) or column.dtype == object:
        return [None if v is pd.NA else v for v in values]  # a nullable cell (Int64, string[pyarrow]): None, as to_dict
    return values


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
        self.first = body_start_line
        self._candidates: dict[int, list[int]] = {}

    @functools.cached_property
    def starts(self) -> list[int]:
        """The body offset of each line's first character (worked out only when an offset is asked for)."""
        return [0, *itertools.accumulate(map((1).__add__, map(len, self.body.split("\n")[:-1])))]

    @functools.cached_property
    def folded(self) -> str:
        """The body as RegexSet reads it (casefolded), worked out once for every regex set searched in it."""
        return fold(self.body)

    def candidates(self, regexes: RegexSet) -> list[int]:
        """The positions of the regexes of `regexes` that can match in the body, worked out once per set."""
        found = self._candidates.get(id(regexes))
        if found is None:
            found = self._candidates[id(regexes)] = regexes.candidates(self.folded)
        return found

    def line(self, pos: int) -> int:
        """The file line holding body offset `pos`."""
        return self.first + bisect.bisect_right(self.starts, pos) - 1

    def lines(self) -> Iterator[tuple[int, str]]:
        """Each line of the body with its file line number."""
        return enumerate(self.body.split("\n"), self.first)

    def sentence(self, pos: int) -> tuple[int, int]:
        """The sentence holding body offset `pos`, split as the figure extractor splits its lines."""
        i = bisect.bisect_right(self.starts, pos) - 1
        start = self.starts[i]
        end = self.starts[i + 1] - 1 if i + 1 < len(self.starts) else len(self.body)
        return next(((a, b) for a, b in sentence_spans(self.body, start, end) if a <= pos < b), (start, end))
