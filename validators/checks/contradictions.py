"""Contradictions across articles, blocked by instrument (and date) so the work stays O(n log n)."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from validators.checks._conflicts import Conflict, conflict_evidence, day_iso, fmt, prepared
from validators.context import Context
from validators.figures.kinds import LEVEL_KINDS, MOVE_KINDS, RECORD_KINDS
from validators.markets import markets, session_close
from validators.registry import Check

# How far two same-day figures may differ before they disagree: ("rel", fraction of the
# larger) or ("abs", units). Index levels move a few percent within a day, so only a gap
# no intraday path explains counts.
TOLERANCE: dict[str, tuple[str, float]] = {
    "level": ("rel", 0.05),
    "fx_rate": ("rel", 0.03),
    "pct_change": ("abs", 2.0),
    "point_change": ("rel", 0.5),
    "count": ("rel", 0.1),
    "ratio": ("rel", 0.1),
}
# A rise and a fall of at least this much are never the same report.
SIGN_FLOOR = 0.3
YTD_TOLERANCE = 0.03  # implied year-start levels further apart than this disagree
YTD_LEVEL_WINDOW = 0.05  # undated YTD claims are compared with others quoted at about the same level
YTD_NEIGHBOURS = 25
YTD_REACH = 400  # characters back from a YTD figure to the level it is measured at
RECORD_MARGIN = 0.001


def _close(a: float, b: float, kind: str) -> bool:
    if kind in MOVE_KINDS and a * b < 0 and min(abs(a), abs(b)) >= SIGN_FLOOR:
        return False
    mode, tol = TOLERANCE.get(kind, ("rel", YTD_TOLERANCE))
    if mode == "abs":
        return abs(a - b) <= tol
    return abs(a - b) <= tol * max(abs(a), abs(b))


def consensus_conflicts(values: np.ndarray[Any, Any], articles: list[str], kind: str) -> Iterator[tuple[int, int]]:
    """(here, other) positions for every article none of whose values agree with the consensus.

    Values are sorted and split into clusters where neighbours stop agreeing; the cluster most
    articles share is the consensus. With no single consensus, every article is checked
    against the clusters it is not in.
    """
    order = np.argsort(values, kind="stable")
    cluster_of = np.empty(len(values), dtype=np.int64)
    cid = 0
    for k, pos in enumerate(order):
        if k and not _close(float(values[order[k - 1]]), float(values[pos]), kind):
            cid += 1
        cluster_of[pos] = cid
    if cid == 0:
        return
    members: dict[int, list[int]] = {}
    for pos in order:
        members.setdefault(int(cluster_of[pos]), []).append(int(pos))
    arts = {c: {articles[p] for p in ps} for c, ps in members.items()}
    best = max(len(a) for a in arts.values())
    top = [c for c, a in arts.items() if len(a) == best]
    mine: dict[str, list[int]] = {}
    for pos, art in enumerate(articles):
        mine.setdefault(art, []).append(pos)
    for positions in mine.values():
        clusters = {int(cluster_of[p]) for p in positions}
        if len(top) == 1 and top[0] in clusters:
            continue
        candidates = [c for c in (top if len(top) == 1 else arts) if c not in clusters]
        if not candidates:
            continue
        # The nearest disagreeing pair, each cluster stood for by its median member.
        reps = [members[c][len(members[c]) // 2] for c in candidates]
        here, other = min(
            ((p, r) for p in positions for r in reps), key=lambda pr: abs(float(values[pr[0]]) - float(values[pr[1]]))
        )
        yield here, other


def _mid_session(ctx: Context, figs: pd.DataFrame) -> pd.Series[bool]:
    """Figures an article gave on their own day before its market closed: a reading as the session went
    ("fell 10 points to 2396 this morning"), which later readings and the close may rightly differ from."""
    if figs.empty:
        return pd.Series(False, index=figs.index)
    known = markets(ctx.settings.reference_dir)
    published = figs["article_id"].map(ctx.articles.set_index("article_id")["published"])
    zone = figs["instrument"].map(lambda i: known[i].timezone if i in known else None)
    out = np.zeros(len(figs), dtype=bool)
    for tz, idx in zone.groupby(zone, sort=False).indices.items():
        pub = published.iloc[idx]
        # A market-less figure, an undated article or one given on a later day: after that day's close.
        local = pd.to_datetime(pub, utc=True).dt.tz_convert(str(tz)).dt.tz_localize(None).dt.normalize()
        same = (local == figs["day"].iloc[idx]).to_numpy(dtype=bool, na_value=False)
        rows = np.asarray(idx)[same]
        days, pubs = figs["day"].iloc[rows].dt.date.tolist(), list(published.iloc[rows])
        for row, name, day, pub in zip(rows.tolist(), figs["instrument"].iloc[rows], days, pubs, strict=True):
            market = known[str(name)]
            close = session_close(market, day)
            out[row] = close is not None and pub < close
    return pd.Series(out, index=figs.index, dtype=bool)


def figure_conflict(ctx: Context) -> pd.Series[Any]:
    """Same instrument, kind and as-of day, values that cannot both be right."""
    df, recs = prepared(ctx)
    exact = df[df["kind"].isin(list(TOLERANCE)) & ~df["approx"] & df["day"].notna()]
    # Only blocks that two articles speak to can disagree; count them without a Python loop.
    spread = exact.groupby(["inst", "kind", "day"])["article_id"].transform("nunique")
    conflicts: list[Conflict] = []
    shared = exact[spread > 1]
    shared = shared[~_mid_session(ctx, shared)]
    for idx in shared.groupby(["inst", "kind", "day"], sort=False).indices.values():
        positions = [int(p) for p in shared.index.to_numpy()[idx]]
        kind = str(recs[positions[0]]["kind"])
        values = np.array([float(recs[p]["value"]) for p in positions])
        for here, other in consensus_conflicts(values, [str(recs[p]["article_id"]) for p in positions], kind):
            a, b = recs[positions[here]], recs[positions[other]]
            conflicts.append(
                Conflict(
                    here=positions[here],
                    other=positions[other],
                    message=(
                        f"{a['instrument']} {kind} on {day_iso(a)}: {fmt(a['value'])} here, "
                        f"{fmt(b['value'])} in {b['article_id']} (line {int(b['line'])})"
                    ),
                    extra={
                        "kind": kind,
                        "as_of": day_iso(a),
                        "value": float(a["value"]),
                        "other_value": float(b["value"]),
                    },
                )
            )
    return conflict_evidence(ctx, recs, conflicts)


@dataclass(frozen=True)
class Ytd:
    """A year-to-date gain, the level it is measured at, and the year-start level they imply."""

    pos: int
    article: str
    year: int | None
    level: float
    implied: float


def ytd_claims(recs: list[dict[str, Any]]) -> dict[str, list[Ytd]]:
    """Every YTD figure paired with the level it is measured at, per instrument."""
    levels: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for fig in recs:
        if fig["kind"] in LEVEL_KINDS and fig["value"] > 0:
            levels.setdefault((fig["article_id"], fig["inst"]), []).append(fig)
    out: dict[str, list[Ytd]] = {}
    for pos, fig in enumerate(recs):
        cands = levels.get((fig["article_id"], fig["inst"]), [])
        if fig["kind"] != "ytd_pct" or not cands or fig["value"] <= -100:
            continue
        # The level in the same sentence, else the nearest one just before the YTD figure.
        same = [c for c in cands if c.get("sentence") and c.get("sentence") == fig.get("sentence")]
        same = same or [c for c in cands if 0 <= fig["char_start"] - c["char_end"] <= YTD_REACH]
        if not same:
            continue
        ref = min(same, key=lambda c: abs(int(c["char_start"]) - int(fig["char_start"])))
        day = fig["day"] if pd.notna(fig["day"]) else ref["day"]
        level = float(ref["value"])
        out.setdefault(str(fig["inst"]), []).append(
            Ytd(
                pos=pos,
                article=str(fig["article_id"]),
                year=None if pd.isna(day) else int(pd.Timestamp(day).year),
                level=level,
                implied=level / (1 + float(fig["value"]) / 100),
            )
        )
    return out


def _ytd_conflict(recs: list[dict[str, Any]], a: Ytd, b: Ytd) -> Conflict:
    fa, fb = recs[a.pos], recs[b.pos]
    message = (
        f"{fa['instrument']} year-to-date: {fmt(fa['value'])}% at {fmt(a.level)} implies a year start "
        f"near {a.implied:,.0f}, but {b.article} (line {int(fb['line'])}) has {fmt(fb['value'])}% at "
        f"{fmt(b.level)}, implying {b.implied:,.0f}"
    )
    return Conflict(
        here=a.pos,
        other=b.pos,
        message=message,
        extra={
            "ytd_pct": float(fa["value"]),
            "level": a.level,
            "implied_start": round(a.implied, 2),
            "other_ytd_pct": float(fb["value"]),
            "other_level": b.level,
            "other_implied_start": round(b.implied, 2),
            "year": a.year or b.year,
        },
    )


def _agree(a: Ytd, b: Ytd) -> bool:
    return abs(a.implied - b.implied) <= YTD_TOLERANCE * max(a.implied, b.implied)


def ytd_conflict(ctx: Context) -> pd.Series[Any]:
    """Year-to-date gains that imply different year-start levels for the same instrument and year."""
    _, recs = prepared(ctx)
    conflicts: list[Conflict] = []
    for claims in ytd_claims(recs).values():
        by_year: dict[int, list[Ytd]] = {}
        for c in claims:
            if c.year is not None:
                by_year.setdefault(c.year, []).append(c)
        for group in by_year.values():
            if len({c.article for c in group}) < 2:
                continue
            values = np.array([c.implied for c in group])
            for here, other in consensus_conflicts(values, [c.article for c in group], "ytd_pct"):
                conflicts.append(_ytd_conflict(recs, group[here], group[other]))
        # An undated claim has no year block: compare it with the claims quoted at about the
        # same level (found by bisection, at most YTD_NEIGHBOURS of them), where the year
        # cannot differ by much.
        claims.sort(key=lambda c: c.level)
        levels = [c.level for c in claims]
        for c in claims:
            if c.year is not None:
                continue
            lo = bisect.bisect_left(levels, c.level / (1 + YTD_LEVEL_WINDOW))
            hi = bisect.bisect_right(levels, c.level * (1 + YTD_LEVEL_WINDOW))
            near = sorted((o for o in claims[lo:hi] if o.article != c.article), key=lambda o: abs(o.level - c.level))[
                :YTD_NEIGHBOURS
            ]
            if near and not any(_agree(c, o) for o in near):
                conflicts.append(_ytd_conflict(recs, c, near[0]))
                conflicts.append(_ytd_conflict(recs, near[0], c))
    return conflict_evidence(ctx, recs, conflicts)


def record_conflict(ctx: Context) -> pd.Series[Any]:
    """A record or first-time claim that an earlier article's higher level contradicts."""
    df, recs = prepared(ctx)
    dated = df[df["day"].notna() & df["kind"].isin(RECORD_KINDS) & (df["value"] > 0)]
    conflicts: list[Conflict] = []
    for idx in dated.groupby("inst", sort=False).indices.values():
        group = [recs[int(p)] | {"pos": int(p)} for p in dated.index.to_numpy()[idx]]
        claims = [f for f in group if f["record"]]
        if not claims:
            continue
        evidence = sorted((f for f in group if not f["approx"]), key=lambda f: pd.Timestamp(f["day"]))
        days = [pd.Timestamp(f["day"]) for f in evidence]
        # Running best and runner-up from a different article, so a claim is never
        # "contradicted" by its own article alone.
        best: list[tuple[float, int, str, float, int]] = []
        top: tuple[float, int, str, float, int] = (-np.inf, -1, "", -np.inf, -1)
        for f in evidence:
            value, art = float(f["value"]), str(f["article_id"])
            v1, p1, a1, v2, p2 = top
            if value > v1:
                top = (value, f["pos"], art, v1, p1) if art != a1 else (value, f["pos"], art, v2, p2)
            elif art != a1 and value > v2:
                top = (v1, p1, a1, value, f["pos"])
            best.append(top)
        for claim in claims:
            k = bisect.bisect_left(days, pd.Timestamp(claim["day"]))
            if k == 0:
                continue
            v1, p1, a1, v2, p2 = best[k - 1]
            value, other = (v1, p1) if a1 != claim["article_id"] else (v2, p2)
            # Crossing N "for the first time" is contradicted by any earlier N or more; a record
            # level only by an earlier level above it.
            threshold = claim["kind"] == "threshold"
            limit = float(claim["value"]) * (1 if threshold else 1 + RECORD_MARGIN)
            if other < 0 or not (value >= limit if threshold else value > limit):
                continue
            o = recs[other]
            conflicts.append(
                Conflict(
                    here=claim["pos"],
                    other=other,
                    message=(
                        f"{claim['instrument']} {fmt(claim['value'])} on {day_iso(claim)} is called "
                        f"'{claim['qualifier']}', but {o['article_id']} (line {int(o['line'])}) has "
                        f"{fmt(value)} on {day_iso(o)}"
                    ),
                    extra={
                        "as_of": day_iso(claim),
                        "value": float(claim["value"]),
                        "other_value": value,
                        "other_as_of": day_iso(o),
                    },
                )
            )
    return conflict_evidence(ctx, recs, conflicts)


CHECKS: tuple[Check, ...] = (
    Check(
        "figure-conflict",
        "consistency",
        "warning",
        "No two articles disagree beyond tolerance on one instrument, kind and as-of day",
        "dataset",
        "articles",
        figure_conflict,
    ),
    Check(
        "ytd-conflict",
        "consistency",
        "warning",
        "Year-to-date gains imply the same year-start level in every article",
        "dataset",
        "articles",
        ytd_conflict,
    ),
    Check(
        "record-conflict",
        "consistency",
        "warning",
        "No record or first-time claim is beaten by an earlier article's level",
        "dataset",
        "articles",
        record_conflict,
    ),
)
