"""Quality stage: evidence columns, the GX suites over both tables, failed expectations as findings."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from validators.checks import column_of
from validators.context import SUITES, Context, Settings
from validators.engine import Engine
from validators.findings import Finding
from validators.pipeline import Tables, derive, evidence_findings

# Large or nested cells say nothing in Data Docs and cost escaping time: GX never sees them.
NOT_FOR_GX = ("body", "front_matter_extra", "front_matter_mistyped", "key_lines", "front_matter_keys")


def _cell_text(value: Any) -> Any:
    if isinstance(value, list):
        return "; ".join(f"line {item.get('line')}: {item.get('message')}" for item in value)
    return value


def for_gx(table: pd.DataFrame) -> pd.DataFrame:
    """The view of a table GX validates: evidence lists as readable text, bulky columns dropped."""
    out = table.drop(columns=[c for c in NOT_FOR_GX if c in table.columns])
    for col in out.columns:
        if out[col].dtype == object:
            out[col] = out[col].map(_cell_text)
    return out


def _row_findings(table: pd.DataFrame, rec: Any, check: str, category: str) -> list[Finding]:
    template = str(rec.meta.get("message") or rec.description or check)
    out = []
    for idx in rec.unexpected_index:
        row = table.loc[idx]
        try:
            message = template.format(**row.to_dict())
        except (KeyError, ValueError, IndexError):
            message = template
        line = row.get("line", row.get("body_start_line", 1))
        out.append(
            Finding(
                article=str(row["article_id"]),
                line=int(line) if pd.notna(line) else 1,
                check=check,
                category=category,
                severity=rec.severity,
                message=message,
                evidence={"expectation": rec.type, "column": rec.kwargs.get("column")},
            )
        )
    return out


def findings_of(ctx: Context, results: Iterable[Any]) -> list[Finding]:
    """Every failed expectation as findings on the rows GX reported unexpected."""
    tables = {"articles": ctx.articles, "figures": ctx.figures}
    out: list[Finding] = []
    for rec in results:
        if rec.success:
            continue
        table = tables[rec.table]
        check, category = str(rec.meta["check"]), str(rec.meta["category"])
        if rec.kwargs.get("column") == column_of(check):
            out += evidence_findings(table, check, category, rec.severity, rec.unexpected_index)
        elif rec.unexpected_index:
            out += _row_findings(table, rec, check, category)
        else:
            out.append(
                Finding(
                    article=".",
                    line=1,
                    check=check,
                    category=category,
                    severity=rec.severity,
                    message=str(rec.description or check),
                    evidence={"expectation": rec.type},
                )
            )
    return out


def evaluate(
    tables: Tables, settings: Settings, data_docs: Path | None = None, engine: Engine | None = None
) -> list[Finding]:
    """Derive evidence, run the suites once, optionally build Data Docs; returns quality findings."""
    ctx = derive(Context(tables.articles, tables.figures, settings))
    suites = {name: settings.reference_dir / f"{name}.json" for name in SUITES}
    job = (
        {"articles": for_gx(ctx.articles), "figures": for_gx(ctx.figures)},
        suites,
        {"as_of": settings.as_of.isoformat()},
        data_docs,
    )
    results = (engine or Engine(background=False)).run(job)
    return findings_of(ctx, results)
