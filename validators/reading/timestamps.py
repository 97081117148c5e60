"""Timestamps as news datasets write them: ISO 8601 first, then a short list of explicit non-ISO shapes.

Every shape is a fixed pattern (no guessing parser): a value that fits none is left unread, and the date checks
report it. Day/month orders that are ambiguous ("02/12/2026") are never read. A value without a zone is read as
UTC, and the caller is told the zone was assumed.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from typing import Any, NamedTuple

ISO = "ISO 8601"
MONTHS = {
    name: i
    for i, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        1,
    )
    for name in names
}
TIME = r"(?P<H>\d{1,2}):(?P<M>\d\d)(?::(?P<S>\d\d)(?:\.(?P<f>\d{1,6}))?)?"
# "Oct 10, 2008 5:43 pm", "March 17, 2012  4:30 PM" (Gothamist); the time and am/pm may be absent.
MONTH_DAY_YEAR_RE = re.compile(
    rf"(?P<mon>[A-Za-z]{{3,9}})\.? +(?P<d>\d{{1,2}}), *(?P<y>\d{{4}})(?:,? +(?:at +)?{TIME}"
    r"(?: *(?P<ampm>[AaPp])\.?[Mm]\.?)?)?"
)
# "Tue, 07 Feb 2017 10:00:00 +0000" (RFC 822 / 2822, as RSS writes it); read by the standard library.
RFC2822_RE = re.compile(
    r"(?:[A-Za-z]{3}, *)?\d{1,2} [A-Za-z]{3} \d{4} \d\d:\d\d(?::\d\d)? *(?:[+-]\d{4}|[A-Za-z]{1,5})"
)
# "2017/2/7", "2017/02/07 10:00"
SLASHED_RE = re.compile(rf"(?P<y>\d{{4}})/(?P<m>\d{{1,2}})/(?P<d>\d{{1,2}})(?:[ T]+{TIME})?")
# "2020-09-04-17-55-32" (finescoop's Jigsaw posts)
DASHED_RE = re.compile(r"(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)-(?P<H>\d\d)-(?P<M>\d\d)-(?P<S>\d\d)")
# "26-FEB-1987 15:01:01.79" (Reuters-21578)
DAY_MON_YEAR_RE = re.compile(rf"(?P<d>\d{{1,2}})-(?P<mon>[A-Za-z]{{3}})-(?P<y>\d{{4}}) +{TIME}")
# "2019-02-14 9:24:00 -0500": ISO but for the one-digit hour (digital.gov's Hugo posts)
SHORT_HOUR_RE = re.compile(r"(?P<date>\d{4}-\d\d-\d\d)[T ](?P<H>\d):(?P<rest>\d\d(?::\d\d(?:\.\d+)?)?.*)")


class Parsed(NamedTuple):
    """A timestamp read from text: aware (in its own zone, or UTC when `assumed`), and the shape it had."""

    stamp: dt.datetime
    assumed: bool  # no zone was given: read as UTC
    shape: str  # ISO 8601, or the name of the non-ISO shape it was read in


def _aware(value: dt.datetime) -> tuple[dt.datetime, bool]:
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc), True
    return value, False


def _clock(m: re.Match[str]) -> tuple[int, int, int, int]:
    """(hour, minute, second, microsecond) of a match of TIME (midnight when the time is absent)."""
    if m.group("H") is None:
        return 0, 0, 0, 0
    frac = m.groupdict().get("f") or ""
    return int(m.group("H")), int(m.group("M")), int(m.group("S") or 0), int(frac.ljust(6, "0") or 0)


def _month_day_year(m: re.Match[str]) -> dt.datetime | None:
    month = MONTHS.get(m.group("mon").lower())
    if month is None:
        return None
    hour, minute, second, micro = _clock(m)
    ampm = (m.group("ampm") or "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "p" else 0)
    return dt.datetime(int(m.group("y")), month, int(m.group("d")), hour, minute, second, micro)


def _day_mon_year(m: re.Match[str]) -> dt.datetime | None:
    month = MONTHS.get(m.group("mon").lower())
    if month is None:
        return None
    return dt.datetime(int(m.group("y")), month, int(m.group("d")), *_clock(m))


def _numeric(m: re.Match[str]) -> dt.datetime:
    return dt.datetime(int(m.group("y")), int(m.group("m")), int(m.group("d")), *_clock(m))


def _rfc2822(s: str) -> dt.datetime | None:
    try:
        value = email.utils.parsedate_to_datetime(s)
    except (TypeError, ValueError, IndexError):
        return None
    # "-0000" is RFC 2822's "zone unknown": the standard library gives a naive time for it.
    return value


def _short_hour(m: re.Match[str]) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(f"{m.group('date')} 0{m.group('H')}:{m.group('rest')}")
    except ValueError:
        return None


# (name, pattern, reader), tried in order after ISO 8601; the name is what findings and evidence call the shape.
SHAPES: tuple[tuple[str, re.Pattern[str], Any], ...] = (
    ("month day, year [h:mm am/pm]", MONTH_DAY_YEAR_RE, _month_day_year),
    ("RFC 2822", RFC2822_RE, lambda m: _rfc2822(m.group(0))),
    ("year/month/day [h:mm]", SLASHED_RE, _numeric),
    ("year-month-day-hour-minute-second", DASHED_RE, _numeric),
    ("day-MON-year h:mm:ss", DAY_MON_YEAR_RE, _day_mon_year),
    ("ISO 8601 with a one-digit hour", SHORT_HOUR_RE, _short_hour),
)
SHAPE_NAMES = tuple(name for name, _, _ in SHAPES)


def parse_timestamp(text: str) -> Parsed | None:
    """Read a timestamp written as ISO 8601 or as one of SHAPES (whitespace around it ignored); else None."""
    s = text.strip()
    try:
        return Parsed(*_aware(dt.datetime.fromisoformat(s)), ISO)
    except ValueError:
        pass
    for name, pattern, read in SHAPES:
        m = pattern.fullmatch(s)
        if m is None:
            continue
        try:
            value = read(m)
        except (ValueError, OverflowError):  # 31 February, hour 605: the shape fits, the time does not exist
            return None
        return None if value is None else Parsed(*_aware(value), name)
    return None
