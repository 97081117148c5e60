"""One pass from article files to findings: read, normalize, extract, contract, evidence, suites."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from validators import figures as figures_mod
from validators.checks import ARTICLE_CHECKS, FIGURE_CHECKS, column_of
from validators.context import Context
from validators.findings import Finding
from validators.normalize import article_row, articles_table
from validators.reading import MAX_BYTES, RawArticle, discover, read_file
from validators.schemas import ArticleSchema, FigureSchema, schema_findings


@dataclass
class Tables:
    """The normalized tables and the findings met on the way to them."""

    root: Path
    articles: pd.DataFrame
    figures: pd.DataFrame
    findings: list[Finding] = field(default_factory=list)


def load(paths: Iterable[str | os.PathLike[str]], max_bytes: int = MAX_BYTES) -> Tables:
    """Read, normalize and extract; parse failures stay findings and never reach the schemas."""
    root, files = discover(paths)
    findings: list[Finding] = []
    rows: list[dict[str, Any]] = []
    figure_rows: list[dict[str, Any]] = []
    for path, article_id in files:
        raw = read_file(path, article_id, max_bytes)
        findings.extend(raw.findings)
        if not isinstance(raw, RawArticle):
            continue
        row, row_findings = article_row(raw)
        findings.extend(row_findings)
        rows.append(row)
        published = row["published"] if not pd.isna(row["published"]) else None
        figure_rows.extend(figures_mod.extract_figures(raw, published))
    articles = articles_table(rows)
    figures = figures_mod.figures_table(figure_rows)
    findings += schema_findings(ArticleSchema, articles, "articles")
    findings += schema_findings(FigureSchema, figures, "figures")
    return Tables(root, articles, figures, findings)


def derive(ctx: Context, select: Sequence[str] | None = None) -> Context:
    """Add every registered check's evidence column (only the selected ones when given)."""
    articles, figures = ctx.articles.copy(), ctx.figures.copy()
    for registry, table in ((ARTICLE_CHECKS, articles), (FIGURE_CHECKS, figures)):
        for check_id, fn in registry.items():
            if select is None or check_id in select:
                table[column_of(check_id)] = fn(ctx)
    return Context(articles, figures, ctx.settings)


def evidence_findings(
    table: pd.DataFrame, check_id: str, category: str, severity: str, rows: Iterable[Any]
) -> list[Finding]:
    """Expand the evidence lists of the given rows into findings."""
    col = column_of(check_id)
    out: list[Finding] = []
    for idx in rows:
        row = table.loc[idx]
        for item in row[col] or ():
            extra = {k: v for k, v in item.items() if k not in ("line", "message")}
            out.append(
                Finding(
                    article=str(row["article_id"]),
                    line=int(item["line"]),
                    check=check_id,
                    category=category,
                    severity=severity,  # type: ignore[arg-type]
                    message=str(item["message"]),
                    evidence=extra,
                )
            )
    return out
