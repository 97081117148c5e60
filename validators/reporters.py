"""Reporters: findings to text in each output format, all listed in one dict."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from validators.findings import SEVERITIES, Finding


@dataclass(frozen=True)
class Report:
    """What every reporter gets: the findings plus the counts of the run."""

    findings: list[Finding]
    articles: int
    figures: int
    root: Path = Path(".")
    baseline_unmatched: list[dict[str, Any]] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        """Findings per severity."""
        return {s: sum(f.severity == s for f in self.findings) for s in SEVERITIES}


def to_text(report: Report) -> str:
    """`path:line: severity [check] message`, then one summary line."""
    lines = [f.text() for f in sorted(report.findings)]
    lines += [f"baseline entry no longer occurs: {e['article']} [{e['check']}] {e['message']}"
              for e in report.baseline_unmatched]
    s = report.summary()
    lines.append(f"{report.articles} articles, {report.figures} figures: "
                 f"{s['error']} errors, {s['warning']} warnings, {s['info']} info")
    return "\n".join(lines) + "\n"


def to_json(report: Report) -> str:
    """The documented JSON shape (version 1)."""
    doc: dict[str, Any] = {
        "version": 1,
        "articles": report.articles,
        "figures": report.figures,
        "summary": report.summary(),
        "findings": [f.to_dict() for f in sorted(report.findings)],
    }
    if report.baseline_unmatched:
        doc["baseline_unmatched"] = report.baseline_unmatched
    return json.dumps(doc, indent=2, ensure_ascii=False, default=str) + "\n"


REPORTERS: dict[str, Callable[[Report], str]] = {
    "text": to_text,
    "json": to_json,
}
