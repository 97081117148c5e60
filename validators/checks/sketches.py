"""Stage 1 of near-duplicate detection: an article's wording as a compact sketch (hashed words and 3-grams, their
MinHash), which stage 2 compares instead of the text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from validators.context import Context
from validators.figures.prose import MARKUP_RES

NUM_PERM = 64
SHINGLE = 3
MIN_WORDS = 20  # shorter texts share shingles by chance
WORD_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# Scripts and style sheets are code, not wording (web archives' gallery pages are mostly that).
CODE_RE = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
SKETCH = "text_sketch"  # the articles column stage 1 writes (text_sketches) and stage 2 reads (near_duplicate)


def words(text: str) -> list[str]:
    """Lower-case words of a text's prose: scripts, style sheets and the markup the extractor blanks (images, link
    targets, URLs, tags: figures.prose.MARKUP_RES) dropped, so two pages share words only where their prose does."""
    if "<" in text:
        text = CODE_RE.sub(" ", text)
    for rx in MARKUP_RES:
        text = rx.sub(" ", text)
    return WORD_RE.findall(text.lower().replace("’", "'"))


def shingles(tokens: list[str]) -> set[bytes]:
    """Word SHINGLE-grams as bytes, the unit of text similarity."""
    return {" ".join(tokens[i : i + SHINGLE]).encode() for i in range(max(1, len(tokens) - SHINGLE + 1))}


def jaccard(a: set[Any], b: set[Any]) -> float:
    """Exact Jaccard similarity of two sets."""
    return len(a & b) / len(a | b) if a or b else 0.0


@dataclass(frozen=True, eq=False)
class Sketch:
    """An article's wording as stage 1 hands it to stage 2: what near-duplicate detection compares, not the text."""

    signature: np.ndarray[Any, np.dtype[np.uint64]] | None  # MinHash of its 3-grams (NUM_PERM); None under MIN_WORDS
    shingles: np.ndarray[Any, np.dtype[np.uint32]]  # its distinct word 3-grams, hashed to 32 bits, sorted
    words: np.ndarray[Any, np.dtype[np.uint32]]  # its distinct words, likewise


def mix(x: np.ndarray[Any, np.dtype[np.uint64]]) -> np.ndarray[Any, np.dtype[np.uint64]]:
    """splitmix64's finalizer: a bijection of 64-bit values that scatters every input bit."""
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


# One seed per MinHash permutation: permutation k of a 3-gram's hash h is mix(h ^ SEEDS[k]).
SEEDS = mix(np.arange(1, NUM_PERM + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15))


def _hashes(strings: list[str]) -> np.ndarray[Any, np.dtype[np.uint64]]:
    """64-bit hashes of strings, in one vectorised call (pandas' SipHash with its fixed key: the same every run)."""
    return pd.util.hash_array(np.array(strings, dtype=object), categorize=False)


def minhash(grams: np.ndarray[Any, np.dtype[np.uint64]]) -> np.ndarray[Any, np.dtype[np.uint64]]:
    """The NUM_PERM-value MinHash signature of a non-empty set of 64-bit hashes."""
    return np.asarray(mix(grams[:, None] ^ SEEDS).min(axis=0), dtype=np.uint64)


def sketch(text: str) -> Sketch:
    """The sketch of one article's text: its 3-grams' MinHash and its hashed distinct words and 3-grams."""
    tokens = words(text)
    seq = _hashes(tokens)
    if len(tokens) >= SHINGLE:
        # A 3-gram's hash from its words' hashes, order kept: the same 3-grams as shingles(), without their text.
        grams = np.unique(mix(mix(mix(seq[:-2]) ^ seq[1:-1]) ^ seq[2:]))
    else:  # shingles() makes one "3-gram" of the whole short text
        grams = _hashes([" ".join(tokens)])
    signature = minhash(grams) if len(tokens) >= MIN_WORDS else None
    # Kept at 32 bits: half the memory of 100k articles' sketches, and two of an article's ~500 3-grams share a
    # 32-bit hash by chance about once in 10^5 pairs, which moves no Jaccard score past a threshold.
    return Sketch(signature, np.unique(grams.astype(np.uint32)), np.unique(seq.astype(np.uint32)))


def text_sketches(ctx: Context) -> pd.Series[Any]:
    """Derived column `text_sketch` (stage 1, per article): each article's Sketch, for stage 2's near-duplicates."""
    return pd.Series([sketch(str(b or "")) for b in ctx.articles["body"]], index=ctx.articles.index, dtype=object)
