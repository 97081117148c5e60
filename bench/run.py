"""The benchmark: newsdq validate on synthetic corpora and the real ones, against the floor; JSON results.

    .venv/bin/python bench/run.py [--sizes 10000 100000] [--copies 20000] [--corpora NAME ...] [--out FILE]

For each corpus: the floor (a fresh process reading every file and parsing its front matter with
yaml.CSafeLoader, nothing else), `newsdq validate` as a user runs it (wall, CPU, peak RSS of the process tree),
and a one-core breakdown by stage (read, extract, contract, evidence, GX) made by calling the pipeline's
functions in order in a fresh process. Then the 10k->100k per-article ratio and the copies-of-one-story vs
distinct-stories per-article ratio. Numbers on a shared machine are noisy: CPU seconds are steadier than wall.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "scripts"))
import corpora  # noqa: E402
import synth  # noqa: E402

PY = sys.executable
SUFFIXES = (".md", ".markdown", ".txt")  # the article files discover() reads
NEWSDQ = [str(Path(PY).parent / "newsdq")] if (Path(PY).parent / "newsdq").is_file() else [PY, "-m", "validators.cli"]
FLOOR = """
import sys, yaml
from pathlib import Path
n = 0
for p in sorted(Path(sys.argv[1]).rglob("*")):
    if p.suffix in (".md", ".markdown", ".txt") and p.is_file():
        text = p.read_bytes().decode("utf-8", "replace")
        if text.startswith("---\\n") and (end := text.find("\\n---", 4)) > 0:
            try:
                yaml.load(text[4:end], Loader=yaml.CSafeLoader)
            except yaml.YAMLError:
                pass
        n += 1
print(n)
"""
# Run in a fresh process: the child's own children's rusage is this command's alone.
MEASURE = """
import json, resource, subprocess, sys, time
t = time.perf_counter()
rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": time.perf_counter() - t, "cpu": r.ru_utime + r.ru_stime, "peak_rss_mb": r.ru_maxrss / 1024,
                  "exit": rc}))
