"""Our own reference YAML (the lexicon, ranges, facts...): loaded strictly, a malformed entry named by its line."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import yaml

from validators.reading.front_matter import SAFE_LOADER, load_yaml
from validators.reading.records import UsageError

MAX_REFERENCE_NODES = 1_000_000  # reference YAML (the lexicon, ranges...) is ours and larger: a bound, not a guard

T = TypeVar("T")


def read_reference(path: Path, check: Callable[[yaml.Node], None] | None = None) -> Any:
    """A YAML file of reference data; one unreadable, unparsable or with a key twice is a UsageError at its line."""
    # `check` sees the composed nodes before they are constructed (the lexicon's: every list item is text) and
    # raises its own UsageError.
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
    """get() for the entry at `keys` of a reference file; a missing key, wrong type or bad regex: UsageError."""
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
