"""`newsdq extract`: the articles and figures tables as JSON or CSV, or with --keep the articles themselves."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from validators import baseline as baseline_mod
from validators.cli import DEFAULT_PATHS, _emit, _run_checks, settings_of
from validators.reading import UsageError

if TYPE_CHECKING:
    import argparse

    import pandas as pd


def _jsonable_frame(df: pd.DataFrame) -> list[dict[str, Any]]:
    import pandas as pd

    out = df.copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.DatetimeTZDtype):
            out[col] = out[col].map(lambda t: None if pd.isna(t) else t.isoformat().replace("+00:00", "Z"))
    records: list[dict[str, Any]] = json.loads(out.to_json(orient="records", force_ascii=False, default_handler=str))
    return records


def extract(args: argparse.Namespace) -> int:
    """Write the two tables as JSON or CSV; with --keep, the clean or the flagged articles as they are."""
    from validators import pipeline

    if args.keep is not None:
        return cmd_keep(args)
    tables = pipeline.run(args.paths or DEFAULT_PATHS, settings_of(args), checks=False)
    for f in tables.findings:
        print(f.text(), file=sys.stderr)
    if args.format == "json":
        doc = {"articles": _jsonable_frame(tables.articles), "figures": _jsonable_frame(tables.figures)}
        _emit(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", args.output)
        return 0
    if args.output is None:
        raise UsageError("--format csv writes two files: give a folder with --output DIR")
    args.output.mkdir(parents=True, exist_ok=True)
    for name, df in (("articles", tables.articles), ("figures", tables.figures)):
        out = df.copy()
        for col in out.columns:
            if out[col].dtype == object:
                out[col] = out[col].map(
                    lambda v: json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v
                )
        out.to_csv(args.output / f"{name}.csv", index=False, date_format="%Y-%m-%dT%H:%M:%SZ")
    return 0


def cmd_keep(args: argparse.Namespace) -> int:
    """`extract --keep clean|flagged --output DEST`: check, then write the kept articles in their own format."""
    from validators.keep import keep

    if args.output is None:
        raise UsageError(f"--keep {args.keep} writes the articles to a folder: give it with --output DIR")
    entries = baseline_mod.load(args.baseline) if args.baseline else None
    paths = args.paths or DEFAULT_PATHS
    result = _run_checks(args)
    if entries is not None:
        result = replace(result, findings=baseline_mod.apply(result.findings, entries)[0])
    counts = keep(result, settings_of(args), args.keep, args.fail_on, args.output, paths)
    print(
        f"kept {counts['kept']} {args.keep} articles of {counts['kept'] + counts['left']} "
        f"in {counts['files']} files under {args.output}",
        file=sys.stderr,
    )
    return 0
