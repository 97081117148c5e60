"""Figures: gold precision/recall on the seeds, non-figures, signs, qualifiers, dates, lexicon as data, schema."""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pandera.errors import SchemaErrors

from validators.figures import (
    COLUMNS,
    KINDS,
    LEXICON_PATH,
    SCALES,
    _Doc,
    _fold,
    _hints,
    _holds,
    _read_lexicon,
    _trie_regex,
    extract_figures,
    figures_table,
    load_lexicon,
)
from validators.reading import RawArticle, UsageError, parse_bytes
from validators.schemas import FigureSchema

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
DATA = Path(__file__).parent / "data"
GOLD = DATA / "seed_figures.csv"
CASES = yaml.safe_load((DATA / "figures" / "cases.yaml").read_text(encoding="utf-8"))
MIN_PRECISION, MIN_RECALL = 0.95, 0.90


def raw_of(text: str | bytes, article_id: str = "case.txt") -> RawArticle:
    """An article from bytes, as the reading stage makes it."""
    raw = parse_bytes(text.encode() if isinstance(text, str) else text, article_id)
    assert isinstance(raw, RawArticle)
    return raw


def published_of(raw: RawArticle) -> pd.Timestamp | None:
    """The front matter's published time, as the pipeline passes it."""
    value = (raw.front_matter or {}).get("published")
    return pd.Timestamp(value).tz_convert("UTC") if value else None


def seed_rows() -> Iterator[tuple[RawArticle, dict[str, Any]]]:
    for path in SEEDS:
        raw = raw_of(path.read_bytes(), path.name)
        for row in extract_figures(raw, published_of(raw)):
            yield raw, row


def same_value(a: float, b: float) -> bool:
    """Equal up to the rounding a text quotes numbers with."""
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=0.005)


def match_count(got: list[dict[str, Any]], gold: list[dict[str, Any]]) -> int:
    """Figures matched one-to-one on article, instrument, kind, line and value."""
    left = list(gold)
    hits = 0
    for g in got:
        for i, want in enumerate(left):
            if (g["article_id"], g["instrument"], g["kind"], g["line"]) == (
                want["article_id"],
                want["instrument"],
                want["kind"],
                int(want["line"]),
            ) and same_value(g["value"], float(want["value"])):
                hits += 1
                del left[i]
                break
    return hits


def test_gold_precision_and_recall() -> None:
    with GOLD.open(encoding="utf-8", newline="") as fh:
        gold = list(csv.DictReader(fh))
    got = [row for _, row in seed_rows()]
    hits = match_count(got, gold)
    precision, recall = hits / len(got), hits / len(gold)
    print(
        f"\nfigures gold: {len(gold)} labelled, {len(got)} extracted, {hits} matched; "
        f"precision={precision:.3f} recall={recall:.3f}"
    )
    assert precision >= MIN_PRECISION
    assert recall >= MIN_RECALL


def test_gold_labels_point_at_real_lines() -> None:
    with GOLD.open(encoding="utf-8", newline="") as fh:
        gold = list(csv.DictReader(fh))
    texts = {p.name: p.read_text(encoding="utf-8").split("\n") for p in SEEDS}
    for want in gold:
        assert want["kind"] in KINDS
        line = texts[want["article_id"]][int(want["line"]) - 1]
        digits = re.sub(r"[^\d.]", "", line)
        assert digits, want  # every labelled line quotes some number


def test_rows_point_at_their_number() -> None:
    for raw, row in seed_rows():
        span = raw.text[row["char_start"] : row["char_end"]]
        assert row["line"] == raw.line_of(row["char_start"])
        scale = next((v for k, v in SCALES.items() if span.lower().endswith(k)), 1.0)
        assert same_value(abs(row["value"]), float(re.sub(r"[^\d.]", "", span)) * scale), (span, row)
        assert span in row["sentence"]


@pytest.mark.parametrize("case", CASES["figures"], ids=lambda c: c["id"])
def test_figure_cases(case: dict[str, Any]) -> None:
    published = pd.Timestamp(case["published"]) if case.get("published") else None
    rows = extract_figures(raw_of(case["text"]), published)
    got = [(r["instrument"], r["kind"], round(r["value"], 6)) for r in rows]
    want = [(e["instrument"], e["kind"], round(float(e["value"]), 6)) for e in case["expect"]]
    assert got == want
    for row, exp in zip(rows, case["expect"], strict=True):
        if "qualifier" in exp:
            assert row["qualifier"] == exp["qualifier"]
        if "basis" in exp:
            assert row["as_of_basis"] == exp["basis"]
        if "line" in exp:
            assert row["line"] == exp["line"]
        if "sentence" in exp:
            assert row["sentence"] == exp["sentence"]
        if "as_of" in exp:
            expected = pd.NaT if exp["as_of"] is None else pd.Timestamp(exp["as_of"], tz="UTC")
            assert (pd.isna(row["as_of"]) and pd.isna(expected)) or row["as_of"] == expected


