"""The defects bench/synth.py plants: one function per check id, each turning a clean story into a bad one.

Each writes what tests/data/checks/<check>/bad shows for that check, in the story's own words and numbers, and
records the check id in story.planted. A few need a second, clean article (`partner`): a conflict is between two
reports. The near-duplicates are the generator's syndicated copies, and missing-front-matter/era-inferred its
articles without front matter; they are not here.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from synth import Market, Story

Plant = Callable[["Story", "Story", "Market", random.Random], None]
PLANTS: dict[str, Plant] = {}
ISO = "%Y-%m-%dT%H:%M:%SZ"


def plant(check: str) -> Callable[[Plant], Plant]:
    def register(fn: Plant) -> Plant:
        PLANTS[check] = fn
        return fn

    return register


def apply(check: str, story: Story, partner: Story, m: Market, rng: random.Random) -> None:
    """Plant `check` in story (the partner is a clean article some conflicts need)."""
    PLANTS[check](story, partner, m, rng)
    story.planted.append(check)


def _body(story: Story) -> str:
    return "\n\n".join(story.paragraphs) + "\n"


def _head(story: Story, head: str, fence: str = "---") -> None:
    """The story as a file with this front-matter text (what the defect is) before its body."""
    story.raw = f"{fence}\n{head}{fence}\n{_body(story)}".encode()


def _yaml(front: dict[str, object]) -> str:
    return "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in front.items())


def _redate(story: Story, when: object) -> None:
    """Move the story's published time (and its URL's date) to `when`."""
    from synth import path_of

    assert story.front_matter is not None
    story.published = when  # type: ignore[assignment]
    story.front_matter["published"] = story.published.strftime(ISO)
    story.front_matter["url"] = f"https://www.example.com/{story.published:%Y/%m/%d}/{path_of(story.index)}"


def _join(story: Story, partner: Story, m: Market, minutes: int = 40) -> None:
    """Make the story a report of the partner's instrument and session, published a little after it."""
    story.inst, story.day = partner.inst, partner.day
    _redate(story, partner.published + timedelta(minutes=minutes))


# parse: the front matter does not read
@plant("yaml-syntax")
def _yaml_syntax(s: Story, p: Story, m: Market, rng: random.Random) -> None:
    assert s.front_matter
    _head(s, _yaml(s.front_matter).replace('title: "', 'title: "[', 1).replace('"\n', "\n", 1))


@plant("duplicate-key")
def _duplicate_key(s: Story, p: Story, m: Market, rng: random.Random) -> None:
    assert s.front_matter
    _head(s, _yaml(s.front_matter) + f"title: {json.dumps(s.front_matter['title'] + ' (updated)')}\n")


@plant("front-matter-type")
def _front_matter_type(s: Story, p: Story, m: Market, rng: random.Random) -> None:
    assert s.front_matter
    s.front_matter["published"] = 12345


@plant("published-no-timezone")
def _no_timezone(s: Story, p: Story, m: Market, rng: random.Random) -> None:
    assert s.front_matter
    naive = f"published: {s.published:%Y-%m-%d %H:%M:%S}\n"
    _head(s, _yaml({k: v for k, v in s.front_matter.items() if k != "published"}) + naive)


@plant("unterminated-front-matter")
def _unterminated(s: Story, p: Story, m: Market, rng: random.Random) -> None:
    assert s.front_matter
    s.raw = f"---\n{_yaml(s.front_matter)}\n{_body(s)}".encode()


@plant("front-matter-not-mapping")
def _not_mapping(s: Story, p: Story, m: Market, rng: random.Random) -> None:
    _head(s, "- title\n- source\n")


@plant("toml-syntax")
def _toml_syntax(s: Story, p: Story, m: Market, rng: random.Random) -> None:
    assert s.front_matter
    _head(s, f'title = "{s.front_matter["title"]}\nsource = "{s.front_matter["source"]}"\n', fence="+++")


@plant("yaml-unsafe-tag")
def _unsafe_tag(s: Story, p: Story, m: Market, rng: random.Random) -> None:
    assert s.front_matter
    rest = _yaml({k: v for k, v in s.front_matter.items() if k != "title"})
    _head(s, 'title: !!python/object/apply:builtins.print ["unsafe"]\n' + rest)


