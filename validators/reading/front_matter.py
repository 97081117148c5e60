"""Front matter: the fenced block at the top of an article, split off and loaded safely (YAML or TOML)."""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import yaml

from validators.reading.lenient import recover_fields
from validators.reading.records import RawArticle, Unreadable, _finding
from validators.reading.timestamps import parse_timestamp

# Past this many nodes (aliases expanded) a front matter is an alias bomb, not metadata.
MAX_YAML_NODES = 5_000
FENCE = "---"
CLOSING_FENCES = ("---", "...")
TOML_FENCE = "+++"  # Hugo's TOML front matter, opened and closed by this line
TOML_KEY_RE = re.compile(r"""^[ \t]*(?:"([^"\n]*)"|'([^'\n]*)'|([A-Za-z0-9_-]+))[ \t]*=""", re.MULTILINE)
TOML_TABLE_RE = re.compile(r"^[ \t]*\[", re.MULTILINE)
TOML_ERROR_LINE_RE = re.compile(r"\(at line (\d+), column \d+\)")

# libyaml's safe loader where PyYAML was built with it (ten times faster), else the pure-Python one.
SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

R = TypeVar("R", bound="RawArticle | Unreadable")
# Front matters read line by line when YAML refuses them (not a tag or an alias bomb: those are not data).
RECOVERABLE = ("yaml-syntax", "duplicate-key")
Problem = tuple[int, str, str]  # (line, check id, message) of a document that is not loaded
Loaded = tuple[Any, dict[str, int], Problem | None]  # (data, top-level key lines, problem)


def split_front_matter(raw: RawArticle) -> None:
    """Find the `---` fenced block at the top and load it with the safe loader (or a `+++` one, as TOML)."""
    text = raw.text
    first_nl = text.find("\n")
    first = text if first_nl == -1 else text[:first_nl]
    fence = first.rstrip()
    if fence not in (FENCE, TOML_FENCE):
        return
    opened = first_nl + 1 if first_nl != -1 else len(text)
    close = _closing_fence(text, opened, CLOSING_FENCES if fence == FENCE else (TOML_FENCE,))
    if close is None:
        raw.front_matter_status = "invalid"
        raw.findings.append(
            _finding(
                raw.article_id,
                1,
                "unterminated-front-matter",
                f"front matter opened by '{fence}' on line 1 is never closed",
            )
        )
        raw.body_offset, raw.body_start_line = opened, 2
        return
    end, after, line_no = close
    raw.body_offset, raw.body_start_line = after, line_no + 1
    load = load_yaml if fence == FENCE else load_toml
    _take_front_matter(raw, load(text[opened:end], first_line=2))
    if fence == FENCE and raw.front_matter_status == "invalid" and raw.findings[-1].check in RECOVERABLE:
        _recover(raw, text[opened:end])


def _recover(raw: RawArticle, src: str) -> None:
    """Fields of a front matter that YAML refuses, read line by line; the yaml-syntax (or duplicate-key) finding
    says which."""
    got = recover_fields(src, first_line=2)
    syntax = raw.findings.pop()
    named = ", ".join(got.fields) or "none"
    note = f"; fields recovered line by line, as written: {named}"
    if got.left_out:
        note += f" (not recovered: {', '.join(got.left_out)})"
    raw.findings.append(
        _finding(
            raw.article_id,
            syntax.line,
            syntax.check,
            syntax.message + note,
            **syntax.evidence,
            recovered=list(got.fields),
            not_recovered=list(got.left_out),
        )
    )
    raw.front_matter, raw.key_lines, raw.recovered = dict(got.fields), got.key_lines, tuple(got.fields)


def _closing_fence(text: str, pos: int, closing: tuple[str, ...]) -> tuple[int, int, int] | None:
    """(start, end, line number) of the first line from `pos` (line 2) that is a closing fence, or None."""
    line_no = 2
    while pos < len(text):
        nl = text.find("\n", pos)
        line = text[pos:] if nl == -1 else text[pos:nl]
        after = len(text) if nl == -1 else nl + 1
        if line.rstrip() in closing:
            return pos, after, line_no
        pos = after
        line_no += 1
    return None


def _take_front_matter(raw: RawArticle, loaded: Loaded) -> None:
    """Keep a loaded front matter that is a mapping; anything else is a finding and an invalid front matter."""
    data, key_lines, problem = loaded
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
    """Safe-load one YAML document (`what` names it in problems); returns (data, top-level key lines, problem)."""
    # `check` sees the composed nodes before they are constructed, and may raise.
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


def utc(value: dt.datetime) -> dt.datetime:
    """An aware datetime in UTC; one the datetime type cannot hold in UTC (year 1 at +05:00) is clamped to its
    first or last instant, which the date checks then report as too early or in the future."""
    try:
        return value.astimezone(dt.timezone.utc)
    except OverflowError:
        edge = dt.datetime.min if value.year == dt.MINYEAR else dt.datetime.max
        return edge.replace(tzinfo=dt.timezone.utc)


def to_utc(value: Any) -> tuple[dt.datetime | None, bool]:
    """Datetime-ish YAML value to aware UTC; second item says whether a zone was assumed."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.timezone.utc), True
        return utc(value), False
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.timezone.utc), True
    if isinstance(value, str):
        # ISO 8601, or one of the explicit non-ISO shapes of validators.reading.timestamps
        parsed = parse_timestamp(value)
        if parsed is None:
            return None, False
        return utc(parsed.stamp), parsed.assumed
    return None, False


def apply_fields(raw: R, fields: tuple[tuple[str, str], ...]) -> R:
    """Front-matter keys renamed to the article fields they map to (`Settings.fields`, e.g. published=date).

    A key is renamed only when the front matter has no key of the field's own name: an article's own
    `published` wins over a mapped `date`, which then stays as it is (an extra key). Lines and the recovered
    keys follow the rename; no value changes. `body` and identity mappings are not front-matter keys here.
    """
    if not isinstance(raw, RawArticle) or not raw.front_matter or not fields:  # an Unreadable passes through
        return raw
    fm = raw.front_matter
    renames = {key: name for name, key in fields if name != key and name != "body" and key in fm and name not in fm}
    if renames:
        raw.front_matter = {renames.get(k, k): v for k, v in fm.items()}
        raw.key_lines = {renames.get(k, k): n for k, n in raw.key_lines.items()}
        raw.recovered = tuple(renames.get(k, k) for k in raw.recovered)
    return raw