@pytest.mark.parametrize("case", CASES["not_figures"], ids=lambda c: c["id"])
def test_not_figures(case: dict[str, Any]) -> None:
    assert extract_figures(raw_of(case["text"]), None) == []


def test_as_of_on_seed_000() -> None:
    path = next(p for p in SEEDS if p.name.startswith("000_"))
    raw = raw_of(path.read_bytes(), path.name)
    rows = extract_figures(raw, published_of(raw))
    nikkei = next(r for r in rows if r["instrument"] == "Nikkei 225" and r["line"] == 13)
    assert nikkei["as_of"] == pd.Timestamp("2026-02-12", tz="UTC")
    assert nikkei["as_of_basis"] == "weekday:Thursday"
    dow = next(r for r in rows if r["instrument"] == "Dow Jones Industrial Average" and r["kind"] == "level")
    assert dow["value"] == pytest.approx(50121.40)
    assert dow["as_of"] == pd.Timestamp("2026-02-11", tz="UTC")
    assert dow["as_of_basis"] == "overnight-us"
    # Without a published time nothing can be dated.
    assert all(pd.isna(r["as_of"]) and r["as_of_basis"] == "none" for r in extract_figures(raw, None))


@pytest.mark.parametrize(
    "text",
    [
        '---\ntitle: "Nikkei 225 tops 58,000"\nurl: "https://x.com/nikkei-225-up-3.5"\n'
        "summary: >\n  The Kospi fell 1.2%\n  in early trade.\nviews: 12345\n---\nBody without numbers.\n",
        # TOML, as Hugo writes it
        '+++\ntitle = "Nikkei 225 tops 58,000"\nurl = "https://x.com/nikkei-225-up-3.5"\n'
        'summary = """\nThe Kospi fell 1.2%\nin early trade."""\nviews = 12345\n+++\nBody without numbers.\n',
    ],
    ids=["yaml", "toml"],
)
def test_front_matter_figures_come_from_title_and_summary_only(text: str) -> None:
    raw = raw_of(text)
    rows = extract_figures(raw, None)
    assert [(r["instrument"], r["value"], r["line"]) for r in rows] == [("Nikkei 225", 58000.0, 2), ("Kospi", -1.2, 5)]
    for r in rows:
        assert r["line"] == raw.line_of(r["char_start"])
    assert rows[0]["sentence"] == "Nikkei 225 tops 58,000"


