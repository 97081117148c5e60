"""The multi-pattern prefilter of fact clues: with a hundred times the facts, the clues are those of searching
every pattern in every text (bench/bench_facts.py measures what the extra facts cost)."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from validators.checks import clues
from validators.checks._prefilter import RegexSet, fold
from validators.checks._text import BodyLines
from validators.context import EXPECTATIONS_DIR

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import bench_facts  # noqa: E402


def texts() -> list[str]:
    """The seeds and the check cases, and sentences naming some of the made-up facts' people."""
    found = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.md"))]
    found += [
        p.read_text(encoding="utf-8", errors="replace")
        for p in sorted((ROOT / "tests" / "data" / "checks").rglob("*.md"))
    ]
    found += [
        f"{bench_facts.made_up_name(k)} said the Bank of Japan will keep negative interest rates. "
        "The BOJ maintains yield curve control."
        for k in range(1, 100, 4)
    ]
    return found


def searched_all(body: str, ref: clues.Reference) -> list[tuple[int, str]]:
    """(pattern position, match) of every fact pattern in the body, no prefilter."""
    return [(i, m.group(0)) for i, (_, rx) in enumerate(ref.fact_patterns) for m in rx.finditer(body)]


def test_a_hundred_times_the_facts_find_what_every_pattern_finds() -> None:
    ref = bench_facts.many_facts(clues.reference(EXPECTATIONS_DIR), 100)
    assert len(ref.fact_patterns) == 100 * len(clues.reference(EXPECTATIONS_DIR).fact_patterns)
    matched, plain = 0, _unfiltered(ref)
    for body in texts():
        wanted = searched_all(body, ref)
        candidates = set(ref.clue_set.candidates(fold(body)))
        assert {i for i, _ in wanted} <= candidates, body[:80]
        found = sorted(
            (i, m.group(0))
            for i in candidates
            if i < len(ref.fact_patterns)
            for m in ref.clue_set.scanning[i].finditer(body)
        )
        assert found == sorted(wanted)
        matched += any(i >= len(ref.fact_patterns) // 100 for i, _ in wanted)
        # What the staleness check reads: the same clues as a run over the patterns one by one.
        assert clues.fact_clues(BodyLines(body, 1), ref) == clues.fact_clues(BodyLines(body, 1), plain)
    assert matched >= 20  # the made-up facts' own texts are matched, not only the real facts'


def _unfiltered(ref: clues.Reference) -> clues.Reference:
    """`ref` with a clue set that finds no string worth a look: every pattern is searched in every text."""
    every = RegexSet([rx for _, rx in ref.fact_patterns], shortest=10**6)
    assert len(every.always) == len(ref.fact_patterns)
    return replace(ref, clue_set=every)
