"""A deterministic synthetic news corpus for the benchmark: market reports over the lexicon's instruments.

    python bench/synth.py DEST [--articles 10000] [--seed 21] [--mode mixed|distinct|one-story] [--jsonl FILE]

- Every figure comes from one market table (a seeded random walk per instrument over its exchange's real sessions,
  inside the ranges.yaml band of 2025-2027), so clean articles agree with each other: a finding on a clean article
  is a false positive of the checks, not noise of the generator.
- mode `mixed` (default): 20% syndicated copies (light edits of an earlier article: outlet, dateline, title,
  a few words), about 3% articles without front matter (a title line, an undated era clue), and planted
  defects of every check category (bench/synth_defects.py); `distinct`: no copy, no defect; `one-story`: one
  story and N-1 light edits of it (the syndication worst case).
- Files go to DEST/NNN/NNNNNN.md (1,000 a folder); the manifest (what was planted where) to DEST.manifest.json
  beside DEST, never inside it (a .json inside would be read as an input). --jsonl also writes the articles
  that have a front-matter mapping as JSONL records (title, source, url, published, category, summary, body).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth_defects  # noqa: E402  (bench/ is no package)
from synth_words import OUTLETS, REASONS, SUBJECTS, SWAPS, TAILS, THEMES, VERBS  # noqa: E402

EXPECTATIONS = ROOT / "expectations"
ERA = "2025-2027"
START, END = date(2025, 1, 6), date(2026, 10, 30)  # sessions articles report on (the runs use --as-of 2026-11-21)
AS_OF = "2026-11-21"
COPY_SHARE = 0.20
NO_FRONT_MATTER_SHARE = 0.03
DEFECT_SHARE = 0.05  # at least one article per defect kind whatever the size
PER_FOLDER = 1_000
MODES = ("mixed", "distinct", "one-story")
COUNTRY = {
    "XTKS": "Japan's", "XKRX": "South Korea's", "XNYS": "", "XNAS": "", "XHKG": "Hong Kong's", "XSHG": "China's",
    "XASX": "Australia's", "XSES": "", "XTAI": "Taiwan's", "XBOM": "India's",
}  # fmt: skip
CITY = {
    "XTKS": "TOKYO", "XKRX": "SEOUL", "XNYS": "NEW YORK", "XNAS": "NEW YORK", "XHKG": "HONG KONG",
    "XSHG": "SHANGHAI", "XASX": "SYDNEY", "XSES": "SINGAPORE", "XTAI": "TAIPEI", "XBOM": "MUMBAI",
}  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Instrument:
    name: str
    alias: str
    mic: str
    level: tuple[float, float]


@dataclass
class Market:
    """Per instrument: its sessions, their closes (UTC) and levels, and each year's starting level."""

    instruments: list[Instrument]
    sessions: dict[str, list[date]]
    closes: dict[str, list[datetime]]
    levels: dict[str, list[float]]
    year_start: dict[tuple[str, int], float]

    def peers(self, inst: Instrument) -> list[Instrument]:
        return [i for i in self.instruments if i.mic[:3] == inst.mic[:3] and i.name != inst.name]


@dataclass
class Story:
    """One article as parts (front matter, paragraphs) until it is rendered; `raw` bytes win when set."""

    index: int
    path: str
    inst: Instrument
    day: int  # session number in the market table
    published: datetime
    front_matter: dict[str, Any] | None
    paragraphs: list[str]
    raw: bytes | None = None
    role: str = "clean"  # clean | copy | no-front-matter | defect
    planted: list[str] = field(default_factory=list)  # check ids planted in this article


def load_instruments() -> list[Instrument]:
    """The indices that ranges.yaml bands for 2025-2027, with the lexicon's exchange (mic)."""
    lexicon = yaml.safe_load((EXPECTATIONS / "lexicon.yaml").read_text(encoding="utf-8"))
    ranges = yaml.safe_load((EXPECTATIONS / "ranges.yaml").read_text(encoding="utf-8"))
    bands = next(e["instruments"] for e in ranges["eras"] if e["name"] == ERA)
    out = []
    for entry in lexicon["instruments"]:
        if entry["name"] in bands and entry.get("class") == "index" and entry.get("mic") in COUNTRY:
            out.append(
                Instrument(entry["name"], entry["aliases"][0], entry["mic"], tuple(bands[entry["name"]]["level"]))
            )
    return out


