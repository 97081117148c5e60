"""Figures stage: every number an article quotes, with its instrument, kind, sign, place and date."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd
import pandera.pandas as pa
import yaml
from pandera.typing import Series

from validators.reading import RawArticle

LEXICON_PATH = Path(__file__).resolve().parent.parent / "expectations" / "lexicon.yaml"
KINDS = ("level", "pct_change", "point_change", "ytd_pct", "threshold", "intraday", "fx_rate", "count", "ratio")
COLUMNS = ("article_id", "instrument", "kind", "value", "unit", "qualifier", "line", "char_start", "char_end",
           "sentence", "as_of", "as_of_basis")
UNDATED_BASES = ("none", "period")
BASIS_PATTERN = r"^(?:none|period|published|overnight-[a-z]+|weekday:[A-Z][a-z]+|session:[A-Z][a-z]+)$"
SIGNED_KINDS = frozenset({"pct_change", "point_change", "ytd_pct"})
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SCALES = {"million": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12, "tn": 1e12}

# One number as written: optional $, digits with thousands commas, then %, x, or a scale word.
_NUMBER_CORE = (r"(?<![\w.,/$-])(?P<num>(?P<cur>\$\s?)?(?P<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
                r"(?:(?P<pct>\s?%|\s?percent\b)|(?P<x>x)\b|\s?(?P<scale>billion|trillion|million|bn|tn|mn)\b)?)")
# A bare token must not run on into a word or compound ("30-stock", "225-issue", "1st", "2026-02-12").
NUMBER_RE = re.compile(_NUMBER_CORE + r"(?![\w%-]|[.,]\d)", re.IGNORECASE)
POINTS_RE = re.compile(r"\s+(?:points?|pts)\b", re.IGNORECASE)
# Link targets, images, bare URLs and tags are not prose: blanked so their digits never count.
MARKUP_RE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)|\]\([^)\s]*\)|<?https?://[^\s)>\]]+>?|<[^>\n]{1,200}>")
NOT_NEWLINE_RE = re.compile(r"[^\n]")
SENTENCE_END_RE = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9$])")
ABBREVIATION_RE = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Inc|Corp|Co|Ltd|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
                             r"|No|vs)|\b[A-Z]|\be\.g|\bi\.e)\.$")
APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})
SPACES_RE = re.compile(r"\s+")


@dataclass(frozen=True)
class Instrument:
    """One lexicon entry: what a figure is about and how its numbers read."""

    name: str
    cls: str
    tz: str | None
    mic: str | None
    anchored: bool
    forms: dict[str, str]
    units: dict[str, str]
    kinds: frozenset[str]
    variants: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Lexicon:
    """The compiled lexicon: instruments, phrasings and cues, regexes built once."""

    instruments: tuple[Instrument, ...]
    mention_re: re.Pattern[str]
    mentions: dict[str, Instrument | str]  # normalized alias -> instrument, "anaphora" or "not"
    patterns: tuple[tuple[re.Pattern[str], Instrument], ...]
    country_re: re.Pattern[str]
    countries: dict[str, str]
    cues: dict[str, re.Pattern[str]]
    direction_re: re.Pattern[str]
    direction_end_re: re.Pattern[str]
    direction_after_re: re.Pattern[str]
    down_words: frozenset[str]
    qualifiers: tuple[tuple[str, re.Pattern[str] | None, re.Pattern[str] | None], ...]
    threshold_before: re.Pattern[str]
    threshold_after: re.Pattern[str]
    continuation: re.Pattern[str]
    intraday_level_before: re.Pattern[str]
    ytd: re.Pattern[str]
    period: re.Pattern[str]
    not_before: re.Pattern[str]
    not_after: re.Pattern[str]
    anchors: tuple[tuple[str, re.Pattern[str]], ...]
    overnight_basis: str
    overnight_mic: str
    overnight_tz: str


class _Mention(NamedTuple):
    start: int
    end: int
    inst: Instrument
    bound_index: str | None  # the index a metric is "for" ("ROE for the TOPIX index")


class _Figure(NamedTuple):
    end: int  # end of the number and a following "points"
    inst: str
    kind: str
    negative: bool


def _norm(phrase: str) -> str:
    return SPACES_RE.sub(" ", phrase.translate(APOSTROPHES).strip().lower())


def _phrase_regex(phrases: list[str]) -> str:
    """Alternation of plain phrases, longest first, so "Nikkei 225" wins over "Nikkei"."""
    alts = []
    for p in sorted(set(phrases), key=len, reverse=True):
        alts.append(re.escape(p.translate(APOSTROPHES)).replace("'", "['’]").replace(r"\ ", r"\s+"))
    return r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)"


def _rx(src: str) -> re.Pattern[str]:
    return re.compile(src, re.IGNORECASE)


@functools.lru_cache(maxsize=8)
def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """Load and compile a lexicon YAML (default `expectations/lexicon.yaml`), once per path."""
    data: dict[str, Any] = yaml.safe_load(Path(path or LEXICON_PATH).read_text(encoding="utf-8"))
    classes: dict[str, dict[str, Any]] = data.get("classes") or {}
    instruments: list[Instrument] = []
    mentions: dict[str, Instrument | str] = {}
    patterns: list[tuple[re.Pattern[str], Instrument]] = []
    for entry in data["instruments"]:
        spec = {**classes.get(entry.get("class", ""), {}), **entry}
        inst = Instrument(name=spec["name"], cls=spec.get("class", ""), tz=spec.get("tz"), mic=spec.get("mic"),
                          anchored=bool(spec.get("anchored", False)), forms=dict(spec.get("forms") or {}),
                          units=dict(spec.get("units") or {}), kinds=frozenset(spec.get("kinds") or KINDS),
                          variants=tuple((v["cue"], v["name"]) for v in spec.get("variants") or ()))
        unknown = inst.kinds - set(KINDS) or set(inst.forms.values()) - set(KINDS)
        if unknown:
            raise ValueError(f"lexicon: {inst.name}: unknown kinds {sorted(unknown)}")
        instruments.append(inst)
        for alias in spec.get("aliases") or ():
            mentions.setdefault(_norm(alias), inst)
        for src in spec.get("patterns") or ():
            patterns.append((_rx(src.replace("{num}", _NUMBER_CORE)), inst))
    for phrase in data.get("anaphora") or ():
        mentions.setdefault(_norm(phrase), "anaphora")
    for phrase in data.get("not_mentions") or ():
        mentions[_norm(phrase)] = "not"
    countries = {_norm(a): name for name, aliases in (data.get("countries") or {}).items() for a in aliases}
    country_aliases = [a for aliases in (data.get("countries") or {}).values() for a in aliases]
    down = [str(w) for w in data["directions"]["down"]]
    up = [str(w) for w in data["directions"]["up"]]
    after_down = [str(w) for w in data["directions_after"]["down"]]
    after_up = [str(w) for w in data["directions_after"]["up"]]
    words = _phrase_regex(down + up)
    quals = tuple((q["name"], _rx(q["before"]) if q.get("before") else None,
                   _rx(q["after"]) if q.get("after") else None) for q in data["qualifiers"])
    anchors = data["anchors"]
    return Lexicon(
        instruments=tuple(instruments),
        mention_re=_rx(_phrase_regex(list(mentions))),
        mentions=mentions,
        patterns=tuple(patterns),
        # Case matters for countries: "US" is one, "us" is not.
        country_re=re.compile(_phrase_regex(country_aliases)),
        countries=countries,
        cues={name: _rx(src) for name, src in (data.get("cues") or {}).items()},
        direction_re=_rx(words),
        direction_end_re=_rx(words + r"\s+$"),
        direction_after_re=_rx(r"\s*(?:[a-z]+\s+)?" + _phrase_regex(after_down + after_up)),
        down_words=frozenset(_norm(w) for w in down + after_down),
        qualifiers=quals,
        threshold_before=_rx(data["threshold_before"]),
        threshold_after=_rx(data["threshold_after"]),
        continuation=_rx(data["continuation"]),
        intraday_level_before=_rx(data["intraday_level_before"]),
        ytd=_rx(data["ytd"]),
        period=_rx(data["period"]),
        not_before=_rx(data["not_figure"]["before"]),
        not_after=_rx(data["not_figure"]["after"]),
        anchors=tuple((kind, _rx(anchors[kind])) for kind in ("session", "overnight", "published", "weekday")),
        overnight_basis=str(data["overnight"]["basis"]),
        overnight_mic=str(data["overnight"]["mic"]),
        overnight_tz=str(data["overnight"]["tz"]),
    )


def _blank(s: str) -> str:
    return NOT_NEWLINE_RE.sub(" ", s)


def _masked(raw: RawArticle) -> str:
    """The text with everything but prose blanked (same length, same newlines, so offsets hold)."""
    text, body = raw.text, raw.body_offset
    head = text[:body]
    keep: list[tuple[int, int]] = []
    if raw.front_matter_status == "ok" and raw.key_lines:
        starts = [0] + [i + 1 for i, c in enumerate(head) if c == "\n"]
        fence = starts[-2] if len(starts) >= 2 else 0
        key_starts = sorted(starts[n - 1] for n in raw.key_lines.values() if 0 < n <= len(starts))
        # Only the title and summary are prose; other keys (url, published...) hold no figures.
        for key in ("title", "summary"):
            n = raw.key_lines.get(key)
            if n is None or not 0 < n <= len(starts):
                continue
            a = head.find(":", starts[n - 1]) + 1
            b = min([s for s in key_starts if s > starts[n - 1]] + [fence])
            if 0 < a < b:
                keep.append((a, b))
    parts, pos = [], 0
    for a, b in sorted(keep):
        parts += [_blank(head[pos:a]), head[a:b]]
        pos = b
    parts += [_blank(head[pos:]), text[body:]]
    return MARKUP_RE.sub(lambda m: _blank(m.group()), "".join(parts))


def _sentences(masked: str) -> list[tuple[int, int, int]]:
    """(start, end, paragraph) of each sentence; a line is a paragraph."""
    out: list[tuple[int, int, int]] = []
    pos = 0
    for para, line in enumerate(masked.split("\n")):
        if line.strip():
            start = pos + len(line) - len(line.lstrip())
            for m in SENTENCE_END_RE.finditer(line):
                if not ABBREVIATION_RE.search(line, 0, m.start() + 1):
                    out.append((start, pos + m.end(), para))
                    start = pos + m.end()
            out.append((start, pos + len(line), para))
        pos += len(line) + 1
    return out


def _mentions(masked: str, lex: Lexicon) -> list[_Mention]:
    """Instrument mentions in text order; anaphora resolved, "(ROE) for the TOPIX index" bound."""
    out: list[_Mention] = []
    last_index: Instrument | None = None
    for m in lex.mention_re.finditer(masked):
        target = lex.mentions.get(_norm(m.group()))
        if target == "anaphora":
            target = last_index
        if not isinstance(target, Instrument):
            continue
        if target.cls == "index":
            last_index = target
        if out and out[-1].inst is target and not masked[out[-1].end:m.start()].strip(" \t(),"):
            out[-1] = out[-1]._replace(end=m.end())  # "return on equity (ROE)" is one mention
            continue
        prev = out[-1] if out else None
        if (prev is not None and target.cls == "index" and "{index}" in prev.inst.name and prev.bound_index is None
                and re.fullmatch(r"[\s)]*(?:for|of|at|on|in)\s+(?:the\s+)?", masked[prev.end:m.start()], re.I)):
            out[-1] = prev._replace(end=m.end(), bound_index=target.name)
            continue
        out.append(_Mention(m.start(), m.end(), target, None))
    return out


def _anchors(masked: str, lex: Lexicon) -> list[tuple[int, str]]:
    """(position, basis) of every phrase that dates a figure, in text order."""
    found: list[tuple[int, int, str]] = []
    for kind, rx in lex.anchors:
        for m in rx.finditer(masked):
            if any(s <= m.start() < e for s, e, _ in found):
                continue  # "Monday's session" is not also a bare "Monday"
            if kind in ("session", "weekday"):
                basis = f"{kind}:{m.group(1).capitalize()}"
            elif kind == "overnight":
                basis = lex.overnight_basis
            else:
                basis = "published"
            found.append((m.start(), m.end(), basis))
    return sorted((s, b) for s, _, b in found)


@functools.lru_cache(maxsize=4096)
def _weekday_date(published: pd.Timestamp, tz: str, weekday: str) -> pd.Timestamp:
    """The latest `weekday` on or before the published date in `tz`, as that date at 00:00 UTC."""
    local = published.tz_convert(tz).date()
    day = local - dt.timedelta(days=(local.weekday() - WEEKDAYS.index(weekday)) % 7)
    return pd.Timestamp(day, tz="UTC")


@functools.lru_cache(maxsize=16)
def _closes(mic: str) -> pd.Series:
    import exchange_calendars  # only articles that say "overnight" pay for the calendar

    closes: pd.Series = exchange_calendars.get_calendar(mic).closes
    return closes


@functools.lru_cache(maxsize=4096)
def _last_closed_session(published: pd.Timestamp, mic: str, tz: str) -> pd.Timestamp:
    """The last session of `mic` that had closed by `published`, as that date at 00:00 UTC."""
    try:
        closes = _closes(mic)
        i = int(closes.searchsorted(published, side="right")) - 1
        if 0 <= i < len(closes) - 1:
            return pd.Timestamp(closes.index[i].date(), tz="UTC")
    except Exception:  # noqa: BLE001 - no calendar data: fall back to weekdays with a 16:00 close
        pass
    local = published.tz_convert(tz)
    day = local.date()
    if local.weekday() >= 5 or local.hour < 16:
        day -= dt.timedelta(days=1)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return pd.Timestamp(day, tz="UTC")


def _resolve(basis: str, inst: Instrument, published: pd.Timestamp, lex: Lexicon) -> pd.Timestamp:
    if basis == lex.overnight_basis:
        return _last_closed_session(published, lex.overnight_mic, lex.overnight_tz)
    tz = inst.tz or "UTC"
    if basis == "published":
        return pd.Timestamp(published.tz_convert(tz).date(), tz="UTC")
    return _weekday_date(published, tz, basis.split(":", 1)[1])


def _last_direction(lex: Lexicon, masked: str, lo: int, hi: int) -> str | None:
    word = None
    for m in lex.direction_re.finditer(masked, lo, hi):
        word = m.group()
    return word


def extract_figures(raw: RawArticle, published: pd.Timestamp | None,
                    lexicon: Lexicon | None = None) -> list[dict[str, Any]]:
    """Figure rows of one article, from its title, summary and body."""
    lex = lexicon if lexicon is not None else load_lexicon()
    if published is not None and published.tzinfo is None:
        published = published.tz_localize("UTC")
    text = raw.text
    masked = _masked(raw)
    sents = _sentences(masked)
    sent_starts = [s for s, _, _ in sents]
    mentions = _mentions(masked, lex)
    mention_starts = [mn.start for mn in mentions]
    countries = [(m.start(), lex.countries[_norm(m.group())]) for m in lex.country_re.finditer(masked)]
    anchors = _anchors(masked, lex)

    # Phrasings (FX quotes, "$4.9 trillion economy") claim their numbers before the generic reading.
    tokens: dict[int, tuple[re.Match[str], Instrument | None]] = {}
    for rx, owner in lex.patterns:
        for m in rx.finditer(masked):
            if m.start("num") not in tokens and _form(m, masked) in owner.forms:
                tokens[m.start("num")] = (m, owner)
    for m in NUMBER_RE.finditer(masked):
        tokens.setdefault(m.start("num"), (m, None))
    order = sorted(tokens)

    rows: list[dict[str, Any]] = []
    prev_fig: dict[int, _Figure] = {}  # sentence -> last figure in it
    for k, start in enumerate(order):
        m, claimed = tokens[start]
        end = m.end("num")
        si = bisect.bisect_right(sent_starts, start) - 1
        if si < 0:
            continue
        s_start, s_end, para = sents[si]
        prev_end = s_start
        if k > 0 and order[k - 1] >= s_start:
            pm = tokens[order[k - 1]][0]
            prev_end = pm.end("num")
        next_start = order[k + 1] if k + 1 < len(order) and order[k + 1] < s_end else s_end
        form = _form(m, masked)
        full_end = (pt.end() if (pt := POINTS_RE.match(masked, end)) else end)

        mi = bisect.bisect_left(mention_starts, s_start)
        mj = bisect.bisect_left(mention_starts, s_end)
        in_sentence = mentions[mi:mj]
        inst: Instrument | None = claimed
        mention: _Mention | None = None
        if inst is None:
            if any(mn.start <= start < mn.end for mn in in_sentence) or _not_figure(m, masked, lex):
                continue
            if in_sentence:
                cands = [mn for mn in reversed(in_sentence) if mn.end <= start]
                cands += [mn for mn in in_sentence if mn.start >= end]
            else:
                # A sentence that names nothing ("It contracted 1.8%") continues the previous one.
                carried = [mn for mn in mentions[:mi] if si > 0 and sents[si - 1][2] == para
                           and mn.start >= sents[si - 1][0]]
                cands = carried[::-1]
            mention = next((mn for mn in cands if form in mn.inst.forms), None)
            if mention is None:
                continue
            inst = mention.inst

        # Qualifiers may chain ("a new all-time high close to 58,000"): peel them off from the number back.
        lo = max(prev_end, start - 80)
        hi = start
        quals: set[str] = set()
        while True:
            for name, before, _ in lex.qualifiers:
                if before is not None and name not in quals and (q := before.search(masked, lo, hi)):
                    quals.add(name)
                    hi = q.start()
                    break
            else:
                break
        for name, _, after_rx in lex.qualifiers:
            if after_rx is not None and after_rx.match(masked, end, s_end):
                quals.add(name)

        prev = prev_fig.get(si)
        continues = prev is not None and prev.inst == inst.name and bool(
            lex.continuation.fullmatch(masked, prev.end, start))
        kind = inst.forms[form]
        if kind == "level":
            if form == "points" and lex.direction_end_re.search(masked, lo, hi):
                kind = "point_change"
            elif continues and prev is not None:
                kind = prev.kind
            elif (quals & {"nearly", "over", "first time"} or lex.threshold_before.search(masked, lo, hi)
                  or lex.threshold_after.match(masked, end, s_end)):
                kind = "threshold"
            elif prev is not None and prev.kind == "intraday" and lex.intraday_level_before.search(masked, lo, start):
                kind = "intraday"
        elif kind == "pct_change":
            if "as much as" in quals:
                kind = "intraday"
            elif lex.ytd.search(masked, end, min(next_start, end + 30)) or lex.ytd.search(masked, lo, start):
                kind = "ytd_pct"
        if kind not in inst.kinds:
            kind = inst.forms[form]

        negative = False
        if kind in SIGNED_KINDS or (kind == "intraday" and form == "pct"):
            after = lex.direction_after_re.match(masked, full_end, s_end)
            word = after.group().split()[-1] if after else _last_direction(lex, masked, max(prev_end, start - 80), hi)
            if word is not None:
                negative = _norm(word) in lex.down_words
            elif continues and prev is not None:
                negative = prev.negative
        value = float(m.group("n").replace(",", ""))
        if m.group("scale"):
            value *= SCALES[m.group("scale").lower()]
        if negative:
            value = -value

        name = inst.name
        for cue, variant in inst.variants:
            cue_rx = lex.cues.get(cue)
            if cue_rx and (cue_rx.search(masked, prev_end, start) or cue_rx.search(masked, end, next_start)):
                name = variant
                break
        filled = _fill(name, mention, in_sentence, countries, start, s_start, s_end)
        if filled is None:
            continue

        as_of, basis = _as_of(inst, kind, published, anchors, masked, start, s_start, s_end, lex)
        prev_fig[si] = _Figure(full_end, inst.name, kind, negative)
        rows.append({
            "article_id": raw.article_id, "instrument": filled, "kind": kind, "value": value,
            "unit": inst.units.get(form, form), "qualifier": ",".join(q for q, _, _ in lex.qualifiers if q in quals)
            or None, "line": raw.line_of(start), "char_start": start, "char_end": end,
            "sentence": _sentence_text(text, s_start, s_end, raw.body_offset), "as_of": as_of, "as_of_basis": basis,
        })
    return rows


def _sentence_text(text: str, start: int, end: int, body_offset: int) -> str:
    sentence = text[start:end].strip()
    # A title or summary sentence sits inside YAML quotes.
    return sentence.strip("\"'") if start < body_offset else sentence


def _form(m: re.Match[str], masked: str) -> str:
    if m.group("pct"):
        return "pct"
    if m.group("x"):
        return "x"
    if m.group("cur"):
        return "usd"
    return "points" if POINTS_RE.match(masked, m.end("num")) else "plain"


def _not_figure(m: re.Match[str], masked: str, lex: Lexicon) -> bool:
    """Years, dates, times, spans and counts of things."""
    digits = m.group("num")
    start, end = m.start("num"), m.end("num")
    if digits.isdigit() and len(digits) == 4 and 1800 <= int(digits) <= 2100:
        return True
    return bool(lex.not_before.search(masked, max(0, start - 20), start) or lex.not_after.match(masked, end))


def _fill(name: str, mention: _Mention | None, in_sentence: list[_Mention], countries: list[tuple[int, str]],
          pos: int, s_start: int, s_end: int) -> str | None:
    """Put the index or country into a templated instrument name; None when the index is unknown."""
    if "{index}" in name:
        index = mention.bound_index if mention is not None else None
        if index is None:
            before = [mn for mn in in_sentence if mn.inst.cls == "index" and mn.end <= pos]
            after = [mn for mn in in_sentence if mn.inst.cls == "index" and mn.start > pos]
            index = before[-1].inst.name if before else after[0].inst.name if after else None
        if index is None:
            return None
        name = name.replace("{index}", index)
    if "{country}" in name:
        near = [(abs(p - pos), c) for p, c in countries if s_start <= p < s_end]
        earlier = [c for p, c in countries if p < s_start]
        country = min(near)[1] if near else earlier[-1] if earlier else None
        name = name.replace("{country}", country) if country else name.replace("{country} ", "")
    return name


def _as_of(inst: Instrument, kind: str, published: pd.Timestamp | None, anchors: list[tuple[int, str]],
           masked: str, pos: int, s_start: int, s_end: int, lex: Lexicon) -> tuple[Any, str]:
    """The day a figure refers to: its sentence's anchor, else the last one before it."""
    if not inst.anchored or published is None:
        return pd.NaT, "none"
    if kind != "ytd_pct" and lex.period.search(masked, s_start, s_end):
        return pd.NaT, "period"

    def applies(basis: str) -> bool:
        return basis != lex.overnight_basis or inst.tz == lex.overnight_tz

    here = [(p, b) for p, b in anchors if s_start <= p < s_end and applies(b)]
    chosen = ([b for p, b in here if p < pos][-1:] or [b for p, b in here][:1]
              or [b for p, b in anchors if p < s_start and b != "published" and applies(b)][-1:])
    if not chosen:
        return pd.NaT, "none"
    return _resolve(chosen[0], inst, published, lex), chosen[0]


