"""Data Docs: GX's HTML site for a suite run, its untrusted values escaped and its CDN assets made local."""

from __future__ import annotations

import copy
import html
import json
import logging
import os
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from validators.context import cache_root
from validators.gx import INDEX_QUERY_RE, SHOWN_UNEXPECTED, new_context

if TYPE_CHECKING:
    from validators.gx import SuiteRun

log = logging.getLogger(__name__)

RUN_NAME = "newsdq"  # the run name Data Docs list validations under
_GX_IMAGES_URL = "https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/"
# GX loads its logos from S3; it ships logo-long.png itself but no dark variant.
_GX_IMAGES = {"logo-long.png": "logo-long.png", "full_logo_dark.png": "logo-long.png"}
_ASSET_ATTR_RE = re.compile(
    r"""(?P<lead>\b(?:src|href)=["']|url\(['"]?)"""
    r"""(?:(?P<url>https?://[^"')\s]+)|(?:\./|(?:\.\./)+)?(?P<static>static/[^"')\s]+))"""
)
_SRI_ATTR_RE = re.compile(r"""\s(?:integrity|crossorigin)=["'][^"']*["']""")
_CAPPED_KEYS = ("unexpected_list", "unexpected_index_list")
_EXTERNAL_ASSET_RE = re.compile(
    r"""<(?:script|img)\b[^>]*\bsrc=["'](https?://[^"']+)|<link\b[^>]*\bhref=["'](https?://[^"']+)|url\(['"]?(https?://[^"')]+)"""
)


