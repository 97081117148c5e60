"""newsdq: data-quality validation for news article datasets."""

from __future__ import annotations

import functools
import importlib.machinery
import importlib.util
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # at run time, __getattr__ imports it when first asked for (the API needs pandas)
    from validators.api import validate as validate

__version__ = "0.1.0"

_HERE = Path(__file__).resolve().parent
_FIGURES = _HERE / "figures"
_STAMP = _FIGURES / "compiled.sha256"  # written by setup.py: the sha256 of each source it compiled
COMPILED = "compiled by mypyc"
NOT_COMPILED = "plain Python, not compiled"
EDITED = "plain Python, as validators/figures has changed since it was compiled"


def extractor_build() -> str:
    """How `validators.figures` runs here (README: Speed): compiled by mypyc, or plain Python and why."""
    return _extractor_build()[0]


@functools.lru_cache(maxsize=1)
def _extractor_build() -> tuple[str, tuple[str, ...]]:
    """extractor_build() and the compiled sources that have changed since they were compiled, worked out once."""
    if os.environ.get("NEWSDQ_PURE_PYTHON") == "1":
        return "plain Python, as NEWSDQ_PURE_PYTHON=1 asks", ()
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    built = {
        p.name.split(".", 1)[0]
        for p in _FIGURES.iterdir()
        if p.name.endswith(suffixes) and not p.name.split(".", 1)[0].endswith("__mypyc")
    }
    if not built:
        return NOT_COMPILED, ()
    import hashlib  # (here, not at the top: only a run that extracts figures pays for it)

    stamped: dict[str, str] = {}  # source file name -> the sha256 it was compiled from
    for line in _STAMP.read_text(encoding="utf-8").splitlines() if _STAMP.is_file() else []:
        digest, _, name = line.partition("  ")
        stamped[name] = digest
    changed = [
        name
        for name, digest in sorted(stamped.items())
        if not (_FIGURES / name).is_file() or hashlib.sha256((_FIGURES / name).read_bytes()).hexdigest() != digest
    ]
    # A module compiled but not stamped (or the stamp missing) was built from sources nobody recorded.
    changed += sorted(f"{name}.py" for name in built if f"{name}.py" not in stamped)
    return (EDITED, tuple(changed)) if changed else (COMPILED, ())


class _FiguresSource:
    """The modules of `validators.figures` run compiled where setup.py could build them. This finder loads them
    all from their sources instead when NEWSDQ_PURE_PYTHON=1 is set, or when any compiled module was not built
    from the source beside it, say after an edit: an edit never goes silently unused, nor mixes with stale code."""

    warned = False

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if not fullname.startswith("validators.figures."):
            return None
        source = _FIGURES / f"{fullname.rpartition('.')[2]}.py"
        if not source.is_file():
            return None  # the compiled modules' shared library, say
        build, changed = _extractor_build()
        if build in (COMPILED, NOT_COMPILED):
            return None  # the usual finders load what is there
        if build == EDITED and not _FiguresSource.warned:
            import warnings

            _FiguresSource.warned = True
            warnings.warn(
                f"{', '.join(str(_FIGURES / name) for name in changed)} has changed since it was compiled: running "
                f"{_FIGURES} as plain Python, about 1.5 times slower (`make` compiles it again)",
                stacklevel=2,
            )
        return importlib.util.spec_from_file_location(fullname, source)


sys.meta_path.insert(0, _FiguresSource())


def __getattr__(name: str) -> object:
    """`validators.validate` (the Python API, validators.api), imported when first used: no pandas at import."""
    if name == "validate":
        from validators.api import validate

        return validate
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
