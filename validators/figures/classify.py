"""How a number reads: its qualifiers, its kind, its sign and the variant of its instrument."""

from __future__ import annotations

import functools
import re
from typing import Final

from validators.figures.dating import _Dated
from validators.figures.kinds import SIGNED_KINDS, UNSCALED_KINDS
from validators.figures.lexicon import NO_FIGURE, Instrument, Lexicon
from validators.figures.numbers import WINDOW, _is_year
from validators.figures.patterns import _norm, _rx
from validators.figures.subject import _Mention

THRESHOLD_QUALIFIERS: Final = frozenset({"nearly", "over", "first time"})  # a level so qualified is a threshold


class _Figure:
    """A figure as the next one in its sentence reads it (a native class: one is made per figure)."""

    def __init__(self, end: int, inst: str, kind: str, negative: bool, name: str) -> None:
        self.end = end  # end of the number and a following "points"
        self.inst = inst
        self.kind = kind
        self.negative = negative
        self.name = name  # the instrument's name or the variant it took ("GDP growth forecast")


class _Number:
    """A number token in its sentence, with the stretch before it that its qualifiers and verbs are read in."""

    def __init__(
        self,
        doc: _Dated,
        li: int,
        m: re.Match[str],
        span: tuple[int, int, int],
        form: str,
        pts: str | None,
        lo: int,
        sentence: tuple[int, int, int],
    ) -> None:
        # (Values the caller has read from the match already: a method call on a match costs more than the rest.)
        self.doc = doc
        self.li = li
        self.m = m
        self.start, self.end, self.full_end = span  # the number, and its end with a "points" after it
        self.form = form
        self.pts = pts
        self.lo = lo  # back to the number before, at most WINDOW characters
        self.hi = self.start  # where its qualifiers begin, once _qualifiers has peeled them off
        self.s_start, self.s_end, self.next_start = sentence  # and where the next number starts, or the sentence ends


def _qualifiers(num: _Number) -> set[str] | None:
    """The qualifiers of `num` (and num.hi set where they begin); None when one makes it no figure."""
    doc, li = num.doc, num.li
    lex = doc.lex
    # Qualifiers may chain ("a new all-time high close to 58,000"): peel them off from the number back.
    hi = num.start
    quals: set[str] = set()
    while (q := doc.before(lex.qualifier_before, li, num.lo, hi)) is not None and q[0] and q[0] not in quals:
        quals.add(q[0])
        hi = q[1]
    num.hi = hi
    if NO_FIGURE in quals:
        return None  # "by a margin of 49%"
    for name, after_q in lex.qualifier_after:
        if after_q.match(doc.masked, num.end, num.s_end):
            quals.add(name)
    return quals


def _kind(
    num: _Number,
    inst: Instrument,
    mention: _Mention | None,
    quals: set[str],
    continues: bool,
    prev: _Figure | None,
    ytd_taken: int,
    sign: str,
) -> tuple[str, int]:
    """The kind of figure `num` is ("" when it is none after all), and where a "year to date" it took ends."""
    doc, form = num.doc, num.form
    kind = inst.forms[form]
    if kind == "level":
        kind = _level_kind(num, mention, quals, continues, prev)
    elif kind == "fx_rate" and quals <= {"about"} and doc.before(doc.lex.direction_end, num.li, num.lo, num.hi):
        return "", ytd_taken  # "the dollar dropped some 10 yen": how far a rate moved; not "weakens toward 160"
    elif kind == "pct_change":
        kind, ytd_taken = _pct_kind(num, quals, ytd_taken)
    if kind not in inst.kinds:
        kind = inst.forms[form]
    return _written_kind(num, inst, kind, sign), ytd_taken


def _level_kind(num: _Number, mention: _Mention | None, quals: set[str], continues: bool, prev: _Figure | None) -> str:
    """A level, or what the words around it make of it: a move in points, a threshold, an intraday level."""
    doc, li, lo, hi, start = num.doc, num.li, num.lo, num.hi, num.start
    lex, masked = doc.lex, doc.masked
    if (
        num.form == "points"
        and (
            doc.before(lex.direction_end, li, lo, hi)
            # "ended the day 370 points down"; not "10,000 points today, up 2%"
            or ((said := _word_after(lex, masked, num.full_end, num.s_end)) and " " not in said.group().strip())
            # "lifted the Dow Jones Industrial Average 34 points": the verb before the name
            or (
                mention is not None
                and mention.end <= start
                and not masked[mention.end : start].strip()
                and doc.before(lex.direction_end, li, lo, mention.start)
            )
        )
    ):
        return "point_change"
    if continues and prev is not None:
        # "fell 0.9%, or 349.26 points": the same move, in points.
        return "point_change" if prev.kind == "pct_change" else prev.kind
    if (
        not quals.isdisjoint(THRESHOLD_QUALIFIERS)
        or doc.before(lex.threshold_before, li, lo, hi)
        or lex.threshold_after.match(masked, num.end, num.s_end)
    ):
        return "threshold"
    if num.form == "plain" and doc.before(lex.direction_end, li, lo, hi):
        return "point_change"  # newswire's "fell 44.60 to 2360.94", "down 10 in the first minutes"
    if prev is not None and prev.kind == "intraday" and lex.intraday_level_before.search(masked, lo, start):
        return "intraday"
    return "level"


