"""Reading stage: files to RawArticle (decoded text, front matter split and safely loaded)."""

from __future__ import annotations

import bisect
import codecs
import datetime as dt
import functools
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml

from validators.findings import Finding, Severity
from validators.registry import Check

ARTICLE_SUFFIXES = frozenset({".md", ".markdown", ".txt"})
MAX_BYTES = 10 * 1024 * 1024
# Past this many nodes (aliases expanded) a front matter is an alias bomb, not metadata.
MAX_YAML_NODES = 5_000
MAX_REFERENCE_NODES = 1_000_000  # reference YAML (the lexicon, ranges...) is ours and larger: a bound, not a guard
FENCE = "---"
CLOSING_FENCES = ("---", "...")
TOML_FENCE = "+++"  # Hugo's TOML front matter, opened and closed by this line
TOML_KEY_RE = re.compile(r"""^[ \t]*(?:"([^"\n]*)"|'([^'\n]*)'|([A-Za-z0-9_-]+))[ \t]*=""", re.MULTILINE)
TOML_TABLE_RE = re.compile(r"^[ \t]*\[", re.MULTILINE)
TOML_ERROR_LINE_RE = re.compile(r"\(at line (\d+), column \d+\)")
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# libyaml's safe loader where PyYAML was built with it (ten times faster), else the pure-Python one.
SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


T = TypeVar("T")


class UsageError(Exception):
    """A problem with how the tool was called (exit code 2), not with an article."""


@dataclass
class RawArticle:
    """One decoded article file: text with LF newlines, front matter split off and loaded."""

    article_id: str
    text: str
    encoding: str
    front_matter: dict[str, Any] | None = None
    front_matter_status: str = "absent"  # absent | ok | invalid
    body_offset: int = 0
    body_start_line: int = 1
    key_lines: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    _line_starts: list[int] | None = field(default=None, repr=False)

    @property
    def body(self) -> str:
        """The article text after the front matter."""
        return self.text[self.body_offset :]

    def line_of(self, pos: int) -> int:
        """1-based line in the original file of character offset `pos` in `text`."""
        if self._line_starts is None:
            starts = [0]
            find = self.text.find
            i = find("\n")
            while i != -1:
                starts.append(i + 1)
                i = find("\n", i + 1)
            self._line_starts = starts
        return bisect.bisect_right(self._line_starts, pos)


@dataclass(frozen=True)
class Unreadable:
    """A file that yields no article at all, only the findings that say why."""

    article_id: str
    findings: tuple[Finding, ...]


def _finding(
    article_id: str,
    line: int,
    check: str,
    message: str,
    severity: Severity = "error",
    category: str = "parse",
    **evidence: Any,
) -> Finding:
    return Finding(
        article=article_id,
        line=line,
        check=check,
        category=category,
        severity=severity,
        message=message,
        evidence=evidence,
    )


def _abs(p: Path) -> Path:
    return Path(os.path.abspath(p))


def discover(paths: Iterable[str | os.PathLike[str]]) -> tuple[Path, list[tuple[Path, str]]]:
    """Expand files and folders into (path, article_id) pairs; ids are relative to the common root."""
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
                    if Path(n).suffix.lower() in ARTICLE_SUFFIXES and not n.startswith(".")
                )
            files = sorted(found)
        else:
            files = [p]
        for fp in files:
            aid = _abs(fp).relative_to(root).as_posix()
            if aid not in seen:
                seen.add(aid)
                out.append((fp, aid))
    return root, out


# What browsers read unlabelled web text in (the WHATWG Encoding Standard's legacy encodings, as Python names them):
# charset-normalizer, free to pick any code page, takes a short English text in cp1252 for cp775 or mac_iceland.
WINDOWS_ENCODINGS = tuple(f"cp{n}" for n in range(1250, 1259))
SINGLE_BYTE_ENCODINGS = (
    *WINDOWS_ENCODINGS,
    *(f"iso8859_{n}" for n in (2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16)),
    *("cp866", "cp874", "koi8_r", "koi8_u", "mac_roman", "mac_cyrillic"),
)
WEB_ENCODINGS = (*SINGLE_BYTE_ENCODINGS, "gb18030", "big5", "euc_jp", "iso2022_jp", "shift_jis", "euc_kr")


