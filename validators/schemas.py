"""Pandera contracts of the two tables; failures become `schema` findings on the right article."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors
from pandera.typing import Series

from validators.figures import BASIS_PATTERN, KINDS, UNDATED_BASES
from validators.findings import Finding
from validators.registry import Check

FRONT_MATTER_STATUSES = ["absent", "ok", "invalid"]
TITLE_SOURCES = ["front_matter", "first_line"]


class ArticleSchema(pa.DataFrameModel):
    """One row per article file that could be decoded."""

    article_id: Series[str] = pa.Field(unique=True, str_length={"min_value": 1})
    title: Series[str] = pa.Field(nullable=True)
    title_source: Series[str] = pa.Field(nullable=True, isin=TITLE_SOURCES)
    source: Series[str] = pa.Field(nullable=True)
    url: Series[str] = pa.Field(nullable=True)
    published: Series[pd.DatetimeTZDtype] = pa.Field(nullable=True, dtype_kwargs={"unit": "ns", "tz": "UTC"})
    published_raw: Series[str] = pa.Field(nullable=True)
    category: Series[str] = pa.Field(nullable=True)
    summary: Series[str] = pa.Field(nullable=True)
    has_front_matter: Series[bool]
    front_matter_status: Series[str] = pa.Field(isin=FRONT_MATTER_STATUSES)
    front_matter_keys: Series[object]
    front_matter_extra: Series[object]
    front_matter_mistyped: Series[object]
    front_matter_recovered: Series[str] = pa.Field(nullable=True)
    key_lines: Series[object]
    body_start_line: Series[int] = pa.Field(ge=1)
    title_line: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1)
    n_words: Series[int] = pa.Field(ge=0)
    n_chars: Series[int] = pa.Field(ge=0)
    encoding: Series[str]
    body: Series[str]

    class Config:
        strict = True
        coerce = False

    @pa.dataframe_check
    def title_source_matches_title(cls, df: pd.DataFrame) -> pd.Series:  # type: ignore[misc]  # noqa: N805
        """A title has a source exactly when it is present."""
        return df["title"].isna() == df["title_source"].isna()


class FigureSchema(pa.DataFrameModel):
    """One row per number an article quotes."""

    article_id: Series[str] = pa.Field(str_length={"min_value": 1})
    instrument: Series[str] = pa.Field(str_length={"min_value": 1})
    kind: Series[str] = pa.Field(isin=list(KINDS))
    value: Series[float]
    unit: Series[str] = pa.Field(str_length={"min_value": 1})
    qualifier: Series[str] = pa.Field(nullable=True, str_matches=r"^[a-z ]+(?:,[a-z ]+)*$")
    line: Series[int] = pa.Field(ge=1)
    char_start: Series[int] = pa.Field(ge=0)
    char_end: Series[int] = pa.Field(ge=1)
    sentence: Series[str] = pa.Field(str_length={"min_value": 1})
    as_of: Series[pd.DatetimeTZDtype] = pa.Field(nullable=True, dtype_kwargs={"unit": "ns", "tz": "UTC"})
    as_of_basis: Series[str] = pa.Field(str_matches=BASIS_PATTERN)

    class Config:
        strict = True
        ordered = True
        coerce = False

    @pa.dataframe_check
    @classmethod
    def span_is_ordered(cls, df: pd.DataFrame) -> pd.Series[bool]:
        """A figure's text is a non-empty span."""
        return df["char_end"] > df["char_start"]

    @pa.dataframe_check
    @classmethod
    def dated_exactly_when_anchored(cls, df: pd.DataFrame) -> pd.Series[bool]:
        """as_of is missing exactly when the basis says the figure is undated."""
        return df["as_of"].isna() == df["as_of_basis"].isin(UNDATED_BASES)

    @pa.check("value")
    @classmethod
    def value_is_finite(cls, s: pd.Series[float]) -> pd.Series[bool]:
        """No NaN or infinite values."""
        return s.abs() < float("inf")


def schema_findings(schema: type[pa.DataFrameModel], df: pd.DataFrame, table: str) -> list[Finding]:
    """Validate lazily; each failure case becomes one `schema` finding on the row's article."""
    try:
        schema.validate(df, lazy=True)
    except SchemaErrors as exc:
        return [_to_finding(case, df, table) for case in exc.failure_cases.to_dict("records")]
    return []


def _to_finding(case: dict[str, Any], df: pd.DataFrame, table: str) -> Finding:
    index = case.get("index")
    article, line = "<table>", 1
    if index is not None and not pd.isna(index) and index in df.index:
        row = df.loc[index]
        article = str(row.get("article_id", "<table>"))
        line_value = row.get("line", row.get("body_start_line", 1))
        line = int(line_value) if line_value is not None and not pd.isna(line_value) else 1
    column = case.get("column") or "<table>"
    return Finding(
        article=article,
        line=line,
        check="schema-violation",
        category="schema",
        severity="error",
        message=f"{table}.{column} fails {case.get('check')}: {case.get('failure_case')!r:.80}",
        evidence={"table": table, "column": str(column), "check": str(case.get("check"))},
    )


CHECKS: tuple[Check, ...] = (
    Check(
        "schema-violation", "schema", "error", "the articles and figures tables meet their Pandera contracts", "schema"
    ),
)
