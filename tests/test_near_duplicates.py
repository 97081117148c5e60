"""Near-duplicates (MinHash/LSH plus shared figures): case folders, the seeds, clusters of copies, a real corpus."""

from __future__ import annotations

import random
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from _content import AS_OF, DATA, SEEDS, context, run

from validators.checks.near_duplicates import (
    SKETCH,
    TEXT_THRESHOLD,
    VERIFY,
    Clusters,
    candidate_buckets,
    jaccard,
    judge,
    lsh_pairs,
    near_duplicate,
    shingles,
    sketch,
    words,
)
from validators.context import Context, Settings

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


# --- clusters: synthetic syndication (copies of one story) -----------------------------------------------------

VOCAB = [f"w{i}" for i in range(5000)]


def story(rng: random.Random, n: int = 150) -> list[str]:
    """A text of n words drawn from a 5,000-word vocabulary: unrelated stories share few 3-grams."""
    return [rng.choice(VOCAB) for _ in range(n)]


def lightly_edited(seed: list[str], rng: random.Random, edits: int = 3) -> list[str]:
    """A syndicated copy: `edits` words replaced (a headline tweak, a dateline, an outlet's name)."""
    copy = list(seed)
    for _ in range(edits):
        copy[rng.randrange(len(copy))] = rng.choice(VOCAB)
    return copy


def synthetic(copies: int, distinct: int, seed: int = 21) -> Context:
    """A corpus of `copies` lightly edited copies of one story, published after it, plus `distinct` other stories.

    Built straight as stage 2's tables (article ids, dates, lines, sketches): what near_duplicate(ctx) reads.
    """
    rng = random.Random(seed)
    first = story(rng)
    texts = [first] + [lightly_edited(first, rng) for _ in range(copies)] + [story(rng) for _ in range(distinct)]
    day = pd.Timestamp("2024-01-01T00:00:00Z")
    articles = pd.DataFrame(
        {
            "article_id": [f"a{i:06d}.md" for i in range(len(texts))],
            # The story first; its copies later (every 7th undated: undated sort last); the others in between.
            "published": [day] + [day + pd.Timedelta(minutes=i) if i % 7 else pd.NaT for i in range(1, len(texts))],
            "title_line": 2,
            "body_start_line": 4,
            SKETCH: [sketch(" ".join(t)) for t in texts],
        }
    )
    return Context(articles, pd.DataFrame(), Settings(as_of=AS_OF))


def test_every_copy_is_reported_once_against_the_earliest() -> None:
    ctx = synthetic(copies=300, distinct=300)
    series = near_duplicate(ctx)
    found = {aid: items for aid, items in zip(ctx.articles["article_id"], series, strict=True) if items}
    assert set(found) == {f"a{i:06d}.md" for i in range(1, 301)}  # the copies, not the story nor the others
    assert all(len(items) == 1 for items in found.values())
    assert {items[0]["other_article"] for items in found.values()} == {"a000000.md"}
    assert {items[0]["cluster_size"] for items in found.values()} == {301}
    assert {items[0]["cluster_earliest"] for items in found.values()} == {"a000000.md"}
    assert all(items[0]["basis"] == "text" and items[0]["similarity"] >= 0.5 for items in found.values())


def test_a_shifted_earliest_is_the_earliest_by_date_then_id() -> None:
    ctx = synthetic(copies=20, distinct=0)
    dates = ctx.articles["published"].copy()
    dates.iloc[0] = pd.NaT  # the original undated: the earliest dated copy is the one the others repeat
    ctx = replace(ctx, articles=ctx.articles.assign(published=dates))
    found = [items[0] for items in near_duplicate(ctx) if items]
    assert len(found) == 20
    assert {i["other_article"] for i in found} == {"a000001.md"}


