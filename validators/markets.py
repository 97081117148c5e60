"""Markets: weekday names, where each instrument trades, and exchange calendars loaded once for every check."""

from __future__ import annotations

import datetime as dt
import functools
import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd

from validators.context import cache_root

WEEKDAYS: Final = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
CLOSE_FALLBACK: Final = dt.time(16)  # local close of a session no calendar covers (most close 15:00-16:30)


@dataclass(frozen=True)
class Market:
    """Where an instrument trades: its time zone and, for exchanges, the ISO 10383 MIC."""

    timezone: str
    mic: str | None = None


@functools.cache
def markets(reference_dir: Path) -> dict[str, Market]:
    """Instrument name to Market, from the figures lexicon (`lexicon.yaml`), loaded once."""
    path = reference_dir / "lexicon.yaml"
    if not path.is_file():
        return {}
    from validators.figures import load_lexicon  # the lexicon's one reader; imported when a check needs it

    return {i.name: Market(i.tz, i.mic) for i in load_lexicon(path).instruments if i.tz}


@dataclass(frozen=True)
class Sessions:
    """An exchange's sessions as the checks use them: each session's date (naive midnight) and its close (UTC)."""

    closes: pd.Series

    @property
    def first_session(self) -> pd.Timestamp:
        return pd.Timestamp(self.closes.index[0])

    @property
    def last_session(self) -> pd.Timestamp:
        return pd.Timestamp(self.closes.index[-1])

    def is_session(self, day: pd.Timestamp) -> bool:
        return day in self.closes.index

    def session_close(self, day: pd.Timestamp) -> pd.Timestamp:
        return pd.Timestamp(self.closes[day])


def _cache_file(mic: str) -> Path:
    """Where a MIC's sessions are kept between runs: per exchange-calendars version and day (its default range
    runs from 20 years before today to a year after, so it moves daily)."""
    from importlib.metadata import version

    root = os.environ.get("NEWSDQ_CACHE_DIR") or cache_root()
    name = f"{mic}-{version('exchange-calendars')}-{dt.date.today().isoformat()}.npz"
    return Path(root) / "calendars" / name


def _built(mic: str) -> pd.Series:
    import exchange_calendars  # costs ~0.5 s, and XKRX's lunar holidays ~1.5 s more: cached on disk after

    with warnings.catch_warnings():
        # Building a calendar, exchange-calendars 4.13 uses pandas APIs deprecated in 3.1 (tz-aware Series.values,
        # DatetimeIndex.weekday for XHKG's lunar holidays): its notices, not ours, and only while it loads.
        warnings.simplefilter("ignore", DeprecationWarning)
        closes: pd.Series = exchange_calendars.get_calendar(mic).closes
    return closes


def _saved(path: Path, closes: pd.Series) -> None:
    """Write the sessions as two int64 arrays (no pickle), atomically; a cache that cannot be written is skipped."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in [*path.parent.glob(f"{path.name.split('-')[0]}-*.npz"), *path.parent.glob("*.tmp")]:
            old.unlink(missing_ok=True)  # another day's or version's copy, or a write that never finished
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as f:
            np.savez(
                f,
                days=pd.DatetimeIndex(closes.index).as_unit("ns").asi8,
                closes=pd.DatetimeIndex(closes).as_unit("ns").asi8,
            )
        tmp.replace(path)
    except OSError:
        pass


@functools.cache
def calendar(mic: str) -> Sessions:
    """The sessions of `mic` from exchange_calendars, loaded once a process and kept on disk for the day (an
    unknown MIC raises)."""
    try:
        path: Path | None = _cache_file(mic)
    except Exception:  # noqa: BLE001 - no home folder, no package metadata: run without the cache
        path = None
    if path is not None and path.is_file():
        try:
            with np.load(path, allow_pickle=False) as data:
                days = pd.DatetimeIndex(data["days"].astype("datetime64[ns]"))
                closes = pd.DatetimeIndex(data["closes"].astype("datetime64[ns]"), tz="UTC")
                return Sessions(pd.Series(closes, index=days))
        except Exception:  # noqa: BLE001 - a truncated or foreign file: built again, and replaced
            path.unlink(missing_ok=True)
    built = _built(mic)
    if path is not None:
        _saved(path, built)
    return Sessions(built)


def market_day(ts: pd.Timestamp, zone: str) -> dt.date:
    """The market-local date a figure's as_of names (midnight UTC is a bare date, kept as is)."""
    return ts.date() if ts == ts.normalize() else ts.tz_convert(zone).date()


def closed_on(mic: str, day: dt.date) -> bool | None:
    """Whether the exchange had no session that day; None when the calendar does not cover it."""
    cal = calendar(mic)
    stamp = pd.Timestamp(day)
    if not cal.first_session <= stamp <= cal.last_session:
        return None
    return not bool(cal.is_session(stamp))


@functools.lru_cache(maxsize=4096)
def session_close(market: Market, day: dt.date) -> pd.Timestamp | None:
    """When `market`'s session on `day` closed (None: no session that day): from its exchange calendar, or
    at 16:00 local time on a weekday for a day the calendar does not cover (or a market with no calendar)."""
    if market.mic is not None and (closed := closed_on(market.mic, day)) is not None:
        return None if closed else pd.Timestamp(calendar(market.mic).session_close(pd.Timestamp(day)))
    if day.weekday() >= 5:
        return None
    return pd.Timestamp(dt.datetime.combine(day, CLOSE_FALLBACK), tz=market.timezone).tz_convert("UTC")
