"""Dated clues in an article: facts asserted as current, milestones reached, years and seasons (facts.yaml,
milestones.yaml), read per article in stage 1 for the eras of stage 2."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from validators.checks._prefilter import RegexSet
from validators.checks._text import BodyLines, load_yaml, norm_name, records
from validators.context import Context
from validators.figures import approx_re
from validators.figures.kinds import LEVEL_KINDS
from validators.figures.patterns import _scanning
from validators.reading import reference_entries, reference_value

OPEN_START = dt.date.min
OPEN_END = dt.date.max
FIRST_SEASON_YEAR = 1990
# "nearing 150" still says the rate is about there; 1% below keeps the bound honest.
APPROX_FACTOR = 0.99
# A level in a conditional or forecast sentence was not reached, so it dates nothing.
CONDITIONAL_RE = re.compile(
    r"\b(?:if|unless|could|would|might|may|should|forecasts?|targets?|predicts?|projected|aims?|"
    r"goal|by (?:the )?(?:year-end|end of))\b",
    re.I,
)
Window = tuple[dt.date, dt.date]
CLUES = "era_clues"  # the articles column stage 1 writes (era_clues) and stage 2 reads (infer_eras)


@dataclass(frozen=True)
class Fact:
    """A dated fact: true on [start, until), and the phrasings that assert it as current."""

    id: str
    label: str
    start: dt.date
    until: dt.date | None
    source: str
    patterns: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class Season:
    """A recurring season ("Q2 earnings season") whose mention dates an article to some months."""

    id: str
    pattern: re.Pattern[str]
    months: tuple[int, int]
    source: str


@dataclass(frozen=True)
class Reference:
    """facts.yaml and milestones.yaml, compiled."""

    facts: tuple[Fact, ...]
    fact_patterns: tuple[tuple[Fact, re.Pattern[str]], ...]  # every fact's patterns, in facts.yaml's order
    history: re.Pattern[str]
    grace: dt.timedelta
    year_re: re.Pattern[str]
    year_scan: re.Pattern[str]  # year_re led by a lookahead for its first characters: same matches, found faster
    always_past: re.Pattern[str]
    future_markers: re.Pattern[str]
    past_markers: re.Pattern[str]
    past_expectation: re.Pattern[str]
    soft_years: re.Pattern[str]
    reach: int
    seasons: tuple[Season, ...]
    # The fact patterns, then the seasons' patterns: one pass over a text finds those that can match in it.
    clue_set: RegexSet
    aliases: dict[str, str]
    milestones: dict[str, tuple[tuple[float, dt.date, str], ...]]
    reached: frozenset[str]  # qualifiers of a level passed or touched: they date it as an exact figure does


@dataclass(frozen=True)
class Clue:
    """One dated clue in an article and the date windows it allows."""

    line: int
    phrase: str
    kind: str  # fact | milestone | year | season
    what: str
    windows: tuple[Window, ...]
    source: str
    # Firm clues can make an article stale or date it; soft ones (seasons, bare "in 2027")
    # only narrow the inferred window.
    firm: bool = True

    @property
    def start(self) -> dt.date:
        """The earliest date the clue allows."""
        return self.windows[0][0]

    @property
    def end(self) -> dt.date:
        """The first date the clue no longer allows."""
        return self.windows[-1][1]

    def claim(self) -> str:
        """What the clue says, as a verb phrase for messages."""
        if self.kind == "fact":
            return f"asserts {self.what} as current"
        return self.what if self.kind == "year" else f"implies {self.what}"

    def evidence(self) -> dict[str, Any]:
        """The clue as JSON-ready evidence."""
        # A recurring window (a season in any year) has no single from/until: `what` says it.
        one = len(self.windows) == 1
        return {
            "line": self.line,
            "phrase": self.phrase,
            "kind": self.kind,
            "what": self.what,
            "from": iso_day(self.start) if one else None,
            "until": iso_day(self.end) if one else None,
            "source": self.source,
        }


def iso_day(day: dt.date) -> str | None:
    return None if day in (OPEN_START, OPEN_END) else day.isoformat()


def _ci(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


@functools.lru_cache(maxsize=8)
def reference(reference_dir: Path) -> Reference:
    """The compiled reference data under `reference_dir`, loaded once."""
    facts_path, miles_path = reference_dir / "facts.yaml", reference_dir / "milestones.yaml"
    return Reference(**_facts_fields(facts_path, load_yaml(facts_path)), **_milestone_fields(miles_path))


def _facts_fields(path: Path, doc: Any) -> dict[str, Any]:
    """facts.yaml compiled: the facts and seasons, the history markers, the grace and how years are read."""
    facts = reference_entries(
        path,
        doc,
        "facts",
        lambda f: Fact(
            id=f["id"],
            label=f["label"],
            start=f.get("from") or OPEN_START,
            until=f.get("until"),
            source=f["source"],
            patterns=tuple(_ci(p) for p in f["current"]),
        ),
    )
    seasons = reference_entries(
        path,
        doc,
        "seasons",
        lambda s: Season(
            id=s["id"], pattern=_ci(s["pattern"]), months=(s["months"][0], s["months"][1]), source=s["source"]
        ),
    )

    def year_mentions() -> dict[str, Any]:
        years = doc["year_mentions"]
        return {
            "year_re": _ci(years["pattern"]),
            "year_scan": _scanning(_ci(years["pattern"])),
            "always_past": _ci(years["always_past"]),
            "future_markers": _ci(years["future_markers"]),
            "past_markers": _ci(years["past_markers"]),
            "past_expectation": _ci(years["past_expectation"]),
            "soft_years": _ci(years["soft"]),
            "reach": int(years["reach"]),
        }

    fact_patterns = tuple((fact, rx) for fact in facts for rx in fact.patterns)
    return {
        "facts": facts,
        "fact_patterns": fact_patterns,
        "history": reference_value(
            path, ("history_markers",), lambda: _ci("|".join(f"(?:{p})" for p in doc["history_markers"]))
        ),
        "grace": reference_value(path, ("grace_days",), lambda: dt.timedelta(days=int(doc.get("grace_days", 0)))),
        **reference_value(path, ("year_mentions",), year_mentions),
        "seasons": seasons,
        "clue_set": RegexSet([*(rx for _, rx in fact_patterns), *(s.pattern for s in seasons)]),
    }


def _milestone_fields(path: Path) -> dict[str, Any]:
    """milestones.yaml compiled: instrument aliases, each instrument's milestones in order, reached qualifiers."""
    doc = load_yaml(path)
    milestones: dict[str, list[tuple[float, dt.date, str]]] = {}
    for instrument, level, first, source in reference_entries(
        path, doc, "milestones", lambda m: (m["instrument"], float(m["level"]), m["first"], m["source"])
    ):
        milestones.setdefault(instrument, []).append((level, first, source))
    return {
        "aliases": reference_value(
            path,
            ("instruments",),
            lambda: {norm_name(a): canon for canon, names in doc["instruments"].items() for a in [canon, *names]},
        ),
        "milestones": {k: tuple(sorted(v)) for k, v in milestones.items()},
        "reached": reference_value(
            path, ("reached_qualifiers",), lambda: frozenset(map(str, doc["reached_qualifiers"]))
        ),
    }


