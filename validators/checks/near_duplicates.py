"""Near-duplicate articles: MinHash/LSH over word shingles, and over the figures two articles share."""

from __future__ import annotations

import functools
import hashlib
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from datasketch import LeanMinHash, MinHash, MinHashLSH

from validators.checks._text import evidence_series, norm_name, records
from validators.context import Context
from validators.registry import Check

NUM_PERM = 64
SHINGLE = 3
MIN_WORDS = 20  # shorter texts share shingles by chance
# A copy (syndicated, lightly edited) keeps most word 3-grams.
TEXT_THRESHOLD = 0.5
# A rewrite changes the words but keeps the numbers: most figures shared, and enough of the
# vocabulary that two independent reports of the same day's closes do not qualify.
FIGURE_LSH_THRESHOLD = 0.4
FIGURE_THRESHOLD = 0.6
MIN_SHARED_FIGURES = 6
MIN_VOCABULARY = 0.2
MAX_PARTNERS = 3
WORD_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# Link targets and bare URLs are markup, not wording.
LINK_RE = re.compile(r"\]\([^)\s]*\)|https?://\S+")
LATER = pd.Timestamp.max.tz_localize("UTC")
SKETCH = "text_sketch"  # the articles column stage 1 writes (text_sketches) and stage 2 reads (near_duplicate)


def words(text: str) -> list[str]:
    """Lower-case words of a text, link targets dropped."""
    return WORD_RE.findall(LINK_RE.sub("]", text.lower().replace("’", "'")))


def shingles(tokens: list[str]) -> set[bytes]:
    """Word SHINGLE-grams as bytes, the unit of text similarity."""
    return {" ".join(tokens[i : i + SHINGLE]).encode() for i in range(max(1, len(tokens) - SHINGLE + 1))}


def jaccard(a: set[Any], b: set[Any]) -> float:
    """Exact Jaccard similarity of two sets."""
    return len(a & b) / len(a | b) if a or b else 0.0


def figure_keys(figures: pd.DataFrame) -> dict[str, set[str]]:
    """Per article, its figures as instrument:value keys (sign dropped: verbs differ between rewrites)."""
    out: dict[str, set[str]] = {}
    if figures.empty or "instrument" not in figures.columns:
        return out
    for fig in records(figures[["article_id", "instrument", "value"]]):
        if pd.notna(fig["value"]):
            key = f"{norm_name(str(fig['instrument']))}:{abs(float(fig['value'])):.6g}"
            out.setdefault(str(fig["article_id"]), set()).add(key)
    return out


@dataclass(frozen=True, eq=False)
class Sketch:
    """An article's wording as stage 1 hands it to stage 2: what near-duplicate detection compares, not the text."""

    signature: LeanMinHash | None  # MinHash of its word 3-grams; None under MIN_WORDS words
    shingles: np.ndarray[Any, np.dtype[np.uint64]]  # its distinct word 3-grams, hashed to 64 bits, sorted
    words: np.ndarray[Any, np.dtype[np.uint64]]  # its distinct words, likewise


@functools.cache
def _empty_minhash() -> MinHash:
    # Copied, never updated: building the permutations costs more than a small article's hashing.
    return MinHash(num_perm=NUM_PERM, hashfunc=zlib.crc32)


def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")


def _mix(x: np.ndarray[Any, np.dtype[np.uint64]]) -> np.ndarray[Any, np.dtype[np.uint64]]:
    """splitmix64's finalizer: a bijection of 64-bit values that scatters every input bit."""
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def sketch(text: str) -> Sketch:
    """The sketch of one article's text: its 3-grams' MinHash (as lsh_pairs makes it) and hashed words and 3-grams."""
    tokens = words(text)
    signature = None
    if len(tokens) >= MIN_WORDS:
        minhash = _empty_minhash().copy()
        minhash.update_batch(list(shingles(tokens)))
        signature = LeanMinHash(minhash)
    hashed = {w: _word_hash(w) for w in set(tokens)}
    seq = np.array([hashed[t] for t in tokens], dtype=np.uint64)
    if len(tokens) >= SHINGLE:
        # A 3-gram's hash from its words' hashes, order kept: the same 3-grams as shingles(), without their text.
        grams = _mix(_mix(_mix(seq[:-2]) ^ seq[1:-1]) ^ seq[2:])
    else:  # shingles() makes one "3-gram" of the whole short text
        grams = np.array([_word_hash(" ".join(tokens))], dtype=np.uint64)
    return Sketch(signature, np.unique(grams), np.unique(seq))


def text_sketches(ctx: Context) -> pd.Series[Any]:
    """Derived column `text_sketch` (stage 1, per article): each article's Sketch, for stage 2's near-duplicates."""
    return pd.Series([sketch(str(b or "")) for b in ctx.articles["body"]], index=ctx.articles.index, dtype=object)


def _lsh(signatures: Iterable[tuple[int, MinHash]], threshold: float) -> set[tuple[int, int]]:
    keyed = list(signatures)
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    with lsh.insertion_session() as session:
        for pos, mh in keyed:
            session.insert(pos, mh, check_duplication=False)
    pairs: set[tuple[int, int]] = set()
    for pos, mh in keyed:
        for other in lsh.query(mh):
            if other != pos:
                pairs.add((min(pos, int(other)), max(pos, int(other))))
    return pairs


