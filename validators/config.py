"""The config file: `[tool.newsdq]` in ./pyproject.toml, ./newsdq.yaml, or `--config FILE`; and what it sets.

Where it is looked for: `--config FILE` (TOML or YAML by its suffix; a pyproject.toml's `[tool.newsdq]` table),
else ./newsdq.yaml (or .yml), else ./pyproject.toml when it has a `[tool.newsdq]` table, else none. A flag given
on the command line overrides the file's key. Paths in the file (`paths`, `baseline`) are relative to its folder.
An unknown key or a value of the wrong type is a UsageError (exit 2) naming the file and the key.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from validators.findings import SEVERITY_RANK, Finding, Severity
from validators.reading import MAX_BYTES, UsageError, read_reference
from validators.reading.fields import BODY, FIELDS

if TYPE_CHECKING:
    from validators.context import Settings

YAML_NAMES = ("newsdq.yaml", "newsdq.yml")
FRONT_MATTER_KEYS = tuple(f for f in FIELDS if f != BODY)
FAIL_ON = ("error", "warning")


@dataclass(frozen=True)
class Config:
    """A config file's settings, checked (keys with '-' as '_'); `path` None: no file."""

    path: Path | None = None
    values: Mapping[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        """A key's value, or `default` when the file does not set it."""
        return self.values.get(key, default)


def _where(path: Path, key: str) -> str:
    table = "[tool.newsdq] " if path.name == "pyproject.toml" else ""
    return f"{path}: {table}key {key!r}"


def _strings(path: Path, key: str, value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UsageError(f"{_where(path, key)} must be a list of strings, not {value!r}")
    return list(value)


def _mapping(path: Path, key: str, value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise UsageError(f"{_where(path, key)} must be a table of names to strings, not {value!r}")
    return dict(value)


def _one_of(path: Path, key: str, value: Any, choices: Iterable[str], what: str = "value") -> str:
    choices = tuple(choices)
    if isinstance(value, str) and value in choices:
        return value
    near = difflib.get_close_matches(str(value), choices, n=1)
    hint = f": did you mean {near[0]!r}?" if near else f" (one of {', '.join(choices)})"
    raise UsageError(f"{_where(path, key)}: {value!r} is not a known {what}{hint}")


def _count(path: Path, key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise UsageError(f"{_where(path, key)} must be a whole number of at least 1, not {value!r}")
    return value


def _check_ids(path: Path, key: str, value: Any) -> list[str]:
    from validators.registry import check_ids

    return [_one_of(path, key, v, sorted(check_ids()), "check id") for v in _strings(path, key, value)]


def _severity(path: Path, key: str, value: Any) -> dict[str, str]:
    from validators.registry import check_ids

    known = sorted(check_ids())
    return {
        _one_of(path, key, check, known, "check id"): _one_of(path, f"{key}.{check}", sev, SEVERITY_RANK, "severity")
        for check, sev in _mapping(path, key, value).items()
    }


def _fields(path: Path, key: str, value: Any) -> dict[str, str]:
    mapping = _mapping(path, key, value)
    for name in mapping:
        _one_of(path, key, name, FIELDS, "article field")
    return mapping


def _preset(path: Path, key: str, value: Any) -> str:
    from validators.reading.fields import PRESETS

    return _one_of(path, key, value, sorted(PRESETS), "preset")


def _relative_paths(path: Path, key: str, value: Any) -> list[str]:
    return [str(path.parent / p) for p in _strings(path, key, value)]


def _relative_path(path: Path, key: str, value: Any) -> str:
    if not isinstance(value, str):
        raise UsageError(f"{_where(path, key)} must be a path (a string), not {value!r}")
    return str(path.parent / value)


Checker = Callable[[Path, str, Any], Any]
KEYS: dict[str, Checker] = {
    "paths": _relative_paths,
    "fields": _fields,
    "preset": _preset,
    "required": lambda p, k, v: [_one_of(p, k, x, FRONT_MATTER_KEYS, "front-matter key") for x in _strings(p, k, v)],
    "placeholders": _strings,
    "select": _check_ids,
    "ignore": _check_ids,
    "severity": _severity,
    "exclude": _strings,
    "fail-on": lambda p, k, v: _one_of(p, k, v, FAIL_ON, "severity"),
    "jobs": _count,
    "max-bytes": _count,
    "baseline": _relative_path,
}


def check(raw: Any, path: Path) -> Config:
    """The file's table checked key by key: an unknown key or a wrong type is a UsageError naming both."""
    if not isinstance(raw, dict):
        raise UsageError(f"{path}: the config must be a table of keys, not {type(raw).__name__}")
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in KEYS:
            near = difflib.get_close_matches(str(key), KEYS, n=1)
            hint = f": did you mean {near[0]!r}?" if near else f" (known: {', '.join(KEYS)})"
            raise UsageError(f"{_where(path, str(key))} is not a newsdq setting{hint}")
        values[key.replace("-", "_")] = KEYS[key](path, key, value)
    return Config(path, values)


def _load_toml(path: Path) -> Any:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise UsageError(f"{path}: not valid TOML: {e}") from e
    return doc.get("tool", {}).get("newsdq", {}) if path.name == "pyproject.toml" else doc


def _load_yaml(path: Path) -> Any:
    # As our reference YAML is read: the safe C loader, an error (a key given twice too) named at its line.
    doc = read_reference(path)
    return {} if doc is None else doc


def load(path: Path) -> Config:
    """One config file, checked (TOML for .toml, YAML for .yaml/.yml)."""
    try:
        if path.suffix.lower() == ".toml":
            return check(_load_toml(path), path)
        if path.suffix.lower() in (".yaml", ".yml"):
            return check(_load_yaml(path), path)
    except OSError as e:
        raise UsageError(f"{path}: cannot read the config file: {e.strerror or e}") from e
    except UnicodeDecodeError as e:
        raise UsageError(f"{path}: the config file is not UTF-8 text") from e
    raise UsageError(f"{path}: a config file is .toml or .yaml (.yml)")


def _has_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return "tool.newsdq" in text  # (a cheap look first: most pyproject.toml files have no such table)


def find(explicit: Path | None = None, cwd: Path | None = None) -> Config:
    """The run's config: --config FILE, else ./newsdq.yaml, else ./pyproject.toml's [tool.newsdq], else none."""
    if explicit is not None:
        if not explicit.is_file():
            raise UsageError(f"{explicit}: no such config file")
        return load(explicit)
    here = Path.cwd() if cwd is None else cwd
    for name in YAML_NAMES:
        if (here / name).is_file():
            return load(here / name)
    pyproject = here / "pyproject.toml"
    if pyproject.is_file() and _has_table(pyproject):
        config = load(pyproject)
        return config if config.values else Config()
    return Config()


def apply_severity(findings: Iterable[Finding], settings: Settings) -> list[Finding]:
    """The findings with the run's per-check severity overrides (the config's `severity`) applied."""
    overrides = cast("dict[str, Severity]", dict(settings.severity))
    if not overrides:
        return list(findings)
    return [
        replace(f, severity=overrides[f.check]) if f.check in overrides and overrides[f.check] != f.severity else f
        for f in findings
    ]


def default_jobs() -> int:
    """Every core this process may use (os.process_cpu_count on 3.13, the affinity mask, else os.cpu_count)."""
    count = getattr(os, "process_cpu_count", None)
    if count is not None:
        return max(1, count() or 1)
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


LIST_KEYS = ("paths", "select", "ignore", "exclude")  # empty on the command line: the file's


def configure(args: argparse.Namespace, jobs: int | None = None) -> Config:
    """Fill what the command line left unset from the config file, then from the defaults; kept as args.config.

    `jobs`: the default worker count when neither sets one (None: every core).
    """
    config = find(getattr(args, "config", None))
    for key in LIST_KEYS:
        if hasattr(args, key) and not getattr(args, key):
            setattr(args, key, list(config.get(key, [])))
    defaults = {"fail_on": "error", "max_bytes": MAX_BYTES, "baseline": None, "preset": None, "jobs": None}
    for key, default in defaults.items():
        if hasattr(args, key) and getattr(args, key) is None:
            setattr(args, key, config.get(key, default))
    if isinstance(getattr(args, "baseline", None), str):
        args.baseline = Path(args.baseline)
    if hasattr(args, "jobs") and args.jobs is None:
        args.jobs = default_jobs() if jobs is None else jobs
    args.config = config
    return config


def fields_of(args: argparse.Namespace) -> tuple[tuple[str, str], ...]:
    """The field mapping: the preset's (--preset, else the file's), then --fields (else the file's `fields`)."""
    from validators.reading.fields import parse_fields, preset

    config: Config = getattr(args, "config", None) or Config()
    name = getattr(args, "preset", None)
    mapping = dict(preset(name)) if name else {}
    given = getattr(args, "fields", None)
    mapping.update(parse_fields(given) if given else config.get("fields", {}))
    return tuple(mapping.items())


def settings_keys(args: argparse.Namespace) -> dict[str, Any]:
    """What args and the config set of Settings beyond --select/--ignore/--max-bytes (keyword arguments)."""
    config: Config = getattr(args, "config", None) or Config()
    required, placeholders = config.get("required"), config.get("placeholders")
    return {
        "fields": fields_of(args),
        "required": None if required is None else tuple(required),
        "placeholders": None if placeholders is None else tuple(placeholders),
        "severity": tuple(sorted(config.get("severity", {}).items())),
        "exclude": tuple(getattr(args, "exclude", None) or ()),
        "jobs": int(getattr(args, "jobs", None) or 1),
        "progress": bool(getattr(args, "progress", False)),
    }
