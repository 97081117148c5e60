"""The benchmark's generator (bench/synth.py) and runner (bench/run.py): deterministic, every category planted."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd
import pytest

from validators import pipeline, registry
from validators.context import Settings

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))
import run as bench_run  # noqa: E402
import synth  # noqa: E402
import synth_defects  # noqa: E402

# Checks the generator does not plant: a 50 MB file and a file the OS will not open cost more than they show.
NOT_PLANTED = {"file-too-large", "unreadable-file"}
# Records of tabular inputs (JSONL/CSV/Parquet): the generator plants in article files; its --jsonl copy only
# carries the articles whose front matter is a mapping, each record well formed.
TABULAR = {"bad-record", "missing-field", "bad-table"}
STAGES = {"read", "extract", "contract", "evidence", "evidence_dataset", "gx"}


def rendered(n: int, seed: int, mode: str = "mixed") -> dict[str, bytes]:
    return {s.path: synth.render(s) for s in synth.corpus(n, seed, mode)[1]}


def test_generator_is_deterministic_and_the_seed_matters() -> None:
    a, b = rendered(250, 7), rendered(250, 7)
    assert a == b
    other = rendered(250, 8)
    assert other.keys() == a.keys() and sum(other[k] != a[k] for k in a) > 200


def test_every_article_file_check_is_planted_and_every_category() -> None:
    _, stories = synth.corpus(250, 7)
    planted = {c for s in stories for c in s.planted}
    ids = set(registry.check_ids())
    assert set(synth_defects.KINDS) <= ids
    # A new check fails this until the generator plants it (bench/synth_defects.py) or it is listed above.
    assert planted == ids - NOT_PLANTED - TABULAR
    assert {registry.get(c).category for c in planted} == set(registry.CATEGORIES)
    roles = {s.role for s in stories}
    assert roles == {"clean", "copy", "defect", "no-front-matter"}
    copies = sum(s.role == "copy" for s in stories) / len(stories)
    assert 0.12 < copies < 0.28  # about 20% syndicated copies


def test_too_few_articles_for_every_defect_is_refused() -> None:
    with pytest.raises(ValueError, match="too few"):
        synth.corpus(40, 7)


def test_one_story_mode_is_copies_of_the_first() -> None:
    _, stories = synth.corpus(30, 7, "one-story")
    lead = stories[0].paragraphs[0]
    assert all(lead in s.paragraphs[0] for s in stories[1:]) and len({synth.render(s) for s in stories}) == 30


def test_write_refuses_a_folder_with_files_and_keeps_the_manifest_outside(tmp_path: Path) -> None:
    _, stories = synth.corpus(200, 3)
    dest = tmp_path / "c"
    manifest = synth.write(stories, dest, seed=3, mode="mixed", jsonl=tmp_path / "c.jsonl")
    assert not list(dest.rglob("*.json")) and synth.manifest_path(dest).is_file()
    assert manifest["articles"] == len(list(dest.rglob("*.md"))) == 200
    rows = [json.loads(line) for line in (tmp_path / "c.jsonl").read_text().splitlines()]
    assert rows and all("body" in r and "title" in r for r in rows)
    with pytest.raises(SystemExit, match="not empty"):
        synth.write(stories, dest, seed=3, mode="mixed")


@pytest.mark.slow
def test_each_planted_check_is_found_on_a_planted_article_and_clean_articles_stay_clean(tmp_path: Path) -> None:
    _, stories = synth.corpus(300, 5)
    manifest = synth.write(stories, tmp_path / "c", seed=5, mode="mixed")
    result = pipeline.run([tmp_path / "c"], Settings(as_of=pd.Timestamp(synth.AS_OF, tz="UTC")))
    found: dict[str, set[str]] = {}
    for f in result.findings:
        found.setdefault(f.check, set()).add(f.article)
    missed = [c for c, paths in manifest["planted"].items() if not found.get(c, set()) & set(paths)]
    assert missed == []
    clean = {s.path for s in stories if s.role == "clean"}
    partnered = {p for c in ("figure-conflict", "ytd-conflict", "record-conflict") for p in found.get(c, ())}
    false = {f.article for f in result.findings if f.article in clean - partnered}
    assert len(false) <= len(clean) * 0.02, sorted(false)[:10]


@pytest.mark.slow
def test_run_writes_results_of_the_expected_shape(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    assert bench_run.main(["--sizes", "200", "--copies", "0", "--corpora", "--out", str(out)]) == 0
    result = json.loads(out.read_text())
    assert {"as_of", "cpus", "load_average", "runs", "ratios"} <= result.keys()
    (r,) = result["runs"]
    assert r["name"] == "synthetic-200" and r["articles"] == 200 and r["kind"] == "synthetic"
    for part in ("floor", "validate"):
        assert {"wall", "cpu", "peak_rss_mb", "articles_per_s"} <= r[part].keys() and r[part]["wall"] > 0
    assert r["validate"]["exit"] in (0, 1) and r["validate"]["findings"] > 0
    assert r["stages"].keys() >= STAGES and all(r["stages"][s]["seconds"] >= 0 for s in STAGES)
    assert r["ratio_to_floor"]["wall"] > 1


def test_run_names_the_missing_shared_corpora(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(bench_run.corpora, "CORPORA", tmp_path / "nowhere")
    with pytest.raises(SystemExit, match="nowhere: missing reuters21578"):
        bench_run.main(["--sizes", "200", "--corpora", "reuters21578", "--out", str(tmp_path / "r.json")])
