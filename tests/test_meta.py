"""Meta-tests that keep the parts in sync: registry, suites, docs and tests name the same checks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from validators.checks import ARTICLE_CHECKS, FIGURE_CHECKS, column_of
from validators.context import EXPECTATIONS_DIR
from validators.findings import CATEGORIES

ROOT = Path(__file__).resolve().parent.parent
SUITES = {name: json.loads((EXPECTATIONS_DIR / f"{name}.json").read_text()) for name in ("articles", "figures")}
EXPECTATIONS = [(name, e) for name, doc in SUITES.items() for e in doc["expectations"]]
DERIVED_COLUMNS = {"range-era"}  # a column the range expectations select on, not evidence
DESCRIPTION_RE = re.compile(r"^\[(?P<check>[a-z0-9-]+)\] \((?P<severity>error|warning|info)\) \S")
SEVERITY = {"critical": "error", "warning": "warning", "info": "info"}


@pytest.mark.parametrize("check", sorted((set(ARTICLE_CHECKS) | set(FIGURE_CHECKS)) - DERIVED_COLUMNS))
def test_every_registered_check_is_asserted_once(check: str) -> None:
    table = "articles" if check in ARTICLE_CHECKS else "figures"
    asserting = [e for name, e in EXPECTATIONS if name == table and e["kwargs"].get("column") == column_of(check)]
    assert len(asserting) == 1, f"{check}: {len(asserting)} expectations assert column {column_of(check)}"
    assert asserting[0]["meta"]["check"] == check


@pytest.mark.parametrize("suite,expectation", EXPECTATIONS, ids=[e["description"][:60] for _, e in EXPECTATIONS])
def test_every_expectation_is_documented(suite: str, expectation: dict) -> None:
    meta = expectation["meta"]
    assert meta["category"] in CATEGORIES
    m = DESCRIPTION_RE.match(expectation["description"])
    assert m, expectation["description"]
    assert m["check"] == meta["check"] and m["severity"] == SEVERITY[expectation["severity"]]


def test_every_check_is_exercised_by_a_test() -> None:
    text = "\n".join(p.read_text(errors="replace") for p in (ROOT / "tests").glob("test_*.py"))
    folders = {p.name for p in (ROOT / "tests" / "data" / "checks").iterdir()}
    checks = {e["meta"]["check"] for _, e in EXPECTATIONS}
    untested = sorted(c for c in checks if c not in folders and c not in text)
    assert untested == []
