"""Reference data (expectations/*.yaml) a user edits: a mistake is a usage error naming the file, the line and
the entry, never a traceback from deep inside a check."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from validators import baseline, cli
from validators.checks.boilerplate import residues
from validators.checks.ranges import load_ranges
from validators.checks.staleness import reference
from validators.context import EXPECTATIONS_DIR
from validators.figures import load_lexicon
from validators.reading import UsageError


def _line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if text in line)


LOADERS: dict[str, Callable[[Path], Any]] = {
    "ranges.yaml": load_ranges,
    "facts.yaml": reference,
    "milestones.yaml": reference,
    "boilerplate.yaml": residues,
    "lexicon.yaml": lambda folder: load_lexicon(folder / "lexicon.yaml"),
}

# (file, line to break, replacement, text on the line the error must name, message)
BREAKS = [
    ("ranges.yaml", "Kospi: {level: [2000, 3200]", "Kospi: {level: [2000, 3200", "Kospi", "not valid YAML"),
    (
        "ranges.yaml",
        "Kospi: {level: [2000, 3200]",
        "Kospi: {level: [2000]",
        "Kospi",
        r"eras\[0\]\.instruments\.Kospi: ",
    ),
    ("ranges.yaml", "Kospi: {level: [2000, 3200]", "Kospi: {level: [3200, 2000]", "Kospi", "min <= max"),
    (
        "ranges.yaml",
        "TOPIX: {level: [1750, 3100]",
        "TOPIX: {level: [1750, 3100], max_move_pct: 15}\n      TOPIX: {level: [1751, 3100]",
        "1751",
        "key 'TOPIX' appears twice",
    ),
    ("facts.yaml", "  - id: ", "  - idx: ", "  - idx: ", r"facts\[0\]: missing key 'id'"),
    (
        "milestones.yaml",
        "  - {instrument: ",
        "  - {instrumnt: ",
        "instrumnt",
        r"milestones\[0\]: missing key 'instrument'",
    ),
    # An entry's line is where it starts: the "- id:" line of a pattern whose regex is broken.
    (
        "boilerplate.yaml",
        "  - id: ",
        "  - id: broken\n    regex: '(unclosed'\n    what: x\n  - id: ",
        "id: broken",
        r"patterns\[0\]: not a valid regex",
    ),
    ("lexicon.yaml", "  - name: ", "  - nam: ", "  - nam: ", r"instruments\[0\]: missing key 'name'"),
    # Outside the instruments too, a mistake is reported at its key's line, named by its path of keys.
    (
        "lexicon.yaml",
        "  - basis: weekday",
        "  - basis: weekdays",
        "weekdays",
        r"anchors\[4\]: .*unknown basis 'weekdays'",
    ),
    ("lexicon.yaml", "aside: '", "aside: '(", "aside: ", "aside: not a valid regex"),
    (
        "lexicon.yaml",
        "  after: '(?:\\s*(?:days",
        "  after: '((?:\\s*(?:days",
        "after: '((",
        r"not_figure\.after: not a valid",
    ),
    ("lexicon.yaml", "  forecast: '", "  forecast: '(", "  forecast: '(", r"cues\.forecast: not a valid regex"),
    ("lexicon.yaml", "period_ahead: '", "period_ahead: '(", "period_ahead", "period_ahead: not a valid regex"),
]


@pytest.mark.parametrize(("name", "find", "replace", "at", "message"), BREAKS, ids=[b[4][:30] for b in BREAKS])
def test_a_broken_reference_file_is_reported_at_its_line(
    tmp_path: Path, name: str, find: str, replace: str, at: str | None, message: str
) -> None:
    folder = tmp_path / "expectations"
    shutil.copytree(EXPECTATIONS_DIR, folder)
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert find in text
    path.write_text(text.replace(find, replace, 1), encoding="utf-8")
    line = _line_of(path, at) if at is not None else 1
    with pytest.raises(UsageError, match=rf"^{re.escape(str(path))}:{line}: .*{message}"):
        LOADERS[name](folder)


def test_the_committed_reference_files_load() -> None:
    for load in LOADERS.values():
        assert load(EXPECTATIONS_DIR)


def test_a_broken_baseline_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "baseline.yaml"
    path.write_text("version: 1\naccepted:\n  - {check: x, article: a.txt, message: 'm'\n", encoding="utf-8")
    with pytest.raises(UsageError, match=rf"^{re.escape(str(path))}:3: baseline.yaml is not valid YAML"):
        baseline.load(path)
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    assert cli.main(["validate", str(seeds), "--baseline", str(path)]) == 2
    assert f"{path}:3:" in capsys.readouterr().err
