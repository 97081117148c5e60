"""newsdq: data-quality validation for news article datasets."""

from __future__ import annotations

__version__ = "0.1.0"
