"""A run in two stages: stage 1 per article (rows, figures, per-article evidence), stage 2 per dataset over compact
columns (eras, cross-article evidence, range eras), then the suites; an engine executes them (validators.engines).

run() is the one entry point of the CLI, the hook and the benchmarks.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from validators import figures as figures_mod
from validators import progress, quality, registry
from validators.checks import near_duplicates, ranges, staleness
from validators.config import apply_severity
from validators.context import BATCH_SIZE, Context, Settings
from validators.findings import Finding
from validators.normalize import article_row, articles_table
from validators.reading import RawArticle, Unreadable, discover, read_records
from validators.reading.front_matter import apply_fields
from validators.reading.tabular import Part, is_tabular, parts, record_lines
from validators.registry import TABLES, Check, Table
from validators.schemas import ArticleSchema, FigureSchema, schema_findings

if TYPE_CHECKING:
    from validators.engines import Engine

Record = RawArticle | Unreadable  # what reading yields for one input
# What stage 2 sees of an article, besides stage 1's compact columns: no text.
COMPACT_COLUMNS = ("article_id", "published", "title_line", "body_start_line")
RANGE_ERA = "range_era"  # the figures column the generated range expectations select on (ranges.range_era)


@dataclass(frozen=True)
class Derived:
    """A compact column stage 1 works out per article for stage 2, and the checks that read it there."""

    column: str
    fn: Callable[[Context], pd.Series[Any]]
    readers: tuple[Check, ...]


# The era checks read the eras inferred from the clues; the range checks too, through each figure's range era.
DERIVED = (
    Derived(staleness.CLUES, staleness.era_clues, (*staleness.CHECKS, *ranges.CHECKS)),
    Derived(near_duplicates.SKETCH, near_duplicates.text_sketches, near_duplicates.CHECKS),
)


@dataclass(frozen=True)
class Plan:
    """What a run computes: the evidence functions of the checks that run, and the derived values they read."""

    ids: frozenset[str]  # every check id that runs and reports
    article: Mapping[Table, tuple[Check, ...]]  # stage 1's evidence checks, per table
    dataset: Mapping[Table, tuple[Check, ...]]  # stage 2's
    derived: tuple[Derived, ...] = ()
    eras: bool = False
    range_era: bool = False
    suites: bool = True

    @classmethod
    def of(cls, settings: Settings) -> Plan:
        """The plan of --select/--ignore: only the selected checks' evidence, and what it depends on."""
        ids = frozenset(c.id for c in registry.checks() if settings.selects(c.id))
        select = ids if settings.select or settings.ignore else None
        derived = tuple(d for d in DERIVED if any(c.id in ids for c in d.readers))
        return cls(
            ids=ids,
            article={t: registry.evidence_checks("article", t, select) for t in TABLES},
            dataset={t: registry.evidence_checks("dataset", t, select) for t in TABLES},
            derived=derived,
            eras=any(d.column == staleness.CLUES for d in derived),
            range_era=any(c.id in ids for c in ranges.CHECKS),
        )

    @classmethod
    def tables_only(cls) -> Plan:
        """Read, normalize, extract and the contracts: no evidence, no suites (`newsdq extract`)."""
        return cls(ids=frozenset(), article={}, dataset={}, suites=False)

    @property
    def checks(self) -> tuple[str, ...]:
        """The ids the suites assert in this run, sorted."""
        return tuple(c for c in registry.asserted_ids() if c in self.ids)


@dataclass
class Batch:
    """Some articles' tables with their evidence columns, and the findings met on the way to them."""

    articles: pd.DataFrame
    figures: pd.DataFrame
    findings: list[Finding] = field(default_factory=list)
    units: int = 0  # the work units read into it (progress)


@dataclass
class Result:
    """One run: the tables (with their evidence columns), the findings, and the check ids it asserted."""

    root: Path
    articles: pd.DataFrame
    figures: pd.DataFrame
    findings: list[Finding]
    checks: tuple[str, ...]


def _evidence(checks: Sequence[Check], ctx: Context) -> dict[str, pd.Series[Any]]:
    # Every function sees the same context (the tables without evidence): no check reads another's column.
    return {c.column: c.evidence(ctx) for c in checks if c.evidence is not None}


def tables(records: Iterable[Record]) -> Batch:
    """Each record's article row, figure rows and reading findings, then the contracts over these tables."""
    findings: list[Finding] = []
    rows: list[dict[str, Any]] = []
    figure_rows: list[dict[str, Any]] = []
    for record in records:
        findings.extend(record.findings)
        if not isinstance(record, RawArticle):
            continue  # parse failures stay findings and never reach the schemas
        row, row_findings = article_row(record)
        findings.extend(row_findings)
        rows.append(row)
        published = row["published"] if not pd.isna(row["published"]) else None
        figure_rows.extend(figures_mod.extract_figures(record, published))
    articles = articles_table(rows)
    figures = figures_mod.figures_table(figure_rows)
    findings += schema_findings(ArticleSchema, articles, "articles")
    findings += schema_findings(FigureSchema, figures, "figures")
    return Batch(articles, figures, findings)


