"""Near-duplicate articles: MinHash/LSH over word shingles, and over the figures two articles share."""

from __future__ import annotations

import functools
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from datasketch import MinHash, MinHashLSH

from validators.checks._text import evidence_series, norm_names, records
from validators.checks.sketches import (  # the check's one namespace: stage 1's sketches re-exported
    MIN_WORDS as MIN_WORDS,
)
from validators.checks.sketches import (
    NUM_PERM as NUM_PERM,
)
from validators.checks.sketches import (
    SHINGLE as SHINGLE,
)
from validators.checks.sketches import (
    SKETCH as SKETCH,
)
from validators.checks.sketches import (
    Sketch as Sketch,
)
from validators.checks.sketches import (
    jaccard as jaccard,
)
from validators.checks.sketches import (
    minhash as minhash,
)
from validators.checks.sketches import (
    mix as mix,
)
from validators.checks.sketches import (
    shingles as shingles,
)
from validators.checks.sketches import (
    sketch as sketch,
)
from validators.checks.sketches import (
    text_sketches as text_sketches,
)
from validators.checks.sketches import (
    words as words,
)
from validators.context import Context
from validators.registry import Check

# A copy (syndicated, lightly edited) keeps most word 3-grams.
TEXT_THRESHOLD = 0.5
# A rewrite changes the words but keeps the numbers: most figures shared, and enough of the
# vocabulary that two independent reports of the same day's closes do not qualify.
FIGURE_LSH_THRESHOLD = 0.4
FIGURE_THRESHOLD = 0.6
MIN_SHARED_FIGURES = 6
MIN_VOCABULARY = 0.2
VERIFY = 32  # a bucket member is scored against at most 2 x this many earlier members of it, until one holds ...
SKETCH_FLOOR = 0.25  # a signature agreement under this: the 3-grams cannot reach TEXT_THRESHOLD
BUDGET = 256  # ... and at most this many over all its buckets (a guard for buckets of near-misses)
LATER = pd.Timestamp.max.tz_localize("UTC")


def figure_keys(figures: pd.DataFrame) -> dict[str, set[str]]:
    """Per article, its figures as instrument:value keys (sign dropped: verbs differ between rewrites)."""
    out: dict[str, set[str]] = {}
    if figures.empty or "instrument" not in figures.columns:
        return out
    valued = figures[figures["value"].notna()]
    norm = norm_names(valued["instrument"])
    for article_id, name, value in zip(valued["article_id"].astype(str), norm, valued["value"], strict=True):
        out.setdefault(article_id, set()).add(f"{name}:{abs(float(value)):.6g}")
    return out


@functools.cache
def bands(threshold: float) -> tuple[int, int]:
    """(bands, rows per band) datasketch's MinHashLSH picks for a threshold at NUM_PERM permutations."""
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def buckets(signatures: Iterable[tuple[int, np.ndarray[Any, Any]]], threshold: float) -> list[list[int]]:
    """The LSH band buckets with two or more members: positions whose signatures agree on a whole band.

    Each band of each signature is hashed to 64 bits and the band's keys sorted: O(n log n · bands), whatever the
    buckets' sizes (no pairs are listed, no bucket is queried per member). Two different bands hashing alike
    (odds 2**-64) only add a candidate, and every candidate is verified.
    """
    b, r = bands(threshold)
    keyed = list(signatures)
    if not keyed:
        return []
    pos = np.array([p for p, _ in keyed], dtype=np.int64)
    sig = np.vstack([np.asarray(v[: b * r], dtype=np.uint64) for _, v in keyed])
    found: list[list[int]] = []
    for band in range(b):
        key = np.full(len(pos), band, dtype=np.uint64)
        for col in range(band * r, (band + 1) * r):
            key = mix(key ^ sig[:, col])
        order = np.argsort(key, kind="stable")
        ordered = key[order]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        ends = np.r_[starts[1:], len(ordered)]
        many = ends - starts > 1
        found.extend(pos[order[s:e]].tolist() for s, e in zip(starts[many], ends[many], strict=True))
    return found


