"""What every check sees: the two tables, the run's settings and the values several checks share."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from validators.reading import MAX_BYTES

if TYPE_CHECKING:  # pandas is imported when settings are made: argument parsing reads this module without it
    import pandas as pd

    from validators.checks.staleness import Era

T = TypeVar("T")
# Records per stage-1 chunk: big enough that the per-batch contracts and checks cost little, small enough that
# a chunk's frames stay a few MB.
BATCH_SIZE = 1_000
SUITES = ("articles", "figures")  # the GX suites, <name>.json in the reference folder


def _expectations_dir() -> Path:
    """The suites and reference data: installed as validators/expectations, in a checkout beside the package."""
    here = Path(__file__).resolve().parent
    return here / "expectations" if (here / "expectations").is_dir() else here.parent / "expectations"


EXPECTATIONS_DIR = _expectations_dir()


def cache_root() -> Path:
    """newsdq's folder in the user's cache ($XDG_CACHE_HOME, else ~/.cache): Data Docs assets, exchange sessions."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newsdq"


def _today() -> pd.Timestamp:
    import pandas as pd

    return pd.Timestamp.now(tz="UTC").normalize()


@dataclass(frozen=True)
class Settings:
    """Typed run settings shared by every stage."""

    as_of: pd.Timestamp = field(default_factory=_today)
    reference_dir: Path = EXPECTATIONS_DIR
    select: tuple[str, ...] = ()  # only these check ids run and report (none given: every one)
    ignore: tuple[str, ...] = ()  # these never do
    max_bytes: int = MAX_BYTES  # larger files are reported, not read
    # Tabular inputs: article field -> the input's column ("published" -> "date_publish"); empty: the names as they are.
    fields: tuple[tuple[str, str], ...] = ()
    required: tuple[str, ...] | None = None  # front-matter keys every article must have (None: the checks' default)
    placeholders: tuple[str, ...] | None = None  # values that stand for a missing one (None: the checks' default)
    severity: tuple[tuple[str, str], ...] = ()  # per-check severity overrides (check id -> error|warning|info)
    exclude: tuple[str, ...] = ()  # glob patterns of inputs not read (relative to the dataset root)
    jobs: int = 1  # worker processes for stage 1 (the command line's default: every core)
    progress: bool = False  # a progress bar on stderr (the command line turns it on for a terminal)

    def selects(self, check_id: str) -> bool:
        """Whether the check runs and reports in this run (--select and --ignore)."""
        return (not self.select or check_id in self.select) and check_id not in self.ignore


@dataclass(frozen=True)
class Context:
    """The tables a check sees, the settings, and what stage 2 works out once for several checks."""

    articles: pd.DataFrame
    figures: pd.DataFrame
    settings: Settings
    # Each article's era, in the order of `articles` (stage 2 infers them before the checks that read them).
    eras: tuple[Era, ...] | None = None

    @functools.cached_property
    def article_rows(self) -> list[dict[str, Any]]:
        """The articles as one dict per row, missing cells None: made once for all the row checks of a context."""
        return _rows(self.articles)

    @functools.cached_property
    def figure_rows(self) -> list[dict[str, Any]]:
        """The figures likewise."""
        return _rows(self.figures)

    def once(self, fn: Callable[[Context], T], key: str) -> T:
        """fn(self) under `key`, worked out once per context: what several checks of one stage read alike."""
        memo: dict[str, Any] = self.__dict__.setdefault("_once", {})  # beside cached_property's values
        if key not in memo:
            memo[key] = fn(self)
        return cast("T", memo[key])


def _rows(table: pd.DataFrame) -> list[dict[str, Any]]:
    # Missing cells come out of object columns as NaN or NaT; rows see them as None.
    rows = table.astype(object).where(table.notna(), None).to_dict("records")
    return cast("list[dict[str, Any]]", rows)
