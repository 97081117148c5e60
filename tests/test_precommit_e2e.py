"""End to end: this checkout as a pre-commit hook repository, used by a scratch repository's real commits."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from validators.hook import MARKER, group_by_dataset

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data" / "precommit"
# Kept across runs (gitignored) so the hook's environment, newsdq and GX from PyPI, is built once per code version.
CACHE = ROOT / ".cache"
PRE_COMMIT = Path(sys.executable).parent / "pre-commit"
PACKAGED = ("validators/", "expectations/")
AS_OF = "2026-03-01"
# A fixed identity and date make the snapshot commit's sha depend on the files alone, so pre-commit reuses its env.
FIXED_COMMIT = {
    "GIT_AUTHOR_NAME": "newsdq test",
    "GIT_AUTHOR_EMAIL": "test@newsdq.invalid",
    "GIT_AUTHOR_DATE": "2000-01-01T00:00:00Z",
    "GIT_COMMITTER_NAME": "newsdq test",
    "GIT_COMMITTER_EMAIL": "test@newsdq.invalid",
    "GIT_COMMITTER_DATE": "2000-01-01T00:00:00Z",
}


def _env(tmp: Path) -> dict[str, str]:
    # Outer git variables (set when pytest runs from a git hook) would point git at the wrong repository.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    gitconfig = tmp / "gitconfig"
    gitconfig.write_text("[init]\n\tdefaultBranch = main\n", encoding="utf-8")
    # The machine's git config (a core.hooksPath, signing) must not change what a commit does here.
    env.update(
        FIXED_COMMIT,
        GIT_CONFIG_GLOBAL=str(gitconfig),
        GIT_CONFIG_NOSYSTEM="1",
        PRE_COMMIT_HOME=str(CACHE / "pre-commit"),
        GX_ANALYTICS_ENABLED="false",
    )
    return env


def _run(*cmd: str | Path, cwd: Path, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=1800)
    if check and proc.returncode != 0:
        pytest.fail(f"{' '.join(map(str, cmd))} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc


def snapshot_hook_repo(env: dict[str, str]) -> tuple[Path, str]:
    """The checkout's package as it is on disk, uncommitted files included, as the one commit of a cached repo."""
    listed = _run("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT, env=env).stdout
    # Only what the install reads, so editing tests or seeds keeps the sha and the built environment.
    files = sorted(
        f for f in listed.split("\0") if f and ("/" not in f or f.startswith(PACKAGED)) and (ROOT / f).is_file()
    )
    digest = hashlib.sha256()
    for f in files:
        digest.update(f.encode() + b"\0" + (ROOT / f).read_bytes() + b"\0")
    # Named by content, built aside and renamed into place: test runs sharing the checkout never clobber each other.
    repo = CACHE / f"hook-repo-{digest.hexdigest()[:16]}"
    if not (repo / ".git").is_dir():
        staging = CACHE / f"{repo.name}.{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        for f in files:
            (staging / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / f, staging / f)
        _run("git", "init", "-q", cwd=staging, env=env)
        _run("git", "add", "-A", cwd=staging, env=env)
        _run("git", "commit", "-q", "--no-verify", "-m", "snapshot of the newsdq checkout", cwd=staging, env=env)
        try:
            staging.rename(repo)
        except OSError:  # another run renamed the same snapshot first
            shutil.rmtree(staging)
    return repo, _run("git", "rev-parse", "HEAD", cwd=repo, env=env).stdout.strip()


def _commit(repo: Path, env: dict[str, str], src: Path, dest: str) -> tuple[int, str]:
    """Add `src` as `dest` and commit it; (exit code, what the commit printed)."""
    (repo / dest).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, repo / dest)
    _run("git", "add", dest, cwd=repo, env=env)
    proc = _run("git", "commit", "-m", f"add {dest}", cwd=repo, env=env, check=False)
    # git gives its hooks' output to stderr.
    return proc.returncode, proc.stdout + proc.stderr


