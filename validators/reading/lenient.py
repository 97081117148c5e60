"""A front matter that is not valid YAML, read line by line: the `key: value` lines at column 0, as written.

Rules (README, "Front matter that is not YAML"):
- A field is a line at column 0 of the form `key: value`; the key is a plain word (letters, digits, `_`, `-`,
  `.`), the value the rest of the line, stripped, with one pair of enclosing quotes removed (`"a: b"` -> `a: b`;
  in single quotes `''` is `'`, as in YAML; backslash escapes in double quotes are kept as written).
  Values stay text: nothing is typed as YAML would (`published: 2026-02-11` is the string, read by the date
  parser later like any other).
- Continuation lines are not joined: a key followed by any line that is no field (an indented line, a `- `
  item, other text) is left out, since its value (a multi-line scalar, a list, a mapping) cannot be read without
  YAML, and its first line alone would alter it. An empty value with nothing after it is recovered as empty.
- A key given twice is left out (which value wins is ambiguous). Blank lines and `#` comments are skipped.
Every key left out is named, so the finding says what was recovered and what was not.
"""

from __future__ import annotations

import re
from typing import NamedTuple

FIELD_RE = re.compile(r"(?P<key>[A-Za-z_][A-Za-z0-9_.-]*)[ \t]*:(?:[ \t]+(?P<value>.*?))?[ \t]*")
QUOTES = ('"', "'")


class Recovered(NamedTuple):
    """The fields read line by line, their lines, and the keys seen but left out."""

    fields: dict[str, str | None]
    key_lines: dict[str, int]
    left_out: tuple[str, ...]


def _unquoted(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in QUOTES:
        inner = value[1:-1]
        return inner.replace("''", "'") if value[0] == "'" else inner  # YAML's one escape in single quotes
    return value


def recover_fields(src: str, first_line: int) -> Recovered:
    """The `key: value` lines at column 0 of `src` (whose first line is line `first_line` of the file)."""
    fields: dict[str, str | None] = {}
    lines: dict[str, int] = {}
    left_out: list[str] = []
    last: str | None = None  # the key the following indented lines would continue
    for n, line in enumerate(src.split("\n")):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = FIELD_RE.fullmatch(line)
        if m is None:
            # An indented line, a `- item`, or column-0 text that is no field: it continues the key above.
            if last is not None and last not in left_out:
                fields.pop(last, None)
                lines.pop(last, None)
                left_out.append(last)
            continue
        key, value = m.group("key"), m.group("value")
        last = key
        if key in lines or key in left_out:
            fields.pop(key, None)
            lines.pop(key, None)
            if key not in left_out:
                left_out.append(key)
            continue
        fields[key] = _unquoted(value) if value else None
        lines[key] = first_line + n
    return Recovered(fields, lines, tuple(left_out))
