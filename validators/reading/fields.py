"""Which input column holds which article field: the mapping of tabular inputs, and presets of known tools.

The article fields are the front-matter keys plus `body` (the text). A column that the mapping does not name
keeps its own name when that is an article field ("title" is read as the title unless mapped elsewhere).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from validators.reading.records import UsageError

BODY = "body"
FIELDS = ("title", "source", "url", "published", "category", "summary", BODY)

# Each preset: article field -> the column the tool writes. Sources of the names:
PRESETS: dict[str, dict[str, str]] = {
    # news-please's article JSON (news-please README "Output"; its NewsArticle: maintext, date_publish,
    # source_domain, description).
    "news-please": {
        "title": "title",
        BODY: "maintext",
        "published": "date_publish",
        "url": "url",
        "source": "source_domain",
        "summary": "description",
    },
    # trafilatura's JSON output (trafilatura xml.build_json_output): it renames url to "source", sitename to
    # "source-hostname" and description to "excerpt", and joins categories with ";". The hostname names the site.
    "trafilatura": {
        "title": "title",
        BODY: "text",
        "published": "date",
        "url": "source",
        "source": "hostname",
        "summary": "excerpt",
        "category": "categories",
    },
    # Hugging Face cc_news (its dataset card's features: title, text, domain, date, description, url, image_url).
    "cc-news": {
        "title": "title",
        BODY: "text",
        "published": "date",
        "url": "url",
        "source": "domain",
        "summary": "description",
    },
}


def parse_fields(text: str) -> tuple[tuple[str, str], ...]:
    """`"title=headline,published=date"` as (field, column) pairs; a bad item is a UsageError naming it."""
    pairs: list[tuple[str, str]] = []
    for item in text.split(","):
        if not item.strip():
            continue
        name, sep, column = (part.strip() for part in item.partition("="))
        if not sep or not name or not column:
            raise UsageError(f"--fields item {item.strip()!r} is not FIELD=COLUMN (e.g. published=date_publish)")
        if name not in FIELDS:
            raise UsageError(f"--fields item {item.strip()!r}: {name!r} is not one of {', '.join(FIELDS)}")
        if any(name == seen for seen, _ in pairs):
            raise UsageError(f"--fields item {item.strip()!r}: {name!r} is mapped twice")
        pairs.append((name, column))
    return tuple(pairs)


def preset(name: str) -> tuple[tuple[str, str], ...]:
    """A preset's mapping as Settings.fields pairs; an unknown name is a UsageError naming the known ones."""
    if name not in PRESETS:
        raise UsageError(f"unknown preset {name!r}; known: {', '.join(sorted(PRESETS))}")
    return tuple(PRESETS[name].items())


def columns(fields: Iterable[tuple[str, str]] | Mapping[str, str] = ()) -> dict[str, str]:
    """Every article field -> the column it is read from (the field's own name when not mapped)."""
    mapped = dict(fields.items() if isinstance(fields, Mapping) else fields)
    unknown = sorted(set(mapped) - set(FIELDS))
    if unknown:
        raise UsageError(f"field mapping names {', '.join(unknown)}, not one of {', '.join(FIELDS)}")
    return {name: mapped.get(name, name) for name in FIELDS}
