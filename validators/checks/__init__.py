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

from validators.context import Context

Evidence = list[dict[str, Any]] | None
Check = Callable[[Context], "pd.Series[Any]"]

ARTICLE_CHECKS: dict[str, Check] = {}
FIGURE_CHECKS: dict[str, Check] = {}


def column_of(check_id: str) -> str:
    """The evidence column a check writes."""
    return check_id.replace("-", "_")


def body_line(ctx_row: pd.Series, pos: int) -> int:
    """1-based original-file line of character offset `pos` in an articles row's `body`."""
    return int(ctx_row["body_start_line"]) + str(ctx_row["body"]).count("\n", 0, pos)


# Issue 4's check modules use the helpers above, so they are imported after them.
from validators.checks import completeness, consistency, dates, ranges  # noqa: E402

ARTICLE_CHECKS.update(
    {
        "missing-front-matter": completeness.missing_front_matter,
        "missing-required-key": completeness.missing_required_key,
        "placeholder-value": completeness.placeholder_value,
        "empty-body": completeness.empty_body,
        "short-body": completeness.short_body,
        "published-not-iso": dates.published_not_iso,
        "published-in-future": dates.published_in_future,
        "published-too-early": dates.published_too_early,
        "date-url-mismatch": dates.date_url_mismatch,
        "weekday-mismatch": dates.weekday_mismatch,
    }
)
FIGURE_CHECKS.update(
    {
        # Not evidence: the era name the generated range expectations' row conditions select on.
        "range-era": ranges.range_era,
        "exchange-closed": dates.exchange_closed,
        "figure-inconsistent": consistency.figure_inconsistent,
    }
)

# Issue 5's content checks: staleness, contradictions across articles, near-duplicates, residue.
from validators.checks import boilerplate, contradictions, near_duplicates, staleness  # noqa: E402

ARTICLE_CHECKS.update(
    {
        "stale-claim": staleness.stale_claim,
        "era-inferred": staleness.era_inferred,
        "figure-conflict": contradictions.figure_conflict,
        "ytd-conflict": contradictions.ytd_conflict,
        "record-conflict": contradictions.record_conflict,
        "near-duplicate": near_duplicates.near_duplicate,
        "boilerplate-residue": boilerplate.boilerplate_residue,
        "mojibake": boilerplate.mojibake,
    }
)
