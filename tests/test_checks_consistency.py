"""Internal consistency of a point change, a percent change and a level quoted in one sentence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from _content import load

from validators.checks import consistency
from validators.context import Context, Settings
from validators.figures import figures_table

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SENTENCE = "The blue-chip index lost 66.74 points, or 0.13%, and closed at 50,121.40."


def dow(pct: float = -0.13, points: float = -66.74, level: float = 50121.40, **extra: Any) -> pd.DataFrame:
    base = {
        "article_id": "a.md",
        "instrument": "Dow Jones Industrial Average",
        "unit": "points",
        "qualifier": None,
        "line": 35,
        "char_start": 0,
        "char_end": 1,
        "sentence": SENTENCE,
        "as_of": pd.Timestamp("2026-02-11", tz="UTC"),
        "as_of_basis": "overnight-us",
    }
    rows = [
        {**base, "kind": k, "value": v}
        for k, v in (("point_change", points), ("pct_change", pct), ("level", level))
        if v is not None
    ]
    return figures_table([{**r, **extra} for r in rows])


def inconsistent(figs: pd.DataFrame) -> list[Any]:
    return [items for items in consistency.figure_inconsistent(Context(pd.DataFrame(), figs, Settings())) if items]


def test_seed_000_dow_agrees() -> None:
    assert inconsistent(dow()) == []


@pytest.mark.parametrize(
    "kwargs", [{"pct": -0.31}, {"pct": -1.3}, {"level": 5012.14}, {"pct": 0.13}, {"points": -667.4}]
)
def test_disagreement_is_caught(kwargs: dict[str, Any]) -> None:
    found = inconsistent(dow(**kwargs))
    assert len(found) == 1 and found[0][0]["line"] == 35
    assert found[0][0]["instrument"] == "Dow Jones Industrial Average"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"pct": -0.14},
        {"pct": -0.1},
        {"level": None},
        {"pct": None},
        {"qualifier": "about"},
        {"qualifier": "nearly,record"},
    ],
)
def test_rounding_and_missing_parts_are_not_caught(kwargs: dict[str, Any]) -> None:
    assert inconsistent(dow(**kwargs)) == []


def test_whole_percent_is_rounded_to_the_unit() -> None:
    # finescoop: "the Dow Jones is down 1 per cent or 282.54 points to 28,010.19" (implied -0.9986%).
    assert inconsistent(dow(pct=-1.0, points=-282.54, level=28010.19)) == []
    assert len(inconsistent(dow(pct=-2.0, points=-282.54, level=28010.19))) == 1


def test_two_moves_of_one_instrument_are_left_alone() -> None:
    both = pd.concat([dow(), dow(pct=-0.5).iloc[[1]]], ignore_index=True)
    assert inconsistent(both) == []


def test_seeds_are_consistent() -> None:
    tables = load([SEEDS])
    figs = tables.figures
    seed_dow = figs[(figs["instrument"] == "Dow Jones Industrial Average") & (figs["line"] == 35)]
    assert sorted(seed_dow["kind"]) == ["level", "pct_change", "point_change"]
    assert inconsistent(figs) == []
