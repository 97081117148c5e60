"""Scraping residue (boilerplate.yaml) and mojibake (ftfy), one finding per line."""

from __future__ import annotations

import functools
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ftfy
import pandas as pd
from ftfy.badness import is_bad

from validators.checks._prefilter import RegexSet, width
from validators.checks._text import BodyLines, evidence_series, load_yaml, records
from validators.context import Context
from validators.reading import reference_entries
from validators.registry import Check

SHOWN = 80
# Front-matter keys whose values are prose, checked for mojibake like the body.
TEXT_KEYS = ("title", "summary")


@dataclass(frozen=True)
class Residue:
    """One boilerplate pattern: an id, what it is, and whether it must fill the whole line."""

    id: str
    what: str
    regex: re.Pattern[str]
    whole_line: bool
    # The lengths a match can have (worked out from the regex): a whole-line one skips lines it cannot span.
    width: tuple[int, int] = (0, sys.maxsize)

    @classmethod
    def of(cls, id: str, what: str, regex: re.Pattern[str], whole_line: bool) -> Residue:
        """A pattern with its match lengths worked out."""
        return cls(id, what, regex, whole_line, width(regex))


@functools.lru_cache(maxsize=8)
def residues(reference_dir: Path) -> tuple[Residue, ...]:
    """The compiled patterns of boilerplate.yaml."""
    path = reference_dir / "boilerplate.yaml"
    return reference_entries(
        path,
        load_yaml(path),
        "patterns",
        lambda p: Residue.of(
            id=p["id"],
            what=p["what"],
            regex=re.compile(p["regex"], 0 if p.get("case") else re.I),
            whole_line=bool(p.get("line", False)),
        ),
    )


@functools.lru_cache(maxsize=8)
def residue_set(reference_dir: Path) -> RegexSet:
    """boilerplate.yaml's regexes, for finding those that can match in an article (a one-letter need counts)."""
    return RegexSet([p.regex for p in residues(reference_dir)], shortest=1)


def find_residue(text: str, patterns: tuple[Residue, ...]) -> tuple[Residue, str] | None:
    """The first pattern that matches one line of text, and what it matched."""
    stripped = text.strip()
    if not stripped:
        return None
    for p in patterns:
        if p.whole_line and not p.width[0] <= len(stripped) <= p.width[1]:
            continue
        m = p.regex.fullmatch(stripped) if p.whole_line else p.regex.search(stripped)
        if m:
            return p, m.group(0)
    return None


def boilerplate_residue(ctx: Context) -> pd.Series[Any]:
    """Lines that are scraping residue: photo credits, widgets, icon alt text, ads, image links."""
    patterns = residues(ctx.settings.reference_dir)
    prefilter = residue_set(ctx.settings.reference_dir)
    found: dict[int, list[dict[str, Any]]] = {}
    articles = ctx.articles
    for pos, (body, start) in enumerate(zip(articles["body"], articles["body_start_line"], strict=True)):
        items = found.setdefault(pos, [])
        lines = BodyLines(str(body), int(start))
        # Only the patterns the body holds what they need for: a line of it can match no other.
        active = tuple(patterns[i] for i in prefilter.candidates(lines.folded))
        for line, text in lines.lines() if active else ():
            hit = find_residue(text, active)
            if hit:
                p, matched = hit
                items.append(
                    {
                        "line": line,
                        "message": f"{p.what}: {matched[:SHOWN]!r}",
                        "pattern": p.id,
                        "text": text.strip()[:200],
                    }
                )
    return evidence_series(ctx.articles.index, found)


def mojibake_fix(text: str) -> str | None:
    """The repaired text if ftfy finds UTF-8 decoded as the wrong charset, else None."""
    if text.isascii() or not is_bad(text):
        return None
    fixed = ftfy.fix_encoding(text)
    return fixed if fixed != text else None


def _token_at(text: str, fixed: str) -> tuple[str, str]:
    # Show the first differing word, so the message points at "Japanâ€™s", not the whole line.
    i = next((k for k, (a, b) in enumerate(zip(text, fixed, strict=False)) if a != b), 0)
    start = text.rfind(" ", 0, i) + 1
    end_bad, end_fix = text.find(" ", i), fixed.find(" ", i)
    return (
        text[start : end_bad if end_bad != -1 else len(text)],
        fixed[start : end_fix if end_fix != -1 else len(fixed)],
    )


def mojibake(ctx: Context) -> pd.Series[Any]:
    """Lines with mojibake ("Japanâ€™s"), detected and repaired by ftfy."""
    found: dict[int, list[dict[str, Any]]] = {}
    for pos, row in enumerate(records(ctx.articles[["body", "body_start_line", "key_lines", *TEXT_KEYS]])):
        body = str(row["body"])
        # An ASCII line is never mojibake (mojibake_fix): an ASCII body's lines need no look.
        lines = [] if body.isascii() else list(BodyLines(body, int(row["body_start_line"])).lines())
        key_lines = row["key_lines"] if isinstance(row["key_lines"], dict) else {}
        lines += [(int(key_lines[k]), str(row[k])) for k in TEXT_KEYS if k in key_lines and isinstance(row[k], str)]
        items = found.setdefault(pos, [])
        for line, text in sorted(lines):
            fixed = mojibake_fix(text)
            if fixed is not None:
                bad, good = _token_at(text, fixed)
                items.append(
                    {
                        "line": line,
                        "message": f"mojibake {bad[:SHOWN]!r} (should read {good[:SHOWN]!r})",
                        "text": bad[:SHOWN],
                        "fixed": good[:SHOWN],
                    }
                )
    return evidence_series(ctx.articles.index, found)


CHECKS: tuple[Check, ...] = (
    Check(
        "boilerplate-residue",
        "boilerplate",
        "warning",
        "No scraping residue: photo credits, video widgets, icon alt text, image links, subscribe prompts, ads",
        "article",
        "articles",
        boilerplate_residue,
    ),
    Check(
        "mojibake",
        "encoding",
        "warning",
        "No mojibake (UTF-8 read as the wrong charset), as detected by ftfy",
        "article",
        "articles",
        mojibake,
    ),
)
