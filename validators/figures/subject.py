"""Subject attribution: the instruments an article names, and which of them each number in a sentence is about."""

from __future__ import annotations

import bisect
import re
from typing import Final, NamedTuple

from validators.figures.lexicon import INDEX_CLASSES, OTHER_INDEX, Instrument, Lexicon
from validators.figures.numbers import WINDOW
from validators.figures.patterns import _norm
from validators.figures.prose import _Prose
from validators.reading import RawArticle

SUBJECT_REACH: Final = 1_000  # characters before a number that another subject is looked for in (see other_subject)
# "Return on equity (ROE) for the TOPIX index": the metric is about the index that follows.
TICKER_AFTER_RE: Final = re.compile(r"[^\S\n]?\(\^?[A-Z]{1,5}\)")  # "Dow Jones Industrial Average (DJI)", "(^HSI)"
BINDS_INDEX_RE: Final = re.compile(r"[\s)]*(?:for|of|at|on|in)\s+(?:the\s+)?", re.IGNORECASE)
Found = tuple[int, int, Instrument | str | None, bool]  # start, end, what it names, whether measured against


class _Mention(NamedTuple):
    start: int
    end: int
    inst: Instrument
    bound_index: str | None  # the index a metric is "for" ("ROE for the TOPIX index")
    compared: bool  # what something else is measured against ("has doubled the S&P 500")


class _Subjects(_Prose):
    """An article's prose with the instruments, indexes and countries each line names, found on demand."""

    def __init__(self, raw: RawArticle, lex: Lexicon) -> None:
        super().__init__(raw, lex)
        self.respectively = "respectively" in self.masked  # rare: sentences are searched for it only if it is here
        self._found: dict[int, list[Found]] = {}
        self._mentions: dict[int, list[_Mention]] = {}
        self._mention_starts: dict[int, list[int]] = {}
        self._countries: dict[int, list[tuple[int, str]]] = {}

    def other_subject(self, li: int, lo: int, hi: int) -> bool:
        """Whether [lo, hi) of line `li` names a subject other than a figure's (lexicon `other_subject(s)`).

        Only its last SUBJECT_REACH characters are read: a name that far back in one sentence is no longer the
        subject anyway, and a sentence of thousands of numbers is read in linear time."""
        lo = max(lo, hi - SUBJECT_REACH)
        if self.lex.other_subject.search(self.masked, lo, hi) is not None:
            return True
        low, ls = self.low(li), self.starts[li]
        if li in self._unlike:
            return self.lex.other_subjects[1].search(self.masked, lo, hi) is not None
        return self.lex.other_subjects[0].search(low, lo - ls, hi - ls) is not None

    def _phrases(self, rx: re.Pattern[str], li: int, lower: bool) -> list[tuple[int, int, str]]:
        """Trie-regex matches in line `li` that start on a word boundary."""
        out = []
        text = self.low(li) if lower else self.lines[li]
        ls, pos = self.starts[li], 0
        while (m := rx.search(text, pos)) is not None:
            s = m.start()
            if s > 0 and (text[s - 1].isalnum() or text[s - 1] == "_"):
                pos = s + 1  # began inside a word ("window" holds "dow"); look again just after
                continue
            out.append((ls + s, ls + m.end(), m.group()))
            pos = m.end()
        return out

    def found(self, li: int) -> list[Found]:
        """Alias matches in a line, anaphora not yet resolved, and whether each is measured against."""
        if li not in self._found:
            out: list[Found] = []
            # A space before the line, so that a mention starting it has a non-word character before it too.
            text = " " + self.low(li)
            ls, pos = self.starts[li] - 1, 0
            rx, mentions, cased = self.lex.mention_re, self.lex.mentions, self.lex.cased
            while (m := rx.search(text, pos)) is not None:
                b = m.start()
                if text[b].isalnum() or text[b] == "_":
                    pos = b + 1  # a non-ASCII letter: the mention would begin inside a word
                    continue
                s, e = m.span("m")
                key = _norm(m.group("m"))
                if key in cased and self.masked[ls + s : ls + e] != cased[key]:
                    key = ""  # "a nifty list": an ordinary word, not the index
                out.append((ls + s, ls + e, mentions.get(key), s > b + 1))  # s > b + 1: after a comparison word
                pos = e - 1  # a mention's last character may be the one before the next ("u.s.")
            self._found[li] = out
        return self._found[li]

    def index_before(self, pos: int) -> Instrument | None:
        """The last index named outright before `pos` (what "the index" refers to) in its paragraph, the one
        before or the title and summary; None if that is another one. A live blog's "the blue-chip index" is
        not the index named pages back."""
        here = self.line_index(pos)
        found = self._index_in(here, pos)
        if found is None and here > 0:
            j = self._last_line("index", here - 1, lambda li: self._index_in(li) is not None)
            if here >= self.body_line and j < self._paragraphs_from(here):
                j = self._last_line("index", self.body_line - 1, lambda li: self._index_in(li) is not None)
            found = self._index_in(j) if j >= 0 else None
        return found if found is not OTHER_INDEX else None

    def _index_in(self, li: int, pos: int | None = None) -> Instrument | None:
        """The last index (ours or another) named in line `li`, before `pos` if given."""
        for s, _, target, _ in reversed(self.found(li)):
            if (pos is None or s < pos) and isinstance(target, Instrument) and target.cls in INDEX_CLASSES:
                return target
        return None

    def mention_starts(self, li: int) -> list[int]:
        """Where each of mentions(li) starts, in order."""
        if li not in self._mention_starts:
            self._mention_starts[li] = [mn.start for mn in self.mentions(li)]
        return self._mention_starts[li]

    def mentions(self, li: int) -> list[_Mention]:
        if li in self._mentions:
            return self._mentions[li]
        out: list[_Mention] = []
        masked = self.masked
        for s, e, target, compared in self.found(li):
            if not isinstance(target, Instrument):
                if target != "anaphora":
                    continue
                # "the blue-chip index" after the FTSE 100, or with no index named: an index, not one of ours
                target = self.index_before(s) or OTHER_INDEX
            prev = out[-1] if out else None
            if prev is not None and prev.inst is target and not masked[prev.end : s].strip(" \t(),"):
                out[-1] = prev._replace(end=e)  # "return on equity (ROE)" is one mention
            elif (
                prev is not None
                and target.cls == "index"
                and "{index}" in prev.inst.name
                and prev.bound_index is None
                and BINDS_INDEX_RE.fullmatch(masked, prev.end, s)
            ):
                out[-1] = prev._replace(end=e, bound_index=target.name)
            else:
                out.append(_Mention(s, e, target, None, compared))
            e = out[-1].end
            if "(" in masked[e : e + 2] and (ticker := TICKER_AFTER_RE.match(masked, e)) is not None:
                out[-1] = out[-1]._replace(end=ticker.end())  # the ticker is part of the name
        self._mentions[li] = out
        return out

    def countries(self, li: int) -> list[tuple[int, str]]:
        if li not in self._countries:
            self._countries[li] = [
                (s, self.lex.countries.get(_norm(g), ""))
                # A newswire headline in capitals ("CANADA GDP RISES 3.1 PCT") is matched against the names in capitals.
                for s, _, g in self._phrases(
                    self.lex.country_caps_re if self.lines[li].isupper() else self.lex.country_re, li, lower=False
                )
            ]
        return self._countries[li]

    def country_near(self, pos: int, s_start: int, s_end: int) -> str | None:
        """The country named nearest `pos` in its sentence, else the last one named before."""
        li = self.line_index(pos)
        near = [(abs(p - pos), c) for p, c in self.countries(li) if s_start <= p < s_end]
        if near:
            return min(near)[1]
        earlier = [c for p, c in self.countries(li) if p < s_start]
        if earlier:
            return earlier[-1]
        j = self._last_line("country", li - 1, lambda lj: bool(self.countries(lj))) if li > 0 else -1
        return self.countries(j)[-1][1] if j >= 0 else None


