"""The lexicon (expectations/lexicon.yaml) read and compiled: instruments, phrasings, cues and their regexes."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, NamedTuple

import yaml

from validators.context import EXPECTATIONS_DIR
from validators.figures.kinds import ANCHOR_KINDS, FORMS, KINDS
from validators.figures.numbers import _word_number_res
from validators.figures.patterns import Before, _hints, _norm, _rx, _scanning, _trie_regex
from validators.reading import UsageError, read_reference, reference_entries, reference_value

LEXICON_PATH: Final = EXPECTATIONS_DIR / "lexicon.yaml"
NO_FIGURE: Final = "!"  # qualifier_before's label for a phrase that makes its number no figure ("margin of")


@dataclass(frozen=True)
class Instrument:
    """One lexicon entry: what a figure is about and how its numbers read."""

    name: str
    cls: str
    tz: str | None
    mic: str | None
    anchored: bool
    signed: bool  # every kind takes its sign from a direction word, as moves do ("payrolls fell by 54,000")
    directed: bool  # a percentage is a move only with a word of which way ("grew 2%"; not "2% of debt")
    forms: dict[str, str]
    units: dict[str, str]
    kinds: frozenset[str]
    variants: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Lexicon:
    """The compiled lexicon: instruments, phrasings and cues, regexes built once."""

    instruments: tuple[Instrument, ...]
    mention_re: re.Pattern[str]  # on lowercased text: a non-word character, then a mention (group "m")
    mentions: dict[str, Instrument | str]  # normalized alias -> instrument (OTHER_INDEX too), "anaphora" or "not"
    cased: dict[str, str]  # normalized alias -> the only way it is written when it names an instrument
    number_words: dict[str, float]  # lowercased word -> its value ("three" -> 3)
    word_number_res: tuple[re.Pattern[str], re.Pattern[str]] | None  # see _word_number_res
    phrasings: tuple[Phrasing, ...]
    phrasings_by_form: dict[str, Phrasings]  # a number's form -> the phrasings whose owner reads that form
    country_re: re.Pattern[str]
    country_caps_re: re.Pattern[str]  # the same names in capitals, for a line written in capitals
    countries: dict[str, str]
    cues: dict[str, tuple[re.Pattern[str], re.Pattern[str] | None]]  # cue -> (regex before the number, after it)
    direction_re: re.Pattern[str]  # on lowercased text, like the two below
    direction_end: Before
    direction_after_re: re.Pattern[str]
    down_words: frozenset[str]
    qualifiers: tuple[str, ...]  # names, in output order
    qualifier_before: Before  # labels are qualifier names, "" for phrases that qualify nothing
    qualifier_after: tuple[tuple[str, re.Pattern[str]], ...]
    threshold_before: Before
    threshold_after: re.Pattern[str]
    continuation: re.Pattern[str]
    variant_continuation: re.Pattern[str]
    other_subject: re.Pattern[str]  # the lexicon's regex
    other_subjects: tuple[re.Pattern[str], re.Pattern[str]]  # its phrases: on lowercased text, and case-blind
    clause_after_mention: re.Pattern[str]
    subject_after: re.Pattern[str]
    intraday_level_before: re.Pattern[str]
    ytd: re.Pattern[str]
    ytd_in_year: str  # regex source; {year} is the published year
    ytd_versus: re.Pattern[str]
    period: re.Pattern[str]
    period_hints: tuple[str, ...] | None  # one of these is in any text `period` matches in
    period_ahead: re.Pattern[str]  # a stretch that speaks of the figures after it only ("a two-day drop")
    period_ahead_hints: tuple[str, ...] | None
    aside: re.Pattern[str]  # a clause set off inside a sentence
    not_period: re.Pattern[str]  # a `period` match inside one of these names no stretch ("worst day since 2015")
    not_period_hints: tuple[str, ...] | None
    not_before: Before
    not_after: re.Pattern[str]
    not_after_pct: re.Pattern[str]
    anchors: tuple[tuple[str, re.Pattern[str], tuple[str, ...], bool], ...]  # kind, regex, hints, clause-scoped
    clause_break: re.Pattern[str]  # where a clause-scoped anchor's clause ends
    no_carry_after: re.Pattern[str]  # an anchor after this in its sentence dates only its clause
    no_carry_after_hints: tuple[str, ...] | None
    overnight_basis: str
    overnight_mic: str
    overnight_tz: str
    approx_re: re.Pattern[str]  # a qualifier that rounds or bounds its number ("nearly", "over"): not exact


Phrasing = tuple[re.Pattern[str] | None, re.Pattern[str], Instrument]  # before, after, owner

# Every index of the lexicon's other_indices: named like an instrument, so the nearest name before a number
# (or "the index") can be one, but its numbers are no figures. It reads any form and is never a metric
# that follows its number (anchored).
OTHER_INDEX: Final = Instrument(
    name="",
    cls="other",
    tz=None,
    mic=None,
    anchored=True,
    signed=False,
    directed=False,
    forms=dict.fromkeys(FORMS, "level"),
    units={},
    kinds=frozenset(),
    variants=(),
)
INDEX_CLASSES: Final = ("index", OTHER_INDEX.cls)  # what "the index" may refer to


class Phrasings(NamedTuple):
    """The phrasings one form of number may have, in lexicon order, and a cheap first test for all of them."""

    entries: tuple[Phrasing, ...]
    any_after: re.Pattern[str] | None  # matches where any entry's `after` does; None: test each entry


def _cues(
    either: dict[str, str], before_only: dict[str, str]
) -> dict[str, tuple[re.Pattern[str], re.Pattern[str] | None]]:
    """Each cue as one regex for the text before a number (the lexicon's `cues` and `cues_before` merged, so
    that window is searched once) and one for the text after it (`cues` only), or None."""
    out = {}
    for name in either.keys() | before_only.keys():
        before = "|".join(f"(?:{src})" for src in (either.get(name), before_only.get(name)) if src)
        out[name] = (_scanning(_rx(before)), _scanning(_rx(either[name])) if either.get(name) else None)
    return out


def _phrasings_for(form: str, phrasings: list[Phrasing]) -> Phrasings:
    """The phrasings for one form, with their `after` regexes merged: most numbers fail all of them at once."""
    entries = tuple(ph for ph in phrasings if form in ph[2].forms)
    any_after = None
    # Capturing groups could be backreferenced, and would renumber when merged: those are tested one by one.
    if len(entries) > 1 and all(after.groups == 0 for _, after, _ in entries):
        try:
            any_after = _rx("|".join(f"(?:{after.pattern})" for _, after, _ in entries))
        except re.error:  # e.g. a global inline flag, allowed only at the start of a regex
            any_after = None
    return Phrasings(entries, any_after)


def _read_lexicon(path: Path) -> dict[str, Any]:
    """The lexicon YAML. Every item of its lists is text: one YAML reads otherwise (an unquoted off, no or
    1.5 is a boolean or a number) is reported with its line, not left to fail later as a type error."""

    def all_text(root: yaml.Node) -> None:
        nodes = [root]
        while nodes:
            node = nodes.pop()
            if isinstance(node, yaml.SequenceNode):
                for item in node.value:
                    if isinstance(item, yaml.ScalarNode) and item.tag != "tag:yaml.org,2002:str":
                        kind = item.tag.rsplit(":", 1)[-1]
                        raise UsageError(
                            f"{path}:{item.start_mark.line + 1}: {item.value!r} reads as {kind} in YAML, not as "
                            "text: quote it"
                        )
                nodes += node.value
            elif isinstance(node, yaml.MappingNode):
                nodes += [value for _, value in node.value]

    data = read_reference(path, all_text)
    if not isinstance(data, dict):
        raise UsageError(f"{path}:1: a lexicon is a mapping of keys to values, got {type(data).__name__}")
    return data


@functools.lru_cache(maxsize=8)
def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """Load and compile a lexicon YAML (default `expectations/lexicon.yaml`), once per path. A malformed one is a
    UsageError naming the file, the line and the key at fault."""
    path = Path(path or LEXICON_PATH)
    return reference_value(path, (), functools.partial(_compile_lexicon, path, _read_lexicon(path)))


def _instrument(
    classes: dict[str, dict[str, Any]], entry: dict[str, Any]
) -> tuple[Instrument, list[str], list[Phrasing]]:
    """One instrument of the lexicon, its aliases and its phrasings."""
    spec = {**classes.get(entry.get("class", ""), {}), **entry}
    inst = Instrument(
        name=spec["name"],
        cls=spec.get("class", ""),
        tz=spec.get("tz"),
        mic=spec.get("mic"),
        anchored=bool(spec.get("anchored", False)),
        signed=bool(spec.get("signed", False)),
        directed=bool(spec.get("directed", False)),
        forms=dict(spec.get("forms") or {}),
        units=dict(spec.get("units") or {}),
        kinds=frozenset(spec.get("kinds") or KINDS),
        variants=tuple((v["cue"], v["name"]) for v in spec.get("variants") or ()),
    )
    unknown = inst.kinds - set(KINDS) or set(inst.forms.values()) - set(KINDS)
    if unknown:
        raise ValueError(f"{inst.name}: unknown kinds {sorted(unknown)}")
    phrasings = [
        (_scanning(_rx(f"(?:{ph['before']})$")) if ph.get("before") else None, _rx(ph["after"]), inst)
        for ph in spec.get("phrasings") or ()
    ]
    return inst, list(spec.get("aliases") or ()), phrasings


def _anchor_kind(kind: str) -> str:
    if kind not in ANCHOR_KINDS:
        raise ValueError(f"unknown basis {kind!r}, not one of {', '.join(ANCHOR_KINDS)}")
    return kind


class _Source:
    """The lexicon's YAML, read: where its regexes come from."""

    def __init__(self, path: Path, data: dict[str, Any]) -> None:
        self.path = path
        self.data = data

    def rx(self, *keys: str | int, required: bool = False, scan: bool = False) -> re.Pattern[str]:
        """The regex at `keys` (an optional one left out never matches); a bad or missing one is a UsageError."""

        def get() -> re.Pattern[str]:
            value: Any = self.data
            for key in keys:
                value = value[key] if required else (value or {}).get(key)
            compiled = _rx(str(value or "(?!)"))
            return _scanning(compiled) if scan else compiled

        return reference_value(self.path, keys, get)


