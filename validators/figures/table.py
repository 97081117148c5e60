"""The figures table: its columns, and the frame of figure rows with the dtypes FigureSchema says."""

from __future__ import annotations

from typing import Any

import pandas as pd

COLUMNS = (
    "article_id",
    "instrument",
    "kind",
    "value",
    "unit",
    "qualifier",
    "line",
    "char_start",
    "char_end",
    "sentence",
    "as_of",
    "as_of_basis",
)


def figures_table(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The figures table: one row per figure, columns and dtypes as FigureSchema says."""
    df = pd.DataFrame(rows, columns=list(COLUMNS))
    for col in ("article_id", "instrument", "kind", "unit", "sentence", "as_of_basis"):
        df[col] = df[col].astype("str")
    df["qualifier"] = pd.Series(
        [v if isinstance(v, str) else None for v in df["qualifier"]], index=df.index, dtype="str"
    )
    df["value"] = df["value"].astype("float64")
    for col in ("line", "char_start", "char_end"):
        df[col] = df[col].astype("int64")
    df["as_of"] = pd.to_datetime(df["as_of"], utc=True).astype("datetime64[ns, UTC]")
    return df
