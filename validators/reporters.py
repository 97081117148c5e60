"""Reporters: findings to text in each output format, all listed in one dict."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from validators import __version__
from validators.findings import NO_FILE, ONE_LINE, SEVERITIES, Finding


@dataclass(frozen=True)
class Report:
    """What every reporter gets: the findings plus the counts of the run."""

    findings: list[Finding]
    articles: int
    figures: int
    root: Path = Path(".")
    baseline_unmatched: list[dict[str, Any]] = field(default_factory=list)
    checks: tuple[str, ...] = ()  # every check id that ran, so clean checks show as passing too
    # Each article read -> its source: the text report then ends with the summary by check and by source.
    sources: Mapping[str, str | None] | None = None

    def summary(self) -> dict[str, int]:
        """Findings per severity."""
        return {s: sum(f.severity == s for f in self.findings) for s in SEVERITIES}

    def summary_line(self) -> str:
        """`N articles, M figures: E errors, W warnings, I info`."""
        s = self.summary()
        return (
            f"{self.articles} articles, {self.figures} figures: "
            f"{s['error']} errors, {s['warning']} warnings, {s['info']} info"
        )


def to_text(report: Report) -> str:
    """`path:line: severity [check] message`, the summary by check and by source (when known), one summary line."""
    lines = [f.text() for f in sorted(report.findings)]
    lines += [
        f"{e['article']}:{e.get('line', 1)}: baseline entry no longer occurs [{e['check']}] {e['message']}"
        f" (update it with `newsdq baseline`)".translate(ONE_LINE)
        for e in report.baseline_unmatched
    ]
    if report.sources is not None:
        from validators.summary import lines as summary_lines

        lines += summary_lines(report.findings, report.sources)
    lines.append(report.summary_line())
    return "\n".join(lines) + "\n"


ROW_COLUMNS = ("article", "line", "check", "category", "severity", "message", "evidence")


def finding_rows(report: Report) -> list[dict[str, Any]]:
    """One row per finding (the csv and parquet formats): evidence as JSON text."""
    return [
        {
            "article": f.article,
            "line": f.line,
            "check": f.check,
            "category": f.category,
            "severity": f.severity,
            "message": f.message,
            "evidence": json.dumps(f.evidence, ensure_ascii=False, sort_keys=True, default=str),
        }
        for f in sorted(report.findings)
    ]


def to_csv(report: Report) -> str:
    """CSV, one row per finding: article, line, check, category, severity, message, evidence (JSON)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=ROW_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(finding_rows(report))
    return out.getvalue()


