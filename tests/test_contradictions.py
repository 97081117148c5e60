"""Contradictions across articles: case folders (one mini dataset each), hand-made figures, the seeds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from _content import AS_OF, DATA, SEEDS, context, run

from validators.context import Context, Settings
from validators.figures import COLUMNS

CHECKS = ("figure-conflict", "ytd-conflict", "record-conflict")
CASES = [
    (v, d) for c in CHECKS for v in ("good", "bad") for d in sorted((DATA / "checks" / c / v).glob("*")) if d.is_dir()
]


def findings(ctx: Context) -> dict[str, list[dict[str, Any]]]:
    """Every contradiction item, by check."""
    return {check: [i for items in run(check, ctx).values() for i in items] for check in CHECKS}


@pytest.mark.parametrize(("verdict", "folder"), CASES, ids=[f"{d.parent.parent.name}/{v}/{d.name}" for v, d in CASES])
def test_case_folder(verdict: str, folder: Path) -> None:
    found = findings(context([folder]))
    items = [i for check in CHECKS for i in found[check]]
    if verdict == "good":
        assert not items, [i["message"] for i in items]
        return
    assert items, f"{folder.name}: expected a contradiction"
    for item in items:
        assert item["other_article"] and item["other_line"] >= 1
        assert item["sentence"] and item["other_sentence"]


def test_seed_ytd_contradiction_003_004() -> None:
    found = findings(context([SEEDS]))
    pairs = {(i["other_article"][:3], i["line"]) for i in found["ytd-conflict"]}
    assert ("004", 5) in pairs  # on 003 line 5, naming 004
    assert ("003", 15) in pairs  # on 004 line 15, naming 003
    assert not found["figure-conflict"] and not found["record-conflict"]


def _ctx(rows: list[dict[str, Any]], published: dict[str, str] | None = None) -> Context:
    figures = pd.DataFrame(
        [
            {
                **dict.fromkeys(COLUMNS),
                "unit": "points",
                "char_start": 0,
                "char_end": 5,
                "as_of_basis": "published",
                **r,
            }
            for r in rows
        ],
        columns=list(COLUMNS),
    )
    figures["as_of"] = pd.to_datetime(figures["as_of"], utc=True)
    ids = sorted(set(figures["article_id"]))
    articles = pd.DataFrame({"article_id": ids, "body": [""] * len(ids), "body_start_line": [1] * len(ids)})
    articles["published"] = pd.to_datetime([(published or {}).get(a) for a in ids], utc=True)
    return Context(articles, figures, Settings(as_of=AS_OF))


def _fig(article: str, kind: str, value: float, day: str | None = "2026-02-11", **kw: Any) -> dict[str, Any]:
    return {
        "article_id": article,
        "instrument": kw.pop("instrument", "Dow Jones Industrial Average"),
        "kind": kind,
        "value": value,
        "line": kw.pop("line", 3),
        "sentence": f"{article}: {kind} {value}",
        "as_of": day,
        **kw,
    }


def test_consensus_flags_only_the_outlier() -> None:
    rows = [_fig(a, "level", 50121.4) for a in ("a", "b", "c")] + [_fig("d", "level", 45121.4)]
    found = run("figure-conflict", _ctx(rows))
    assert list(found) == ["d"] and found["d"][0]["other_article"] in {"a", "b", "c"}


def test_sign_flip_disagrees_and_other_days_do_not() -> None:
    rows = [_fig("a", "pct_change", 0.8), _fig("b", "pct_change", -0.8), _fig("c", "pct_change", -0.8, "2026-02-10")]
    found = run("figure-conflict", _ctx(rows))
    assert set(found) == {"a", "b"}


def test_readings_before_the_close_do_not_conflict_with_the_close() -> None:
    """Reuters-21578, 7 April 1987: "fell 10 points to 2396 this morning" (10:06 GMT), "up 10 late this morning"
    (11:27 GMT) and "tumbled 45 points" by mid-afternoon are readings of one session, not its close."""
    rows = [_fig(a, "point_change", v, "1987-04-07") for a, v in (("a", -10), ("b", 10), ("c", -45), ("d", -10))]
    day = {"a": "1987-04-07T10:06:32Z", "b": "1987-04-07T11:27:32Z", "c": "1987-04-07T19:30:00Z"}
    assert not run("figure-conflict", _ctx(rows, day | {"d": "1987-04-07T19:59:00Z"}))
    # Given after the close (16:00 New York, 20:00 GMT in April) or on a later day, the outliers disagree.
    later = {"a": "1987-04-07T20:30:00Z", "b": "1987-04-08T01:00:00Z", "c": "1987-04-07T20:20:26Z"}
    found = run("figure-conflict", _ctx(rows, later | {"d": "1987-04-07T20:01:00Z"}))
    assert set(found) == {"b", "c"}, found
    # A market's own calendar gives its close: Tokyo's session ended at 15:00 local (06:00 GMT) in 2010.
    tokyo = [_fig(a, "level", v, "2010-03-01", instrument="Nikkei 225") for a, v in (("a", 10200), ("b", 9500))]
    assert not run("figure-conflict", _ctx(tokyo, {"a": "2010-03-01T05:59:00Z", "b": "2010-03-01T07:00:00Z"}))
    assert run("figure-conflict", _ctx(tokyo, {"a": "2010-03-01T06:01:00Z", "b": "2010-03-01T07:00:00Z"}))


def test_approximate_and_shared_values_do_not_conflict() -> None:
    rows = [
        _fig("a", "level", 50121.4),
        _fig("b", "level", 45000, qualifier="nearly"),
        _fig("c", "count", 130000, instrument="US nonfarm payrolls"),
        _fig("c", "count", 55000, instrument="US nonfarm payrolls"),
        _fig("d", "count", 130000, instrument="US nonfarm payrolls"),
    ]
    assert not run("figure-conflict", _ctx(rows))


def test_record_contradicted_only_by_an_earlier_higher_level() -> None:
    rows = [
        _fig("a", "level", 5520.3, "2026-02-10", instrument="Kospi"),
        _fig("b", "intraday", 5466.9, "2026-02-12", instrument="Kospi", qualifier="record"),
        _fig("c", "threshold", 5000, "2026-01-22", instrument="Kospi", qualifier="first time"),
        _fig("d", "level", 5600.0, "2026-02-13", instrument="Kospi"),
    ]
    found = run("record-conflict", _ctx(rows))
    assert list(found) == ["b"] and found["b"][0]["other_article"] == "a"


def test_first_time_contradicted_by_an_earlier_crossing() -> None:
    rows = [
        _fig("a", "threshold", 58000, "2026-02-10", instrument="Nikkei 225"),
        _fig("b", "threshold", 58000, "2026-02-12", instrument="Nikkei 225", qualifier="first time"),
    ]
    assert list(run("record-conflict", _ctx(rows))) == ["b"]


def test_ytd_dated_blocks_by_year() -> None:
    rows = [
        _fig("a", "level", 58000, "2026-02-12", instrument="Nikkei 225", char_start=0),
        _fig("a", "ytd_pct", 15, "2026-02-12", instrument="Nikkei 225", char_start=20),
        _fig("b", "level", 57800, "2026-02-13", instrument="Nikkei 225", char_start=0),
        _fig("b", "ytd_pct", 25, "2026-02-13", instrument="Nikkei 225", char_start=20),
        _fig("c", "level", 46000, "2025-07-01", instrument="Nikkei 225", char_start=0),
        _fig("c", "ytd_pct", 25, "2025-07-01", instrument="Nikkei 225", char_start=20),
    ]
    for r in rows:
        r["sentence"] = r["article_id"]  # level and YTD figure in one sentence
    found = run("ytd-conflict", _ctx(rows))
    assert set(found) == {"a", "b"}
    assert found["a"][0]["implied_start"] == pytest.approx(58000 / 1.15, rel=1e-4)
