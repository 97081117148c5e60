"""Normalize stage: RawArticles to the articles table (one row per article)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

import pandas as pd

from validators.findings import Finding
from validators.reading import RawArticle, to_utc
from validators.reading.front_matter import utc
from validators.reading.timestamps import ISO, SHAPE_NAMES, parse_timestamp
from validators.registry import Check

KNOWN_KEYS = ("title", "source", "url", "published", "category", "summary")
TEXT_KEYS = ("title", "source", "url", "category", "summary")
WORD_RE = re.compile(r"\S+")
ARTICLE_COLUMNS = (
    "article_id",
    "title",
    "title_source",
    "source",
    "url",
    "published",
    "published_raw",
    "category",
    "summary",
    "has_front_matter",
    "front_matter_status",
    "front_matter_keys",
    "front_matter_extra",
    "front_matter_mistyped",
    "front_matter_recovered",
    "key_lines",
    "body_start_line",
    "title_line",
    "n_words",
    "n_chars",
    "encoding",
    "body",
)
# Columns of text: held as objects (None when missing), but as pandas' string dtype in an empty table, where no
# value shows the schema that an object column holds text.
TEXT_COLUMNS = (
    "article_id",
    *TEXT_KEYS,
    "title_source",
    "published_raw",
    "front_matter_status",
    "front_matter_recovered",
    "encoding",
    "body",
)


def _type_finding(raw: RawArticle, key: str, value: Any, expected: str) -> Finding:
    return Finding(
        article=raw.article_id,
        line=raw.key_lines.get(key, 1),
        check="front-matter-type",
        category="parse",
        severity="error",
        message=f"'{key}' must be {expected}, got {type(value).__name__} {value!r:.60}",
        evidence={"key": key, "type": type(value).__name__},
    )


def _text_value(raw: RawArticle, key: str, findings: list[Finding]) -> str | None:
    value = (raw.front_matter or {}).get(key)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float, bool, dt.date)) and key != "title":
        # A scalar YAML typed for us (e.g. `source: 2024`) is still the text the author wrote.
        return str(value)
    findings.append(_type_finding(raw, key, value, "a string"))
    return None


def _published(raw: RawArticle, findings: list[Finding]) -> tuple[pd.Timestamp | None, str | None]:
    value = (raw.front_matter or {}).get("published")
    if value is None:
        return None, None
    line = raw.key_lines.get("published", 1)
    if isinstance(value, bool) or not isinstance(value, (str, dt.date)):
        findings.append(_type_finding(raw, "published", value, "an ISO 8601 timestamp"))
        return None, str(value)
    raw_text = value if isinstance(value, str) else value.isoformat()
    parsed = parse_timestamp(value) if isinstance(value, str) else None
    stamp, assumed = (utc(parsed.stamp), parsed.assumed) if parsed else to_utc(value)
    if stamp is None:
        # Neither ISO 8601 nor a shape of reading.timestamps: left NaT here; the date suite reports it as
        # `published-not-iso`.
        return None, raw_text
    read_as = stamp.isoformat().replace("+00:00", "Z")

    def warn(check: str, why: str, **evidence: Any) -> None:
        message = f"published {raw_text!r} {why} ({read_as})"
        evidence = {"published_raw": raw_text, **evidence}
        findings.append(Finding(raw.article_id, line, check, "parse", "warning", message, evidence))

    if parsed is not None and (shape := parsed.shape) != ISO:
        warn(check="published-shape", why=f"is not ISO 8601; read as {shape}", shape=shape)
    if assumed:
        warn(check="published-no-timezone", why="has no time zone; read as UTC")
    if not pd.Timestamp.min <= stamp.replace(tzinfo=None) <= pd.Timestamp.max:  # stamp is in UTC
        # The table holds nanoseconds (1677 to 2262): "0001-01-01" stays in published_raw, and the date checks
        # report it from there as too early or in the future.
        return None, raw_text
    return pd.Timestamp(stamp), raw_text


def _derived_title(raw: RawArticle) -> tuple[str | None, int | None]:
    body = raw.body
    for m in re.finditer(r"[^\n]*\S[^\n]*", body):
        return m.group(0).strip().lstrip("#").strip(), raw.line_of(raw.body_offset + m.start())
    return None, None


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def article_row(raw: RawArticle) -> tuple[dict[str, Any], list[Finding]]:
    """One row of the articles table, plus the findings normalizing it produced."""
    findings: list[Finding] = []
    fm = raw.front_matter or {}
    values = {k: _text_value(raw, k, findings) for k in TEXT_KEYS}
    published, published_raw = _published(raw, findings)
    title, title_line = values["title"], raw.key_lines.get("title")
    title_source: str | None = "front_matter"
    if title is None and raw.front_matter_status == "absent":
        title, title_line = _derived_title(raw)
        title_source = "first_line" if title is not None else None
    elif title is None:
        title_source = None
    body = raw.body
    row: dict[str, Any] = {
        "article_id": raw.article_id,
        **values,
        "title": title,
        "title_source": title_source,
        "published": published,
        "published_raw": published_raw,
        "has_front_matter": raw.front_matter_status != "absent",
        "front_matter_status": raw.front_matter_status,
        "front_matter_keys": list(fm),
        "front_matter_extra": {k: _jsonable(v) for k, v in fm.items() if k not in KNOWN_KEYS},
        # Reported by front-matter-type: the checks of values (placeholder, ISO date) leave these keys alone.
        "front_matter_mistyped": sorted({f.evidence["key"] for f in findings if f.check == "front-matter-type"}),
        # Keys read line by line from a front matter that is not YAML (comma-separated, file order), else None.
        "front_matter_recovered": ", ".join(raw.recovered) or None,
        "key_lines": dict(raw.key_lines),
        "body_start_line": raw.body_start_line,
        "title_line": title_line,
        "n_words": len(WORD_RE.findall(body)),
        "n_chars": len(body),
        "encoding": raw.encoding,
        "body": body,
    }
    return row, findings


def articles_table(rows: Iterable[dict[str, Any]]) -> pd.DataFrame:
    """Rows to the articles DataFrame with the contract's dtypes (empty input gives an empty table)."""
    df = pd.DataFrame(list(rows), columns=list(ARTICLE_COLUMNS))
    df["published"] = pd.to_datetime(df["published"], utc=True).dt.as_unit("ns")
    for col in ("body_start_line", "n_words", "n_chars"):
        df[col] = df[col].astype("int64")
    df["title_line"] = df["title_line"].astype("Int64")
    df["has_front_matter"] = df["has_front_matter"].astype(bool)
    for col in TEXT_COLUMNS:
        # pandas reads a column of text with a gap as its string dtype, NaN in the gap: held as objects, None
        # there, whatever the other rows hold, so that a row is the same in any batch of articles.
        df[col] = df[col].astype("str") if df.empty else df[col].astype(object).where(df[col].notna(), None)
    return df


# The findings normalizing reports itself: the value is left out of the row (a mistyped key) or read as UTC.
CHECKS: tuple[Check, ...] = (
    Check(
        "front-matter-type",
        "parse",
        "error",
        "every front-matter value has its key's type (text; published an ISO 8601 timestamp)",
        "normalize",
    ),
    Check(
        "published-no-timezone", "parse", "warning", "published gives its time zone (none: read as UTC)", "normalize"
    ),
    Check(
        "published-shape",
        "parse",
        "warning",
        f"published is ISO 8601 (read too, and reported: {'; '.join(SHAPE_NAMES)})",
        "normalize",
    ),
)
