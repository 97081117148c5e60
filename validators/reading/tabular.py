"""Tabular inputs (JSON Lines, JSON arrays, CSV, Parquet): one RawArticle per record, streamed.

A record's article id is "<file id>#<N>": N is the line the record starts on (JSON Lines, CSV) or its 1-based row
(JSON array, Parquet). Its front matter is its mapped article fields (status "ok"), its text the body field.
Every finding on a record is reported at line N; record_lines() moves them there, keeping the line in the text.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import json
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any, cast

from validators.findings import Finding
from validators.reading.fields import BODY, columns
from validators.reading.records import RawArticle, Unreadable, _finding

SUFFIXES = (".jsonl.gz", ".jsonl", ".json", ".csv", ".parquet")
BATCH_ROWS = 1_000  # Parquet rows read at a time
# A JSON Lines or Parquet file this big is split into parts of about SPLIT_RECORDS records for the workers.
SPLIT_BYTES = 8 << 20
SPLIT_RECORDS = 1_000


class TableError(Exception):
    """The whole file cannot be read on (one finding for the file): check id and message."""

    def __init__(self, check: str, message: str) -> None:
        super().__init__(message)
        self.check = check


@dataclass(frozen=True)
class Row:
    """One record as the file holds it: its number, its original form (bytes or object) and its value."""

    n: int
    original: Any
    value: Any  # the decoded record (a dict when well formed) or None
    problem: str | None = None  # why the record cannot be read (then value is None)


@dataclass(frozen=True)
class Part:
    """A piece of one big table that a worker reads on its own: a byte range of JSON Lines, or Parquet row groups."""

    first: int  # the number of its first record (JSON Lines: its line; Parquet: its row, 1-based)
    records: int  # the lines or rows it holds (how stage 1 weighs it)
    offset: int = 0  # JSON Lines: the bytes [offset, end) of the file
    end: int = 0
    row_groups: tuple[int, ...] = ()  # Parquet: its row groups, in order


def is_tabular(path: str | Path) -> bool:
    """Whether the file is read as a table (by its name's ending)."""
    return str(path).lower().endswith(SUFFIXES)


def record_number(article_id: str) -> int | None:
    """N of a tabular record's id "<file id>#<N>", None for any other id."""
    file_id, sep, n = article_id.rpartition("#")
    return int(n) if sep and n.isdigit() and is_tabular(file_id) else None


def file_of(article_id: str) -> str:
    """The input file of an article id: a table record's file ("data.jsonl#3" -> "data.jsonl"), else the id."""
    return article_id.rpartition("#")[0] if record_number(article_id) is not None else article_id


def record_lines(findings: list[Finding]) -> list[Finding]:
    """Each tabular record's findings at its line N, the line in its text kept as evidence `text_line`."""
    out = []
    for f in findings:
        n = record_number(f.article)
        if n is None or f.line == n:
            out.append(f)
        else:
            out.append(replace(f, line=n, evidence={**f.evidence, "text_line": f.line}))
    return out


def _open(path: Path) -> IO[bytes]:
    # The caller closes it (`with _open(path) as fh`); GzipFile is a binary file, typeshed just does not say IO.
    if str(path).lower().endswith(".gz"):
        return cast("IO[bytes]", gzip.open(path, "rb"))  # noqa: SIM115
    return path.open("rb")


def _lines_until(fh: IO[bytes], end: int) -> Iterator[bytes]:
    """The lines of an open file from where it stands to byte `end` (a part's range), one at a time."""
    while fh.tell() < end and (line := fh.readline()):
        yield line


def _json_lines(fh: Iterable[bytes], first: int = 1) -> Iterator[Row]:
    for n, line in enumerate(fh, first):
        if not line.strip():
            continue
        try:
            text = line.decode("utf-8-sig" if n == 1 else "utf-8")
        except UnicodeDecodeError as e:
            yield Row(n, line, None, f"not UTF-8 (byte {e.start + 1} of the line)")
            continue
        try:
            yield Row(n, line, json.loads(text))
        except json.JSONDecodeError as e:
            yield Row(n, line, None, f"invalid JSON: {e.msg} (column {e.colno})")


def _json(path: Path) -> Iterator[Row]:
    with path.open("rb") as fh:
        head = fh.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
        fh.seek(0)
        if not head.startswith(b"["):
            yield from _json_lines(fh)  # JSON Lines content under a .json name
            return
        try:
            # (a JSON array is loaded whole; JSON Lines and Parquet are streamed)
            items = json.loads(fh.read().decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise TableError("bad-table", f"not a JSON array of records: {e}") from e
    for n, item in enumerate(items, 1):
        yield Row(n, item, item)


def _csv(path: Path) -> Iterator[Row]:
    with path.open("rb") as fh:
        bad: set[int] = set()
        raw: list[bytes] = []

        def lines() -> Iterator[str]:
            for i, line in enumerate(fh, 1):
                raw.append(line)
                try:
                    yield line.decode("utf-8-sig" if i == 1 else "utf-8")
                except UnicodeDecodeError:
                    bad.add(i)
                    yield line.decode("utf-8", errors="replace")

        reader = csv.reader(lines())
        header = next(reader, None)
        if header is None:
            return
        yield Row(0, b"".join(raw), header)  # row 0: the header, for keep()
        while True:
            start, raw[:] = reader.line_num + 1, []
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as e:
                yield Row(start, b"".join(raw), None, f"CSV: {e}")
                continue
            if not cells:
                continue
            if bad.intersection(range(start, reader.line_num + 1)):
                yield Row(start, b"".join(raw), None, "not UTF-8")
            elif len(cells) != len(header):
                yield Row(start, b"".join(raw), None, f"{len(cells)} fields, the header has {len(header)}")
            else:
                yield Row(start, b"".join(raw), dict(zip(header, cells, strict=True)))


def _parquet_file(path: Path, wanted: Mapping[str, str] | None) -> Any:
    """The open ParquetFile, its schema checked for the article text column (a whole-file TableError if not)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as e:
        raise TableError("bad-table", f"not a readable Parquet file: {e}") from e
    names = pf.schema_arrow.names
    if wanted is not None:
        body = wanted[BODY]
        if body not in names:
            raise TableError("missing-field", f"no column {body!r} for the article text (columns: {', '.join(names)})")
        kind = pf.schema_arrow.field(body).type
        if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
            raise TableError("bad-table", f"column {body!r} holds {kind}, not text")
    return pf


def _parquet(path: Path, wanted: Mapping[str, str] | None, part: Part | None = None) -> Iterator[Row]:
    import pyarrow as pa

    pf = _parquet_file(path, wanted)
    names = pf.schema_arrow.names
    cols = None if wanted is None else [c for c in dict.fromkeys(wanted.values()) if c in names]
    n = 0 if part is None else part.first - 1
    groups = None if part is None else list(part.row_groups)
    try:
        for batch in pf.iter_batches(batch_size=BATCH_ROWS, columns=cols, row_groups=groups):
            for value in batch.to_pylist():
                n += 1
                yield Row(n, n, value)
    except (pa.ArrowException, OSError) as e:
        raise TableError("bad-table", f"Parquet file unreadable after row {n}: {e}") from e


def rows(path: Path, wanted: Mapping[str, str] | None = None, part: Part | None = None) -> Iterator[Row]:
    """The file's records in order (CSV: row 0 is the header), or those of one part of it (parts()); a whole-file
    problem raises TableError."""
    name = str(path).lower()
    if part is not None and not part.row_groups:
        with path.open("rb") as fh:
            fh.seek(part.offset)
            yield from _json_lines(_lines_until(fh, part.end), part.first)
    elif name.endswith(".parquet"):
        yield from _parquet(path, wanted, part)
    elif name.endswith(".csv"):
        yield from _csv(path)
    elif name.endswith(".json"):
        yield from _json(path)
    else:
        with _open(path) as fh:
            try:
                yield from _json_lines(fh)
            except (OSError, EOFError) as e:  # a broken gzip stream
                raise TableError("bad-table", f"cannot read on: {e}") from e


def parts(path: Path, fields: Any = (), size: int | None = None) -> list[Part] | None:
    """A big JSON Lines or Parquet file as parts of about `size` records each, for several workers to read; None
    when it is read whole (small, compressed, CSV or a JSON array, one part only, or a schema problem that its
    whole reading reports once)."""
    name, size = str(path).lower(), size or SPLIT_RECORDS
    try:
        if path.stat().st_size < SPLIT_BYTES:
            return None
        if name.endswith(".jsonl"):
            found = _jsonl_parts(path, size)
        elif name.endswith(".parquet"):
            found = _parquet_parts(_parquet_file(path, columns(fields)), size)
        else:
            return None
    except (TableError, OSError, ValueError):
        return None
    return found if len(found) > 1 else None


def _jsonl_parts(path: Path, size: int) -> list[Part]:
    out: list[Part] = []
    first = offset = pos = n = 0
    with path.open("rb") as fh:
        for n, line in enumerate(fh, 1):
            if not first:
                first = n
            pos += len(line)
            if n - first + 1 == size:
                out.append(Part(first, size, offset, pos))
                first, offset = 0, pos
    if first:
        out.append(Part(first, n - first + 1, offset, pos))
    return out


def _parquet_parts(pf: Any, size: int) -> list[Part]:
    out: list[Part] = []
    groups: list[int] = []
    first = held = 0
    for g in range(pf.metadata.num_row_groups):
        groups.append(g)
        held += pf.metadata.row_group(g).num_rows
        if held >= size:
            out.append(Part(first + 1, held, row_groups=tuple(groups)))
            first, groups, held = first + held, [], 0
    if groups:
        out.append(Part(first + 1, held, row_groups=tuple(groups)))
    return out


def _published(value: Any) -> Any:
    """Parquet timestamps and epoch numbers as ISO 8601 text (UTC); text as it is, for the date parsing."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.timezone.utc).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        seconds = value / 1000 if abs(value) >= 1e11 else value  # milliseconds beyond year 5138 in seconds
        try:
            return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).isoformat()
        except (OverflowError, OSError, ValueError):
            return value
    return value


def article_of(row: Row, file_id: str, wanted: Mapping[str, str]) -> RawArticle | Unreadable:
    aid = f"{file_id}#{row.n}"
    if row.problem is not None:
        return Unreadable(aid, (_finding(aid, row.n, "bad-record", f"record {row.n}: {row.problem}; not read"),))
    if not isinstance(row.value, dict):
        what = type(row.value).__name__
        return Unreadable(aid, (_finding(aid, row.n, "bad-record", f"record {row.n} is a JSON {what}, not an object"),))
    body = row.value.get(wanted[BODY])
    if body is None:
        message = f"record {row.n} has no {wanted[BODY]!r} (the article text); not read"
        return Unreadable(aid, (_finding(aid, row.n, "missing-field", message, field=wanted[BODY]),))
    if not isinstance(body, str):
        message = f"record {row.n}: {wanted[BODY]!r} holds {type(body).__name__}, not text; not read"
        return Unreadable(aid, (_finding(aid, row.n, "bad-record", message, field=wanted[BODY]),))
    fm = {k: row.value[c] for k, c in wanted.items() if k != BODY and c in row.value}
    if "published" in fm:
        fm["published"] = _published(fm["published"])
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    return RawArticle(
        article_id=aid,
        text=text,
        encoding="utf-8",
        front_matter=fm,
        front_matter_status="ok",
        key_lines=dict.fromkeys(fm, 1),
        record=row.n,
    )


def read_table(
    path: Path, file_id: str, fields: Any = (), max_bytes: int | None = None, part: Part | None = None
) -> Iterator[RawArticle | Unreadable]:
    """Every record of one tabular file (or of one part of it), one at a time; never raises for what it holds."""
    wanted = columns(fields)
    try:
        if path.stat().st_size == 0:
            yield Unreadable(file_id, (_finding(file_id, 1, "empty-file", "empty file: no records"),))
            return
        for row in rows(path, wanted, part):
            if row.n == 0:  # the CSV header
                if wanted[BODY] not in row.value:
                    message = f"no column {wanted[BODY]!r} for the article text (columns: {', '.join(row.value)})"
                    yield Unreadable(file_id, (_finding(file_id, 1, "missing-field", message),))
                    return
                continue
            too_big = max_bytes is not None and isinstance(row.original, bytes) and len(row.original) > max_bytes
            if too_big:
                row = replace(row, value=None, problem=f"{len(row.original):,} bytes, over the limit")
            yield article_of(row, file_id, wanted)
    except TableError as e:
        if e.check == "missing-field":
            yield Unreadable(file_id, (_finding(file_id, 1, "missing-field", str(e)),))
        else:
            yield Unreadable(file_id, (_finding(file_id, 1, "bad-table", str(e)),))
    except OSError as e:
        yield Unreadable(file_id, (_finding(file_id, 1, "unreadable-file", f"cannot read file: {e.strerror or e}"),))