def _compile_lexicon(path: Path, data: dict[str, Any]) -> Lexicon:
    src = _Source(path, data)
    subjects = _subject_fields(src)
    for section in ("cues", "cues_before"):
        for name in data.get(section) or {}:
            src.rx(section, name)  # checked one by one, so that a bad one is named; merged by _cues
    return Lexicon(**subjects, **_reading_fields(src), **_dating_fields(src), approx_re=_approx_re(data))


def _subject_fields(src: _Source) -> dict[str, Any]:
    """What a figure may be about: instruments and their mentions, phrasings, countries, other subjects."""
    path, data = src.path, src.data
    classes: dict[str, dict[str, Any]] = data.get("classes") or {}
    instruments: list[Instrument] = []
    mentions: dict[str, Instrument | str] = {}
    phrasings: list[Phrasing] = []
    for inst, aliases, own in reference_entries(path, data, "instruments", functools.partial(_instrument, classes)):
        instruments.append(inst)
        for alias in aliases:
            mentions.setdefault(_norm(alias), inst)
        phrasings += own
    for phrase in data.get("anaphora") or ():
        mentions.setdefault(_norm(phrase), "anaphora")
    for phrase in data.get("not_mentions") or ():
        mentions[_norm(phrase)] = "not"
    for phrase in data.get("other_indices") or ():
        mentions.setdefault(_norm(phrase), OTHER_INDEX)  # an instrument added to the lexicon is followed after all
    country_table: dict[str, list[str]] = data.get("countries") or {}
    return {
        "instruments": tuple(instruments),
        "mention_re": _mention_re(mentions, data.get("compared_before") or ()),
        "mentions": mentions,
        "cased": {_norm(a): a for a in data.get("cased_aliases") or ()},
        "phrasings": tuple(phrasings),
        "phrasings_by_form": {form: _phrasings_for(form, phrasings) for form in FORMS},
        # Case matters for countries: "US" is one, "us" is not.
        "country_re": re.compile(_trie_regex(a for aliases in country_table.values() for a in aliases)),
        "country_caps_re": re.compile(_trie_regex(a.upper() for aliases in country_table.values() for a in aliases)),
        "countries": {_norm(a): name for name, aliases in country_table.items() for a in aliases},
        "other_subject": src.rx("other_subject", required=True, scan=True),
        # The plain phrases as one trie (a list of alternatives would be tried one by one at every word),
        # matched on the lowercased line: a case-blind regex compares every character lowercased, twice as slow.
        "other_subjects": (
            _scanning(re.compile(rf"\b{_trie_regex(p.lower() for p in data.get('other_subjects') or ())}")),
            _rx(rf"\b{_trie_regex(data.get('other_subjects') or ())}"),
        ),
        "subject_after": src.rx("subject_after", required=True),
        "clause_after_mention": src.rx("clause_after_mention"),
    }


