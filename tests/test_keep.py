"""extract --keep: clean or flagged articles written in the input's own format, inputs untouched."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from validators import pipeline
from validators.context import Settings
from validators.keep import keep
from validators.reading import UsageError

AS_OF = pd.Timestamp("2026-11-21", tz="UTC")
WORDS = " ".join(["word"] * 60)


def _good(n: int) -> dict[str, str]:
    return {
        "title": f"Title {n}",
        "body": f"Article {n}. {WORDS}",
        "published": "2024-01-02T00:00:00Z",
        "url": f"https://example.com/{n}",
        "source": "Example",
        "category": "news",
        "summary": f"Summary {n}.",
    }


def _dataset(folder: Path) -> Path:
    src = folder / "in"
    src.mkdir()
    lines = [json.dumps(_good(1)), "not json", json.dumps(_good(3)), json.dumps({"body": "stub"})]
    (src / "d.jsonl").write_bytes(("\n".join(lines) + "\n").encode())
    (src / "c.csv").write_text('title,body\r\nA,"short"\r\n', encoding="utf-8", newline="")
    pq.write_table(pa.table({k: [_good(1)[k], "x"] for k in ("title", "body")}), src / "p.parquet")
    (src / "sub").mkdir()
    (src / "sub/a.md").write_bytes(b"---\r\ntitle: A\r\n---\r\nShort.\r\n")
    return src


def _result(src: Path) -> pipeline.Result:
    return pipeline.run([src], Settings(as_of=AS_OF))


def test_clean_and_flagged_split_every_record_once(tmp_path: Path) -> None:
    src = _dataset(tmp_path)
    before = {p: p.read_bytes() for p in src.rglob("*") if p.is_file()}
    result = _result(src)
    flagged_ids = {f.article for f in result.findings if f.severity == "error"}
    clean = keep(result, Settings(), "clean", "error", tmp_path / "clean")
    flagged = keep(result, Settings(), "flagged", "error", tmp_path / "flagged")
    assert clean["kept"] + flagged["kept"] == 4 + 1 + 2 + 1
    assert clean["kept"] == flagged["left"]
    clean_lines = (tmp_path / "clean/d.jsonl").read_bytes().splitlines()
    flagged_lines = (tmp_path / "flagged/d.jsonl").read_bytes().splitlines()
    original = (src / "d.jsonl").read_bytes().splitlines()
    assert sorted(clean_lines + flagged_lines) == sorted(original)  # original lines, unchanged
    assert (b"not json" in flagged_lines) and ("d.jsonl#2" in flagged_ids)
    assert {p: p.read_bytes() for p in src.rglob("*") if p.is_file()} == before  # inputs untouched
    kept_pq = pq.read_table(tmp_path / "flagged/p.parquet")
    assert kept_pq.schema == pq.read_schema(src / "p.parquet")
    copies = [d / "sub/a.md" for d in (tmp_path / "clean", tmp_path / "flagged") if (d / "sub/a.md").exists()]
    assert [c.read_bytes() for c in copies] == [(src / "sub/a.md").read_bytes()]  # one copy, bytes unchanged
    assert (tmp_path / "flagged/c.csv").read_bytes() == (src / "c.csv").read_bytes()  # header + the one row


def test_dest_inside_input_or_not_empty_is_refused(tmp_path: Path) -> None:
    src = _dataset(tmp_path)
    result = _result(src)
    with pytest.raises(UsageError, match="inside the input"):
        keep(result, Settings(), "clean", "error", src / "out")
    (tmp_path / "full").mkdir()
    (tmp_path / "full/x").write_text("x")
    with pytest.raises(UsageError, match="not an empty folder"):
        keep(result, Settings(), "clean", "error", tmp_path / "full")
