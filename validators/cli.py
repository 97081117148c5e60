"""Command line: `newsdq validate | extract | baseline`."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from validators import __version__, extractor_build
from validators import baseline as baseline_mod
from validators.findings import SEVERITY_RANK
from validators.reading import MAX_BYTES, UsageError
from validators.reading.fields import PRESETS

if TYPE_CHECKING:
    from validators.context import Settings
    from validators.pipeline import Result

DEFAULT_PATHS = ["seeds/"]
# Timestamps are held in nanoseconds (1677-09-21 to 2262-04-11); --as-of also has a day added to it.
AS_OF_RANGE = (dt.datetime(1678, 1, 1, tzinfo=dt.timezone.utc), dt.datetime(2262, 4, 10, tzinfo=dt.timezone.utc))


def parse_as_of(value: str) -> dt.datetime:
    """An ISO 8601 date or timestamp as aware UTC (no zone: UTC); stdlib, so the GX worker forks before pandas."""
    try:
        when = dt.datetime.fromisoformat(value.strip())
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 date: {value!r}") from e
    when = when.replace(tzinfo=dt.timezone.utc) if when.tzinfo is None else when.astimezone(dt.timezone.utc)
    if not AS_OF_RANGE[0] <= when <= AS_OF_RANGE[1]:
        raise argparse.ArgumentTypeError(f"{value!r} is not between 1678 and 2262, the years the tables can hold")
    return when


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="article files (.md/.markdown/.txt), tables (.jsonl/.jsonl.gz/.json/.csv/.parquet) or folders of them, "
        "searched recursively (default: the config's paths, else seeds/)",
    )
    p.add_argument(
        "--max-bytes",
        type=int,
        default=None,
        help=f"article files (and table records) larger than this are reported, not read (default: {MAX_BYTES})",
    )
    p.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="config file (.toml or .yaml; default: ./newsdq.yaml, else [tool.newsdq] in ./pyproject.toml)",
    )
    p.add_argument("--fields", metavar="MAP", help="field mapping of tables: title=headline,body=maintext,...")
    p.add_argument("--preset", choices=sorted(PRESETS), help="field mapping of a known tool's output")
    p.add_argument(
        "--exclude", action="append", default=[], metavar="GLOB", help="leave out inputs matching GLOB (repeatable)"
    )
    p.add_argument(
        "--jobs", type=_jobs, metavar="N", help="worker processes for the per-article stage (default: all cores)"
    )
    p.add_argument(
        "--no-progress", action="store_true", help="no progress bar (shown only when stderr is a terminal, not in CI)"
    )


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"not a whole number of at least 1: {value!r}")
    return n


def add_check_options(p: argparse.ArgumentParser) -> None:
    """--as-of, --select, --ignore: what to check and against which date (validate, baseline, the hook)."""
    p.add_argument(
        "--as-of",
        type=parse_as_of,
        default=None,
        metavar="DATE",
        help="reference date for 'future' dates and undated articles (default: today, UTC)",
    )
    p.add_argument(
        "--select",
        action="append",
        default=[],
        type=check_id,
        metavar="CHECK",
        help="report only this check id (repeatable)",
    )
    p.add_argument(
        "--ignore",
        action="append",
        default=[],
        type=check_id,
        metavar="CHECK",
        help="do not report this check id (repeatable)",
    )


def check_id(value: str) -> str:
    """A check id the tool can report: a misspelt one would select nothing and let a gate pass on anything."""
    import difflib

    from validators.registry import check_ids  # (light: this runs while the arguments are parsed)

    known = check_ids()
    if value in known:
        return value
    near = difflib.get_close_matches(value, sorted(known), n=3)
    hint = f"did you mean {' or '.join(near)}?" if near else "the README lists them"
    raise argparse.ArgumentTypeError(f"no check is called {value!r}: {hint}")


def add_gate_options(p: argparse.ArgumentParser) -> None:
    """--baseline, --fail-on: what makes the exit code 1 (validate and the hook)."""
    p.add_argument(
        "--baseline",
        type=Path,
        metavar="FILE",
        help="hide the findings accepted in FILE; entries that no longer occur are reported and fail the run",
    )
    p.add_argument(
        "--fail-on",
        choices=["error", "warning"],
        default=None,
        help="lowest severity that makes the exit code 1 (default: error)",
    )


class _Version(argparse.Action):
    """--version, worked out only when asked for (it hashes the compiled sources of validators/figures), on one line."""

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        print(f"newsdq {__version__} (extractor: {extractor_build()})")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with help for every command and option."""
    from validators.reporters import FILE_REPORTERS, REPORTERS

    parser = argparse.ArgumentParser(prog="newsdq", description="Data-quality validation for news article datasets.")
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and which extractor runs")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    v = sub.add_parser(
        "validate",
        help="check a dataset and report findings",
        description="Check article files against the Pandera contracts and the GX suites.",
    )
    _common(v)
    add_check_options(v)
    add_gate_options(v)
    v.add_argument(
        "--format",
        choices=sorted([*REPORTERS, *FILE_REPORTERS]),
        default="text",
        help="output format (default: text; csv and parquet: one row per finding, parquet needs --output)",
    )
    v.add_argument("--output", type=Path, metavar="FILE", help="write the report to FILE instead of stdout")
    v.add_argument("--data-docs", type=Path, metavar="DIR", help="also build the GX Data Docs HTML site in DIR")

    e = sub.add_parser(
        "extract",
        help="write the articles and figures tables",
        description="Write the normalized articles and figures tables.",
    )
    _common(e)
    e.add_argument(
        "--format", choices=["json", "csv"], default="json", help="json (one document) or csv (one file per table)"
    )
    e.add_argument(
        "--output",
        type=Path,
        metavar="PATH",
        help="json: file to write (default stdout); csv: folder for articles.csv and figures.csv (required); "
        "--keep: the folder to write the articles in (required)",
    )
    e.add_argument(
        "--keep",
        choices=["clean", "flagged"],
        help="check the articles and write those with no finding at --fail-on or above (clean) or the others "
        "(flagged) to --output, in the input's own format (instead of the tables)",
    )
    add_check_options(e)
    add_gate_options(e)

    b = sub.add_parser(
        "baseline",
        help="accept the current findings",
        description="Write the current findings to a baseline file, each with a reason to fill in.",
    )
    _common(b)
    add_check_options(b)
    b.add_argument(
        "--output",
        type=Path,
        default=baseline_mod.DEFAULT_BASELINE,
        metavar="FILE",
        help=f"baseline file to write (default: {baseline_mod.DEFAULT_BASELINE}); reasons already in it are kept",
    )
    return parser


