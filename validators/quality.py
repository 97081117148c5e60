"""GX's side of a run: the tables and suites it is given, and its failed expectations turned into findings."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

from validators.context import SUITES, Context, Settings
from validators.findings import Finding

# Large or nested cells say nothing in Data Docs and cost escaping time: GX never sees them.
NOT_FOR_GX = ("body", "front_matter_extra", "front_matter_mistyped", "key_lines", "front_matter_keys")


def _cell_text(value: Any) -> Any:
    if isinstance(value, list):
        return "; ".join(f"line {item.get('line')}: {item.get('message')}" for item in value)
    return value


def for_gx(table: pd.DataFrame, suite: Path | None = None) -> pd.DataFrame:
    """The view of a table GX validates: evidence lists as readable text, bulky columns dropped, and the text
    columns its suite's row conditions compare made categorical (GX filters the rows again for each metric:
    comparing category codes is about 40% of GX's time on 100k articles' figures; the values are the same)."""
    out = table.drop(columns=[c for c in NOT_FOR_GX if c in table.columns])
    for col in out.columns:
        if out[col].dtype == object:
            out[col] = out[col].map(_cell_text)
    for col in condition_columns(suite) if suite is not None else ():
        if col in out.columns and _text(out[col]):
            out[col] = out[col].astype("category")
    return out


def _text(column: pd.Series) -> bool:
    """A column of text and missing values only (pandas' str dtype, or object holding just str)."""
    if column.dtype != object:
        return pd.api.types.is_string_dtype(column.dtype)
    return bool(column.map(lambda v: v is None or isinstance(v, str)).all())


def condition_columns(suite: Path) -> set[str]:
    """The columns a suite's row conditions name (GX 1.x condition objects: `column: {name: ...}`)."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            column = node.get("column")
            if isinstance(column, dict) and isinstance(column.get("name"), str):
                found.add(column["name"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    try:
        doc = json.loads(suite.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return found  # GX reports the unreadable suite itself
    for expectation in doc.get("expectations", []) if isinstance(doc, dict) else []:
        if isinstance(expectation, dict):
            walk((expectation.get("kwargs") or {}).get("row_condition"))
    return found


@contextmanager
def suite_files(settings: Settings) -> Iterator[dict[str, Path]]:
    """The suites, by table; with --select/--ignore, copies keeping only the expectations of the checks that run.

    A check left out has no evidence column, so its expectations must go too (GX would fail on the column).
    """
    committed = {name: settings.reference_dir / f"{name}.json" for name in SUITES}
    if not settings.select and not settings.ignore:
        yield committed
        return
    with tempfile.TemporaryDirectory(prefix="newsdq-suites-") as folder:
        kept: dict[str, Path] = {}
        for name, path in committed.items():
            doc = json.loads(path.read_text(encoding="utf-8"))
            doc["expectations"] = [e for e in doc["expectations"] if settings.selects(str(e["meta"]["check"]))]
            kept[name] = Path(folder) / path.name
            kept[name].write_text(json.dumps(doc, indent=2, ensure_ascii=False), encoding="utf-8")
        yield kept


def _column(check_id: str) -> str:
    # registry.Check.column, for ids a suite may name without a registered check (a custom reference folder)
    return check_id.replace("-", "_")


def evidence_findings(
    table: pd.DataFrame, check_id: str, category: str, severity: str, rows: Iterable[Any]
) -> list[Finding]:
    """Expand the evidence lists of the given rows into findings."""
    col = _column(check_id)
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
        if rec.kwargs.get("column") == _column(check):
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