def market(rng: random.Random) -> Market:
    """A random walk per instrument over its exchange's sessions, pulled back toward the middle of its band."""
    import exchange_calendars as xc

    instruments = load_instruments()
    sessions: dict[str, list[date]] = {}
    closes: dict[str, list[datetime]] = {}
    levels: dict[str, list[float]] = {}
    year_start: dict[tuple[str, int], float] = {}
    calendars: dict[str, Any] = {}
    for inst in instruments:
        cal = calendars.setdefault(inst.mic, xc.get_calendar(inst.mic, start=str(START), end=str(END)))
        sessions[inst.name] = [s.date() for s in cal.sessions]
        closes[inst.name] = [c.to_pydatetime() for c in cal.closes]
        lo, hi = inst.level
        mid = math.sqrt(lo * hi)
        level, out = mid * rng.uniform(0.9, 1.1), []
        for day in sessions[inst.name]:
            year_start.setdefault((inst.name, day.year), round(level, 2))
            pull = -0.1 * math.log(level / mid) * 100
            level *= 1 + max(-4.0, min(4.0, rng.gauss(pull * 0.05, 0.9))) / 100
            level = min(max(level, lo * 1.15), hi * 0.85)  # inside the band: a clean level is never out of range
            out.append(round(level, 2))
        levels[inst.name] = out
    return Market(instruments, sessions, closes, levels, year_start)


def move(m: Market, inst: Instrument, day: int) -> tuple[float, float, float]:
    """(level, point change, percent change) of a session, the change from the session before."""
    level = m.levels[inst.name][day]
    prev = m.levels[inst.name][day - 1] if day else m.year_start[(inst.name, m.sessions[inst.name][0].year)]
    return level, round(level - prev, 2), round((level - prev) / prev * 100, 2)


def subject(inst: Instrument, capital: bool = True) -> str:
    country = COUNTRY[inst.mic]
    return f"{country} {inst.alias}" if country else f"{'The' if capital else 'the'} {inst.alias}"


def lead(m: Market, inst: Instrument, day: int, rng: random.Random, weekday: str | None = None) -> str:
    """The lead: the instrument's percent move and close on the session's weekday."""
    level, _, pct = move(m, inst, day)
    weekday = weekday or WEEKDAYS[m.sessions[inst.name][day].weekday()]
    verb = rng.choice(("rose", "gained", "climbed")) if pct >= 0 else rng.choice(("fell", "slipped", "dropped"))
    return f"{subject(inst)} on {weekday} {verb} {abs(pct):.2f}% to {level:,.2f}, {rng.choice(REASONS)}."


def peer_sentence(m: Market, inst: Instrument, day: int) -> str:
    """A second index of the same market: points, percent and close, which agree (figure-inconsistent's input)."""
    level, points, pct = move(m, inst, day)
    verb = "gained" if points >= 0 else "lost"
    return f"The {inst.alias} {verb} {abs(points):,.2f} points, or {abs(pct):.2f}%, and closed at {level:,.2f}."


def ytd_sentence(m: Market, inst: Instrument, day: int, shift: float = 0.0) -> str:
    """The year-to-date change against the market table's year start (shift: a wrong one, for ytd-conflict)."""
    level = m.levels[inst.name][day]
    ytd = (level / m.year_start[(inst.name, m.sessions[inst.name][day].year)] - 1) * 100 + shift
    return f"That leaves the {inst.alias} {'up' if ytd >= 0 else 'down'} {abs(ytd):.2f}% so far this year."


def fact_sentence(day: date, rng: random.Random) -> str:
    """A current fact of facts.yaml true on `day` (an era clue the staleness checks read)."""
    if rng.random() < 0.5:
        return f"BOJ Governor Kazuo Ueda said the bank would {rng.choice(('move gradually', 'watch wages closely'))}."
    if day >= date(2025, 10, 24):
        return "Prime Minister Sanae Takaichi pledged to keep supporting growth."
    if day <= date(2025, 10, 17):
        return "Prime Minister Shigeru Ishiba pledged to keep supporting growth."
    return "Policymakers pledged to keep supporting growth."


def filler(rng: random.Random, n: int) -> list[str]:
    """n sentences of market colour: no number, no instrument, no weekday, no fact."""
    return [f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(REASONS)}, {rng.choice(TAILS)}." for _ in range(n)]