def _escaped(value: Any) -> Any:
    """HTML-escape every string inside a validation result (GX writes values into pages raw)."""
    if isinstance(value, str):
        return html.escape(value)
    if isinstance(value, dict):
        return {_escaped(k): _escaped(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_escaped(v) for v in value)
    return value


def _capped(result: dict[str, Any], keep: int = SHOWN_UNEXPECTED) -> dict[str, Any]:
    """A copy of one expectation's result that lists at most `keep` unexpected values and rows.

    Counts and percentages stay whole; the full lists would cost the site builder time and make a
    page megabytes long at 100k articles (the findings, built from the run's own results, list them all).
    """
    out = dict(result)
    for key in _CAPPED_KEYS:
        if isinstance(out.get(key), list):
            out[key] = out[key][:keep]
    query = out.get("unexpected_index_query")
    if isinstance(query, str) and (match := INDEX_QUERY_RE.match(query)):
        items = [item.strip() for item in match["items"].split(",") if item.strip()]
        if len(items) > keep:
            out["unexpected_index_query"] = (
                f"df.filter(items=[{', '.join(items[:keep])}], axis=0)"
                f"  # the first {keep} of {len(items)} rows: newsdq's findings list every one"
            )
    elif isinstance(query, list):
        out["unexpected_index_query"] = query[:keep]
    return out


def _shown(raw: Any) -> Any:
    """A shallow copy of a suite's validation result with every expectation's unexpected lists capped."""
    shown = copy.copy(raw)
    shown.results = []
    for evr in raw.results:
        capped = copy.copy(evr)
        capped.result = _capped(dict(evr.result or {}))
        shown.results.append(capped)
    return shown


def default_assets_dir() -> Path:
    """Where scripts/fetch-datadocs-assets.sh puts the offline CSS/JS for Data Docs."""
    if env := os.environ.get("NEWSDQ_DATADOCS_ASSETS"):
        return Path(env)
    return cache_root() / "datadocs-assets"


def _localize_assets(site: Path, assets_dir: Path) -> list[str]:
    """Point the site's CDN links at local copies; return the asset URLs left external."""
    manifest_path = assets_dir / "manifest.json"
    local: dict[str, Path] = {}
    if manifest_path.is_file():
        vendor = site / "static" / "vendor"
        shutil.copytree(assets_dir, vendor, dirs_exist_ok=True)
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        local = {url: vendor / rel for url, rel in manifest["assets"].items()}
    else:
        log.warning("no Data Docs assets in %s (run scripts/setup-browser.sh): pages load CSS/JS from CDNs", assets_dir)
    images = site / "static" / "images"
    local.update({_GX_IMAGES_URL + name: images / target for name, target in _GX_IMAGES.items()})

    left: set[str] = set()
    for page in [*site.rglob("*.html"), *(site / "static" / "styles").glob("*.css")]:
        text = page.read_text(encoding="utf-8")

        def relink(m: re.Match[str], page: Path = page) -> str:
            # GX gets the depth of validation pages wrong for static/ links (the favicon 404s).
            target = site / m["static"] if m["static"] else local.get(m["url"].split("?", 1)[0])
            if target is None:
                return m.group(0)
            return m["lead"] + Path(os.path.relpath(target, page.parent)).as_posix()

        text = _ASSET_ATTR_RE.sub(relink, text)
        # SRI with crossorigin makes Chromium refuse file:// scripts; the files come from the registry.
        text = _SRI_ATTR_RE.sub("", text)
        page.write_text(text, encoding="utf-8")
        left.update(u for m in _EXTERNAL_ASSET_RE.finditer(text) for u in m.groups() if u)
    return sorted(left)


def build_data_docs(run: SuiteRun, out_dir: Path, assets_dir: Path | None = None) -> Path:
    """Build GX Data Docs for `run` into `out_dir` with GX's site builder; return index.html."""
    out_dir = Path(out_dir).resolve()
    context = new_context()
    _add_suites(context, run)
    _add_results(context, run)
    context.add_data_docs_site(
        site_name="newsdq",
        site_config=cast(
            Any,
            {
                "class_name": "SiteBuilder",
                "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(out_dir)},
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
                "show_how_to_buttons": False,
            },
        ),
    )
    context.build_data_docs(site_names=["newsdq"])
    left = _localize_assets(out_dir, assets_dir or default_assets_dir())
    if left:
        log.warning("Data Docs still load %d asset(s) from the network: %s", len(left), ", ".join(left))
    return out_dir / "index.html"


def _add_suites(context: Any, run: SuiteRun) -> None:
    """Copies of the run's suites in `context`, their descriptions escaped (GX renders them as raw HTML templates)."""
    from great_expectations.core.expectation_suite import ExpectationSuite

    for suite in run.suites.values():
        shown = ExpectationSuite(**cast(dict[str, Any], suite.to_json_dict()))
        for exp in shown.expectations:
            exp.description = html.escape(exp.description) if exp.description else exp.description
        context.suites.add(shown)


def _add_results(context: Any, run: SuiteRun) -> None:
    """Copies of the run's results in the validation store of `context`, every value in them escaped."""
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    store = context.validation_results_store
    run_id = RunIdentifier(run_name=RUN_NAME, run_time=run.run_time)  # GX shows "__none__" for no name
    for table, raw in run.gx_results.items():
        key = ValidationResultIdentifier(ExpectationSuiteIdentifier(run.suites[table].name), run_id, f"newsdq-{table}")
        store.set(key, _shown(raw))
        result = store.get(key)  # a fresh copy to escape: the run's raw results stay as they are
        # The page header reads "Data asset:" from the batch spec, which a validator run leaves without a name.
        batch_spec = dict(result.meta.get("batch_spec") or {})
        batch_spec.setdefault("data_asset_name", table)
        result.meta.update(run_id=run_id, validation_time=run.run_time, batch_spec=batch_spec)
        id_columns = list(run.suites[table].meta["id_columns"])
        for evr in result.results:
            evr.result = _escaped(evr.result)
            if evr.result.get("unexpected_index_list"):
                # expect_column_values_to_be_null drops this key, and Data Docs then print whole
                # id dicts in one "Index" column instead of one column per id.
                evr.result.setdefault("unexpected_index_column_names", id_columns)
            evr.exception_info = _escaped(evr.exception_info)
            if evr.expectation_config is not None and evr.expectation_config.description:
                evr.expectation_config.description = html.escape(evr.expectation_config.description)
        store.set(key, result)