def fact_clues(lines: BodyLines, ref: Reference) -> list[Clue]:
    """Facts the body asserts as current (history mentions of facts that ended are skipped)."""
    body = lines.body
    seen: set[tuple[str, int]] = set()
    out: list[Clue] = []
    # Only the patterns that can match are searched, in facts.yaml's order: the clues and their order are those
    # of searching every pattern.
    facts = len(ref.fact_patterns)
    for i in (i for i in lines.candidates(ref.clue_set) if i < facts):
        fact = ref.fact_patterns[i][0]
        for m in ref.clue_set.scanning[i].finditer(body):
            s, e = lines.sentence(m.start())
            if fact.until is not None and ref.history.search(body, s, e):
                continue
            line = lines.line(m.start())
            if (fact.id, line) in seen:
                continue
            seen.add((fact.id, line))
            until = f"{fact.start} to {fact.until}" if fact.until else f"since {fact.start}"
            out.append(
                Clue(
                    line=line,
                    phrase=m.group(0),
                    kind="fact",
                    what=f"{fact.label} ({until})",
                    windows=((fact.start, fact.until or OPEN_END),),
                    source=fact.source,
                )
            )
    return out


def milestone_clues(figures: list[dict[str, Any]], ref: Reference) -> list[Clue]:
    """Levels quoted as reached: each dates the article on or after the first day at that level."""
    best: dict[str, Clue] = {}
    approx = approx_re()

    def loose(qualifier: Any) -> bool:  # "nearly", "about": the level may not have been reached yet
        labels = qualifier.split(",") if isinstance(qualifier, str) else ()
        return any(q not in ref.reached and approx.match(q) for q in labels)

    # Exact figures first, so on a tie the clue shown is "57,890", not "near 58,000".
    for fig in sorted(figures, key=lambda f: loose(f["qualifier"])):
        canon = ref.aliases.get(norm_name(str(fig["instrument"])))
        if fig["kind"] not in LEVEL_KINDS or canon is None or canon not in ref.milestones or pd.isna(fig["value"]):
            continue
        if CONDITIONAL_RE.search(str(fig.get("sentence") or "")):
            continue
        value = abs(float(fig["value"]))
        if loose(fig["qualifier"]):
            value *= APPROX_FACTOR
        reached = [m for m in ref.milestones[canon] if m[0] <= value]
        if not reached:
            continue
        level, first, source = max(reached, key=lambda m: (m[1], m[0]))
        if canon in best and best[canon].start >= first:
            continue
        qualifier = f" ({fig['qualifier']})" if isinstance(fig["qualifier"], str) and fig["qualifier"] else ""
        best[canon] = Clue(
            line=int(fig["line"]),
            phrase=f"{fig['instrument']} at {abs(float(fig['value'])):,g}{qualifier}",
            kind="milestone",
            what=f"{canon} first reached {level:,g} on {first}",
            windows=((first, OPEN_END),),
            source=source,
        )
    return list(best.values())


