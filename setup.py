"""Compiles the modules of validators/figures/ with mypyc where a C compiler is at hand (README: Speed).

Extraction then runs about 1.5 times as fast. Without a compiler, or with NEWSDQ_PURE_PYTHON=1 set,
newsdq installs as plain Python and gives the same results. Everything else is in pyproject.toml.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path
from typing import Any

from setuptools import setup
from setuptools.command.build_ext import build_ext
from setuptools.errors import CCompilerError, CompileError, ExecError, PlatformError

PACKAGE = Path("validators/figures")
# The extractor's modules, compiled in one build so that calls between them stay native C calls. The package's
# __init__.py (re-exports) and table.py (pandas does its work) run as plain Python.
MODULES = ("kinds", "patterns", "numbers", "lexicon", "prose", "subject", "dating", "classify", "extract")
SOURCES = [PACKAGE / f"{name}.py" for name in MODULES]
# One shared library holds the compiled code of them all, beside the validators package (where mypyc derives the
# modules' __file__ from): newsdq_figures__mypyc.*.so; each module's own extension only imports it.
GROUP = "newsdq_figures"
# The hash of each source it was compiled from, as `sha256sum` writes them: validators/__init__.py runs the
# package as source instead when any of them differs.
STAMP = PACKAGE / "compiled.sha256"


class OptionalBuildExt(build_ext):
    """A compile that fails leaves no half-built module and no failed install: the source runs, a warning says so."""

    def run(self) -> None:
        try:
            super().run()
        except (CCompilerError, CompileError, ExecError, PlatformError, OSError) as exc:
            for ext in self.extensions:
                Path(self.get_ext_fullpath(ext.name)).unlink(missing_ok=True)
            self.warn(f"newsdq: could not compile {PACKAGE} ({exc}); it runs as plain Python, about 1.5 times slower")


def stamp_text() -> str:
    """One line per compiled source: its sha256 and its name, as `sha256sum` writes them."""
    return "".join(f"{hashlib.sha256(src.read_bytes()).hexdigest()}  {src.name}\n" for src in SOURCES)


def compiled() -> list[Any]:
    """The extension modules mypyc makes of the extractor's modules, or none (then they run as they are)."""
    if os.environ.get("NEWSDQ_PURE_PYTHON") == "1":
        return []
    from mypyc.build import mypycify

    stamp = stamp_text()
    # Imports outside the compiled modules are left untyped (Any): mypyc then reads only those and typeshed, in
    # seconds, and calls pandas and the rest of validators as plain Python does. pyproject.toml's strict
    # settings are for the mypy hook; with imports untyped they would refuse what compiles well.
    options = [f"--config-file={os.devnull}", "--follow-imports=skip", "--ignore-missing-imports"]
    try:
        extensions = list(mypycify([*options, *map(str, SOURCES)], group_name=GROUP))
    except SystemExit as exc:  # code mypyc cannot compile; it has printed why (tests/test_compiled.py fails on it)
        print(f"newsdq: mypyc could not compile {PACKAGE} ({exc}); it runs as plain Python", file=sys.stderr)
        return []
    # Only now: modules compiled earlier from other sources must not pass for these ones'.
    STAMP.write_text(stamp)
    return extensions


setup(ext_modules=compiled(), cmdclass={"build_ext": OptionalBuildExt})