def _mention_re(mentions: dict[str, Instrument | str], compared: Any) -> re.Pattern[str]:
    """One regex for every mention, on lowercased text: a non-word character, then a mention (group "m")."""
    # The lookbehind skips matches that begin inside a word ("window" holds "dow") in the regex engine.
    # Led by the character before the mention, from a plain ASCII class (not a \w lookbehind): the regex
    # engine then scans for it in a fast loop. That character is checked for a non-ASCII letter in code.
    # A word that makes the instrument what something else is measured against may come first: the
    # mention (group "m") then starts later than right after the leading character.
    return re.compile(
        r"[^a-z0-9_]"
        + rf"(?:{_trie_regex(_norm(w) for w in compared) if compared else '(?!)'}\s+(?:the\s+)?)?"
        + r"(?P<m>"
        + _trie_regex(mentions, html=True)
        + ")"
    )


def _reading_fields(src: _Source) -> dict[str, Any]:
    """How a number reads: number words, cues, directions, qualifiers, thresholds, what is no figure."""
    data = src.data
    number_words = {str(w).lower(): float(v) for w, v in (data.get("number_words") or {}).items()}
    down = [_norm(w) for w in data["directions"]["down"]]
    up = [_norm(w) for w in data["directions"]["up"]]
    after_down = [_norm(w) for w in data["directions_after"]["down"]]
    after_up = [_norm(w) for w in data["directions_after"]["up"]]
    qualifiers = data["qualifiers"]
    return {
        "number_words": number_words,
        "word_number_res": _word_number_res(number_words) if number_words else None,
        # Regexes searched for (not matched at a point) are led by a lookahead for their first characters.
        "cues": _cues(data.get("cues") or {}, data.get("cues_before") or {}),
        "direction_re": re.compile(r"(?<!\w)" + _trie_regex(down + up)),
        "direction_end": Before({w: "down" for w in down} | {w: "up" for w in up}, by=True),
        "direction_after_re": re.compile(r"\s*(?:[a-z]+\s+)?" + _trie_regex(after_down + after_up)),
        "down_words": frozenset(down + after_down),
        "qualifiers": tuple(q["name"] for q in qualifiers),
        "qualifier_before": Before(
            {p: q["name"] for q in qualifiers for p in q.get("before") or ()}
            | {p: "" for p in data.get("not_qualifiers") or ()}
            | {p: NO_FIGURE for p in data["not_figure"].get("before_pct") or ()}
        ),
        "qualifier_after": tuple(
            (q["name"], src.rx("qualifiers", i, "after", required=True))
            for i, q in enumerate(qualifiers)
            if q.get("after")
        ),
        "threshold_before": Before({p: "threshold" for p in data["threshold_before"]}),
        "threshold_after": src.rx("threshold_after", required=True),
        "continuation": src.rx("continuation", required=True),
        "variant_continuation": src.rx("variant_continuation"),
        "intraday_level_before": src.rx("intraday_level_before", required=True, scan=True),
        "not_before": Before({p: "not" for p in data["not_figure"]["before"]}),
        "not_after": src.rx("not_figure", "after", required=True),
        "not_after_pct": src.rx("not_figure", "after_pct"),
    }


