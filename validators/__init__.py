"""newsdq: data-quality validation for news article datasets."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

__version__ = "0.1.0"

_HERE = Path(__file__).resolve().parent
COMPILED = "compiled by mypyc"
NOT_COMPILED = "plain Python, not compiled"
EDITED = "plain Python, as figures.py has changed since it was compiled"


def extractor_build() -> str:
    """How `validators.figures` runs here (README: Speed): compiled by mypyc, or plain Python and why."""
    if os.environ.get("NEWSDQ_PURE_PYTHON") == "1":
        return "plain Python, as NEWSDQ_PURE_PYTHON=1 asks"
    if not any((_HERE / f"figures{suffix}").is_file() for suffix in importlib.machinery.EXTENSION_SUFFIXES):
        return NOT_COMPILED
    import hashlib  # (here, not at the top: only a run that extracts figures pays for it)

    stamp = _HERE / "figures.sha256"
    built_from = stamp.read_text().strip() if stamp.is_file() else None
    if built_from != hashlib.sha256((_HERE / "figures.py").read_bytes()).hexdigest():
        return EDITED
    return COMPILED


class _FiguresSource:
    """`validators.figures` runs compiled where setup.py could build it. This finder loads figures.py itself
    instead when NEWSDQ_PURE_PYTHON=1 is set, or when the compiled module was not built from the figures.py
    beside it, say after an edit: an edit never goes silently unused."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != "validators.figures":
            return None
        build = extractor_build()
        if build in (COMPILED, NOT_COMPILED):
            return None  # the usual finders load what is there
        if build == EDITED:
            import warnings

            warnings.warn(
                f"{_HERE / 'figures.py'} has changed since it was compiled: running it as plain Python, "
                "about 1.5 times slower (`make` compiles it again)",
                stacklevel=2,
            )
        return importlib.util.spec_from_file_location(fullname, _HERE / "figures.py")


sys.meta_path.insert(0, _FiguresSource())