def _phrasing_owner(
    lex: Lexicon, masked: str, form: str, start: int, end: int, s_start: int, s_end: int
) -> Instrument | None:
    """The instrument whose phrasing claims the number at [start, end) (FX quotes, "$4.9 trillion economy")."""
    phrasings = lex.phrasings_by_form[form]
    if phrasings.entries and (phrasings.any_after is None or phrasings.any_after.match(masked, end, s_end)):
        for before, after, owner in phrasings.entries:
            if after.match(masked, end, s_end) and (
                before is None or before.search(masked, max(s_start, start - WINDOW), start)
            ):
                return owner
    return None


class _MentionWalk:
    """The mentions of one sentence, walked through in step with its numbers: which one each number is about."""

    def __init__(self, doc: _Subjects, li: int, si: int, s_start: int, s_end: int, tokens: list[re.Match[str]]) -> None:
        self.doc = doc
        self.li = li
        self.si = si
        self.s_end = s_end
        self.line_mentions = line_mentions = doc.mentions(li)
        line_starts = doc.mention_starts(li)
        self.first = first = bisect.bisect_left(line_starts, s_start)
        self.in_sentence = line_mentions[first : bisect.bisect_left(line_starts, s_end, first)]
        # Mentions starting at or before the number in hand, and the furthest any of them reaches: numbers come in
        # order, so one walk through the sentence's mentions serves them all (a long sentence stays linear).
        self.upto = 0
        self.reach = -1
        self.respective = (
            _respectively(doc.masked, tokens, self.in_sentence, s_start, s_end) if doc.respectively else {}
        )

    def inside_name(self, start: int) -> bool:
        """Walk on to the number at `start`; whether it is inside a name ("500" of "S&P 500")."""
        in_sentence, upto, reach = self.in_sentence, self.upto, self.reach
        while upto < len(in_sentence) and in_sentence[upto].start <= start:
            reach = max(reach, in_sentence[upto].end)
            upto += 1
        self.upto, self.reach = upto, reach
        return reach > start

    def mention_for(self, k: int, form: str, start: int, end: int, full_end: int) -> _Mention | None:
        """The mention number `k` of the sentence, written as `form` at [start, end), is about, if any."""
        doc, s_end = self.doc, self.s_end
        # "a 1.5% rise in the S&P 500", "Monday's 57 point drop in the Dow Jones industrial average"
        follows = doc.lex.subject_after.match(doc.masked, full_end, s_end) if form in ("pct", "points") else None
        if k in self.respective:
            return self.respective[k]
        if follows is not None:
            # "a 1.5% rise in the S&P 500": the subject follows; "a 2.1% increase in BTC/USD": none of ours.
            # (Those up to the number end before it.)
            for i in range(self.upto, len(self.in_sentence)):
                mn = self.in_sentence[i]
                if mn.start <= follows.end() < mn.end:  # "in the S&P 500", "in the leading market indicator"
                    return mn
            return None
        if self.in_sentence:
            return self._named_near(form, start, end, full_end)
        if self.si > 0:
            # A sentence that names nothing ("It contracted 1.8%") continues the one before it.
            prev_start = doc.sentences(self.li)[self.si - 1][0]
            for i in range(self.first - 1, -1, -1):
                mn = self.line_mentions[i]
                if mn.start < prev_start:
                    break
                if form in mn.inst.forms:
                    return mn
        return None

    def _named_near(self, form: str, start: int, end: int, full_end: int) -> _Mention | None:
        """The mention nearest before the number that reads its form, else a metric right after it."""
        in_sentence = self.in_sentence
        for i in range(self.upto - 1, -1, -1):  # (those after it end after it)
            mn = in_sentence[i]
            if mn.end <= start and form in mn.inst.forms:
                return mn
        # A metric may follow its number ("15x forward earnings"); a market seldom does.
        for i in range(self.upto, len(in_sentence)):
            mn = in_sentence[i]
            # Right after it: "15x forward earnings", not "37% since 1990, while the economy".
            if mn.start >= end and not mn.inst.anchored and form in mn.inst.forms:
                if self.doc.masked[full_end : mn.start].strip():
                    return None
                return mn
        return None

    def disowned(self, mention: _Mention, k: int, start: int, lo: int) -> bool:
        """Whether the number at `start` is not `mention`'s after all: another subject or a clause stands between."""
        doc = self.doc
        masked, lex = doc.masked, doc.lex
        # An index we do not follow owns the numbers it is nearest ("while Bank Nifty gained 2%").
        return (
            mention.inst is OTHER_INDEX
            or (
                k not in self.respective
                # between the name and the number; for a name after it, back to the number before
                and doc.other_subject(self.li, mention.end if mention.end <= start else lo, start)
            )
            or (
                # "Capital spending, hit hard by the rise of the yen, will fall 5.6 pct": the name ends a clause
                mention.end <= start and lex.clause_after_mention.match(masked, mention.end, start) is not None
            )
            or (
                # "has more than doubled the S&P 500 with an average gain of 24%": the gain is the subject's
                mention.compared and mention.end <= start and masked[mention.end] not in ",'’"
            )
        )