def _detect(data: bytes) -> tuple[str, str] | None:
    """(text, encoding): charset-normalizer's best reading of non-UTF-8 bytes among the web's encodings, or None.

    Bytes 0x80-0x9F are punctuation in the Windows code pages (curly quotes, dashes) and control characters or
    letters elsewhere: single-byte text holding them is read in a Windows code page. cp1252, the legacy default
    for Western text, wins a tie (French "à" is not cp1250's "ŕ"). One detection pass gives all the candidates.
    """
    from charset_normalizer import from_bytes  # imported only when UTF-8 fails

    matches = list(from_bytes(data, cp_isolation=list(WEB_ENCODINGS)))
    if not matches:
        return None
    best = matches[0]
    if best.encoding in SINGLE_BYTE_ENCODINGS and any(0x80 <= b <= 0x9F for b in data):
        best = next((m for m in matches if m.encoding in WINDOWS_ENCODINGS), best)
    # A match stands for every encoding that reads the bytes alike (`could_be_from_charset`).
    western = next((m for m in matches if "cp1252" in m.could_be_from_charset), None)
    if western is not None and western.chaos <= best.chaos and western.coherence >= best.coherence:
        return str(western), "cp1252"
    return str(best), str(best.encoding)


def decode(data: bytes, article_id: str) -> tuple[str | None, str, list[Finding]]:
    """Bytes to text: BOMs and UTF-8 first, else a detected charset with an `encoding` finding."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec.replace("-sig", "-bom") if codec == "utf-8-sig" else f"{codec}-bom", []
            except UnicodeDecodeError as e:
                line = data[: e.start].count(b"\n") + 1
                return (
                    None,
                    codec,
                    [
                        _finding(
                            article_id,
                            line,
                            "undecodable-bytes",
                            f"starts with a {codec} byte-order mark but byte {e.start} is invalid",
                            category="encoding",
                            offset=e.start,
                        )
                    ],
                )
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as e:
        first_bad = e.start
    line = data[:first_bad].count(b"\n") + 1
    head = data[:8192]
    if b"\x00" in head:
        return (
            None,
            "binary",
            [_finding(article_id, 1, "binary-file", "binary file (NUL bytes, no byte-order mark): not an article")],
        )
    detected = _detect(data)
    if detected is None:
        return (
            None,
            "unknown",
            [
                _finding(
                    article_id,
                    line,
                    "undecodable-bytes",
                    f"not valid UTF-8 (byte {first_bad}) and no charset fits",
                    category="encoding",
                    offset=first_bad,
                )
            ],
        )
    text, enc = detected
    return (
        text,
        enc,
        [
            _finding(
                article_id,
                line,
                "non-utf8-encoding",
                f"not valid UTF-8 (first bad byte at offset {first_bad}); decoded as {enc}",
                severity="warning",
                category="encoding",
                offset=first_bad,
                detected=enc,
            )
        ],
    )


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


def split_front_matter(raw: RawArticle) -> None:
    """Find the `---` fenced block at the top and load it with the safe loader (or a `+++` one, as TOML)."""
    text = raw.text
    first_nl = text.find("\n")
    first = text if first_nl == -1 else text[:first_nl]
    fence = first.rstrip()
    if fence not in (FENCE, TOML_FENCE):
        return
    closing = CLOSING_FENCES if fence == FENCE else (TOML_FENCE,)
    pos = first_nl + 1 if first_nl != -1 else len(text)
    line_no = 2
    end = -1
    while pos < len(text):
        nl = text.find("\n", pos)
        line = text[pos:] if nl == -1 else text[pos:nl]
        if line.rstrip() in closing:
            end = pos
            after = len(text) if nl == -1 else nl + 1
            break
        pos = len(text) if nl == -1 else nl + 1
        line_no += 1
    if end == -1:
        raw.front_matter_status = "invalid"
        raw.findings.append(
            _finding(
                raw.article_id,
                1,
                "unterminated-front-matter",
                f"front matter opened by '{fence}' on line 1 is never closed",
            )
        )
        raw.body_offset, raw.body_start_line = first_nl + 1 if first_nl != -1 else len(text), 2
        return
    raw.body_offset, raw.body_start_line = after, line_no + 1
    load = load_yaml if fence == FENCE else load_toml
    data, key_lines, problem = load(text[first_nl + 1 : end], first_line=2)
    if problem is not None:
        raw.front_matter_status = "invalid"
        raw.findings.append(_finding(raw.article_id, problem[0], problem[1], problem[2]))
        return
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raw.front_matter_status = "invalid"
        raw.findings.append(
            _finding(
                raw.article_id,
                2,
                "front-matter-not-mapping",
                f"front matter must be a mapping of keys to values, got a {type(data).__name__}",
            )
        )
        return
    raw.front_matter = {str(k): v for k, v in data.items()}
    raw.front_matter_status = "ok"
    raw.key_lines = key_lines


def _node_problem(
    node: yaml.Node, first_line: int, what: str = "front matter", max_nodes: int = MAX_YAML_NODES
) -> tuple[int, str, str] | None:
    """Duplicate keys and alias bombs, found on the composed node graph before constructing it."""
    budget = [max_nodes]
    seen_maps: set[int] = set()

    def walk(n: yaml.Node) -> tuple[int, str, str] | None:
        budget[0] -= 1
        if budget[0] < 0:
            return (
                first_line + n.start_mark.line,
                "yaml-alias-bomb",
                f"{what} expands to more than {max_nodes} nodes through aliases; not loaded",
            )
        if isinstance(n, yaml.MappingNode):
            if id(n) not in seen_maps:
                seen_maps.add(id(n))
                keys: dict[Any, int] = {}
                for k, _ in n.value:
                    if isinstance(k, yaml.ScalarNode) and k.tag != "tag:yaml.org,2002:merge":
                        line = first_line + k.start_mark.line
                        if k.value in keys:
                            return (
                                line,
                                "duplicate-key",
                                f"key {k.value!r} appears twice (lines {keys[k.value]} and {line}); "
                                "which value wins is ambiguous",
                            )
                        keys[k.value] = line
            for k, v in n.value:
                for child in (k, v):
                    if (p := walk(child)) is not None:
                        return p
        elif isinstance(n, yaml.SequenceNode):
            for child in n.value:
                if (p := walk(child)) is not None:
                    return p
        return None

    return walk(node)


def _yaml_problem(e: Exception, first_line: int, what: str) -> tuple[int, str, str]:
    """(line, check, message) for YAML that cannot be loaded."""
    if not isinstance(e, yaml.MarkedYAMLError):
        return first_line, "yaml-syntax", f"{what} is not valid YAML: {e}"
    # The context mark is where the broken construct starts (an opening quote or bracket).
    mark = e.context_mark or e.problem_mark
    line = first_line + (mark.line if mark is not None else 0)
    detail = (e.problem or "malformed YAML").strip()
    if e.context and e.problem_mark is not None:
        detail = f"{e.context.strip()} from line {line}: {detail} at line {first_line + e.problem_mark.line}"
    if "could not determine a constructor" in detail:
        tag = detail.split("tag", 1)[-1].split()[0].strip("'") if "tag" in detail else "?"
        return line, "yaml-unsafe-tag", f"{what} uses the tag {tag}, which a safe loader never constructs; not loaded"
    return line, "yaml-syntax", f"{what} is not valid YAML: {detail}"


def load_toml(src: str, first_line: int) -> tuple[Any, dict[str, int], tuple[int, str, str] | None]:
    """Load TOML front matter; returns (data, top-level key lines, problem), as load_yaml does."""
    if sys.version_info >= (3, 11):  # imported here: most datasets hold no TOML (3 ms saved on every start)
        import tomllib
    else:  # pragma: no cover - the backport, on Python 3.10
        import tomli as tomllib
    try:
        data = tomllib.loads(src)
    except tomllib.TOMLDecodeError as e:
        at = TOML_ERROR_LINE_RE.search(str(e))
        line = first_line + int(at.group(1)) - 1 if at else first_line
        return (
            None,
            {},
            (line, "toml-syntax", f"front matter is not valid TOML: {TOML_ERROR_LINE_RE.sub('', str(e)).strip()}"),
        )
    table = TOML_TABLE_RE.search(src)  # keys after the first [table] header are that table's
    top = src[: table.start()] if table else src
    key_lines: dict[str, int] = {}
    for m in TOML_KEY_RE.finditer(top):
        key = next(g for g in m.groups() if g is not None)
        key_lines.setdefault(key, first_line + src.count("\n", 0, m.start()))
    return data, key_lines, None


def load_yaml(
    src: str,
    first_line: int,
    what: str = "front matter",
    max_nodes: int = MAX_YAML_NODES,
    check: Callable[[yaml.Node], None] | None = None,
) -> tuple[Any, dict[str, int], tuple[int, str, str] | None]:
    """Safe-load one YAML document (`what` names it in problems); returns (data, top-level key lines, problem).
    `check` sees the composed nodes before they are constructed and may raise."""
    loader = SAFE_LOADER(src)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}, None
        if (problem := _node_problem(node, first_line, what, max_nodes)) is not None:
            return None, {}, problem
        if check is not None:
            check(node)
        key_lines: dict[str, int] = {}
        if isinstance(node, yaml.MappingNode):
            for k, _ in node.value:
                if isinstance(k, yaml.ScalarNode):
                    key_lines[str(k.value)] = first_line + k.start_mark.line
        data = loader.construct_document(node)
        return data, key_lines, None
    except (yaml.YAMLError, RecursionError, ValueError, TypeError, OverflowError) as e:
        return None, {}, _yaml_problem(e, first_line, what)
    finally:
        loader.dispose()


def read_reference(path: Path, check: Callable[[yaml.Node], None] | None = None) -> Any:
    """A YAML file of reference data (the lexicon, ranges, facts...). One that cannot be read or parsed, or has a
    key twice, is a UsageError naming the file and line. `check` sees the composed nodes before they are
    constructed (the lexicon's: every list item is text) and raises its own UsageError."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise UsageError(f"{path}: cannot read: {e}") from e
    data, _, problem = load_yaml(text, 1, path.name, MAX_REFERENCE_NODES, check)
    if problem is not None:
        line, _, message = problem
        raise UsageError(f"{path}:{line}: {message}")
    return data


def reference_error(path: Path, keys: tuple[str | int, ...], problem: str) -> UsageError:
    """A UsageError for a malformed entry of a reference YAML file (its keys from the top), at its line."""
    line = 1
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
        for key in keys:
            if isinstance(node, yaml.SequenceNode) and isinstance(key, int):
                node = node.value[key]
            elif isinstance(node, yaml.MappingNode):
                node = next(v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(key))
            else:
                break
            line = node.start_mark.line + 1
    except (OSError, UnicodeDecodeError, yaml.YAMLError, IndexError, StopIteration):
        pass  # the line of the deepest entry found
    where = "".join(f"[{k}]" if isinstance(k, int) else f"{'.' if i else ''}{k}" for i, k in enumerate(keys))
    return UsageError(f"{path}:{line}: {where + ': ' if where else ''}{problem}")


def reference_entries(path: Path, doc: Any, key: str, build: Callable[[Any], T]) -> tuple[T, ...]:
    """build(entry) for each entry of the list `doc[key]` of a reference YAML file."""
    entries = reference_value(path, (key,), lambda: _listed(doc[key]))
    return tuple(reference_value(path, (key, i), functools.partial(build, e)) for i, e in enumerate(entries))


def reference_value(path: Path, keys: tuple[str | int, ...], get: Callable[[], T]) -> T:
    """get() for the entry at `keys` of a reference YAML file: a key missing, a value of the wrong type or a bad
    regex in it is a UsageError naming the file and the entry's line."""
    try:
        return get()
    except KeyError as e:
        raise reference_error(path, keys, f"missing key {e.args[0]!r}") from e
    except re.error as e:
        raise reference_error(path, keys, f"not a valid regex: {e}") from e
    except (TypeError, ValueError, IndexError, AttributeError) as e:
        raise reference_error(path, keys, f"malformed: {e}") from e


def _listed(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError(f"must be a list, got {type(value).__name__}")
    return value


def read_dataset(
    paths: Iterable[str | os.PathLike[str]], max_bytes: int = MAX_BYTES
) -> Iterator[RawArticle | Unreadable]:
    """Read every article file under `paths`, in a stable order."""
    for path, article_id in discover(paths)[1]:
        yield read_file(path, article_id, max_bytes)


def to_utc(value: Any) -> tuple[dt.datetime | None, bool]:
    """Datetime-ish YAML value to aware UTC; second item says whether a zone was assumed."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.timezone.utc), True
        return value.astimezone(dt.timezone.utc), False
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.timezone.utc), True
    if isinstance(value, str):
        s = value.strip()
        try:
            parsed = dt.datetime.fromisoformat(s)
        except ValueError:
            return None, False
        return to_utc(parsed)
    return None, False


# The findings the reader reports itself: such a file or front matter never reaches the tables.
CHECKS: tuple[Check, ...] = (
    Check("yaml-syntax", "parse", "error", f"a front matter fenced by {FENCE} is valid YAML", "read"),
    Check("toml-syntax", "parse", "error", f"a front matter fenced by {TOML_FENCE} is valid TOML", "read"),
    Check("yaml-unsafe-tag", "parse", "error", "a front matter uses no tag that a safe YAML loader refuses", "read"),
    Check(
        "yaml-alias-bomb",
        "parse",
        "error",
        f"a front matter expands to at most {MAX_YAML_NODES:,} nodes through YAML aliases",
        "read",
    ),
    Check("duplicate-key", "parse", "error", "no front-matter key is given twice", "read"),
    Check("front-matter-not-mapping", "parse", "error", "a front matter is a mapping of keys to values", "read"),
    Check("unterminated-front-matter", "parse", "error", "a front matter opened on line 1 is closed", "read"),
    Check("empty-file", "parse", "error", "no article file is empty", "read"),
    Check("binary-file", "parse", "error", "no article file is binary (NUL bytes or characters)", "read"),
    Check("file-too-large", "parse", "error", f"no article file is over --max-bytes (default {MAX_BYTES:,})", "read"),
    Check("unreadable-file", "parse", "error", "every article file is a regular file that can be read", "read"),
    Check(
        "non-utf8-encoding",
        "encoding",
        "warning",
        "every article file is UTF-8 (one that is not is decoded in the likeliest legacy encoding)",
        "read",
    ),
    Check(
        "undecodable-bytes",
        "encoding",
        "error",
        "every article file decodes as UTF-8, as its byte-order mark says, or in a legacy encoding",
        "read",
    ),
)