"""


def measured(cmd: list[str]) -> dict[str, Any]:
    """Wall, CPU and peak RSS of one command run to its end."""
    env = dict(os.environ, GX_ANALYTICS_ENABLED="false")
    out = subprocess.run([PY, "-c", MEASURE, *cmd], env=env, capture_output=True, text=True, check=True)
    return {k: round(v, 3) if isinstance(v, float) else v for k, v in json.loads(out.stdout).items()}


def per_second(n: int, seconds: float) -> float:
    return round(n / seconds, 1) if seconds > 0 else 0.0


def bench_corpus(
    name: str, folder: Path, articles: int, work: Path, jobs: int | None, breakdown: bool = True
) -> dict[str, Any]:
    """The floor, the validate run and the stage breakdown of one folder."""
    floor = measured([PY, "-c", FLOOR, str(folder)])
    report = work / f"{name}.findings.json"
    cmd = [*NEWSDQ, "validate", str(folder), "--as-of", synth.AS_OF, "--format", "json", "--output", str(report)]
    if jobs is not None:
        cmd += ["--jobs", str(jobs)]
    run = measured(cmd)
    findings = json.loads(report.read_text()).get("findings", []) if report.is_file() else []
    breakdown_of: dict[str, Any] = {"skipped": "--no-stages"}
    if breakdown:
        stages = subprocess.run(
            [PY, __file__, "--stages", str(folder)],
            capture_output=True,
            text=True,
            env=dict(os.environ, GX_ANALYTICS_ENABLED="false"),
        )
        breakdown_of = json.loads(stages.stdout) if stages.returncode == 0 else {"error": stages.stderr[-2000:]}
    for d in (floor, run):
        d["articles_per_s"] = per_second(articles, d["wall"])
    by_check: dict[str, int] = {}
    for f in findings:
        by_check[f["check"]] = by_check.get(f["check"], 0) + 1
    return {
        "name": name,
        "articles": articles,
        "floor": floor,
        "validate": {**run, "command": " ".join(cmd[len(NEWSDQ) - 1 :]), "findings": len(findings)},
        "ratio_to_floor": {k: round(run[k] / floor[k], 2) if floor[k] else None for k in ("wall", "cpu")},
        "stages": breakdown_of,
        "findings_by_check": dict(sorted(by_check.items())),
    }


def stages(folder: Path) -> dict[str, Any]:
    """One core, this process: each stage of the pipeline timed by calling its functions in order."""
    import pandas as pd

    from validators import figures as figures_mod
    from validators import pipeline, quality
    from validators.context import Context, Settings
    from validators.normalize import article_row, articles_table
    from validators.reading import RawArticle
    from validators.schemas import ArticleSchema, FigureSchema, schema_findings

    settings = Settings(as_of=pd.Timestamp(synth.AS_OF, tz="UTC"))
    plan = pipeline.Plan.of(settings)
    out: dict[str, Any] = {}

    def timed(stage: str, fn: Any) -> Any:
        t, c = time.perf_counter(), time.process_time()
        value = fn()
        out[stage] = {"seconds": round(time.perf_counter() - t, 3), "cpu": round(time.process_time() - c, 3)}
        return value

    records = timed("read", lambda: list(pipeline.records([folder], settings)[1]))
    raws = [r for r in records if isinstance(r, RawArticle)]

    def extract() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        rows, figs = [], []
        for raw in raws:
            row, _ = article_row(raw)
            rows.append(row)
            published = row["published"] if not pd.isna(row["published"]) else None
            figs.extend(figures_mod.extract_figures(raw, published))
        return rows, figs

    rows, figs = timed("extract", extract)

    def contract() -> pipeline.Batch:
        articles, figures = articles_table(rows), figures_mod.figures_table(figs)
        schema_findings(ArticleSchema, articles, "articles"), schema_findings(FigureSchema, figures, "figures")
        return pipeline.Batch(articles, figures)

    batch = timed("contract", contract)
    batch = timed("evidence", lambda: pipeline.article_evidence(batch, settings, plan))
    found = timed("evidence_dataset", lambda: pipeline.stage2(pipeline.compact(batch, plan), settings, plan))

    def gx() -> Any:
        articles = batch.articles.drop(columns=[d.column for d in plan.derived])
        cols = [c.column for c in plan.dataset.get("articles", ())]
        ctx = Context(articles.assign(**{c: found.articles[c] for c in cols}), found.figures, settings)
        engine = pipeline._local_engine()
        try:
            with quality.suite_files(settings) as suites:
                frames = {
                    name: quality.for_gx(getattr(ctx, name), suites.get(name)) for name in ("articles", "figures")
                }
                return engine.suites((frames, suites, {"as_of": settings.as_of.isoformat()}, None))
        finally:
            engine.close()

    timed("gx", gx)  # includes importing great_expectations (about 3 s), as a run pays it
    n = len(records)
    for d in out.values():
        d["articles_per_s"] = per_second(n, d["seconds"])
    return {"articles": n, **out}


def synthetic(name: str, n: int, mode: str, work: Path) -> tuple[Path, int]:
    folder = work / name
    _, stories = synth.corpus(n, mode=mode)
    synth.write(stories, folder, seed=21, mode=mode)
    return folder, n


def per_article(run: dict[str, Any]) -> float:
    return run["validate"]["cpu"] / max(run["articles"], 1)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000], help="mixed synthetic corpus sizes")
    p.add_argument("--copies", type=int, default=20_000, help="copies of one story (and as many distinct); 0: skip")
    p.add_argument("--corpora", nargs="*", default=list(corpora.NAMES), help="real corpora of ../shared (none: skip)")
    p.add_argument("--jobs", type=int, help="passed to newsdq validate --jobs")
    p.add_argument("--no-stages", action="store_true", help="skip the one-core breakdown by stage (halves the time)")
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    p.add_argument("--stages", type=Path, help=argparse.SUPPRESS)  # internal: the breakdown of one folder
    args = p.parse_args(argv)
    if args.stages:
        print(json.dumps(stages(args.stages)))
        return 0
    missing = [n for n in args.corpora if not (corpora.CORPORA / f"{n}.tar.gz").is_file()]
    if missing:
        sys.exit(f"{corpora.CORPORA}: missing {', '.join(missing)} (the corpora live in ../shared/corpora beside the "
                 "project root; pass --corpora with no name to run only the synthetic corpora)")  # fmt: skip
    runs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="newsdq-bench-") as tmp:
        work = Path(tmp)
        plan = [(f"synthetic-{n}", n, "mixed") for n in args.sizes]
        if args.copies:
            plan += [
                (f"one-story-{args.copies}", args.copies, "one-story"),
                (f"distinct-{args.copies}", args.copies, "distinct"),
            ]
        for name, n, mode in plan:
            folder, count = synthetic(name, n, mode, work)
            runs.append(
                {
                    "kind": "synthetic",
                    "mode": mode,
                    **bench_corpus(name, folder, count, work, args.jobs, not args.no_stages),
                }
            )
            print(f"{name}: {runs[-1]['validate']['articles_per_s']} articles/s", file=sys.stderr)
        for name in args.corpora:
            folder = corpora.unpack(name, work / "corpora")
            count = sum(1 for f in folder.rglob("*") if f.suffix in SUFFIXES and f.is_file())
            runs.append({"kind": "corpus", **bench_corpus(name, folder, count, work, args.jobs, not args.no_stages)})
            print(f"{name}: {runs[-1]['validate']['articles_per_s']} articles/s", file=sys.stderr)
    result = {"as_of": synth.AS_OF, "cpus": os.cpu_count(), "load_average": os.getloadavg()[0], "runs": runs,
              "ratios": ratios(runs, args.sizes, args.copies)}  # fmt: skip
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result["ratios"], indent=1))
    return 0


def ratios(runs: list[dict[str, Any]], sizes: list[int], copies: int) -> dict[str, Any]:
    """CPU per article of the largest size over the smallest's, and of the copies over the distinct stories."""
    by = {r["name"]: r for r in runs}
    out: dict[str, Any] = {}
    if len(sizes) > 1:
        small, large = by[f"synthetic-{min(sizes)}"], by[f"synthetic-{max(sizes)}"]
        out[f"per_article_{min(sizes)}_to_{max(sizes)}"] = round(per_article(large) / per_article(small), 2)
    if copies:
        out["per_article_copies_vs_distinct"] = round(
            per_article(by[f"one-story-{copies}"]) / per_article(by[f"distinct-{copies}"]), 2
        )
    return out


if __name__ == "__main__":
    raise SystemExit(main())
