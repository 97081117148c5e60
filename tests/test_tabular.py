"""Tabular inputs: JSON Lines (also gzip), JSON arrays, CSV and Parquet records read as articles at line N."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from validators import pipeline
from validators.context import Settings
from validators.engines import PandasEngine
from validators.engines.pandas import chunks as chunked
from validators.reading import UsageError, discover, read_dataset, tabular
from validators.reading.fields import PRESETS, columns, parse_fields, preset
from validators.reading.tabular import record_lines, record_number

AS_OF = pd.Timestamp("2026-11-21", tz="UTC")
BODY = "The central bank raised its policy rate by a quarter point on Wednesday, officials said.\nSecond line."


def _run(folder: Path, **kw: object) -> pipeline.Result:
    return pipeline.run([folder], Settings(as_of=AS_OF, **kw))  # type: ignore[arg-type]


def _jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_records_good_and_bad_each_named_by_line(tmp_path: Path) -> None:
    good = json.dumps({"title": "T", "maintext": BODY, "date_publish": "2024-03-20T14:00:00Z"})
    _jsonl(
        tmp_path / "d.jsonl",
        [good, "not json", "", json.dumps({"title": "x"}), "[1]", json.dumps({"maintext": 5}), good],
    )
    recs = list(read_dataset([tmp_path]))
    ids = [r.article_id for r in recs]
    assert ids == ["d.jsonl#1", "d.jsonl#2", "d.jsonl#4", "d.jsonl#5", "d.jsonl#6", "d.jsonl#7"]
    result = _run(tmp_path, fields=preset("news-please"))
    assert list(result.articles.article_id) == ["d.jsonl#1", "d.jsonl#7"]
    assert result.articles.loc[0, "published"] == pd.Timestamp("2024-03-20T14:00:00Z")
    by = {(f.article, f.check) for f in result.findings}
    assert {("d.jsonl#2", "bad-record"), ("d.jsonl#4", "missing-field"), ("d.jsonl#5", "bad-record")} <= by
    assert ("d.jsonl#6", "bad-record") in by
    for f in result.findings:
        assert f.line == record_number(f.article), f


def test_findings_move_to_record_line_keeping_text_line(tmp_path: Path) -> None:
    rec = json.dumps({"title": "T", "text": "one\ntwo\nthree four five", "published": "2024-01-01T00:00:00Z"})
    _jsonl(tmp_path / "d.jsonl", ["", "", rec])
    result = _run(tmp_path, fields=(("body", "text"),))
    mine = [f for f in result.findings if f.article == "d.jsonl#3"]
    assert mine and all(f.line == 3 for f in mine)
    assert any("text_line" in f.evidence for f in mine)


def test_record_lines_leaves_article_files_alone() -> None:
    from validators.findings import Finding

    f = Finding("a.md#3", 7, "short-body", "completeness", "warning", "m")
    g = Finding("x.jsonl#3", 7, "short-body", "completeness", "warning", "m")
    assert record_lines([f])[0].line == 7
    out = record_lines([g])[0]
    assert (out.line, out.evidence["text_line"]) == (3, 7)


def test_gzip_json_array_csv_parquet_and_markdown_together(tmp_path: Path) -> None:
    with gzip.open(tmp_path / "g.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"title": "G", "body": BODY}) + "\n")
    (tmp_path / "a.json").write_text(json.dumps([{"title": "J1", "body": BODY}, {"title": "J2", "body": BODY}]))
    # a quoted field over two lines: the next record starts on line 4
    (tmp_path / "c.csv").write_text(f'title,body,published\nC1,"{BODY}",2024-01-02\nC2,b2,\n', encoding="utf-8")
    # 10:00 UTC held in a +02:00 column (built from the instant: pyarrow's own conversion of an aware Python
    # datetime shifts it once validators has imported pandas' machinery)
    instant = int(dt.datetime(2024, 1, 1, 10, tzinfo=dt.timezone.utc).timestamp() * 1_000_000)
    stamps = pa.array([instant, None], pa.timestamp("us", tz="+02:00"))
    table = pa.table({"title": ["P1", "P2"], "body": [BODY, BODY], "published": stamps})
    pq.write_table(table, tmp_path / "p.parquet")
    (tmp_path / "m.md").write_text("---\ntitle: M\n---\nBody.\n", encoding="utf-8")
    ids = set(_run(tmp_path).articles.article_id)
    assert ids == {"g.jsonl.gz#1", "a.json#1", "a.json#2", "c.csv#2", "c.csv#4", "p.parquet#1", "p.parquet#2", "m.md"}
    arts = _run(tmp_path).articles.set_index("article_id")
    assert arts.loc["p.parquet#1", "published"] == pd.Timestamp("2024-01-01T10:00:00Z")
    assert arts.loc["c.csv#2", "published_raw"] == "2024-01-02"


def test_whole_bad_files_give_one_finding_each(tmp_path: Path) -> None:
    (tmp_path / "bad.parquet").write_bytes(b"PAR1 not parquet")
    (tmp_path / "nobody.csv").write_text("title,text\nA,B\nC,D\n", encoding="utf-8")
    (tmp_path / "arr.json").write_text('[{"body": "x"}, {oops', encoding="utf-8")
    (tmp_path / "empty.jsonl").write_bytes(b"")
    result = _run(tmp_path)
    got = sorted((f.article, f.check) for f in result.findings if f.category == "parse")
    assert got == [
        ("arr.json", "bad-table"),
        ("bad.parquet", "bad-table"),
        ("empty.jsonl", "empty-file"),
        ("nobody.csv", "missing-field"),
    ]
    assert len(result.articles) == 0


def test_epoch_numbers_become_utc_timestamps(tmp_path: Path) -> None:
    _jsonl(
        tmp_path / "d.jsonl",
        [json.dumps({"body": BODY, "published": 1710943200}), json.dumps({"body": BODY, "published": 1710943200000})],
    )
    arts = _run(tmp_path).articles
    assert list(arts.published) == [pd.Timestamp("2024-03-20T14:00:00Z")] * 2


def test_parse_fields_and_presets() -> None:
    assert parse_fields("title=headline, published=date") == (("title", "headline"), ("published", "date"))
    with pytest.raises(UsageError, match="'headline'"):
        parse_fields("headline")
    with pytest.raises(UsageError, match="'author'"):
        parse_fields("author=by")
    with pytest.raises(UsageError, match="nope"):
        preset("nope")
    assert PRESETS["cc-news"]["source"] == "domain" and PRESETS["trafilatura"]["url"] == "source"
    assert columns((("body", "maintext"),))["title"] == "title"


def test_discover_finds_tables_and_excludes(tmp_path: Path) -> None:
    for name in ("a.jsonl", "b.csv", "drafts/c.md", "d.parquet", "e.xml"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("x")
    ids = [i for _, i in discover([tmp_path], exclude=("drafts",))[1]]
    assert ids == ["a.jsonl", "b.csv", "d.parquet"]


def _records(path: Path, part: tabular.Part | None = None) -> list[tuple[str, str | None, tuple[str, ...]]]:
    wanted = preset("news-please")
    found = tabular.read_table(path, path.name, wanted, None, part)
    return [(r.article_id, getattr(r, "text", None), tuple(f.message for f in r.findings)) for r in found]


def test_a_big_jsonl_is_read_in_parts_that_add_up_to_the_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tabular, "SPLIT_BYTES", 0)
    good = [json.dumps({"title": f"T{i}", "maintext": f"{BODY} {i}"}) for i in range(23)]
    lines = ["\ufeff" + good[0], *good[1:8], "not json", "", *good[8:]]  # a BOM, a bad line, a blank line
    path = _jsonl(tmp_path / "big.jsonl", lines)
    split = tabular.parts(path, preset("news-please"), size=5)
    assert split is not None and [p.first for p in split] == [1, 6, 11, 16, 21]
    assert sum(p.records for p in split) == len(lines) and split[-1].end == path.stat().st_size
    whole = _records(path)
    assert [r for p in split for r in _records(path, p)] == whole
    assert len(whole) == 24 and any("invalid JSON" in m for _, _, ms in whole for m in ms)
    assert tabular.parts(tmp_path / "big.jsonl", size=100) is None  # one part: read whole
    gz = tmp_path / "big.jsonl.gz"
    gz.write_bytes(gzip.compress(path.read_bytes()))
    assert tabular.parts(gz, size=5) is None  # a compressed stream has no byte ranges to seek to


def test_a_big_parquet_is_read_by_row_groups(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tabular, "SPLIT_BYTES", 0)
    table = pa.table({"title": [f"T{i}" for i in range(17)], "maintext": [f"{BODY} {i}" for i in range(17)]})
    path = tmp_path / "big.parquet"
    pq.write_table(table, path, row_group_size=4)
    split = tabular.parts(path, preset("news-please"), size=6)
    assert split is not None and [(p.first, p.row_groups) for p in split] == [(1, (0, 1)), (9, (2, 3)), (17, (4,))]
    assert [r for p in split for r in _records(path, p)] == _records(path)
    # A file whose schema lacks the text column is read whole: its one missing-field finding, not one per part.
    pq.write_table(pa.table({"title": ["a"] * 9}), tmp_path / "notext.parquet", row_group_size=2)
    assert tabular.parts(tmp_path / "notext.parquet", preset("news-please"), size=2) is None


def test_all_cores_on_one_big_jsonl_find_what_one_core_finds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tabular, "SPLIT_BYTES", 0)
    monkeypatch.setattr(tabular, "SPLIT_RECORDS", 4)
    story = [" ".join(f"w{i}x{j}" for j in range(40)) for i in range(18)]  # 18 stories, none like another
    rows = [
        {"title": f"T{i}", "maintext": f"{BODY} {story[i]}", "date_publish": "2024-03-20T14:00:00Z"} for i in range(18)
    ]
    rows[5]["maintext"] = rows[4]["maintext"]  # a copy, across the parts' boundary
    _jsonl(tmp_path / "big.jsonl", [json.dumps(r) for r in rows[:9]] + ["{broken"] + [json.dumps(r) for r in rows[9:]])
    fields = preset("news-please")
    _, units = pipeline.units([tmp_path], Settings(as_of=AS_OF, fields=fields, jobs=2))
    assert len(units) == 5 and all(u.part is not None for u in units)
    one = _run(tmp_path, fields=fields, jobs=1)
    with PandasEngine(background=False, batch_size=4) as engine:  # a chunk per part: both workers get some
        chunks = list(chunked(units, engine.batch_size, lambda u: u.weight))
        two = pipeline.run([tmp_path], Settings(as_of=AS_OF, fields=fields, jobs=2), engine)
    assert len(chunks) == 5
    assert list(one.articles.article_id) == list(two.articles.article_id) and len(one.articles) == 18
    assert sorted(map(str, one.findings)) == sorted(map(str, two.findings))
    assert {f.check for f in two.findings} >= {"bad-record", "near-duplicate"}
