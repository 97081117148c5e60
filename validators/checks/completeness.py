"""Completeness: front matter present, required keys there and filled, a body worth the name."""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

import pandas as pd

from validators.context import Context
from validators.normalize import KNOWN_KEYS
from validators.reading import FENCE, TOML_FENCE
from validators.registry import Check

Item = dict[str, Any]
REQUIRED_KEYS = KNOWN_KEYS
# Compared after strip().casefold(); values an editor or scraper leaves when it has nothing.
PLACEHOLDER_WORDS = (
    "unknown",
    "n/a",
    "na",
    "tbd",
    "tba",
    "none",
    "null",
    "nil",
    "-",
    "--",
    "?",
    "todo",
    "placeholder",
    "untitled",
    "undefined",
)
PLACEHOLDERS = frozenset({"", *PLACEHOLDER_WORDS})
# Below this a body is a stub, a teaser or a scraping failure rather than an article.
MIN_BODY_WORDS = 50


def per_row(ctx: Context, fn: Callable[[Mapping[str, Any]], list[Item]], table: str = "articles") -> pd.Series:
    """Apply a row function that returns evidence items to every row of a table; empty lists become None."""
    rows = ctx.article_rows if table == "articles" else ctx.figure_rows
    index = (ctx.articles if table == "articles" else ctx.figures).index
    return pd.Series([fn(row) or None for row in rows], index=index, dtype=object)


def _has_front_matter(row: Mapping[str, Any]) -> bool:
    return bool(row["front_matter_status"] == "ok")


def _missing_front_matter(row: Mapping[str, Any]) -> list[Item]:
    if row["front_matter_status"] != "absent":
        return []
    return [
        {"line": 1, "message": "no front matter: title, source, url, published, category and summary are all unknown"}
    ]


def missing_front_matter(ctx: Context) -> pd.Series:
    """Articles without a front-matter block (`---` or `+++`; an invalid one is already a parse finding)."""
    return per_row(ctx, _missing_front_matter)


def required_keys(ctx: Context) -> tuple[str, ...]:
    """The front-matter keys this run requires (the config's `required`; by default every known key)."""
    required = ctx.settings.required
    return REQUIRED_KEYS if required is None else tuple(required)


def placeholder_words(ctx: Context) -> frozenset[str]:
    """The values that stand for a missing one in this run (the config's `placeholders`), casefolded, with ""."""
    words = ctx.settings.placeholders
    return PLACEHOLDERS if words is None else frozenset({"", *(w.strip().casefold() for w in words)})


def _missing_keys(row: Mapping[str, Any], required: Sequence[str]) -> list[Item]:
    if not _has_front_matter(row):
        return []
    present = set(row["front_matter_keys"])
    line = int(row["body_start_line"] or 1)
    return [
        {"line": line, "message": f"required front-matter key '{key}' is missing", "key": key}
        for key in required
        if key not in present
    ]


def missing_required_key(ctx: Context) -> pd.Series:
    """Each required front-matter key (Settings.required) absent from a front matter that is there."""
    return per_row(ctx, functools.partial(_missing_keys, required=required_keys(ctx)))


def _written_value(row: Mapping[str, Any], key: str) -> Any:
    # `published` is kept as written in published_raw; the parsed column would hide "TBD".
    return row["published_raw"] if key == "published" else row[key]


def is_placeholder(value: Any, words: Collection[str] = PLACEHOLDERS) -> bool:
    """Whether a front-matter value says nothing (empty, "Unknown", "N/A", ...; `words` casefolded)."""
    return value is None or (isinstance(value, str) and value.strip().casefold() in words)


def _placeholders(row: Mapping[str, Any], required: Sequence[str], words: Collection[str]) -> list[Item]:
    if not _has_front_matter(row):
        return []
    out: list[Item] = []
    for key in required:
        if key not in row["front_matter_keys"] or key in row["front_matter_mistyped"]:
            continue
        value = _written_value(row, key)
        if is_placeholder(value, words):
            what = "is empty" if value is None or not str(value).strip() else f"is a placeholder: {value!r}"
            out.append(
                {
                    "line": int(row["key_lines"].get(key, row["body_start_line"])),
                    "message": f"'{key}' {what}",
                    "key": key,
                    "value": value,
                }
            )
    return out


def placeholder_value(ctx: Context) -> pd.Series:
    """Required keys whose value is empty or a placeholder such as "Unknown" (Settings.placeholders)."""
    fn = functools.partial(_placeholders, required=required_keys(ctx), words=placeholder_words(ctx))
    return per_row(ctx, fn)


def _words(row: Mapping[str, Any]) -> int:
    return int(row["n_words"])


def _empty_body(row: Mapping[str, Any]) -> list[Item]:
    if _words(row):
        return []
    # With nothing after the front matter, the body's first line does not exist: point at the fence.
    line = int(row["body_start_line"]) - (not row["body"] and _has_front_matter(row))
    return [{"line": max(1, line), "message": "the article has no body text"}]


def _short_body(row: Mapping[str, Any]) -> list[Item]:
    words = _words(row)
    if not 0 < words < MIN_BODY_WORDS:
        return []
    return [
        {
            "line": int(row["body_start_line"]),
            "message": f"the body has only {words} words (fewer than {MIN_BODY_WORDS}): a stub, not an article",
            "words": words,
        }
    ]


def empty_body(ctx: Context) -> pd.Series:
    """Articles whose body has no words at all."""
    return per_row(ctx, _empty_body)


def short_body(ctx: Context) -> pd.Series:
    """Articles whose body is near-empty."""
    return per_row(ctx, _short_body)


CHECKS: tuple[Check, ...] = (
    Check(
        "missing-front-matter",
        "completeness",
        "error",
        f"every article starts with a {FENCE} (or {TOML_FENCE}) front-matter block",
        "article",
        "articles",
        missing_front_matter,
    ),
    Check(
        "missing-required-key",
        "completeness",
        "error",
        f"every front matter has {', '.join(REQUIRED_KEYS[:-1])} and {REQUIRED_KEYS[-1]}",
        "article",
        "articles",
        missing_required_key,
    ),
    Check(
        "placeholder-value",
        "completeness",
        "warning",
        "no required front-matter value is empty or a placeholder "
        f"(in any letter case: {', '.join(PLACEHOLDER_WORDS)})",
        "article",
        "articles",
        placeholder_value,
    ),
    Check("empty-body", "completeness", "error", "every article has body text", "article", "articles", empty_body),
    Check(
        "short-body",
        "completeness",
        "warning",
        f"every article body has at least {MIN_BODY_WORDS} words",
        "article",
        "articles",
        short_body,
    ),
)
