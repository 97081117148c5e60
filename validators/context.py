"""What every check sees: the two tables and the run's settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd


def _expectations_dir() -> Path:
    """The suites and reference data: installed as validators/expectations, in a checkout beside the package."""
    here = Path(__file__).resolve().parent
    return here / "expectations" if (here / "expectations").is_dir() else here.parent / "expectations"


EXPECTATIONS_DIR = _expectations_dir()


@dataclass(frozen=True)
class Settings:
    """Typed run settings shared by every stage."""

    as_of: pd.Timestamp = field(default_factory=lambda: pd.Timestamp.now(tz="UTC").normalize())
    reference_dir: Path = EXPECTATIONS_DIR


@dataclass(frozen=True)
class Context:
    """The normalized tables plus settings, read-only for checks."""

    articles: pd.DataFrame
    figures: pd.DataFrame
    settings: Settings
