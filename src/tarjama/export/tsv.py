"""A tab-separated table of the alignment links, for spreadsheets and for review.

Columns: ``link_id ar en score kind state origin``. A first line starting with
``#tarjama-bitext`` carries the translate run's identity (``stem=``, ``kind=``, ...); a
spreadsheet shows it as one row, :func:`read_tsv` skips it.

Text never holds a raw tab or line break: ``\\`` ``TAB`` ``LF`` ``CR`` are written as
``\\\\`` ``\\t`` ``\\n`` ``\\r`` and read back exactly, so every cell of a reviewed file
reads back to the text that was meant, Arabic marks and bidi controls included.
"""

from __future__ import annotations

from tarjama.bitext import bitext_info, bitext_rows
from tarjama.document import Document

COLUMNS = ("link_id", "ar", "en", "score", "kind", "state", "origin")
PREAMBLE = "#tarjama-bitext"

_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_UNESCAPES = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}


def escape_cell(text: str) -> str:
    return "".join(_ESCAPES.get(char, char) for char in text)


def unescape_cell(text: str) -> str:
    """The inverse of :func:`escape_cell`; a backslash before anything else stays as is."""
    pieces: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text) and text[index + 1] in _UNESCAPES:
            pieces.append(_UNESCAPES[text[index + 1]])
            index += 2
            continue
        pieces.append(char)
        index += 1
    return "".join(pieces)


def export_tsv(document: Document, stem: str | None = None) -> bytes:
    info = bitext_info(document, stem)
    meta = [PREAMBLE, "version=1", f"kind={info.kind}", f"original={info.original}"]
    meta += [f"stem={info.stem}"] if info.stem else []
    meta += [f"sha256={info.sha256}"] if info.sha256 else []
    lines = ["\t".join(escape_cell(item) for item in meta), "\t".join(COLUMNS)]
    for row in bitext_rows(document):
        cells = [
            row.id,
            row.ar,
            row.en,
            "" if row.score is None else f"{row.score:.3f}",
            row.kind,
            row.state,
            row.origin or "",
        ]
        lines.append("\t".join(escape_cell(cell) for cell in cells))
    return ("\n".join(lines) + "\n").encode("utf-8")
