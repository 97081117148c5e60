"""Figures stage: every number an article quotes, with its instrument, kind, sign, place and date."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import importlib
import re
import warnings
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd
import yaml

from validators.context import EXPECTATIONS_DIR
from validators.reading import RawArticle, UsageError, read_reference, reference_entries, reference_value

LEXICON_PATH = EXPECTATIONS_DIR / "lexicon.yaml"
KINDS = ("level", "pct_change", "point_change", "ytd_pct", "threshold", "intraday", "fx_rate", "count", "ratio")
COLUMNS = (
    "article_id",
    "instrument",
    "kind",
    "value",
    "unit",
    "qualifier",
    "line",
    "char_start",
    "char_end",
    "sentence",
    "as_of",
    "as_of_basis",
)
UNDATED_BASES = ("none", "period")
ANCHOR_KINDS = ("session", "overnight", "published", "yesterday", "weekday")  # the lexicon's anchors: see _resolve
BASIS_PATTERN = r"^(?:none|period|published|yesterday|overnight-[a-z]+|weekday:[A-Z][a-z]+|session:[A-Z][a-z]+)$"
FORMS = ("pct", "x", "usd", "points", "plain")  # how a number is written; see _sentence_figures
SIGNED_KINDS = frozenset({"pct_change", "point_change", "ytd_pct"})
NO_FIGURE = "!"  # qualifier_before's label for a phrase that makes its number no figure ("margin of")
THRESHOLD_QUALIFIERS = frozenset({"nearly", "over", "first time"})  # a level so qualified is a threshold
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SCALES = {"million": 1e6, "mn": 1e6, "mln": 1e6, "billion": 1e9, "bn": 1e9, "bln": 1e9, "trillion": 1e12, "tn": 1e12}
WINDOW = 80  # characters before a number that its qualifiers, verbs and phrasings are looked for in
SUBJECT_REACH = 1_000  # characters before a number that another subject is looked for in (see other_subject)

# One number as written (group "num"): optional $, digits with thousands commas (or the no-break and thin spaces
# of "38\u202f000"), then % (newswire's "pct"), x, or a scale word.
# It is matched only where a $ or digit is (see _numbers); what may not precede a number is checked in code.
# Its spaces are never a newline, so numbers found in the whole text are exactly those found line by line.
# After it, in the same match: "points" (group "pts", also "-point" of "a 508-point drop"), or an empty group
# "run_on" where a bare number would run on into a word or compound ("30-stock", "225-issue", "1st",
# "2026-02-12", "8+%").
NUMBER_RE = re.compile(
    r"(?=[$\d])(?P<num>(?P<cur>\$[^\S\n]?)?(?P<n>\d{1,3}(?:(?:,\d{3})+|(?:[\u00a0\u202f\u2009]\d{3})+)(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:(?P<pct>[^\S\n]?%|[^\S\n]?per[^\S\n]?cent\b|[^\S\n]pct\b)|(?P<x>x)\b"
    r"|[^\S\n]?(?P<scale>billion|trillion|million|bn|tn|mn|bln|mln)\b)?)"
    r"(?:(?P<run_on>(?=[\w%+]|-(?!-|points?\b)|[.,]\d))|(?P<pts>\s+(?:points?|pts)\b|-points?\b))?",
    re.IGNORECASE,
)
NUMBER_STARTS = "$0123456789"
GROUPING = dict.fromkeys(map(ord, ",\u00a0\u202f\u2009"))  # thousands separators, dropped to read the value
# The units a number word is read before, as written in lower case, in capitals or capitalized.
WORD_UNIT_RES = (
    re.compile(r"p(?:er[^\S\n]?cent|ct|oints|ts)\b"),
    re.compile(r"P(?:ER[^\S\n]?CENT|CT|OINTS|TS|er[^\S\n]?[Cc]ent|ct|oints|ts)\b"),
)
GLUED_BEFORE = frozenset("_.,/$-£€")  # "Q2", "v1.5", "1/2", "$$", "x-3", "£7": not a number on its own
SIGNS = "+\u2212"  # plus and the minus sign; a hyphen glued to a word or number is a range or a compound
SIGN_ROOM = frozenset(" \t\n(")  # before a sign: "Nasdaq -3.88%", "(-289.60 points)", not "3-4%" or "2024-25"


def _sign_at(text: str, i: int) -> str:
    """The sign written at text[i] right before a number: "+", "-" (a hyphen or U+2212) or ""."""
    if i < 0:
        return ""
    ch = text[i]
    if ch == "-" and (i == 0 or text[i - 1] in SIGN_ROOM):
        return "-"
    return ch if ch in SIGNS else ""


# Images, link targets, bare URLs and tags are not prose: blanked so their digits never count. Each regex
# starts with a literal, which the regex engine finds fast; images go first, as they hold a link target.
MARKUP_RES = tuple(
    re.compile(p) for p in (r"!\[[^\]\n]*\]\([^)\n]*\)", r"\]\([^)\s]*\)", r"https?://[^\s)>\]]+", r"<[^>\n]{1,200}>")
)
NOT_NEWLINE_RE = re.compile(r"[^\n]")
KEY_SEPARATOR_RE = re.compile(r"[:=]")
# A fenced code block (CommonMark: ``` or ~~~, up to three spaces in, to the same fence or the end of the text)
# is code, not prose.
FENCED_CODE_RE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})[^\n]*\n(?s:.*?)(?:^[ \t]{0,3}\1[`~]*[ \t]*$|\Z)", re.MULTILINE)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec")  # abbreviated
# A sentence ends at . ! or ? (closing quotes and brackets kept), then space, then what may begin a sentence.
# A full stop after an abbreviation ("Mr.", "Jan.", "U.S.", "e.g.") ends none: each such stop is ruled out by
# a lookbehind, one per length (a lookbehind is fixed-width), so one regex pass splits a line.
ABBREVIATIONS = ("Mr", "Mrs", "Ms", "Dr", "St", "Inc", "Corp", "Co", "Ltd", "No", "vs", "e.g", "i.e") + MONTHS
_NOT_AFTER = "".join(
    rf"(?<!\b(?:{'|'.join(re.escape(a) for a in ABBREVIATIONS if len(a) == n)})\.)"
    for n in sorted({len(a) for a in ABBREVIATIONS})
)
# Quotes may be HTML entities in Markdown converted from HTML ('.&quot;  General Motors fell').
_SENTENCE_END = (
    r"(?<!\b[A-Z]\.)"
    + _NOT_AFTER
    + r"(?:[\"'”’)\]]|&quot;|&#x201[dD9];|&[rl]dquo;|&rsquo;)*\s+"  # closing quotes and brackets
    + r"(?=(?:[\"'“‘(\[]|&quot;|&#x201[cC8];|&ldquo;|&lsquo;)?[A-Z0-9$])"  # what may begin a sentence
)
SENTENCE_END_RE = re.compile(r"(?:[!?]|\.)" + _SENTENCE_END)
SENTENCE_STOP_RE = re.compile(r"\." + _SENTENCE_END)  # led by a literal, which the regex engine finds fast
# "Return on equity (ROE) for the TOPIX index": the metric is about the index that follows.
TICKER_AFTER_RE = re.compile(r"[^\S\n]?\(\^?[A-Z]{1,5}\)")  # "Dow Jones Industrial Average (DJI)", "(^HSI)"
BINDS_INDEX_RE = re.compile(r"[\s)]*(?:for|of|at|on|in)\s+(?:the\s+)?", re.IGNORECASE)
# "returns of 348 and 286 per cent", "2 to 3%": a bare number shares the percent sign of the next one.
SHARED_UNIT_RE = re.compile(r"[^\S\n]+(?:and|or|to)[^\S\n]+")
APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})
SPACES_RE = re.compile(r"\s+")
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class Instrument:
    """One lexicon entry: what a figure is about and how its numbers read."""

    name: str
    cls: str
    tz: str | None
    mic: str | None
    anchored: bool
    signed: bool  # every kind takes its sign from a direction word, as moves do ("payrolls fell by 54,000")
    directed: bool  # a percentage is a move only with a word of which way ("grew 2%"; not "2% of debt")
    forms: dict[str, str]
    units: dict[str, str]
    kinds: frozenset[str]
    variants: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Lexicon:
    """The compiled lexicon: instruments, phrasings and cues, regexes built once."""

    instruments: tuple[Instrument, ...]
    mention_re: re.Pattern[str]  # on lowercased text: a non-word character, then a mention (group "m")
    mentions: dict[str, Instrument | str]  # normalized alias -> instrument (OTHER_INDEX too), "anaphora" or "not"
    cased: dict[str, str]  # normalized alias -> the only way it is written when it names an instrument
    number_words: dict[str, float]  # lowercased word -> its value ("three" -> 3)
    word_number_res: tuple[re.Pattern[str], re.Pattern[str]] | None  # see _word_number_res
    phrasings: tuple[Phrasing, ...]
    phrasings_by_form: dict[str, Phrasings]  # a number's form -> the phrasings whose owner reads that form
    country_re: re.Pattern[str]
    country_caps_re: re.Pattern[str]  # the same names in capitals, for a line written in capitals
    countries: dict[str, str]
    cues: dict[str, tuple[re.Pattern[str], re.Pattern[str] | None]]  # cue -> (regex before the number, after it)
    direction_re: re.Pattern[str]  # on lowercased text, like the two below
    direction_end: Before
    direction_after_re: re.Pattern[str]
    down_words: frozenset[str]
    qualifiers: tuple[str, ...]  # names, in output order
    qualifier_before: Before  # labels are qualifier names, "" for phrases that qualify nothing
    qualifier_after: tuple[tuple[str, re.Pattern[str]], ...]
    threshold_before: Before
    threshold_after: re.Pattern[str]
    continuation: re.Pattern[str]
    variant_continuation: re.Pattern[str]
    other_subject: re.Pattern[str]  # the lexicon's regex
    other_subjects: tuple[re.Pattern[str], re.Pattern[str]]  # its phrases: on lowercased text, and case-blind
    clause_after_mention: re.Pattern[str]
    subject_after: re.Pattern[str]
    intraday_level_before: re.Pattern[str]
    ytd: re.Pattern[str]
    ytd_in_year: str  # regex source; {year} is the published year
    ytd_versus: re.Pattern[str]
    period: re.Pattern[str]
    period_hints: tuple[str, ...] | None  # one of these is in any text `period` matches in
    period_ahead: re.Pattern[str]  # a stretch that speaks of the figures after it only ("a two-day drop")
    period_ahead_hints: tuple[str, ...] | None
    aside: re.Pattern[str]  # a clause set off inside a sentence
    not_period: re.Pattern[str]  # a `period` match inside one of these names no stretch ("worst day since 2015")
    not_period_hints: tuple[str, ...] | None
    not_before: Before
    not_after: re.Pattern[str]
    not_after_pct: re.Pattern[str]
    anchors: tuple[tuple[str, re.Pattern[str], tuple[str, ...], bool], ...]  # kind, regex, hints, clause-scoped
    clause_break: re.Pattern[str]  # where a clause-scoped anchor's clause ends
    no_carry_after: re.Pattern[str]  # an anchor after this in its sentence dates only its clause
    no_carry_after_hints: tuple[str, ...] | None
    overnight_basis: str
    overnight_mic: str
    overnight_tz: str


Phrasing = tuple[re.Pattern[str] | None, re.Pattern[str], Instrument]  # before, after, owner

# Every index of the lexicon's other_indices: named like an instrument, so the nearest name before a number
# (or "the index") can be one, but its numbers are no figures. It reads any form and is never a metric
# that follows its number (anchored).
OTHER_INDEX = Instrument(
    name="",
    cls="other",
    tz=None,
    mic=None,
    anchored=True,
    signed=False,
    directed=False,
    forms=dict.fromkeys(FORMS, "level"),
    units={},
    kinds=frozenset(),
    variants=(),
)
INDEX_CLASSES = ("index", OTHER_INDEX.cls)  # what "the index" may refer to


class Phrasings(NamedTuple):
    """The phrasings one form of number may have, in lexicon order, and a cheap first test for all of them."""

    entries: tuple[Phrasing, ...]
    any_after: re.Pattern[str] | None  # matches where any entry's `after` does; None: test each entry


class Before:
    """Plain phrases that end right where a number starts ("nearly", "record high of"), matched backwards."""

    def __init__(self, labels: dict[str, str], by: bool = False) -> None:
        # Reversed, so a phrase ending at the number is a match at the start: cost is the phrase, not the window.
        # by: a "by" or "between" may come between too ("plummeted by 611 points", "climbing up between 300
        # and 400 points").
        self.labels = {_norm(p)[::-1]: label for p, label in labels.items()}
        between = r"[\s,]*(?:(?:eht|na|a)\s+)?" + (r"(?:(?:yb|neewteb)\s+)?" if by else "")
        self.rx = re.compile(between + "(?P<p>" + _trie_regex(self.labels) + ")") if labels else None
        self._found: dict[str, str] = {}  # matched text -> label, so each spelling is normalized once

    def find(self, text: str, lo: int, hi: int) -> tuple[str, int] | None:
        """(label, start) of the longest phrase in text[lo:hi] that ends at `hi`, a "the"/"a" allowed between."""
        if self.rx is None:
            return None
        window = text[max(lo, hi - 48) : hi]
        low = window.lower()
        m = self.rx.match((low if len(low) == len(window) else window)[::-1])
        return None if m is None else (self._label(m.group("p")), hi - m.end())

    def _label(self, found: str) -> str:
        label = self._found.get(found)
        if label is None:
            label = self._found[found] = self.labels[SPACES_RE.sub(" ", found.translate(APOSTROPHES))]
        return label


class _Mention(NamedTuple):
    start: int
    end: int
    inst: Instrument
    bound_index: str | None  # the index a metric is "for" ("ROE for the TOPIX index")
    compared: bool  # what something else is measured against ("has doubled the S&P 500")


class _Figure(NamedTuple):
    end: int  # end of the number and a following "points"
    inst: str
    kind: str
    negative: bool
    name: str  # the instrument's name or the variant it took ("GDP growth forecast")


@functools.lru_cache(maxsize=8192)
def _norm(phrase: str) -> str:
    return SPACES_RE.sub(" ", phrase.translate(APOSTROPHES).replace("&amp;", "&").strip().lower())


def _trie_regex(phrases: Iterable[str], html: bool = False) -> str:
    """One regex for many plain phrases, shared prefixes merged (fast to match); longer phrases win.

    html: an ampersand also matches "&amp;", as Markdown converted from HTML writes "S&amp;P 500".
    """
    atoms = {"'": "['’]", " ": r"\s+"} | ({"&": "&(?:amp;)?"} if html else {})
    root: dict[str, Any] = {}
    for phrase in phrases:
        node = root
        for ch in SPACES_RE.sub(" ", phrase.translate(APOSTROPHES).strip()):
            node = node.setdefault(atoms.get(ch) or re.escape(ch), {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        kids = [atom + emit(child) for atom, child in sorted(node.items()) if atom]
        if not kids:
            return ""
        body = kids[0] if len(kids) == 1 else "(?:" + "|".join(kids) + ")"
        return f"(?:{body})?" if "" in node else body

    # A phrase ending in punctuation ("Nasdaq:" of ticker notation) needs no word boundary after it.
    return "(?:" + emit(root) + r")(?:(?<=\W)|(?!\w))"


def _rx(src: str) -> re.Pattern[str]:
    return re.compile(src, re.IGNORECASE)


# Character classes of the parse tree, as regex source.
CATEGORIES = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
}


class _Unclear(Exception):
    """A regex construct whose first character _first_chars does not work out."""


def _first_chars(items: Any, ignorecase: bool) -> tuple[set[str], bool]:
    """Class items for every character a match of the parsed `items` can begin with, and whether it can be empty."""
    chars: set[str] = set()
    for op, av in items:
        name = str(op)
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue  # zero-width: the first character is the next item's
        if name == "LITERAL":
            return chars | {re.escape(chr(av))}, False
        if name == "IN":
            if any(str(o) == "NEGATE" for o, _ in av):
                raise _Unclear
            for o, a in av:
                kind = str(o)
                if kind == "LITERAL":
                    chars.add(re.escape(chr(a)))
                elif kind == "RANGE":
                    chars.add(f"{re.escape(chr(a[0]))}-{re.escape(chr(a[1]))}")
                elif kind == "CATEGORY" and str(a) in CATEGORIES:
                    chars.add(CATEGORIES[str(a)])
                else:
                    raise _Unclear
            return chars, False
        if name == "BRANCH":
            empty = False
            for alt in av[1]:
                first, alt_empty = _first_chars(alt, ignorecase)
                chars |= first
                empty = empty or alt_empty
        elif name == "SUBPATTERN":
            if av[1] & re.IGNORECASE and not ignorecase:
                raise _Unclear  # "(?i:...)" would match more than the class it gives
            first, empty = _first_chars(av[3], ignorecase)
            chars |= first
        elif name == "ATOMIC_GROUP":
            first, empty = _first_chars(av, ignorecase)
            chars |= first
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            first, empty = _first_chars(av[2], ignorecase)
            chars |= first
            empty = empty or av[0] == 0
        else:
            raise _Unclear
        if not empty:
            return chars, False
    return chars, True


MAX_HINTS = 24  # more strings to look for than this cost more than the regex they would spare
# Words so common that a regex needing one of them is searched for anyway.
COMMON_WORDS = frozenset(("a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "over", "per", "the", "to"))


def _needs(items: Any) -> list[frozenset[str]]:
    """Sets of strings (casefolded) such that every match of the parsed `items` holds one string of each set."""
    needs: list[frozenset[str]] = []
    run = ""
    for op, av in items:
        name = str(op)
        if name == "LITERAL" and chr(av).isascii():
            run += chr(av).casefold()
            continue
        if name == "AT":
            continue  # zero-width ("\\b"): the text on either side of it is one run
        words = [_literal(alt) for alt in av[1]] if name == "BRANCH" and run else []
        if words and all(w is not None for w in words):
            needs.append(frozenset(run + str(w) for w in words))  # "-(?:day|week)": "-day" or "-week"
            run = ""
            continue
        if run:
            needs.append(frozenset([run]))
            run = ""
        if name == "BRANCH":
            alternatives = [_best_need(_needs(alt)) for alt in av[1]]
            if all(alternatives):
                needs.append(frozenset().union(*alternatives))
        elif name == "SUBPATTERN":
            needs += _needs(av[3])
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and av[0] >= 1:
            needs += _needs(av[2])
        # anything else (a class, a lookaround) holds no text that is surely in the match
    if run:
        needs.append(frozenset([run]))
    return needs


def _literal(items: Any) -> str | None:
    """The text (casefolded) every match of the parsed `items` is, if they are plain ASCII letters only; else None."""
    out = ""
    for op, av in items:
        if str(op) != "LITERAL" or not chr(av).isascii():
            return None
        out += chr(av).casefold()
    return out


def _best_need(needs: list[frozenset[str]]) -> frozenset[str]:
    """The set of `needs` least likely to be found in text: its shortest string the longest, common words last."""

    def rarity(need: frozenset[str]) -> tuple[int, int]:
        return min(0 if s.strip() in COMMON_WORDS else len(s.strip()) for s in need), -len(need)

    best = max(needs, key=rarity, default=frozenset())
    return best if best and rarity(best)[0] > 0 else frozenset()


def _fold(text: str) -> str:
    """`text` as _hints' strings are written: casefolded, and every letter a case-blind regex takes for an ASCII
    letter made that letter: the dotless i, and the dotted capital I (casefolded to "i" and a combining dot)."""
    return text.casefold().replace("\u0131", "i").replace("\u0307", "")


def _holds(hints: tuple[str, ...] | None, folded: str) -> bool:
    """False when _fold(text) holds none of a regex's `hints`, so that the regex cannot match in that text."""
    return hints is None or any(h in folded for h in hints)


