"""The compiled extractor (README: Speed): what runs, that it gives what the source gives, and that an edited
source is never shadowed by a compiled module built before the edit."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd
import pytest
from test_corpora import reuters_articles
from test_figures import CASES

import validators
from validators import figures
from validators.normalize import article_row
from validators.reading import RawArticle, parse_bytes

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = Path(validators.__file__).parent
PURE = os.environ.get("NEWSDQ_PURE_PYTHON") == "1"
WHICH = "import validators.figures as f; print(f.__file__)"


def is_compiled(module: ModuleType) -> bool:
    return any(str(module.__file__).endswith(suffix) for suffix in importlib.machinery.EXTENSION_SUFFIXES)


def test_the_suite_runs_the_extractor_users_run() -> None:
    if PURE:
        assert not is_compiled(figures), "NEWSDQ_PURE_PYTHON=1 is set, yet the compiled module was imported"
    else:
        # `make` compiles figures.py; a machine without a C compiler installs it uncompiled, and would fail here.
        assert is_compiled(figures), f"{figures.__file__} is not the compiled module: `make` builds it (README: Speed)"
        assert validators.extractor_build() == validators.COMPILED


# Code mypyc cannot compile: a statement in a class body that is not a definition.
UNCOMPILABLE = "\n\nclass _Uncompilable:\n    for _i in range(2):\n        pass\n"


@pytest.mark.parametrize("why", ["no C compiler", "code mypyc cannot compile"])
def test_an_install_that_cannot_compile_keeps_plain_python(tmp_path: Path, why: str) -> None:
    project = tmp_path / "project"  # what an install reads, without what `make` built here
    project.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(ROOT / name, project / name)
    for name in ("validators", "expectations"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("*.so", "*.sha256", "__pycache__"))
    env = {k: v for k, v in os.environ.items() if k != "NEWSDQ_PURE_PYTHON"}
    if why == "no C compiler":
        env["CC"] = "/bin/false"
    else:
        with (project / "validators" / "figures.py").open("a", encoding="utf-8") as f:
            f.write(UNCOMPILABLE)
    target = tmp_path / "site"
    pip = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(project)]
    built = subprocess.run(pip, env=env, capture_output=True, text=True, timeout=900)
    assert built.returncode == 0, built.stderr
    assert (target / "validators" / "figures.py").is_file()
    assert not list((target / "validators").glob("figures*.so")), f"{why}, yet a compiled module is installed"
    env.update(PYTHONPATH=str(target), GX_ANALYTICS_ENABLED="false")
    seed = sorted((ROOT / "seeds").glob("*.txt"))[0]
    for args, expected in (
        (["--version"], "(extractor: plain Python, not compiled)"),
        (["extract", str(seed), "--format", "json"], '"instrument": "Nikkei 225"'),  # and it extracts
    ):
        run = subprocess.run(
            [sys.executable, "-m", "validators", *args], cwd=tmp_path, env=env, capture_output=True, text=True
        )
        assert run.returncode == 0 and expected in run.stdout, run.stderr


@pytest.fixture(scope="module")
def source_module() -> ModuleType:
    """figures.py itself, under another name, beside whichever `validators.figures` this process runs."""
    spec = importlib.util.spec_from_file_location("figures_source", PACKAGE / "figures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # (dataclasses look their module up)
    spec.loader.exec_module(module)
    return module


def inputs() -> list[tuple[str, bytes, pd.Timestamp | None]]:
    """Every article the tests hold: seeds, test data files and the figure cases."""
    out: list[tuple[str, bytes, pd.Timestamp | None]] = []
    files = sorted((ROOT / "seeds").iterdir()) + sorted((ROOT / "tests" / "data").rglob("*"))
    out += [(p.name, p.read_bytes(), None) for p in files if p.suffix in (".md", ".markdown", ".txt")]
    for case in CASES["figures"] + CASES["not_figures"]:
        published = pd.Timestamp(case["published"]) if case.get("published") else None
        out.append((case["id"], case["text"].encode(), published))
    return out


def extract_all(module: Any, items: list[tuple[str, bytes, pd.Timestamp | None]]) -> list[dict[str, Any]]:
    rows = []
    for name, data, published in items:
        raw = parse_bytes(data, name)
        if isinstance(raw, RawArticle):
            if published is None:  # as the pipeline reads it
                published = article_row(raw)[0]["published"]
            rows += module.extract_figures(raw, published, module.load_lexicon())
    return rows


def test_compiled_and_source_extract_the_same(source_module: ModuleType) -> None:
    items = inputs()
    assert len(items) > 250
    compiled_rows = extract_all(figures, items)
    assert len(compiled_rows) > 500
    assert compiled_rows == extract_all(source_module, items)


def test_compiled_and_source_extract_the_same_from_reuters(
    source_module: ModuleType, corpus: Callable[[str], Path]
) -> None:
    # 1987 newswire: every 4th story, to keep the pure-Python half of this test to seconds.
    articles = reuters_articles(corpus("reuters21578"))[::4]
    compiled_rows = [r for raw, published in articles for r in figures.extract_figures(raw, published)]
    source_lexicon = source_module.load_lexicon()
    source_rows = [r for raw, p in articles for r in source_module.extract_figures(raw, p, source_lexicon)]
    assert len(compiled_rows) > 100
    assert compiled_rows == source_rows


def run_env(pythonpath: Path) -> dict[str, str]:
    """This process's environment for a fresh interpreter importing the package copy under `pythonpath`."""
    env = {k: v for k, v in os.environ.items() if k != "NEWSDQ_PURE_PYTHON"}
    return {**env, "PYTHONPATH": str(pythonpath), "GX_ANALYTICS_ENABLED": "false"}


def run_which(pythonpath: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Which figures module a fresh interpreter imports from the package copy under `pythonpath`."""
    full = {**run_env(pythonpath), **env}
    return subprocess.run(
        [sys.executable, "-c", WHICH], cwd=pythonpath, env=full, capture_output=True, text=True, timeout=300
    )


def test_an_edited_source_runs_instead_of_the_module_compiled_before_the_edit(tmp_path: Path) -> None:
    built = [PACKAGE / f"figures{suffix}" for suffix in importlib.machinery.EXTENSION_SUFFIXES]
    assert any(p.is_file() for p in built), "figures.py is not compiled: `make` builds it (README: Speed)"
    copy = tmp_path / "validators"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))

    as_built = run_which(tmp_path)
    assert as_built.returncode == 0, as_built.stderr
    assert as_built.stdout.strip() != str(copy / "figures.py") and "has changed" not in as_built.stderr

    pure = run_which(tmp_path, NEWSDQ_PURE_PYTHON="1")
    assert (pure.stdout.strip(), pure.stderr) == (str(copy / "figures.py"), "")

    with (copy / "figures.py").open("a", encoding="utf-8") as f:
        f.write("\nEDITED = True\n")
    edited = run_which(tmp_path)
    assert edited.stdout.strip() == str(copy / "figures.py")
    assert "figures.py has changed since it was compiled: running it as plain Python" in edited.stderr
    # --version says so, on one line however narrow the terminal.
    version = subprocess.run(
        [sys.executable, "-m", "validators", "--version"],
        cwd=tmp_path,
        env={**run_env(tmp_path), "COLUMNS": "40"},
        capture_output=True,
        text=True,
    )
    assert version.stdout == f"newsdq {validators.__version__} (extractor: {validators.EDITED})\n", version.stderr
