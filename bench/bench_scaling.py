"""Extraction time against text length, one core: `python bench/bench_scaling.py`.

Each shape repeats one unit of text n times, as one line, one paragraph, one sentence or many lines. Time per unit
should not grow with n: the ratio printed is (time per unit at the larger n) / (time per unit at the smaller n),
about 1 when extraction is linear and about 8 when it is quadratic.
"""

from __future__ import annotations

import sys
import time

import pandas as pd

from validators.figures import extract_figures, load_lexicon
from validators.reading import RawArticle, parse_bytes

PUBLISHED = pd.Timestamp("2026-02-12T02:00:00Z")
SHAPES = {  # name: (text before, unit repeated, text after)
    "lines": ("", "The Nikkei rose 3% to 38,000.\n", ""),
    "lines, the index": ("", "The index rose 3% to 38,000.\n", ""),
    "lines, a country's GDP": ("", "The economy grew 3.1%.\n", ""),
    "one paragraph": ("The Nikkei rose ", "The Nikkei rose 3% to 38,000. ", "ended.\n"),
    "one sentence": ("The Nikkei rose ", "the Nikkei rose 3% to 38,000 and ", "ended.\n"),
    "one sentence of numbers": ("The Nikkei rose ", "3.5% and ", "ended.\n"),
    "one sentence of names": ("", "The S&P 500 index of the Dow Jones industrial average in the Nikkei ", "rose 3%.\n"),
}


def seconds(shape: tuple[str, str, str], n: int) -> float:
    head, unit, tail = shape
    text = f"---\npublished: {PUBLISHED.isoformat()}\n---\n{head}{unit * n}{tail}"
    raw = parse_bytes(text.encode(), "long.md")
    assert isinstance(raw, RawArticle)
    t0 = time.process_time()
    extract_figures(raw, PUBLISHED)
    return time.process_time() - t0


def main(argv: list[str]) -> int:
    small, large = (int(a) for a in argv) if argv else (500, 4_000)
    load_lexicon()
    worst = 0.0
    for name, shape in SHAPES.items():
        seconds(shape, 50)  # warm-up
        a, b = seconds(shape, small) / small, seconds(shape, large) / large
        worst = max(worst, b / a)
        print(
            f"{name:24} {a * 1e6:7.1f} us/unit at n={small:,} {b * 1e6:7.1f} us/unit at n={large:,} ratio {b / a:4.1f}"
        )
    print(f"worst ratio {worst:.1f} (1 = linear, {large / small:.0f} = quadratic)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
