"""A tab-separated table of the alignment links, for spreadsheets and for review.

Columns: ``link_id ar en score kind state origin``. A first line starting with
``#tarjama-bitext`` carries the translate run's identity (``stem=``, ``kind=``, ...); a
spreadsheet shows it as one row, :func:`~tarjama.review.read_reviewed` reads it.

Text never holds a raw tab or line break: ``\\`` ``TAB`` ``LF`` ``CR`` are written as
``\\\\`` ``\\t`` ``\\n`` ``\\r`` (U+0085, U+2028, U+2029 as ``\\u0085``, ``\\u2028``,
``\\u2029``) and read back exactly, so every cell of a reviewed file reads back to the text
that was meant, Arabic marks and bidi controls included.

A cell holding a double quote is quoted as spreadsheets quote it (wrapped in ``"``, each
``"`` inside doubled), so that Excel, LibreOffice and Python's ``csv`` read the text and
save it back unchanged; a quote inside an unquoted cell is read as itself. A cell a
spreadsheet would run as a formula (``=HYPERLINK(…)``, ``@SUM(…)``) gets an apostrophe in
front, and reading takes it off again (:mod:`tarjama.spreadsheet`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from tarjama.bitext import bitext_info, bitext_rows
from tarjama.document import Document
from tarjama.spreadsheet import neutralise_cell, restore_cell
from tarjama.xmlsafe import xml_text

COLUMNS = ("link_id", "ar", "en", "score", "kind", "state", "origin")
PREAMBLE = "#tarjama-bitext"

_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_UNESCAPES = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}
# Breaks that line-based readers other than a TSV reader split at (str.splitlines):
# written as \u2028-style escapes, so that a row is one line to every reader.
_LINE_SEPARATORS = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_ESCAPES |= _LINE_SEPARATORS
_UNESCAPED_SEPARATORS = {escape[1:]: char for char, escape in _LINE_SEPARATORS.items()}


def escape_cell(text: str) -> str:
    return "".join(_ESCAPES.get(char, char) for char in text)


def unescape_cell(text: str) -> str:
    """The inverse of :func:`escape_cell`; a backslash before anything else stays as is."""
    pieces: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and text[index + 1 : index + 2] in _UNESCAPES:
            pieces.append(_UNESCAPES[text[index + 1]])
            index += 2
            continue
        if char == "\\" and text[index + 1 : index + 6] in _UNESCAPED_SEPARATORS:
            pieces.append(_UNESCAPED_SEPARATORS[text[index + 1 : index + 6]])
            index += 6
            continue
        pieces.append(char)
        index += 1
    return "".join(pieces)


def split_line(line: str) -> list[str]:
    """The cells of one line, spreadsheet quoting, formula neutralising and escapes undone."""
    cells = next(csv.reader([line], delimiter="\t"), [])
    return [unescape_cell(restore_cell(cell)) for cell in cells]


def _join(cells: Iterable[str]) -> str:
    buffer = io.StringIO()
    # escaped cells hold no tab or line break: only a double quote makes the writer quote
    csv.writer(buffer, delimiter="\t", lineterminator="").writerow(
        neutralise_cell(escape_cell(cell)) for cell in cells
    )
    return buffer.getvalue()


def export_tsv(document: Document, stem: str | None = None) -> bytes:
    info = bitext_info(document, stem)
    # the file name as a label only (reading back needs stem and sha256): controls shown
    meta = [PREAMBLE, "version=1", f"kind={info.kind}", f"original={xml_text(info.original)}"]
    meta += [f"stem={info.stem}"] if info.stem else []
    meta += [f"sha256={info.sha256}"] if info.sha256 else []
    lines = [_join(meta), _join(COLUMNS)]
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
        lines.append(_join(cells))
    return ("\n".join(lines) + "\n").encode("utf-8")