def _hints(rx: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings one of which _fold(text) holds wherever `rx` matches in text; None when there is no such short list.

    Worked out from the regex itself, so that a regex edited in the lexicon never loses a match to a stale list.
    """
    try:
        need = _best_need(_needs(_parsed(rx)))
    except (ImportError, re.error, TypeError, IndexError, ValueError):
        return None
    # A string holding another of the set adds nothing ("for the year" beside "year").
    hints = sorted(s for s in need if not any(t != s and t in s for t in need))
    return tuple(hints) if 0 < len(hints) <= MAX_HINTS else None


def _parsed(rx: re.Pattern[str]) -> Any:
    """The parse tree of `rx`, from the stdlib's regex parser (Python 3.11+; ImportError before)."""
    parser: Any = importlib.import_module("re._parser")
    return parser.parse(rx.pattern, rx.flags).data


def _scanning(rx: re.Pattern[str]) -> re.Pattern[str]:
    """`rx` for searching: led by a lookahead for the characters a match can begin with, same matches.

    The regex engine tries a regex at every position; a one-character test first makes most positions cheap
    (3x faster for the lexicon's case-insensitive regexes that start with a word boundary).
    """
    try:
        chars, empty = _first_chars(_parsed(rx), bool(rx.flags & re.IGNORECASE))
        if empty or not chars:
            return rx
        return re.compile(f"(?=[{''.join(sorted(chars))}])(?:{rx.pattern})", rx.flags)
    except (_Unclear, ImportError, re.error, TypeError, IndexError, ValueError):
        return rx  # some construct not worked out above: the regex as written, just as correct


def _cues(
    either: dict[str, str], before_only: dict[str, str]
) -> dict[str, tuple[re.Pattern[str], re.Pattern[str] | None]]:
    """Each cue as one regex for the text before a number (the lexicon's `cues` and `cues_before` merged, so
    that window is searched once) and one for the text after it (`cues` only), or None."""
    out = {}
    for name in either.keys() | before_only.keys():
        before = "|".join(f"(?:{src})" for src in (either.get(name), before_only.get(name)) if src)
        out[name] = (_scanning(_rx(before)), _scanning(_rx(either[name])) if either.get(name) else None)
    return out


def _phrasings_for(form: str, phrasings: list[Phrasing]) -> Phrasings:
    """The phrasings for one form, with their `after` regexes merged: most numbers fail all of them at once."""
    entries = tuple(ph for ph in phrasings if form in ph[2].forms)
    any_after = None
    # Capturing groups could be backreferenced, and would renumber when merged: those are tested one by one.
    if len(entries) > 1 and all(after.groups == 0 for _, after, _ in entries):
        try:
            any_after = _rx("|".join(f"(?:{after.pattern})" for _, after, _ in entries))
        except re.error:  # e.g. a global inline flag, allowed only at the start of a regex
            any_after = None
    return Phrasings(entries, any_after)


def _read_lexicon(path: Path) -> dict[str, Any]:
    """The lexicon YAML. Every item of its lists is text: one YAML reads otherwise (an unquoted off, no or
    1.5 is a boolean or a number) is reported with its line, not left to fail later as a type error."""

    def all_text(root: yaml.Node) -> None:
        nodes = [root]
        while nodes:
            node = nodes.pop()
            if isinstance(node, yaml.SequenceNode):
                for item in node.value:
                    if isinstance(item, yaml.ScalarNode) and item.tag != "tag:yaml.org,2002:str":
                        kind = item.tag.rsplit(":", 1)[-1]
                        raise UsageError(
                            f"{path}:{item.start_mark.line + 1}: {item.value!r} reads as {kind} in YAML, not as "
                            "text: quote it"
                        )
                nodes += node.value
            elif isinstance(node, yaml.MappingNode):
                nodes += [value for _, value in node.value]

    data = read_reference(path, all_text)
    if not isinstance(data, dict):
        raise UsageError(f"{path}:1: a lexicon is a mapping of keys to values, got {type(data).__name__}")
    return data


@functools.lru_cache(maxsize=8)
def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """Load and compile a lexicon YAML (default `expectations/lexicon.yaml`), once per path. A malformed one is a
    UsageError naming the file, the line and the key at fault."""
    path = Path(path or LEXICON_PATH)
    return reference_value(path, (), functools.partial(_compile_lexicon, path, _read_lexicon(path)))


def _instrument(
    classes: dict[str, dict[str, Any]], entry: dict[str, Any]
) -> tuple[Instrument, list[str], list[Phrasing]]:
    """One instrument of the lexicon, its aliases and its phrasings."""
    spec = {**classes.get(entry.get("class", ""), {}), **entry}
    inst = Instrument(
        name=spec["name"],
        cls=spec.get("class", ""),
        tz=spec.get("tz"),
        mic=spec.get("mic"),
        anchored=bool(spec.get("anchored", False)),
        signed=bool(spec.get("signed", False)),
        directed=bool(spec.get("directed", False)),
        forms=dict(spec.get("forms") or {}),
        units=dict(spec.get("units") or {}),
        kinds=frozenset(spec.get("kinds") or KINDS),
        variants=tuple((v["cue"], v["name"]) for v in spec.get("variants") or ()),
    )
    unknown = inst.kinds - set(KINDS) or set(inst.forms.values()) - set(KINDS)
    if unknown:
        raise ValueError(f"{inst.name}: unknown kinds {sorted(unknown)}")
    phrasings = [
        (_scanning(_rx(f"(?:{ph['before']})$")) if ph.get("before") else None, _rx(ph["after"]), inst)
        for ph in spec.get("phrasings") or ()
    ]
    return inst, list(spec.get("aliases") or ()), phrasings


def _anchor_kind(kind: str) -> str:
    if kind not in ANCHOR_KINDS:
        raise ValueError(f"unknown basis {kind!r}, not one of {', '.join(ANCHOR_KINDS)}")
    return kind


def _compile_lexicon(path: Path, data: dict[str, Any]) -> Lexicon:
    classes: dict[str, dict[str, Any]] = data.get("classes") or {}
    instruments: list[Instrument] = []
    mentions: dict[str, Instrument | str] = {}
    phrasings: list[Phrasing] = []
    for inst, aliases, own in reference_entries(path, data, "instruments", functools.partial(_instrument, classes)):
        instruments.append(inst)
        for alias in aliases:
            mentions.setdefault(_norm(alias), inst)
        phrasings += own
    for phrase in data.get("anaphora") or ():
        mentions.setdefault(_norm(phrase), "anaphora")
    for phrase in data.get("not_mentions") or ():
        mentions[_norm(phrase)] = "not"
    for phrase in data.get("other_indices") or ():
        mentions.setdefault(_norm(phrase), OTHER_INDEX)  # an instrument added to the lexicon is followed after all
    country_table: dict[str, list[str]] = data.get("countries") or {}
    number_words = {str(w).lower(): float(v) for w, v in (data.get("number_words") or {}).items()}
    down = [_norm(w) for w in data["directions"]["down"]]
    up = [_norm(w) for w in data["directions"]["up"]]
    after_down = [_norm(w) for w in data["directions_after"]["down"]]
    after_up = [_norm(w) for w in data["directions_after"]["up"]]
    words = r"(?<!\w)" + _trie_regex(down + up)
    compared = data.get("compared_before") or ()

    def rx(*keys: str | int, required: bool = False, scan: bool = False) -> re.Pattern[str]:
        """The regex at `keys` (an optional one left out never matches); a bad or missing one is a UsageError
        naming the key and its line."""

        def get() -> re.Pattern[str]:
            value: Any = data
            for key in keys:
                value = value[key] if required else (value or {}).get(key)
            compiled = _rx(str(value or "(?!)"))
            return _scanning(compiled) if scan else compiled

        return reference_value(path, keys, get)

    for section in ("cues", "cues_before"):
        for name in data.get(section) or {}:
            rx(section, name)  # checked one by one, so that a bad one is named; merged by _cues
    period, period_ahead = rx("period", required=True, scan=True), rx("period_ahead", scan=True)
    not_period, no_carry_after = rx("not_period", scan=True), rx("no_carry_after")
    return Lexicon(
        instruments=tuple(instruments),
        # The lookbehind skips matches that begin inside a word ("window" holds "dow") in the regex engine.
        # Led by the character before the mention, from a plain ASCII class (not a \w lookbehind): the regex
        # engine then scans for it in a fast loop. That character is checked for a non-ASCII letter in code.
        # A word that makes the instrument what something else is measured against may come first: the
        # mention (group "m") then starts later than right after the leading character.
        mention_re=re.compile(
            r"[^a-z0-9_]"
            + rf"(?:{_trie_regex(_norm(w) for w in compared) if compared else '(?!)'}\s+(?:the\s+)?)?"
            + r"(?P<m>"
            + _trie_regex(mentions, html=True)
            + ")"
        ),
        mentions=mentions,
        cased={_norm(a): a for a in data.get("cased_aliases") or ()},
        number_words=number_words,
        word_number_res=_word_number_res(number_words) if number_words else None,
        phrasings=tuple(phrasings),
        phrasings_by_form={form: _phrasings_for(form, phrasings) for form in FORMS},
        # Case matters for countries: "US" is one, "us" is not.
        country_re=re.compile(_trie_regex(a for aliases in country_table.values() for a in aliases)),
        country_caps_re=re.compile(_trie_regex(a.upper() for aliases in country_table.values() for a in aliases)),
        countries={_norm(a): name for name, aliases in country_table.items() for a in aliases},
        # Regexes searched for (not matched at a point) are led by a lookahead for their first characters.
        cues=_cues(data.get("cues") or {}, data.get("cues_before") or {}),
        direction_re=re.compile(words),
        direction_end=Before({w: "down" for w in down} | {w: "up" for w in up}, by=True),
        direction_after_re=re.compile(r"\s*(?:[a-z]+\s+)?" + _trie_regex(after_down + after_up)),
        down_words=frozenset(down + after_down),
        qualifiers=tuple(q["name"] for q in data["qualifiers"]),
        qualifier_before=Before(
            {p: q["name"] for q in data["qualifiers"] for p in q.get("before") or ()}
            | {p: "" for p in data.get("not_qualifiers") or ()}
            | {p: NO_FIGURE for p in data["not_figure"].get("before_pct") or ()}
        ),
        qualifier_after=tuple(
            (q["name"], rx("qualifiers", i, "after", required=True))
            for i, q in enumerate(data["qualifiers"])
            if q.get("after")
        ),
        threshold_before=Before({p: "threshold" for p in data["threshold_before"]}),
        threshold_after=rx("threshold_after", required=True),
        continuation=rx("continuation", required=True),
        variant_continuation=rx("variant_continuation"),
        other_subject=rx("other_subject", required=True, scan=True),
        # The plain phrases as one trie (a list of alternatives would be tried one by one at every word),
        # matched on the lowercased line: a case-blind regex compares every character lowercased, twice as slow.
        other_subjects=(
            _scanning(re.compile(rf"\b{_trie_regex(p.lower() for p in data.get('other_subjects') or ())}")),
            _rx(rf"\b{_trie_regex(data.get('other_subjects') or ())}"),
        ),
        subject_after=rx("subject_after", required=True),
        clause_after_mention=rx("clause_after_mention"),
        intraday_level_before=rx("intraday_level_before", required=True, scan=True),
        ytd=rx("ytd", required=True, scan=True),
        ytd_in_year=rx("ytd_in_year").pattern,  # checked here: "{year}" is plain text to the regex parser
        ytd_versus=rx("ytd_versus", scan=True),
        period=period,
        period_hints=_hints(period),
        period_ahead=period_ahead,
        period_ahead_hints=_hints(period_ahead),
        aside=rx("aside"),
        not_period=not_period,
        not_period_hints=_hints(not_period),
        not_before=Before({p: "not" for p in data["not_figure"]["before"]}),
        not_after=rx("not_figure", "after", required=True),
        not_after_pct=rx("not_figure", "after_pct"),
        anchors=reference_entries(
            path,
            data,
            "anchors",
            lambda a: (
                _anchor_kind(a["basis"]),
                _scanning(_rx(a["regex"])),
                tuple(str(h).lower() for h in a.get("hints") or ("",)),
                a.get("scope") == "clause",
            ),
        ),
        clause_break=rx("clause_break"),
        no_carry_after=no_carry_after,
        no_carry_after_hints=_hints(no_carry_after),
        overnight_basis=str(data["overnight"]["basis"]),
        overnight_mic=str(data["overnight"]["mic"]),
        overnight_tz=str(data["overnight"]["tz"]),
    )


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


def _word_number_res(words: Iterable[str]) -> tuple[re.Pattern[str], re.Pattern[str]]:
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


def _tokens(text: str, lex: Lexicon) -> list[re.Match[str]]:
    """The numbers of `text` in order: in digits, and in words before a unit when the lexicon lists number
    words (newswire spells out those under ten: "the economy grew three pct")."""
    tokens = _numbers(text)
    if lex.word_number_res is None:
        return tokens
    tail, word = lex.word_number_res
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


# A line that is a Markdown block of its own, never the rest of the line before: a heading, a list item,
# a table row, a quote, a fence or a rule.
BLOCK_LINE_RE = re.compile(r"[^\S\n]*(?:[#|>]|[-*+][^\S\n]|\d{1,9}[.)][^\S\n]|```|~~~|[-=_*]{3,}[^\S\n]*(?:\n|$))")
# A newline between two lines of text (led by the newline, a literal the regex engine finds fast).
WRAP_RE = re.compile(r"\n(?<=\S\n)(?=[^\S\n]*\S)")
WRAP_WIDTH = 100  # characters: text is wrapped at 72-80 by convention, never at more than this
WRAP_END_RE = re.compile(r"[.!?:;][\"'”’)\]]*$")  # a line ending a sentence ends it, wrapped or not
WRAPPED_RE = re.compile(r"[^\S\n]*\n[^\S\n]*")


def _unwrapped(masked: str, body: int) -> str:
    """The body's hard-wrapped paragraphs as one line each (same length: those newlines become spaces).

    Newswire and plain text wrap at 70-80 characters, so a sentence, its index and its number span lines. A
    line that ends a sentence, or is much shorter than the next (a heading), or longer than any wrap stays.
    """
    parts, pos = [], 0
    for m in WRAP_RE.finditer(masked, body):
        i = m.start()
        a = masked[masked.rfind("\n", 0, i) + 1 : i].strip()
        if len(a) > WRAP_WIDTH or a[0] in "#|" or WRAP_END_RE.search(a):
            continue  # a paragraph's own line, a heading or table row, a sentence's end
        if BLOCK_LINE_RE.match(masked, i + 1):
            continue
        end = masked.find("\n", i + 1)
        b = masked[i + 1 : end if end != -1 else len(masked)].strip()
        if not (b[0].islower() or b[0].isdigit()) and len(a) < 0.6 * len(b):
            continue
        parts += [masked[pos:i], " "]
        pos = i + 1
    return "".join(parts) + masked[pos:] if parts else masked


def _blank(s: str) -> str:
    return " " * len(s) if "\n" not in s else NOT_NEWLINE_RE.sub(" ", s)


def _blank_match(m: re.Match[str]) -> str:
    return _blank(m.group())


def _masked(raw: RawArticle) -> str:
    """The text with everything but prose blanked (same length, same newlines, so offsets hold)."""
    text, body = raw.text, raw.body_offset
    head = text[:body]
    keep: list[tuple[int, int]] = []
    if raw.front_matter_status == "ok" and raw.key_lines:
        starts = [0]
        for line in head.split("\n"):
            starts.append(starts[-1] + len(line) + 1)
        starts.pop()
        fence = starts[-2] if len(starts) >= 2 else 0
        key_starts = sorted(starts[n - 1] for n in raw.key_lines.values() if 0 < n <= len(starts))
        # Only the title and summary are prose; other keys (url, published...) hold no figures.
        for key in ("title", "summary"):
            n = raw.key_lines.get(key)
            if n is None or not 0 < n <= len(starts):
                continue
            sep = KEY_SEPARATOR_RE.search(head, starts[n - 1])  # YAML's "title:", TOML's "title ="
            a = sep.end() if sep is not None else 0
            b = min([s for s in key_starts if s > starts[n - 1]] + [fence])
            if 0 < a < b:
                keep.append((a, b))
    parts, pos = [], 0
    for a, b in sorted(keep):
        parts += [_blank(head[pos:a]), head[a:b]]
        pos = b
    parts += [_blank(head[pos:]), text[body:]]
    masked = "".join(parts)
    for rx in MARKUP_RES:
        masked = rx.sub(_blank_match, masked)
    if "`" in masked or "~" in masked:  # (a one-character test is 40 times faster than one for "```")
        masked = FENCED_CODE_RE.sub(_blank_match, masked)
    return masked


class _Anchor(NamedTuple):
    pos: int
    basis: str
    start: int  # the text it dates: [start, end)
    end: int
    carries: bool  # over to later sentences that name no day of their own


class _Doc:
    """One article's prose and its lines (a hard-wrapped paragraph is one); sentences, mentions, anchors and
    countries found per line on demand."""

    def __init__(self, raw: RawArticle, lex: Lexicon, year: int | None) -> None:
        self.lex = lex
        self.year = year  # the year it was published in, if known
        prose = _masked(raw)
        self.masked = masked = _unwrapped(prose, raw.body_offset)
        self.unwrapped = masked is not prose  # then a line here may be several lines of the file
        self.lines = masked.split("\n")
        self.starts = [0]
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line) + 1)
        self.body_line = self.line_index(raw.body_offset)  # lines before it are front matter
        self.respectively = "respectively" in masked  # rare: sentences are searched for it only if it is here
        self._low: dict[int, str] = {}
        self._sentences: dict[int, list[tuple[int, int]]] = {}
        self._found: dict[int, list[tuple[int, int, Instrument | str | None, bool]]] = {}
        self._mentions: dict[int, list[_Mention]] = {}
        self._mention_starts: dict[int, list[int]] = {}
        self._anchors: dict[int, list[_Anchor]] = {}
        self._countries: dict[int, list[tuple[int, str]]] = {}
        self._gaps: list[int] | None = None  # body lines that end a paragraph, for index_before
        self._periods: dict[int, list[tuple[int, int]]] = {}
        self._anchors_before: dict[tuple[int, bool], str | None] = {}
        # For _last_line: per question, each line's answer once known (a long text is walked back once, not per line).
        self._last: dict[str, dict[int, int]] = {"index": {}, "country": {}, "carried": {}, "carried-overnight": {}}
        self._anchors_in: dict[tuple[int, bool], list[_Anchor]] = {}
        self._rev: dict[int, str | None] = {}
        self._uneven: set[int] = set()  # lines where some character lowercases to two
        # Those, and lines with a long s or dotless i (a case-blind regex takes them for "s" and "i"): lines where
        # lowercasing is not what a case-blind match does.
        self._unlike: set[int] = set()
        self.resolved: dict[tuple[str, str | None], dt.datetime] = {}  # _as_of's dates; one published time

    def line_index(self, pos: int) -> int:
        return bisect.bisect_right(self.starts, pos) - 1

    def low(self, li: int) -> str:
        """Line `li` lowercased, same length (the few characters that lowercase to two stay as they are)."""
        if li not in self._low:
            line = self.lines[li]
            low = line.lower()
            if len(low) != len(line):
                low = "".join(c.lower() if len(c.lower()) == 1 else c for c in line)
                self._uneven.add(li)
            if li in self._uneven or "\u017f" in low or "\u0131" in low:
                self._unlike.add(li)
            self._low[li] = low
        return self._low[li]

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

    def before(self, phrases: Before, li: int, lo: int, hi: int) -> tuple[str, int] | None:
        """phrases.find(masked, lo, hi) for `hi` on line `li`, on the line lowercased and reversed once."""
        ls = self.starts[li]
        rev = self._rev.get(li, "")
        if rev == "" and li not in self._rev:
            low = self.low(li)
            # Lowercasing a line equals lowercasing any window of it unless a character lowercases to two
            # ("İ") or by context (final sigma): then windows are lowercased one by one, as Before.find does.
            rev = self._rev[li] = low[::-1] if li not in self._uneven and "Σ" not in low else None
        if hi - 48 > lo:
            lo = hi - 48
        if rev is None or lo < ls:  # or a window reaching back into the line before
            return phrases.find(self.masked, lo, hi)
        if phrases.rx is None:
            return None
        # find() on the window of the line reversed once, inlined: this runs a few times per number.
        n = len(rev)
        m = phrases.rx.match(rev, n - (hi - ls), n - (lo - ls))
        return None if m is None else (phrases._label(m.group("p")), ls + n - m.end())

    def bounds(self, li: int) -> tuple[int, int]:
        return self.starts[li], self.starts[li + 1] - 1

    def sentences(self, li: int) -> list[tuple[int, int]]:
        if li not in self._sentences:
            ls, le = self.bounds(li)
            line = self.masked[ls:le]
            out: list[tuple[int, int]] = []
            if line.strip():
                start = ls + len(line) - len(line.lstrip())
                rx = SENTENCE_END_RE if "!" in line or "?" in line else SENTENCE_STOP_RE
                for m in rx.finditer(line):
                    out.append((start, ls + m.end()))
                    start = ls + m.end()
                out.append((start, le))
            self._sentences[li] = out
        return self._sentences[li]

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

    def found(self, li: int) -> list[tuple[int, int, Instrument | str | None, bool]]:
        """Alias matches in a line, anaphora not yet resolved, and whether each is measured against."""
        if li not in self._found:
            out: list[tuple[int, int, Instrument | str | None, bool]] = []
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

    def _paragraphs_from(self, li: int) -> int:
        """The first line of the paragraph before the one holding body line `li` (the first body line if none)."""
        if self._gaps is None:  # a blank line with text after it ends a paragraph
            lines = self.lines
            self._gaps = [
                i for i in range(self.body_line, len(lines) - 1) if not lines[i].strip() and lines[i + 1].strip()
            ]
        k = bisect.bisect_right(self._gaps, li)
        return self._gaps[k - 2] + 1 if k >= 2 else self.body_line

    def _last_line(self, question: str, li: int, holds: Callable[[int], bool]) -> int:
        """The last line at or before `li` for which `holds` (-1 if none). Every line walked past is remembered, so
        that a text of many lines is walked back once, not once per line."""
        memo, walked = self._last[question], []
        while li >= 0 and li not in memo and not holds(li):
            walked.append(li)
            li -= 1
        answer = memo.get(li, li)  # -1, a line that holds, or one whose answer is known
        for w in walked:
            memo[w] = answer
        if li >= 0:
            memo[li] = answer
        return answer

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

    def sentence_of(self, li: int, pos: int) -> tuple[int, int]:
        """The sentence of line `li` that holds `pos`."""
        return next(((a, b) for a, b in self.sentences(li) if a <= pos < b), self.bounds(li))

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


