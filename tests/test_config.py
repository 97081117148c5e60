"""The config file: where it is found, what a bad one says (exit 2, file and key named), what it sets, and that
command-line flags override it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from validators import config
from validators.cli import build_parser, main
from validators.context import Settings
from validators.findings import Finding
from validators.reading import UsageError

AS_OF = ["--as-of", "2026-11-21"]
BODY = (
    "Japanese shares rose on Thursday as exporters gained on a weaker yen, while investors weighed the outlook "
    "for domestic demand and corporate earnings across the region's largest markets."
)


def write_jsonl(path: Path, n: int = 3) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            record = {
                "headline": f"Tokyo stocks close higher, day {i}",
                "maintext": f"{BODY} Story number {i} of the series, told in its own words {'again ' * i}.",
                "date_publish": f"2026-02-1{i}T07:00:00Z",
                "url": f"https://example.com/2026/02/1{i}/tokyo.html",
                "source_domain": "example.com",
                "description": "Japanese shares rose.",
            }
            fh.write(json.dumps(record) + "\n")
    return path


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:
    code = main(["validate", *argv, "--format", "json", *AS_OF])
    out = capsys.readouterr().out
    return code, (json.loads(out) if out else {})


def checks_of(doc: dict) -> set[str]:
    return {f["check"] for f in doc["findings"]}


# --- finding the file -------------------------------------------------------------------------------------------


def test_no_config_anywhere(tmp_path: Path) -> None:
    assert config.find(cwd=tmp_path) == config.Config()
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert config.find(cwd=tmp_path).path is None


def test_pyproject_table_then_yaml_then_explicit(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.newsdq]\nselect = ["short-body"]\njobs = 3\n')
    found = config.find(cwd=tmp_path)
    assert found.path == tmp_path / "pyproject.toml" and found.get("select") == ["short-body"]
    assert found.get("jobs") == 3
    (tmp_path / "newsdq.yaml").write_text("select: [empty-body]\n")
    assert config.find(cwd=tmp_path).get("select") == ["empty-body"]  # the dedicated file first
    other = tmp_path / "etc" / "mine.toml"
    other.parent.mkdir()
    other.write_text('fail-on = "warning"\npaths = ["data"]\nbaseline = "accepted.yaml"\n')
    explicit = config.find(other, cwd=tmp_path)
    assert explicit.get("fail_on") == "warning" and explicit.get("select") is None
    # Paths in a file are relative to its folder, wherever the run starts.
    assert explicit.get("paths") == [str(other.parent / "data")]
    assert explicit.get("baseline") == str(other.parent / "accepted.yaml")


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ('[tool.newsdq]\nslect = ["short-body"]\n', ["'slect'", "did you mean 'select'"]),
        ("[tool.newsdq]\njobs = 0\n", ["'jobs'", "at least 1"]),
        ('[tool.newsdq]\njobs = "two"\n', ["'jobs'", "'two'"]),
        ('[tool.newsdq]\nrequired = ["titel"]\n', ["'required'", "did you mean 'title'"]),
        ('[tool.newsdq]\nselect = ["short-bdy"]\n', ["'select'", "did you mean 'short-body'"]),
        ('[tool.newsdq]\nseverity = {short-body = "fatal"}\n', ["'severity.short-body'", "'fatal'"]),
        ('[tool.newsdq]\nseverity = {shrt-body = "error"}\n', ["'severity'", "did you mean 'short-body'"]),
        ('[tool.newsdq]\nfields = {titel = "headline"}\n', ["'fields'", "'titel'"]),
        ('[tool.newsdq]\npreset = "newsplease"\n', ["'preset'", "did you mean 'news-please'"]),
        ('[tool.newsdq]\nfail-on = "info"\n', ["'fail-on'", "'info'"]),
        ("[tool.newsdq]\nexclude = [1, 2]\n", ["'exclude'", "list of strings"]),
        ("[tool.newsdq\n", ["not valid TOML"]),
    ],
)
def test_bad_config_names_the_file_and_key(tmp_path: Path, text: str, named: list[str]) -> None:
    (tmp_path / "pyproject.toml").write_text(text)
    with pytest.raises(UsageError) as e:
        config.find(cwd=tmp_path)
    message = str(e.value)
    assert str(tmp_path / "pyproject.toml") in message
    for part in named:
        assert part in message


def test_bad_yaml_config_and_unknown_suffix(tmp_path: Path) -> None:
    (tmp_path / "newsdq.yaml").write_text("- a list\n- not a table\n")
    with pytest.raises(UsageError, match="newsdq.yaml: the config must be a table"):
        config.find(cwd=tmp_path)
    ini = tmp_path / "newsdq.ini"
    ini.write_text("[x]\n")
    with pytest.raises(UsageError, match=r"newsdq\.ini: a config file is \.toml or \.yaml"):
        config.find(ini)
    with pytest.raises(UsageError, match="no such config file"):
        config.find(tmp_path / "missing.toml")


def test_bad_config_is_exit_2_naming_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "newsdq.yaml").write_text("ignroe: [short-body]\n")
    assert main(["validate", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "newsdq.yaml" in err and "'ignroe'" in err and "'ignore'" in err


# --- precedence: the command line over the file over the defaults --------------------------------------------


def test_flags_override_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "newsdq.yaml").write_text(
        "paths: [data]\nselect: [short-body]\nfail-on: warning\njobs: 3\nexclude: ['old/*']\n"
        "preset: news-please\nfields: {title: headline}\nrequired: [title, url]\nplaceholders: [tba]\n"
        "severity: {short-body: error}\nmax-bytes: 1000\n"
    )
    args = build_parser().parse_args(["validate"])
    config.configure(args)
    assert args.paths == [str(tmp_path / "data")] and args.select == ["short-body"] and args.fail_on == "warning"
    assert args.jobs == 3 and args.exclude == ["old/*"] and args.max_bytes == 1000
    keys = config.settings_keys(args)
    assert dict(keys["fields"])["title"] == "headline" and dict(keys["fields"])["body"] == "maintext"
    assert keys["required"] == ("title", "url") and keys["placeholders"] == ("tba",)
    assert keys["severity"] == (("short-body", "error"),) and keys["exclude"] == ("old/*",)

    args = build_parser().parse_args(
        ["validate", "other", "--select", "empty-body", "--fail-on", "error", "--jobs", "1", "--exclude", "x*"]
        + ["--preset", "cc-news", "--fields", "source=site", "--max-bytes", "5"]
    )
    config.configure(args)
    assert args.paths == ["other"] and args.select == ["empty-body"] and args.fail_on == "error"
    assert args.jobs == 1 and args.exclude == ["x*"] and args.max_bytes == 5
    fields = dict(config.settings_keys(args)["fields"])
    # --preset replaces the file's preset, --fields the file's fields (title=headline is gone).
    assert fields["body"] == "text" and fields["source"] == "site" and fields["title"] == "title"


def test_defaults_without_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    args = build_parser().parse_args(["validate"])
    config.configure(args)
    assert args.fail_on == "error" and args.baseline is None and args.paths == []
    assert args.jobs == config.default_jobs() >= 1
    args = build_parser().parse_args(["validate"])
    config.configure(args, jobs=1)  # (the hook's default)
    assert args.jobs == 1


def test_bad_jobs_flag_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--jobs", "0"]) == 2
    assert "--jobs" in capsys.readouterr().err


# --- what it sets -----------------------------------------------------------------------------------------------


def test_severity_override_applies_to_findings() -> None:
    found = [
        Finding("a.md", 1, "short-body", "completeness", "warning", "short"),
        Finding("a.md", 2, "empty-body", "completeness", "error", "empty"),
    ]
    settings = Settings(severity=(("short-body", "error"), ("empty-body", "info")))
    assert [f.severity for f in config.apply_severity(found, settings)] == ["error", "info"]
    assert config.apply_severity(found, Settings()) == found


def test_severity_override_changes_the_exit_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    (data / "a.md").parent.mkdir()
    (data / "a.md").write_text("---\ntitle: x\npublished: 2026-02-12 10:00:00\n---\nbody\n")
    monkeypatch.chdir(tmp_path)
    code, doc = run_json(capsys, str(data), "--select", "published-no-timezone")
    assert code == 0 and [f["severity"] for f in doc["findings"]] == ["warning"]
    (tmp_path / "newsdq.yaml").write_text("severity: {published-no-timezone: error}\n")
    code, doc = run_json(capsys, str(data), "--select", "published-no-timezone")
    assert code == 1 and [f["severity"] for f in doc["findings"]] == ["error"]


def test_required_keys_and_paths_from_the_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A dataset that never has `category`: no error per article once the config does not require it."""
    write_jsonl(tmp_path / "data" / "news.jsonl")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.newsdq]\npaths = ["data"]\npreset = "news-please"\nfields = {title = "headline"}\n'
        'select = ["missing-required-key", "placeholder-value"]\n'
    )
    code, doc = main(["validate", "--format", "json", *AS_OF]), json.loads(capsys.readouterr().out)
    missing = sorted((f["article"], f["evidence"]["key"]) for f in doc["findings"])
    assert missing == [(f"news.jsonl#{n}", "category") for n in (1, 2, 3)] and code == 1
    with (tmp_path / "pyproject.toml").open("a") as fh:
        fh.write(
            'required = ["title", "url", "published", "source", "summary"]\nplaceholders = ["japanese shares rose."]\n'
        )
    code, doc = main(["validate", "--format", "json", *AS_OF]), json.loads(capsys.readouterr().out)
    found = sorted((f["check"], f["evidence"]["key"]) for f in doc["findings"])
    assert found == [("placeholder-value", "summary")] * 3 and code == 0  # (a warning)


def test_exclude_from_the_flag_and_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    for name in ("keep.md", "old/skip.md", "drafts.md"):
        (data / name).parent.mkdir(parents=True, exist_ok=True)
        (data / name).write_text("no front matter, a short body\n")
    monkeypatch.chdir(tmp_path)
    _, doc = run_json(capsys, str(data), "--select", "missing-front-matter")
    assert {f["article"] for f in doc["findings"]} == {"keep.md", "old/skip.md", "drafts.md"}
    (tmp_path / "newsdq.yaml").write_text("exclude: ['old']\n")
    _, doc = run_json(capsys, str(data), "--select", "missing-front-matter")
    assert {f["article"] for f in doc["findings"]} == {"keep.md", "drafts.md"}
    _, doc = run_json(capsys, str(data), "--select", "missing-front-matter", "--exclude", "drafts*")
    assert {f["article"] for f in doc["findings"]} == {"keep.md", "old/skip.md"}  # the flag replaces the file's
