"""What every check sees: the two tables and the run's settings."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported when settings are made: argument parsing reads this module without it
    import pandas as pd

SUITES = ("articles", "figures")  # the GX suites, <name>.json in the reference folder


def _expectations_dir() -> Path:
    """The suites and reference data: installed as validators/expectations, in a checkout beside the package."""
    here = Path(__file__).resolve().parent
    return here / "expectations" if (here / "expectations").is_dir() else here.parent / "expectations"


EXPECTATIONS_DIR = _expectations_dir()


@functools.lru_cache(maxsize=4)  # asked once per --select/--ignore value, and again for the report
def suite_checks(reference_dir: Path = EXPECTATIONS_DIR) -> tuple[str, ...]:
    """Every check id the suites assert, read from their JSON without importing GX or pandas."""
    ids: set[str] = set()
    for name in SUITES:
        doc = json.loads((reference_dir / f"{name}.json").read_text(encoding="utf-8"))
        ids.update(str(e["meta"]["check"]) for e in doc["expectations"] if "check" in e.get("meta", {}))
    return tuple(sorted(ids))


def _today() -> pd.Timestamp:
    import pandas as pd

    return pd.Timestamp.now(tz="UTC").normalize()


@dataclass(frozen=True)
class Settings:
    """Typed run settings shared by every stage."""

    as_of: pd.Timestamp = field(default_factory=_today)
    reference_dir: Path = EXPECTATIONS_DIR


@dataclass(frozen=True)
class Context:
    """The normalized tables plus settings, read-only for checks."""

    articles: pd.DataFrame
    figures: pd.DataFrame
    settings: Settings
