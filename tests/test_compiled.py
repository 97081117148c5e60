"""The compiled extractor (README: Speed): what runs, that it gives what the source gives, and that an edited
source is never shadowed by modules compiled before the edit."""

from __future__ import annotations

import ast
import importlib.machinery
import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
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
FIGURES = PACKAGE / "figures"
PURE = os.environ.get("NEWSDQ_PURE_PYTHON") == "1"
# Which file each module of validators.figures was loaded from, one a line.
WHICH = """
import sys, validators.figures
for name, module in sorted(sys.modules.items()):
    if name.startswith("validators.figures."):
        print(name, module.__file__)
"""
Items = list[tuple[RawArticle, pd.Timestamp | None]]


def setup_constant(name: str) -> Any:
    """A constant of setup.py (which cannot be imported: it runs the build), read from its source."""
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    return ast.literal_eval(
        next(n.value for n in tree.body if isinstance(n, ast.Assign) and ast.unparse(n.targets[0]) == name)
    )


def compiled_modules() -> list[str]:
    """The modules setup.py compiles."""
    modules = setup_constant("MODULES")
    assert isinstance(modules, tuple) and len(modules) > 5
    return list(modules)


GROUP = setup_constant("GROUP")


def is_compiled(path: str | None) -> bool:
    """Whether the module loaded from `path` is a compiled one."""
    return any(str(path).endswith(suffix) for suffix in importlib.machinery.EXTENSION_SUFFIXES)


def test_the_suite_runs_the_extractor_users_run() -> None:
    modules = [sys.modules[f"validators.figures.{name}"] for name in compiled_modules()]
    if PURE:
        assert not any(is_compiled(m.__file__) for m in modules), (
            "NEWSDQ_PURE_PYTHON=1 is set, yet a compiled module was imported"
        )
    else:
        # `make` compiles them; a machine without a C compiler installs them uncompiled, and would fail here.
        source = [m.__file__ for m in modules if not is_compiled(m.__file__)]
        assert not source, f"{source} are not the compiled modules: `make` builds them (README: Speed)"
        assert validators.extractor_build() == validators.COMPILED
    assert all(m.__file__ and Path(m.__file__).parent == FIGURES for m in modules)


def test_the_stamp_covers_every_compiled_source() -> None:
    if PURE or validators.extractor_build() != validators.COMPILED:
        pytest.skip("not compiled")
    lines = (FIGURES / "compiled.sha256").read_text(encoding="utf-8").splitlines()
    assert sorted(line.split("  ", 1)[1] for line in lines) == sorted(f"{m}.py" for m in compiled_modules())


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
        with (project / "validators" / "figures" / "extract.py").open("a", encoding="utf-8") as f:
            f.write(UNCOMPILABLE)
    target = tmp_path / "site"
    pip = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(project)]
    built = subprocess.run(pip, env=env, capture_output=True, text=True, timeout=900)
    assert built.returncode == 0, built.stderr
    assert all((target / "validators" / "figures" / f"{m}.py").is_file() for m in compiled_modules())
    assert not list(target.rglob("*.so")), f"{why}, yet a compiled module is installed"
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


# Run in a fresh interpreter with NEWSDQ_PURE_PYTHON=1: every module of validators.figures from its source.
SOURCE_RUN = """
import pickle, sys
import validators, validators.figures as figures
modules = {n: m.__file__ for n, m in sys.modules.items() if n.startswith("validators.figures.")}
assert all(f.endswith(".py") for f in modules.values()), modules
assert validators.extractor_build() == "plain Python, as NEWSDQ_PURE_PYTHON=1 asks"
with open(sys.argv[1], "rb") as f:
    items = pickle.load(f)
rows = [r for raw, published in items for r in figures.extract_figures(raw, published)]
with open(sys.argv[2], "wb") as f:
    pickle.dump(rows, f)
"""


