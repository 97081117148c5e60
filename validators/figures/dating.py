"""Dating: the day each figure refers to (its as_of), from the anchors an article writes and when it was published."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import zoneinfo
from typing import Any, Final, NamedTuple

import pandas as pd

from validators.figures.kinds import SIGNED_KINDS
from validators.figures.lexicon import Instrument, Lexicon
from validators.figures.patterns import _fold, _holds
from validators.figures.subject import _Subjects
from validators.markets import WEEKDAYS, calendar
from validators.reading import RawArticle

EPOCH: Final = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


class _Anchor(NamedTuple):
    pos: int
    basis: str
    start: int  # the text it dates: [start, end)
    end: int
    carries: bool  # over to later sentences that name no day of their own


class _Dated(_Subjects):
    """An article's prose and subjects, with the phrases that date its figures found per line on demand."""

    def __init__(self, raw: RawArticle, lex: Lexicon, year: int | None) -> None:
        super().__init__(raw, lex)
        self.year = year  # the year it was published in, if known
        self._anchors: dict[int, list[_Anchor]] = {}
        self._periods: dict[int, list[tuple[int, int]]] = {}
        self._anchors_before: dict[tuple[int, bool], str | None] = {}
        self._anchors_in: dict[tuple[int, bool], list[_Anchor]] = {}
        self.resolved: dict[tuple[str, str | None], dt.datetime] = {}  # _as_of's dates; one published time

    def anchors(self, li: int) -> list[_Anchor]:
        """Every phrase in a line that dates a figure, in order, with the text it dates: the line for most, only
        its own clause for a clause-scoped one ("... 146.90 at the close here yesterday" dates 146.90, not the
        opening rate before "against")."""
        if li in self._anchors:
            return self._anchors[li]
        ls, le = self.bounds(li)
        spans: list[tuple[int, int, str, int, int, bool]] = []
        low = self.low(li)
        for kind, rx, hints, clause in self.lex.anchors:
            for h in hints:  # a plain loop: a generator for any() costs more than the test, line by line
                if h in low:
                    break
            else:
                continue
            for m in rx.finditer(self.masked, ls, le):
                if any(s <= m.start() < e for s, e, *_ in spans):
                    continue  # an earlier-listed anchor already covers it
                if kind in ("session", "weekday"):
                    basis = f"{kind}:{m.group(1).capitalize()}"
                else:
                    basis = self.lex.overnight_basis if kind == "overnight" else kind  # published, yesterday
                # The day of something compared with ("141.10 yen at midday against Friday closes of 142.35") is
                # clause-scoped too.
                scoped = clause or self.compared(li, m.start())
                lo, hi = self.clause(li, m.start(), m.end()) if scoped else (ls, le)
                # "published" dates its own sentence only, a clause-scoped anchor its clause: neither carries over.
                spans.append((m.start(), m.end(), basis, lo, hi, basis != "published" and not scoped))
        self._anchors[li] = sorted(_Anchor(s, b, lo, hi, carries) for s, _, b, lo, hi, carries in spans)
        return self._anchors[li]

    def compared(self, li: int, pos: int) -> bool:
        """Whether a comparison word (lexicon `no_carry_after`) comes before `pos` in its sentence."""
        hints, low = self.lex.no_carry_after_hints, self.low(li)
        # (_unlike is set by low(): lines where lowercasing is not what a case-blind match does)
        if li not in self._unlike and not _holds(hints, low[: pos - self.starts[li]]):
            return False  # most lines: no need to split the line into sentences
        return self.lex.no_carry_after.search(self.masked, self.sentence_of(li, pos)[0], pos) is not None

    def clause(self, li: int, start: int, end: int) -> tuple[int, int]:
        """The clause of line `li` that holds [start, end): between the clause breaks around it in its sentence,
        or the whole sentence when it leads it ("Yesterday, the Dow closed above 2400")."""
        s_start, s_end = self.sentence_of(li, start)
        if not self.masked[s_start:start].strip(" \t\"'“‘"):
            return s_start, s_end
        lo = s_start
        for m in self.lex.clause_break.finditer(self.masked, s_start, start):
            lo = m.end()
        after = self.lex.clause_break.search(self.masked, end, s_end)
        return lo, after.start() if after is not None else s_end

    def anchor_before(self, pos: int, inst: Instrument) -> str | None:
        """The last anchor before `pos` that carries over to later sentences and applies to `inst`."""
        # Whether an anchor applies depends only on whether `inst` is in the overnight zone: cache on that.
        overnight = inst.tz == self.lex.overnight_tz
        key = (pos, overnight)
        if key not in self._anchors_before:
            li = self.line_index(pos)
            basis = self._carried_in(li, overnight, pos)
            if basis is None and li > 0:
                question = "carried-overnight" if overnight else "carried"
                j = self._last_line(question, li - 1, lambda lj: self._carried_in(lj, overnight) is not None)
                basis = self._carried_in(j, overnight) if j >= 0 else None
            self._anchors_before[key] = basis
        return self._anchors_before[key]

    def _carried_in(self, li: int, overnight: bool, pos: int | None = None) -> str | None:
        """The last anchor of line `li` (before `pos` if given) that carries over and applies to an instrument in
        the overnight zone or not."""
        for s, basis, _, _, carries in reversed(self.anchors(li)):
            if (pos is None or s < pos) and carries and self.applies(basis, overnight):
                return basis
        return None

    def anchors_in(self, li: int, s_start: int, s_end: int, inst: Instrument) -> list[_Anchor]:
        """The anchors in a sentence of line `li` that apply to `inst`."""
        key = (s_start, inst.tz == self.lex.overnight_tz)
        if key not in self._anchors_in:
            self._anchors_in[key] = [
                a for a in self.anchors(li) if s_start <= a.pos < s_end and self.applies(a.basis, key[1])
            ]
        return self._anchors_in[key]

    def applies(self, basis: str, overnight: bool) -> bool:
        """Whether an anchor applies to an instrument in the overnight zone or not: "overnight" only to those."""
        return basis != self.lex.overnight_basis or overnight

    def is_period(self, s_start: int, s_end: int, pos: int) -> bool:
        """Whether a sentence speaks of a stretch of time ("this week", "in the last six months") for the figure at
        `pos`: not if only an aside that does not hold it does ("The Dow, which soared 85 points in the past two
        sessions, tumbled 45 points to close at 2361 today"), nor if a `period_ahead` phrase comes after it
        ("slipped 0.13%, snapping a three-day winning streak")."""
        spans = self._periods.get(s_start)
        if spans is None:
            spans = self._periods[s_start] = []
            lex, folded = self.lex, _fold(self.masked[s_start:s_end])
            found = [
                (m, ahead)
                for rx, hints, ahead in (
                    (lex.period, lex.period_hints, False),
                    (lex.period_ahead, lex.period_ahead_hints, True),
                )
                if _holds(hints, folded)
                for m in rx.finditer(self.masked, s_start, s_end)
            ]
            if found:  # rare: then the asides and the superlatives
                asides = [m.span() for m in lex.aside.finditer(self.masked, s_start, s_end)]
                not_periods = (
                    [m.span() for m in lex.not_period.finditer(self.masked, s_start, s_end)]
                    if _holds(lex.not_period_hints, folded)
                    else []
                )
                for m, ahead in found:
                    if any(a <= m.start() < b for a, b in not_periods):
                        continue
                    whole = (m.start() if ahead else s_start, s_end)
                    spans.append(next(((a, b) for a, b in asides if a <= m.start() < b), whole))
        return any(a <= pos < b for a, b in spans)


