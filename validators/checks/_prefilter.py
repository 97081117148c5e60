"""Many regexes over one text: one Aho-Corasick pass finds which of them can match, and only those are searched.

What a regex needs is worked out from the regex itself (validators.figures' parse of it, as the lexicon's hints
are): sets of strings such that every match holds one string of each set, casefolded. A regex is searched in a
text only when the text, folded the same way, holds one string of each of its sets, so an edited reference file
never loses a match to a stale list; a regex with no such set is always searched. The cost of a text is one pass
over it however many regexes there are: tests/test_prefilter.py checks facts.yaml ×100 finds what searching
every pattern finds, bench/bench_facts.py measures what it costs (×1.5 of ×1 on Gothamist).
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Sequence
from typing import Any

import ahocorasick_rs

from validators.figures import _fold
from validators.figures.patterns import COMMON_WORDS, MAX_HINTS, _needs, _parsed, _scanning

MAXREPEAT: int = importlib.import_module("re._constants").MAXREPEAT  # the parser's width of "unbounded"
# A needed string shorter than this (" ", "19") is in nearly every text: looking for it costs more than it spares.
MIN_NEED = 3
# A regex's key strings (RegexSet) are at least this rare (rarity()), or it is searched in every text.
MIN_KEY = 3
PUNCTUATION_BONUS = 10
Needs = tuple[frozenset[str], ...]


def needs(rx: re.Pattern[str], shortest: int = MIN_NEED) -> Needs | None:
    """Sets of strings, one of each in the folded text wherever `rx` matches; None when no set is worth a look.

    shortest: the fewest characters (spaces aside) of a string worth looking for.
    """
    try:
        found = _needs(_parsed(rx))
    except (ImportError, re.error, TypeError, IndexError, ValueError):
        return None

    def worth(need: frozenset[str]) -> bool:
        return 0 < len(need) <= MAX_HINTS and all(
            len(s.strip()) >= shortest and s.strip() not in COMMON_WORDS for s in need
        )

    # A string holding another of its set adds nothing: the shorter is found wherever the longer is.
    kept = {frozenset(s for s in need if not any(t != s and t in s for t in need)) for need in found if worth(need)}
    return tuple(sorted(kept, key=sorted)) or None


def width(rx: re.Pattern[str]) -> tuple[int, int]:
    """The fewest and most characters a match of `rx` can span (the most: sys.maxsize when unbounded)."""
    try:
        lo, hi = _parsed_width(rx)
    except (ImportError, re.error, TypeError, IndexError, ValueError, OverflowError):
        return 0, sys.maxsize
    return lo, (sys.maxsize if hi >= MAXREPEAT else hi)


def _parsed_width(rx: re.Pattern[str]) -> tuple[int, int]:
    parser: Any = importlib.import_module("re._parser")
    lo, hi = parser.parse(rx.pattern, rx.flags).getwidth()
    return int(lo), int(hi)


def rarity(need: frozenset[str]) -> tuple[int, int]:
    """How seldom prose holds one string of `need`: its shortest string's length (punctuation counts as rarer
    than letters: "](" is seldom in prose, "ad" often), fewer strings first."""

    def score(string: str) -> int:
        text = string.strip()
        return len(text) + (PUNCTUATION_BONUS if not any(c.isalnum() for c in text) else 0)

    return min(map(score, need)), -len(need)


class RegexSet:
    """Regexes searched in one text: `candidates` names, in their order, those that can match in it.

    One set of each regex's needs, the rarest, is looked for in one Aho-Corasick pass; the regexes one of whose
    key strings the text holds are then checked for their other needs (plain substring tests) too.
    """

    def __init__(self, patterns: Sequence[re.Pattern[str]], shortest: int = MIN_NEED) -> None:
        self.patterns = tuple(patterns)
        # Each regex as it is searched: led by a lookahead for its first characters (same matches, fewer tries).
        self.scanning = tuple(_scanning(rx) for rx in self.patterns)
        self.needs = tuple(needs(rx, shortest) for rx in self.patterns)
        keys = [max(need, key=rarity) if need else None for need in self.needs]
        # A key this common ("ad") finds nearly every text: the regex is searched in every one instead.
        keys = [key if key is not None and rarity(key)[0] >= MIN_KEY else None for key in keys]
        self.always = frozenset(i for i, key in enumerate(keys) if key is None)
        self._others = tuple(
            tuple(need for need in needs or () if need != key) for needs, key in zip(self.needs, keys, strict=True)
        )
        by_string: dict[str, set[int]] = {}
        for i, key in enumerate(keys):
            for string in key or ():
                by_string.setdefault(string, set()).add(i)
        strings = sorted(by_string)
        self._touches = tuple(frozenset(by_string[string]) for string in strings)  # per key string, its regexes
        self._automaton = ahocorasick_rs.AhoCorasick(strings) if strings else None

    def candidates(self, folded: str) -> list[int]:
        """Positions (ascending) of the regexes that can match in the text whose `fold` is `folded`."""
        if self._automaton is None:
            return sorted(self.always)
        # Overlapping: every key string the text holds, also one inside or across another found.
        present = {k for k, _, _ in self._automaton.find_matches_as_indexes(folded, overlapping=True)}
        touched = frozenset().union(*(self._touches[k] for k in present))
        return sorted(
            self.always.union(i for i in touched if all(any(s in folded for s in need) for need in self._others[i]))
        )


def fold(text: str) -> str:
    """`text` as the needed strings are written (casefolded, case-blind regexes' letters made ASCII)."""
    return _fold(text)