def article_evidence(batch: Batch, settings: Settings, plan: Plan | None = None) -> Batch:
    """The per-article checks' evidence columns and stage 1's compact columns, over these articles alone."""
    plan = plan or Plan.of(settings)
    ctx = Context(batch.articles, batch.figures, settings)
    derived = {d.column: d.fn(ctx) for d in plan.derived}
    articles = batch.articles.assign(**_evidence(plan.article.get("articles", ()), ctx), **derived)
    figures = batch.figures.assign(**_evidence(plan.article.get("figures", ()), ctx))
    return Batch(articles, figures, batch.findings)


def stage1(records: Iterable[Record], settings: Settings, plan: Plan | None = None) -> Batch:
    """Per article: rows, figure rows, findings and per-article evidence; no record sees another's."""
    return article_evidence(tables(records), settings, plan)


def compact(batch: Batch, plan: Plan) -> Batch:
    """What stage 2 gets: the articles' ids, dates and lines and stage 1's compact columns, and the figures."""
    columns = [*COMPACT_COLUMNS, *(d.column for d in plan.derived)]
    return Batch(batch.articles[columns], batch.figures)


def stage2(batch: Batch, settings: Settings, plan: Plan | None = None) -> Batch:
    """Per dataset, over compact columns only: the eras once, then the dataset checks and the figures' range eras."""
    plan = plan or Plan.of(settings)
    if "body" in batch.articles.columns:
        raise ValueError("stage 2 works on compact columns: pass compact(batch, plan)")
    ctx = Context(batch.articles, batch.figures, settings)
    if plan.eras:
        ctx = replace(ctx, eras=staleness.infer_eras(ctx))
    articles = batch.articles.assign(**_evidence(plan.dataset.get("articles", ()), ctx))
    figures = batch.figures.assign(**_evidence(plan.dataset.get("figures", ()), ctx))
    if plan.range_era:
        figures[RANGE_ERA] = ranges.range_era(ctx)
    return Batch(articles, figures)


def concat(batches: Iterable[Batch]) -> Batch:
    """The batches as one: rows in order, a fresh index, every finding."""
    batches = list(batches)

    def whole(frames: list[pd.DataFrame]) -> pd.DataFrame:
        # An empty batch's frame carries the empty table's dtypes ("str" text columns): it adds no row.
        kept = [f for f in frames if len(f)] or frames[:1]
        return kept[0] if len(kept) == 1 else pd.concat(kept, ignore_index=True)

    findings = [f for b in batches for f in b.findings]
    return Batch(whole([b.articles for b in batches]), whole([b.figures for b in batches]), findings)


def records(inputs: Sequence[str | os.PathLike[str]], settings: Settings) -> tuple[Path, Iterator[Record]]:
    """The dataset root and its records, read one at a time as they are asked for."""
    root, found = units(inputs, settings)
    return root, (record for unit in found for record in read_unit(unit, settings))


@dataclass(frozen=True)
class Unit:
    """What a stage-1 worker is handed to read itself: an input file (or a part of a big table), never its text."""

    path: Path
    article_id: str
    part: Part | None = None  # a big JSON Lines or Parquet file is read in parts (reading.tabular.parts)

    @property
    def weight(self) -> int:
        """The records it holds, as chunking counts them: a whole tabular file goes alone (its size is unknown)."""
        if self.part is not None:
            return self.part.records
        return TABLE_WEIGHT if is_tabular(self.path) else 1


TABLE_WEIGHT = 1 << 30  # over any chunk size


def units(inputs: Sequence[str | os.PathLike[str]], settings: Settings) -> tuple[Path, list[Unit]]:
    """The dataset root and its work units in reading order: one per input file, or per part of a big table when
    several workers read them (settings.jobs > 1)."""
    root, files = discover(inputs, settings.exclude)
    found: list[Unit] = []
    for path, article_id in files:
        split = parts(path, settings.fields) if settings.jobs > 1 and is_tabular(path) else None
        found += [Unit(path, article_id, p) for p in split] if split else [Unit(path, article_id)]
    return root, found


def read_unit(unit: Unit, settings: Settings) -> Iterator[Record]:
    """The records of one unit, read as they are asked for."""
    # Settings.fields renames front-matter keys too (published=date): an article file's keys are its columns.
    # A tabular file's records come out of read_records with their fields mapped already.
    found = read_records(unit.path, unit.article_id, settings.max_bytes, settings.fields, unit.part)
    tabular = is_tabular(unit.path)
    return (record if tabular else apply_fields(record, settings.fields) for record in found)