@functools.lru_cache(maxsize=64)
def _zone(tz: str) -> dt.tzinfo:
    return zoneinfo.ZoneInfo(tz)


def _midnight_utc(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


@functools.lru_cache(maxsize=16)
def _sessions(mic: str) -> tuple[list[int], list[dt.date]]:
    """Each session's close (ns since the epoch) and date, in order, from exchange-calendars."""
    closes = calendar(mic).closes  # only articles that say "overnight" pay for the calendar
    return [int(v) for v in pd.DatetimeIndex(closes).as_unit("ns").asi8], [d.date() for d in closes.index]


def _last_closed_session(published: dt.datetime, published_ns: int, mic: str, tz: str) -> dt.date:
    """The last session of `mic` that had closed by `published`."""
    try:
        closes, days = _sessions(mic)
        i = bisect.bisect_right(closes, published_ns) - 1
        if 0 <= i < len(closes) - 1:
            return days[i]
    except Exception:  # noqa: BLE001 - no calendar data: fall back to weekdays with a 16:00 close
        pass
    local = published.astimezone(_zone(tz))
    day = local.date()
    if local.weekday() >= 5 or local.hour < 16:
        day -= dt.timedelta(days=1)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def _resolve(
    basis: str, tz: str, published_ns: int, overnight_basis: str, overnight_mic: str, overnight_tz: str
) -> dt.datetime:
    """The date an anchor names, for a market in `tz`, as that date at 00:00 UTC.

    Worked out with the standard library: pandas Timestamps cost ten times as much, once per article.
    """
    published = EPOCH + dt.timedelta(microseconds=published_ns // 1000)
    if basis == overnight_basis:
        return _midnight_utc(_last_closed_session(published, published_ns, overnight_mic, overnight_tz))
    local = published.astimezone(_zone(tz)).date()
    if basis == "published":
        return _midnight_utc(local)
    if basis == "yesterday":
        return _midnight_utc(local - dt.timedelta(days=1))
    # The latest such weekday on or before the published date in `tz`.
    weekday = WEEKDAYS.index(basis.split(":", 1)[1])
    return _midnight_utc(local - dt.timedelta(days=(local.weekday() - weekday) % 7))


def _as_of(
    doc: _Dated,
    inst: Instrument,
    kind: str,
    published_ns: int | None,
    li: int,
    pos: int,
    s_start: int,
    s_end: int,
) -> tuple[Any, str]:
    """The day a figure at `pos` on line `li` refers to: its sentence's anchor, else the last one before it."""
    lex = doc.lex
    if published_ns is None and kind not in SIGNED_KINDS:  # (the caller passes anchored instruments only)
        return pd.NaT, "none"
    if kind != "ytd_pct" and doc.is_period(s_start, s_end, pos):
        return pd.NaT, "period"  # a move in an undated article too: one over months is no daily move
    if published_ns is None:
        return pd.NaT, "none"
    here = [(a.pos, a.basis) for a in doc.anchors_in(li, s_start, s_end, inst) if a.start <= pos < a.end]
    before = [b for p, b in here if p < pos]
    basis = before[-1] if before else here[0][1] if here else doc.anchor_before(s_start, inst)
    if basis is None:
        return pd.NaT, "none"
    # Few (basis, zone) pairs per article: a dict here is cheaper than hashing _resolve's six arguments.
    key = (basis, inst.tz)
    as_of = doc.resolved.get(key)
    if as_of is None:
        as_of = doc.resolved[key] = _resolve(
            basis, inst.tz or "UTC", published_ns, lex.overnight_basis, lex.overnight_mic, lex.overnight_tz
        )
    return as_of, basis
