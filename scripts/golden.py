"""Golden comparison: the findings and figures of the seeds and of every shared corpus, before and after a change.

    python scripts/golden.py snapshot DIR [NAME ...]   # findings and figures, sorted, one JSON file each, + SHA256SUMS
    python scripts/golden.py compare BEFORE AFTER      # what changed, counted per check and dataset
    python scripts/golden.py verify DIR                # DIR's checksums against the committed scripts/golden.sha256

A snapshot runs `newsdq validate --as-of 2026-11-21 --format json` and `newsdq extract --format json` on each
dataset (the corpora unpacked by scripts/corpora.py, read whole) with the newsdq on PATH (or $NEWSDQ).
"""

from __future__ import annotations

import collections
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpora  # noqa: E402

AS_OF = "2026-11-21"
DATASETS = ("seeds", *corpora.NAMES)
COMMITTED = Path(__file__).resolve().with_name("golden.sha256")


def _newsdq(*args: str) -> Any:
    exe = os.environ.get("NEWSDQ", "newsdq")
    done = subprocess.run([exe, *args], capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{exe} {' '.join(args)}: exit {done.returncode}: {done.stderr[-2000:]}")
    return json.loads(done.stdout)


def _sorted(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda r: json.dumps(r, sort_keys=True, ensure_ascii=False))


def snapshot_one(name: str, folder: Path, out: Path) -> None:
    """Write <name>.findings.json and <name>.figures.json under `out`."""
    report = _newsdq("validate", str(folder), "--as-of", AS_OF, "--format", "json")
    tables = _newsdq("extract", str(folder), "--format", "json")
    for kind, rows in (("findings", report["findings"]), ("figures", tables["figures"])):
        text = json.dumps(_sorted(rows), indent=0, sort_keys=True, ensure_ascii=False) + "\n"
        (out / f"{name}.{kind}.json").write_text(text, encoding="utf-8")
    print(f"{name}: {len(report['findings'])} findings, {len(tables['figures'])} figures", flush=True)


def snapshot(out: Path, names: list[str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            folder = root / "seeds" if name == "seeds" else corpora.unpack(name, tmp)
            snapshot_one(name, folder, out)
    sums = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}\n" for p in sorted(out.glob("*.json"))]
    (out / "SHA256SUMS").write_text("".join(sums))


def _load(path: Path) -> list[dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else []


def _key(kind: str, row: dict[str, Any]) -> str:
    label = row["check"] if kind == "findings" else f"figure:{row.get('kind')}"
    return str(label)


def compare(before: Path, after: Path) -> int:
    """Print the rows only one side has, counted per dataset, table and check (or figure kind)."""
    changed = 0
    for name in DATASETS:
        for kind in ("findings", "figures"):
            old = collections.Counter(json.dumps(r, sort_keys=True) for r in _load(before / f"{name}.{kind}.json"))
            new = collections.Counter(json.dumps(r, sort_keys=True) for r in _load(after / f"{name}.{kind}.json"))
            gone, added = old - new, new - old
            counts: collections.Counter[tuple[str, str]] = collections.Counter()
            for sign, rows in (("-", gone), ("+", added)):
                for row, n in rows.items():
                    counts[(sign, _key(kind, json.loads(row)))] += n
            for (sign, label), n in sorted(counts.items()):
                print(f"{name} {kind} {sign}{n} {label}")
            changed += sum(counts.values())
    print(f"{changed} rows differ")
    return int(changed > 0)


def verify(folder: Path) -> int:
    """0 when DIR's SHA256SUMS equal the committed ones."""
    if (folder / "SHA256SUMS").read_text() == COMMITTED.read_text():
        print("identical to the committed snapshot")
        return 0
    print("differs from the committed snapshot: run `compare` against a before-snapshot to see how")
    return 1


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "snapshot":
        snapshot(Path(argv[1]), argv[2:] or list(DATASETS))
        return 0
    if len(argv) == 3 and argv[0] == "compare":
        return compare(Path(argv[1]), Path(argv[2]))
    if len(argv) == 2 and argv[0] == "verify":
        return verify(Path(argv[1]))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
