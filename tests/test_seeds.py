"""seeds/ are byte-for-byte copies of ../shared/seeds/ whenever that folder exists."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SHARED = SEEDS.parent.parent / "shared" / "seeds"


def test_five_seeds() -> None:
    assert len(list(SEEDS.iterdir())) == 5


@pytest.mark.skipif(
    not SHARED.is_dir() and not os.environ.get("CI"),
    reason="LOUD: ../shared/seeds/ is not beside this checkout, seed identity not checked",
)
def test_seeds_identical_to_shared() -> None:
    assert SHARED.is_dir(), "CI runs with shared/ beside the checkout; it is missing"
    ours = {p.name: p.read_bytes() for p in SEEDS.iterdir()}
    theirs = {p.name: p.read_bytes() for p in SHARED.iterdir()}
    assert ours == theirs
