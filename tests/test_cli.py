"""The CLI contract of DESIGN.md: commands, formats, exit codes, baseline."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from validators.cli import build_parser, main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
AS_OF = ["--as-of", "2026-11-21"]


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:
    code = main(["validate", *argv, "--format", "json", *AS_OF])
    return code, json.loads(capsys.readouterr().out)


def test_validate_seeds_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc = run_json(capsys, str(SEEDS))
    assert code == 1
    assert doc["version"] == 1 and doc["articles"] == 5 and doc["figures"] > 0
    assert set(doc["summary"]) == {"error", "warning", "info"}
    assert sum(doc["summary"].values()) == len(doc["findings"])
    first = doc["findings"][0]
    assert list(first) == ["check", "category", "severity", "article", "line", "message", "evidence"]


def test_extract_json_tables(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(SEEDS), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    arts = {a["article_id"]: a for a in doc["articles"]}
    assert len(arts) == 5
    assert [a["has_front_matter"] for _, a in sorted(arts.items())] == [True, False, False, False, True]
    assert arts["000_ad7393dada8b0cda.txt"]["published"] == "2026-02-12T02:02:24Z"
    assert arts["004_6e2578ed8f75a957.txt"]["published"] == "2026-02-12T02:08:13Z"
    assert arts["001_0b15015f920dc025.txt"]["published"] is None
    assert arts["001_0b15015f920dc025.txt"]["title_source"] == "first_line"
    assert doc["figures"] and {"article_id", "instrument", "kind", "value", "line"} <= set(doc["figures"][0])


def test_extract_csv_needs_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(SEEDS), "--format", "csv"]) == 2
    assert main(["extract", str(SEEDS), "--format", "csv", "--output", str(tmp_path)]) == 0
    import pandas as pd

    assert len(pd.read_csv(tmp_path / "articles.csv")) == 5
    assert len(pd.read_csv(tmp_path / "figures.csv")) > 0


def test_missing_path_is_exit_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no such file or directory" in err[0]


def test_as_of_out_of_the_tables_range_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(SEEDS), "--as-of", "0001-01-01"]) == 2
    assert "between 1678 and 2262" in capsys.readouterr().err


def test_unknown_check_id_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """A misspelt --select would report nothing and let a gate pass: it is refused, with the id it may mean."""
    assert main(["validate", str(SEEDS), "--select", "level-out-of-rang"]) == 2
    assert "did you mean level-out-of-range" in capsys.readouterr().err
    assert main(["validate", str(SEEDS), "--ignore", "no-such-check"]) == 2
    assert "no check is called 'no-such-check'" in capsys.readouterr().err
    code, doc = run_json(capsys, str(SEEDS), "--select", "binary-file", "--select", "schema-violation")
    assert (code, doc["findings"]) == (0, [])


def test_unwritable_output_is_a_usage_error_before_the_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "file").write_text("")
    for option in ("--data-docs", "--output"):
        assert main(["validate", str(SEEDS), option, str(tmp_path / "file" / "out")]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"newsdq: {tmp_path / 'file'}") and "cannot make the folder" in err
        assert "Traceback" not in err
    # The pre-commit hook's --data-docs too.
    from validators import hook

    seed = next(SEEDS.glob("*.txt")).relative_to(ROOT)
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        assert hook.main(["--data-docs", str(tmp_path / "file" / "docs"), str(seed)]) == 2
    finally:
        os.chdir(cwd)
    assert "cannot make the folder" in capsys.readouterr().err


def test_bad_usage_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--format", "xml"]) == 2
    assert main(["validate", "--as-of", "yesterday-ish"]) == 2


def test_every_option_has_help() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, p in sub.choices.items():  # type: ignore[attr-defined]
        for action in p._actions:
            assert action.help, f"{name} {action.option_strings or action.dest} has no help"


def test_clean_dataset_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.md").write_text(
        "---\ntitle: Tokyo stocks close higher\nsource: Reuters\n"
        "url: https://example.com/2026/02/12/tokyo.html\npublished: 2026-02-12T07:00:00Z\n"
        "category: finance\nsummary: Japanese shares rose on Thursday.\n---\n"
        "Japanese shares rose on Thursday as exporters gained on a weaker yen, "
        "while investors weighed the outlook for domestic demand and corporate earnings.\n"
    )
    code, doc = run_json(capsys, str(tmp_path))
    assert [f for f in doc["findings"] if f["severity"] == "error"] == []
    assert code == 0


def test_no_readable_article_gives_no_schema_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An empty folder is clean; a folder of one binary file gets that file's finding, not the empty tables'."""
    code, doc = run_json(capsys, str(tmp_path))
    assert (code, doc["articles"], doc["findings"]) == (0, 0, [])
    (tmp_path / "a.md").write_bytes(b"The Nikkei\x00 rose 3% to 38,000 on Monday.\n")
    code, doc = run_json(capsys, str(tmp_path))
    assert [(f["check"], f["article"], f["line"]) for f in doc["findings"]] == [("binary-file", "a.md", 1)]
    assert code == 1


