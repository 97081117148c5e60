"""The pre-commit hook: validate the datasets of the changed files, report what involves them."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

# A folder holding this file is a dataset root: everything under it is validated together.
MARKER = ".newsdq"


def dataset_of(path: Path, top: Path) -> Path:
    """Nearest folder from the file's own up to `top` holding a marker, else the file's own (paths absolute)."""
    folder = path.parent
    for d in (folder, *folder.parents):
        if d != top and top not in d.parents:
            break
        if (d / MARKER).is_file():
            return d
    return folder


def group_by_dataset(paths: Sequence[str], top: Path) -> dict[Path, set[str]]:
    """Changed article files (relative to `top`) grouped by dataset root, as ids relative to that root."""
    from validators.reading import ARTICLE_SUFFIXES

    groups: dict[Path, set[str]] = {}
    for p in paths:
        if Path(p).suffix.lower() not in ARTICLE_SUFFIXES:
            continue
        path = Path(os.path.abspath(top / p))
        root = dataset_of(path, top)
        groups.setdefault(root, set()).add(path.relative_to(root).as_posix())
    return groups


def build_parser() -> argparse.ArgumentParser:
    """Arguments as pre-commit passes them: the hook's `args`, then the changed files."""
    p = argparse.ArgumentParser(
        prog="newsdq-hook",
        description=(
            "Validate the dataset each changed article belongs to (the nearest folder up to the repository root "
            f"holding a {MARKER} file, else the article's own folder) and report the findings on the changed "
            "articles, including cross-article findings that involve them."
        ),
    )
    p.add_argument("filenames", nargs="*", metavar="FILE", help="changed article files")
    p.add_argument("--baseline", type=Path, metavar="FILE", help="hide the findings accepted in this baseline file")
    p.add_argument(
        "--fail-on",
        choices=["error", "warning"],
        default="error",
        help="lowest severity that makes the exit code 1 (default: error)",
    )
    p.add_argument("--as-of", metavar="DATE", help="reference date for 'future' dates and undated articles")
    p.add_argument("--select", action="append", default=[], metavar="CHECK", help="report only this check id")
    p.add_argument("--ignore", action="append", default=[], metavar="CHECK", help="do not report this check id")
    p.add_argument(
        "--data-docs", type=Path, metavar="DIR", help="also build the Data Docs of each dataset in DIR/<dataset path>"
    )
    return p


def run(args: argparse.Namespace) -> int:
    """Validate each dataset once, print the findings that involve the changed files, return the exit code."""
    top = Path.cwd()
    groups = group_by_dataset(args.filenames, top)
    if not groups:
        return 0
    # Imported here, not at module top, so `--help` and argument errors stay instant.
    from validators.engine import Engine

    with Engine() as engine:  # GX imports in a worker while this process reads and derives evidence
        import pandas as pd

        from validators import baseline as baseline_mod
        from validators import quality
        from validators.context import Settings
        from validators.findings import SEVERITY_RANK
        from validators.pipeline import load
        from validators.reading import UsageError, discover
        from validators.reporters import Report, to_text

        settings = Settings()
        if args.as_of is not None:
            try:
                as_of = pd.Timestamp(args.as_of)
            except ValueError as e:
                raise UsageError(f"--as-of: not a date: {args.as_of!r}") from e
            settings = Settings(as_of=as_of.tz_localize("UTC") if as_of.tzinfo is None else as_of.tz_convert("UTC"))
        entries = baseline_mod.load(args.baseline) if args.baseline else None
        threshold = SEVERITY_RANK[args.fail_on]
        failed = False
        for root, changed in sorted(groups.items()):
            shown_root = Path(os.path.relpath(root, top))
            docs = None if args.data_docs is None else args.data_docs / shown_root
            tables = load([root])
            findings = tables.findings + quality.evaluate(tables, settings, docs, engine)
            findings = [
                f for f in findings if (not args.select or f.check in args.select) and f.check not in args.ignore
            ]
            if entries is not None:
                # Baseline entries name articles relative to the dataset root, as `newsdq baseline DIR` writes them.
                findings, _ = baseline_mod.apply(findings, entries)
            articles = {aid for _, aid in discover([root])[1]}
            # Findings on no article file (table-level) have no other changed file to carry them.
            shown = [
                replace(f, article=(shown_root / f.article).as_posix())
                for f in findings
                if f.article in changed or f.evidence.get("other_article") in changed or f.article not in articles
            ]
            sys.stdout.write(to_text(Report(shown, len(tables.articles), len(tables.figures), root)))
            if docs is not None:
                print(f"Data Docs: {docs / 'index.html'}")
            failed |= any(SEVERITY_RANK[f.severity] >= threshold for f in shown)
    return int(failed)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `newsdq` pre-commit hook; 0 clean, 1 findings at or above --fail-on, 2 error."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as e:  # --help, or bad arguments already explained by argparse
        return int(e.code or 0)
    from validators.reading import UsageError

    try:
        return run(args)
    except UsageError as e:
        print(f"newsdq-hook: {e}", file=sys.stderr)
        return 2
    except Exception as e:  # noqa: BLE001 - a hook prints one line and exits 2, not a traceback
        print(f"newsdq-hook: internal error: {type(e).__name__}: {e}", file=sys.stderr)
        if os.environ.get("NEWSDQ_DEBUG"):
            raise
        return 2


def entry() -> None:
    """Console script: `main`, then exit at once: tearing down pandas, pandera and the rest takes tenths of a second."""
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    entry()
