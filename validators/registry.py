"""The one list of checks: the Check records declared beside their code, and the GX suites generated from them.

Every check id the tool can report is a `Check` in the `CHECKS` tuple of the module that emits or computes it
(MODULES, in order). An article or dataset check has an evidence function `fn(ctx) -> pandas.Series` aligned to
its table's index; each value is None (nothing found) or a non-empty list of items, one per finding:
`{"line": <1-based line>, "message": <one sentence>, ...evidence}`. The suite asserts its column (the id with
`_`) with `expect_column_values_to_be_null`. A suite check has no function: expectations generated from the
reference data assert it (ranges.yaml's, in checks/ranges.py).

This module stays light (no pandas, GX or check module at import): argument parsing checks ids through it.
"""

from __future__ import annotations

import functools
import importlib
import json
import re
import sys
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

from validators.findings import CATEGORIES, SEVERITIES, Severity

if TYPE_CHECKING:
    import pandas as pd

    from validators.context import Context

Stage = Literal["read", "normalize", "schema", "article", "dataset", "suite"]
Table = Literal["articles", "figures"]
TABLES: tuple[Table, ...] = get_args(Table)
# The modules declaring CHECKS, in the order their checks run and their expectations appear in the suites.
MODULES = (
    "validators.reading",
    "validators.normalize",
    "validators.schemas",
    "validators.checks.completeness",
    "validators.checks.dates",
    "validators.checks.staleness",
    "validators.checks.contradictions",
    "validators.checks.near_duplicates",
    "validators.checks.boilerplate",
    "validators.checks.consistency",
    "validators.checks.ranges",
)
# The ids declared in modules too heavy for argument parsing (normalize.py imports pandas, schemas.py pandera);
# tests/test_meta.py keeps this equal to their CHECKS.
HEAVY_EMITTED = ("front-matter-type", "published-no-timezone", "published-shape", "schema-violation")
GX_SEVERITY: dict[Severity, str] = {"error": "critical", "warning": "warning", "info": "info"}
ID_COLUMNS: dict[Table, tuple[str, ...]] = {"articles": ("article_id",), "figures": ("article_id", "line")}
ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Check:
    """One check: its stable id, how its findings are classed, and what computes or asserts it."""

    id: str
    category: str
    severity: Severity
    description: str
    stage: Stage
    table: Table | None = None
    evidence: Callable[[Context], pd.Series[Any]] | None = None

    def __post_init__(self) -> None:
        # A malformed record fails at import, where it is declared, not in a report.
        computed = self.stage in ("article", "dataset")
        problems = [
            not ID_RE.fullmatch(self.id) and "the id is not a kebab-case slug",
            self.category not in CATEGORIES and f"category {self.category!r} is not one of findings.CATEGORIES",
            self.severity not in SEVERITIES and f"severity {self.severity!r} is not one of {SEVERITIES}",
            self.stage not in get_args(Stage) and f"stage {self.stage!r} is not one of {get_args(Stage)}",
            computed != (self.evidence is not None) and "an article or dataset check (only) has an evidence function",
            (self.table is not None) != (computed or self.stage == "suite") and "only an asserted check has a table",
        ]
        if any(problems):
            raise ValueError(f"check {self.id!r}: {'; '.join(p for p in problems if p)}")

    @property
    def column(self) -> str:
        """The evidence column the check writes (and its expectation asserts)."""
        return self.id.replace("-", "_")


@functools.cache
def checks() -> tuple[Check, ...]:
    """Every check, collected from the CHECKS tuples declared beside their code."""
    found: tuple[Check, ...] = tuple(c for name in MODULES for c in importlib.import_module(name).CHECKS)
    ids = [c.id for c in found]
    if twice := sorted({i for i in ids if ids.count(i) > 1}):
        raise ValueError(f"check ids declared twice: {', '.join(twice)}")
    return found


@functools.cache
def _by_id() -> dict[str, Check]:
    return {c.id: c for c in checks()}


def get(check_id: str) -> Check:
    """The check with this id; KeyError when there is none."""
    try:
        return _by_id()[check_id]
    except KeyError:
        raise KeyError(f"no check is called {check_id!r}") from None


def evidence_checks(
    stage: Literal["article", "dataset"], table: Table, select: Collection[str] | None = None
) -> tuple[Check, ...]:
    """The checks of that stage and table with an evidence function (only those in `select` when given), in order."""
    return tuple(
        c
        for c in checks()
        if c.stage == stage and c.table == table and c.evidence is not None and (select is None or c.id in select)
    )


def asserted_ids() -> tuple[str, ...]:
    """The ids the suites assert, sorted: every check that has a table."""
    return tuple(sorted(c.id for c in checks() if c.table is not None))


@functools.lru_cache(maxsize=2)
def check_ids(reference_dir: Path | None = None) -> frozenset[str]:
    """Every id the tool can report, without importing pandas, pandera, GX or a check module.

    The reader's ids from its own (light) module, the heavy modules' from HEAVY_EMITTED, the rest from the
    generated suites' JSON; tests/test_meta.py keeps the union equal to {c.id for c in checks()}.
    """
    from validators.context import EXPECTATIONS_DIR, SUITES
    from validators.reading import CHECKS as READ

    folder = reference_dir or EXPECTATIONS_DIR
    ids = {c.id for c in READ} | set(HEAVY_EMITTED)
    for name in SUITES:
        doc = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        ids.update(str(e["meta"]["check"]) for e in doc["expectations"])
    return frozenset(ids)


def described(check_id: str, severity: Severity, text: str) -> str:
    """An expectation's description: "[check-id] (severity) text", as gx.DESCRIPTION_RE reads it back."""
    return f"[{check_id}] ({severity}) {text}"


def null_expectation(check: Check) -> dict[str, Any]:
    """The expectation asserting an evidence check: its column holds no evidence."""
    return {
        "type": "expect_column_values_to_be_null",
        "kwargs": {"column": check.column},
        "meta": {"check": check.id, "category": check.category},
        "severity": GX_SEVERITY[check.severity],
        "description": described(check.id, check.severity, check.description),
    }


def generated_expectations(table: Table, reference_dir: Path) -> list[dict[str, Any]]:
    """The expectations the reference data stands for: ranges.yaml's on the figures."""
    if table != "figures":
        return []
    from validators.checks import ranges

    return ranges.range_expectations(ranges.load_ranges(reference_dir))


def suite(table: Table, reference_dir: Path) -> dict[str, Any]:
    """The GX suite of a table: one expectation per evidence check, then those generated from reference data."""
    evidence = [null_expectation(c) for c in checks() if c.table == table and c.evidence is not None]
    return {
        "name": table,
        "meta": {"id_columns": list(ID_COLUMNS[table])},
        "expectations": evidence + generated_expectations(table, reference_dir),
    }


def suite_text(table: Table, reference_dir: Path) -> str:
    """The suite as its committed file holds it."""
    return json.dumps(suite(table, reference_dir), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write expectations/<table>.json for every table (or into the folder given) from the registry."""
    from validators.context import EXPECTATIONS_DIR

    folder = Path(argv[0]) if argv else EXPECTATIONS_DIR
    for table in TABLES:
        (folder / f"{table}.json").write_text(suite_text(table, folder), encoding="utf-8")
    return 0


if __name__ == "__main__":
    # The check modules import `validators.registry`, not this `__main__` copy: run that module's main.
    from validators.registry import main as registry_main

    sys.exit(registry_main(sys.argv[1:]))