def _nearest_marker(text: str, pos: int, end: int, ref: Reference) -> str | None:
    before = text[max(0, pos - ref.reach) : pos]
    last = [(m.end(), m.start(), "future") for m in ref.future_markers.finditer(before)]
    last += [(m.end(), m.start(), "past") for m in ref.past_markers.finditer(before)]
    if last:
        _, start, kind = max(last)
        if kind == "future" and ref.past_expectation.search(before[:start]):
            return None
        return kind
    after = text[end : end + ref.reach]
    first = [(m.start(), "future") for m in ref.future_markers.finditer(after)]
    first += [(m.start(), "past") for m in ref.past_markers.finditer(after)]
    return min(first)[1] if first else None


def year_clues(lines: BodyLines, ref: Reference) -> list[Clue]:
    """Year mentions: looking ahead bounds the date from above, looking back from below."""
    body = lines.body
    out: list[Clue] = []
    for m in ref.year_scan.finditer(body):
        year = int(m.group(2))
        if ref.always_past.search(m.group(1)):
            tense: str | None = "past"
        else:
            tense = _nearest_marker(body, m.start(), m.end(), ref)
        if tense not in ("future", "past"):
            continue
        ahead = tense == "future"
        out.append(
            Clue(
                line=lines.line(m.start()),
                phrase=m.group(0),
                kind="year",
                what=f"looks {'ahead to' if ahead else 'back on'} {year}",
                # Looking ahead bounds the date from above; looking back, from below.
                windows=((OPEN_START, dt.date(year + 1, 1, 1)),) if ahead else ((dt.date(year, 1, 1), OPEN_END),),
                source="year mention",
                firm=ahead and not ref.soft_years.match(m.group(1)),
            )
        )
    return out


def _month_start(year: int, month: int) -> dt.date:
    return dt.date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def season_clues(lines: BodyLines, ref: Reference, last_year: int) -> list[Clue]:
    """Season mentions: the article was written in those months of some (or the named) year."""
    body = lines.body
    out: list[Clue] = []
    facts = len(ref.fact_patterns)
    for i in (i for i in lines.candidates(ref.clue_set) if i >= facts):
        season = ref.seasons[i - facts]
        for m in ref.clue_set.scanning[i].finditer(body):
            years = [int(m.group(1))] if m.group(1) else list(range(FIRST_SEASON_YEAR, last_year + 1))
            first, last = season.months
            windows = tuple((_month_start(y, first), _month_start(y, last + 1)) for y in years)
            when = f"{years[0]}" if m.group(1) else "any year"
            out.append(
                Clue(
                    line=lines.line(m.start()),
                    phrase=m.group(0),
                    kind="season",
                    what=f"{season.id}: months {first}-{(last - 1) % 12 + 1} of {when}",
                    windows=windows,
                    source=season.source,
                    firm=False,
                )
            )
    return out


def text_clues(row: Mapping[str, Any], ref: Reference, as_of: pd.Timestamp) -> tuple[Clue, ...]:
    """The clues an article's own words give: facts, years and seasons in its body and front-matter title."""
    texts = [BodyLines(str(row["body"]), int(row["body_start_line"]))]
    key_lines = row["key_lines"] if isinstance(row["key_lines"], dict) else {}
    if "title" in key_lines and isinstance(row["title"], str):
        # A front-matter title ("Stocks Up 60% Since May 2008") speaks as the body does; a title taken
        # from the body's first line is already read with the body. Every clue in it is on the title's line.
        texts.append(BodyLines(row["title"].replace("\n", " "), int(key_lines["title"])))
    clues: list[Clue] = []
    for lines in texts:
        clues += fact_clues(lines, ref) + year_clues(lines, ref)
        clues += season_clues(lines, ref, as_of.year + 1)
    return tuple(clues)


def era_clues(ctx: Context) -> pd.Series[Any]:
    """Derived column `era_clues` (stage 1, per article): the text clues of each article, for stage 2's eras."""
    ref = reference(ctx.settings.reference_dir)
    rows = records(ctx.articles[["body", "body_start_line", "key_lines", "title"]])
    return pd.Series([text_clues(row, ref, ctx.settings.as_of) for row in rows], index=ctx.articles.index, dtype=object)
