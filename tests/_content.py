"""Helpers shared by the content checks' tests: run one check over files, read expected lines."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from validators import pipeline, registry
from validators.checks import staleness
from validators.context import Context, Settings

DATA = Path(__file__).resolve().parent / "data"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
# Fixed, so undated articles' eras do not move with the calendar.
AS_OF = pd.Timestamp("2026-11-21T00:00:00Z")


def load(paths: Iterable[str | os.PathLike[str]], settings: Settings | None = None) -> pipeline.Batch:
    """Stage 1 over some files as one batch: the tables, every per-article check's evidence, the compact columns."""
    settings = settings or Settings(as_of=AS_OF)
    return pipeline.stage1(pipeline.records(list(paths), settings)[1], settings)


def context(paths: Iterable[str | os.PathLike[str]]) -> Context:
    """The tables of some files as every check sees them: stage 1's columns, and the eras stage 2 infers."""
    settings = Settings(as_of=AS_OF)
    batch = load(paths, settings)
    ctx = Context(batch.articles, batch.figures, settings)
    return replace(ctx, eras=staleness.infer_eras(ctx))


def run(check: str, ctx: Context) -> dict[str, list[dict[str, Any]]]:
    """One check's evidence items per article id (articles with none left out)."""
    fn = registry.get(check).evidence
    assert fn is not None, f"{check} has no evidence function"
    series = fn(ctx)
    assert series.index.equals(ctx.articles.index)
    return {str(aid): list(items) for aid, items in zip(ctx.articles["article_id"], series, strict=True) if items}


def expected_lines(path: Path) -> list[int] | None:
    """The `expect_lines` a case file's front matter lists, if any."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if not text.startswith("---\n"):
        return None
    try:
        front = yaml.safe_load(text.split("---\n", 2)[1])
    except yaml.YAMLError:
        return None  # a reader check's bad case: its front matter is what is wrong
    lines = front.get("expect_lines") if isinstance(front, dict) else None
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
