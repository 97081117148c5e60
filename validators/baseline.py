"""Accepted findings: written by `newsdq baseline`, hidden by `validate --baseline`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from validators.findings import Finding
from validators.reading import UsageError, read_reference

DEFAULT_BASELINE = Path("expectations/baseline.yaml")
TODO_REASON = "TODO: say why this finding is accepted"


def write(findings: list[Finding], path: Path, old: list[dict[str, Any]] | None = None) -> int:
    """Write findings as accepted entries, keeping reasons already given; returns the count."""
    reasons = {_key(e): e.get("reason", TODO_REASON) for e in old or []}
    entries = []
    for f in sorted(set(findings)):
        entries.append(
            {
                "check": f.check,
                "article": f.article,
                "line": f.line,
                "severity": f.severity,
                "message": f.message,
                "reason": reasons.get(f.key, TODO_REASON),
            }
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        yaml.safe_dump({"version": 1, "accepted": entries}, sort_keys=False, allow_unicode=True, width=120),
        encoding="utf-8",
    )
    return len(entries)


def load(path: Path) -> list[dict[str, Any]]:
    """The accepted entries of a baseline file; a malformed file is a usage error."""
    doc = read_reference(path)
    entries = doc.get("accepted") if isinstance(doc, dict) else None
    if not isinstance(entries, list) or not all(
        isinstance(e, dict) and {"check", "article", "message"} <= e.keys() for e in entries
    ):
        raise UsageError(f"{path}: a baseline is a mapping with 'accepted': a list of check/article/message entries")
    return entries


def _key(entry: dict[str, Any]) -> tuple[str, str, str]:
    return (str(entry["check"]), str(entry["article"]), str(entry["message"]))


def apply(findings: list[Finding], entries: list[dict[str, Any]]) -> tuple[list[Finding], list[dict[str, Any]]]:
    """(new findings, baseline entries that no longer occur)."""
    accepted = {_key(e) for e in entries}
    current = {f.key for f in findings}
    new = [f for f in findings if f.key not in accepted]
    gone = [e for e in entries if _key(e) not in current]
    return new, gone
