"""The two stages: stage 1 is a function of each record alone, stage 2 sees compact columns, --select runs less."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from _content import AS_OF, DATA, SEEDS

from validators import pipeline, registry
from validators.checks.near_duplicates import SKETCH, Sketch
from validators.cli import main
from validators.context import Context, Settings
from validators.findings import Finding
from validators.registry import Check

INPUTS = [SEEDS, DATA / "checks"]
SETTINGS = Settings(as_of=AS_OF)


def _comparable(value: Any) -> Any:
    """A cell as a value `==` can compare: a Sketch by its contents."""
    if isinstance(value, Sketch):
        signature = None if value.signature is None else tuple(value.signature)
        return (signature, tuple(value.shingles), tuple(value.words))
    return value


def _frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df.reset_index(drop=True)
    if SKETCH in out.columns:
        out[SKETCH] = out[SKETCH].map(_comparable)
    return out


@pytest.fixture(scope="module")
def records() -> list[pipeline.Record]:
    return list(pipeline.records(INPUTS, SETTINGS)[1])


def test_stage_1_on_each_record_alone_is_stage_1_on_the_whole_batch(records: list[pipeline.Record]) -> None:
    whole = pipeline.stage1(records, SETTINGS)
    alone = [pipeline.stage1([r], SETTINGS) for r in records]
    one_by_one = pipeline.concat(alone)
    assert len(whole.articles) > 50 and len(whole.figures) > 100
    assert {"missing_front_matter", "exchange_closed", "era_clues", SKETCH} <= {
        *whole.articles.columns,
        *whole.figures.columns,
    }
    pd.testing.assert_frame_equal(_frame(one_by_one.articles), _frame(whole.articles))
    pd.testing.assert_frame_equal(_frame(one_by_one.figures), _frame(whole.figures))
    assert sorted(one_by_one.findings) == sorted(whole.findings)
    assert any(f.check == "yaml-syntax" for f in whole.findings)  # reader findings are part of stage 1 too


def test_the_engine_batches_give_the_tables_of_one_batch(records: list[pipeline.Record]) -> None:
    from validators.engines import PandasEngine

    whole = pipeline.stage1(records, SETTINGS)
    with PandasEngine(background=False, batch_size=7) as engine:
        batches = list(engine.stage1(lambda chunk: pipeline.stage1(chunk, SETTINGS), records))
    assert len(batches) == -(-len(records) // 7)
    pd.testing.assert_frame_equal(_frame(pipeline.concat(batches).articles), _frame(whole.articles))


def _counted(calls: Counter[str], seen: dict[str, list[str]]) -> Callable[[Check], Check]:
    def wrap(check: Check) -> Check:
        fn = check.evidence
        if fn is None:
            return check

        def counted(ctx: Context) -> pd.Series[Any]:
            calls[check.id] += 1
            seen[check.id] = list(ctx.articles.columns)
            assert fn is not None
            return fn(ctx)

        return dataclasses.replace(check, evidence=counted)

    return wrap


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> tuple[Counter[str], dict[str, list[str]]]:
    """Every evidence function of the registry, and every stage-1 derived column, counting its calls."""
    counts: Counter[str] = Counter()
    seen: dict[str, list[str]] = {}
    checks = tuple(map(_counted(counts, seen), registry.checks()))
    monkeypatch.setattr(registry, "checks", lambda: checks)

    def derived(d: pipeline.Derived) -> pipeline.Derived:
        def counted(ctx: Context) -> pd.Series[Any]:
            counts[d.column] += 1
            return d.fn(ctx)

        return dataclasses.replace(d, fn=counted)

    monkeypatch.setattr(pipeline, "DERIVED", tuple(map(derived, pipeline.DERIVED)))
    return counts, seen


@pytest.fixture(scope="module")
def every_finding() -> list[Finding]:
    return pipeline.run([SEEDS, DATA / "checks" / "near-duplicate"], SETTINGS).findings


@pytest.mark.parametrize(
    ("check", "runs"),
    [
        ("missing-front-matter", {"missing-front-matter"}),
        ("exchange-closed", {"exchange-closed"}),
        ("near-duplicate", {"near-duplicate", "text_sketch"}),
        ("stale-claim", {"stale-claim", "era_clues"}),  # the eras it reads come from the clues
        ("level-out-of-range", {"era_clues"}),  # no evidence function: a suite asserts the range eras
    ],
)
def test_select_runs_only_that_checks_evidence(
    calls: tuple[Counter[str], dict[str, list[str]]], every_finding: list[Finding], check: str, runs: set[str]
) -> None:
    counts, _ = calls
    result = pipeline.run([SEEDS, DATA / "checks" / "near-duplicate"], dataclasses.replace(SETTINGS, select=(check,)))
    assert set(counts) == runs and all(n == 1 for n in counts.values())
    assert result.checks == (check,)
    assert sorted(result.findings) == sorted(f for f in every_finding if f.check == check)


def test_select_on_the_command_line(calls: tuple[Counter[str], dict[str, list[str]]], tmp_path: Path) -> None:
    counts, _ = calls
    out = tmp_path / "report.json"
    argv = ["validate", str(SEEDS), "--as-of", "2026-11-21", "--format", "json", "--output", str(out)]
    assert main([*argv, "--select", "near-duplicate"]) == 0  # its findings are warnings
    assert set(counts) == {"near-duplicate", "text_sketch"}
    found = {f["check"] for f in json.loads(out.read_text())["findings"]}
    assert found == {"near-duplicate"}


def test_ignore_leaves_a_check_out(calls: tuple[Counter[str], dict[str, list[str]]]) -> None:
    counts, _ = calls
    result = pipeline.run([SEEDS], dataclasses.replace(SETTINGS, ignore=("near-duplicate", "stale-claim")))
    assert "near-duplicate" not in counts and "text_sketch" not in counts and "stale-claim" not in counts
    assert counts["era-inferred"] == 1 and counts["era_clues"] == 1
    assert "near-duplicate" not in result.checks and not {f.check for f in result.findings} & {"near-duplicate"}


def test_stage_2_sees_no_article_text(calls: tuple[Counter[str], dict[str, list[str]]]) -> None:
    counts, seen = calls
    pipeline.run([SEEDS], SETTINGS)
    dataset = [c.id for c in registry.checks() if c.stage == "dataset"]
    assert dataset and all(counts[c] == 1 for c in dataset)
    for check in dataset:
        assert not {"body", "title", "key_lines", "front_matter_extra"} & set(seen[check]), check
    assert "body" in seen["missing-front-matter"]  # while stage 1's checks read the whole row


def test_a_run_with_no_input_gives_empty_tables(tmp_path: Path) -> None:
    result = pipeline.run([tmp_path], SETTINGS)
    assert (len(result.articles), len(result.figures), result.findings) == (0, 0, [])
    assert "near_duplicate" in result.articles.columns and "range_era" in result.figures.columns


def test_a_sketch_compares_as_the_word_shingles_do() -> None:
    from validators.checks.near_duplicates import jaccard, score, shingles, sketch, words

    texts = ["one two three four five six", "one two three four five seven", "a b", "a b", "", "x"]
    for a in texts:
        for b in texts:
            wa, wb = words(a), words(b)
            text, vocab, _, _ = score(sketch(a), sketch(b), set(), set())
            assert (text, vocab) == (jaccard(shingles(wa), shingles(wb)), jaccard(set(wa), set(wb))), (a, b)
    assert np.all(np.diff(sketch(texts[0]).shingles.astype(np.float64)) > 0)  # sorted and distinct
