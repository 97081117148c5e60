"""The Python API: validators.validate(df, fields=...) on a small DataFrame, and the package import staying light."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

import validators
from validators.reading import UsageError

BODY = (
    "Japanese shares rose on Thursday as exporters gained on a weaker yen, while investors weighed the outlook "
    "for domestic demand and corporate earnings across the region's largest markets. "
) * 2


def frame() -> pd.DataFrame:
    df = pd.DataFrame(
        {
            "headline": ["Tokyo stocks close higher", "Seoul shares slip", "Sydney flat"],
            "maintext": [BODY, "Too short to be an article.", None],
            "date_publish": pd.to_datetime(["2026-02-12 07:00", "2026-02-12 08:00", None], utc=True),
            "url": ["https://example.com/a", "https://example.com/b", "https://example.com/c"],
            "source_domain": ["example.com", "example.com", "example.org"],
            "description": ["Japanese shares rose.", "Korean shares fell.", "Flat."],
        }
    )
    df.index = ["tok", "seo", "syd"]
    return df


def test_validate_a_dataframe() -> None:
    fields = {"title": "headline", "body": "maintext", "published": "date_publish", "source": "source_domain"}
    result = validators.validate(frame(), {**fields, "summary": "description"}, as_of="2026-11-21")
    findings = result.findings
    assert list(findings.columns) == ["article", "line", "check", "category", "severity", "message", "evidence"]
    assert list(result.articles["article_id"]) == ["tok", "seo"]  # the ids are the index labels
    got = {(a, c) for a, c in zip(findings["article"], findings["check"], strict=True)}
    assert ("seo", "short-body") in got
    assert ("syd", "missing-field") in got  # no body: one parse finding, the other rows still read
    assert ("tok", "missing-required-key") in got  # category is not mapped: required by default
    assert not result.ok and result.checks and len(result.figures) >= 0
    assert len(result.finding_list) == len(findings)


def test_required_placeholders_severity_and_select() -> None:
    result = validators.validate(
        frame(),
        "title=headline,body=maintext,published=date_publish,source=source_domain,summary=description",
        as_of="2026-11-21",
        required=("title", "url", "published", "source", "summary"),
        severity={"short-body": "error"},
        select=("missing-required-key", "short-body"),
    )
    assert sorted(zip(result.findings["article"], result.findings["severity"], strict=True)) == [("seo", "error")]


def test_tables_only_and_a_preset_name() -> None:
    df = frame().rename(columns={"headline": "title"})
    result = validators.validate(df, "news-please", checks=False)
    assert list(result.articles["article_id"]) == ["tok", "seo"]
    assert list(result.articles["title"]) == ["Tokyo stocks close higher", "Seoul shares slip"]
    assert list(result.articles["source"]) == ["example.com", "example.com"]
    assert list(result.findings["check"]) == ["missing-field"] and result.checks == ()


def test_duplicate_index_labels_are_refused() -> None:
    df = frame()
    df.index = ["a", "a", "b"]
    with pytest.raises(UsageError, match="unique"):
        validators.validate(df, "news-please", checks=False)


def test_package_import_stays_light() -> None:
    code = "import sys, validators; assert 'pandas' not in sys.modules; print(callable(validators.validate))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "True"
