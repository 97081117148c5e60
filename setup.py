"""Compiles validators/figures.py with mypyc where a C compiler is at hand (README: Speed).

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

SOURCE = Path("validators/figures.py")
# The hash of the source it was compiled from: validators/__init__.py runs the source instead when they differ.
STAMP = Path("validators/figures.sha256")


class OptionalBuildExt(build_ext):
    """A compile that fails leaves no half-built module and no failed install: the source runs, a warning says so."""

    def run(self) -> None:
        try:
            super().run()
        except (CCompilerError, CompileError, ExecError, PlatformError, OSError) as exc:
            for ext in self.extensions:
                Path(self.get_ext_fullpath(ext.name)).unlink(missing_ok=True)
            self.warn(f"newsdq: could not compile {SOURCE} ({exc}); it runs as plain Python, about 1.5 times slower")


def compiled() -> list[Any]:
    """The extension modules mypyc makes of figures.py, or none (then figures.py runs as it is)."""
    if os.environ.get("NEWSDQ_PURE_PYTHON") == "1":
        return []
    from mypyc.build import mypycify

    source_hash = hashlib.sha256(SOURCE.read_bytes()).hexdigest()
    # Imports outside the standard library are left untyped (Any): mypyc then reads only figures.py and
    # typeshed, in seconds, and calls pandas and the other modules as plain Python does. pyproject.toml's
    # strict settings are for the mypy hook; with imports untyped they would refuse what compiles well.
    options = [f"--config-file={os.devnull}", "--follow-imports=skip", "--ignore-missing-imports"]
    try:
        extensions = list(mypycify([*options, str(SOURCE)]))
    except SystemExit as exc:  # code mypyc cannot compile; it has printed why (tests/test_compiled.py fails on it)
        print(f"newsdq: mypyc could not compile {SOURCE} ({exc}); it runs as plain Python", file=sys.stderr)
        return []
    # Only now: a module compiled earlier from another figures.py must not pass for this one's.
    STAMP.write_text(source_hash + "\n")
    return extensions


setup(ext_modules=compiled(), cmdclass={"build_ext": OptionalBuildExt})
