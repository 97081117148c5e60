"""Shared test fixtures: the real corpora of ../shared/corpora, unpacked once a session by scripts/corpora.py."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import corpora  # noqa: E402  (scripts/ is no package: the one loader tests and benchmarks share)

SHARED = corpora.SHARED


def require_shared(path: Path, unchecked: str) -> Path:
    """`path` under ../shared: under CI=true its absence fails; elsewhere it skips, saying what goes unchecked."""
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI runs with shared/ beside the checkout, but {path} is missing ({unchecked})")
        pytest.skip(f"LOUD: {path} is not beside this checkout; {unchecked} not checked")
    return path


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """corpus(name) -> the folder of that corpus's article files (unpacked at most once a session)."""
    unpacked: dict[str, Path] = {}

    def get(name: str) -> Path:
        if name not in unpacked:
            require_shared(corpora.CORPORA / f"{name}.tar.gz", f"the {name} corpus")
            unpacked[name] = corpora.unpack(name, tmp_path_factory.mktemp(name))
        return unpacked[name]

    return get