def settings_of(args: argparse.Namespace) -> Settings:
    """The run's settings from the command line (pandas is imported here, after the GX worker has forked)."""
    from dataclasses import replace

    import pandas as pd

    from validators.config import settings_keys
    from validators.context import Settings

    settings = Settings(
        select=tuple(getattr(args, "select", ())),
        ignore=tuple(getattr(args, "ignore", ())),
        max_bytes=getattr(args, "max_bytes", None) or MAX_BYTES,
        **settings_keys(args),
    )
    as_of = getattr(args, "as_of", None)  # (none given: today)
    return settings if as_of is None else replace(settings, as_of=pd.Timestamp(as_of))


def _run_checks(args: argparse.Namespace, data_docs: Path | None = None) -> Result:
    from validators.engines import PandasEngine

    with PandasEngine() as engine:  # GX imports in a worker while this process reads and derives evidence
        from validators import pipeline

        return pipeline.run(args.paths or DEFAULT_PATHS, settings_of(args), engine, data_docs)


def writable_folder(folder: Path | None) -> None:
    """Make `folder` if it is missing; a UsageError if it cannot be made or written in."""
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UsageError(f"{folder}: cannot make the folder: {e.strerror}") from e
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UsageError(f"{folder}: cannot write in the folder")


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate and report; exit 1 when a finding reaches --fail-on."""
    from validators.reporters import FILE_REPORTERS, REPORTERS, Report

    if args.format in FILE_REPORTERS and args.output is None:
        raise UsageError(f"--format {args.format} writes a file: give it with --output FILE")
    entries = baseline_mod.load(args.baseline) if args.baseline else None
    for target in (args.data_docs, args.output and args.output.parent):
        writable_folder(target)  # before the run, not after it: GX would fail at the end, with a traceback per page
    result = _run_checks(args, args.data_docs)
    findings = result.findings
    unmatched: list[dict[str, Any]] = []
    if entries is not None:
        findings, unmatched = baseline_mod.apply(findings, entries)
    report = Report(
        findings, len(result.articles), len(result.figures), result.root, unmatched, result.checks, sources_of(result)
    )
    if args.format in FILE_REPORTERS:
        FILE_REPORTERS[args.format](report, args.output)
    else:
        _emit(REPORTERS[args.format](report), args.output)
    if args.data_docs is not None:
        print(f"Data Docs: {args.data_docs / 'index.html'}", file=sys.stderr)
    threshold = SEVERITY_RANK[args.fail_on]
    # An accepted finding that no longer occurs means a check stopped working or the data
    # changed: either way the baseline is out of date, and a gate must say so.
    return int(bool(unmatched) or any(SEVERITY_RANK[f.severity] >= threshold for f in findings))


def sources_of(result: Result) -> dict[str, str | None]:
    """Each article's source (front matter or mapped column), for the text report's summary by source."""
    articles = result.articles
    if "source" not in articles.columns:
        return dict.fromkeys(map(str, articles["article_id"]))
    return {
        str(aid): (None if not isinstance(src, str) or not src.strip() else src.strip())
        for aid, src in zip(articles["article_id"], articles["source"], strict=True)
    }


def cmd_extract(args: argparse.Namespace) -> int:
    """Write the two tables as JSON or CSV; with --keep, the clean or the flagged articles as they are."""
    from validators.export import extract

    return extract(args)


def cmd_baseline(args: argparse.Namespace) -> int:
    """Write the current findings as accepted ones."""
    old = baseline_mod.load(args.output) if args.output.exists() else None
    findings = _run_checks(args).findings
    n = baseline_mod.write(findings, args.output, old)
    print(f"wrote {n} accepted findings to {args.output}", file=sys.stderr)
    return 0


COMMANDS = {"validate": cmd_validate, "extract": cmd_extract, "baseline": cmd_baseline}


def guarded(prog: str, run: Callable[[], int]) -> int:
    """Run a command: usage errors and crashes become one line on stderr and exit 2, never a traceback."""
    try:
        return run()
    except UsageError as e:
        print(f"{prog}: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except Exception as e:  # noqa: BLE001 - the contract is exit 2 with one line, not a traceback
        print(f"{prog}: internal error: {type(e).__name__}: {e}", file=sys.stderr)
        if os.environ.get("NEWSDQ_DEBUG"):
            raise
        return 2


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code (0 clean, 1 findings, 2 usage or internal error)."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:
        return int(e.code or 0)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    return guarded("newsdq", lambda: COMMANDS[configured(args).command](args))


def configured(args: argparse.Namespace) -> argparse.Namespace:
    """The arguments with what the command line left unset taken from the config file; progress decided."""
    from validators.config import configure
    from validators.progress import wanted

    configure(args)
    fmt = getattr(args, "format", "text")
    args.progress = not args.no_progress and wanted(fmt, getattr(args, "output", None))
    return args
