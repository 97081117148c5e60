"""Dates: `published` parses and is plausible, and agrees with the URL, the lead and the exchange calendar."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

from validators.checks._text import BodyLines
from validators.checks.completeness import Item, is_placeholder, per_row
from validators.context import Context
from validators.markets import WEEKDAYS, Market, closed_on, market_day, markets
from validators.reading import to_utc
from validators.registry import Check

EARLIEST = pd.Timestamp("1990-01-01T00:00:00Z")
# Every civil time zone in use lies between UTC-12 and UTC+14.
WEST, EAST = pd.Timedelta(hours=-12), pd.Timedelta(hours=14)
URL_DATE_RE = re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])/(0[1-9]|[12]\d|3[01])(?=/|$|[?#])")
# "last Monday", "since Friday": a weekday other than the headline event's own.
WEEKDAY_RE = re.compile(
    r"(?<![\w-])(?:(last|next|since|until|before|after|following|previous)\s+)?"
    rf"({'|'.join(WEEKDAYS)})\b",
    re.IGNORECASE,
)
PARAGRAPH_RE = re.compile(r"[^\n]*\S[^\n]*")
LEAD_PARAGRAPHS = 5
# "closed at 50,121.40", "closing at a record", "to end at": the figure is a session's close.
CLOSE_RE = re.compile(
    r"\b(?:clos(?:ed|ing|es|e)\s+(?:at|up|down|higher|lower|flat|unchanged|a\b|the\s+day)|"
    r"at\s+the\s+close|end(?:ed|s)?\s+(?:at|the\s+(?:day|session)))",
    re.IGNORECASE,
)


def _line(row: Mapping[str, Any], key: str) -> int:
    return int(row["key_lines"].get(key, row["body_start_line"]))


def _iso(ts: pd.Timestamp | dt.datetime) -> str:
    return ts.isoformat().replace("+00:00", "Z")


def _as_written(row: Mapping[str, Any]) -> pd.Timestamp | dt.datetime | None:
    """`published`; else, when the table could not hold it (before 1677 or after 2262), the time as written."""
    if not pd.isna(row["published"]):
        return row["published"]  # type: ignore[no-any-return]
    raw = row["published_raw"]
    return to_utc(raw)[0] if isinstance(raw, str) and "published" not in row["front_matter_mistyped"] else None


def _not_iso(row: Mapping[str, Any]) -> list[Item]:
    raw = row["published_raw"]
    # A placeholder ("TBD") is reported once, by placeholder-value.
    # A value of the wrong YAML type (a list, a mapping) is reported once, by front-matter-type.
    if (
        raw is None
        or _as_written(row) is not None  # read, perhaps out of the table's range (too early, in the future)
        or is_placeholder(raw)
        or "published" in row["front_matter_mistyped"]
    ):
        return []
    return [
        {
            "line": _line(row, "published"),
            "message": f"published {raw!r} is not an ISO 8601 timestamp, nor a shape newsdq reads "
            "(month day, year; RFC 2822; year/month/day; day-MON-year)",
            "published_raw": raw,
        }
    ]


def published_not_iso(ctx: Context) -> pd.Series:
    """A `published` value that is there but does not parse as ISO 8601."""
    return per_row(ctx, _not_iso)


def future_limit(as_of: pd.Timestamp) -> pd.Timestamp:
    """The latest plausible publication time: `--as-of DATE` means the whole of that day."""
    return as_of + pd.Timedelta(days=1) if as_of == as_of.normalize() else as_of


def published_in_future(ctx: Context) -> pd.Series:
    """Articles published after the run's reference date."""
    limit = future_limit(ctx.settings.as_of)

    def check(row: Mapping[str, Any]) -> list[Item]:
        ts = _as_written(row)
        if ts is None or ts < limit:
            return []
        return [
            {
                "line": _line(row, "published"),
                "message": f"published {_iso(ts)} is after the reference date {ctx.settings.as_of.date()}",
                "published": _iso(ts),
            }
        ]

    return per_row(ctx, check)


def _too_early(row: Mapping[str, Any]) -> list[Item]:
    ts = _as_written(row)
    if ts is None or ts >= EARLIEST:
        return []
    return [
        {
            "line": _line(row, "published"),
            "message": f"published {_iso(ts)} is before {EARLIEST.year}: a placeholder or a misparse",
            "published": _iso(ts),
        }
    ]


def published_too_early(ctx: Context) -> pd.Series:
    """Articles dated before 1990 (epoch zeroes, two-digit years read wrong)."""
    return per_row(ctx, _too_early)


def local_dates(ts: pd.Timestamp) -> tuple[dt.date, dt.date]:
    """First and last calendar date `ts` falls on in some zone from UTC-12 to UTC+14."""
    return (ts + WEST).date(), (ts + EAST).date()


def _url_mismatch(row: Mapping[str, Any]) -> list[Item]:
    ts, url = row["published"], row["url"]
    match = URL_DATE_RE.search(url) if isinstance(url, str) else None
    if pd.isna(ts) or match is None:
        return []
    try:
        url_date = dt.date(*map(int, match.groups()))
    except ValueError:  # /2026/02/30/ is not a date: nothing to compare
        return []
    first, last = local_dates(ts)
    if first <= url_date <= last:
        return []
    return [
        {
            "line": _line(row, "url"),
            "message": f"the URL's date {url_date} is not the publication date {_iso(ts)} in any time zone "
            f"(UTC-12 to UTC+14 give {first} to {last})",
            "url_date": url_date.isoformat(),
            "published": _iso(ts),
        }
    ]


