"""Bytes to text: byte-order marks and UTF-8 first, else the likeliest legacy web encoding (charset-normalizer)."""

from __future__ import annotations

import codecs

from validators.findings import Finding
from validators.reading.records import _finding

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# What browsers read unlabelled web text in (the WHATWG Encoding Standard's legacy encodings, as Python names them):
# charset-normalizer, free to pick any code page, takes a short English text in cp1252 for cp775 or mac_iceland.
WINDOWS_ENCODINGS = tuple(f"cp{n}" for n in range(1250, 1259))
SINGLE_BYTE_ENCODINGS = (
    *WINDOWS_ENCODINGS,
    *(f"iso8859_{n}" for n in (2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16)),
    *("cp866", "cp874", "koi8_r", "koi8_u", "mac_roman", "mac_cyrillic"),
)
WEB_ENCODINGS = (*SINGLE_BYTE_ENCODINGS, "gb18030", "big5", "euc_jp", "iso2022_jp", "shift_jis", "euc_kr")

Decoded = tuple[str | None, str, list[Finding]]  # (text or None, encoding, findings)


def _detect(data: bytes) -> tuple[str, str] | None:
    """(text, encoding): charset-normalizer's best reading of non-UTF-8 bytes among the web's encodings, or None."""
    from charset_normalizer import from_bytes  # imported only when UTF-8 fails

    matches = list(from_bytes(data, cp_isolation=list(WEB_ENCODINGS)))  # one pass gives all the candidates
    if not matches:
        return None
    best = matches[0]
    # Bytes 0x80-0x9F are punctuation in the Windows code pages (curly quotes, dashes) and control characters or
    # letters elsewhere: single-byte text holding them is read in a Windows code page.
    if best.encoding in SINGLE_BYTE_ENCODINGS and any(0x80 <= b <= 0x9F for b in data):
        best = next((m for m in matches if m.encoding in WINDOWS_ENCODINGS), best)
    # A match stands for every encoding that reads the bytes alike (`could_be_from_charset`). cp1252, the legacy
    # default for Western text, wins a tie (French "à" is not cp1250's "ŕ").
    western = next((m for m in matches if "cp1252" in m.could_be_from_charset), None)
    if western is not None and western.chaos <= best.chaos and western.coherence >= best.coherence:
        return str(western), "cp1252"
    return str(best), str(best.encoding)


def decode(data: bytes, article_id: str) -> Decoded:
    """Bytes to text: BOMs and UTF-8 first, else a detected charset with an `encoding` finding."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            return _decode_marked(data, article_id, codec)
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as e:
        first_bad = e.start
    return _decode_legacy(data, article_id, first_bad)


def _decode_marked(data: bytes, article_id: str, codec: str) -> Decoded:
    """Bytes that open with the byte-order mark of `codec`: that codec decodes them, or they are undecodable."""
    try:
        return data.decode(codec), codec.replace("-sig", "-bom") if codec == "utf-8-sig" else f"{codec}-bom", []
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        return (
            None,
            codec,
            [
                _finding(
                    article_id,
                    line,
                    "undecodable-bytes",
                    f"starts with a {codec} byte-order mark but byte {e.start} is invalid",
                    category="encoding",
                    offset=e.start,
                )
            ],
        )


def _decode_legacy(data: bytes, article_id: str, first_bad: int) -> Decoded:
    """Bytes that are not UTF-8 (first at `first_bad`): binary, undecodable, or text in a detected charset."""
    line = data[:first_bad].count(b"\n") + 1
    head = data[:8192]
    if b"\x00" in head:
        return (
            None,
            "binary",
            [_finding(article_id, 1, "binary-file", "binary file (NUL bytes, no byte-order mark): not an article")],
        )
    detected = _detect(data)
    if detected is None:
        return (
            None,
            "unknown",
            [
                _finding(
                    article_id,
                    line,
                    "undecodable-bytes",
                    f"not valid UTF-8 (byte {first_bad}) and no charset fits",
                    category="encoding",
                    offset=first_bad,
                )
            ],
        )
    text, enc = detected
    return (
        text,
        enc,
        [
            _finding(
                article_id,
                line,
                "non-utf8-encoding",
                f"not valid UTF-8 (first bad byte at offset {first_bad}); decoded as {enc}",
                severity="warning",
                category="encoding",
                offset=first_bad,
                detected=enc,
            )
        ],
    )