@plant("yaml-alias-bomb")
def _alias_bomb(s: Story, p: Story, m: Market, rng: random.Random) -> None:
    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    rows += [f"{b}: &{b} [{','.join(['*' + a] * 9)}]" for a, b in zip("abcdef", "bcdefg", strict=True)]
    _head(s, "\n".join(rows) + "\ntitle: boom\n")


@plant("empty-file")
def _empty_file(s: Story, p: Story, m: Market, rng: random.Random) -> None:
    s.raw = b""


@plant("binary-file")
def _binary_file(s: Story, p: Story, m: Market, rng: random.Random) -> None:
    s.raw = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(512))


# encoding
@plant("non-utf8-encoding")
def _cp1252(s: Story, p: Story, m: Market, rng: random.Random) -> None:
    s.paragraphs.insert(1, "Exporters’ shares rallied as the yen’s slide deepened.")
    s.raw = (f"---\n{_yaml(s.front_matter or {})}---\n{_body(s)}").encode("cp1252")


@plant("undecodable-bytes")
def _undecodable(s: Story, p: Story, m: Market, rng: random.Random) -> None:
    s.raw = b"\xef\xbb\xbf---\n" + _yaml(s.front_matter or {}).encode() + b"---\nThe market rose 1\xff% early.\n"


@plant("mojibake")
def _mojibake(s: Story, p: Story, m: Market, rng: random.Random) -> None:
    s.paragraphs.insert(1, "Japanâ€™s exporters rallied as the yenâ€™s slide deepened.")


# completeness
@plant("missing-required-key")
def _missing_key(s: Story, p: Story, m: Market, rng: random.Random) -> None:
    assert s.front_matter
    del s.front_matter["summary"], s.front_matter["source"]


@plant("placeholder-value")
def _placeholder(s: Story, p: Story, m: Market, rng: random.Random) -> None:
    assert s.front_matter
    s.front_matter[rng.choice(("source", "category", "summary"))] = rng.choice(("Unknown", "N/A", ""))


@plant("empty-body")
def _empty_body(s: Story, p: Story, m: Market, rng: random.Random) -> None:
    s.paragraphs = []


@plant("short-body")
def _short_body(s: Story, p: Story, m: Market, rng: random.Random) -> None:
    s.paragraphs = ["Stocks moved sharply. Read more in our app."]


# date
@plant("published-not-iso")
def _not_iso(s: Story, p: Story, m: Market, rng: random.Random) -> None:
    assert s.front_matter
    s.front_matter["published"] = "last Thursday afternoon"


@plant("published-shape")
def _rfc822(s: Story, p: Story, m: Market, rng: random.Random) -> None:
    from email.utils import format_datetime

    assert s.front_matter
    s.front_matter["published"] = format_datetime(s.published)  # the right time, in RFC 822 as feeds write it


@plant("published-in-future")
def _future(s: Story, p: Story, m: Market, rng: random.Random) -> None:
    _redate(s, s.published + timedelta(weeks=60))  # same weekday, after the runs' --as-of


@plant("published-too-early")
def _too_early(s: Story, p: Story, m: Market, rng: random.Random) -> None:
    assert s.front_matter
    s.front_matter["published"] = "1970-01-01T00:00:00Z"


@plant("date-url-mismatch")
def _url_mismatch(s: Story, p: Story, m: Market, rng: random.Random) -> None:
    assert s.front_matter
    s.front_matter["url"] = f"https://www.example.com/{s.published - timedelta(days=3):%Y/%m/%d}/story-{s.index}.html"


@plant("weekday-mismatch")
def _weekday(s: Story, p: Story, m: Market, rng: random.Random) -> None:
    from synth import WEEKDAYS, lead

    wrong = WEEKDAYS[(m.sessions[s.inst.name][s.day].weekday() + 3) % 5]
    s.paragraphs[0] = lead(m, s.inst, s.day, rng, weekday=wrong)


@plant("exchange-closed")
def _closed(s: Story, p: Story, m: Market, rng: random.Random) -> None:
    from synth import WEEKDAYS, subject

    sessions = m.sessions[s.inst.name]
    opened = set(sessions)
    holidays = [sessions[i] + timedelta(days=1) for i in range(len(sessions) - 1)]
    holidays = [d for d in holidays if d.weekday() < 5 and d not in opened]
    day = rng.choice(holidays)
    close = m.closes[s.inst.name][0]
    _redate(s, close.replace(year=day.year, month=day.month, day=day.day) + timedelta(minutes=50))
    level = m.levels[s.inst.name][sessions.index(day - timedelta(days=1))]
    s.paragraphs[0] = f"{subject(s.inst)} closed at {level:,.2f} on {WEEKDAYS[day.weekday()]}."


