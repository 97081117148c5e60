"""The GX engine: suites load whole, failures point at the caller's rows, Data Docs escape text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from validators import datadocs, gx

DATA = Path(__file__).parent / "data"
SUITES = DATA / "suites"
VALID = {"articles": SUITES / "valid" / "articles.json", "figures": SUITES / "valid" / "figures.json"}
PROJECT_SUITES = sorted((Path(__file__).parents[1] / "expectations").glob("*.json"))
AS_OF = "2025-01-01T00:00:00+00:00"
SCRIPT = "<script>window.__xss=1</script>"


def articles() -> pd.DataFrame:
    """Five articles whose index labels are not their positions, so mix-ups show."""
    return pd.DataFrame(
        {
            "article_id": ["a.md", "b.md", "c.md", "d.md", "e.md"],
            "title": ["Nikkei up", None, SCRIPT, "Dow down", "S&P 500 flat"],
            "source": ["Unknown", "Reuters", "AP", "N/A", "Kyodo"],
            "published": pd.to_datetime(
                ["2024-01-01T00:00:00Z", "2030-01-01T00:00:00Z", None, "1980-01-01T00:00:00Z", "2024-05-01T00:00:00Z"],
                utc=True,
            ),
            "body": ["short", "a body that is long enough", "c" * 30, "d" * 30, "e" * 30],
        },
        index=[10, 11, 12, 13, 14],
    )


def figures() -> pd.DataFrame:
    """Figures where two share (article_id, line): only positions tell them apart."""
    return pd.DataFrame(
        {
            "article_id": ["a.md", "a.md", "a.md", "b.md"],
            "line": [3, 3, 4, 5],
            "instrument": ["Nikkei 225", "Nikkei 225", "Dow", "Nikkei 225"],
            "value": [40000.0, 99999.0, 40000.0, 5.0],
            "conflicts_with": [None, "b.md", None, None],
            "high": [1.0, 2.0, 3.0, 1.0],
            "low": [0.5, 3.0, 1.0, 1.0],
        }
    )


@pytest.fixture(scope="module")
def run() -> gx.SuiteRun:
    return gx.run_suites({"articles": articles(), "figures": figures()}, VALID, {"as_of": AS_OF})


def result(run: gx.SuiteRun, check: str, column: str | None = None) -> gx.ExpectationResult:
    found = [r for r in run.results if r.check == check and (column is None or r.column == column)]
    assert len(found) == 1, (check, column, found)
    return found[0]


def raw_title_markup(run: gx.SuiteRun) -> Any:
    """GX's own result for the title markup expectation."""
    (evr,) = [
        r
        for r in run.gx_results["articles"].results
        if r.expectation_config is not None
        and r.expectation_config.kwargs.get("regex")
        and r.expectation_config.kwargs["column"] == "title"
    ]
    return evr


def test_suite_loads_whole() -> None:
    data = json.loads(VALID["articles"].read_text())
    suite = gx.load_suite(VALID["articles"])
    assert suite.name == "test_articles"
    assert len(suite.expectations) == len(data["expectations"])


@pytest.mark.parametrize("path", PROJECT_SUITES, ids=lambda p: p.name)
def test_every_project_suite_loads_whole(path: Path) -> None:
    assert len(gx.load_suite(path).expectations) == len(json.loads(path.read_text())["expectations"])


def test_project_has_suites() -> None:
    assert {p.name for p in PROJECT_SUITES} >= {"articles.json", "figures.json"}


def test_unknown_expectation_type_is_not_dropped_silently() -> None:
    path = SUITES / "invalid" / "unknown_type.json"
    with pytest.raises(gx.SuiteError) as err:
        gx.load_suite(path)
    assert err.value.path == path
    assert "6 of 7" in err.value.message
    assert "expect_column_values_to_be_newsworthy" in err.value.message


