"""Cells of a table meant for spreadsheets (the TSV export, piped tables, glossary CSV):
escaped so that a row is one line, and neutralised where a spreadsheet would run a formula,
both read back losslessly.

Escapes: backslash, tab, line feed and carriage return are written ``\\\\`` ``\\t``
``\\n`` ``\\r``, and the line separators other line-based readers split at (U+0085,
U+2028, U+2029) as ``\\u0085``-style escapes; a backslash before anything else stays.

Formulas: Excel, LibreOffice and Google Sheets treat a cell that starts with ``=`` ``+``
``-`` ``@`` (or their full-width forms), a tab or a carriage return as a formula, so text
from a document (``=HYPERLINK(…)``) could run when a reviewer opens the file. OWASP's rule for
CSV injection: prefix such a cell with an apostrophe, which every spreadsheet shows as text.

To read the file back exactly, the prefix must be told from an apostrophe the text really
starts with: a cell that is any number of apostrophes followed by a formula starter gets
one apostrophe more, and reading removes one from such a cell. Every other cell is
written and read unchanged.
"""

from __future__ import annotations

FORMULA_STARTERS = "=+-@\t\r\uff1d\uff0b\uff0d\uff20"
_PREFIX = "'"


def _looks_prefixed(cell: str) -> bool:
    rest = cell.lstrip(_PREFIX)
    return bool(rest) and rest[0] in FORMULA_STARTERS


def neutralise_cell(cell: str) -> str:
    """``=1+2`` → ``'=1+2``; ``'=x`` → ``''=x``; anything else unchanged."""
    return _PREFIX + cell if _looks_prefixed(cell) else cell


def restore_cell(cell: str) -> str:
    """The inverse of :func:`neutralise_cell`."""
    if cell.startswith(_PREFIX) and _looks_prefixed(cell):
        return cell[1:]
    return cell


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


def write_cell(text: str) -> str:
    """A cell as the TSV export writes it: escaped, then neutralised."""
    return neutralise_cell(escape_cell(text))


def read_cell(cell: str) -> str:
    """The inverse of :func:`write_cell`."""
    return unescape_cell(restore_cell(cell))
