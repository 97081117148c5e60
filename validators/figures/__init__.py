"""Figures stage: every number an article quotes, with its instrument, kind, sign, place and date."""

# kinds: the vocabulary of figure rows; patterns: regexes from plain phrases and their prefilters; numbers: number
# tokens; lexicon: expectations/lexicon.yaml compiled; prose: masking, unwrapping, sentences; subject: which
# instrument a number is about; dating: the day it refers to; classify: its qualifiers, kind and sign; extract: the
# rows of an article; table: the figures table. setup.py compiles all but this file and table.py, in one build.
from __future__ import annotations

from validators.figures.extract import _Doc, extract_figures
from validators.figures.kinds import (
    ANCHOR_KINDS,
    BASIS_PATTERN,
    FORMS,
    KINDS,
    LEVEL_KINDS,
    MOVE_KINDS,
    SIGNED_KINDS,
    UNDATED_BASES,
)
from validators.figures.lexicon import LEXICON_PATH, Instrument, Lexicon, _read_lexicon, approx_re, load_lexicon
from validators.figures.numbers import SCALES
from validators.figures.patterns import _fold, _hints, _holds, _trie_regex
from validators.figures.prose import sentence_spans
from validators.figures.table import COLUMNS, figures_table

__all__ = [
    "ANCHOR_KINDS",
    "BASIS_PATTERN",
    "COLUMNS",
    "FORMS",
    "KINDS",
    "LEVEL_KINDS",
    "LEXICON_PATH",
    "MOVE_KINDS",
    "SCALES",
    "SIGNED_KINDS",
    "UNDATED_BASES",
    "Instrument",
    "Lexicon",
    "_Doc",
    "_fold",
    "_hints",
    "_holds",
    "_read_lexicon",
    "_trie_regex",
    "approx_re",
    "extract_figures",
    "figures_table",
    "load_lexicon",
    "sentence_spans",
]
