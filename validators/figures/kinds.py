"""The vocabulary of figure rows: kinds and their groups, the forms numbers are written in, and dating bases."""

from __future__ import annotations

from typing import Final

KINDS: Final = ("level", "pct_change", "point_change", "ytd_pct", "threshold", "intraday", "fx_rate", "count", "ratio")
# Where an instrument stood (not how far it moved): what milestones date and levels contradict.
LEVEL_KINDS: Final = ("level", "threshold", "intraday", "fx_rate")
# A move with its sign: a day's move in percent or points, or the move since the year began.
SIGNED_KINDS: Final = frozenset({"pct_change", "point_change", "ytd_pct"})
# A day's move (the year-to-date one aside): two such moves of opposite sign contradict.
MOVE_KINDS: Final = frozenset({"pct_change", "point_change"})
# A number with a scale word ("7 billion") is a sum of money or a count, never one of these.
UNSCALED_KINDS: Final = (*LEVEL_KINDS, "point_change")
# Where an index or a price stood, exchange rates aside: what a record or first-time claim is measured against.
RECORD_KINDS: Final = ("level", "threshold", "intraday")
# A close and its move in points and in percent, in this order: one sentence's three figures arithmetic ties.
TRIPLE_KINDS: Final = ("level", "point_change", "pct_change")
FORMS: Final = ("pct", "x", "usd", "points", "plain")  # how a number is written; see extract._Sentence._number
UNDATED_BASES: Final = ("none", "period")
ANCHOR_KINDS: Final = ("session", "overnight", "published", "yesterday", "weekday")  # the lexicon's anchors: see dating
BASIS_PATTERN: Final = r"^(?:none|period|published|yesterday|overnight-[a-z]+|weekday:[A-Z][a-z]+|session:[A-Z][a-z]+)$"
