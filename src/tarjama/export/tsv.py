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
from tarjama.spreadsheet import write_cell
from tarjama.xmlsafe import xml_text

COLUMNS = ("link_id", "ar", "en", "score", "kind", "state", "origin")
PREAMBLE = "#tarjama-bitext"


def _join(cells: Iterable[str]) -> str:
    buffer = io.StringIO()
    # escaped cells hold no tab or line break: only a double quote makes the writer quote
    csv.writer(buffer, delimiter="\t", lineterminator="").writerow(
        write_cell(cell) for cell in cells
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