def source_rows(items: Items, tmp_path: Path) -> list[dict[str, Any]]:
    """The figure rows of `items` as the source modules extract them, in a process that runs no compiled code."""
    given, taken = tmp_path / "items.pickle", tmp_path / "rows.pickle"
    given.write_bytes(pickle.dumps(items))
    env = {**os.environ, "NEWSDQ_PURE_PYTHON": "1", "GX_ANALYTICS_ENABLED": "false"}
    run = subprocess.run(
        [sys.executable, "-c", SOURCE_RUN, str(given), str(taken)], env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    rows: list[dict[str, Any]] = pickle.loads(taken.read_bytes())
    return rows


def compiled_rows(items: Items) -> list[dict[str, Any]]:
    return [r for raw, published in items for r in figures.extract_figures(raw, published)]


def inputs() -> Items:
    """Every article the tests hold, as the pipeline reads them: seeds, test data files and the figure cases."""
    out: Items = []
    files = sorted((ROOT / "seeds").iterdir()) + sorted((ROOT / "tests" / "data").rglob("*"))
    named = [(p.name, p.read_bytes(), None) for p in files if p.suffix in (".md", ".markdown", ".txt")]
    for case in CASES["figures"] + CASES["not_figures"]:
        named.append(
            (case["id"], case["text"].encode(), pd.Timestamp(case["published"]) if case.get("published") else None)
        )
    for name, data, published in named:
        raw = parse_bytes(data, name)
        if isinstance(raw, RawArticle):
            out.append((raw, article_row(raw)[0]["published"] if published is None else published))
    return out


def test_compiled_and_source_extract_the_same(tmp_path: Path) -> None:
    items = inputs()
    assert len(items) > 250
    rows = compiled_rows(items)
    assert len(rows) > 500
    assert rows == source_rows(items, tmp_path)


def test_compiled_and_source_extract_the_same_from_reuters(tmp_path: Path, corpus: Callable[[str], Path]) -> None:
    # 1987 newswire: every 4th story, to keep the pure-Python half of this test to seconds.
    items = reuters_articles(corpus("reuters21578"))[::4]
    rows = compiled_rows(items)
    assert len(rows) > 100
    assert rows == source_rows(items, tmp_path)


def run_env(pythonpath: Path) -> dict[str, str]:
    """This process's environment for a fresh interpreter importing the package copy under `pythonpath`."""
    env = {k: v for k, v in os.environ.items() if k != "NEWSDQ_PURE_PYTHON"}
    return {**env, "PYTHONPATH": str(pythonpath), "GX_ANALYTICS_ENABLED": "false"}


def run_which(pythonpath: Path, **env: str) -> tuple[dict[str, str], str]:
    """The file each module of validators.figures comes from, in a fresh interpreter importing the package copy
    under `pythonpath`, and what it wrote to stderr."""
    full = {**run_env(pythonpath), **env}
    run = subprocess.run(
        [sys.executable, "-c", WHICH], cwd=pythonpath, env=full, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr
    return dict(line.split(" ", 1) for line in run.stdout.splitlines()), run.stderr


def test_an_edited_source_runs_instead_of_the_modules_compiled_before_the_edit(tmp_path: Path) -> None:
    names = [f"validators.figures.{m}" for m in compiled_modules()]
    if PURE or validators.extractor_build() != validators.COMPILED:
        pytest.fail("validators/figures is not compiled: `make` builds it (README: Speed)")
    copy = tmp_path / "validators"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    shared = sys.modules[f"{GROUP}__mypyc"].__file__  # the compiled code of all the modules, beside the package
    assert shared is not None
    shutil.copy2(shared, tmp_path)
    sources = {name: str(copy / "figures" / f"{name.rpartition('.')[2]}.py") for name in names}

    as_built, stderr = run_which(tmp_path)
    assert all(is_compiled(as_built[n]) for n in names) and not stderr, (as_built, stderr)

    pure, stderr = run_which(tmp_path, NEWSDQ_PURE_PYTHON="1")
    assert ({n: pure[n] for n in names}, stderr) == (sources, "")

    edited_file = copy / "figures" / "numbers.py"
    with edited_file.open("a", encoding="utf-8") as f:
        f.write("\nEDITED = True\n")
    edited, stderr = run_which(tmp_path)
    assert {n: edited[n] for n in names} == sources  # all of them, not only the edited one: no stale code mixed in
    assert stderr.count("has changed since it was compiled") == 1, stderr  # one warning, however many modules
    assert f"{edited_file} has changed since it was compiled: running {copy / 'figures'} as plain Python" in stderr
    # --version says so, on one line however narrow the terminal.
    version = subprocess.run(
        [sys.executable, "-m", "validators", "--version"],
        cwd=tmp_path,
        env={**run_env(tmp_path), "COLUMNS": "40"},
        capture_output=True,
        text=True,
    )
    assert version.stdout == f"newsdq {validators.__version__} (extractor: {validators.EDITED})\n", version.stderr
