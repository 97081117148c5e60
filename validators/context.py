"""What every check sees: the two tables and the run's settings."""

from __future__ import annotations

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
