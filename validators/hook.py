"""The pre-commit hook: validate the datasets of the changed files, report what involves them."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from validators.cli import add_check_options, add_gate_options, guarded, settings_of, writable_folder

if TYPE_CHECKING:
    from validators.findings import Finding

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
    """Changed article and table files (relative to `top`) grouped by dataset root, as ids relative to that root."""
    from validators.reading import ARTICLE_SUFFIXES
    from validators.reading.tabular import is_tabular

    groups: dict[Path, set[str]] = {}
    for p in paths:
        if Path(p).suffix.lower() not in ARTICLE_SUFFIXES and not is_tabular(p):
            continue
        path = Path(os.path.abspath(top / p))
        root = dataset_of(path, top)
        groups.setdefault(root, set()).add(path.relative_to(root).as_posix())
    return groups


def involves(finding: Finding, changed: set[str]) -> bool:
    """Whether a finding is on a changed file (a record of a changed table too) or points at one."""
    from validators.reading.tabular import file_of

    other = finding.evidence.get("other_article")
    return file_of(finding.article) in changed or (isinstance(other, str) and file_of(other) in changed)


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
    p.add_argument("filenames", nargs="*", metavar="FILE", help="changed article files and tables")
    p.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="config file (default: ./newsdq.yaml, else [tool.newsdq] in ./pyproject.toml); the hook never shows "
        "a progress bar and runs one process",
    )
    add_check_options(p)
    add_gate_options(p)
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
    writable_folder(args.data_docs)  # before the run: GX would fail at its end, with a traceback per page
    # Imported here, not at module top, so `--help` and argument errors stay instant.
    from validators.engines import PandasEngine

    with PandasEngine() as engine:  # GX imports in a worker while this process reads and derives evidence
        from validators import baseline as baseline_mod
        from validators import pipeline
        from validators.findings import NO_FILE, SEVERITY_RANK
        from validators.reporters import Report, to_text

        settings = settings_of(args)
        entries = baseline_mod.load(args.baseline) if args.baseline else None
        threshold = SEVERITY_RANK[args.fail_on]
        failed = False
        for root, changed in sorted(groups.items()):
            shown_root = Path(os.path.relpath(root, top))
            docs = None if args.data_docs is None else args.data_docs / shown_root
            result = pipeline.run([root], settings, engine, docs)
            findings = result.findings
            if entries is not None:
                # Baseline entries name articles relative to the dataset root, as `newsdq baseline DIR` writes them.
                findings, _ = baseline_mod.apply(findings, entries)
            # Findings on no article file (table-level) have no other changed file to carry them.
            shown = [
                replace(f, article=(shown_root / f.article).as_posix())
                for f in findings
                if involves(f, changed) or f.article in NO_FILE
            ]
            sys.stdout.write(to_text(Report(shown, len(result.articles), len(result.figures), root)))
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
    return guarded("newsdq-hook", lambda: run(configured(args)))


def configured(args: argparse.Namespace) -> argparse.Namespace:
    """The hook's arguments with the config file's settings; one process (a pool costs more than the seeds take)."""
    from validators.config import configure

    configure(args, jobs=1)
    args.max_bytes = args.config.get("max_bytes")  # (the hook has no --max-bytes: the file's, else the default)
    args.progress = False  # a hook's output is read after it ends: no bar
    return args


def entry() -> None:
    """Console script: `main`, then exit at once: tearing down pandas, pandera and the rest takes tenths of a second."""
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    entry()
