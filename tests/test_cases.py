"""Every check's cases, discovered from the registry: each bad case gets a finding of its check, no good case does.

tests/data/checks/<check-id>/{good,bad}/ hold the cases. A case is an article file, or a folder of articles read
as one dataset (a check that needs several articles), or a folder holding `make.py`, whose `make(folder)` writes
at test time the inputs git cannot hold (a 50 MB file, a symlink loop, a named pipe). A bad case file may list the
lines its findings must be on as `expect_lines` in its front matter.
"""

from __future__ import annotations

import importlib.util
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from _content import AS_OF, expected_lines

from validators import pipeline, registry
from validators.context import Settings
from validators.findings import Finding
from validators.reading import ARTICLE_SUFFIXES
from validators.registry import Check

CASES_DIR = Path(__file__).resolve().parent / "data" / "checks"
VERDICTS = ("good", "bad")
GENERATOR = "make.py"
SHARED = "shared"  # the dataset every case of a per-article check is read in


@dataclass(frozen=True)
class Case:
    """One good or bad case of a check: an article file or a folder of articles."""

    check: Check
    verdict: str
    path: Path

    @property
    def name(self) -> str:
        """Where the case sits in its dataset, and its test id: <check-id>/<verdict>/<case>."""
        return f"{self.check.id}/{self.verdict}/{self.path.name}"

    @property
    def dataset(self) -> str:
        """The dataset the case is read in: a dataset check's case alone, so it pairs with no other case."""
        return self.name if self.check.stage == "dataset" else SHARED

    def owns(self, article: str) -> bool:
        """Whether an article id is this case's (the file, or an article of the folder)."""
        return article == self.name or article.startswith(f"{self.name}/")


def is_case(path: Path) -> bool:
    """An article file (by its suffix, as the reader finds them) or a folder; no hidden file."""
    return not path.name.startswith(".") and (path.is_dir() or path.suffix in ARTICLE_SUFFIXES)


CASES = [
    Case(check, verdict, path)
    for check in registry.checks()
    for verdict in VERDICTS
    for path in sorted((CASES_DIR / check.id / verdict).glob("*"))
    if is_case(path)
]


def make(case: Case, root: Path) -> None:
    """Put the case into a dataset folder: copied, or made by its generator."""
    dest = root / case.name
    generator = case.path / GENERATOR
    if generator.is_file():
        spec = importlib.util.spec_from_file_location(f"make_{case.name.replace('/', '_')}", generator)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        dest.mkdir(parents=True)
        module.make(dest)
    elif case.path.is_dir():
        shutil.copytree(case.path, dest, symlinks=True)
    else:
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(case.path, dest)


def validate(folder: Path) -> list[Finding]:
    """The one call of the pipeline: a whole run over one dataset folder, on the fixed date."""
    return pipeline.run([folder], Settings(as_of=AS_OF)).findings


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], list[Finding]]:
    """dataset(name) -> every finding of the run over that dataset's cases; each dataset is made and run once."""
    found: dict[str, list[Finding]] = {}

    def get(name: str) -> list[Finding]:
        if name not in found:
            root = tmp_path_factory.mktemp("dataset")
            for case in CASES:
                if case.dataset == name:
                    make(case, root)
            found[name] = validate(root)
        return found[name]

    return get


def test_every_check_has_good_and_bad_cases() -> None:
    assert {p.name for p in CASES_DIR.iterdir()} == {c.id for c in registry.checks()}
    for check in registry.checks():
        for verdict in VERDICTS:
            cases = [c for c in CASES if c.check == check and c.verdict == verdict]
            assert cases, f"{check.id}/{verdict} has no case"
            for case in cases:
                assert case.path.is_file() or any(case.path.iterdir()), f"{case.name} is an empty folder"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(dataset: Callable[[str], list[Finding]], case: Case) -> None:
    hits = [f for f in dataset(case.dataset) if f.check == case.check.id and case.owns(f.article)]
    if case.verdict == "good":
        assert not hits, f"{case.name}: unexpected {[h.text() for h in hits]}"
        return
    assert hits, f"{case.name}: expected a {case.check.id} finding"
    assert all(h.line >= 1 for h in hits)
    if lines := (None if case.path.is_dir() else expected_lines(case.path)):
        assert sorted({h.line for h in hits}) == lines


@pytest.mark.parametrize(
    ("path", "keys"),
    [
        ("published-not-iso/good/mistyped-list.md", {"published": 5}),
        ("placeholder-value/good/mistyped-title-source.md", {"title": 2, "source": 3}),
    ],
)
def test_mistyped_key_is_one_finding(dataset: Callable[[str], list[Finding]], path: str, keys: dict[str, int]) -> None:
    # A list where text belongs is a type error, reported once on its line: not also "empty" or "not ISO 8601".
    found = [f for f in dataset(SHARED) if f.article == path]
    assert {f.evidence["key"]: f.line for f in found if f.check == "front-matter-type"} == keys
    about_front_matter = ("parse", "completeness", "date")  # not the case files' near-duplicate bodies
    on_lines = [f.check for f in found if f.line in keys.values() and f.category in about_front_matter]
    assert sorted(on_lines) == ["front-matter-type"] * len(keys)
