"""Date checks: seeds, time-zone edges, weekday leads and exchange calendars."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from _content import load

from validators import markets
from validators.checks import dates
from validators.context import EXPECTATIONS_DIR, Context, Settings
from validators.figures import figures_table
from validators.pipeline import Batch

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
UTC = "UTC"


@pytest.fixture(scope="module")
def seeds() -> Batch:
    return load([SEEDS])


def flagged(tables: Batch, fn: Any, as_of: str = "2026-11-21") -> list[str]:
    col = fn(Context(tables.articles, tables.figures, Settings(as_of=pd.Timestamp(as_of, tz=UTC))))
    return [aid[:3] for aid, items in zip(tables.articles["article_id"], col, strict=True) if items]


def test_seed_dates_pass(seeds: Batch) -> None:
    # 004's URL says 2026/02/11 and it was published 2026-02-12T02:08Z: the 11th in New York.
    for fn in (
        dates.date_url_mismatch,
        dates.weekday_mismatch,
        dates.published_not_iso,
        dates.published_in_future,
        dates.published_too_early,
    ):
        assert flagged(seeds, fn) == [], fn.__name__
    closes = dates.exchange_closed(Context(seeds.articles, seeds.figures, Settings()))
    assert not closes.notna().any()


def test_seed_dates_are_in_the_future_of_an_earlier_as_of(seeds: Batch) -> None:
    assert flagged(seeds, dates.published_in_future, as_of="2026-02-11") == ["000", "004"]
    # --as-of names a whole day: articles from that day are not in the future.
    assert flagged(seeds, dates.published_in_future, as_of="2026-02-12") == []


def test_published_out_of_the_tables_range_is_too_early_or_in_the_future(tmp_path: Path) -> None:
    """A year the nanosecond column cannot hold is reported from the text as written, and never crashes a run."""
    for name, published in (("early", "0001-01-01T00:00:00Z"), ("late", "'9999-12-31T23:59:59+09:00'")):
        (tmp_path / f"{name}.md").write_text(f"---\ntitle: t\npublished: {published}\n---\nThe Nikkei rose 3%.\n")
    tables = load([tmp_path])
    assert tables.articles["published"].isna().all() and tables.findings == []
    assert flagged(tables, dates.published_too_early) == ["ear"]
    assert flagged(tables, dates.published_in_future) == ["lat"]
    assert flagged(tables, dates.published_not_iso) == []
    assert len(tables.figures) == 2 and tables.figures["as_of"].isna().all()


def test_seed_lead_weekday_is_read_in_tokyo(seeds: Batch) -> None:
    assert markets.markets(EXPECTATIONS_DIR)["Nikkei 225"] == markets.Market("Asia/Tokyo", "XTKS")
    body = seeds.articles.set_index("article_id").loc["000_ad7393dada8b0cda.txt", "body"]
    pos, name = dates._lead_weekday(body) or (0, "")
    assert name == "Thursday" and "Nikkei 225 on Thursday" in body[pos - 20 : pos + 10]


def test_url_date_zone_window() -> None:
    assert dates.local_dates(pd.Timestamp("2026-02-12T02:08:13Z")) == (dt.date(2026, 2, 11), dt.date(2026, 2, 12))
    assert dates.local_dates(pd.Timestamp("2026-02-12T23:00:00Z")) == (dt.date(2026, 2, 12), dt.date(2026, 2, 13))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Photo credit\n\nStocks rose on Thursday.", "Thursday"),
        ("Since Monday stocks have risen. On Friday they fell.", "Friday"),
        ("Stocks rose.\n\nA\n\nB\n\nC\n\nD\n\nThey fell on Tuesday.", None),
    ],
)
def test_lead_weekday(body: str, expected: str | None) -> None:
    found = dates._lead_weekday(body)
    assert (found[1] if found else None) == expected


def test_market_day_reads_both_date_conventions() -> None:
    # The extractor stores a market-local date at midnight UTC; a real timestamp is converted.
    assert markets.market_day(pd.Timestamp("2026-02-16T00:00:00Z"), "America/New_York") == dt.date(2026, 2, 16)
    assert markets.market_day(pd.Timestamp("2026-02-16T21:00:00Z"), "Asia/Tokyo") == dt.date(2026, 2, 17)


def figures(**overrides: Any) -> pd.DataFrame:
    row = {
        "article_id": "a.md",
        "instrument": "Nikkei 225",
        "kind": "level",
        "value": 57663.0,
        "unit": "points",
        "qualifier": None,
        "line": 9,
        "char_start": 0,
        "char_end": 6,
        "sentence": "The Nikkei 225 closed at 57,663.",
        "as_of": pd.Timestamp("2026-02-14", tz=UTC),
        "as_of_basis": "weekday:Saturday",
    }
    return figures_table([{**row, **overrides}])


@pytest.mark.parametrize(
    ("overrides", "closed"),
    [
        ({}, True),  # a Saturday
        ({"as_of": pd.Timestamp("2026-02-11", tz=UTC)}, True),  # National Foundation Day in Japan
        ({"as_of": pd.Timestamp("2026-02-12", tz=UTC)}, False),
        ({"sentence": "The Nikkei 225 traded at 57,663."}, False),  # not a close
        ({"kind": "threshold"}, False),
        ({"instrument": "US nonfarm payrolls"}, False),  # no exchange
        ({"as_of": pd.NaT, "as_of_basis": "none"}, False),
    ],
)
def test_exchange_closed(overrides: dict[str, Any], closed: bool) -> None:
    table = figures(**overrides)
    ctx = Context(pd.DataFrame(), table, Settings())
    items = dates.exchange_closed(ctx).iloc[0]
    assert bool(items) is closed
    if closed:
        assert items[0]["mic"] == "XTKS" and items[0]["line"] == 9


def test_exchange_sessions_kept_on_disk_are_the_calendars_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDQ_CACHE_DIR", str(tmp_path))
    markets.calendar.cache_clear()
    built = markets.calendar("XTKS")  # no file yet: built by exchange_calendars, then saved
    (saved,) = (tmp_path / "calendars").glob("XTKS-*.npz")
    markets.calendar.cache_clear()
    loaded = markets.calendar("XTKS")  # read back from the file
    pd.testing.assert_series_equal(built.closes, loaded.closes, check_names=False, check_freq=False)
    day = pd.Timestamp("2010-02-16")
    assert loaded.is_session(day) and not loaded.is_session(pd.Timestamp("2010-02-14"))  # a Sunday
    assert loaded.session_close(day) == pd.Timestamp("2010-02-16T06:00:00Z")
    # A truncated file (a crash mid-write elsewhere) is built again and replaced, never a failed run.
    saved.write_bytes(saved.read_bytes()[:100])
    markets.calendar.cache_clear()
    assert markets.calendar("XTKS").session_close(day) == pd.Timestamp("2010-02-16T06:00:00Z")
    markets.calendar.cache_clear()
    pd.testing.assert_series_equal(markets.calendar("XTKS").closes, loaded.closes)
    # A cache that cannot be written (here a file where its folder would be) is skipped: built again, run goes on.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("NEWSDQ_CACHE_DIR", str(blocker))
    markets.calendar.cache_clear()
    try:
        assert markets.calendar("XTKS").is_session(day)
    finally:
        markets.calendar.cache_clear()
    assert blocker.read_text() == ""