@pytest.mark.parametrize("path", sorted((SUITES / "invalid").glob("*.json")), ids=lambda p: p.stem)
def test_invalid_suite_raises(path: Path) -> None:
    with pytest.raises(gx.SuiteError):
        gx.load_suite(path)


def test_unexpected_rows_point_at_the_callers_frame(run: gx.SuiteRun) -> None:
    frame = articles()
    missing = result(run, "title-missing")
    assert (missing.success, missing.severity, missing.column) == (False, "error", "title")
    assert missing.unexpected_index == (11,) and missing.unexpected_rows == (1,)
    placeholder = result(run, "source-placeholder")
    assert placeholder.severity == "warning"
    assert list(frame.loc[list(placeholder.unexpected_index), "source"]) == ["Unknown", "N/A"]
    assert list(frame.iloc[list(placeholder.unexpected_rows)]["article_id"]) == ["a.md", "d.md"]
    assert result(run, "body-short").severity == "info"
    unique = result(run, "article-id-unique")
    assert unique.success and unique.unexpected_index == () and unique.unexpected_rows == ()


def test_result_carries_suite_metadata(run: gx.SuiteRun) -> None:
    missing = result(run, "title-missing")
    assert (missing.table, missing.suite, missing.type) == (
        "articles",
        "test_articles",
        "expect_column_values_to_not_be_null",
    )
    assert missing.kwargs == {"column": "title"}
    assert missing.meta == {"check": "title-missing", "category": "completeness"}
    assert missing.description == "[title-missing] (error) Articles have a title"
    assert set(run.gx_results) == {"articles", "figures"}
    assert run.failures and all(not r.success for r in run.failures)


def test_rows_with_the_same_ids_stay_apart(run: gx.SuiteRun) -> None:
    # Rows 0 and 1 are both a.md line 3; only row 1 is out of range (row condition: Nikkei only).
    assert result(run, "level-out-of-range").unexpected_rows == (1, 3)
    assert result(run, "figure-conflict").unexpected_rows == (1,)
    # Column-pair expectations have no index query on pandas: matched on ids and values.
    assert result(run, "high-below-low").unexpected_rows == (1,)


def test_parameters_reach_the_suite(run: gx.SuiteRun) -> None:
    assert result(run, "published-future").unexpected_index == (11,)
    later = gx.run_suites({"articles": articles()}, {"articles": VALID["articles"]}, {"as_of": "2031-01-01T00:00:00Z"})
    assert result(later, "published-future").success


def test_missing_parameter_is_a_suite_error() -> None:
    with pytest.raises(gx.SuiteError, match="as_of"):
        gx.run_suites({"articles": articles()}, {"articles": VALID["articles"]})


def test_expectation_that_raises_is_a_suite_error() -> None:
    # A bound without an offset cannot be compared with tz-aware timestamps; that is a broken
    # suite, not a finding, so it must not pass as an ordinary failed expectation.
    with pytest.raises(gx.SuiteError, match="raised: expect_column_values_to_be_between"):
        gx.run_suites({"articles": articles()}, {"articles": SUITES / "runtime" / "naive_bound.json"})


def test_missing_id_column_is_a_suite_error() -> None:
    with pytest.raises(gx.SuiteError, match="id columns"):
        gx.run_suites(
            {"articles": articles().drop(columns="article_id")}, {"articles": VALID["articles"]}, {"as_of": AS_OF}
        )


def test_callers_frames_are_untouched() -> None:
    tables = {"articles": articles(), "figures": figures()}
    gx.run_suites(tables, VALID, {"as_of": AS_OF})
    pd.testing.assert_frame_equal(tables["articles"], articles())
    pd.testing.assert_frame_equal(tables["figures"], figures())


def test_gx_validates_the_raw_text(run: gx.SuiteRun) -> None:
    # Escaping happens only for Data Docs, so "S&P 500" and markup are checked as written.
    markup = result(run, "markup-in-text", "title")
    assert markup.unexpected_index == (12,)
    assert SCRIPT in raw_title_markup(run).result["unexpected_list"]


