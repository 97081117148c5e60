"""Extraction throughput on seed-sized articles, one core: `python bench/bench_extract.py [N]`."""

from __future__ import annotations

import os
import sys
import time
import timeit
from pathlib import Path

import pandas as pd

from validators import extractor_build
from validators.figures import extract_figures, figures_table, load_lexicon
from validators.reading import RawArticle, parse_bytes

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
TARGET = 2_000  # articles/s: the throughput the extractor is held to


def articles(n: int) -> list[tuple[RawArticle, pd.Timestamp | None]]:
    """`n` fresh RawArticles cycling through the seeds (parsing is not what is measured).

    Each dated one is published 37 minutes after the one before, as in a real feed: dating its figures
    ("on Thursday", "overnight") is then worked out anew, not taken from a cache of the seeds' five times.
    """
    seeds = [p.read_bytes() for p in sorted(SEEDS.glob("*.txt"))]
    out = []
    for i in range(n):
        raw = parse_bytes(seeds[i % len(seeds)], f"{i:06d}.txt")
        assert isinstance(raw, RawArticle)
        value = (raw.front_matter or {}).get("published")
        out.append((raw, pd.Timestamp(value) + pd.Timedelta(minutes=37 * i) if value else None))
    return out


def main(argv: list[str]) -> int:
    """Time extract_figures over N articles after a warm-up; print articles/s."""
    n = int(argv[0]) if argv else 5_000
    load_lexicon()
    batch = articles(n)
    for raw, published in batch[:10]:  # warm-up: lexicon, calendars, caches
        extract_figures(raw, published)
    batch = articles(n)
    # CPU time as well as wall time: on a shared machine other processes stretch the wall clock.
    t0, c0 = time.perf_counter(), time.process_time()
    rows = [row for raw, published in batch for row in extract_figures(raw, published)]
    t1, c1 = time.perf_counter(), time.process_time()
    table = figures_table(rows)
    t2 = time.perf_counter()
    wall, cpu = n / (t1 - t0), n / (c1 - c0)
    print(
        f"{n} articles, {len(table)} figures: {wall:,.0f} articles/s wall, {cpu:,.0f} articles/s CPU "
        f"({'meets' if cpu >= TARGET else 'below'} the {TARGET:,}/s target); figures_table {t2 - t1:.3f}s; "
        f"extractor {extractor_build()} (README: Speed)"
    )
    # How fast this machine is right now, to compare runs across machines and loads.
    ref = min(timeit.repeat("sum(range(1000))", number=2_000, repeat=5)) / 2_000 * 1e6
    print(
        f"machine: sum(range(1000)) = {ref:.1f} us (a typical idle desktop core: ~8 us); "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
