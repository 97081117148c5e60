"""The real corpora of ../shared/corpora as article files in a folder: the one loader tests and benchmarks use.

    python scripts/corpora.py NAME DEST     # unpack one corpus (or `all`) under DEST/NAME

- Reuters-21578's SGML becomes one file per story with a body, named `reut2-NNN.sgm#NEWID.txt` (so the id
  with its suffix dropped is `reut2-NNN.sgm#NEWID`), its TITLE and DATE as front matter and its BODY as text.
- finescoop's inner archive (all 24,833 posts) is extracted whole.
- The others are unpacked as they are.
The archives are only read; nothing is written beside them.
"""

from __future__ import annotations

import html
import io
import json
import os
import re
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the project root: where a checkout (and CI's clean clone) finds the corpora.
SHARED = ROOT.parent / "shared"
CORPORA = SHARED / "corpora"
NAMES = (
    "digitalgov_hugo_news",
    "finescoop_jigsaw_posts",
    "gothamist_markdown",
    "policytracker_news_markdown",
    "reuters21578",
)
REUTERS_RE = re.compile(r"<REUTERS(.*?)</REUTERS>", re.S)
TAG_RES = {tag: re.compile(rf"<{tag}>(.*?)</{tag}>", re.S) for tag in ("TITLE", "BODY", "DATE")}
NEWID_RE = re.compile(r'NEWID="(\d+)"')
# '26-FEB-1987 15:01:01.79', often with leading spaces or trailing garbage; the zone is not stated.
REUTERS_DATE_RE = re.compile(r"^\s*(\d{1,2})-([A-Z]{3})-(\d{4}) (\d\d):(\d\d):(\d\d)")
MONTHS = {
    m: i for i, m in enumerate(("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), 1)
}


def archive(name: str) -> Path:
    """The archive of corpus `name`; a clear error when ../shared/corpora is not beside the checkout."""
    path = CORPORA / f"{name}.tar.gz"
    if not path.is_file():
        raise FileNotFoundError(f"{path}: missing (the corpora live in ../shared/corpora beside the project root)")
    return path


def reuters_date(text: str) -> str:
    """A Reuters DATE as ISO 8601 UTC where it reads as a real time, else the text as it stands."""
    m = REUTERS_DATE_RE.match(text)
    if m and m[2] in MONTHS and int(m[4]) < 24:
        day, year, hh, mm, ss = int(m[1]), int(m[3]), m[4], m[5], m[6]
        return f"{year:04d}-{MONTHS[m[2]]:02d}-{day:02d}T{hh}:{mm}:{ss}Z"
    return text.strip()


def reuters_story(doc: str) -> tuple[str, str] | None:
    """(NEWID, article text) of one <REUTERS> element, or None when it has no BODY."""
    body = TAG_RES["BODY"].search(doc)
    newid = NEWID_RE.search(doc)
    if body is None or newid is None:
        return None
    head = []
    title = TAG_RES["TITLE"].search(doc)
    if title:
        head.append(f"title: {json.dumps(html.unescape(title[1]).strip(), ensure_ascii=False)}")
    date = TAG_RES["DATE"].search(doc)
    if date:
        head.append(f"published: {json.dumps(reuters_date(html.unescape(date[1])))}")
    front = "---\n" + "\n".join(head) + "\n---\n" if head else ""
    return newid[1], front + html.unescape(body[1])


def unpack_reuters(dest: Path) -> int:
    """One file per story with a body; returns how many."""
    n = 0
    with tarfile.open(archive("reuters21578")) as tar:
        for member in sorted(tar.getmembers(), key=lambda m: m.name):
            if not member.name.endswith(".sgm"):
                continue
            sgml = tar.extractfile(member).read().decode("latin-1")  # type: ignore[union-attr]
            for doc in REUTERS_RE.findall(sgml):
                story = reuters_story(doc)
                if story is not None:
                    name = f"{Path(member.name).name}#{story[0]}.txt"
                    (dest / name).write_text(story[1], encoding="utf-8")
                    n += 1
    return n


def unpack(name: str, dest: str | os.PathLike[str]) -> Path:
    """Corpus `name` as article files under DEST/NAME; returns that folder."""
    out = Path(dest) / name
    out.mkdir(parents=True, exist_ok=True)
    if name == "reuters21578":
        unpack_reuters(out)
        return out
    with tarfile.open(archive(name)) as tar:
        if name == "finescoop_jigsaw_posts":
            inner = tar.extractfile(f"{name}/finescoop_posts.tar.gz")
            assert inner is not None
            with tarfile.open(fileobj=io.BytesIO(inner.read())) as posts:
                posts.extractall(out, filter="data")
        else:
            tar.extractall(out.parent, filter="data")
    return out


def article_id(path: str) -> str:
    """The loader's id of an article file's id under its corpus folder (Reuters drops the `.txt`)."""
    return path[: -len(".txt")] if ".sgm#" in path and path.endswith(".txt") else path


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in (*NAMES, "all"):
        print(f"usage: corpora.py {{{'|'.join(NAMES)}|all}} DEST", file=sys.stderr)
        return 2
    for name in NAMES if argv[0] == "all" else (argv[0],):
        print(unpack(name, argv[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
