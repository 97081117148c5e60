"""Number tokens: numbers written in digits or as words, with their units, signs and scale words, and their values."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from validators.figures.patterns import _rx, _trie_regex

WINDOW: Final = 80  # characters before a number that its qualifiers, verbs and phrasings are looked for in
SCALES: Final = {
    "million": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "bln": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}

# One number as written (group "num"): optional $, digits with thousands commas (or the no-break and thin spaces
# of "38\u202f000"), then % (newswire's "pct"), x, or a scale word.
# It is matched only where a $ or digit is (see _numbers); what may not precede a number is checked in code.
# Its spaces are never a newline, so numbers found in the whole text are exactly those found line by line.
# After it, in the same match: "points" (group "pts", also "-point" of "a 508-point drop"), or an empty group
# "run_on" where a bare number would run on into a word or compound ("30-stock", "225-issue", "1st",
# "2026-02-12", "8+%").
NUMBER_RE: Final = re.compile(
    r"(?=[$\d])(?P<num>(?P<cur>\$[^\S\n]?)?(?P<n>\d{1,3}(?:(?:,\d{3})+|(?:[\u00a0\u202f\u2009]\d{3})+)(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:(?P<pct>[^\S\n]?%|[^\S\n]?per[^\S\n]?cent\b|[^\S\n]pct\b)|(?P<x>x)\b"
    r"|[^\S\n]?(?P<scale>billion|trillion|million|bn|tn|mn|bln|mln)\b)?)"
    r"(?:(?P<run_on>(?=[\w%+]|-(?!-|points?\b)|[.,]\d))|(?P<pts>\s+(?:points?|pts)\b|-points?\b))?",
    re.IGNORECASE,
)
NUMBER_STARTS: Final = "$0123456789"
GROUPING: Final = dict.fromkeys(map(ord, ",\u00a0\u202f\u2009"))  # thousands separators, dropped to read the value
# The units a number word is read before, as written in lower case, in capitals or capitalized.
WORD_UNIT_RES: Final = (
    re.compile(r"p(?:er[^\S\n]?cent|ct|oints|ts)\b"),
    re.compile(r"P(?:ER[^\S\n]?CENT|CT|OINTS|TS|er[^\S\n]?[Cc]ent|ct|oints|ts)\b"),
)
GLUED_BEFORE: Final = frozenset("_.,/$-£€")  # "Q2", "v1.5", "1/2", "$$", "x-3", "£7": not a number on its own
SIGNS: Final = "+\u2212"  # plus and the minus sign; a hyphen glued to a word or number is a range or a compound
SIGN_ROOM: Final = frozenset(" \t\n(")  # before a sign: "Nasdaq -3.88%", "(-289.60 points)", not "3-4%" or "2024-25"


def _sign_at(text: str, i: int) -> str:
    """The sign written at text[i] right before a number: "+", "-" (a hyphen or U+2212) or ""."""
    if i < 0:
        return ""
    ch = text[i]
    if ch == "-" and (i == 0 or text[i - 1] in SIGN_ROOM):
        return "-"
    return ch if ch in SIGNS else ""


# "returns of 348 and 286 per cent", "2 to 3%": a bare number shares the percent sign of the next one.
SHARED_UNIT_RE: Final = re.compile(r"[^\S\n]+(?:and|or|to)[^\S\n]+")
WordNumberRes = tuple[re.Pattern[str], re.Pattern[str]]  # see _word_number_res


def _stands_alone(text: str, i: int) -> bool:
    """Whether the number token at text[i] is a number on its own: not glued to a word or symbol before it."""
    return i == 0 or not (text[i - 1].isalnum() or text[i - 1] in GLUED_BEFORE) or bool(_sign_at(text, i - 1))


def _numbers(text: str) -> list[re.Match[str]]:
    """What NUMBER_RE.finditer(text) gives, in order; str.find looks for candidates far faster than a regex scan."""
    starts = []
    for ch in NUMBER_STARTS:
        i = text.find(ch)
        while i != -1:
            starts.append(i)
            i = text.find(ch, i + 1)
    starts.sort()
    out: list[re.Match[str]] = []
    pos = 0
    for i in starts:
        if i >= pos and (m := NUMBER_RE.match(text, i)) is not None:
            out.append(m)
            pos = m.end()
    return out


def _word_number_res(words: Iterable[str]) -> WordNumberRes:
    """For number words right before a percentage or points ("grew three pct", "fell two points"): one regex for
    the end of the text before a unit, one matched at the word with the groups NUMBER_RE has (those a word
    cannot have never match), so that both read alike. Not before "point": "at one point" is an idiom."""
    alternatives = _trie_regex(words)
    tail = _rx(rf"(?<!\w){alternatives}[^\S\n]+$")
    word = _rx(
        rf"(?P<num>(?P<cur>(?!))?(?P<n>{alternatives})(?P<x>(?!))?(?P<scale>(?!))?"
        r"(?P<pct>[^\S\n]per[^\S\n]?cent\b|[^\S\n]pct\b)?)(?P<run_on>(?!))?(?P<pts>\s+(?:points|pts)\b)?"
    )
    return tail, word


def _tokens(text: str, word_number_res: WordNumberRes | None) -> list[re.Match[str]]:
    """The numbers of `text` in order: in digits, and in words before a unit when the lexicon lists number
    words (newswire spells out those under ten: "the economy grew three pct")."""
    tokens = _numbers(text)
    if word_number_res is None:
        return tokens
    tail, word = word_number_res
    words = []
    # The units are found first, by regexes led by a literal "p" or "P" (a scan for the words themselves costs
    # several times the rest of the extraction); then the word before each.
    for unit_re in WORD_UNIT_RES:
        for unit in unit_re.finditer(text):
            u = unit.start()
            if (t := tail.search(text, max(0, u - 16), u)) is not None:
                m = word.match(text, t.start())
                if m is not None and (m.group("pct") or m.group("pts")):
                    words.append(m)
    return sorted(tokens + words, key=lambda m: m.start()) if words else tokens


def _is_year(digits: str) -> bool:
    return digits.isdigit() and len(digits) == 4 and 1800 <= int(digits) <= 2100


def _shared_pct(text: str, tokens: list[re.Match[str]], k: int, next_start: int) -> str | None:
    """The percent sign bare number `k` (no unit, no run-on) shares with the next one ("2 to 3%"), if it does."""
    m = tokens[k]
    if (
        k + 1 < len(tokens)
        and tokens[k + 1].group("pct")
        and m.group("n").replace(".", "", 1).isdigit()  # no thousands separator: not "1,000 and 2.5%"
        and not _is_year(m.group("n"))  # "rose 3.8% in 2025 and 3.7% in 2024": the year takes no unit
        and SHARED_UNIT_RE.fullmatch(text, m.end(), next_start)
    ):
        return tokens[k + 1].group("pct")
    return None


def _value(m: re.Match[str], number_words: dict[str, float], negative: bool) -> float:
    """The value of a number token: its digits or word, times its scale word, with its sign."""
    digits, scale = m.group("n", "scale")
    if digits[0].isdigit():  # (most are ASCII: a replace is cheaper than a translate)
        value = float(digits.replace(",", "") if digits.isascii() else digits.translate(GROUPING))
    else:
        value = number_words[digits.lower()]
    if scale:
        value *= SCALES[scale.lower()]
    return -value if negative else value
