"""Data Docs in real headless Chromium: both suites listed, payloads inert, styled offline."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from validators import datadocs, gx

ROOT = Path(__file__).parents[1]
DATA = Path(__file__).parent / "data"
SUITES = {
    "articles": DATA / "suites" / "valid" / "articles.json",
    "figures": DATA / "suites" / "valid" / "figures.json",
}
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = Path(os.environ.get("NEWSDQ_CHROMIUM", "/usr/bin/chromium"))
SETUP = "bash scripts/setup-browser.sh"
PAGE_TITLE = "Data documentation compiled by Great Expectations"  # GX's own, on validation pages
# The flags that let Chromium start here; the resolver rule makes every host lookup fail.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND",
]


def unavailable(reason: str) -> None:
    """Fail in CI, where this test must run; skip loudly elsewhere."""
    message = f"Data Docs browser test cannot run: {reason} (run `{SETUP}`)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def load_tables() -> dict[str, pd.DataFrame]:
    """The untrusted tables, in `newsdq extract --format json` shape."""
    raw = json.loads((DATA / "xss" / "tables.json").read_text(encoding="utf-8"))
    articles = pd.DataFrame(raw["articles"])
    articles["published"] = pd.to_datetime(articles["published"], utc=True)
    return {"articles": articles, "figures": pd.DataFrame(raw["figures"])}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (datadocs.default_assets_dir() / "manifest.json").is_file():
        unavailable(f"no offline Data Docs assets in {datadocs.default_assets_dir()}")
    run = gx.run_suites(load_tables(), SUITES, {"as_of": "2025-01-01T00:00:00Z"})
    return datadocs.build_data_docs(run, tmp_path_factory.mktemp("docs") / "site").parent


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.is_file():
        unavailable(f"{CHROMIUM} is missing")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed (pip install -e '.[dev]')")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield browser
        browser.close()


class Visit:
    """One page load, with everything the page tried to do on the side."""

    def __init__(self, browser: Any, url: str) -> None:
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": 1400, "height": 1000})
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("requestfailed", lambda r: self.failed.append(r.url))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        # Second network block, in case the resolver rule ever lets something through.
        self.page.route(
            "**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort()
        )
        self.page.goto(url, wait_until="load")
        self.page.wait_for_timeout(300)  # let bootstrap-table finish its DOM work

    def js(self, expression: str) -> Any:
        return self.page.evaluate(expression)

    def text(self) -> str:
        return str(self.js("document.body.innerText"))

    def assert_offline_and_styled(self) -> None:
        assert [u for u in self.requests if not u.startswith("file:")] == []
        assert self.failed == [], "a local asset is missing"
        assert self.errors == []
        # Bootstrap's CSS makes .navbar a flexbox and sets its system font stack on <body>.
        assert self.js("getComputedStyle(document.querySelector('.navbar')).display") == "flex"
        assert "-apple-system" in self.js("getComputedStyle(document.body).fontFamily")
        # The JS ran too: jQuery with the bootstrap-table plugin that builds the tables.
        assert self.js("typeof jQuery !== 'undefined' && typeof jQuery.fn.bootstrapTable") == "function"

    def assert_no_script_ran(self, title: str) -> None:
        assert self.js("typeof window.__xss") == "undefined"
        assert self.js("document.title") == title
        assert self.dialogs == []
        assert self.js("[...document.scripts].some(s => s.textContent.includes('__xss'))") is False
        assert self.js("document.querySelectorAll('img[src=\"x\"], svg[onload]').length") == 0

    def screenshot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        # A viewport as tall as the page keeps GX's fixed footer at the bottom of the picture.
        height = int(self.js("document.documentElement.scrollHeight"))
        self.page.set_viewport_size({"width": 1400, "height": height})
        self.page.screenshot(path=str(ARTIFACTS / name))
        self.page.set_viewport_size({"width": 1400, "height": 1000})


def validation_page(site: Path, suite: str) -> Path:
    (page,) = (site / "validations" / suite).rglob("*.html")
    return page


def test_index_lists_both_suites(site: Path, browser: Any) -> None:
    visit = Visit(browser, (site / "index.html").as_uri())
    visit.screenshot("data-docs-index.png")
    visit.assert_offline_and_styled()
    text = visit.text()
    assert "test_articles" in text and "test_figures" in text
    assert "__none__" not in text and "newsdq" in text  # the run has a name
    # Rows link to their validation pages through bootstrap-table's JS: click one.
    visit.page.locator("tr:visible", has_text="newsdq-articles").first.click()
    visit.page.wait_for_url(validation_page(site, "test_articles").as_uri())


def test_articles_page_shows_failures_with_check_and_severity(site: Path, browser: Any) -> None:
    visit = Visit(browser, validation_page(site, "test_articles").as_uri())
    visit.screenshot("data-docs-articles.png")
    visit.assert_offline_and_styled()
    text = visit.text()
    assert "Data asset: articles" in text
    for shown in (
        "[title-missing] (error) Articles have a title",
        "[source-placeholder] (warning) Source is not a placeholder",
        "[markup-in-text] (warning) title carries no HTML markup",
        "[body-short] (info) Body has at least 20 characters",
    ):
        assert shown in text


def test_payloads_show_as_text_and_never_run(site: Path, browser: Any) -> None:
    tables = load_tables()
    payloads = [*tables["articles"].loc[1, ["title", "source", "body"]], tables["articles"].loc[2, "article_id"]]
    visit = Visit(browser, validation_page(site, "test_articles").as_uri())
    visit.assert_no_script_ran(title=PAGE_TITLE)
    text = visit.text()
    for payload in payloads:
        assert payload in text
    # Unexpected values sit beside the article id they came from.
    rows = visit.js("[...document.querySelectorAll('tr')].map(tr => tr.innerText)")
    assert any(payloads[0] in row and "xss/payload.md" in row for row in rows)
    assert any("Unknown" in row and payloads[3] in row for row in rows)


def test_figures_page_keeps_article_and_line_beside_values(site: Path, browser: Any) -> None:
    visit = Visit(browser, validation_page(site, "test_figures").as_uri())
    visit.screenshot("data-docs-figures.png")
    visit.assert_offline_and_styled()
    visit.assert_no_script_ran(title=PAGE_TITLE)
    rows = visit.js("[...document.querySelectorAll('tr')].map(tr => tr.innerText)")
    assert any("99999" in row and "xss/payload.md" in row and "7" in row for row in rows)
    # One column per id even for expect_column_values_to_be_null, not GX's lumped "Index".
    headers = visit.js("[...document.querySelectorAll('th')].map(th => th.innerText.trim())")
    assert "Index" not in headers and headers.count("line") == 3
    assert "[level-out-of-range] (warning)" in visit.text()


def test_site_references_no_cdn(site: Path) -> None:
    for page in [
        *site.glob("*.html"),
        *(site / "validations").rglob("*.html"),
        *(site / "expectations").rglob("*.html"),
    ]:
        html = page.read_text(encoding="utf-8")
        for host in ("cdn.jsdelivr.net", "cdnjs.cloudflare.com", "unpkg.com", "bootstrapcdn.com", "code.jquery.com"):
            assert host not in html, (page, host)
    assert (site / "static" / "vendor" / "manifest.json").is_file()
