"""Meta-tests that keep the parts in sync: registry, suites, docs and tests name the same checks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from validators.checks import ARTICLE_CHECKS, FIGURE_CHECKS, column_of
from validators.context import EXPECTATIONS_DIR
from validators.findings import CATEGORIES
from validators.reading import READER_CHECKS

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


def test_reader_checks_are_the_ones_it_reports_and_the_readme_lists() -> None:
    """--select and --ignore accept exactly the ids the tool can report: READER_CHECKS must name every check the
    reader and normalizer write (each has a bad file in tests/data/bad, or its literal in their source)."""
    source = "\n".join((ROOT / "validators" / f).read_text() for f in ("reading.py", "normalize.py"))
    written = set(re.findall(r'(?:_finding\([^()]*?|check=)"([a-z0-9]+(?:-[a-z0-9]+)+)"', source, re.DOTALL))
    fixtures = {p.name.split("__")[0] for p in (ROOT / "tests" / "data" / "bad").iterdir()}
    assert written and fixtures <= set(READER_CHECKS) and written <= set(READER_CHECKS)
    readme = (ROOT / "README.md").read_text()
    assert [c for c in READER_CHECKS if f"`{c}`" not in readme] == []
