"""Completeness checks on the seeds and on their edge cases."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from _content import load

from validators.checks import completeness
from validators.context import Context, Settings
from validators.pipeline import Batch

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def seeds() -> Batch:
    return load([SEEDS])


def evidence(tables: Batch, fn: Callable[[Context], pd.Series]) -> dict[str, list[dict[str, object]]]:
    """Article id (seed number) to the evidence items a check gives it."""
    col = fn(Context(tables.articles, tables.figures, Settings()))
    return {aid[:3]: items for aid, items in zip(tables.articles["article_id"], col, strict=True) if items}


def test_seeds_without_front_matter(seeds: Batch) -> None:
    found = evidence(seeds, completeness.missing_front_matter)
    assert sorted(found) == ["001", "002", "003"]
    assert all(items[0]["line"] == 1 for items in found.values())
    # No front matter is one finding, not six missing keys.
    assert evidence(seeds, completeness.missing_required_key) == {}


def test_seed_source_unknown_is_a_placeholder(seeds: Batch) -> None:
    found = evidence(seeds, completeness.placeholder_value)
    assert sorted(found) == ["000", "004"]
    for items in found.values():
        assert [(i["key"], i["value"], i["line"]) for i in items] == [("source", "Unknown", 3)]


def test_seed_bodies_are_long_enough(seeds: Batch) -> None:
    assert evidence(seeds, completeness.empty_body) == {}
    assert evidence(seeds, completeness.short_body) == {}


@pytest.mark.parametrize("value", ["Unknown", " unknown ", "N/A", "n/a", "TBD", "none", "None", "", "   ", None])
def test_placeholders(value: object) -> None:
    assert completeness.is_placeholder(value)


@pytest.mark.parametrize("value", ["CNBC", "Unknown Pleasures Weekly", "NA Markets", "2024"])
def test_real_values(value: str) -> None:
    assert not completeness.is_placeholder(value)
