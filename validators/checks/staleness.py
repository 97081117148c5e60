"""Era inference and stale claims: every dated clue (checks/clues.py) bounds an article's date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from validators.checks._text import evidence_series, figures_by_article, norm_name
from validators.checks.clues import (
    CLUES,
    OPEN_END,
    OPEN_START,
    Clue,
    Reference,
    Window,
    era_clues,
    iso_day,
    milestone_clues,
    reference,
)
from validators.context import Context
from validators.figures.kinds import LEVEL_KINDS
from validators.registry import Check

__all__ = ["CLUES", "Era", "era_clues", "infer_eras", "possible_days", "reference"]  # what the pipeline reads here


@dataclass(frozen=True)
class Era:
    """What the clues say about one article's date."""

    clues: tuple[Clue, ...]
    stale: tuple[Clue, ...]
    basis: str  # published | inferred
    anchor: Clue | None
    window: Window | None


def _intersect(a: tuple[Window, ...], b: tuple[Window, ...]) -> tuple[Window, ...]:
    out: list[Window] = []
    i = j = 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if lo < hi:
            out.append((lo, hi))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return tuple(out)


def _window(clues: list[Clue], cap: Window) -> tuple[Window, ...]:
    windows: tuple[Window, ...] = (cap,)
    for clue in clues:
        windows = _intersect(windows, clue.windows)
    return windows


def infer_era(
    published: Any, text: Sequence[Clue], figures: list[dict[str, Any]], ref: Reference, as_of: pd.Timestamp
) -> Era:
    """Combine an article's text clues with its figures' milestones; find the ones its date makes stale."""
    clues = milestone_clues(figures, ref) + list(text)
    clues.sort(key=lambda c: (c.line, c.kind))
    firm = [c for c in clues if c.firm]
    anchor: Clue | None = None
    if not pd.isna(published):
        date = pd.Timestamp(published).date()
        basis = "published"
    else:
        bounded = [c for c in firm if c.start > OPEN_START]
        # The newest lower bound wins: a level or event cannot be quoted before it happened,
        # while an expired fact is exactly what goes stale.
        anchor = max(bounded, key=lambda c: (c.start, -c.line)) if bounded else None
        date = anchor.start if anchor else OPEN_START
        basis = "inferred"
    stale = [c for c in firm if c.end < OPEN_END and c.end + ref.grace <= date]
    kept = [c for c in clues if c not in stale]
    cap = (OPEN_START, as_of.date() + dt.timedelta(days=1))
    windows = _window(kept, cap) or _window([c for c in kept if c.firm], cap)
    window = (windows[0][0], windows[-1][1]) if windows else None
    return Era(clues=tuple(clues), stale=tuple(stale), basis=basis, anchor=anchor, window=window)


MILESTONE_COLUMNS = ("article_id", "instrument", "kind", "value", "qualifier", "sentence", "line")


def milestone_figures(figures: pd.DataFrame, ref: Reference) -> pd.DataFrame:
    """The figures milestone_clues can use (levels of instruments with milestones), in the columns it reads: a row
    dict of every figure costs more than the eras themselves."""
    if figures.empty or not set(MILESTONE_COLUMNS) <= set(figures.columns):
        return figures
    names = figures["instrument"].astype(str)
    with_milestones = {n for n in names.unique() if ref.aliases.get(norm_name(n)) in ref.milestones}
    return figures.loc[figures["kind"].isin(list(LEVEL_KINDS)) & names.isin(with_milestones), list(MILESTONE_COLUMNS)]


def infer_eras(ctx: Context) -> tuple[Era, ...]:
    """Every article's era (stage 2), from stage 1's `era_clues` and the figures: once a run, for every check."""
    ref = reference(ctx.settings.reference_dir)
    per_article = figures_by_article(milestone_figures(ctx.figures, ref))
    articles = ctx.articles
    return tuple(
        infer_era(published, clues, per_article.get(str(aid), []), ref, ctx.settings.as_of)
        for aid, published, clues in zip(articles["article_id"], articles["published"], articles[CLUES], strict=True)
    )