def work(chunk: Sequence[Unit], settings: Settings, plan: Plan, size: int = BATCH_SIZE) -> Batch:
    """Stage 1 over the records of some units (a worker's task), `size` records at a time.

    With the checks to run, the body goes once stage 1 is done: nothing after it reads the text (stage 2 and the
    suites see compact columns), so the tables a run keeps carry none, however big the dataset.
    """
    out = stage1_all((record for unit in chunk for record in read_unit(unit, settings)), settings, plan, size)
    out.units = len(chunk)
    return out


def stage1_all(records: Iterable[Record], settings: Settings, plan: Plan, size: int = BATCH_SIZE) -> Batch:
    """Stage 1 over records, `size` at a time, each batch as a run keeps it (no text once the checks are planned)."""
    it = iter(records)
    batches = []
    while part := list(itertools.islice(it, size)):
        batches.append(_slim(stage1(part, settings, plan), plan))
    return concat(batches) if batches else _slim(stage1([], settings, plan), plan)  # none: the empty tables


def reported(findings: Iterable[Finding], settings: Settings) -> list[Finding]:
    """The findings a run reports: the config's per-check severities applied, kept per --select/--ignore."""
    return [f for f in apply_severity(findings, settings) if settings.selects(f.check)]


def _slim(batch: Batch, plan: Plan) -> Batch:
    """The batch as a run keeps it: without the text once the checks' stage 1 is done."""
    if plan.suites:
        batch.articles = batch.articles.drop(columns="body")
    return batch


def check(
    batch: Batch,
    settings: Settings,
    engine: Engine | None = None,
    data_docs: Path | None = None,
    plan: Plan | None = None,
) -> Result:
    """Stage 2 and the suites over the tables stage 1 made (all of a dataset's batches as one)."""
    plan = plan or Plan.of(settings)
    runner = engine or _local_engine()
    try:
        found = runner.stage2(functools.partial(stage2, settings=settings, plan=plan), compact(batch, plan))
        dataset = [c.column for c in plan.dataset.get("articles", ())]
        articles = batch.articles.drop(columns=[d.column for d in plan.derived])
        ctx = Context(articles.assign(**{col: found.articles[col] for col in dataset}), found.figures, settings)
        with quality.suite_files(settings) as suites:
            frames = {name: quality.for_gx(getattr(ctx, name), suites.get(name)) for name in ("articles", "figures")}
            results = runner.suites((frames, suites, {"as_of": settings.as_of.isoformat()}, data_docs))
    finally:
        if engine is None:
            runner.close()
    findings = batch.findings + quality.findings_of(ctx, results)
    return Result(Path("."), ctx.articles, ctx.figures, findings, plan.checks)


def _stage1(runner: Engine, found: list[Unit], settings: Settings, plan: Plan) -> Batch:
    """Stage 1 over every unit, in `settings.jobs` workers, the progress bar counting the units read."""
    step = functools.partial(work, settings=settings, plan=plan, size=getattr(runner, "batch_size", BATCH_SIZE))
    batches = []
    # tqdm is imported only when a bar is drawn (validators.progress): the hook and CI runs never load it.
    with progress.bar(len(found), True) if settings.progress else contextlib.nullcontext() as bar:
        for batch in runner.stage1(step, found, max(1, settings.jobs), lambda u: u.weight):
            if bar is not None:
                bar.update(batch.units)
            batches.append(batch)
    return concat(batches or [step([])])  # no input at all: the empty tables


def _local_engine() -> Engine:
    from validators.engines import PandasEngine

    return PandasEngine(background=False)  # nothing to overlap the GX import with


def run(
    inputs: Sequence[str | os.PathLike[str]],
    settings: Settings,
    engine: Engine | None = None,
    data_docs: Path | None = None,
    *,
    checks: bool = True,
) -> Result:
    """Read, stage 1, stage 2, the suites; findings kept per --select/--ignore. checks=False: the tables only."""
    plan = Plan.of(settings) if checks else Plan.tables_only()
    root, found = units(inputs, settings)
    runner = engine or _local_engine()
    try:
        batch = _stage1(runner, found, settings, plan)
        if plan.suites:
            result = check(batch, settings, runner, data_docs, plan)
        else:
            result = Result(root, batch.articles, batch.figures, batch.findings, ())
    finally:
        if engine is None:
            runner.close()
    # A tabular record's findings are at its line N (the line in its text kept as evidence text_line); the config's
    # per-check severities apply to every finding, wherever it was found.
    return replace(result, root=root, findings=reported(record_lines(result.findings), settings))
