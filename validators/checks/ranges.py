"""Plausible ranges: each figure's era, and the GX range expectations generated from `ranges.yaml`."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pandas as pd

from validators.checks._text import load_yaml
from validators.context import Context
from validators.reading import reference_entries, reference_value
from validators.registry import GX_SEVERITY, Check, described

RANGES_FILE = "ranges.yaml"
# Asserted by the expectations generated per era and instrument (range_expectations), with no evidence column.
LEVEL = Check(
    "level-out-of-range",
    "range",
    "error",
    f"the levels of an instrument lie in the range {RANGES_FILE} gives it for the figure's era",
    "suite",
    "figures",
)
MOVE = Check(
    "move-out-of-range",
    "range",
    "warning",
    f"the daily moves of an instrument are within the largest move {RANGES_FILE} gives it for the figure's era",
    "suite",
    "figures",
)
NO_ERA = Check(
    "range-no-era",
    "range",
    "info",
    f"every figure of a ranged instrument is dated within an era of {RANGES_FILE}",
    "suite",
    "figures",
)
CHECKS: tuple[Check, ...] = (LEVEL, MOVE, NO_ERA)


@functools.cache
def load_ranges(reference_dir: Path) -> dict[str, Any]:
    """The ranges reference data, loaded once per folder and checked: a malformed entry is a UsageError at its line."""
    path = reference_dir / RANGES_FILE
    return _checked(path, load_yaml(path))


def _checked(path: Path, data: Any) -> dict[str, Any]:
    """`data` of ranges.yaml, once every era is dated and every range is a [min, max] pair and a positive move."""
    reference_entries(path, data, "level_kinds", str)

    def era(e: dict[str, Any]) -> None:
        start, end = pd.Timestamp(e["start"]), pd.Timestamp(e["end"])
        if start > end or not str(e["name"]) or not isinstance(e["instruments"], dict):
            raise ValueError("an era needs a name, start <= end and a mapping of instruments")

    def spec(s: dict[str, Any]) -> None:
        level, pct = s["level"], s["max_move_pct"]
        numbers = [*level, pct] if isinstance(level, list) else []
        if len(numbers) != 3 or any(isinstance(v, bool) or not isinstance(v, int | float) for v in numbers):
            raise ValueError(f"level must be [min, max] and max_move_pct a number, got {level!r} and {pct!r}")
        if not level[0] <= level[1] or pct <= 0:
            raise ValueError(f"level [min, max] needs min <= max and max_move_pct > 0, got {level!r} and {pct!r}")

    reference_entries(path, data, "eras", era)
    for i, e in enumerate(data["eras"]):
        for name, s in e["instruments"].items():
            reference_value(path, ("eras", i, "instruments", name), functools.partial(spec, s))
    return dict(data)


def figure_days(ctx: Context) -> tuple[pd.Series, pd.Series]:
    """The first and last day each figure may refer to.

    A dated figure (its as_of, else its article's published time) has one day. An undated article's figures
    may refer to any day its clues allow, up to the run's as_of; with no clue bounding it from below (none
    at all, or "before 2020-12-31") they are taken to be as late as the clues allow.
    """
    from validators.checks.staleness import possible_days  # era inference, only when a figure needs it

    published = ctx.articles.set_index("article_id")["published"]
    dated = ctx.figures["as_of"].fillna(ctx.figures["article_id"].map(published))
    first, last = dated, dated
    if dated.isna().any():
        days = possible_days(ctx, ctx.figures.loc[dated.isna(), "article_id"].unique())

        def bound(pick: int) -> pd.Series:
            found = {a: pd.Timestamp(day, tz="UTC") for a, d in days.items() if (day := d[pick]) is not None}
            if not found:  # (mapping an empty dict gives an object column that cannot fill a datetime one)
                return dated
            return dated.fillna(pd.to_datetime(ctx.figures["article_id"].map(found), utc=True).astype(dated.dtype))

        first, last = bound(0), bound(1)
    last = last.fillna(ctx.settings.as_of)
    return first.fillna(last), last


def range_era(ctx: Context) -> pd.Series:
    """Derived column `range_era`: the era whose ranges apply to each figure (None: no era's do).

    That is the era holding every day the figure may refer to. An undated figure that may be from more than
    one era is held to their ranges together: to the first of them it is plausible in, else to the latest.
    One that may be from before every era (an undated article that may be from 2020 as well as from now)
    gets None: no ranges are known to apply to it.
    """
    out = pd.Series([None] * len(ctx.figures), index=ctx.figures.index, dtype=object)
    if ctx.figures.empty:
        return out
    ranges = load_ranges(ctx.settings.reference_dir)
    first, last = figure_days(ctx)
    spans = []
    for era in ranges["eras"]:
        start = pd.Timestamp(era["start"], tz="UTC")
        end = pd.Timestamp(era["end"], tz="UTC") + pd.Timedelta(days=1)
        out[(first >= start) & (last < end)] = era["name"]
        spans.append((start, end, era))
    spans.sort(key=lambda span: span[0])
    for i in out.index[out.isna() & (first < last)]:
        held = [span for span in spans if span[0] <= last[i] and first[i] < span[1]]
        gaps = any(a[1] != b[0] for a, b in zip(held, held[1:], strict=False))
        if not held or held[0][0] > first[i] or held[-1][1] <= last[i] or gaps:
            continue  # some day it may be from is in no era
        fig = ctx.figures.loc[i]
        eras = [era for _, _, era in held]
        out[i] = next((era["name"] for era in eras if _plausible(fig, era, ranges["level_kinds"])), eras[-1]["name"])
    return out


def _plausible(fig: pd.Series, era: dict[str, Any], level_kinds: list[str]) -> bool:
    """Whether a figure passes the era's range expectations (those range_expectations makes of it)."""
    spec = era["instruments"].get(fig["instrument"])
    if spec is None:
        return True
    if fig["kind"] in level_kinds:
        return bool(spec["level"][0] <= fig["value"] <= spec["level"][1])
    if fig["kind"] == "pct_change" and fig["as_of_basis"] != "period":
        return bool(abs(fig["value"]) <= spec["max_move_pct"])
    return True


def _eq(column: str, value: Any) -> dict[str, Any]:
    return {"type": "comparison", "column": {"name": column}, "operator": "==", "parameter": value}


def _ne(column: str, value: Any) -> dict[str, Any]:
    return {"type": "comparison", "column": {"name": column}, "operator": "!=", "parameter": value}


def _in(column: str, values: list[str]) -> dict[str, Any]:
    return {"type": "comparison", "column": {"name": column}, "operator": "IN", "parameter": values}


def _expectation(
    check: Check, column: str, conditions: list[dict[str, Any]], asserts: str, message: str, **bounds: Any
) -> dict[str, Any]:
    kind = "expect_column_values_to_not_be_null" if not bounds else "expect_column_values_to_be_between"
    return {
        "type": kind,
        "kwargs": {"column": column, **bounds, "row_condition": {"type": "and", "conditions": conditions}},
        "meta": {"check": check.id, "category": check.category, "source": RANGES_FILE, "message": message},
        "severity": GX_SEVERITY[check.severity],
        "description": described(check.id, check.severity, asserts),
    }


def range_expectations(ranges: dict[str, Any]) -> list[dict[str, Any]]:
    """The figures-suite expectations that `ranges.yaml` stands for, in a stable order."""
    level_kinds = list(ranges["level_kinds"])
    out: list[dict[str, Any]] = []
    names: list[str] = []
    for era in ranges["eras"]:
        span = f"dated {era['start']} to {era['end']}"
        for name, spec in era["instruments"].items():
            names += [name] if name not in names else []
            lo, hi = spec["level"]
            pct = spec["max_move_pct"]
            where = [_eq("instrument", name), _in("kind", level_kinds), _eq("range_era", era["name"])]
            out.append(
                _expectation(
                    LEVEL,
                    "value",
                    where,
                    f"{name} levels {span} lie in {lo:,}-{hi:,}",
                    f"{{instrument}} level {{value:,.2f}} is outside the plausible range {lo:,}-{hi:,} for "
                    f"{era['name']}",
                    min_value=lo,
                    max_value=hi,
                )
            )
            # A change "over six months" (basis `period`) is no daily move.
            where = [
                _eq("instrument", name),
                _eq("kind", "pct_change"),
                _eq("range_era", era["name"]),
                _ne("as_of_basis", "period"),
            ]
            out.append(
                _expectation(
                    MOVE,
                    "value",
                    where,
                    f"{name} daily moves {span} are within +/-{pct}%",
                    f"{{instrument}} move of {{value:+.2f}}% is beyond the largest plausible daily move (+/-{pct}%) "
                    f"for {era['name']}",
                    min_value=-pct,
                    max_value=pct,
                )
            )
    out.append(
        _expectation(
            NO_ERA,
            "range_era",
            [_in("instrument", names)],
            NO_ERA.description,
            f"no era in {RANGES_FILE} covers the date of this {{instrument}} figure ({{value:,.2f}}): "
            "not range-checked",
        )
    )
    return out
