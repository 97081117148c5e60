"""Benchmark (not a test): cross-article checks on synthetic articles, to show they stay sub-quadratic.

Usage: .venv/bin/python bench/bench_cross.py [N ...]   (default: 10000 100000)
Prints seconds and peak memory (RSS) per check and the findings each produced: the near-duplicate sketches
(stage 1, per article), then each check through stage 2 of the pipeline, alone (as --select runs it).
"""

from __future__ import annotations

import resource
import sys
import time
from typing import Any

import numpy as np
import pandas as pd

from validators import pipeline
from validators.context import Settings

VOCAB = 20_000
WORDS = 150
INSTRUMENTS = 40
DAYS = 1_500
FIGURES_PER_ARTICLE = 8
COPY_SHARE = 0.01  # articles that are light edits of an earlier one
REWRITE_SHARE = 0.01  # articles that reword an earlier one but keep its figures
CONFLICT_SHARE = 0.005  # figures given a wrong value
CHECKS = ("figure-conflict", "ytd-conflict", "record-conflict", "near-duplicate")


def synthetic(n: int, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """n articles and their figures, with a few copies, rewrites and contradictions planted."""
    rng = np.random.default_rng(seed)
    vocab = np.array([f"w{i}" for i in range(VOCAB)])
    # Zipf-like word choice, so texts share common words as real ones do.
    weights = 1 / np.arange(1, VOCAB + 1) ** 0.8
    words = rng.choice(VOCAB, size=(n, WORDS), p=weights / weights.sum())
    start = pd.Timestamp("2022-01-03", tz="UTC")
    day_of = rng.integers(0, DAYS, size=n)
    base = rng.uniform(100, 60_000, size=(INSTRUMENTS, DAYS))
    moves = np.round(rng.normal(0, 1.2, size=(INSTRUMENTS, DAYS)), 2)
    inst = rng.integers(0, INSTRUMENTS, size=(n, FIGURES_PER_ARTICLE))
    kinds = rng.choice(
        ["level", "pct_change", "ytd_pct", "threshold"], size=(n, FIGURES_PER_ARTICLE), p=[0.5, 0.3, 0.1, 0.1]
    )
    for i in range(1, n):
        r = rng.random()
        if r < COPY_SHARE + REWRITE_SHARE:
            j = int(rng.integers(0, i))
            inst[i], kinds[i], day_of[i] = inst[j], kinds[j], day_of[j]
            if r < COPY_SHARE:
                words[i] = words[j]
                edits = rng.integers(0, WORDS, size=WORDS // 10)
                words[i, edits] = rng.integers(0, VOCAB, size=edits.size)
    values = np.where(
        kinds == "pct_change",
        moves[inst, day_of[:, None]],
        np.where(kinds == "ytd_pct", 12.0, np.round(base[inst, day_of[:, None]], 2)),
    )
    wrong = rng.random(size=values.shape) < CONFLICT_SHARE
    values = np.where(wrong, values * 1.3, values)
    ids = [f"a{i:06d}.md" for i in range(n)]
    days = start + pd.to_timedelta(day_of, unit="D")
    articles = pd.DataFrame(
        {
            "article_id": ids,
            "title": ids,
            "title_line": 2,
            "published": days,
            "body": [" ".join(vocab[w]) for w in words],
            "body_start_line": 8,
            "key_lines": [{} for _ in range(n)],
        }
    )
    k = FIGURES_PER_ARTICLE
    figures = pd.DataFrame(
        {
            "article_id": np.repeat(ids, k),
            "instrument": [f"Index {j}" for j in inst.ravel()],
            "kind": kinds.ravel(),
            "value": values.ravel(),
            "unit": "points",
            "qualifier": None,
            "line": np.tile(np.arange(9, 9 + k), n),
            "char_start": np.tile(np.arange(0, 40 * k, 40), n),
            "char_end": np.tile(np.arange(10, 40 * k + 10, 40), n),
            "sentence": "synthetic sentence",
            "as_of": np.repeat(days.to_numpy(), k),
            "as_of_basis": "published",
        }
    )
    figures["as_of"] = pd.to_datetime(figures["as_of"], utc=True)
    return articles, figures


def peak_mb() -> float:
    """Peak resident set size of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench(n: int) -> list[dict[str, Any]]:
    """Time each cross-article check on n synthetic articles."""
    t0 = time.perf_counter()
    articles, figures = synthetic(n)
    settings = Settings(as_of=pd.Timestamp("2026-11-21", tz="UTC"), select=CHECKS)
    print(f"n={n:,}: generated {len(figures):,} figures in {time.perf_counter() - t0:.1f}s, peak {peak_mb():.0f} MB")
    t = time.perf_counter()
    batch = pipeline.article_evidence(pipeline.Batch(articles, figures), settings)  # the sketches, per article
    print(f"  {'sketches':16s} {time.perf_counter() - t:7.2f}s  (stage 1)           peak RSS {peak_mb():.0f} MB")
    rows = []
    for name in CHECKS:
        alone = Settings(as_of=settings.as_of, select=(name,))
        plan = pipeline.Plan.of(alone)
        t = time.perf_counter()
        result = pipeline.stage2(pipeline.compact(batch, plan), alone, plan).articles[name.replace("-", "_")]
        seconds = time.perf_counter() - t
        flagged = int(result.notna().sum())
        rows.append(
            {"n": n, "check": name, "seconds": round(seconds, 2), "flagged": flagged, "peak_mb": round(peak_mb())}
        )
        print(f"  {name:16s} {seconds:7.2f}s  {flagged:6d} articles flagged  peak RSS {peak_mb():.0f} MB")
    return rows


def main(argv: list[str]) -> int:
    """Run the benchmark for each size given (default 10k and 100k)."""
    sizes = [int(a) for a in argv] or [10_000, 100_000]
    results = [r for n in sizes for r in bench(n)]
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        for check in dict.fromkeys(r["check"] for r in results):
            a = next(r["seconds"] for r in results if r["check"] == check and r["n"] == small)
            b = next(r["seconds"] for r in results if r["check"] == check and r["n"] == large)
            print(f"{check}: x{large / small:.0f} articles -> x{b / max(a, 1e-3):.1f} time")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