def test_fail_on_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.md").write_text("---\ntitle: x\npublished: 2026-02-12 10:00:00\n---\nbody\n")
    code, doc = run_json(capsys, str(tmp_path), "--select", "published-no-timezone")
    assert [f["check"] for f in doc["findings"]] == ["published-no-timezone"] and code == 0
    code, _ = run_json(capsys, str(tmp_path), "--select", "published-no-timezone", "--fail-on", "warning")
    assert code == 1


def test_select_and_ignore(capsys: pytest.CaptureFixture[str]) -> None:
    _, doc = run_json(capsys, str(SEEDS), "--select", "missing-front-matter")
    assert {f["check"] for f in doc["findings"]} == {"missing-front-matter"}
    _, doc = run_json(capsys, str(SEEDS), "--ignore", "missing-front-matter")
    assert "missing-front-matter" not in {f["check"] for f in doc["findings"]}


def test_baseline_roundtrip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    shutil.copytree(SEEDS, data)
    base = tmp_path / "baseline.yaml"
    assert main(["baseline", str(data), "--output", str(base), *AS_OF]) == 0
    entries = yaml.safe_load(base.read_text())["accepted"]
    assert entries and all(e["reason"].startswith("TODO") for e in entries)
    code, doc = run_json(capsys, str(data), "--baseline", str(base))
    assert code == 0 and doc["findings"] == []
    # a new bad article fails; an entry whose article went away is reported
    (data / "new.md").write_text("no front matter here\n")
    (data / "004_6e2578ed8f75a957.txt").unlink()
    code, doc = run_json(capsys, str(data), "--baseline", str(base))
    assert code == 1
    assert {f["article"] for f in doc["findings"]} == {"new.md"}
    gone = {e["article"] for e in doc["baseline_unmatched"]}
    assert "004_6e2578ed8f75a957.txt" in gone and gone <= {"004_6e2578ed8f75a957.txt", "003_8fdb093730accb2d.txt"}


def test_baseline_entry_that_no_longer_occurs_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    shutil.copytree(SEEDS, data)
    base = tmp_path / "baseline.yaml"
    assert main(["baseline", str(data), "--output", str(base), *AS_OF]) == 0
    (data / "000_ad7393dada8b0cda.txt").unlink()  # as if the placeholder check stopped finding it
    code = main(["validate", str(data), "--baseline", str(base), *AS_OF])
    out = capsys.readouterr().out
    assert code == 1 and "000_ad7393dada8b0cda.txt:3: baseline entry no longer occurs [placeholder-value]" in out


def test_committed_baseline_gates_seeds(capsys: pytest.CaptureFixture[str]) -> None:
    base = ROOT / "expectations" / "baseline.yaml"
    code, doc = run_json(capsys, str(SEEDS), "--baseline", str(base))
    assert (code, doc["findings"], doc.get("baseline_unmatched", [])) == (0, [], [])
    assert all(not e["reason"].startswith("TODO") for e in yaml.safe_load(base.read_text())["accepted"])


def test_python_dash_m(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "validators", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0 and "validate" in proc.stdout


def test_gx_worker_process_gives_the_same_report(capsys: pytest.CaptureFixture[str]) -> None:
    """A fresh process runs GX in its forked worker; this one in-process: the reports must agree."""
    _, here = run_json(capsys, str(SEEDS))
    proc = subprocess.run(
        [sys.executable, "-m", "validators", "validate", str(SEEDS), "--format", "json", *AS_OF],
        capture_output=True,
        text=True,
        env={**os.environ, "GX_ANALYTICS_ENABLED": "false"},
    )
    assert proc.returncode == 1, proc.stderr
    assert json.loads(proc.stdout) == here


# --- issue 21: outputs, extract --keep, progress, the hook's tables ----------------------------------------------

RECORD_BODY = (
    "Japanese shares rose on Thursday as exporters gained on a weaker yen, while investors weighed the outlook "
    "for domestic demand and corporate earnings across the region's largest markets. "
) * 2


def write_records(path: Path) -> Path:
    """Two good records and a short one (short-body) in JSON Lines, with a line of bad JSON between."""
    lines = [
        json.dumps({"title": "Tokyo", "text": RECORD_BODY, "url": "https://a.example/1", "domain": "a.example"}),
        "{not json",
        json.dumps({"title": "Seoul", "text": "Too short.", "url": "https://b.example/2", "domain": "b.example"}),
        json.dumps({"title": "Sydney", "text": RECORD_BODY.replace("Japanese", "Australian"), "domain": "a.example"}),
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_csv_and_parquet_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import csv
    import io

    import pyarrow.parquet as pq

    data = write_records(tmp_path / "data" / "news.jsonl").parent
    base = ["validate", str(data), "--preset", "cc-news", "--select", "short-body", "--select", "bad-record", *AS_OF]
    assert main([*base, "--format", "csv"]) == 1
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["article"], r["line"], r["check"]) for r in rows] == [
        ("news.jsonl#2", "2", "bad-record"),
        ("news.jsonl#3", "3", "short-body"),
    ]
    assert json.loads(rows[1]["evidence"])["words"] == 2
    assert main([*base, "--format", "parquet"]) == 2  # a binary format needs a file
    assert "--output" in capsys.readouterr().err
    assert main([*base, "--format", "parquet", "--output", str(tmp_path / "f.parquet")]) == 1
    table = pq.read_table(tmp_path / "f.parquet").to_pylist()
    assert [(r["article"], r["line"], r["check"]) for r in table] == [
        (r["article"], int(r["line"]), r["check"]) for r in rows
    ]


