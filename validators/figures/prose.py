"""Prose: an article's text with markup and code blanked, hard-wrapped lines joined, and split into sentences."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from typing import Final

from validators.figures.lexicon import Lexicon
from validators.figures.patterns import Before
from validators.reading import RawArticle

# Images, link targets, bare URLs and tags are not prose: blanked so their digits never count. Each regex
# starts with a literal, which the regex engine finds fast; images go first, as they hold a link target.
MARKUP_RES: Final = tuple(
    re.compile(p) for p in (r"!\[[^\]\n]*\]\([^)\n]*\)", r"\]\([^)\s]*\)", r"https?://[^\s)>\]]+", r"<[^>\n]{1,200}>")
)
NOT_NEWLINE_RE: Final = re.compile(r"[^\n]")
KEY_SEPARATOR_RE: Final = re.compile(r"[:=]")
# A fenced code block (CommonMark: ``` or ~~~, up to three spaces in, to the same fence or the end of the text)
# is code, not prose.
FENCED_CODE_RE: Final = re.compile(
    r"^[ \t]{0,3}(`{3,}|~{3,})[^\n]*\n(?s:.*?)(?:^[ \t]{0,3}\1[`~]*[ \t]*$|\Z)", re.MULTILINE
)
MONTHS: Final = ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec")  # abbreviated
# A sentence ends at . ! or ? (closing quotes and brackets kept), then space, then what may begin a sentence.
# A full stop after an abbreviation ("Mr.", "Jan.", "U.S.", "e.g.") ends none: each such stop is ruled out by
# a lookbehind, one per length (a lookbehind is fixed-width), so one regex pass splits a line.
ABBREVIATIONS: Final = ("Mr", "Mrs", "Ms", "Dr", "St", "Inc", "Corp", "Co", "Ltd", "No", "vs", "e.g", "i.e") + MONTHS
_NOT_AFTER: Final = "".join(
    rf"(?<!\b(?:{'|'.join(re.escape(a) for a in ABBREVIATIONS if len(a) == n)})\.)"
    for n in sorted({len(a) for a in ABBREVIATIONS})
)
# Quotes may be HTML entities in Markdown converted from HTML ('.&quot;  General Motors fell').
_SENTENCE_END: Final = (
    r"(?<!\b[A-Z]\.)"
    + _NOT_AFTER
    + r"(?:[\"'”’)\]]|&quot;|&#x201[dD9];|&[rl]dquo;|&rsquo;)*\s+"  # closing quotes and brackets
    + r"(?=(?:[\"'“‘(\[]|&quot;|&#x201[cC8];|&ldquo;|&lsquo;)?[A-Z0-9$])"  # what may begin a sentence
)
SENTENCE_END_RE: Final = re.compile(r"(?:[!?]|\.)" + _SENTENCE_END)
SENTENCE_STOP_RE: Final = re.compile(r"\." + _SENTENCE_END)  # led by a literal, which the regex engine finds fast

# A line that is a Markdown block of its own, never the rest of the line before: a heading, a list item,
# a table row, a quote, a fence or a rule.
BLOCK_LINE_RE: Final = re.compile(
    r"[^\S\n]*(?:[#|>]|[-*+][^\S\n]|\d{1,9}[.)][^\S\n]|```|~~~|[-=_*]{3,}[^\S\n]*(?:\n|$))"
)
# A newline between two lines of text (led by the newline, a literal the regex engine finds fast).
WRAP_RE: Final = re.compile(r"\n(?<=\S\n)(?=[^\S\n]*\S)")
WRAP_WIDTH: Final = 100  # characters: text is wrapped at 72-80 by convention, never at more than this
WRAP_END_RE: Final = re.compile(r"[.!?:;][\"'”’)\]]*$")  # a line ending a sentence ends it, wrapped or not
WRAPPED_RE: Final = re.compile(r"[^\S\n]*\n[^\S\n]*")


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


def _sentence_text(text: str, start: int, end: int, body_offset: int) -> str:
    sentence = text[start:end].strip()
    if "\n" in sentence:  # a hard-wrapped sentence reads as one line
        sentence = WRAPPED_RE.sub(" ", sentence)
    # A title or summary sentence sits inside YAML quotes.
    return sentence.strip("\"'") if start < body_offset else sentence


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of the line text[start:end], as (start, end) offsets into `text`; none for a blank line."""
    line = text[start:end]
    out: list[tuple[int, int]] = []
    if line.strip():
        pos = start + len(line) - len(line.lstrip())
        rx = SENTENCE_END_RE if "!" in line or "?" in line else SENTENCE_STOP_RE
        for m in rx.finditer(line):
            out.append((pos, start + m.end()))
            pos = start + m.end()
        out.append((pos, end))
    return out


class _Prose:
    """One article's prose and its lines (a hard-wrapped paragraph is one), lowercased and split into sentences
    on demand."""

    def __init__(self, raw: RawArticle, lex: Lexicon) -> None:
        self.lex = lex
        prose = _masked(raw)
        self.masked = masked = _unwrapped(prose, raw.body_offset)
        self.unwrapped = masked is not prose  # then a line here may be several lines of the file
        self.lines = masked.split("\n")
        self.starts = [0]
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line) + 1)
        self.body_line = self.line_index(raw.body_offset)  # lines before it are front matter
        self._low: dict[int, str] = {}
        self._sentences: dict[int, list[tuple[int, int]]] = {}
        self._gaps: list[int] | None = None  # body lines that end a paragraph, for _paragraphs_from
        # For _last_line: per question, each line's answer once known (a long text is walked back once, not per line).
        self._last: dict[str, dict[int, int]] = {"index": {}, "country": {}, "carried": {}, "carried-overnight": {}}
        self._rev: dict[int, str | None] = {}
        self._uneven: set[int] = set()  # lines where some character lowercases to two
        # Those, and lines with a long s or dotless i (a case-blind regex takes them for "s" and "i"): lines where
        # lowercasing is not what a case-blind match does.
        self._unlike: set[int] = set()

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
        """The sentences of line `li`, in order."""
        if li not in self._sentences:
            ls, le = self.bounds(li)
            self._sentences[li] = sentence_spans(self.masked, ls, le)
        return self._sentences[li]

    def sentence_of(self, li: int, pos: int) -> tuple[int, int]:
        """The sentence of line `li` that holds `pos`."""
        return next(((a, b) for a, b in self.sentences(li) if a <= pos < b), self.bounds(li))

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