def _respectively(
    masked: str, tokens: list[re.Match[str]], mentions: list[_Mention], s_start: int, s_end: int
) -> dict[int, _Mention]:
    """ "The S&P 500 and Nasdaq fell 0.9% and 1.5%, respectively": the numbers between the last name and the
    word go to as many names before them, in order (token index -> mention)."""
    r = masked.find("respectively", s_start, s_end)
    if r == -1:
        return {}
    names_end = max((mn.end for mn in mentions if mn.end <= r), default=r)
    nums = [k for k, t in enumerate(tokens) if names_end <= t.start() < r]
    names = [mn for mn in mentions if mn.end <= names_end]
    if len(nums) < 2 or len(names) < len(nums):
        return {}
    return dict(zip(nums, names[-len(nums) :], strict=True))


def _fill(
    doc: _Subjects, name: str, mention: _Mention | None, in_sentence: list[_Mention], pos: int, s_start: int, s_end: int
) -> str | None:
    """Put the index or country into a templated instrument name; None when the index is unknown."""
    if "{index}" in name:
        index = mention.bound_index if mention is not None else None
        if index is None:
            # The index named nearest before the number (also inside "ROE for the S&P 500"), else after it.
            named = [(mn.start, mn.inst.name if mn.inst.cls == "index" else mn.bound_index) for mn in in_sentence]
            before = [n for p, n in named if n is not None and p < pos]
            after = [n for p, n in named if n is not None and p > pos]
            index = before[-1] if before else after[0] if after else None
        if index is None:
            return None
        name = name.replace("{index}", index)
    if "{country}" in name:
        country = doc.country_near(pos, s_start, s_end)
        name = name.replace("{country}", country) if country else name.replace("{country} ", "")
    return name