def write_parquet(report: Report, path: Path) -> None:
    """Parquet, one row per finding, the csv format's columns (line an int64, evidence JSON text)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = finding_rows(report)
    schema = pa.schema([(c, pa.int64() if c == "line" else pa.string()) for c in ROW_COLUMNS])
    table = pa.Table.from_pylist(rows, schema=schema)
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path)


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


SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
GITHUB_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}
ROOT_BASE_ID = "DATASET_ROOT"
# Findings about a whole table rather than one file (the GX bridge uses "."; the schemas "<table>").


def _sarif_json(obj: Any) -> Any:
    """sarif-om objects as SARIF JSON: schema property names, unset and default-valued fields left out."""
    import attr

    if attr.has(type(obj)):
        out: dict[str, Any] = {}
        for f in attr.fields(type(obj)):
            value = getattr(obj, f.name)
            default = f.default.factory() if isinstance(f.default, attr.Factory) else f.default  # type: ignore[arg-type]
            if value is not None and not (isinstance(value, (str, int, float, bool, list)) and value == default):
                out[f.metadata["schema_property_name"]] = _sarif_json(value)
        return out
    if isinstance(obj, dict):
        return {str(k): _sarif_json(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_sarif_json(v) for v in obj]
    return obj


def _fingerprint(f: Finding) -> str:
    """Stable across runs and line moves, like the baseline key, so code scanning tracks one alert."""
    return hashlib.sha256("\0".join(f.key).encode("utf-8")).hexdigest()[:32]


def to_sarif(report: Report) -> str:
    """SARIF 2.1.0: one rule per check id, one result per finding at its file and line."""
    import sarif_om as so

    findings = sorted(report.findings)
    rule_index: dict[str, int] = {}
    rules: list[Any] = []
    for f in findings:
        if f.check not in rule_index:
            rule_index[f.check] = len(rules)
            rules.append(
                so.ReportingDescriptor(
                    id=f.check,
                    short_description=so.MultiformatMessageString(text=f"{f.category}: {f.check}"),
                    default_configuration=so.ReportingConfiguration(level=SARIF_LEVEL[f.severity]),
                    properties={"category": f.category},
                )
            )
    results = []
    for f in findings:
        locations = None
        if f.article not in NO_FILE:
            where = so.ArtifactLocation(uri=quote(f.article, safe="/"), uri_base_id=ROOT_BASE_ID)
            locations = [
                so.Location(
                    physical_location=so.PhysicalLocation(
                        artifact_location=where, region=so.Region(start_line=max(1, f.line))
                    )
                )
            ]
        results.append(
            so.Result(
                rule_id=f.check,
                rule_index=rule_index[f.check],
                level=SARIF_LEVEL[f.severity],
                message=so.Message(text=f.message),
                locations=locations,
                partial_fingerprints={"newsdqFinding/v1": _fingerprint(f)},
                properties={"category": f.category, "evidence": f.evidence},
            )
        )
    root = report.root.resolve().as_uri().rstrip("/") + "/"
    run = so.Run(
        tool=so.Tool(driver=so.ToolComponent(name="newsdq", version=__version__, rules=rules)),
        results=results,
        original_uri_base_ids={ROOT_BASE_ID: so.ArtifactLocation(uri=root)},
        properties={
            "articles": report.articles,
            "figures": report.figures,
            "baselineUnmatched": report.baseline_unmatched,
        },
    )
    log = so.SarifLog(version="2.1.0", schema_uri=SARIF_SCHEMA, runs=[run])
    return json.dumps(_sarif_json(log), indent=2, ensure_ascii=False, default=str) + "\n"


def to_junit(report: Report) -> str:
    """JUnit XML: one testcase per check id, one failure per finding (type = severity)."""
    from junit_xml import TestCase, TestSuite, to_xml_report_string

    cases: dict[str, Any] = {}
    for f in sorted(report.findings):
        case = cases.get(f.check)
        if case is None:
            case = cases[f.check] = TestCase(f.check, classname=f"newsdq.{f.category}", allow_multiple_subelements=True)
        case.add_failure_info(message=f"{f.article}:{f.line}: {f.message}", output=f.text(), failure_type=f.severity)
    for check in set(report.checks) - cases.keys():
        cases[check] = TestCase(check, classname="newsdq")
    suite = TestSuite(
        "newsdq",
        [cases[check] for check in sorted(cases)],
        properties={"articles": report.articles, "figures": report.figures, **report.summary()},
    )
    return str(to_xml_report_string([suite], prettyprint=True, encoding="utf-8"))


def _github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def _github_path(report: Report, article: str) -> str:
    """The file as GitHub resolves annotations: relative to the working directory when inside it."""
    path = (report.root / article).resolve()
    try:
        return path.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def to_github(report: Report) -> str:
    """GitHub Actions workflow commands: `::error file=...,line=...,title=...::message` per finding."""
    lines = []
    for f in sorted(report.findings):
        where = (
            ""
            if f.article in NO_FILE
            else (f"file={_github_property(_github_path(report, f.article))},line={max(1, f.line)},")
        )
        lines.append(
            f"::{GITHUB_COMMAND[f.severity]} {where}title={_github_property(f'newsdq {f.check}')}::"
            f"{_github_data(f.message)}"
        )
    lines += [
        "::notice title=newsdq baseline::"
        + _github_data(f"baseline entry no longer occurs: {e['article']} [{e['check']}] {e['message']}")
        for e in report.baseline_unmatched
    ]
    lines.append(report.summary_line())
    return "\n".join(lines) + "\n"


REPORTERS: dict[str, Callable[[Report], str]] = {
    "text": to_text,
    "json": to_json,
    "sarif": to_sarif,
    "junit": to_junit,
    "github": to_github,
    "csv": to_csv,
}
# Formats written to a file only (--output): binary ones.
FILE_REPORTERS: dict[str, Callable[[Report, Path], None]] = {"parquet": write_parquet}
