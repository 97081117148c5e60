"""--jobs: stage 1 in worker processes gives what one process gives, over chunks of work units."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from validators import pipeline
from validators.context import Settings
from validators.engines import PandasEngine
from validators.engines.pandas import chunks
from validators.pipeline import Unit
from validators.reading.tabular import Part

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
AS_OF = pd.Timestamp("2026-11-21", tz="UTC")
BODY = "The Nikkei 225 rose 2% to 38,000 on Tuesday as exporters gained. " * 4


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds, copies of two of them under new names (near-duplicates), and a JSONL file of records."""
    root = tmp_path_factory.mktemp("corpus")
    shutil.copytree(SEEDS, root / "seeds")
    for i, seed in enumerate(sorted(SEEDS.iterdir())[:2]):
        text = seed.read_text(encoding="utf-8")
        (root / f"copy_{i}.txt").write_text(text.replace("2026", "2025", 1), encoding="utf-8")
    rows = [{"title": f"Record {i}", "body": BODY, "published": "2024-03-20T14:00:00Z"} for i in range(5)]
    rows[2] = {"title": "no body"}
    (root / "records.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return root


def _run(corpus: Path, jobs: int, **kwargs: bool) -> pipeline.Result:
    # Chunks of 2 records, so several chunks go to the workers even for this small corpus.
    with PandasEngine(background=False, batch_size=2) as engine:
        return pipeline.run([corpus], Settings(as_of=AS_OF, jobs=jobs), engine, **kwargs)


def _key(result: pipeline.Result) -> list[tuple[object, ...]]:
    return [(f.article, f.line, f.check, f.severity, f.message) for f in result.findings]


def test_two_jobs_give_the_same_findings_in_the_same_order(corpus: Path) -> None:
    one, two = _run(corpus, 1), _run(corpus, 2)
    assert len(one.findings) > 10 and {f.check for f in one.findings} >= {"near-duplicate"}
    assert _key(two) == _key(one)
    assert [dataclasses.asdict(f) for f in two.findings] == [dataclasses.asdict(f) for f in one.findings]
    assert list(two.articles.article_id) == list(one.articles.article_id)
    pd.testing.assert_frame_equal(two.figures.reset_index(drop=True), one.figures.reset_index(drop=True))


def test_articles_keep_input_order_with_jobs(corpus: Path) -> None:
    ids = list(_run(corpus, 2, checks=False).articles.article_id)
    assert ids == list(_run(corpus, 1, checks=False).articles.article_id)
    records = [i for i in ids if i.startswith("records.jsonl#")]
    assert records == sorted(records, key=lambda i: int(i.split("#")[1])) and len(records) == 4


def test_chunks_group_units_by_weight() -> None:
    weights = {"a": 1, "b": 1, "c": 3, "d": 1, "e": 5, "f": 1}
    got = list(chunks(weights, 3, weights.__getitem__))
    assert got == [["a", "b"], ["c"], ["d"], ["e"], ["f"]]  # "e" is over the size: it goes alone
    assert list(chunks(range(5), 2)) == [[0, 1], [2, 3], [4]]
    assert list(chunks([], 2)) == []


def test_a_whole_tabular_file_goes_alone(tmp_path: Path) -> None:
    files = [Unit(tmp_path / "a.md", "a.md"), Unit(tmp_path / "t.jsonl", "t.jsonl"), Unit(tmp_path / "b.md", "b.md")]
    assert [u.weight for u in files] == [1, pipeline.TABLE_WEIGHT, 1]
    got = list(chunks(files, 2_000, lambda u: u.weight))
    assert [[u.article_id for u in c] for c in got] == [["a.md"], ["t.jsonl"], ["b.md"]]
    part = Unit(tmp_path / "t.jsonl", "t.jsonl", Part(first=11, records=5, offset=900, end=1400))
    assert part.weight == 5  # a part of a big table weighs its records


def test_a_checks_run_drops_the_body_but_tables_only_keep_it(corpus: Path) -> None:
    checked = _run(corpus, 2)
    assert "body" not in checked.articles.columns
    tables = _run(corpus, 2, checks=False)
    assert "body" in tables.articles.columns
    assert tables.articles["body"].str.len().gt(0).all()