def test_a_member_unlike_the_earliest_is_reported_against_its_own_earlier_partner() -> None:
    # A chain A ~ B ~ C with A !~ C: C is reported once, against B (the pair that holds), not against A.
    rng = random.Random(3)
    a = story(rng, 200)
    b = a[:140] + story(rng, 60)
    c = b[60:] + story(rng, 60)
    pairs = [(x, y, jaccard(shingles(x), shingles(y))) for x, y in ((a, b), (b, c), (a, c))]
    assert pairs[0][2] >= TEXT_THRESHOLD and pairs[1][2] >= TEXT_THRESHOLD and pairs[2][2] < TEXT_THRESHOLD
    sketches = [sketch(" ".join(t)) for t in (a, b, c)]
    clusters = Clusters(sketches, [set(), set(), set()])
    clusters.add([0, 1])
    clusters.add([1, 2])
    clusters.add([0, 2])  # a chance band collision: verified, and it does not hold
    assert [(m, p) for m, p, *_ in clusters.reports()] == [(1, 0), (2, 1)]
    assert clusters.find(2) == 0  # one cluster whose earliest is A


def test_a_chance_collision_never_merges_clusters() -> None:
    rng = random.Random(4)
    one, two = story(rng), story(rng)
    clusters = Clusters([sketch(" ".join(t)) for t in (one, two)], [set(), set()])
    clusters.add([0, 1])
    assert list(clusters.reports()) == [] and clusters.find(1) == 1


def test_a_huge_bucket_is_verified_against_a_bounded_set() -> None:
    ctx = synthetic(copies=1000, distinct=0)
    sketches = list(ctx.articles[SKETCH])
    clusters = Clusters(sketches, [set()] * len(sketches))
    for bucket in candidate_buckets(sketches, clusters.figs):
        clusters.add(bucket)
    reports = list(clusters.reports())
    assert len(reports) == 1000
    # Scored pairs grow with the members (a member already joined to an earlier partner is not scored again in
    # later buckets), never with the pairs (~500,000) nor with members x bands x VERIFY.
    assert len(clusters.verdicts) <= 2 * len(sketches) < VERIFY * len(sketches)


def per_article(ctx: Context, repeats: int = 2) -> float:
    """Best-of-`repeats` seconds per article of near_duplicate(ctx)."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        near_duplicate(ctx)
        best = min(best, time.perf_counter() - start)
    return best / len(ctx.articles)


def test_copies_of_one_story_cost_per_article_about_what_distinct_stories_cost() -> None:
    # Same size, 4,000 articles: half of them copies of one story (~2 million pairs) vs none. Every copy still gets
    # one exact score (~4 us) on top of the ~9 us every article costs, so the bound is a small constant, far from
    # the thousand-fold a pairwise walk of the cluster would cost. Timings are noisy on a shared machine.
    none, copies = synthetic(copies=0, distinct=4000), synthetic(copies=2000, distinct=1999)
    t_none, t_copies = per_article(none), per_article(copies)
    print(f"near-duplicate per article: none {t_none * 1e6:.1f} us, 2,000 copies {t_copies * 1e6:.1f} us")
    assert t_copies <= 3 * t_none


def test_the_signature_floor_spares_exact_scores_only_where_no_verdict_could_hold() -> None:
    rng = random.Random(5)
    a = story(rng)
    copy, other, short = a[:140] + story(rng, 10), story(rng), ["tiny", "text", "here"]
    sketches = [sketch(" ".join(t)) for t in (a, copy, other, short, short)]
    clusters = Clusters(sketches, [set()] * 5)
    # The copy agrees on most signature values, the unrelated story on almost none: it gets verdict None unscored.
    assert clusters.hopeful(0, [1, 2]) == [1] and clusters.verdicts == {(0, 2): None}
    assert judge(2, 0, sketches, [set()] * 5) is None  # the exact verdict agrees
    # Texts too short for a signature are scored exactly, never judged by the estimate.
    assert clusters.hopeful(3, [4]) == [4]
