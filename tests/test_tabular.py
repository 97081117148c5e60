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
from validators.reading import UsageError, discover, read_dataset
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