def figures_table(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The figures table: one row per figure, columns and dtypes as FigureSchema says."""
    df = pd.DataFrame(rows, columns=list(COLUMNS))
    for col in ("article_id", "instrument", "kind", "unit", "qualifier", "sentence", "as_of_basis"):
        df[col] = df[col].astype("str") if col != "qualifier" else pd.Series(
            [None if v is None or v != v else str(v) for v in df[col]], index=df.index, dtype="str")
    df["value"] = df["value"].astype("float64")
    for col in ("line", "char_start", "char_end"):
        df[col] = df[col].astype("int64")
    df["as_of"] = pd.to_datetime(df["as_of"], utc=True).astype("datetime64[ns, UTC]")
    return df


class FigureSchema(pa.DataFrameModel):
    """One row per number an article quotes."""

    article_id: Series[str] = pa.Field(str_length={"min_value": 1})
    instrument: Series[str] = pa.Field(str_length={"min_value": 1})
    kind: Series[str] = pa.Field(isin=list(KINDS))
    value: Series[float]
    unit: Series[str] = pa.Field(str_length={"min_value": 1})
    qualifier: Series[str] = pa.Field(nullable=True, str_matches=r"^[a-z ]+(?:,[a-z ]+)*$")
    line: Series[int] = pa.Field(ge=1)
    char_start: Series[int] = pa.Field(ge=0)
    char_end: Series[int] = pa.Field(ge=1)
    sentence: Series[str] = pa.Field(str_length={"min_value": 1})
    as_of: Series[pd.DatetimeTZDtype] = pa.Field(nullable=True, dtype_kwargs={"unit": "ns", "tz": "UTC"})
    as_of_basis: Series[str] = pa.Field(str_matches=BASIS_PATTERN)

    class Config:
        strict = True
        ordered = True
        coerce = False

    @pa.dataframe_check
    @classmethod
    def span_is_ordered(cls, df: pd.DataFrame) -> pd.Series[bool]:
        """A figure's text is a non-empty span."""
        return df["char_end"] > df["char_start"]

    @pa.dataframe_check
    @classmethod
    def dated_exactly_when_anchored(cls, df: pd.DataFrame) -> pd.Series[bool]:
        """as_of is missing exactly when the basis says the figure is undated."""
        return df["as_of"].isna() == df["as_of_basis"].isin(UNDATED_BASES)

    @pa.check("value")
    @classmethod
    def value_is_finite(cls, s: pd.Series[float]) -> pd.Series[bool]:
        """No NaN or infinite values."""
        return s.abs() < float("inf")
