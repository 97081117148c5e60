"""Issue 4's checks end to end: every file under tests/data/checks/<check-id>/bad is flagged, none under good."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest

from validators import pipeline
from validators.context import Settings
from validators.findings import Finding

DATA = Path(__file__).resolve().parent / "data" / "checks"
# Fixed, so "future" and undated articles' eras do not move with the calendar.
AS_OF = pd.Timestamp("2026-11-21T00:00:00Z")
CHECKS = (
    "missing-front-matter",
    "missing-required-key",
    "placeholder-value",
    "empty-body",
    "short-body",
    "published-not-iso",
    "published-in-future",
    "published-too-early",
    "date-url-mismatch",
    "weekday-mismatch",
    "exchange-closed",
    "figure-inconsistent",
    "level-out-of-range",
    "move-out-of-range",
    "range-no-era",
)
CASES = [
    (check, verdict, path)
    for check in CHECKS
    for verdict in ("good", "bad")
    for path in sorted((DATA / check / verdict).glob("*.md"))
]


@pytest.fixture(scope="module")
def found() -> dict[tuple[str, str], list[Finding]]:
    """One pipeline and GX run over all the case files: findings by (article id, check)."""
    result = pipeline.run([DATA / check for check in CHECKS], Settings(as_of=AS_OF))
    by_key: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in result.findings:
        by_key[(f.article, f.check)].append(f)
    return by_key


def test_every_check_has_both_folders() -> None:
    for check in CHECKS:
        for verdict in ("good", "bad"):
            assert list((DATA / check / verdict).glob("*.md")), f"{check}/{verdict} has no case file"


@pytest.mark.parametrize(("check", "verdict", "path"), CASES, ids=[f"{c}/{v}/{p.stem}" for c, v, p in CASES])
def test_case_file(found: dict[tuple[str, str], list[Finding]], check: str, verdict: str, path: Path) -> None:
    article = path.relative_to(DATA).as_posix()
    hits = found.get((article, check), [])
    if verdict == "bad":
        assert hits, f"{article}: expected a {check} finding"
        assert all(h.line >= 1 for h in hits)
    else:
        assert not hits, f"{article}: unexpected {[h.text() for h in hits]}"


@pytest.mark.parametrize(
    ("path", "keys"),
    [
        ("published-not-iso/good/mistyped-list.md", {"published": 5}),
        ("placeholder-value/good/mistyped-title-source.md", {"title": 2, "source": 3}),
    ],
)
def test_mistyped_key_is_one_finding(
    found: dict[tuple[str, str], list[Finding]], path: str, keys: dict[str, int]
) -> None:
    # A list where text belongs is a type error, reported once on its line: not also "empty" or "not ISO 8601".
    typed = found.get((path, "front-matter-type"), [])
    assert {f.evidence["key"]: f.line for f in typed} == keys
    about_front_matter = ("parse", "completeness", "date")  # not the case files' near-duplicate bodies
    on_lines = [
        f.check
        for (article, _), fs in found.items()
        if article == path
        for f in fs
        if f.line in keys.values() and f.category in about_front_matter
    ]
    assert sorted(on_lines) == ["front-matter-type"] * len(keys)
