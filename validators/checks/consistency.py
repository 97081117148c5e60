"""Internal consistency: one sentence's point change, percent change and level of an instrument agree."""

from __future__ import annotations

from typing import Any

import pandas as pd

from validators.context import Context
from validators.figures import approx_re
from validators.figures.kinds import TRIPLE_KINDS
from validators.registry import Check


def _unit(x: float) -> float:
    """One unit in the last decimal place the figure was written with (from its shortest repr).

    A whole number was written without decimals ("down 1 per cent"): its unit is 1.
    """
    text = repr(abs(float(x)))
    if "e" in text:
        return 0.0
    whole, _, frac = text.partition(".")
    return 1.0 if frac == "0" else 10.0 ** -len(frac)


def _disagreement(level: float | None, points: float | None, pct: float | None) -> str | None:
    """Why the three figures cannot all be true, or None when they agree within rounding."""
    if points is None or pct is None:
        return None
    if points * pct < 0:
        return f"a move of {points:+,.2f} points but {pct:+.2f}%"
    if level is None:
        return None
    prev = level - points
    if prev <= 0:
        return f"a close of {level:,.2f} after a move of {points:+,.2f} points leaves no positive previous close"
    implied = 100 * points / prev
    # One unit of the quoted percent (writers truncate as well as round), plus what the rounding
    # of the points and the level can move the implied percent.
    tol = _unit(pct) + 100 * _unit(points) / prev + 100 * abs(points) * _unit(level) / prev**2 + 1e-9
    if abs(implied - pct) <= tol:
        return None
    return f"{points:+,.2f} points to {level:,.2f} is {implied:+.2f}%, not {pct:+.2f}% (previous close {prev:,.2f})"


def figure_inconsistent(ctx: Context) -> pd.Series:
    """A point change, percent change and level quoted together that arithmetic says cannot all hold."""
    figures = ctx.figures
    out = pd.Series([None] * len(figures), index=figures.index, dtype=object)
    # "about 0.1%", "nearly 3%": a rounded-on-purpose figure cannot be held to rounding.
    exact = figures[
        figures["kind"].isin(TRIPLE_KINDS) & ~figures["qualifier"].fillna("").astype(str).str.contains(approx_re())
    ]
    # Grouped in plain dicts: DataFrame.groupby costs about half a millisecond a group, minutes on a large corpus.
    groups: dict[tuple[str, str, str], dict[str, list[tuple[Any, float, int]]]] = {}
    columns = (exact[c] for c in ("article_id", "instrument", "sentence", "kind", "value", "line"))
    for idx, article, instrument, sentence, kind, value, line in zip(exact.index, *columns, strict=True):
        groups.setdefault((article, instrument, sentence), {}).setdefault(kind, []).append((idx, value, line))
    for (_, instrument, _), by_kind in groups.items():
        if any(len(found) > 1 for found in by_kind.values()):
            continue  # two moves of one instrument in a sentence: which pairs is unclear
        level, points, pct = (float(by_kind[k][0][1]) if k in by_kind else None for k in TRIPLE_KINDS)
        reason = _disagreement(level, points, pct)
        if reason is None:
            continue
        idx, _, line = by_kind["pct_change"][0]
        out[idx] = [
            {
                "line": int(line),
                "message": f"{instrument}: {reason}",
                "instrument": instrument,
                "level": level,
                "points": points,
                "pct": pct,
            }
        ]
    return out


CHECKS: tuple[Check, ...] = (
    Check(
        "figure-inconsistent",
        "consistency",
        "error",
        "a point change, percent change and level quoted together agree within rounding",
        "article",
        "figures",
        figure_inconsistent,
    ),
)