def lsh_pairs(sets: Iterable[tuple[int, Iterable[bytes]]], threshold: float) -> set[tuple[int, int]]:
    """Candidate pairs (i < j) sharing an LSH band bucket: a diagnostic for small inputs, quadratic in a bucket."""
    keyed = list(sets)
    hashes = MinHash.bulk((items for _, items in keyed), num_perm=NUM_PERM, hashfunc=zlib.crc32)
    found = buckets(((pos, mh.hashvalues) for (pos, _), mh in zip(keyed, hashes, strict=True)), threshold)
    return {(min(a, b), max(a, b)) for members in found for a in members for b in members if a != b}


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
    if not len(a) or not len(b):
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    at = np.searchsorted(b, a)  # sorted and distinct: a value of a is shared iff b holds it where it would go
    both = int(np.count_nonzero(b[np.minimum(at, len(b) - 1)] == a))
    union = len(a) + len(b) - both
    return both / union if union else 0.0


def score(a: Sketch, b: Sketch, figs_a: set[str], figs_b: set[str]) -> tuple[float, float, float, set[str]]:
    """(3-gram Jaccard, word Jaccard, figure Jaccard, shared figures) of two articles."""
    text, vocab = _jaccard_sorted(a.shingles, b.shingles), _jaccard_sorted(a.words, b.words)
    return text, vocab, jaccard(figs_a, figs_b), figs_a & figs_b


def decide(a: int, b: int, text: float, vocab: float, figs: list[set[str]]) -> Pair | None:
    """The verdict on two articles from their 3-gram and word Jaccard: a Pair if near-duplicates, else None."""
    shared = figs[a] & figs[b]
    fig = jaccard(figs[a], figs[b])
    common = (round(text, 3), round(vocab, 3), round(fig, 3), tuple(sorted(shared)))
    if text >= TEXT_THRESHOLD:
        return Pair(a, b, round(text, 3), *common, "text")
    if len(shared) >= MIN_SHARED_FIGURES and fig >= FIGURE_THRESHOLD and vocab >= MIN_VOCABULARY:
        return Pair(a, b, round((vocab + fig) / 2, 3), *common, "text+figures")
    return None


def judge(a: int, b: int, sketches: list[Sketch], figs: list[set[str]]) -> Pair | None:
    """The exact verdict on two articles: a Pair if they are near-duplicates (by text, or text+figures), else None."""
    text, vocab, _, _ = score(sketches[a], sketches[b], figs[a], figs[b])
    return decide(a, b, text, vocab, figs)


def jaccard_many(ref: np.ndarray[Any, Any], others: list[np.ndarray[Any, Any]]) -> np.ndarray[Any, Any]:
    """Jaccard of one sorted array of distinct values against many, in a few numpy calls (no loop per array)."""
    sizes = np.array([len(o) for o in others], dtype=np.int64)
    if not len(ref) or not sizes.sum():
        return np.zeros(len(others))
    flat = np.concatenate(others)
    hit = ref[np.minimum(np.searchsorted(ref, flat), len(ref) - 1)] == flat
    ends = np.cumsum(sizes)
    counts = np.r_[0, np.cumsum(hit)]
    both = counts[ends] - counts[ends - sizes]
    union = len(ref) + sizes - both
    return np.where(union > 0, both / np.maximum(union, 1), 0.0)


def candidate_buckets(sketches: list[Sketch], figs: list[set[str]]) -> list[list[int]]:
    """Band buckets of the 3-gram MinHashes and of the figure-key MinHashes (articles with enough figures)."""
    texts = ((pos, s.signature) for pos, s in enumerate(sketches) if s.signature is not None)
    found = buckets(texts, TEXT_THRESHOLD)
    keyed = [(pos, [k.encode() for k in keys]) for pos, keys in enumerate(figs) if len(keys) >= MIN_SHARED_FIGURES]
    hashes = MinHash.bulk((items for _, items in keyed), num_perm=NUM_PERM, hashfunc=zlib.crc32)
    return found + buckets(
        ((pos, mh.hashvalues) for (pos, _), mh in zip(keyed, hashes, strict=True)), FIGURE_LSH_THRESHOLD
    )