def date_url_mismatch(ctx: Context) -> pd.Series:
    """A `/YYYY/MM/DD/` URL date that `published` cannot be in any time zone."""
    return per_row(ctx, _url_mismatch)


def _lead_weekday(body: str) -> tuple[int, str] | None:
    """Offset and name of the first weekday the lead paragraphs give for the news itself."""
    for n, para in enumerate(PARAGRAPH_RE.finditer(body)):
        if n >= LEAD_PARAGRAPHS:
            break
        for m in WEEKDAY_RE.finditer(para.group(0)):
            if m.group(1) is None:
                return para.start() + m.start(2), m.group(2).capitalize()
    return None


def _line_zones(figures: pd.DataFrame, known: Mapping[str, Market]) -> dict[tuple[str, int], str]:
    """(article, line) to the time zone of the first known-market instrument quoted on that line."""
    zones: dict[tuple[str, int], str] = {}
    if figures.empty:
        return zones
    for article_id, line, name in zip(figures["article_id"], figures["line"], figures["instrument"], strict=True):
        if name in known:
            zones.setdefault((str(article_id), int(line)), known[name].timezone)
    return zones


def weekday_mismatch(ctx: Context) -> pd.Series:
    """The lead's weekday is neither the published day in the market's zone nor the day before."""
    zones = _line_zones(ctx.figures, markets(ctx.settings.reference_dir))

    def check(row: Mapping[str, Any]) -> list[Item]:
        ts = row["published"]
        # An undated article has no weekday to compare: its lead is not read.
        found = None if pd.isna(ts) else _lead_weekday(str(row["body"]))
        if found is None:
            return []
        pos, name = found
        line = BodyLines(str(row["body"]), int(row["body_start_line"])).line(pos)
        zone = zones.get((str(row["article_id"]), line))
        if zone is not None:
            local = ts.tz_convert(zone).date()
            first, last, where = local - dt.timedelta(days=1), local, zone
        else:
            first, last = local_dates(ts)
            first, where = first - dt.timedelta(days=1), "any time zone"
        allowed = {(first + dt.timedelta(days=i)).strftime("%A") for i in range((last - first).days + 1)}
        if name in allowed:
            return []
        return [
            {
                "line": line,
                "message": f"the lead says {name}, but published {_iso(ts)} is "
                f"{' or '.join(sorted(allowed, key=WEEKDAYS.index))} in {where} "
                "(the day itself or the day before)",
                "weekday": name,
                "published": _iso(ts),
                "zone": where,
            }
        ]

    return per_row(ctx, check)


def exchange_closed(ctx: Context) -> pd.Series:
    """A closing level reported for a day its exchange had no session (weekend, holiday)."""
    known = markets(ctx.settings.reference_dir)

    def check(fig: Mapping[str, Any]) -> list[Item]:
        market = known.get(str(fig["instrument"]))
        if (
            fig["kind"] != "level"
            or fig["as_of"] is None
            or market is None
            or market.mic is None
            or not CLOSE_RE.search(str(fig["sentence"]))
        ):
            return []
        day = market_day(fig["as_of"], market.timezone)
        if not closed_on(market.mic, day):
            return []
        return [
            {
                "line": int(fig["line"]),
                "message": f"{fig['instrument']} close reported for {day:%A} {day}, "
                f"but {market.mic} had no session that day",
                "instrument": fig["instrument"],
                "day": day.isoformat(),
                "mic": market.mic,
            }
        ]

    return per_row(ctx, check, "figures")


def _utc(offset: pd.Timedelta) -> str:
    return f"UTC{offset // pd.Timedelta(hours=1):+d}"


CHECKS: tuple[Check, ...] = (
    Check(
        "published-not-iso",
        "date",
        "error",
        "published parses as an ISO 8601 timestamp",
        "article",
        "articles",
        published_not_iso,
    ),
    Check(
        "published-in-future",
        "date",
        "error",
        "published is not after the run's --as-of date",
        "article",
        "articles",
        published_in_future,
    ),
    Check(
        "published-too-early",
        "date",
        "error",
        f"published is not before {EARLIEST.date().isoformat()}",
        "article",
        "articles",
        published_too_early,
    ),
    Check(
        "date-url-mismatch",
        "date",
        "warning",
        f"the URL's /YYYY/MM/DD/ date is the published date in some zone from {_utc(WEST)} to {_utc(EAST)}",
        "article",
        "articles",
        date_url_mismatch,
    ),
    Check(
        "weekday-mismatch",
        "date",
        "warning",
        "the weekday the lead gives is the published day in the market's time zone, or the day before",
        "article",
        "articles",
        weekday_mismatch,
    ),
    Check(
        "exchange-closed",
        "date",
        "warning",
        "every reported close falls on a trading session of its exchange",
        "article",
        "figures",
        exchange_closed,
    ),
)