def _pct_kind(num: _Number, quals: set[str], ytd_taken: int) -> tuple[str, int]:
    """A day's move in percent, an intraday one ("as much as"), or one since the year began."""
    if "as much as" in quals:
        return "intraday", ytd_taken
    doc, start, end = num.doc, num.start, num.end
    lex, masked = doc.lex, doc.masked
    if (
        (ytd := lex.ytd.search(masked, end, min(num.next_start, end + 40)))
        or lex.ytd.search(masked, max(num.lo, start - 30, ytd_taken), start)
        or (doc.year is not None and _in_year(lex.ytd_in_year, doc.year).match(masked, end, num.s_end))
        or lex.ytd_versus.search(masked, max(num.s_start, start - WINDOW), start)
    ):
        return "ytd_pct", ytd.end() if ytd else ytd_taken
    return "pct_change", ytd_taken


def _written_kind(num: _Number, inst: Instrument, kind: str, sign: str) -> str:
    """`kind` as how the number is written allows ("" when it allows none): "-point", a scale word, a sign."""
    lex, masked, form = num.doc.lex, num.doc.masked, num.form
    if num.pts is not None and num.pts[0] == "-":
        # "a 508-point drop", "the 20,000-point mark"; not "a 35-point range" or "a 2333-point index"
        if "threshold" in inst.kinds and lex.threshold_after.match(masked, num.full_end, num.s_end):
            kind = "threshold"
        elif "point_change" in inst.kinds and _word_after(lex, masked, num.full_end, num.s_end) is not None:
            kind = "point_change"
        else:
            return ""
    if num.m.group("scale") and kind in UNSCALED_KINDS:
        return ""  # "a valuation of 7 billion" is no index level
    # A number with its sign written ("+35.5 points", "−1.2%") is a move, never a level or a rate.
    if sign and kind not in SIGNED_KINDS and not (kind == "intraday" and form == "pct"):
        if form not in ("plain", "points") or "point_change" not in inst.kinds:
            return ""
        kind = "point_change"
    return kind


def _negative(
    num: _Number, inst: Instrument, kind: str, sign: str, continues: bool, prev: _Figure | None
) -> bool | None:
    """Whether figure `num` is negative, from its sign or a word of which way; None when it is no figure."""
    if sign:
        return sign != "+"
    if kind in SIGNED_KINDS or (kind == "intraday" and num.form == "pct") or inst.signed:
        lex, masked = num.doc.lex, num.doc.masked
        after_word = _word_after(lex, masked, num.full_end, num.s_end)
        word = after_word.group().split()[-1] if after_word else _last_direction(lex, masked[num.lo : num.hi].lower())
        if word is not None:
            # "" for "GDP growth fell to 1.2%": the figure is where it went, not how far, so it keeps no sign
            return bool(word) and _norm(word) in lex.down_words
        if continues and prev is not None:
            return prev.negative
        if inst.directed and kind == "pct_change":
            if prev is None or prev.inst != inst.name:
                return None  # growth with no word of which way: a percentage near "economy" that is a poll, a share
            return prev.negative  # "grew 3 pct last year and 2.7 pct in 1985": the same verb's
    return False


def _variant(num: _Number, inst: Instrument, cue_start: int, last: bool, continues: bool, prev: _Figure | None) -> str:
    """The instrument's name, or the variant a cue near the number makes it ("GDP growth forecast")."""
    lex, masked, start, end, next_start = num.doc.lex, num.doc.masked, num.start, num.end, num.next_start
    name = inst.name
    for cue, variant in inst.variants:
        if (cue_res := lex.cues.get(cue)) is None:
            continue
        before_rx, after_rx = cue_res
        # A cue after the number is the next number's if nearer to it: "a gain of 259,000, compared with an
        # earlier estimate of 240,000" is an actual gain.
        if before_rx.search(masked, cue_start, start) or (
            after_rx is not None
            and (cue_after := after_rx.search(masked, end, next_start)) is not None
            and (last or cue_after.start() - end < next_start - cue_after.end())
        ):
            name = variant
            break
    if (
        name == inst.name
        and prev is not None
        and prev.inst == inst.name
        and (continues or lex.variant_continuation.fullmatch(masked, prev.end, num.hi))
    ):
        # no cue of its own: "forecast ... growth at between 0.5 and 1.5 pct", "will grow three pct this
        # year and 2.7 pct in 1988": the far end, the next year
        return prev.name
    return name


@functools.lru_cache(maxsize=64)
def _in_year(src: str, year: int) -> re.Pattern[str]:
    """The lexicon's ytd_in_year for one year ("surged 19.13 pct in 1987" in 1987)."""
    return _rx(src.replace("{year}", str(year)))


def _word_after(lex: Lexicon, masked: str, end: int, s_end: int) -> re.Match[str] | None:
    """A direction word right after a number's end, perhaps one word between ("1.82% higher", "a 0.4% monthly
    gain")."""
    return lex.direction_after_re.match(masked[end : min(s_end, end + 40)].lower())


def _last_direction(lex: Lexicon, low: str) -> str | None:
    """The last direction word in `low`; "" when "to" ends what follows it (the number is where it went:
    "fell to 1.2%", "slide down a little to around 6.9 pct")."""
    last = None
    for m in lex.direction_re.finditer(low):
        last = m
    if last is None:
        return None
    tail = low[last.end() :].rstrip()
    return "" if tail.endswith(" to") else last.group()


def _not_figure(m: re.Match[str], doc: _Dated, li: int) -> bool:
    """Years, dates, times, spans and counts of things (a bare number only)."""
    digits = m.group("num")
    start = m.start("num")
    end = start + len(digits)
    if _is_year(digits):
        return True
    return bool(doc.before(doc.lex.not_before, li, 0, start) or doc.lex.not_after.match(doc.masked, end))
