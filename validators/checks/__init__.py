"""The registry of evidence checks: Python computes evidence columns, GX suites assert them.

Contract (every check module follows it):
- A check is a plain function `fn(ctx: Context) -> pandas.Series`, aligned to the index of
  `ctx.articles` (ARTICLE_CHECKS) or `ctx.figures` (FIGURE_CHECKS).
- Each value is None (nothing found) or a non-empty list of items, one per finding:
  `{"line": <1-based line in the original file>, "message": <one sentence>, ...evidence}`.
  Extra keys are kept as the finding's evidence (e.g. `other_article`, `score`, `clues`).
- The registry key is the check id (kebab-case); the evidence column is the id with `_`,
  e.g. `stale-claim` -> `stale_claim`. The suite in expectations/*.json asserts it with
  `expect_column_values_to_be_null` and `meta: {"check": id, "category": ...}`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from validators.checks import (
    boilerplate,
    completeness,
    consistency,
    contradictions,
    dates,
    near_duplicates,
    ranges,
    staleness,
)
from validators.context import Context

Check = Callable[[Context], "pd.Series[Any]"]

ARTICLE_CHECKS: dict[str, Check] = {
    # completeness
    "missing-front-matter": completeness.missing_front_matter,
    "missing-required-key": completeness.missing_required_key,
    "placeholder-value": completeness.placeholder_value,
    "empty-body": completeness.empty_body,
    "short-body": completeness.short_body,
    # dates
    "published-not-iso": dates.published_not_iso,
    "published-in-future": dates.published_in_future,
    "published-too-early": dates.published_too_early,
    "date-url-mismatch": dates.date_url_mismatch,
    "weekday-mismatch": dates.weekday_mismatch,
    # staleness
    "stale-claim": staleness.stale_claim,
    "era-inferred": staleness.era_inferred,
    # contradictions across articles
    "figure-conflict": contradictions.figure_conflict,
    "ytd-conflict": contradictions.ytd_conflict,
    "record-conflict": contradictions.record_conflict,
    # duplicates and scraping residue
    "near-duplicate": near_duplicates.near_duplicate,
    "boilerplate-residue": boilerplate.boilerplate_residue,
    "mojibake": boilerplate.mojibake,
}
FIGURE_CHECKS: dict[str, Check] = {
    # Not evidence: the era name the generated range expectations' row conditions select on.
    "range-era": ranges.range_era,
    "exchange-closed": dates.exchange_closed,
    "figure-inconsistent": consistency.figure_inconsistent,
}


def column_of(check_id: str) -> str:
    """The evidence column a check writes."""
    return check_id.replace("-", "_")
