"""The text report's closing summary: findings by check and articles with a finding by source, with shares."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from validators.findings import NO_FILE, Finding
from validators.reading.tabular import record_number

NO_SOURCE = "(no source)"
MAX_SOURCES = 20  # the sources with the most flagged articles; the rest are counted on one line


@dataclass(frozen=True)
class CheckLine:
    """One check's findings and the articles they are on (share: of the articles read)."""

    check: str
    severity: str
    findings: int
    articles: int
    share: float


@dataclass(frozen=True)
class SourceLine:
    """One source's articles, those with a finding, and their share."""

    source: str
    articles: int
    flagged: int
    share: float


def _owner(article: str) -> str:
    """The article a finding belongs to (a tabular record's id as it is; a table-level finding has none)."""
    return article if article not in NO_FILE else ""


def by_check(findings: Iterable[Finding], articles: int) -> list[CheckLine]:
    """Per check id: findings, distinct articles, share of the articles read; most findings first."""
    counts: Counter[str] = Counter()
    owners: dict[str, set[str]] = {}
    severity: dict[str, str] = {}
    for f in findings:
        counts[f.check] += 1
        severity.setdefault(f.check, f.severity)
        if _owner(f.article):
            owners.setdefault(f.check, set()).add(f.article)
    return [
        CheckLine(check, severity[check], n, len(owners.get(check, ())), len(owners.get(check, ())) / max(1, articles))
        for check, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def by_source(findings: Iterable[Finding], sources: Mapping[str, str | None]) -> list[SourceLine]:
    """Per source: its articles, the articles with any finding, and their share; most flagged first."""
    flagged = {f.article for f in findings}
    total: Counter[str] = Counter()
    hit: Counter[str] = Counter()
    for article, source in sources.items():
        name = source or NO_SOURCE
        total[name] += 1
        hit[name] += article in flagged
    return [
        SourceLine(name, total[name], hit[name], hit[name] / total[name])
        for name in sorted(total, key=lambda n: (-hit[n], -total[n], n))
    ]


def lines(findings: list[Finding], sources: Mapping[str, str | None]) -> list[str]:
    """The summary as text lines: a table by check, then one by source (the first MAX_SOURCES)."""
    out = []
    checks = by_check(findings, len(sources))
    if checks:
        width = max(len(c.check) for c in checks)
        out.append(f"By check ({len(sources)} articles read):")
        out += [
            f"  {c.check:<{width}}  {c.severity:<7}  {c.findings:>7,} findings  "
            f"{c.articles:>7,} articles  {c.share:6.1%}"
            for c in checks
        ]
    rows = by_source(findings, sources)
    if rows:
        width = min(40, max(len(r.source) for r in rows))
        out.append(f"By source ({len(rows)} sources):")
        out += [
            f"  {r.source:<{width}}  {r.articles:>7,} articles  {r.flagged:>7,} with a finding  {r.share:6.1%}"
            for r in rows[:MAX_SOURCES]
        ]
        rest = rows[MAX_SOURCES:]
        if rest:
            n, hit = sum(r.articles for r in rest), sum(r.flagged for r in rest)
            out.append(f"  ... {len(rest)} more sources: {n:,} articles, {hit:,} with a finding ({hit / n:.1%})")
    unread = {f.article for f in findings if _owner(f.article) and f.article not in sources}
    if unread:
        records = sum(record_number(a) is not None for a in unread)
        out.append(f"Not read: {len(unread)} inputs ({records} of them table records), see the parse findings above")
    return out