@pytest.mark.parametrize(
    ("line", "per_line"),
    [
        ("The Nikkei rose 3% to 38,000.", 2),  # dating: the last anchor before, in earlier lines
        ("The index rose 3% to 38,000.", 0),  # "the index": the last index named, in earlier lines
        ("The economy grew 3.1%.", 1),  # "{country} GDP growth": the last country named, in earlier lines
    ],
)
def test_a_long_text_is_walked_back_once(line: str, per_line: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """What refers back to earlier lines finds it without reading every earlier line again for each line: a text
    of n such lines reads each line's anchors, names and countries a bounded number of times, not about n times."""
    calls: dict[str, int] = dict.fromkeys(("anchors", "found", "countries"), 0)
    for name in calls:
        read = getattr(_Doc, name)

        def counted(self: _Doc, li: int, _read: Any = read, _name: str = name) -> Any:
            calls[_name] += 1
            return _read(self, li)

        monkeypatch.setattr(_Doc, name, counted)
    n = 400
    text = "---\npublished: 2026-02-12T02:00:00Z\n---\n" + "\n".join([line] * n) + "\n"
    raw = parse_bytes(text.encode(), "long.md")
    assert isinstance(raw, RawArticle)
    rows = extract_figures(raw, pd.Timestamp("2026-02-12T02:00:00Z"))
    assert len(rows) == per_line * n
    assert max(calls.values()) <= 10 * n, calls


def test_crlf_and_line_numbers() -> None:
    raw = raw_of(b"Title\r\n\r\nThe Kospi rose 1.5%.\r\nThe Dow fell 0.3%.\r\n")
    rows = extract_figures(raw, None)
    assert [(r["line"], raw.text[r["char_start"] : r["char_end"]]) for r in rows] == [(3, "1.5%"), (4, "0.3%")]


@pytest.mark.parametrize(
    ("newline", "bom", "codec"),
    [("\r\n", b"", "utf-8"), ("\r", b"", "utf-8"), ("\n", b"\xef\xbb\xbf", "utf-8-sig"), ("\r\n", b"", "cp1252")],
)
def test_offsets_index_the_file_as_python_reads_it(tmp_path: Path, newline: str, bom: bytes, codec: str) -> None:
    """`char_start`/`char_end` index the file's text as Python's text mode reads it (any line ending read as
    "\n", a byte-order mark dropped), and `line` is the line that holds them: what the README promises."""
    body = "Caf\u00e9 news\n\nThe Kospi rose 1.5% and the Nikkei 225 gained 0.3% \u2013 a record.\n"
    body += "The Dow fell 120 points.\n"
    path = tmp_path / "a.txt"
    path.write_bytes(bom + body.replace("\n", newline).encode(codec.replace("-sig", "")))
    raw = parse_bytes(path.read_bytes(), "a.txt")
    assert isinstance(raw, RawArticle)
    rows = extract_figures(raw, None)
    with open(path, encoding=codec) as f:
        text = f.read()
    assert [text[r["char_start"] : r["char_end"]] for r in rows] == ["1.5%", "0.3%", "120"]
    assert [text.count("\n", 0, r["char_start"]) + 1 for r in rows] == [r["line"] for r in rows] == [3, 3, 4]


TRICKY = [
    "Nikkei 225",
    "S&P 500",
    "the index",
    "rose",
    "fell",
    "nearly",
    "as much as",
    "a record high of",
    "on Thursday",
    "overnight in the U.S.",
    "yen",
    "160",
    "58,000",
    "2.1%",
    "$4.9 trillion",
    "15x",
    "2025",
    "Q2",
    "30-stock",
    "Feb. 11",
    "points",
    "for the first time",
    "year-to-date",
    ".",
    ",",
    "\n",
    "---",
    "’",
    "İ",
    "[x](http://a/1)",
    "ROE for the TOPIX index",
    "forward earnings",
    "economy",
    "payrolls",
    "expected",
]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(TRICKY) | st.text(max_size=6), max_size=40),
    st.sampled_from([None, "2026-02-12T02:02:24Z", "2026-02-15T23:00:00Z", "1990-01-01T00:00:00Z"]),
)
def test_any_text_gives_well_formed_rows(words: list[str], published: str | None) -> None:
    raw = parse_bytes(" ".join(words).encode("utf-8", "surrogatepass"), "fuzz.txt")
    if not isinstance(raw, RawArticle):
        return
    rows = extract_figures(raw, pd.Timestamp(published) if published else None)
    for row in rows:
        assert row["line"] == raw.line_of(row["char_start"])
        assert raw.text[row["char_start"] : row["char_end"]].strip()
    FigureSchema.validate(figures_table(rows), lazy=True)


PERIODS = [
    "this week",
    "for the year",
    "in recent sessions",
    "over the past three months",
    "in the last 12 quarters",
    "a decade ago",
    "this month",
    "per year",
    "annually",
    "10-year",
    "since inception",
    "since the bear market",
    "since the March lows",
    "since 1990",
    "since then",
    "since Feb 3",
    "a two-day drop",
    "its 10-week slide",
    "a three-session rally",
]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(PERIODS),
    st.text(max_size=8),
    st.lists(st.booleans(), min_size=40, max_size=40),
    st.sampled_from([("s", "\u017f"), ("i", "\u0131"), ("i", "\u0130"), ("k", "\u212a"), ("", "")]),
)
def test_period_hints_never_skip_a_period(period: str, noise: str, upper: list[bool], swap: tuple[str, str]) -> None:
    """The period regexes are searched only in a sentence holding one of the hints worked out from them: a
    sentence one matches in always holds one, in any letter case, with the letters a case-blind regex takes for
    ASCII."""
    lex = load_lexicon()
    assert lex.period_hints is not None and "since " in lex.period_hints
    text = "".join(c.upper() if up else c for c, up in zip(period, upper, strict=False)) + period[40:]
    if swap[0]:
        text = text.replace(swap[0], swap[1], 1)
    text = f"{noise} Shares rose 2% {text}."
    for rx, hints in ((lex.period, lex.period_hints), (lex.period_ahead, lex.period_ahead_hints)):
        if rx.search(text):
            assert _holds(hints, _fold(text))