def lsh_pairs(sets: Iterable[tuple[int, Iterable[bytes]]], threshold: float) -> set[tuple[int, int]]:
    """Candidate pairs (i < j) whose MinHash signatures collide in an LSH band."""
    keyed = list(sets)
    hashes = MinHash.bulk((items for _, items in keyed), num_perm=NUM_PERM, hashfunc=zlib.crc32)
    return _lsh(((pos, mh) for (pos, _), mh in zip(keyed, hashes, strict=True)), threshold)


@dataclass(frozen=True)
class Pair:
    """Two articles judged near-duplicates, with the scores that decided it."""

    a: int
    b: int
    similarity: float
    text: float
    vocabulary: float
    figures: float
    shared: tuple[str, ...]
    basis: str


def _jaccard_sorted(a: np.ndarray[Any, Any], b: np.ndarray[Any, Any]) -> float:
    """Jaccard similarity of two sorted arrays of distinct values."""
    both = len(np.intersect1d(a, b, assume_unique=True))
    union = len(a) + len(b) - both
    return both / union if union else 0.0


def score(a: Sketch, b: Sketch, figs_a: set[str], figs_b: set[str]) -> tuple[float, float, float, set[str]]:
    """(3-gram Jaccard, word Jaccard, figure Jaccard, shared figures) of two articles."""
    text, vocab = _jaccard_sorted(a.shingles, b.shingles), _jaccard_sorted(a.words, b.words)
    return text, vocab, jaccard(figs_a, figs_b), figs_a & figs_b


def near_duplicate_pairs(sketches: list[Sketch], figs: list[set[str]]) -> Iterator[Pair]:
    """Every near-duplicate pair among the articles, found via LSH candidates only."""
    texts = ((pos, s.signature) for pos, s in enumerate(sketches) if s.signature is not None)
    candidates = _lsh(texts, TEXT_THRESHOLD)
    with_figures = (
        (pos, [k.encode() for k in keys]) for pos, keys in enumerate(figs) if len(keys) >= MIN_SHARED_FIGURES
    )
    candidates |= lsh_pairs(with_figures, FIGURE_LSH_THRESHOLD)
    for a, b in sorted(candidates):
        text, vocab, fig, shared = score(sketches[a], sketches[b], figs[a], figs[b])
        if text >= TEXT_THRESHOLD:
            yield Pair(
                a, b, round(text, 3), round(text, 3), round(vocab, 3), round(fig, 3), tuple(sorted(shared)), "text"
            )
        elif len(shared) >= MIN_SHARED_FIGURES and fig >= FIGURE_THRESHOLD and vocab >= MIN_VOCABULARY:
            yield Pair(
                a,
                b,
                round((vocab + fig) / 2, 3),
                round(text, 3),
                round(vocab, 3),
                round(fig, 3),
                tuple(sorted(shared)),
                "text+figures",
            )


def near_duplicate(ctx: Context) -> pd.Series[Any]:
    """Paraphrases and syndicated copies, reported on the later article of each pair (from stage 1's sketches)."""
    rows = records(ctx.articles[["article_id", "published", "title_line", "body_start_line"]])
    keys = figure_keys(ctx.figures)
    sketches = list(ctx.articles[SKETCH])
    figs = [keys.get(str(r["article_id"]), set()) for r in rows]
    # The earlier article (by date, undated last, then id) is the one the other repeats.
    order = {
        pos: (LATER if pd.isna(r["published"]) else pd.Timestamp(r["published"]), str(r["article_id"]))
        for pos, r in enumerate(rows)
    }
    found: dict[int, list[dict[str, Any]]] = {}
    for pair in near_duplicate_pairs(sketches, figs):
        later, earlier = (pair.b, pair.a) if order[pair.a] <= order[pair.b] else (pair.a, pair.b)
        row, other = rows[later], rows[earlier]
        line = row["title_line"] if pd.notna(row["title_line"]) else row["body_start_line"]
        other_line = other["title_line"] if pd.notna(other["title_line"]) else other["body_start_line"]
        found.setdefault(later, []).append(
            {
                "line": int(line),
                "message": (
                    f"near-duplicate of {other['article_id']} (similarity {pair.similarity:.2f}: "
                    f"3-gram {pair.text:.2f}, words {pair.vocabulary:.2f}, figures {pair.figures:.2f}, "
                    f"{len(pair.shared)} shared figure(s))"
                ),
                "other_article": str(other["article_id"]),
                "other_line": int(other_line),
                "similarity": pair.similarity,
                "text_similarity": pair.text,
                "word_similarity": pair.vocabulary,
                "figure_similarity": pair.figures,
                "shared_figures": list(pair.shared),
                "basis": pair.basis,
            }
        )
    for pos, items in found.items():
        found[pos] = sorted(items, key=lambda it: -float(it["similarity"]))[:MAX_PARTNERS]
    return evidence_series(ctx.articles.index, found)


CHECKS: tuple[Check, ...] = (
    Check(
        "near-duplicate",
        "duplicate",
        "warning",
        "No article is a paraphrase or copy of another (MinHash/LSH over word shingles and shared figures)",
        "dataset",
        "articles",
        near_duplicate,
    ),
)
