"""Helpers shared by issue 5's tests: run one content check over files, read expected lines."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from validators.checks import ARTICLE_CHECKS
from validators.context import Context, Settings
from validators.pipeline import load

DATA = Path(__file__).resolve().parent / "data"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
# Fixed, so undated articles' eras do not move with the calendar.
AS_OF = pd.Timestamp("2026-11-21T00:00:00Z")


def context(paths: Iterable[str | os.PathLike[str]]) -> Context:
    """The articles and figures tables of some files, as the checks see them."""
    tables = load(paths)
    return Context(tables.articles, tables.figures, Settings(as_of=AS_OF))


def run(check: str, ctx: Context) -> dict[str, list[dict[str, Any]]]:
    """One check's evidence items per article id (articles with none left out)."""
    series = ARTICLE_CHECKS[check](ctx)
    assert series.index.equals(ctx.articles.index)
    return {str(aid): list(items) for aid, items in zip(ctx.articles["article_id"], series, strict=True) if items}


def expected_lines(path: Path) -> list[int] | None:
    """The `expect_lines` a case file's front matter lists, if any."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return None
    front = yaml.safe_load(text.split("---\n", 2)[1]) or {}
    lines = front.get("expect_lines")
    return [int(n) for n in lines] if lines else None


def cases(folder: Path) -> list[tuple[str, Path]]:
    """(verdict, file) for every case file under folder/good and folder/bad."""
    return [(v, p) for v in ("good", "bad") for p in sorted((folder / v).glob("*.md"))]


def check_case(found: dict[str, list[dict[str, Any]]], folder: Path, verdict: str, path: Path) -> list[dict[str, Any]]:
    """Assert a case file's verdict (and its `expect_lines`, if any); return its items."""
    items = found.get(path.relative_to(folder).as_posix(), [])
    if verdict == "good":
        assert not items, [i["message"] for i in items]
        return items
    assert items, f"{path.name}: expected a finding"
    lines = expected_lines(path)
    if lines:
        assert sorted({i["line"] for i in items}) == lines
    return items
