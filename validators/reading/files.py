"""Article files: discovered under the inputs, read within limits, decoded and split into RawArticle."""

from __future__ import annotations

import fnmatch
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from validators.reading.decode import decode
from validators.reading.front_matter import split_front_matter
from validators.reading.records import RawArticle, Unreadable, UsageError, _finding
from validators.reading.tabular import Part, is_tabular, read_table

ARTICLE_SUFFIXES = frozenset({".md", ".markdown", ".txt"})
MAX_BYTES = 10 * 1024 * 1024


def _abs(p: Path) -> Path:
    return Path(os.path.abspath(p))


def excluded(file_id: str, patterns: Iterable[str]) -> bool:
    """Whether a glob matches the file's id, its name or one of its folders (relative to the dataset root)."""
    parts = file_id.split("/")
    names = ["/".join(parts[: i + 1]) for i in range(len(parts))] + [parts[-1]]
    return any(fnmatch.fnmatchcase(name, pat.rstrip("/")) for pat in patterns for name in names)


def discover(
    paths: Iterable[str | os.PathLike[str]], exclude: Iterable[str] = ()
) -> tuple[Path, list[tuple[Path, str]]]:
    """Expand files and folders into (path, file id) pairs; ids are relative to the common root.

    A folder yields its article files and its tabular files (JSON Lines, JSON, CSV, Parquet); `exclude`
    globs leave files out."""
    exclude = tuple(exclude)
    inputs = [Path(p) for p in paths]
    for p in inputs:
        if not p.exists() and not p.is_symlink():
            raise UsageError(f"{p}: no such file or directory")
    if not inputs:
        raise UsageError("no input paths given")
    # Ids relative to one common root keep two inputs' same-named files apart.
    dirs = [_abs(p) if p.is_dir() else _abs(p).parent for p in inputs]
    root = Path(os.path.commonpath(dirs)) if len(dirs) > 1 else dirs[0]
    out: list[tuple[Path, str]] = []
    seen: set[str] = set()
    for p in inputs:
        if p.is_dir():
            found: list[Path] = []
            # followlinks=False: a symlinked folder loop must not recurse forever.
            for dirpath, dirnames, filenames in os.walk(p, followlinks=False):
                dirnames[:] = [d for d in dirnames if not d.startswith(".")]
                found.extend(
                    Path(dirpath) / n
                    for n in filenames
                    if (Path(n).suffix.lower() in ARTICLE_SUFFIXES or is_tabular(n)) and not n.startswith(".")
                )
            files = sorted(found)
        else:
            files = [p]
        for fp in files:
            aid = _abs(fp).relative_to(root).as_posix()
            if aid not in seen and not (exclude and excluded(aid, exclude)):
                seen.add(aid)
                out.append((fp, aid))
    return root, out


def read_file(path: Path, article_id: str, max_bytes: int = MAX_BYTES) -> RawArticle | Unreadable:
    """Read one file; never raises for anything the file holds or how it is stored."""
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            # Reading a FIFO or device would block or never end: not an article file.
            return Unreadable(
                article_id,
                (_finding(article_id, 1, "unreadable-file", "not a regular file (FIFO, socket or device); not read"),),
            )
        size = st.st_size
        if size > max_bytes:
            return Unreadable(
                article_id,
                (
                    _finding(
                        article_id,
                        1,
                        "file-too-large",
                        f"{size / 1e6:.1f} MB is over the {max_bytes / 1e6:.1f} MB limit; not read",
                        size=size,
                    ),
                ),
            )
        data = path.read_bytes()
    except OSError as e:
        reason = "symlink loop" if e.errno == 40 else (e.strerror or type(e).__name__)
        return Unreadable(article_id, (_finding(article_id, 1, "unreadable-file", f"cannot read file: {reason}"),))
    return parse_bytes(data, article_id)


def parse_bytes(data: bytes, article_id: str) -> RawArticle | Unreadable:
    """Decode and split one article's bytes."""
    if not data.strip():
        return Unreadable(
            article_id, (_finding(article_id, 1, "empty-file", "empty file: no front matter and no text"),)
        )
    text, encoding, findings = decode(data, article_id)
    if text is None:
        return Unreadable(article_id, tuple(findings))
    # CRLF and lone CR each become one LF, so line numbers match the original file.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        return Unreadable(
            article_id,
            (
                *findings,
                _finding(article_id, 1, "binary-file", "binary file (NUL characters after decoding): not an article"),
            ),
        )
    raw = RawArticle(article_id=article_id, text=text, encoding=encoding, findings=findings)
    split_front_matter(raw)
    return raw


def read_records(
    path: Path,
    file_id: str,
    max_bytes: int = MAX_BYTES,
    fields: Iterable[tuple[str, str]] = (),
    part: Part | None = None,
) -> Iterator[RawArticle | Unreadable]:
    """The records of one input file: one per article file, one per record of a tabular file (or of its part)."""
    if is_tabular(path):
        yield from read_table(path, file_id, tuple(fields), max_bytes, part)
    else:
        yield read_file(path, file_id, max_bytes)


def read_dataset(
    paths: Iterable[str | os.PathLike[str]], max_bytes: int = MAX_BYTES
) -> Iterator[RawArticle | Unreadable]:
    """Read every article file under `paths`, in a stable order."""
    for path, article_id in discover(paths)[1]:
        yield from read_records(path, article_id, max_bytes)
