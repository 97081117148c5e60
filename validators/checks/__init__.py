"""Evidence functions, one module per family; each declares its checks in a CHECKS tuple (see validators.registry).

ARTICLE_CHECKS, FIGURE_CHECKS and column_of are the older names of what the registry holds, derived from it
for the callers that still use them (pipeline.derive, quality, tests/_content.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from validators.context import Context

Evidence = Callable[["Context"], "pd.Series[Any]"]


def column_of(check_id: str) -> str:
    """The evidence column a check writes."""
    return check_id.replace("-", "_")


def _table_checks(table: str) -> dict[str, Evidence]:
    from validators import registry

    return {c.id: c.evidence for c in registry.checks() if c.table == table and c.evidence is not None}


def __getattr__(name: str) -> dict[str, Evidence]:
    # Computed on first use: the check modules import this package, so it cannot import them first.
    if name == "ARTICLE_CHECKS":
        return _table_checks("articles")
    if name == "FIGURE_CHECKS":
        from validators.checks.ranges import range_era

        # range-era is no check: the column the generated range expectations select on, derived first.
        return {"range-era": range_era, **_table_checks("figures")}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