def new_story(m: Market, index: int, rng: random.Random) -> Story:
    """A clean market report: lead, maybe a peer index, colour, maybe a year-to-date line and a fact."""
    inst = rng.choice(m.instruments)
    day = rng.randrange(1, len(m.sessions[inst.name]))
    session = m.sessions[inst.name][day]
    published = m.closes[inst.name][day] + timedelta(minutes=rng.randrange(35, 95))
    paragraphs = [lead(m, inst, day, rng)]
    peers = m.peers(inst)
    colour = filler(rng, rng.randrange(8, 14))
    if peers and rng.random() < 0.6:
        colour.insert(1, peer_sentence(m, rng.choice(peers), day))
    elif rng.random() < 0.5:
        colour.insert(2, ytd_sentence(m, inst, day))
    if rng.random() < 0.4:
        colour.insert(rng.randrange(len(colour)), fact_sentence(session, rng))
    paragraphs += [" ".join(colour[i : i + 3]) for i in range(0, len(colour), 3)]
    outlet, domain = rng.choice(OUTLETS)
    theme = rng.choice(THEMES)
    title = f"{COUNTRY[inst.mic][:-2] or ('Singapore' if inst.mic == 'XSES' else 'Wall Street')} stocks: {theme}"
    front = {
        "title": title[0].upper() + title[1:],
        "source": outlet,
        "url": f"https://www.{domain}/{published:%Y/%m/%d}/{theme.replace(' ', '-')}-{index}.html",
        "published": published.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "category": rng.choice(("markets", "finance", "business")),
        "summary": f"{subject(inst)} moved {rng.choice(REASONS)}.",
    }
    return Story(index, path_of(index), inst, day, published, front, paragraphs)


def copy_of(original: Story, index: int, rng: random.Random) -> Story:
    """A syndicated copy: another outlet, a dateline, a later time, a retitled head and a few words swapped."""
    outlet, domain = rng.choice(OUTLETS)
    published = original.published + timedelta(minutes=rng.randrange(20, 300))
    words = " ".join(original.paragraphs[1:]).split(" ")
    for _ in range(3):
        k = rng.randrange(len(words))
        words[k] = SWAPS.get(words[k], words[k])
    body = [f"{CITY[original.inst.mic]} ({outlet}) - {original.paragraphs[0]}", " ".join(words)]
    if rng.random() < 0.5:
        body.append(f"Reporting by {rng.choice(('staff', 'the markets desk'))}; editing by {outlet}.")
    front = None
    if original.front_matter is not None:
        front = dict(original.front_matter, source=outlet, published=published.strftime("%Y-%m-%dT%H:%M:%SZ"))
        front["title"] = rng.choice(("UPDATE 1-", "UPDATE 2-", "", "WRAPUP ")) + front["title"]
        front["url"] = f"https://www.{domain}/{published:%Y/%m/%d}/copy-{index}.html"
    return Story(
        index,
        path_of(index),
        original.inst,
        original.day,
        published,
        front,
        body,
        role="copy",
        planted=["near-duplicate"],
    )


def without_front_matter(story: Story) -> Story:
    """An undated article as scrapers leave them: the title as the first line, an era clue in the text."""
    title = story.front_matter["title"] if story.front_matter else "Markets"
    clue = "Prime Minister Sanae Takaichi's government promised more support for households."
    story.paragraphs = [title, *story.paragraphs, clue]
    story.front_matter, story.role = None, "no-front-matter"
    story.planted += ["missing-front-matter", "era-inferred"]
    return story


def path_of(index: int) -> str:
    return f"{index // PER_FOLDER:03d}/{index:06d}.md"


def render(story: Story) -> bytes:
    """The article file: YAML front matter (JSON-quoted values, as the seeds write them) and the paragraphs."""
    if story.raw is not None:
        return story.raw
    body = "\n\n".join(story.paragraphs) + "\n"
    if story.front_matter is None:
        return body.encode()
    head = "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in story.front_matter.items())
    return f"---\n{head}---\n{body}".encode()