@functools.lru_cache(maxsize=64)
def _zone(tz: str) -> dt.tzinfo:
    return zoneinfo.ZoneInfo(tz)


def _midnight_utc(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


@functools.lru_cache(maxsize=16)
def _sessions(mic: str) -> tuple[list[int], list[dt.date]]:
    """Each session's close (ns since the epoch) and date, in order, from exchange-calendars."""
    import exchange_calendars  # only articles that say "overnight" pay for the calendar

    with warnings.catch_warnings():
        # exchange-calendars reads tz-aware Series.values, which pandas 3 deprecates; not ours to fix.
        warnings.simplefilter("ignore", DeprecationWarning)
        closes = exchange_calendars.get_calendar(mic).closes
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
    masked = doc.masked
    # One scan of the whole text (a number never spans lines), then the numbers grouped by line.
    by_line: dict[int, list[re.Match[str]]] = {}
    starts, li = doc.starts, 0
    for m in _tokens(masked, lex):
        i = m.start()
        if i == 0 or not (masked[i - 1].isalnum() or masked[i - 1] in GLUED_BEFORE) or _sign_at(masked, i - 1):
            while starts[li + 1] <= i:  # numbers come in order: their line only moves on
                li += 1
            by_line.setdefault(li, []).append(m)
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
                rows += _sentence_figures(doc, raw, li, si, tokens[first:k], published_ns)
    return rows


def _sentence_figures(
    doc: _Doc,
    raw: RawArticle,
    li: int,
    si: int,
    tokens: list[re.Match[str]],
    published_ns: int | None,
) -> list[dict[str, Any]]:
    """Figures among the number tokens of sentence `si` of line `li`, in order."""
    lex, masked = doc.lex, doc.masked
    sents = doc.sentences(li)
    s_start, s_end = sents[si]
    line_mentions, line_starts = doc.mentions(li), doc.mention_starts(li)
    first = bisect.bisect_left(line_starts, s_start)
    in_sentence = line_mentions[first : bisect.bisect_left(line_starts, s_end, first)]
    # Mentions starting at or before the number in hand, and the furthest any of them reaches: numbers come in
    # order, so one walk through the sentence's mentions serves them all (a long sentence stays linear).
    upto, reach = 0, -1
    rows: list[dict[str, Any]] = []
    sentence_text: str | None = None
    prev_fig: _Figure | None = None
    prev_end = s_start
    ytd_taken = s_start  # end of a "year to date" that followed an earlier figure: that one's, not the next's
    cue_from = s_start  # a cue before a number is searched back to the number before it, past years
    respective = _respectively(masked, tokens, in_sentence, s_start, s_end) if doc.respectively else {}
    for k, m in enumerate(tokens):
        start, end = m.span("num")
        next_start = tokens[k + 1].start() if k + 1 < len(tokens) else s_end
        pct, x, cur, pts, run_on = m.group("pct", "x", "cur", "pts", "run_on")
        if (
            not (pct or x or cur or pts or run_on)
            and k + 1 < len(tokens)
            and tokens[k + 1].group("pct")
            and m.group("n").replace(".", "", 1).isdigit()  # no thousands separator: not "1,000 and 2.5%"
            and not _is_year(m.group("n"))  # "rose 3.8% in 2025 and 3.7% in 2024": the year takes no unit
            and SHARED_UNIT_RE.fullmatch(masked, m.end(), next_start)
        ):
            pct = tokens[k + 1].group("pct")
        form = "pct" if pct else "x" if x else "usd" if cur else "points" if pts else "plain"
        full_end = m.end()  # with "points"
        lo = max(prev_end, start - WINDOW)
        prev_end = full_end
        cue_start = cue_from
        if form != "plain" or not _is_year(m.group("n")):
            cue_from = full_end  # "will be the fastest-growing economy in 2021, expanding by 7.6%": not a year

        # Phrasings (FX quotes, "$4.9 trillion economy") claim their numbers before the generic reading.
        inst: Instrument | None = None
        phrasings = lex.phrasings_by_form[form]
        if phrasings.entries and (phrasings.any_after is None or phrasings.any_after.match(masked, end, s_end)):
            for before, after, owner in phrasings.entries:
                if after.match(masked, end, s_end) and (
                    before is None or before.search(masked, max(s_start, start - WINDOW), start)
                ):
                    inst = owner
                    break
        mention: _Mention | None = None
        if inst is None:
            if run_on is not None:
                continue
            while upto < len(in_sentence) and in_sentence[upto].start <= start:
                reach = max(reach, in_sentence[upto].end)
                upto += 1
            if reach > start or (  # inside a name ("500" of "S&P 500")
                _not_figure(m, doc, li)
                if form in ("plain", "points")
                # "rising 91.7% of the time", "1% moves"; a poll's "margin of 49%" is qualifier_before's
                else form == "pct" and lex.not_after_pct.match(masked, end)
            ):
                continue
            # "a 1.5% rise in the S&P 500", "Monday's 57 point drop in the Dow Jones industrial average"
            follows = lex.subject_after.match(masked, full_end, s_end) if form in ("pct", "points") else None
            if k in respective:
                mention = respective[k]
            elif follows is not None:
                # "a 1.5% rise in the S&P 500": the subject follows; "a 2.1% increase in BTC/USD": none of ours.
                # (Those up to the number end before it.)
                for i in range(upto, len(in_sentence)):
                    mn = in_sentence[i]
                    if mn.start <= follows.end() < mn.end:  # "in the S&P 500", "in the leading market indicator"
                        mention = mn
                        break
            elif in_sentence:
                for i in range(upto - 1, -1, -1):  # (those after it end after it)
                    mn = in_sentence[i]
                    if mn.end <= start and form in mn.inst.forms:
                        mention = mn
                        break
                else:
                    # A metric may follow its number ("15x forward earnings"); a market seldom does.
                    for i in range(upto, len(in_sentence)):
                        mn = in_sentence[i]
                        # Right after it: "15x forward earnings", not "37% since 1990, while the economy".
                        if mn.start >= end and not mn.inst.anchored and form in mn.inst.forms:
                            if masked[full_end : mn.start].strip():
                                break
                            mention = mn
                            break
            elif si > 0:
                # A sentence that names nothing ("It contracted 1.8%") continues the one before it.
                prev_start = sents[si - 1][0]
                for i in range(first - 1, -1, -1):
                    mn = line_mentions[i]
                    if mn.start < prev_start:
                        break
                    if form in mn.inst.forms:
                        mention = mn
                        break
            # An index we do not follow owns the numbers it is nearest ("while Bank Nifty gained 2%").
            if (
                mention is None
                or mention.inst is OTHER_INDEX
                or (
                    k not in respective
                    # between the name and the number; for a name after it, back to the number before
                    and doc.other_subject(li, mention.end if mention.end <= start else lo, start)
                )
                or (
                    # "Capital spending, hit hard by the rise of the yen, will fall 5.6 pct": the name ends a clause
                    mention.end <= start and lex.clause_after_mention.match(masked, mention.end, start)
                )
                or (
                    # "has more than doubled the S&P 500 with an average gain of 24%": the gain is the subject's
                    mention.compared and mention.end <= start and masked[mention.end] not in ",'’"
                )
            ):
                continue
            inst = mention.inst

        # Qualifiers may chain ("a new all-time high close to 58,000"): peel them off from the number back.
        hi = start
        quals: set[str] = set()
        while (q := doc.before(lex.qualifier_before, li, lo, hi)) is not None and q[0] and q[0] not in quals:
            quals.add(q[0])
            hi = q[1]
        if NO_FIGURE in quals:
            continue  # "by a margin of 49%"
        for name, after_q in lex.qualifier_after:
            if after_q.match(masked, end, s_end):
                quals.add(name)

        continues = (
            prev_fig is not None
            and (prev_fig.inst == inst.name or (k in respective and k - 1 in respective))
            and bool(lex.continuation.fullmatch(masked, prev_fig.end, hi))  # "fell 280 points, over 2%"
        )
        kind = inst.forms[form]
        if kind == "level":
            if (
                form == "points"
                and (
                    doc.before(lex.direction_end, li, lo, hi)
                    # "ended the day 370 points down"; not "10,000 points today, up 2%"
                    or ((said := _word_after(lex, masked, full_end, s_end)) and " " not in said.group().strip())
                    # "lifted the Dow Jones Industrial Average 34 points": the verb before the name
                    or (
                        mention is not None
                        and mention.end <= start
                        and not masked[mention.end : start].strip()
                        and doc.before(lex.direction_end, li, lo, mention.start)
                    )
                )
            ):
                kind = "point_change"
            elif continues and prev_fig is not None:
                # "fell 0.9%, or 349.26 points": the same move, in points.
                kind = "point_change" if prev_fig.kind == "pct_change" else prev_fig.kind
            elif (
                not quals.isdisjoint(THRESHOLD_QUALIFIERS)
                or doc.before(lex.threshold_before, li, lo, hi)
                or lex.threshold_after.match(masked, end, s_end)
            ):
                kind = "threshold"
            elif form == "plain" and doc.before(lex.direction_end, li, lo, hi):
                kind = "point_change"  # newswire's "fell 44.60 to 2360.94", "down 10 in the first minutes"
            elif (
                prev_fig is not None
                and prev_fig.kind == "intraday"
                and lex.intraday_level_before.search(masked, lo, start)
            ):
                kind = "intraday"
        elif kind == "fx_rate" and quals <= {"about"} and doc.before(lex.direction_end, li, lo, hi):
            continue  # "the dollar dropped some 10 yen": how far a rate moved; not "weakens toward 160"
        elif kind == "pct_change":
            if "as much as" in quals:
                kind = "intraday"
            elif (
                (ytd := lex.ytd.search(masked, end, min(next_start, end + 40)))
                or lex.ytd.search(masked, max(lo, start - 30, ytd_taken), start)
                or (doc.year is not None and _in_year(lex.ytd_in_year, doc.year).match(masked, end, s_end))
                or lex.ytd_versus.search(masked, max(s_start, start - WINDOW), start)
            ):
                kind = "ytd_pct"
                ytd_taken = ytd.end() if ytd else ytd_taken
        if kind not in inst.kinds:
            kind = inst.forms[form]
        if pts is not None and pts[0] == "-":
            # "a 508-point drop", "the 20,000-point mark"; not "a 35-point range" or "a 2333-point index"
            if "threshold" in inst.kinds and lex.threshold_after.match(masked, full_end, s_end):
                kind = "threshold"
            elif "point_change" in inst.kinds and _word_after(lex, masked, full_end, s_end) is not None:
                kind = "point_change"
            else:
                continue
        if m.group("scale") and kind in ("level", "threshold", "intraday", "point_change", "fx_rate"):
            continue  # "a valuation of 7 billion" is no index level
        # A number with its sign written ("+35.5 points", "−1.2%") is a move, never a level or a rate.
        sign = _sign_at(masked, start - 1)
        if sign and kind not in SIGNED_KINDS and not (kind == "intraday" and form == "pct"):
            if form not in ("plain", "points") or "point_change" not in inst.kinds:
                continue
            kind = "point_change"

        negative = False
        if sign:
            negative = sign != "+"
        elif kind in SIGNED_KINDS or (kind == "intraday" and form == "pct") or inst.signed:
            after_word = _word_after(lex, masked, full_end, s_end)
            word = after_word.group().split()[-1] if after_word else _last_direction(lex, masked[lo:hi].lower())
            if word is not None:
                # "" for "GDP growth fell to 1.2%": the figure is where it went, not how far, so it keeps no sign
                negative = bool(word) and _norm(word) in lex.down_words
            elif continues and prev_fig is not None:
                negative = prev_fig.negative
            elif inst.directed and kind == "pct_change":
                if prev_fig is None or prev_fig.inst != inst.name:
                    continue  # growth with no word of which way: a percentage near "economy" that is a poll, a share
                negative = prev_fig.negative  # "grew 3 pct last year and 2.7 pct in 1985": the same verb's
        digits, scale = m.group("n", "scale")
        if digits[0].isdigit():  # (most are ASCII: a replace is cheaper than a translate)
            value = float(digits.replace(",", "") if digits.isascii() else digits.translate(GROUPING))
        else:
            value = lex.number_words[digits.lower()]
        if scale:
            value *= SCALES[scale.lower()]
        if negative:
            value = -value

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
                and (k + 1 == len(tokens) or cue_after.start() - end < next_start - cue_after.end())
            ):
                name = variant
                break
        if (
            name == inst.name
            and prev_fig is not None
            and prev_fig.inst == inst.name
            and (continues or lex.variant_continuation.fullmatch(masked, prev_fig.end, hi))
        ):
            # no cue of its own: "forecast ... growth at between 0.5 and 1.5 pct", "will grow three pct this
            # year and 2.7 pct in 1988": the far end, the next year
            name = prev_fig.name
        filled = _fill(doc, name, mention, in_sentence, start, s_start, s_end) if "{" in name else name
        if filled is None:
            continue

        if inst.anchored:
            as_of, basis = _as_of(doc, inst, kind, published_ns, li, start, s_start, s_end)
        else:
            as_of, basis = pd.NaT, "none"
        prev_fig = _Figure(full_end, inst.name, kind, negative, name)
        if sentence_text is None:
            sentence_text = _sentence_text(raw.text, s_start, s_end, raw.body_offset)
        rows.append(
            {
                "article_id": raw.article_id,
                "instrument": filled,
                "kind": kind,
                "value": value,
                "unit": inst.units.get(form, form),
                "qualifier": ",".join(q for q in lex.qualifiers if q in quals) if quals else None,
                "line": raw.line_of(start) if doc.unwrapped else li + 1,  # a joined paragraph is one li
                "char_start": start,
                "char_end": end,
                "sentence": sentence_text,
                "as_of": as_of,
                "as_of_basis": basis,
            }
        )
    return rows


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


