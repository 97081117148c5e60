"""Scraping residue and mojibake: good/bad case files, the seeds, and a real scraped corpus."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from _content import DATA, SEEDS, cases, check_case, context, run

from validators.checks.boilerplate import mojibake_fix

ROOT = DATA / "checks"
CHECKS = ("boilerplate-residue", "mojibake")
CASES = [case for check in CHECKS for case in cases(ROOT / check)]


@pytest.fixture(scope="module")
def found() -> dict[str, list[dict[str, Any]]]:
    """boilerplate-residue and mojibake items per case file, together."""
    ctx = context([ROOT / check for check in CHECKS])
    out: dict[str, list[dict[str, Any]]] = {}
    for check in CHECKS:
        for article, items in run(check, ctx).items():
            out.setdefault(article, []).extend(items)
    return out


@pytest.mark.parametrize(("verdict", "path"), CASES, ids=[f"{p.parent.parent.name}/{v}/{p.stem}" for v, p in CASES])
def test_case_file(found: dict[str, list[dict[str, Any]]], verdict: str, path: Path) -> None:
    check_case(found, ROOT, verdict, path)


def test_seed_residue_is_flagged_line_by_line() -> None:
    found = run("boilerplate-residue", context([SEEDS]))
    lines = {a[:3]: {i["line"]: i["pattern"] for i in items} for a, items in found.items()}
    assert lines["000"] == {11: "photo-credit"}
    assert lines["004"][11] == "photo-credit" and lines["004"][21] == "icon-alt-text"
    assert lines["004"][57] == "watch-now" and lines["004"][23] == "markdown-image"
    assert lines["001"] == {2: "photo-credit"}
    assert "002" not in lines and "003" not in lines
    assert not run("mojibake", context([SEEDS]))


def test_mojibake_fix_is_ftfy_and_leaves_good_typography_alone() -> None:
    assert mojibake_fix("Japanâ€™s economy") == "Japan’s economy"
    assert mojibake_fix("Japan’s “Takaichi trade” — 58,000") is None
    assert mojibake_fix("plain ascii") is None


def test_scraped_corpus_findings_point_at_real_lines(corpus: Callable[[str], Path]) -> None:
    root = corpus("policytracker_news_markdown")
    ctx = context([root])
    found = run("boilerplate-residue", ctx)
    n_lines = {a: len((root / a).read_text(encoding="utf-8", errors="replace").splitlines()) for a in found}
    for article, items in found.items():
        assert all(1 <= i["line"] <= n_lines[article] for i in items), article
    print(f"policytracker: {len(found)} of {len(ctx.articles)} articles carry residue")
