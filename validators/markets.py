"""Markets: weekday names, where each instrument trades, and exchange calendars loaded once for every check."""

from __future__ import annotations

import datetime as dt
import functools
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import pandas as pd

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


@functools.cache
def calendar(mic: str) -> Any:
    """The exchange_calendars calendar of `mic`, loaded once a process (an unknown MIC raises)."""
    import exchange_calendars  # costs ~0.5 s: only a run that needs a session pays for it

    with warnings.catch_warnings():
        # Building a calendar, exchange-calendars 4.13 uses pandas APIs deprecated in 3.1 (tz-aware Series.values,
        # DatetimeIndex.weekday for XHKG's lunar holidays): its notices, not ours, and only while it loads.
        warnings.simplefilter("ignore", DeprecationWarning)
        return exchange_calendars.get_calendar(mic)


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