def test_data_docs_escape_values_once(run: gx.SuiteRun, tmp_path: Path) -> None:
    for attempt in ("first", "second"):  # a second build must not escape twice
        index = datadocs.build_data_docs(run, tmp_path / attempt)
        pages = list((tmp_path / attempt / "validations").rglob("*.html"))
        assert index.is_file() and len(pages) == 2
        text = "".join(p.read_text() for p in pages)
        assert SCRIPT not in text
        assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in text
        assert "&amp;lt;script" not in text
    assert SCRIPT in raw_title_markup(run).result["unexpected_list"]


def test_severity_mapping() -> None:
    assert gx.SEVERITY_FROM_GX == {"critical": "error", "warning": "warning", "info": "info"}


def test_row_condition_selecting_nothing_is_not_sent_to_gx(monkeypatch: pytest.MonkeyPatch) -> None:
    tables = {"figures": figures().assign(instrument="Dow")}
    skipped = result(gx.run_suites(tables, {"figures": VALID["figures"]}), "level-out-of-range")
    assert (skipped.evaluated, skipped.success, skipped.unexpected_rows) == (False, True, ())
    assert skipped.severity == "warning" and skipped.meta["check"] == "level-out-of-range"
    # GX itself passes it vacuously, so skipping changes nothing but the time.
    monkeypatch.setattr(gx, "_checks_no_rows", lambda *args: False)
    asked = result(gx.run_suites(tables, {"figures": VALID["figures"]}), "level-out-of-range")
    assert (asked.evaluated, asked.success, asked.unexpected_rows) == (True, True, ())


def test_data_docs_escape_every_kind_of_result(tmp_path: Path) -> None:
    # Unexpected lists, index dicts, observed values and descriptions all reach the page.
    frame = pd.DataFrame(
        {
            "article_id": ["a.md", "b<i>x</i>.md", "c.md"],
            "title": [SCRIPT, SCRIPT, "ok & fine"],
            "source": [SCRIPT, "x", "y"],
            "body": [SCRIPT, SCRIPT, "z"],
        }
    )
    run = gx.run_suites({"sink": frame}, {"sink": SUITES / "valid" / "many_types.json"})
    assert all(r.evaluated and not r.success for r in run.results)
    datadocs.build_data_docs(run, tmp_path)
    (page,) = (tmp_path / "validations").rglob("*.html")
    text = page.read_text()
    assert SCRIPT not in text and "<i>x</i>" not in text and "<b>not bold</b>" not in text
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in text and "&lt;b&gt;not bold&lt;/b&gt;" in text
    assert "&amp;lt;" not in text


def test_pass_fail_first_run_gives_the_complete_answer() -> None:
    """complete=False (pass/fail, then details for failures only) must agree with a full COMPLETE run."""
    from validators import pipeline, quality
    from validators.context import Settings

    seeds = Path(__file__).resolve().parent.parent / "seeds"
    settings = Settings(as_of=pd.Timestamp("2026-11-21", tz="UTC"))
    result = pipeline.run([seeds, DATA / "checks"], settings)
    frames = {"articles": quality.for_gx(result.articles), "figures": quality.for_gx(result.figures)}
    suites = {name: settings.reference_dir / f"{name}.json" for name in quality.SUITES}
    params = {"as_of": settings.as_of.isoformat()}

    def key(run: gx.SuiteRun) -> list[tuple[Any, ...]]:
        return [(r.table, r.check, r.description, r.success, r.unexpected_index) for r in run.results]

    full, quick = gx.run_suites(frames, suites, params), gx.run_suites(frames, suites, params, complete=False)
    assert any(not r.success for r in full.results) and any(r.success for r in full.results)
    assert key(quick) == key(full)