def _dating_fields(src: _Source) -> dict[str, Any]:
    """What dates a figure: the year to date, stretches of time, anchors, the overnight session."""
    path, data = src.path, src.data
    period, period_ahead = src.rx("period", required=True, scan=True), src.rx("period_ahead", scan=True)
    not_period, no_carry_after = src.rx("not_period", scan=True), src.rx("no_carry_after")
    return {
        "ytd": src.rx("ytd", required=True, scan=True),
        "ytd_in_year": src.rx("ytd_in_year").pattern,  # checked here: "{year}" is plain text to the regex parser
        "ytd_versus": src.rx("ytd_versus", scan=True),
        "period": period,
        "period_hints": _hints(period),
        "period_ahead": period_ahead,
        "period_ahead_hints": _hints(period_ahead),
        "aside": src.rx("aside"),
        "not_period": not_period,
        "not_period_hints": _hints(not_period),
        "anchors": reference_entries(
            path,
            data,
            "anchors",
            lambda a: (
                _anchor_kind(a["basis"]),
                _scanning(_rx(a["regex"])),
                tuple(str(h).lower() for h in a.get("hints") or ("",)),
                a.get("scope") == "clause",
            ),
        ),
        "clause_break": src.rx("clause_break"),
        "no_carry_after": no_carry_after,
        "no_carry_after_hints": _hints(no_carry_after),
        "overnight_basis": str(data["overnight"]["basis"]),
        "overnight_mic": str(data["overnight"]["mic"]),
        "overnight_tz": str(data["overnight"]["tz"]),
    }


def _approx_re(data: dict[str, Any]) -> re.Pattern[str]:
    """The lexicon's approximation words as one case-blind regex, matched on word boundaries."""
    words = data.get("approximations") or ()
    return _rx(r"(?<!\w)" + _trie_regex(words)) if words else _rx("(?!)")


def approx_re() -> re.Pattern[str]:
    """The default lexicon's approximation words: a qualifier this finds rounds or bounds its number."""
    return load_lexicon().approx_re
