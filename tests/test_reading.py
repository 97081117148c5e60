"""Reading stage: every bad input gives exactly one clear finding; good encodings read cleanly."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from validators import registry
from validators.normalize import article_row, articles_table
from validators.reading import (
    ARTICLE_SUFFIXES,
    RawArticle,
    UsageError,
    discover,
    parse_bytes,
    read_dataset,
    read_file,
    to_utc,
)
from validators.reading.front_matter import apply_fields
from validators.reading.timestamps import parse_timestamp
from validators.schemas import ArticleSchema, schema_findings

CASES = Path(__file__).parent / "data" / "checks"


def case_files(verdict: str) -> list[Path]:
    """The reader's and normalizer's case files (the inputs git cannot hold are made by special_files below)."""
    return sorted(
        p
        for c in registry.checks()
        if c.stage in ("read", "normalize")
        for p in (CASES / c.id / verdict).glob("*")
        if p.is_file() and p.suffix in ARTICLE_SUFFIXES
    )


BAD = case_files("bad")
# One article in every encoding and line-end convention the reader accepts.
GOOD = [
    CASES / case
    for case in (
        "binary-file/good/utf16-be-bom.md",
        "binary-file/good/utf16-le-bom.md",
        "toml-syntax/good/toml.md",
        "undecodable-bytes/good/utf8-bom.md",
        "unterminated-front-matter/good/cr-line-ends.md",
        "unterminated-front-matter/good/crlf-line-ends.md",
        "unterminated-front-matter/good/no-front-matter.txt",
        "yaml-syntax/good/utf8.md",
    )
]
PARSE_CATEGORIES = {"parse", "encoding"}


def findings_for(path: Path) -> list:
    """Reading plus normalizing findings of one file, as the pipeline would collect them."""
    raw = read_file(path, path.name)
    found = list(raw.findings)
    if isinstance(raw, RawArticle):
        found += article_row(raw)[1]
    return found


@pytest.mark.parametrize("path", BAD, ids=[p.relative_to(CASES).as_posix() for p in BAD])
def test_bad_file_gives_one_named_finding(path: Path) -> None:
    expected_check = path.parent.parent.name
    found = [f for f in findings_for(path) if f.category in PARSE_CATEGORIES]
    assert [f.check for f in found] == [expected_check]
    assert found[0].article == path.name
    assert found[0].line >= 1 and found[0].message


@pytest.mark.parametrize("path", case_files("good"), ids=lambda p: p.relative_to(CASES).as_posix())
def test_good_case_file_gives_no_reading_finding(path: Path) -> None:
    # A near miss of one reader check is read cleanly: it trips no other reader check either.
    assert findings_for(path) == []


@pytest.mark.parametrize("path", GOOD, ids=[p.relative_to(CASES).as_posix() for p in GOOD])
def test_good_file_reads_cleanly_with_original_lines(path: Path) -> None:
    raw = read_file(path, path.name)
    assert isinstance(raw, RawArticle)
    assert raw.findings == []
    row, findings = article_row(raw)
    assert findings == []
    assert row["title"] == "Nikkei closes higher"
    if raw.front_matter_status == "ok":
        assert raw.key_lines["summary"] == 7
        assert row["body_start_line"] == 9
        assert str(row["published"]) == "2026-02-11 21:00:00+00:00"
        assert raw.line_of(raw.text.index("The Nikkei")) == 9
    else:
        assert row["title_source"] == "first_line" and row["title_line"] == 2


# Short news texts in legacy encodings, as they come; each must read back exactly as written.
LEGACY = [
    ("The Nikkei rose 3% to 38,000 on Monday \u2014 \u201cbig\u201d gains.", "cp1252"),  # was cp775
    ("The Nikkei\u2019s rise of 3% \u2026 exporters\u2019 gains.", "cp1252"),  # was mac_iceland
    ("Le CAC 40 a gagn\u00e9 3% \u00e0 7\u00a0500 points.", "latin-1"),  # was cp1250, "ŕ"
    ("Der DAX stieg um 3% \u2013 \u201eein gro\u00dfer Tag\u201c f\u00fcr die B\u00f6rse.", "cp1252"),
    ("Индекс Мосбиржи вырос на 3% до 3000 пунктов в понедельник.", "koi8_r"),  # was cp932
    ("台灣加權指數上漲3%，收在20000點。", "big5"),  # was shift_jis_2004
    ("Индекс Мосбиржи вырос на 3% до 3000 пунктов в понедельник. Рынок акций России.", "cp1251"),
    ("Индекс вырос на 3% \u2014 \u00abрекорд\u00bb.", "cp1251"),
    ("Borsa İstanbul'da BIST 100 endeksi %3 yükseldi. Şirketlerin hisseleri ğüşiöç.", "cp1254"),
    ("Indeks WIG20 wzrósł o 3% do 2500 punktów. Zażółć gęślą jaźń.", "cp1250"),
    ("Ο δείκτης του Χρηματιστηρίου Αθηνών ανέβηκε 3%.", "cp1253"),
    ("ارتفع مؤشر تداول بنسبة 3% إلى 12000 نقطة.", "cp1256"),
    ("日経平均株価は3%上昇し、38,000円となった。", "shift_jis"),
    ("上证综指上涨3%，收于3000点。", "gbk"),
]


@pytest.mark.parametrize(("text", "codec"), LEGACY, ids=[c for _, c in LEGACY])
def test_legacy_encodings_read_back_as_written(text: str, codec: str) -> None:
    raw = parse_bytes(f"{text}\n".encode(codec), "a.md")
    assert isinstance(raw, RawArticle)
    assert raw.text == f"{text}\n"
    assert [f.check for f in raw.findings] == ["non-utf8-encoding"]


def test_python_tag_is_never_executed(tmp_path: Path) -> None:
    marker = Path("/tmp/newsdq-pwned")
    marker.unlink(missing_ok=True)
    findings_for(CASES / "yaml-unsafe-tag" / "bad" / "python-object.md")
    assert not marker.exists()


def test_line_of_error_points_at_the_broken_construct() -> None:
    (f,) = findings_for(CASES / "yaml-syntax" / "bad" / "unclosed-quote.md")
    assert f.line == 2 and "quoted scalar" in f.message


def special_files(folder: Path) -> dict[str, str]:
    """Bad inputs git cannot carry: made at test time; maps file name to expected check."""
    big = folder / "huge.md"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: 50 MB without writing 50 MB
    os.symlink("loop.md", folder / "loop.md")
    os.symlink("nowhere.md", folder / "dangling.md")
    os.mkfifo(folder / "pipe.md")
    locked = folder / "locked.md"
    locked.write_text("---\ntitle: x\n---\nbody\n")
    locked.chmod(0)
    return {
        "huge.md": "file-too-large",
        "loop.md": "unreadable-file",
        "dangling.md": "unreadable-file",
        "pipe.md": "unreadable-file",
        "locked.md": "unreadable-file",
    }


def test_special_files(tmp_path: Path) -> None:
    expected = special_files(tmp_path)
    got = {}
    for raw in read_dataset([tmp_path]):
        got[raw.article_id] = [f.check for f in raw.findings]
    if os.geteuid() == 0:
        # root reads a mode-000 file anyway; the other unreadable kinds still cover the path.
        assert got.pop("locked.md") == []
        expected.pop("locked.md")
    assert got == {name: [check] for name, check in expected.items()}
    assert "symlink loop" in " ".join(f.message for r in read_dataset([tmp_path / "loop.md"]) for f in r.findings)


def test_unreadable_permission(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.md"
    path.write_text("text")

    def deny(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", deny)
    (f,) = read_file(path, "a.md").findings
    assert f.check == "unreadable-file" and "Permission denied" in f.message


def test_bad_folder_beside_seeds_keeps_every_article(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(Path(__file__).parent.parent / "seeds", seeds)
    bad = tmp_path / "bad"
    bad.mkdir()
    for path in BAD:
        shutil.copy2(path, bad / f"{path.parent.parent.name}__{path.name}")
    expected = special_files(bad)
    before = {p: p.read_bytes() for p in bad.iterdir() if p.is_file() and p.name not in expected}
    rows, findings = [], []
    for raw in read_dataset([seeds, bad]):
        findings += raw.findings
        if isinstance(raw, RawArticle):
            row, more = article_row(raw)
            rows.append(row)
            findings += more
    df = articles_table(rows)
    assert {f"seeds/{p.name}" for p in seeds.iterdir()} <= set(df["article_id"])
    per_file: dict[str, int] = {}
    for f in findings:
        if f.category in PARSE_CATEGORIES:
            per_file[f.article] = per_file.get(f.article, 0) + 1
    bad_names = {f"bad/{p.name}" for p in bad.iterdir()} - ({"bad/locked.md"} if os.geteuid() == 0 else set())
    assert per_file == dict.fromkeys(bad_names, 1)
    assert schema_findings(ArticleSchema, df, "articles") == []
    assert before == {p: p.read_bytes() for p in before}  # inputs untouched


def test_missing_path_is_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        discover([tmp_path / "nope"])


def test_same_names_in_two_folders_stay_apart(tmp_path: Path) -> None:
    for d in ("a", "b"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "x.md").write_text("hello\n")
    root, files = discover([tmp_path / "a", tmp_path / "b"])
    assert [aid for _, aid in files] == ["a/x.md", "b/x.md"] and root == tmp_path


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=2000),
        st.text(max_size=500).map(lambda t: ("---\n" + t + "\n---\nbody").encode("utf-8", "surrogatepass")),
        st.text(max_size=500).map(lambda t: ("---\n" + t).encode("utf-16")),
    )
)
def test_any_bytes_give_an_article_or_a_finding(data: bytes) -> None:
    raw = parse_bytes(data, "x.md")
    if isinstance(raw, RawArticle):
        row, _ = article_row(raw)
        assert row["article_id"] == "x.md"
        assert schema_findings(ArticleSchema, articles_table([row]), "articles") == []
    else:
        assert raw.findings and all(f.article == "x.md" for f in raw.findings)


# Lenient front matter: YAML refuses it, the yaml-syntax error stays, the column-0 fields are read as text.
GOTHAMIST_LIKE = (
    "---\n"
    "author: Jen Chung\n"
    "date: Feb 3, 2012 11:12 am\n"
    "title: Komen: Hates Planned Parenthood, Loves Pink Handguns\n"
    "summary: 'it''s \"quoted\"'\n"
    "tags:\n"
    "  - news\n"
    "note: first line\n"
    "  continued here\n"
    "---\n"
    "Body.\n"
)


def test_invalid_yaml_keeps_its_error_and_recovers_column_zero_fields() -> None:
    raw = parse_bytes(GOTHAMIST_LIKE.encode(), "g.md")
    assert isinstance(raw, RawArticle)
    (f,) = raw.findings
    assert f.check == "yaml-syntax" and f.line == 4
    assert "recovered line by line, as written: author, date, title, summary" in f.message
    assert "(not recovered: tags, note)" in f.message  # a list and a multi-line value are not cut to a line
    assert f.evidence["recovered"] == ["author", "date", "title", "summary"]
    assert raw.front_matter_status == "invalid"
    assert raw.front_matter == {
        "author": "Jen Chung",
        "date": "Feb 3, 2012 11:12 am",
        "title": "Komen: Hates Planned Parenthood, Loves Pink Handguns",
        "summary": 'it\'s "quoted"',
    }
    assert raw.key_lines == {"author": 2, "date": 3, "title": 4, "summary": 5}
    row, _ = article_row(raw)
    assert row["title"] == "Komen: Hates Planned Parenthood, Loves Pink Handguns"
    assert row["title_source"] == "front_matter" and row["title_line"] == 4
    assert row["front_matter_recovered"] == "author, date, title, summary"
    assert schema_findings(ArticleSchema, articles_table([row]), "articles") == []


def test_duplicate_key_recovers_the_other_fields_and_never_picks_a_value() -> None:
    text = "---\ntitle: A\nexpiry: 2025-01-22\npublished: 2026-02-11T09:00:00Z\nexpiry: 2025-01-01\n---\nBody.\n"
    raw = parse_bytes(text.encode(), "d.md")
    assert isinstance(raw, RawArticle)
    assert [f.check for f in raw.findings] == ["duplicate-key"]
    assert raw.front_matter == {"title": "A", "published": "2026-02-11T09:00:00Z"}
    assert "(not recovered: expiry)" in raw.findings[0].message
    row, findings = article_row(raw)
    assert str(row["published"]) == "2026-02-11 09:00:00+00:00" and findings == []


def test_unsafe_tag_is_never_recovered() -> None:
    raw = read_file(CASES / "yaml-unsafe-tag" / "bad" / "python-object.md", "t.md")
    assert isinstance(raw, RawArticle)
    assert raw.front_matter is None and raw.recovered == ()


def test_valid_front_matter_has_no_recovered_column() -> None:
    raw = read_file(CASES / "yaml-syntax" / "good" / "utf8.md", "u.md")
    assert isinstance(raw, RawArticle)
    row, _ = article_row(raw)
    assert raw.recovered == () and row["front_matter_recovered"] is None


def test_fields_rename_front_matter_keys_but_never_over_an_own_key() -> None:
    raw = parse_bytes(GOTHAMIST_LIKE.encode(), "g.md")
    assert isinstance(raw, RawArticle)
    apply_fields(raw, (("published", "date"), ("source", "author"), ("body", "text")))
    assert list(raw.front_matter or {}) == ["source", "published", "title", "summary"]
    assert raw.key_lines["published"] == 3 and raw.recovered == ("source", "published", "title", "summary")
    own = parse_bytes(b"---\npublished: 2026-02-11T09:00:00Z\ndate: 2001-01-01\n---\nBody.\n", "o.md")
    apply_fields(own, (("published", "date"),))
    assert isinstance(own, RawArticle) and own.front_matter is not None
    assert str(own.front_matter["published"]) == "2026-02-11 09:00:00+00:00" and "date" in own.front_matter


# Dates as the five corpora (and RSS) write them: (value, UTC ISO read, zone assumed, shape).
SHAPES = [
    ("Oct 10, 2008 5:43 pm", "2008-10-10T17:43:00+00:00", True, "month day, year [h:mm am/pm]"),
    ("March 17, 2012  4:30 PM", "2012-03-17T16:30:00+00:00", True, "month day, year [h:mm am/pm]"),
    ("June  9, 2010 12:05 AM", "2010-06-09T00:05:00+00:00", True, "month day, year [h:mm am/pm]"),
    ("Sept 1, 2020", "2020-09-01T00:00:00+00:00", True, "month day, year [h:mm am/pm]"),
    ("Tue, 07 Feb 2017 10:00:00 +0000", "2017-02-07T10:00:00+00:00", False, "RFC 2822"),
    ("Tue, 07 Feb 2017 10:00:00 -0500", "2017-02-07T15:00:00+00:00", False, "RFC 2822"),
    ("2017/2/7", "2017-02-07T00:00:00+00:00", True, "year/month/day [h:mm]"),
    ("2020-09-04-17-55-32", "2020-09-04T17:55:32+00:00", True, "year-month-day-hour-minute-second"),
    ("26-FEB-1987 15:01:01.79", "1987-02-26T15:01:01.790000+00:00", True, "day-MON-year h:mm:ss"),
    (" 3-MAR-1987  10:16:24.19", "1987-03-03T10:16:24.190000+00:00", True, "day-MON-year h:mm:ss"),
    ("2019-02-14 9:24:00 -0500", "2019-02-14T14:24:00+00:00", False, "ISO 8601 with a one-digit hour"),
    ("2019-03-26 12:38:00 -0500", "2019-03-26T17:38:00+00:00", False, "ISO 8601"),
    ("2025-05-22T17:33:01.877000", "2025-05-22T17:33:01.877000+00:00", True, "ISO 8601"),
]


@pytest.mark.parametrize(("value", "utc", "assumed", "shape"), SHAPES, ids=[s[0] for s in SHAPES])
def test_date_shapes_are_read_with_their_zone_assumption(value: str, utc: str, assumed: bool, shape: str) -> None:
    parsed = parse_timestamp(value)
    assert parsed is not None
    assert parsed.stamp.astimezone(dt.timezone.utc).isoformat() == utc
    assert (parsed.assumed, parsed.shape) == (assumed, shape)


# Never guessed: a day/month order, a time that does not exist, a month that is no month, 13 pm.
UNREAD = ["02/12/2026", "31-MAR-1987 605:12:19.12", "Feb 30, 2026", "Foo 3, 2020", "Feb 12, 2026 13:02 PM", "soon"]


@pytest.mark.parametrize("value", UNREAD)
def test_ambiguous_or_impossible_dates_are_not_read(value: str) -> None:
    assert parse_timestamp(value) is None
    raw = parse_bytes(f"---\ntitle: A\npublished: '{value}'\n---\nBody.\n".encode(), "x.md")
    assert isinstance(raw, RawArticle)
    row, findings = article_row(raw)
    assert row["published"] is None and row["published_raw"] == value  # kept for published-not-iso
    assert findings == []


def test_a_non_iso_shape_is_read_and_reported_with_its_zone() -> None:
    raw = parse_bytes(b"---\ntitle: A\npublished: Oct 10, 2008 5:43 pm\n---\nBody.\n", "x.md")
    assert isinstance(raw, RawArticle)
    row, findings = article_row(raw)
    assert str(row["published"]) == "2008-10-10 17:43:00+00:00"
    assert [(f.check, f.line) for f in findings] == [("published-shape", 3), ("published-no-timezone", 3)]
    assert "month day, year" in findings[0].message and "2008-10-10T17:43:00Z" in findings[0].message
    assert findings[0].evidence == {"published_raw": "Oct 10, 2008 5:43 pm", "shape": "month day, year [h:mm am/pm]"}


def test_gothamist_front_matters_recover_title_and_date(corpus) -> None:  # type: ignore[no-untyped-def]
    folder = corpus("gothamist_markdown")
    n = recovered = dated = 0
    for raw in read_dataset([folder]):
        if not isinstance(raw, RawArticle):
            continue
        n += 1
        recovered += raw.front_matter_status == "invalid" and {"title", "date"} <= set(raw.recovered)
        row, _ = article_row(apply_fields(raw, (("published", "date"),)))
        dated += row["published"] is not None
    assert recovered == 7342  # every YAML-ish front matter of the corpus (SOURCE: 7,342 invalid)
    assert dated == n - 1  # all but the one file whose date is blank


@pytest.mark.parametrize(
    ("value", "edge"), [("0001-01-01T00:00:00+05:00", dt.datetime.min), ("9999-12-31T23:00:00-05:00", dt.datetime.max)]
)
def test_a_time_past_the_datetime_range_in_utc_is_kept_not_a_crash(value: str, edge: dt.datetime) -> None:
    raw = parse_bytes(f"---\ntitle: A\npublished: '{value}'\n---\nBody.\n".encode(), "x.md")
    assert isinstance(raw, RawArticle)
    row, _ = article_row(raw)
    assert row["published"] is None and row["published_raw"] == value  # the date checks report it from there
    assert to_utc(value) == (edge.replace(tzinfo=dt.timezone.utc), False)
