"""Meta-tests that keep the parts in sync: registry, suites, docs and tests name the same checks."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from validators import registry
from validators.context import EXPECTATIONS_DIR
from validators.registry import Check

ROOT = Path(__file__).resolve().parent.parent
SUITES = {name: json.loads((EXPECTATIONS_DIR / f"{name}.json").read_text()) for name in registry.TABLES}
EXPECTATIONS = [(name, e) for name, doc in SUITES.items() for e in doc["expectations"]]
CHECKS = registry.checks()
EMITTED = ("read", "normalize", "schema")  # stages whose findings their own step writes, with no expectation
DESCRIPTION_RE = re.compile(r"^\[(?P<check>[a-z0-9-]+)\] \((?P<severity>error|warning|info)\) \S")
SEVERITY = {"critical": "error", "warning": "warning", "info": "info"}


@pytest.mark.parametrize("table", registry.TABLES)
def test_committed_suites_are_what_the_registry_generates(table: registry.Table) -> None:
    committed = (EXPECTATIONS_DIR / f"{table}.json").read_text(encoding="utf-8")
    assert committed == registry.suite_text(table, EXPECTATIONS_DIR), (
        f"{table}.json is stale: python -m validators.registry"
    )


def test_every_module_declaring_checks_is_collected() -> None:
    declaring = {
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for p in (ROOT / "validators").rglob("*.py")
        if re.search(r"^CHECKS: tuple\[Check", p.read_text(encoding="utf-8"), re.MULTILINE)
    }
    assert declaring == set(registry.MODULES)
    assert len({c.id for c in CHECKS}) == len(CHECKS)


@pytest.mark.parametrize("check", CHECKS, ids=[c.id for c in CHECKS])
def test_every_registered_check_is_asserted_or_emitted(check: Check) -> None:
    naming = [(name, e) for name, e in EXPECTATIONS if e["meta"]["check"] == check.id]
    if check.stage in EMITTED:
        assert naming == [], f"{check.id} is written by its step ({check.stage}), not asserted by a suite"
    elif check.stage == "suite":
        assert naming and {name for name, _ in naming} == {check.table}
        assert all(e["kwargs"].get("column") != check.column for _, e in naming), "a suite check has no evidence"
    else:
        asserting = [e for name, e in EXPECTATIONS if name == check.table and e["kwargs"].get("column") == check.column]
        assert [e for _, e in naming] == asserting == [registry.null_expectation(check)]


@pytest.mark.parametrize("suite,expectation", EXPECTATIONS, ids=[e["description"][:60] for _, e in EXPECTATIONS])
def test_every_expectation_is_a_registered_check_and_documented(suite: str, expectation: dict) -> None:
    meta = expectation["meta"]
    check = registry.get(meta["check"])
    assert (check.table, check.category, check.severity) == (suite, meta["category"], SEVERITY[expectation["severity"]])
    m = DESCRIPTION_RE.match(expectation["description"])
    assert m, expectation["description"]
    assert m["check"] == meta["check"] and m["severity"] == check.severity


def test_evidence_checks_keep_their_order_and_select() -> None:
    articles = [c.id for c in CHECKS if c.table == "articles" and c.evidence is not None]
    assert articles == [e["meta"]["check"] for e in SUITES["articles"]["expectations"]]
    stage1 = registry.evidence_checks("article", "articles")
    assert [c.id for c in stage1] == [i for i in articles if registry.get(i).stage == "article"]
    assert [c.id for c in registry.evidence_checks("dataset", "articles", {"stale-claim", "mojibake"})] == [
        "stale-claim"
    ]
    assert [c.id for c in registry.evidence_checks("article", "figures")] == ["exchange-closed", "figure-inconsistent"]


def test_a_malformed_check_fails_where_it_is_declared() -> None:
    with pytest.raises(ValueError, match="evidence function"):
        Check("no-evidence", "date", "error", "an article check with no function", "article", "articles")
    with pytest.raises(ValueError, match="not one of findings.CATEGORIES"):
        Check("bad-category", "dates", "error", "a misspelt category", "read")
    with pytest.raises(KeyError, match="no check is called 'range-era'"):
        registry.get("range-era")  # a derived column, not a check


def test_every_check_is_exercised_by_a_test() -> None:
    text = "\n".join(p.read_text(errors="replace") for p in (ROOT / "tests").glob("test_*.py"))
    folders = {p.name for p in (ROOT / "tests" / "data" / "checks").iterdir()}
    untested = sorted(c.id for c in CHECKS if c.id not in folders and f'"{c.id}"' not in text)
    assert untested == []


def test_ids_for_argument_parsing_are_the_registry() -> None:
    """check_ids() reads no check module: the ids it restates from heavy modules must be theirs."""
    heavy = {c.id for c in CHECKS if c.stage in ("normalize", "schema")}
    assert set(registry.HEAVY_EMITTED) == heavy
    assert registry.check_ids() == {c.id for c in CHECKS}


def test_checking_ids_imports_no_pandas_nor_check_module() -> None:
    """The hook forks its GX worker after parsing arguments: parsing must stay light."""
    code = (
        "import sys; from validators import cli; cli.check_id('mojibake'); cli.check_id('schema-violation'); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pandas', 'pandera', 'great_expectations', "
        "'datasketch') or m.startswith(('validators.checks', 'validators.normalize', 'validators.schemas'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_emitted_checks_are_the_ones_their_steps_write_and_the_readme_lists() -> None:
    """The ids reading/, normalize.py and schemas.py write are the ones each declares; the README lists them."""
    stage_of = {"reading": "read", "normalize.py": "normalize", "schemas.py": "schema"}
    for name, stage in stage_of.items():
        path = ROOT / "validators" / name
        source = "".join(p.read_text() for p in sorted(path.glob("*.py"))) if path.is_dir() else path.read_text()
        written = set(re.findall(r'(?:_finding\([^()]*?|check=|line,\s+)"([a-z0-9]+(?:-[a-z0-9]+)+)"', source))
        declared = {c.id for c in CHECKS if c.stage == stage}
        assert written == declared, f"{name}: written {sorted(written)}, declared {sorted(declared)}"
    emitted = {c.id for c in CHECKS if c.stage in EMITTED}
    readme = (ROOT / "README.md").read_text()
    assert [c for c in sorted(emitted) if f"`{c}`" not in readme] == []