class Clusters:
    """Union-find over article ranks (0 = earliest): a cluster's root is always its earliest member.

    Only verified pairs are joined, so a chance band collision never merges two stories; `partners` keeps each
    member's verified pairs with earlier articles, for the members the cluster's earliest does not match.
    """

    def __init__(self, sketches: list[Sketch], figs: list[set[str]]) -> None:
        self.sketches, self.figs = sketches, figs
        self.parent = np.arange(len(sketches), dtype=np.int64)
        self.joined = np.zeros(len(sketches), dtype=bool)  # has a verified earlier partner (a key of `partners`)
        self.tried = np.zeros(len(sketches), dtype=np.int64)  # window pairs scored exactly, per member
        self.figured = np.array([len(f) >= MIN_SHARED_FIGURES for f in figs], dtype=bool)
        empty = np.zeros(NUM_PERM, dtype=np.uint64)  # under MIN_WORDS: never close by text
        self.signatures = np.vstack([empty, *(empty if s.signature is None else s.signature for s in sketches)])[1:]
        self.signed = np.array([s.signature is not None for s in sketches], dtype=bool)
        self.verdicts: dict[tuple[int, int], Pair | None] = {}
        self.partners: dict[int, list[Pair]] = {}

    def find(self, x: int) -> int:
        root = x
        while self.parent[root] != root:
            root = int(self.parent[root])
        while x != root:  # path compression
            self.parent[x], x = root, int(self.parent[x])
        return root

    def roots(self, members: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        """find() of many members at once (pointer jumping over the parent array)."""
        found: np.ndarray[Any, Any] = self.parent[members]
        while True:
            up: np.ndarray[Any, Any] = self.parent[found]
            if np.array_equal(up, found):
                return found
            found = up

    def score_many(self, pairs: Iterable[tuple[int, int]]) -> None:
        """Score many (earlier, later) pairs at once, grouped by their earlier article: a story's thousands of
        copies cost a few numpy calls against it, not one call each."""
        laters: dict[int, list[int]] = {}
        for earlier, later in pairs:
            if (earlier, later) not in self.verdicts:
                laters.setdefault(earlier, []).append(later)
        for earlier, group in laters.items():
            group = self.hopeful(earlier, sorted(set(group)))
            if not group:
                continue
            ref = self.sketches[earlier]
            texts = jaccard_many(ref.shingles, [self.sketches[m].shingles for m in group])
            vocabs = jaccard_many(ref.words, [self.sketches[m].words for m in group])
            for later, text, vocab in zip(group, texts.tolist(), vocabs.tolist(), strict=True):
                figures = len(self.figs[later]) >= MIN_SHARED_FIGURES <= len(self.figs[earlier])
                maybe = text >= TEXT_THRESHOLD or (figures and vocab >= MIN_VOCABULARY)
                self.verdicts[(earlier, later)] = decide(later, earlier, text, vocab, self.figs) if maybe else None

    def hopeful(self, ref: int, others: list[int]) -> list[int]:
        """Those of `others` worth an exact score against `ref`; the rest get verdict None at once.

        Their MinHash signatures estimate the 3-gram Jaccard (NUM_PERM agreements): under SKETCH_FLOOR the pair
        cannot reach TEXT_THRESHOLD (a 4-standard-deviation miss at 64 permutations), and without enough figures
        on both sides it cannot qualify by text+figures either.
        """
        if not others:
            return others
        at = np.asarray(others, dtype=np.int64)
        agree = np.count_nonzero(self.signatures[at] == self.signatures[ref], axis=1) / NUM_PERM
        # A text under MIN_WORDS has no signature (zeros): it is scored exactly, never judged by the estimate.
        unsigned = ~(self.signed[at] & self.signed[ref])
        keep = (agree >= SKETCH_FLOOR) | (self.figured[at] & self.figured[ref]) | unsigned
        for other in at[~keep].tolist():
            self.verdicts[(min(ref, other), max(ref, other))] = None
        return at[keep].tolist()  # type: ignore[no-any-return]

    def verdict(self, earlier: int, later: int) -> Pair | None:
        """judge(later, earlier), each pair scored once (ranks: earlier < later)."""
        key = (earlier, later)
        if key not in self.verdicts:
            self.verdicts[key] = judge(later, earlier, self.sketches, self.figs)
        return self.verdicts[key]

    def join(self, earlier: int, later: int) -> bool:
        """Verify a candidate pair; if it holds, record it and merge the two clusters under the earlier root."""
        pair = self.verdict(earlier, later)
        if pair is None:
            return False
        if pair not in self.partners.setdefault(later, []):
            self.partners[later].append(pair)
        self.joined[later] = True
        a, b = self.find(earlier), self.find(later)
        if a != b:
            self.parent[max(a, b)] = min(a, b)
        return True

    def add(self, bucket: list[int]) -> None:
        """A band bucket (ranks): each member is verified against the bucket's VERIFY earliest members at most,
        until one holds. A member already joined to the cluster of the bucket's earliest is not scored again, so
        the 14 buckets of a story's copies cost one sort each, not one score per member and bucket."""
        members = np.sort(np.asarray(bucket, dtype=np.int64))
        roots = self.roots(members)
        later = members[1:]
        todo = later[~(self.joined[later] & (roots[1:] == roots[0]))]
        ranked = members.tolist()
        self.score_many((ranked[0], m) for m in todo.tolist())  # in one batch; the few pairs left one by one
        where = np.searchsorted(members, todo).tolist()
        for member, at in zip(todo.tolist(), where, strict=True):
            if self.join(ranked[0], member):
                continue
            # The bucket's VERIFY earliest, then the VERIFY just before the member (datatrove-like neighbours),
            # within the member's BUDGET of exactly scored pairs over all its buckets.
            window = list(dict.fromkeys(ranked[1 : min(at, VERIFY)] + ranked[max(1, at - VERIFY) : at]))
            for earlier in self.hopeful(member, [e for e in window if (e, member) not in self.verdicts]):
                if self.tried[member] >= BUDGET:
                    break
                self.tried[member] += 1
                if self.join(earlier, member):
                    break

    def build(self, buckets: list[list[int]]) -> None:
        """Join the verified pairs of every band bucket (a story's copies fill the same bucket in many bands: once)."""
        for bucket in dict.fromkeys(tuple(b) for b in buckets):
            self.add(list(bucket))

    def reports(self) -> Iterator[tuple[int, int, Pair, int]]:
        """(member, partner, pair, cluster root) once per member with an earlier near-duplicate: against the
        cluster's earliest (its root: every join keeps the smaller rank) when that pair holds, else against the
        earliest article the member was verified against."""
        members = sorted(self.partners)
        roots = self.roots(np.asarray(members, dtype=np.int64)).tolist() if members else []
        self.score_many(zip(roots, members, strict=True))
        for member, root in zip(members, roots, strict=True):
            pair = self.verdict(root, member)
            if pair is None:
                pair = min(self.partners[member], key=lambda p: p.b)
            yield member, pair.b, pair, root


def _item(row: dict[str, Any], other: dict[str, Any], pair: Pair, cluster: tuple[int, str]) -> dict[str, Any]:
    """The evidence of one member: its scores against `other`, and the earliest article of its cluster."""
    line = row["title_line"] if pd.notna(row["title_line"]) else row["body_start_line"]
    other_line = other["title_line"] if pd.notna(other["title_line"]) else other["body_start_line"]
    return {
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
        "cluster_size": cluster[0],
        "cluster_earliest": cluster[1],  # other_article unless the earliest is not itself a match of this member
    }


def near_duplicate(ctx: Context) -> pd.Series[Any]:
    """Paraphrases and syndicated copies: each member of a cluster reported once, against its earliest article."""
    rows = records(ctx.articles[["article_id", "published", "title_line", "body_start_line"]])
    keys = figure_keys(ctx.figures)
    # The earliest article (by date, undated last, then id) is the one the others repeat; work in that order.
    by_rank = sorted(
        range(len(rows)),
        key=lambda p: (
            LATER if pd.isna(rows[p]["published"]) else pd.Timestamp(rows[p]["published"]),
            str(rows[p]["article_id"]),
        ),
    )
    column = list(ctx.articles[SKETCH])
    sketches = [column[p] for p in by_rank]
    figs = [keys.get(str(rows[p]["article_id"]), set()) for p in by_rank]
    clusters = Clusters(sketches, figs)
    clusters.build(candidate_buckets(sketches, figs))
    reported = list(clusters.reports())
    sizes = Counter(root for *_, root in reported)
    found: dict[int, list[dict[str, Any]]] = {}
    for member, partner, pair, root in reported:
        cluster = (sizes[root] + 1, str(rows[by_rank[root]]["article_id"]))
        item = _item(rows[by_rank[member]], rows[by_rank[partner]], pair, cluster)
        found[by_rank[member]] = [item]
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
