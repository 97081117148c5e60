"""The one record every check returns, and the closed sets it draws from."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}
CATEGORIES = frozenset(
    {
        "parse",
        "schema",
        "completeness",
        "date",
        "range",
        "consistency",
        "staleness",
        "duplicate",
        "boilerplate",
        "encoding",
    }
)

# The article of a finding about no one file: the dataset ("."), a table as a whole, or none.
NO_FILE = frozenset({".", "<table>", ""})


# A file name or a quoted value may hold a newline or another control character: the text form escapes them
# ("name\\nwith newline.md"), so that each finding stays one `path:line:` line.
ONE_LINE = {c: ascii(chr(c))[1:-1] for c in (*range(0x20), 0x7F, 0x85, 0x2028, 0x2029)}


@dataclass(frozen=True, order=True)
class Finding:
    """One problem found in one article, at one line of the original file."""

    article: str
    line: int
    check: str
    category: str
    severity: Severity
    message: str
    evidence: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES:
            raise ValueError(f"unknown finding category {self.category!r}")
        if self.severity not in SEVERITY_RANK:
            raise ValueError(f"unknown severity {self.severity!r}")

    def to_dict(self) -> dict[str, Any]:
        """Plain dict in the documented field order."""
        d = asdict(self)
        return {k: d[k] for k in ("check", "category", "severity", "article", "line", "message", "evidence")}

    def text(self) -> str:
        """The `path:line: severity [check] message` form, on one line (control characters escaped)."""
        line = f"{self.article}:{self.line}: {self.severity} [{self.check}] {self.message}"
        return line.translate(ONE_LINE)

    @property
    def key(self) -> tuple[str, str, str]:
        """Identity used by baselines: stable across unrelated edits that move lines."""
        return (self.check, self.article, self.message)