def eras_of(ctx: Context) -> tuple[Era, ...]:
    """The eras stage 2 carried on the context; worked out here only for a context built without them."""
    return ctx.eras if ctx.eras is not None else infer_eras(ctx)


def possible_days(ctx: Context, article_ids: Collection[str]) -> dict[str, tuple[dt.date | None, dt.date]]:
    """Those of `article_ids` that are undated: the first day their clues allow (None when no clue bounds it
    from below) and the last (the run's date when none bounds it from above)."""
    wanted = ctx.articles["article_id"].isin(article_ids) & ctx.articles["published"].isna()
    return {
        str(aid): (
            None if era.window[0] == OPEN_START else era.window[0],
            era.window[1] - dt.timedelta(days=1),
        )
        for aid, era, keep in zip(ctx.articles["article_id"], eras_of(ctx), wanted, strict=True)
        if keep and era.window is not None
    }


def _era_evidence(era: Era) -> dict[str, Any]:
    if era.window is None:
        return {"from": None, "until": None}
    return {"from": iso_day(era.window[0]), "until": iso_day(era.window[1])}


def stale_claim(ctx: Context) -> pd.Series[Any]:
    """Facts asserted as current, or outlooks, that had expired by the article's date."""
    found: dict[int, list[dict[str, Any]]] = {}
    for pos, (published, era) in enumerate(zip(ctx.articles["published"], eras_of(ctx), strict=True)):
        if not era.stale:
            continue
        if era.basis == "published":
            when = f"the article is published {pd.Timestamp(published).date()}"
        else:
            assert era.anchor is not None
            when = f"'{era.anchor.phrase}' (line {era.anchor.line}) dates it on or after {era.anchor.start}"
        clues = [c.evidence() for c in era.clues]
        found[pos] = [
            {
                "line": c.line,
                "message": f"'{c.phrase}' {c.claim()}, but {when}",
                "clue": c.evidence(),
                "clues": clues,
                "basis": era.basis,
                "era": _era_evidence(era),
            }
            for c in era.stale
        ]
    return evidence_series(ctx.articles.index, found)


def era_inferred(ctx: Context) -> pd.Series[Any]:
    """Undated articles: the date window their clues allow, as evidence."""
    found: dict[int, list[dict[str, Any]]] = {}
    for pos, era in enumerate(eras_of(ctx)):
        firm = [c for c in era.clues if c.firm]
        if era.basis != "inferred" or not firm:
            continue
        ev = _era_evidence(era)
        line = era.anchor.line if era.anchor else firm[0].line
        last = era.window[1] - dt.timedelta(days=1) if era.window and era.window[1] < OPEN_END else None
        # A window capped only by the run date says "on or after": the message must not change
        # from one day to the next, or every baseline entry for it would go stale overnight.
        capped = last is None or last >= ctx.settings.as_of.date()
        span = (
            f"on or after {ev['from']}"
            if capped and ev["from"]
            else ("at any date" if capped else f"between {ev['from'] or 'any date'} and {last}")
        )
        found[pos] = [
            {
                "line": line,
                "message": f"undated; {len(era.clues)} dated clue(s) place it {span}",
                "era": ev,
                "clues": [c.evidence() for c in era.clues],
                "stale": len(era.stale),
            }
        ]
    return evidence_series(ctx.articles.index, found)


CHECKS: tuple[Check, ...] = (
    Check(
        "stale-claim",
        "staleness",
        "warning",
        "Articles assert no fact outside its validity window",
        "dataset",
        "articles",
        stale_claim,
    ),
    Check(
        "era-inferred",
        "staleness",
        "info",
        "Undated articles: the date window their dated clues allow (facts, milestones, years, seasons)",
        "dataset",
        "articles",
        era_inferred,
    ),
)