def test_commits_through_the_installed_hook(tmp_path: Path) -> None:
    assert PRE_COMMIT.is_file(), f"{PRE_COMMIT} missing: install the dev extras (pip install -e '.[dev]')"
    env = _env(tmp_path)
    hook_repo, sha = snapshot_hook_repo(env)
    repo = tmp_path / "repo"
    repo.mkdir()
    _run("git", "init", "-q", cwd=repo, env=env)
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hook_repo}\n    rev: {sha}\n    hooks:\n"
        f"      - id: newsdq\n        args: [--as-of, '{AS_OF}', --fail-on, warning]\n",
        encoding="utf-8",
    )
    _run(PRE_COMMIT, "install", cwd=repo, env=env)
    _run("git", "add", ".pre-commit-config.yaml", cwd=repo, env=env)
    _run("git", "commit", "-q", "-m", "use newsdq", cwd=repo, env=env)

    code, out = _commit(repo, env, DATA / "good" / "nikkei.md", "news/nikkei.md")
    assert code == 0, out
    assert "newsdq (news dataset quality)" in out and "Passed" in out

    code, out = _commit(repo, env, DATA / "bad" / "future.md", "news/future.md")
    assert code != 0, out
    assert "Failed" in out
    assert "news/future.md:5: error [published-in-future]" in out
    # Only what involves the changed file is reported: the committed good article stays out of it.
    assert "news/nikkei.md" not in out
    _run("git", "rm", "-q", "-f", "news/future.md", cwd=repo, env=env)

    # A copy of a committed article: the near-duplicate finding sits on the committed one and names the copy.
    code, out = _commit(repo, env, DATA / "good" / "nikkei.md", "news/nikkei-again.md")
    assert code != 0, out
    assert "news/nikkei.md:2: warning [near-duplicate] near-duplicate of nikkei-again.md" in out
    log = _run("git", "log", "--format=%s", cwd=repo, env=env).stdout.splitlines()
    assert log == ["add news/nikkei.md", "use newsdq"]

    # The hook runs the compiled extractor (README: Speed): pre-commit's install of this snapshot compiled it.
    with sqlite3.connect(CACHE / "pre-commit" / "db.db") as db:
        (clone,) = db.execute("SELECT path FROM repos WHERE repo = ? AND ref = ?", (str(hook_repo), sha)).fetchone()
    (newsdq,) = Path(clone).glob("py_env-*/bin/newsdq")
    version = _run(newsdq, "--version", cwd=tmp_path, env=env).stdout
    assert version.startswith("newsdq ") and version.endswith("(extractor: compiled by mypyc)\n"), version

    # Keep this snapshot's environment for the next run and drop the ones older snapshots left behind.
    _run(PRE_COMMIT, "gc", cwd=repo, env=env)


def test_dataset_is_nearest_marker_folder_else_own_folder(tmp_path: Path) -> None:
    (tmp_path / "news" / "2026" / "02").mkdir(parents=True)
    (tmp_path / "news" / MARKER).touch()
    (tmp_path / "loose").mkdir()
    # A tabular file is an input as an article file is; a file of any other kind is not.
    changed = ["news/2026/02/a.md", "news/b.txt", "loose/c.markdown", "loose/d.jsonl", "loose/notes.yaml"]
    groups = group_by_dataset(changed, tmp_path)
    assert groups == {tmp_path / "news": {"2026/02/a.md", "b.txt"}, tmp_path / "loose": {"c.markdown", "d.jsonl"}}


def test_module_entry_flushes_output_before_its_fast_exit(tmp_path: Path) -> None:
    shutil.copyfile(DATA / "bad" / "future.md", tmp_path / "future.md")
    cmd = [sys.executable, "-m", "validators.hook", "--as-of", AS_OF, "future.md"]
    proc = subprocess.run(cmd, cwd=tmp_path, env=_env(tmp_path), capture_output=True, text=True, timeout=600)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert proc.stdout.startswith("future.md:5: error [published-in-future]")
    assert proc.stdout.endswith("1 errors, 0 warnings, 0 info\n")


def test_docs_hook_builds_data_docs_per_dataset(tmp_path: Path) -> None:
    (tmp_path / "news").mkdir()
    shutil.copyfile(DATA / "good" / "nikkei.md", tmp_path / "news" / "nikkei.md")
    # The newsdq-docs hook's entry, as .pre-commit-hooks.yaml gives it.
    cmd = [
        sys.executable,
        "-m",
        "validators.hook",
        "--data-docs",
        "build/data-docs",
        "--as-of",
        AS_OF,
        "news/nikkei.md",
    ]
    proc = subprocess.run(cmd, cwd=tmp_path, env=_env(tmp_path), capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Data Docs: build/data-docs/news/index.html" in proc.stdout
    assert (tmp_path / "build" / "data-docs" / "news" / "index.html").is_file()
