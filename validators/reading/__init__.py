"""Reading stage: inputs to records (article files decoded, their front matter split and safely loaded)."""

from __future__ import annotations

# One module per idea: records (what reading yields), files (discovery and limits), decode (encodings),
# front_matter (YAML/TOML fences, safe loading) and reference (our own YAML). Tabular inputs (JSONL, CSV,
# Parquet) will be one more module beside these. No pandas here: the registry reads CHECKS from this package
# while the command line is parsed, and the hook's start-up time counts.
from validators.reading.decode import decode
from validators.reading.files import (
    ARTICLE_SUFFIXES,
    MAX_BYTES,
    discover,
    excluded,
    parse_bytes,
    read_dataset,
    read_file,
    read_records,
)
from validators.reading.front_matter import (
    CLOSING_FENCES,
    FENCE,
    MAX_YAML_NODES,
    SAFE_LOADER,
    TOML_FENCE,
    load_toml,
    load_yaml,
    split_front_matter,
    to_utc,
)
from validators.reading.records import RawArticle, Unreadable, UsageError
from validators.reading.reference import (
    MAX_REFERENCE_NODES,
    read_reference,
    reference_entries,
    reference_error,
    reference_value,
)
from validators.registry import Check

__all__ = [
    "ARTICLE_SUFFIXES",
    "CHECKS",
    "CLOSING_FENCES",
    "FENCE",
    "MAX_BYTES",
    "MAX_REFERENCE_NODES",
    "MAX_YAML_NODES",
    "SAFE_LOADER",
    "TOML_FENCE",
    "RawArticle",
    "Unreadable",
    "UsageError",
    "decode",
    "discover",
    "excluded",
    "load_toml",
    "load_yaml",
    "parse_bytes",
    "read_dataset",
    "read_file",
    "read_records",
    "read_reference",
    "reference_entries",
    "reference_error",
    "reference_value",
    "split_front_matter",
    "to_utc",
]

# The findings the reader reports itself: such a file or front matter never reaches the tables.
CHECKS: tuple[Check, ...] = (
    Check("yaml-syntax", "parse", "error", f"a front matter fenced by {FENCE} is valid YAML", "read"),
    Check("toml-syntax", "parse", "error", f"a front matter fenced by {TOML_FENCE} is valid TOML", "read"),
    Check("yaml-unsafe-tag", "parse", "error", "a front matter uses no tag that a safe YAML loader refuses", "read"),
    Check(
        "yaml-alias-bomb",
        "parse",
        "error",
        f"a front matter expands to at most {MAX_YAML_NODES:,} nodes through YAML aliases",
        "read",
    ),
    Check("duplicate-key", "parse", "error", "no front-matter key is given twice", "read"),
    Check("front-matter-not-mapping", "parse", "error", "a front matter is a mapping of keys to values", "read"),
    Check("unterminated-front-matter", "parse", "error", "a front matter opened on line 1 is closed", "read"),
    Check("empty-file", "parse", "error", "no article file is empty", "read"),
    Check("binary-file", "parse", "error", "no article file is binary (NUL bytes or characters)", "read"),
    Check("file-too-large", "parse", "error", f"no article file is over --max-bytes (default {MAX_BYTES:,})", "read"),
    Check("unreadable-file", "parse", "error", "every article file is a regular file that can be read", "read"),
    Check(
        "non-utf8-encoding",
        "encoding",
        "warning",
        "every article file is UTF-8 (one that is not is decoded in the likeliest legacy encoding)",
        "read",
    ),
    Check(
        "undecodable-bytes",
        "encoding",
        "error",
        "every article file decodes as UTF-8, as its byte-order mark says, or in a legacy encoding",
        "read",
    ),
    Check(
        "bad-record",
        "parse",
        "error",
        "every record of a tabular input is an object read as JSON or CSV, its text a string",
        "read",
    ),
    Check(
        "missing-field", "parse", "error", "every tabular input and record has the column of the article text", "read"
    ),
    Check(
        "bad-table",
        "parse",
        "error",
        "every tabular input is readable as its format (JSON array, gzip, Parquet)",
        "read",
    ),
)
