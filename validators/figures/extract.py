"""Figures of an article: each number its prose quotes, read with its instrument, kind, sign, place and date."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from validators.figures.classify import _Figure, _kind, _negative, _not_figure, _Number, _qualifiers, _variant
from validators.figures.dating import _as_of, _Dated
from validators.figures.lexicon import Instrument, Lexicon, load_lexicon
from validators.figures.numbers import WINDOW, _is_year, _shared_pct, _sign_at, _stands_alone, _tokens, _value
from validators.figures.prose import _sentence_text
from validators.figures.subject import _fill, _Mention, _MentionWalk, _phrasing_owner
from validators.reading import RawArticle


class _Doc(_Dated):
    """One article as the extractor reads it: its prose, what it names and the days it dates, found per line."""


def extract_figures(
    raw: RawArticle, published: pd.Timestamp | None, lexicon: Lexicon | None = None
) -> list[dict[str, Any]]:
    """Figure rows of one article, from its title, summary and body."""
    lex = lexicon if lexicon is not None else load_lexicon()
    if published is not None and pd.isna(published):
        published = None
    elif published is not None and published.tzinfo is None:
        published = published.tz_localize("UTC")
    doc = _Doc(raw, lex, None if published is None else published.year)
    by_line = _tokens_by_line(doc)
    published_ns = None if published is None else int(published.value)
    rows: list[dict[str, Any]] = []
    for li, tokens in by_line.items():
        # Sentences are in order and do not overlap, so one walk splits the line's numbers among them.
        k, n = 0, len(tokens)
        for si, (s_start, s_end) in enumerate(doc.sentences(li)):
            while k < n and tokens[k].start() < s_start:
                k += 1
            first = k
            while k < n and tokens[k].start() < s_end:
                k += 1
            if k > first:
                rows += _Sentence(doc, raw, li, si, tokens[first:k], published_ns).figures()
    return rows


def _tokens_by_line(doc: _Doc) -> dict[int, list[re.Match[str]]]:
    """The number tokens of the article that stand alone, grouped by line, in order."""
    masked = doc.masked
    # One scan of the whole text (a number never spans lines), then the numbers grouped by line.
    by_line: dict[int, list[re.Match[str]]] = {}
    starts, li = doc.starts, 0
    for m in _tokens(masked, doc.lex.word_number_res):
        i = m.start()
        if _stands_alone(masked, i):
            while starts[li + 1] <= i:  # numbers come in order: their line only moves on
                li += 1
            by_line.setdefault(li, []).append(m)
    return by_line


class _Sentence:
    """The number tokens of one sentence, read in order: each figure is read knowing the ones before it."""

    def __init__(
        self, doc: _Doc, raw: RawArticle, li: int, si: int, tokens: list[re.Match[str]], published_ns: int | None
    ) -> None:
        self.doc = doc
        self.raw = raw
        self.li = li
        self.tokens = tokens
        self.published_ns = published_ns
        self.s_start, self.s_end = doc.sentences(li)[si]
        self.walk = _MentionWalk(doc, li, si, self.s_start, self.s_end, tokens)
        self.text: str | None = None  # the sentence as the rows quote it, once one does
        self.prev: _Figure | None = None
        self.prev_end = self.s_start
        self.ytd_taken = (
            self.s_start
        )  # end of a "year to date" that followed an earlier figure: that one's, not the next's
        self.cue_from = self.s_start  # a cue before a number is searched back to the number before it, past years

    def figures(self) -> list[dict[str, Any]]:
        """The figure rows of the sentence, in order."""
        rows: list[dict[str, Any]] = []
        for k, m in enumerate(self.tokens):
            row = self._figure(k, m)
            if row is not None:
                rows.append(row)
        return rows

    def _figure(self, k: int, m: re.Match[str]) -> dict[str, Any] | None:
        """The row of token `k` as a figure, or None when it is no figure."""
        doc, prev = self.doc, self.prev
        lex, masked = doc.lex, doc.masked
        cue_start = self.cue_from
        num, run_on = self._number(k, m)
        # Phrasings (FX quotes, "$4.9 trillion economy") claim their numbers before the generic reading.
        inst = _phrasing_owner(lex, masked, num.form, num.start, num.end, self.s_start, self.s_end)
        mention: _Mention | None = None
        if inst is None:
            mention = None if run_on else self._mention(k, num)
            if mention is None:
                return None
            inst = mention.inst
        quals = _qualifiers(num)
        if quals is None:
            return None
        respective = self.walk.respective
        continues = (
            prev is not None
            and (prev.inst == inst.name or (k in respective and k - 1 in respective))
            and bool(lex.continuation.fullmatch(masked, prev.end, num.hi))  # "fell 280 points, over 2%"
        )
        sign = _sign_at(masked, num.start - 1)
        kind, self.ytd_taken = _kind(num, inst, mention, quals, continues, prev, self.ytd_taken, sign)
        if not kind:
            return None
        negative = _negative(num, inst, kind, sign, continues, prev)
        if negative is None:
            return None
        value = _value(m, lex.number_words, negative)
        name = _variant(num, inst, cue_start, k + 1 == len(self.tokens), continues, prev)
        filled = (
            _fill(doc, name, mention, self.walk.in_sentence, num.start, self.s_start, self.s_end)
            if "{" in name
            else name
        )
        if filled is None:
            return None
        self.prev = _Figure(num.full_end, inst.name, kind, negative, name)
        return self._row(num, inst, kind, value, filled, quals)

    def _number(self, k: int, m: re.Match[str]) -> tuple[_Number, bool]:
        """Token `k` as a number in this sentence, and whether it runs on into a word ("30-stock", "1st")."""
        tokens = self.tokens
        start, end = m.span("num")
        full_end = m.end()  # with "points"
        next_start = tokens[k + 1].start() if k + 1 < len(tokens) else self.s_end
        pct, x, cur, pts, run_on = m.group("pct", "x", "cur", "pts", "run_on")
        if not (pct or x or cur or pts or run_on):
            pct = _shared_pct(self.doc.masked, tokens, k, next_start)
        form = "pct" if pct else "x" if x else "usd" if cur else "points" if pts else "plain"
        lo = max(self.prev_end, start - WINDOW)
        self.prev_end = full_end
        if form != "plain" or not _is_year(m.group("n")):
            self.cue_from = full_end  # "will be the fastest-growing economy in 2021, expanding by 7.6%": not a year
        sentence = (self.s_start, self.s_end, next_start)
        return _Number(self.doc, self.li, m, (start, end, full_end), form, pts, lo, sentence), run_on is not None

    def _mention(self, k: int, num: _Number) -> _Mention | None:
        """The mention number `k` is about, or None when it is inside a name, no figure, or nobody's."""
        doc, walk, form = self.doc, self.walk, num.form
        if walk.inside_name(num.start) or (
            _not_figure(num.m, doc, self.li)
            if form in ("plain", "points")
            # "rising 91.7% of the time", "1% moves"; a poll's "margin of 49%" is qualifier_before's
            else form == "pct" and doc.lex.not_after_pct.match(doc.masked, num.end) is not None
        ):
            return None
        mention = walk.mention_for(k, form, num.start, num.end, num.full_end)
        if mention is None or walk.disowned(mention, k, num.start, num.lo):
            return None
        return mention

    def _row(
        self, num: _Number, inst: Instrument, kind: str, value: float, instrument: str, quals: set[str]
    ) -> dict[str, Any]:
        """The figures-table row of a figure."""
        doc, raw, start = self.doc, self.raw, num.start
        if inst.anchored:
            as_of, basis = _as_of(doc, inst, kind, self.published_ns, self.li, start, self.s_start, self.s_end)
        else:
            as_of, basis = pd.NaT, "none"
        if self.text is None:
            self.text = _sentence_text(raw.text, self.s_start, self.s_end, raw.body_offset)
        return {
            "article_id": raw.article_id,
            "instrument": instrument,
            "kind": kind,
            "value": value,
            "unit": inst.units.get(num.form, num.form),
            "qualifier": ",".join(q for q in doc.lex.qualifiers if q in quals) if quals else None,
            "line": raw.line_of(start) if doc.unwrapped else self.li + 1,  # a joined paragraph is one li
            "char_start": start,
            "char_end": num.end,
            "sentence": self.text,
            "as_of": as_of,
            "as_of_basis": basis,
        }
