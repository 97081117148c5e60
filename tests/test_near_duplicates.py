"""Near-duplicates (MinHash/LSH plus shared figures): case folders, the seeds, and a real corpus."""

from __future__ import annotations

import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from _content import DATA, SEEDS, context, run

from validators.checks.near_duplicates import lsh_pairs, shingles, words

FOLDER = DATA / "checks" / "near-duplicate"
CASES = [(v, d) for v in ("good", "bad") for d in sorted(p for p in (FOLDER / v).iterdir() if p.is_dir())]


@pytest.mark.parametrize(("verdict", "folder"), CASES, ids=[f"{v}/{d.name}" for v, d in CASES])
def test_case_folder(verdict: str, folder: Path) -> None:
    found = run("near-duplicate", context([folder]))
    if verdict == "good":
        assert not found, found
        return
    assert len(found) == 1, found
    (item,) = next(iter(found.values()))
    assert item["other_article"] == "original.md" and 0 < item["similarity"] <= 1


def test_seed_001_is_a_rewrite_of_000_and_nothing_else_pairs() -> None:
    found = run("near-duplicate", context([SEEDS]))
    assert list(found) == ["001_0b15015f920dc025.txt"]
    (item,) = found["001_0b15015f920dc025.txt"]
    assert item["other_article"] == "000_ad7393dada8b0cda.txt"
    assert item["basis"] == "text+figures" and len(item["shared_figures"]) >= 10
    assert 0.5 <= item["similarity"] <= 1


def test_lsh_proposes_few_candidates_among_unrelated_texts() -> None:
    # Distinct random-ish texts: LSH must not fall back to comparing every pair.
    rng = random.Random(5)
    texts = [" ".join(f"w{rng.randrange(5000)}" for _ in range(80)) for _ in range(400)]
    pairs = lsh_pairs(((i, list(shingles(words(t)))) for i, t in enumerate(texts)), 0.5)
    assert len(pairs) < 40


def business_posts(posts: Path, dest: Path) -> Path:
    """The finescoop posts filed under business (the corpus's 826-post sample), copied to `dest`."""
    for path in posts.rglob("*.md"):
        head = path.read_text(encoding="utf-8", errors="replace")[:2000]
        if re.search(r"^categories:.*\bbusiness\b", head, re.MULTILINE):
            shutil.copy2(path, dest / path.name)
    return dest


def test_finescoop_saved_twice_copies_are_found(corpus: Callable[[str], Path], tmp_path: Path) -> None:
    # The corpus holds posts saved twice as "<slug> 2.md": each must pair with "<slug>.md".
    root = business_posts(corpus("finescoop_jigsaw_posts"), tmp_path)
    copies = {p.name for p in root.glob("* 2.md") if (root / p.name.replace(" 2.md", ".md")).exists()}
    assert copies
    found = run("near-duplicate", context([root]))
    paired = {
        a
        for a, items in found.items()
        for i in items
        if {a, i["other_article"]} == {a, a.replace(" 2.md", ".md")} and a != i["other_article"]
    }
    paired |= {i["other_article"] for items in found.values() for i in items if i["other_article"] in copies}
    recall = len(copies & paired) / len(copies)
    print(
        f"finescoop saved-twice copies: {len(copies)}, found {len(copies & paired)} ({recall:.0%}); "
        f"articles flagged: {len(found)}"
    )
    assert recall >= 0.9
