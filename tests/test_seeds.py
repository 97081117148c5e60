"""seeds/ are byte-for-byte copies of ../shared/seeds/ whenever that folder exists."""

from __future__ import annotations

from pathlib import Path

from conftest import require_shared

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SHARED = SEEDS.parent.parent / "shared" / "seeds"


def test_five_seeds() -> None:
    assert len(list(SEEDS.iterdir())) == 5


def test_seeds_identical_to_shared() -> None:
    require_shared(SHARED, "seed identity")
    ours = {p.name: p.read_bytes() for p in SEEDS.iterdir()}
    theirs = {p.name: p.read_bytes() for p in SHARED.iterdir()}
    assert ours == theirs