def test_data_docs_cap_unexpected_values_but_findings_keep_every_row(tmp_path: Path) -> None:
    # 60 rows fail: Data Docs list the first SHOWN_UNEXPECTED of them, with the whole count.
    many = pd.DataFrame(
        {
            "article_id": [f"a{i}.md" for i in range(60)],
            "title": [SCRIPT] * 60,
            "source": ["Unknown"] * 60,
            "published": pd.to_datetime(["2024-01-01T00:00:00Z"] * 60, utc=True),
            "body": ["b" * 30] * 60,
        }
    )
    run = gx.run_suites({"articles": many}, {"articles": VALID["articles"]}, {"as_of": AS_OF})
    failed = [r for r in run.results if len(r.unexpected_rows) == 60]
    assert failed  # the run's own results keep every unexpected row, so findings do too
    raw = next(e for e in run.gx_results["articles"].results if e.result.get("unexpected_count") == 60)
    assert len(raw.result["partial_unexpected_list"]) == gx.SHOWN_UNEXPECTED
    datadocs.build_data_docs(run, tmp_path)
    (page,) = (tmp_path / "validations").rglob("*.html")
    text = page.read_text()
    assert "a0.md" in text and "a59.md" not in text and "58, 59" not in text
    assert f"the first {gx.SHOWN_UNEXPECTED} of 60 rows" in text
    assert len(raw.result["unexpected_index_list"]) == 60  # the run's raw results are not capped


def test_capped_result_keeps_counts() -> None:
    result = {
        "unexpected_count": 50,
        "unexpected_percent": 50.0,
        "unexpected_list": list(range(50)),
        "unexpected_index_list": [{"article_id": str(i)} for i in range(50)],
        "unexpected_index_query": f"df.filter(items=[{', '.join(map(str, range(50)))}], axis=0)",
    }
    capped = datadocs._capped(result, keep=5)
    assert capped["unexpected_list"] == [0, 1, 2, 3, 4] and len(capped["unexpected_index_list"]) == 5
    assert capped["unexpected_index_query"].startswith("df.filter(items=[0, 1, 2, 3, 4], axis=0)")
    assert (capped["unexpected_count"], capped["unexpected_percent"]) == (50, 50.0)
    assert len(result["unexpected_list"]) == 50  # the input is not touched
    short = {"unexpected_index_query": "df.filter(items=[1, 2], axis=0)"}
    assert datadocs._capped(short, keep=5) == short


def test_categorical_condition_columns_give_gx_the_same_answers() -> None:
    """for_gx makes the text columns a suite's row conditions compare categorical: GX's results do not move."""
    from validators import pipeline, quality
    from validators.context import Settings

    seeds = Path(__file__).resolve().parent.parent / "seeds"
    settings = Settings(as_of=pd.Timestamp("2026-11-21", tz="UTC"))
    result = pipeline.run([seeds, DATA / "checks"], settings)
    suites = {name: settings.reference_dir / f"{name}.json" for name in quality.SUITES}
    assert {"instrument", "kind", "range_era"} <= quality.condition_columns(suites["figures"])
    plain = {"articles": quality.for_gx(result.articles), "figures": quality.for_gx(result.figures)}
    coded = {name: quality.for_gx(getattr(result, name), suites[name]) for name in ("articles", "figures")}
    assert isinstance(coded["figures"]["instrument"].dtype, pd.CategoricalDtype)
    assert list(coded["figures"]["instrument"].astype(str)) == list(plain["figures"]["instrument"].astype(str))
    params = {"as_of": settings.as_of.isoformat()}

    def key(run: gx.SuiteRun) -> list[tuple[Any, ...]]:
        return [(r.table, r.check, r.description, r.success, r.unexpected_index, r.evaluated) for r in run.results]

    ran = [gx.run_suites(frames, suites, params, complete=False) for frames in (plain, coded)]
    assert any(not r.success for r in ran[0].results) and key(ran[0]) == key(ran[1])
