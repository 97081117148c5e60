"""The Python API: `validators.validate(df, fields=...)` checks a pandas DataFrame of articles, one row each.

The columns are read as a table file's are (title, source, url, published, category, summary, body; other names
through `fields`, a mapping, a "title=headline,..." string or a preset name). An article's id is its row's index
label, as text; a finding's line is the line in that row's body text (1 for its fields). Nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from validators import pipeline
from validators.context import Settings
from validators.findings import Finding
from validators.reading import RawArticle, Unreadable, UsageError
from validators.reading.fields import PRESETS, columns, parse_fields, preset
from validators.reading.tabular import Row, article_of
from validators.reporters import ROW_COLUMNS

FRAME = "frame"  # the file id the rows are read under before they take their index labels


@dataclass(frozen=True)
class Validation:
    """What validate() returns: the findings (one row each), the articles and figures tables, the checks run."""

    findings: pd.DataFrame
    articles: pd.DataFrame
    figures: pd.DataFrame
    checks: tuple[str, ...]
    finding_list: tuple[Finding, ...]  # the same findings as Finding records (what the reporters take)

    @property
    def ok(self) -> bool:
        """No finding at error severity."""
        return not any(f.severity == "error" for f in self.finding_list)


def _fields(fields: Mapping[str, str] | str | None) -> tuple[tuple[str, str], ...]:
    if fields is None:
        return ()
    if isinstance(fields, str):
        return preset(fields) if fields in PRESETS else parse_fields(fields)
    return tuple(fields.items())


def _as_of(as_of: Any) -> pd.Timestamp:
    when = pd.Timestamp(as_of if not isinstance(as_of, dt.date) or isinstance(as_of, dt.datetime) else str(as_of))
    return when.tz_localize("UTC") if when.tzinfo is None else when.tz_convert("UTC")


def _plain(value: Any) -> Any:
    """A cell as a record holds it: a missing value (NaN, NaT, None, pd.NA) as None."""
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):  # a list or an array: not a scalar, not missing
        return value
    return value.item() if isinstance(value, np.generic) else value  # numpy scalars as Python's own


def _relabel(record: RawArticle | Unreadable, label: str) -> RawArticle | Unreadable:
    findings = [replace(f, article=label) for f in record.findings]
    if isinstance(record, Unreadable):
        return Unreadable(label, tuple(findings))
    return replace(record, article_id=label, findings=findings)


def records_of_frame(df: pd.DataFrame, fields: Sequence[tuple[str, str]] = ()) -> Iterator[RawArticle | Unreadable]:
    """One record per row, as a table file's records are read, each under its row's index label."""
    wanted = columns(fields)
    labels = [str(label) for label in df.index]
    if len(set(labels)) != len(labels):
        raise UsageError("the DataFrame's index labels are the article ids: they must be unique (reset_index())")
    names = [str(c) for c in df.columns]
    for n, (label, values) in enumerate(zip(labels, df.itertuples(index=False, name=None), strict=True), start=1):
        value = {name: _plain(v) for name, v in zip(names, values, strict=True)}
        yield _relabel(article_of(Row(n, value, value), FRAME, wanted), label)


def _finding_frame(findings: Sequence[Finding]) -> pd.DataFrame:
    rows = [{c: getattr(f, c) for c in ROW_COLUMNS} for f in findings]
    return pd.DataFrame(rows, columns=list(ROW_COLUMNS)).astype({"line": "int64"})


def validate(
    df: pd.DataFrame,
    fields: Mapping[str, str] | str | None = None,
    *,
    as_of: Any = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    checks: bool = True,
    required: Sequence[str] | None = None,
    placeholders: Sequence[str] | None = None,
    severity: Mapping[str, str] | None = None,
) -> Validation:
    """Check the articles of `df` (one row each) as `newsdq validate` checks a table; checks=False: the tables only.

    `fields` maps article fields to the frame's columns ({"body": "maintext"}, "body=maintext", or a preset name);
    `as_of` is the reference date (default today, UTC); `select`/`ignore`/`required`/`placeholders`/`severity`
    are the config file's keys of the same names.
    """
    settings = Settings(
        select=tuple(select),
        ignore=tuple(ignore),
        fields=_fields(fields),
        required=None if required is None else tuple(required),
        placeholders=None if placeholders is None else tuple(placeholders),
        severity=tuple(sorted((severity or {}).items())),
    )
    if as_of is not None:
        settings = replace(settings, as_of=_as_of(as_of))
    plan = pipeline.Plan.of(settings) if checks else pipeline.Plan.tables_only()
    batch = pipeline.stage1_all(records_of_frame(df, settings.fields), settings, plan)
    if checks:
        result = pipeline.check(batch, settings, plan=plan)
        findings, articles, figures, ids = result.findings, result.articles, result.figures, result.checks
    else:
        findings, articles, figures, ids = batch.findings, batch.articles, batch.figures, ()
    kept = sorted(pipeline.reported(findings, settings))
    return Validation(_finding_frame(kept), articles, figures, ids, tuple(kept))
