"""Era inference and stale claims: good/bad case files, history mentions, and the seeds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from _content import AS_OF, DATA, SEEDS, cases, check_case, context, load, run

from validators.checks.staleness import reference
from validators.context import EXPECTATIONS_DIR, Settings

FOLDER = DATA / "checks" / "stale-claim"
CASES = cases(FOLDER)


@pytest.fixture(scope="module")
def found() -> dict[str, list[dict[str, Any]]]:
    """stale-claim evidence for every case file, in one run."""
    return run("stale-claim", context([FOLDER]))


@pytest.fixture(scope="module")
def seeds() -> dict[str, dict[str, list[dict[str, Any]]]]:
    """stale-claim and era-inferred evidence for the seeds."""
    ctx = context([SEEDS])
    return {check: run(check, ctx) for check in ("stale-claim", "era-inferred")}


@pytest.mark.parametrize(("verdict", "path"), CASES, ids=[f"{v}/{p.stem}" for v, p in CASES])
def test_case_file(found: dict[str, list[dict[str, Any]]], verdict: str, path: Path) -> None:
    for item in check_case(found, FOLDER, verdict, path):
        assert item["clue"] in item["clues"] and item["basis"] in ("published", "inferred")


def test_both_folders_have_cases() -> None:
    assert {v for v, _ in CASES} == {"good", "bad"}


def test_seed_003_is_stale_with_every_clue(seeds: dict[str, dict[str, list[dict[str, Any]]]]) -> None:
    items = seeds["stale-claim"]["003_8fdb093730accb2d.txt"]
    stale = {i["clue"]["phrase"]: i["line"] for i in items}
    assert any("negative interest rates" in p for p in stale)
    assert any("yield curve control" in p for p in stale)
    assert stale["Prime Minister Fumio Kishida"] == 6
    assert stale["well into 2025"] == 13
    clues = items[0]["clues"]
    phrases = " | ".join(c["phrase"] for c in clues)
    for clue in ("57,890", "USD/JPY", "Q2 earnings season", "BOJ Governor Kazuo Ueda", "Takaichi"):
        assert clue in phrases, clue
    assert all(c["line"] >= 1 and c["kind"] in ("fact", "milestone", "year", "season") for c in clues)


def test_other_seeds_are_not_stale(seeds: dict[str, dict[str, list[dict[str, Any]]]]) -> None:
    assert set(seeds["stale-claim"]) == {"003_8fdb093730accb2d.txt"}


def test_undated_seeds_get_an_era(seeds: dict[str, dict[str, list[dict[str, Any]]]]) -> None:
    eras = seeds["era-inferred"]
    assert set(eras) == {"001_0b15015f920dc025.txt", "002_f6bf98563334af6b.txt", "003_8fdb093730accb2d.txt"}
    # 001 quotes the Nikkei at 58,000: it cannot predate the first touch on 2026-02-12.
    assert eras["001_0b15015f920dc025.txt"][0]["era"]["from"] == "2026-02-12"
    for items in eras.values():
        until = items[0]["era"]["until"]
        assert until is None or until <= (AS_OF + pd.Timedelta(days=1)).date().isoformat()


def test_reference_data_is_complete() -> None:
    ref = reference(DATA.parent.parent / "expectations")
    ids = {f.id for f in ref.facts}
    assert {
        "boj-negative-rates",
        "boj-yield-curve-control",
        "kuroda-boj-governor",
        "ueda-boj-governor",
        "kishida-prime-minister",
        "ishiba-prime-minister",
        "takaichi-ldp-president",
        "takaichi-prime-minister",
    } <= ids
    assert all(f.source and f.patterns for f in ref.facts)
    assert {level for level, _, _ in ref.milestones["Nikkei 225"]} >= {40000.0, 50000.0}
    assert ref.milestones["Dow Jones Industrial Average"][-1][0] == 50000.0


def test_stage_2_infers_each_era_once_for_every_check_that_reads_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from validators import pipeline
    from validators.checks import staleness

    settings = Settings(as_of=AS_OF)
    plan = pipeline.Plan.of(settings)
    batch = load([SEEDS], settings)
    calls: list[int] = []
    real = staleness.infer_era
    monkeypatch.setattr(staleness, "infer_era", lambda *a: calls.append(1) or real(*a))
    found = pipeline.stage2(pipeline.compact(batch, plan), settings, plan)
    # stale-claim, era-inferred and the figures' range eras all read the eras carried on the context.
    assert len(calls) == len(batch.articles)
    assert found.articles["era_inferred"].notna().any() and found.figures["range_era"].notna().any()


@pytest.mark.parametrize(
    ("text", "year"),
    [("since 2024", "2024"), ("since May 2008", "2008"), ("since Oct. 3, 2008", "2008"), ("in early 2025", "2025")],
)
def test_year_mentions_may_name_a_month_and_day(text: str, year: str) -> None:
    found = reference(EXPECTATIONS_DIR).year_re.search(f"The Dow closed above 13,000 {text}.")
    assert found is not None and found.group(2) == year