# staleness
@plant("stale-claim")
def _stale(s: Story, p: Story, m: Market, rng: random.Random) -> None:
    s.paragraphs.insert(1, "BOJ Governor Haruhiko Kuroda said the bank would stay patient.")


# consistency
@plant("figure-inconsistent")
def _inconsistent(s: Story, p: Story, m: Market, rng: random.Random) -> None:
    from synth import move

    level, points, pct = move(m, s.inst, s.day)
    sign = ("lost", "rose") if points >= 0 else ("gained", "fell")
    s.paragraphs.insert(1, f"The {s.inst.alias} {sign[0]} {abs(points):,.2f} points, or {sign[1]} {abs(pct):.2f}%, and "
                        f"closed at {level:,.2f}.")  # fmt: skip


@plant("figure-conflict")
def _conflict(s: Story, p: Story, m: Market, rng: random.Random) -> None:
    from synth import WEEKDAYS, subject

    _join(s, p, m)
    wrong = m.levels[s.inst.name][s.day] * 0.92
    weekday = WEEKDAYS[m.sessions[s.inst.name][s.day].weekday()]
    s.paragraphs[0] = f"{subject(s.inst)} closed at {wrong:,.2f} on {weekday}."


@plant("ytd-conflict")
def _ytd(s: Story, p: Story, m: Market, rng: random.Random) -> None:
    from synth import lead, ytd_sentence

    _join(s, p, m)
    s.paragraphs[0] = lead(m, s.inst, s.day, rng)
    if ytd_sentence(m, p.inst, p.day) not in " ".join(p.paragraphs):
        p.paragraphs.append(ytd_sentence(m, p.inst, p.day))
    s.paragraphs.insert(1, ytd_sentence(m, s.inst, s.day, shift=12.0))


@plant("record-conflict")
def _record(s: Story, p: Story, m: Market, rng: random.Random) -> None:
    from synth import WEEKDAYS, subject

    later = min(p.day + rng.randrange(1, 15), len(m.sessions[p.inst.name]) - 1)
    _join(s, p, m)
    s.day = later
    _redate(s, m.closes[s.inst.name][later] + timedelta(minutes=50))
    claim = m.levels[p.inst.name][p.day] * 0.97
    weekday = WEEKDAYS[m.sessions[s.inst.name][later].weekday()]
    s.paragraphs[0] = f"{subject(s.inst)} jumped as much as 1.50% on {weekday} to a record high of {claim:,.2f} points."


# boilerplate
@plant("boilerplate-residue")
def _residue(s: Story, p: Story, m: Market, rng: random.Random) -> None:
    s.paragraphs.insert(1, "George Pachantouris | Moment | Getty Images")
    s.paragraphs.append("Click here to subscribe to our daily markets newsletter.")


# range
@plant("level-out-of-range")
def _level(s: Story, p: Story, m: Market, rng: random.Random) -> None:
    s.paragraphs[0] = s.paragraphs[0].replace(f"{m.levels[s.inst.name][s.day]:,.2f}",
                                              f"{m.levels[s.inst.name][s.day] * 10:,.2f}")  # fmt: skip


@plant("move-out-of-range")
def _move(s: Story, p: Story, m: Market, rng: random.Random) -> None:
    from synth import move, subject

    level, _, pct = move(m, s.inst, s.day)
    verb = "rose" if pct >= 0 else "fell"
    s.paragraphs[0] = f"{subject(s.inst)} {verb} 21.20% to {level:,.2f}, its biggest move in decades."


@plant("range-no-era")
def _no_era(s: Story, p: Story, m: Market, rng: random.Random) -> None:
    _redate(s, s.published - timedelta(weeks=364))  # seven years earlier, same weekday: no era covers it


# schema
@plant("schema-violation")
def _schema(s: Story, p: Story, m: Market, rng: random.Random) -> None:
    from synth import WEEKDAYS

    weekday = WEEKDAYS[m.sessions[s.inst.name][s.day].weekday()]
    s.paragraphs[0] = f"Japan's Nikkei 225 on {weekday} rose {'5' * 400} points, extending its rally."


KINDS = tuple(PLANTS)
