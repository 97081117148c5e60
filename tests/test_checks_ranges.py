"""Plausible ranges: ranges.yaml is the single source of figures.json's range expectations, and the seeds pass."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from _content import load

from validators import pipeline
from validators.checks import ranges
from validators.context import EXPECTATIONS_DIR, Context, Settings
from validators.figures import figures_table, load_lexicon
from validators.pipeline import Batch

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
AS_OF = pd.Timestamp("2026-11-21", tz="UTC")
REGENERATE = "python -m validators.registry"


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    return ranges.load_ranges(EXPECTATIONS_DIR)


@pytest.fixture(scope="module")
def seeds() -> Batch:
    return load([SEEDS])


def test_figures_suite_matches_ranges_yaml(data: dict[str, Any]) -> None:
    suite = json.loads((EXPECTATIONS_DIR / "figures.json").read_text(encoding="utf-8"))
    committed = [e for e in suite["expectations"] if e.get("meta", {}).get("source") == ranges.RANGES_FILE]
    assert committed == ranges.range_expectations(data), f"figures.json is stale: run {REGENERATE}"


def test_eras_are_sound(data: dict[str, Any]) -> None:
    spans = sorted((pd.Timestamp(e["start"]), pd.Timestamp(e["end"])) for e in data["eras"])
    assert all(start <= end for start, end in spans)
    assert all(a_end < b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:], strict=False)), "eras overlap"
    names = {i.name for i in load_lexicon(EXPECTATIONS_DIR / "lexicon.yaml").instruments}
    for era in data["eras"]:
        for name, spec in era["instruments"].items():
            assert name in names, f"{era['name']}: {name!r} is not a lexicon instrument"
            lo, hi = spec["level"]
            assert 0 < lo < hi and 0 < spec["max_move_pct"] < 50


def test_range_era_falls_back_to_published_then_as_of(seeds: Batch) -> None:
    rows = [
        {
            "article_id": aid,
            "instrument": "Nikkei 225",
            "kind": "level",
            "value": 50000.0,
            "unit": "points",
            "qualifier": None,
            "line": 1,
            "char_start": 0,
            "char_end": 1,
            "sentence": "s",
            "as_of": as_of,
            "as_of_basis": "none" if as_of is pd.NaT else "published",
        }
        for aid, as_of in (
            ("000_ad7393dada8b0cda.txt", pd.Timestamp("2024-05-01", tz="UTC")),
            ("000_ad7393dada8b0cda.txt", pd.NaT),  # published 2026-02-12
            ("001_0b15015f920dc025.txt", pd.NaT),  # undated, "on or after 2026-02-12": the run's as_of
            ("003_8fdb093730accb2d.txt", pd.NaT),  # undated, clues end it by 2026-10-31: that day
        )
    ]
    ctx = Context(seeds.articles, figures_table(rows), Settings(as_of=pd.Timestamp("2031-01-01", tz="UTC")))
    assert list(ranges.range_era(ctx)) == ["2023-2024", "2025-2027", None, "2025-2027"]


def test_every_seed_nikkei_level_is_in_range(seeds: Batch, data: dict[str, Any]) -> None:
    ctx = Context(seeds.articles, seeds.figures, Settings(as_of=AS_OF))
    figs = seeds.figures.assign(range_era=ranges.range_era(ctx))
    nikkei = figs[(figs["instrument"] == "Nikkei 225") & figs["kind"].isin(data["level_kinds"])]
    assert len(nikkei) >= 10 and nikkei["range_era"].notna().all()
    bounds = {era["name"]: era["instruments"]["Nikkei 225"]["level"] for era in data["eras"]}
    for _, fig in nikkei.iterrows():
        lo, hi = bounds[fig["range_era"]]
        assert lo <= fig["value"] <= hi, fig.to_dict()


def test_seeds_raise_no_range_findings_through_gx(seeds: Batch) -> None:
    found = [f for f in pipeline.check(seeds, Settings(as_of=AS_OF)).findings if f.category == "range"]
    assert found == []


def test_undated_article_is_held_to_the_eras_it_may_be_from(tmp_path: Path) -> None:
    # Quoting the Dow above 40,000 dates an article on or after 2024-05-16 (milestones.yaml), so it may be from
    # the 2023-2024 era or from now: 40,500 is plausible in the first. A 20% daily move, in an article
    # from 2024 or later ("had peaked in 2024"), is plausible in neither: it is held to the latest.
    # "since May 2008": it may be from before every era, so no ranges apply.
    texts = {
        "since-2024.md": "The Dow Jones Industrial Average closed at 40,500 on Friday.",
        "worst-since-2024.md": "The Dow fell 20% on Friday. Stocks had peaked in 2024.",
        "since-2026.md": "The Dow Jones Industrial Average closed at 50,500 on Friday.",
        "no-clue.md": "The Kospi closed at 2,500 on Friday.",
        "since-2008.md": "The Dow closed at 13,005, its first close above 13,000 since May 2008.",
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text + "\n")
    tables = load([tmp_path])
    ctx = Context(tables.articles, tables.figures, Settings(as_of=AS_OF))
    eras = dict(zip(tables.figures["article_id"], ranges.range_era(ctx), strict=True))
    assert eras == {
        "since-2024.md": "2023-2024",
        "worst-since-2024.md": "2025-2027",
        "since-2026.md": "2025-2027",
        "no-clue.md": "2025-2027",
        "since-2008.md": None,
    }
    findings = pipeline.check(tables, Settings(as_of=AS_OF)).findings
    found = {f.article for f in findings if f.check == "move-out-of-range"}
    assert found == {"worst-since-2024.md"}


def test_plausible_agrees_with_the_generated_expectations(seeds: Batch, data: dict[str, Any]) -> None:
    # range_era holds a figure that may be from two eras to the one it is plausible in, judged by _plausible:
    # it must say what the GX range expectations say, row by row.
    era = next(e for e in data["eras"] if e["name"] == "2025-2027")
    lo, hi = era["instruments"]["Nikkei 225"]["level"]
    move = era["instruments"]["Nikkei 225"]["max_move_pct"]
    cases = [
        ("level", lo - 1, "published"),
        ("level", lo, "published"),
        ("threshold", hi + 1, "published"),
        ("pct_change", move + 0.5, "published"),
        ("pct_change", -move, "published"),
        ("pct_change", move + 0.5, "period"),
        ("point_change", 5000.0, "published"),
    ]
    rows = [
        {
            "article_id": "000_ad7393dada8b0cda.txt",  # published 2026-02-12: era 2025-2027
            "instrument": "Nikkei 225",
            "kind": kind,
            "value": float(value),
            "unit": "points",
            "qualifier": None,
            "line": line,
            "char_start": 0,
            "char_end": 1,
            "sentence": "s",
            "as_of": pd.NaT if basis == "period" else pd.Timestamp("2026-02-12", tz="UTC"),
            "as_of_basis": basis,
        }
        for line, (kind, value, basis) in enumerate(cases, start=1)
    ]
    figures = figures_table(rows)
    settings = Settings(as_of=AS_OF)
    tables = pipeline.article_evidence(Batch(seeds.articles, figures), settings)  # the figures' stage 1
    found = {f.line for f in pipeline.check(tables, settings).findings if f.category == "range"}
    implausible = {r["line"] for _, r in figures.iterrows() if not ranges._plausible(r, era, data["level_kinds"])}
    assert found == implausible == {1, 3, 4}
