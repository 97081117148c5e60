"""Benchmark (not a test): what adding facts costs the fact-clue matching, on real articles.

Usage: .venv/bin/python bench/bench_facts.py [FOLDER] [--times 1 10 100] [--articles 3000]

FOLDER (default: the Gothamist corpus of ../shared, extracted to a temporary folder) is read as newsdq reads
it; each article's body is matched against facts.yaml's facts, then against facts.yaml with every fact
repeated N times under new names (each copy's patterns led by a made-up name, as a new fact about another
person or policy would read). Prints microseconds per article for each N and the ratio to N=1: with
the Aho-Corasick prefilter (validators.checks._prefilter) the cost grows with the patterns a text can match,
not with how many there are.
"""

from __future__ import annotations

import argparse
import itertools
import re
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from validators import pipeline  # noqa: E402
from validators.checks import clues  # noqa: E402
from validators.checks._prefilter import RegexSet  # noqa: E402
from validators.checks._text import BodyLines  # noqa: E402
from validators.context import EXPECTATIONS_DIR, Settings  # noqa: E402


def renamed(rx: re.Pattern[str], k: int) -> re.Pattern[str]:
    """`rx` about someone else (copy k): led by a made-up name, as a new fact names its own person or policy."""
    return re.compile(rf"\b{made_up_name(k)}\b.{{0,80}}?(?:{rx.pattern})", rx.flags)


def made_up_name(k: int) -> str:
    """The name copy k of the facts is about (no real text holds it)."""
    return "Zorvath" + "".join(chr(97 + (k // 26**i) % 26) for i in range(3))


def many_facts(ref: clues.Reference, times: int) -> clues.Reference:
    """`ref` with every fact pattern there `times` times: once as written, then renamed copies."""
    patterns = list(ref.fact_patterns) + [
        (fact, renamed(rx, k)) for k in range(1, times) for fact, rx in ref.fact_patterns
    ]
    return replace(
        ref,
        fact_patterns=tuple(patterns),
        clue_set=RegexSet([*(rx for _, rx in patterns), *(s.pattern for s in ref.seasons)]),
    )


def per_article(bodies: list[str], ref: clues.Reference) -> float:
    """Best of three: seconds per article of fact_clues over every body."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for body in bodies:
            clues.fact_clues(BodyLines(body, 1), ref)
        best = min(best, time.perf_counter() - start)
    return best / len(bodies)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("folder", nargs="?", type=Path)
    p.add_argument("--times", type=int, nargs="*", default=[1, 10, 100])
    p.add_argument("--articles", type=int, default=3_000)
    args = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsdq-facts-") as tmp:
        folder = args.folder
        if folder is None:
            import corpora

            folder = corpora.unpack("gothamist_markdown", tmp)
        settings = Settings()
        _, found = pipeline.units([folder], settings)
        records = (r for unit in found for r in pipeline.read_unit(unit, settings))
        articles = (r for r in records if isinstance(r, pipeline.RawArticle))
        bodies = [r.body for r in itertools.islice(articles, args.articles)]
    base = clues.reference(EXPECTATIONS_DIR)
    print(f"{len(bodies)} articles of {folder}; facts.yaml has {len(base.fact_patterns)} fact patterns")
    first = None
    for times in args.times:
        ref = many_facts(base, times)
        seconds = per_article(bodies, ref)
        first = first or seconds
        print(
            f"facts x{times:<4} {len(ref.fact_patterns):>6} patterns  {seconds * 1e6:8.1f} us/article  "
            f"x{seconds / first:.2f} of x{args.times[0]}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