def test_text_report_ends_with_the_summaries(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = write_records(tmp_path / "data" / "news.jsonl").parent
    main(["validate", str(data), "--preset", "cc-news", "--select", "short-body", *AS_OF])
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1].startswith("3 articles, ")
    assert "By check (3 articles read):" in lines and "By source (2 sources):" in lines
    assert any(line.split()[:3] == ["short-body", "warning", "1"] and "33.3%" in line for line in lines)
    assert any(line.split()[:2] == ["b.example", "1"] and "100.0%" in line for line in lines)


def test_extract_keep_clean_and_flagged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_records(tmp_path / "data" / "news.jsonl")
    original = src.read_bytes()
    base = ["extract", str(src.parent), "--preset", "cc-news", "--select", "short-body", *AS_OF]
    assert main([*base, "--keep", "clean"]) == 2  # the folder to write to is required
    assert "--output" in capsys.readouterr().err
    assert main([*base, "--keep", "clean", "--fail-on", "warning", "--output", str(tmp_path / "clean")]) == 0
    kept = (tmp_path / "clean" / "news.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["title"] for line in kept] == ["Tokyo", "Sydney"]
    assert "kept 2 clean articles" in capsys.readouterr().err
    assert main([*base, "--keep", "flagged", "--fail-on", "warning", "--output", str(tmp_path / "flagged")]) == 0
    flagged = (tmp_path / "flagged" / "news.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["title"] for line in flagged] == ["Seoul"]  # (the bad line is a parse finding: --select)
    assert main([*base, "--keep", "clean", "--output", str(src.parent / "inside")]) == 2  # never inside an input
    assert src.read_bytes() == original


def test_progress_only_for_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from validators import progress

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("CI", raising=False)
    assert progress.wanted("text", None, Tty())
    assert not progress.wanted("text", None, io.StringIO())  # not a terminal
    assert not progress.wanted("json", None, Tty())  # JSON to stdout is read by a program
    assert progress.wanted("json", Path("out.json"), Tty())
    monkeypatch.setenv("CI", "true")
    assert not progress.wanted("text", None, Tty())
    bar = progress.bar(3, enabled=False)
    bar.update(3)
    bar.close()
    assert bar.disable


def test_progress_off_under_pytest_and_in_the_hook(monkeypatch: pytest.MonkeyPatch) -> None:
    from validators import hook
    from validators.cli import configured

    monkeypatch.delenv("CI", raising=False)
    args = configured(build_parser().parse_args(["validate"]))  # stderr is captured here: not a terminal
    assert args.progress is False and args.jobs >= 1
    args = configured(build_parser().parse_args(["validate", "--no-progress"]))
    assert args.progress is False
    args = hook.configured(hook.build_parser().parse_args(["a.md"]))
    assert args.progress is False and not hasattr(args, "jobs")


def test_hook_takes_tables_and_their_records(tmp_path: Path) -> None:
    from validators.findings import Finding
    from validators.hook import group_by_dataset, involves

    groups = group_by_dataset(["d/a.md", "d/news.jsonl", "d/x.parquet", "d/notes.py", "d/t.jsonl.gz"], tmp_path)
    assert groups == {tmp_path / "d": {"a.md", "news.jsonl", "x.parquet", "t.jsonl.gz"}}
    record = Finding("news.jsonl#4", 4, "short-body", "completeness", "warning", "short")
    other = Finding("b.md", 1, "near-duplicate", "duplicate", "warning", "dup", {"other_article": "news.jsonl#2"})
    assert involves(record, {"news.jsonl"}) and involves(other, {"news.jsonl"})
    assert not involves(record, {"a.md"}) and not involves(
        Finding("n.md#4", 1, "short-body", "completeness", "warning", "x"), {"n.md"}
    )
