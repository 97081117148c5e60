"""What the three contradiction checks share: the figures prepared once for them (matching key, day, exactness
flags, plain records) and their conflicts turned into each article's evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from validators.checks._text import evidence_series, norm_names, records
from validators.context import Context
from validators.figures import COLUMNS, approx_re

RECORD_RE = re.compile(r"record|first time|all-time|ever\b|histor", re.I)


@dataclass(frozen=True)
class Conflict:
    """One side of a disagreement: the figure here and the one it disagrees with."""

    here: int  # position in the prepared figures frame
    other: int
    message: str
    extra: dict[str, Any]


def prepared(ctx: Context) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """The figures with a matching key (`inst`), the as-of day and exactness flags; and as records: worked out
    once per context for the three contradiction checks, which only read it."""
    return ctx.once(lambda c: _prepare(c.figures), key="contradictions.prepared")


# The figure columns the contradiction checks read (their rows' records carry these and the derived ones).
PREPARED_COLUMNS = (
    *("article_id", "line", "sentence", "instrument", "kind", "value", "as_of", "qualifier"),
    *("char_start", "char_end"),
)


def _prepare(figures: pd.DataFrame) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    if figures.empty or "instrument" not in figures.columns:
        return pd.DataFrame(columns=[*COLUMNS, "inst", "day", "approx", "record"]), []
    df = figures[[c for c in PREPARED_COLUMNS if c in figures.columns]].reset_index(drop=True)
    df["inst"] = norm_names(df["instrument"])
    as_of = pd.to_datetime(df["as_of"], utc=True)
    df["day"] = as_of.dt.tz_convert(None).dt.normalize()
    qual = df["qualifier"].fillna("").astype(str)
    df["approx"] = qual.str.contains(approx_re())  # "nearly", "over": not exact enough to contradict
    df["record"] = qual.str.contains(RECORD_RE)
    df["value"] = pd.to_numeric(df["value"], errors="coerce")
    # Positions and labels coincide from here on, so conflicts can carry plain ints.
    df = df[df["value"].notna()].reset_index(drop=True)
    return df, records(df.drop(columns="as_of"))  # `day` stands for it in the records: 340k Timestamps fewer


def fmt(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def conflict_evidence(ctx: Context, recs: list[dict[str, Any]], conflicts: list[Conflict]) -> pd.Series[Any]:
    rows: dict[str, list[dict[str, Any]]] = {}
    seen: set[tuple[int, str]] = set()
    for c in conflicts:
        here, other = recs[c.here], recs[c.other]
        key = (c.here, str(other["article_id"]))
        if key in seen:
            continue
        seen.add(key)
        rows.setdefault(str(here["article_id"]), []).append(
            {
                "line": int(here["line"]),
                "message": c.message,
                "other_article": str(other["article_id"]),
                "other_line": int(other["line"]),
                "sentence": str(here.get("sentence") or ""),
                "other_sentence": str(other.get("sentence") or ""),
                "instrument": str(here["instrument"]),
                **c.extra,
            }
        )
    found = {
        pos: sorted(rows[str(aid)], key=lambda it: int(it["line"]))
        for pos, aid in enumerate(ctx.articles["article_id"])
        if str(aid) in rows
    }
    return evidence_series(ctx.articles.index, found)


def day_iso(fig: dict[str, Any]) -> str:
    return pd.Timestamp(fig["day"]).date().isoformat()
