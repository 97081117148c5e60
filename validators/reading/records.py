"""What reading yields for one input: a RawArticle, or an Unreadable with the findings that say why."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from validators.findings import Finding, Severity


class UsageError(Exception):
    """A problem with how the tool was called (exit code 2), not with an article."""


@dataclass
class RawArticle:
    """One decoded article file: text with LF newlines, front matter split off and loaded."""

    article_id: str
    text: str
    encoding: str
    front_matter: dict[str, Any] | None = None
    front_matter_status: str = "absent"  # absent | ok | invalid
    body_offset: int = 0
    body_start_line: int = 1
    key_lines: dict[str, int] = field(default_factory=dict)
    # Keys read line by line from a front matter that is not valid YAML (status stays "invalid"): as written.
    recovered: tuple[str, ...] = ()
    findings: list[Finding] = field(default_factory=list)
    record: int | None = None  # a tabular record's number N (its line, or its row); None for an article file
    _line_starts: list[int] | None = field(default=None, repr=False)

    @property
    def body(self) -> str:
        """The article text after the front matter."""
        return self.text[self.body_offset :]

    def line_of(self, pos: int) -> int:
        """1-based line in the original file of character offset `pos` in `text`."""
        if self._line_starts is None:
            starts = [0]
            find = self.text.find
            i = find("\n")
            while i != -1:
                starts.append(i + 1)
                i = find("\n", i + 1)
            self._line_starts = starts
        return bisect.bisect_right(self._line_starts, pos)


@dataclass(frozen=True)
class Unreadable:
    """A file that yields no article at all, only the findings that say why."""

    article_id: str
    findings: tuple[Finding, ...]


def _finding(
    article_id: str,
    line: int,
    check: str,
    message: str,
    severity: Severity = "error",
    category: str = "parse",
    **evidence: Any,
) -> Finding:
    """A reader finding (the modules of this package share it; tests/test_meta.py reads the ids it is given)."""
    return Finding(
        article=article_id,
        line=line,
        check=check,
        category=category,
        severity=severity,
        message=message,
        evidence=evidence,
    )