def test_hints_are_worked_out_from_the_regex() -> None:
    rx = re.compile(r"\b(?:this|last) week\b|\bsince (?:then|\d{4})|\bannual(?:ly)?\b|\bfor the year\b", re.I)
    assert _hints(rx) == (" week", "annual", "for the year", "since ")
    assert _hints(re.compile(r"\b\d+x\b|\bweek", re.I)) == ("week", "x")
    assert _hints(re.compile(r"\bper[ -]cent\b|\bbps\b", re.I)) == ("bps", "cent")  # a class parts the text
    # A run of text before a choice of words holds one of them whole: "-day" or "-week", not just "day".
    assert _hints(re.compile(r"\b(?:two|\d+)-(?:day|week)\b|\btoday\b", re.I)) == ("-day", "-week", "today")
    assert _hints(re.compile(r"\b\w+\b|\bweek", re.I)) is None  # one alternative holds no fixed text
    assert _hints(re.compile(r"(?<=the )mark|\bin\b", re.I)) is None  # "in" is too common to be worth a test


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "bonds",
                "BONDS",
                "bond\u017f",
                "bitcoin",
                "B\u0130TCOIN",
                "bitco\u0131n",
                "ETF",
                "etfs",
                "D-Mark",
                "the mark",
            ]
            + ["Mark", "copper", "COPPER", "Nikkei", "\u212a", "\u0130", "x", ",", ", The Dow rose", "(ABC)", "\u2019"]
        ),
        max_size=12,
    )
)
def test_other_subjects_match_as_one_case_blind_regex(words: list[str]) -> None:
    """The other-subject phrases are matched on the lowercased line, apart from the lexicon's regex: together they
    find one exactly where the one case-blind regex of both would, whatever letters the line holds."""
    lex = load_lexicon()
    data = _read_lexicon(LEXICON_PATH)
    blind = re.compile(rf"\b{_trie_regex(data['other_subjects'])}|{data['other_subject']}", re.IGNORECASE)
    doc = _Doc(raw_of(" ".join(["The", *words])), lex, None)
    for li, line in enumerate(doc.lines):
        lo, hi = doc.starts[li], doc.starts[li] + len(line)
        for a in range(lo, hi, 3):
            assert doc.other_subject(li, a, hi) == (blind.search(doc.masked, a, hi) is not None)


def test_lexicon_is_data(tmp_path: Path) -> None:
    text = "London's FTSE 100 rose 0.8% on Wednesday, while the Footsie hit 9,000 for the first time."
    assert extract_figures(raw_of(text), None) == []
    lexicon = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))
    lexicon["instruments"] += yaml.safe_load((DATA / "figures" / "extra_instrument.yaml").read_text(encoding="utf-8"))
    path = tmp_path / "lexicon.yaml"
    path.write_text(yaml.safe_dump(lexicon, allow_unicode=True), encoding="utf-8")
    rows = extract_figures(raw_of(text), pd.Timestamp("2026-02-12T12:00:00Z"), load_lexicon(path))
    assert [(r["instrument"], r["kind"], r["value"], r["qualifier"]) for r in rows] == [
        ("FTSE 100", "pct_change", 0.8, None),
        ("FTSE 100", "threshold", 9000.0, "first time"),
    ]
    assert rows[0]["as_of"] == pd.Timestamp("2026-02-11", tz="UTC")


def test_lexicon_word_yaml_reads_as_no_text_is_reported_at_its_line(tmp_path: Path) -> None:
    lines = LEXICON_PATH.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if '"off"' in line)
    lines[at] = lines[at].replace('"off"', "off")  # YAML 1.1 reads a bare off as false
    path = tmp_path / "lexicon.yaml"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(
        UsageError, match=rf"lexicon\.yaml:{at + 1}: 'off' reads as bool in YAML, not as text: quote it"
    ):
        load_lexicon(path)


def test_empty_table_has_columns_and_dtypes() -> None:
    empty = figures_table([])
    full = figures_table([row for _, row in seed_rows()])
    assert list(empty.columns) == list(COLUMNS) == list(full.columns)
    assert empty.dtypes.to_dict() == full.dtypes.to_dict()
    assert str(empty["as_of"].dtype) == "datetime64[ns, UTC]"
    assert empty["value"].dtype == "float64" and empty["line"].dtype == "int64"
    FigureSchema.validate(empty, lazy=True)
    FigureSchema.validate(full, lazy=True)


def test_schema_rejects_bad_rows() -> None:
    df = figures_table([row for _, row in seed_rows()][:3])
    df.loc[0, "kind"] = "price"
    df.loc[1, "as_of_basis"] = "none"  # dated but says undated
    with pytest.raises(SchemaErrors) as info:
        FigureSchema.validate(df, lazy=True)
    checks = set(info.value.failure_cases["check"].astype(str))
    assert any("isin" in c for c in checks)
    assert "dated_exactly_when_anchored" in checks
    with pytest.raises(SchemaErrors):
        FigureSchema.validate(df.assign(extra=1), lazy=True)


def test_approximation_words_are_the_lexicons_one_list() -> None:
    from validators.figures import approx_re

    rx = approx_re()
    assert all(rx.search(q) for q in ("nearly", "about", "over", "as much as", "Close to"))
    assert not any(rx.search(q) for q in ("record", "first time", "nearby", "overall"))
