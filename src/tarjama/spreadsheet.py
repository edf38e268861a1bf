"""Cells that a spreadsheet would run as a formula, neutralised and read back losslessly.

Excel, LibreOffice and Google Sheets treat a cell that starts with ``=`` ``+`` ``-`` ``@``
(or their full-width forms), a tab or a carriage return as a formula, so text from a
document (``=HYPERLINK(…)``) could run when a reviewer opens the file. OWASP's rule for
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