def _sentence_text(text: str, start: int, end: int, body_offset: int) -> str:
    sentence = text[start:end].strip()
    if "\n" in sentence:  # a hard-wrapped sentence reads as one line
        sentence = WRAPPED_RE.sub(" ", sentence)
    # A title or summary sentence sits inside YAML quotes.
    return sentence.strip("\"'") if start < body_offset else sentence


def _is_year(digits: str) -> bool:
    return digits.isdigit() and len(digits) == 4 and 1800 <= int(digits) <= 2100


def _not_figure(m: re.Match[str], doc: _Doc, li: int) -> bool:
    """Years, dates, times, spans and counts of things (a bare number only)."""
    digits = m.group("num")
    start = m.start("num")
    end = start + len(digits)
    if _is_year(digits):
        return True
    return bool(doc.before(doc.lex.not_before, li, 0, start) or doc.lex.not_after.match(doc.masked, end))


def _fill(
    doc: _Doc, name: str, mention: _Mention | None, in_sentence: list[_Mention], pos: int, s_start: int, s_end: int
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


def _as_of(
    doc: _Doc,
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


def figures_table(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The figures table: one row per figure, columns and dtypes as FigureSchema says."""
    df = pd.DataFrame(rows, columns=list(COLUMNS))
    for col in ("article_id", "instrument", "kind", "unit", "sentence", "as_of_basis"):
        df[col] = df[col].astype("str")
    df["qualifier"] = pd.Series(
        [v if isinstance(v, str) else None for v in df["qualifier"]], index=df.index, dtype="str"
    )
    df["value"] = df["value"].astype("float64")
    for col in ("line", "char_start", "char_end"):
        df[col] = df[col].astype("int64")
    df["as_of"] = pd.to_datetime(df["as_of"], utc=True).astype("datetime64[ns, UTC]")
    return df
