"""Regexes built from plain phrases, and the cheap tests that spare searching for them: first characters, hints."""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Iterable
from typing import Any, Final

APOSTROPHES: Final = str.maketrans({"’": "'", "‘": "'"})
SPACES_RE: Final = re.compile(r"\s+")


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
CATEGORIES: Final = {
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


MAX_HINTS: Final = 24  # more strings to look for than this cost more than the regex they would spare
# Words so common that a regex needing one of them is searched for anyway.
COMMON_WORDS: Final = frozenset(
    ("a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "over", "per", "the", "to")
)


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
