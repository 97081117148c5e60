"""`newsdq extract --keep clean|flagged`: the articles with no finding at --fail-on or above (clean), or the others
(flagged), written under DEST in the input's own format. The inputs are read again, never written.

Article files are copied byte for byte to the same relative path; JSON Lines and CSV keep their original lines
(CSV its header); a JSON array is written again as an array of the kept records; Parquet gets a file of the kept
rows with the same schema. A tabular file that no record could be read from is copied whole when flagged.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from validators.findings import SEVERITY_RANK
from validators.reading import UsageError
from validators.reading.tabular import BATCH_ROWS, file_of, is_tabular, record_number, rows

if TYPE_CHECKING:
    from validators.context import Settings
    from validators.pipeline import Result

MODES = ("clean", "flagged")


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _check_dest(dest: Path, root: Path, inputs: Sequence[str | os.PathLike[str]] | None) -> Path:
    dest = Path(os.path.abspath(dest))
    folders = [Path(os.path.abspath(p)) for p in inputs] if inputs is not None else [root]
    for folder in folders:
        if _inside(dest, folder) and (folder.is_dir() or dest == folder):
            raise UsageError(f"--output {dest} is inside the input {folder}: choose a folder outside it")
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise UsageError(f"--output {dest} exists and is not an empty folder")
    return dest


def _units(result: Result) -> tuple[set[str], dict[str, set[int]], set[str]]:
    """Article files, tabular files -> their record numbers, and tabular files reported as a whole."""
    ids = {str(a) for a in result.articles["article_id"]} | {f.article for f in result.findings if f.article != "."}
    files: set[str] = set()
    tables: dict[str, set[int]] = {}
    whole: set[str] = set()
    for aid in ids:
        n = record_number(aid)
        if n is not None:
            tables.setdefault(file_of(aid), set()).add(n)
        elif is_tabular(aid):
            whole.add(aid)
        else:
            files.add(aid)
    return files, tables, whole


def _write_lines(src: Path, out: Path, kept: set[int]) -> int:
    opener: Any = gzip.open if str(src).lower().endswith(".gz") else open
    with opener(out, "wb") as fh:
        for row in rows(src):
            if row.n == 0 or row.n in kept:  # (row 0: the CSV header)
                fh.write(row.original)
    return len(kept)


def _write_json_array(src: Path, out: Path, kept: set[int]) -> int:
    items = [row.original for row in rows(src) if row.n in kept]
    out.write_text(json.dumps(items, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return len(items)


def _write_parquet(src: Path, out: Path, kept: set[int]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(src)
    done = 0
    with pq.ParquetWriter(out, pf.schema_arrow) as writer:
        for batch in pf.iter_batches(batch_size=BATCH_ROWS):
            mask = pa.array([done + i + 1 in kept for i in range(batch.num_rows)])
            writer.write_table(pa.Table.from_batches([batch]).filter(mask))
            done += batch.num_rows
    return len(kept)


def _write_table(src: Path, out: Path, kept: set[int]) -> int:
    name = str(src).lower()
    if name.endswith(".parquet"):
        return _write_parquet(src, out, kept)
    if name.endswith(".json"):
        with src.open("rb") as fh:
            if fh.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"["):
                return _write_json_array(src, out, kept)
    return _write_lines(src, out, kept)


def keep(
    result: Result,
    settings: Settings,
    mode: str,
    fail_on: str,
    dest: str | os.PathLike[str],
    inputs: Sequence[str | os.PathLike[str]] | None = None,
) -> dict[str, int]:
    """Write the clean or the flagged articles under `dest`; counts of articles kept, left and files written."""
    del settings  # (the findings already carry the run's severities)
    if mode not in MODES or fail_on not in SEVERITY_RANK:
        raise UsageError(f"--keep takes {' or '.join(MODES)} and --fail-on error, warning or info")
    root = Path(result.root).resolve()
    out_root = _check_dest(Path(dest), root, inputs)
    flagged = {f.article for f in result.findings if SEVERITY_RANK[f.severity] >= SEVERITY_RANK[fail_on]}
    files, tables, whole = _units(result)
    counts = {"kept": 0, "left": 0, "files": 0}

    def wanted(aid: str) -> bool:
        return (aid in flagged) == (mode == "flagged")

    def target(file_id: str) -> Path:
        out = out_root / file_id
        out.parent.mkdir(parents=True, exist_ok=True)
        return out

    copies: Iterable[str] = sorted(files | ((whole - tables.keys()) if mode == "flagged" else set()))
    for aid in copies:
        if aid in whole or wanted(aid):
            shutil.copyfile(root / aid, target(aid))
            counts["kept"] += 1
            counts["files"] += 1
        else:
            counts["left"] += 1
    for file_id, numbers in sorted(tables.items()):
        if file_id in whole:  # read only in part (a broken tail): all of it flagged, copied whole
            if mode == "flagged":
                shutil.copyfile(root / file_id, target(file_id))
                counts["kept"] += len(numbers)
                counts["files"] += 1
            else:
                counts["left"] += len(numbers)
            continue
        bad_file = file_id in flagged
        kept = {n for n in numbers if (bad_file or f"{file_id}#{n}" in flagged) == (mode == "flagged")}
        counts["left"] += len(numbers) - len(kept)
        if kept:
            counts["kept"] += _write_table(root / file_id, target(file_id), kept)
            counts["files"] += 1
    return counts