def corpus(n: int, seed: int = 21, mode: str = "mixed") -> tuple[Market, list[Story]]:
    """n stories, deterministic in (n, seed, mode): originals and copies first, then the plants on the others."""
    if mode not in MODES:
        raise ValueError(f"mode {mode!r}: expected one of {', '.join(MODES)}")
    rng = random.Random(seed)
    m = market(random.Random(seed + 1))
    if mode == "one-story":
        first = new_story(m, 0, rng)
        return m, [first, *(copy_of(first, i, rng) for i in range(1, n))]
    stories: list[Story] = []
    originals: list[int] = []
    copied: set[int] = set()
    for i in range(n):
        if mode == "mixed" and originals and rng.random() < COPY_SHARE:
            j = rng.choice(originals)
            copied.add(j)
            stories.append(copy_of(stories[j], i, rng))
        else:
            stories.append(new_story(m, i, rng))
            originals.append(i)
    if mode == "mixed":
        plant(m, stories, [i for i in originals if i not in copied], rng)
    return m, stories


def plant(m: Market, stories: list[Story], free: list[int], rng: random.Random) -> None:
    """Among the originals nobody copied: articles without front matter, then each defect kind in turn.

    A defect that needs a second article (a conflict with an earlier report) takes a clean partner from the rest.
    """
    free = free[:]
    rng.shuffle(free)
    kinds = synth_defects.KINDS
    n_defects = max(len(kinds), round(len(stories) * DEFECT_SHARE))
    n_bare = max(1, round(len(stories) * NO_FRONT_MATTER_SHARE))
    if len(free) < n_defects + n_bare + 1:
        raise ValueError(f"{len(stories)} articles are too few to plant {len(kinds)} defect kinds: use more")
    chosen, bare, partners = free[:n_defects], free[n_defects : n_defects + n_bare], free[n_defects + n_bare :]
    for i in bare:
        without_front_matter(stories[i])
    for k, i in enumerate(chosen):
        stories[i].role = "defect"
        synth_defects.apply(kinds[k % len(kinds)], stories[i], stories[partners[k % len(partners)]], m, rng)


def manifest_path(dest: Path) -> Path:
    return dest.parent / f"{dest.name}.manifest.json"


def write(stories: list[Story], dest: Path, *, seed: int, mode: str, jsonl: Path | None = None) -> dict[str, Any]:
    """The files under dest (which must be empty or new), the manifest beside it; returns the manifest."""
    if dest.exists() and any(dest.iterdir()):
        raise SystemExit(f"{dest}: not empty (the generator writes only into a new or empty folder)")
    planted: dict[str, list[str]] = {}
    size = 0
    for s in stories:
        path = dest / s.path
        path.parent.mkdir(parents=True, exist_ok=True)
        data = render(s)
        path.write_bytes(data)
        size += len(data)
        for check in s.planted:
            planted.setdefault(check, []).append(s.path)
    roles: dict[str, int] = {}
    for s in stories:
        roles[s.role] = roles.get(s.role, 0) + 1
    manifest = {
        "seed": seed,
        "mode": mode,
        "articles": len(stories),
        "bytes": size,
        "as_of": AS_OF,
        "roles": dict(sorted(roles.items())),
        "planted": dict(sorted(planted.items())),
    }
    manifest_path(dest).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    if jsonl is not None:
        write_jsonl(stories, jsonl)
    return manifest


def write_jsonl(stories: list[Story], path: Path) -> int:
    """The stories with a front-matter mapping as JSONL records (body = the text); returns how many."""
    n = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for s in stories:
            if s.raw is None and isinstance(s.front_matter, dict):
                out.write(json.dumps({**s.front_matter, "body": "\n\n".join(s.paragraphs)}, ensure_ascii=False) + "\n")
                n += 1
    return n


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("dest", type=Path, help="a new or empty folder")
    p.add_argument("--articles", "-n", type=int, default=10_000)
    p.add_argument("--seed", type=int, default=21)
    p.add_argument("--mode", choices=MODES, default="mixed")
    p.add_argument("--jsonl", type=Path, help="also write the articles as JSONL records to this file")
    args = p.parse_args(argv)
    _, stories = corpus(args.articles, args.seed, args.mode)
    manifest = write(stories, args.dest, seed=args.seed, mode=args.mode, jsonl=args.jsonl)
    print(
        f"{manifest['articles']:,} articles ({manifest['bytes'] / 1e6:.1f} MB) in {args.dest};"
        f" roles {manifest['roles']};"
        f" {sum(map(len, manifest['planted'].values()))} planted findings over {len(manifest['planted'])} checks;"
        f" manifest {manifest_path(args.dest)}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
