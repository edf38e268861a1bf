"""The glossary file: UTF-8 TSV, a header row naming the columns, ``#`` comments.

Reading keeps every line as written (comments, blank lines, line ends, BOM) so that edits
change only the rows they touch. Problems are collected per row with their line number,
so ``check`` can list them all; :func:`load_glossary_file` raises the first. A line holding
a character XML cannot hold (:mod:`tarjama.chars`) is refused, so that no TBX, XLIFF or TMX
export can meet one; so is a row that repeats the header (files joined with ``cat``),
which would otherwise be the entry ``en → ar``.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

from tarjama import decode
from tarjama.chars import EDGE_LAYOUT, Found, control_fix, first_refused_control
from tarjama.decode import dominant_newline
from tarjama.errors import (
    BinaryFileError,
    GlossaryFormatError,
    GlossaryReadError,
    WideEncodingError,
)
from tarjama.glossary.entry import (
    CASE_VALUES,
    COLUMNS,
    DNT_VALUES,
    REQUIRED_COLUMNS,
    TYPES,
    GlossaryEntry,
    parse_flag,
)
from tarjama.reader import require_file

#: what a glossary command takes where a folder was given
NOT_A_GLOSSARY_FIX = "pass a glossary file, not a folder"

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_COLUMNS_FIX = (
    "the first row that is not a comment names the columns, separated by tabs: en and ar, "
    "optionally type, case, dnt, note"
)


@dataclass
class RowProblem:
    """A malformed line: ``kind`` is ``format`` or ``empty`` (an empty en/ar cell);
    ``line`` None: the whole file (UTF-16, binary)."""

    line: int | None
    kind: str
    message: str
    fix: str | None = None


@dataclass
class GlossaryFile:
    """A glossary file as written, plus the entries and problems read from it."""

    path: Path
    data: bytes
    lines: list[str] = field(default_factory=list)
    newline: str = "\n"
    had_bom: bool = False
    ends_with_newline: bool = True
    #: False when the bytes are not UTF-8 (``lines`` is empty then)
    decoded: bool = False
    #: column names in file order (lower case); empty when the header is missing or bad
    columns: list[str] = field(default_factory=list)
    #: 1-based line number of the header row
    header_line: int | None = None
    entries: list[GlossaryEntry] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    def error(self, problem: RowProblem) -> GlossaryFormatError:
        return GlossaryFormatError(self.path, problem.line, problem.message, problem.fix)

    def raise_first_problem(self) -> None:
        if self.problems:
            raise self.error(self.problems[0])

    def render(self) -> bytes:
        """The file's bytes from ``lines``: the original BOM, line end and final newline."""
        text = self.newline.join(self.lines)
        if self.lines and self.ends_with_newline:
            text += self.newline
        return (codecs.BOM_UTF8 if self.had_bom else b"") + text.encode("utf-8")


def split_lines(text: str) -> list[str]:
    """Lines of ``text`` at LF, CRLF or CR (not at the other breaks ``str.splitlines`` knows)."""
    return _LINE_BREAK.split(text)


def is_comment_or_blank(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


#: what a glossary command takes where a binary file was given
_BINARY_FIX = (
    "a glossary is a UTF-8 text file (tarjama's TSV, CSV or OmegaT) or a TBX file; a "
    "spreadsheet (.xlsx, .ods) must be saved as CSV UTF-8 first"
)


def read_utf8(path: Path) -> tuple[bytes, str, bool]:
    """``(bytes, text, had_bom)`` of a UTF-8 file (BOM allowed); raise ``file:line`` errors."""
    require_file(path, NOT_A_GLOSSARY_FIX)
    try:
        data = path.read_bytes()
    except OSError as error:  # unreadable: permissions, a vanished mount
        raise GlossaryReadError(path, error.strerror or str(error)) from None
    refuse_wide_or_binary(path, data, _BINARY_FIX)
    had_bom = data.startswith(codecs.BOM_UTF8)
    body = data[len(codecs.BOM_UTF8) :] if had_bom else data
    try:
        return data, body.decode("utf-8"), had_bom
    except UnicodeDecodeError as error:
        offset = error.start + (len(codecs.BOM_UTF8) if had_bom else 0)
        raise GlossaryFormatError(
            path,
            data.count(b"\n", 0, offset) + 1,
            f"not UTF-8 (byte offset {offset}: {error.reason})",
            "re-save the file as UTF-8 (from Windows Arabic: `iconv -f cp1256 -t utf-8 IN > OUT`)",
        ) from None


def refuse_wide_or_binary(path: Path, data: bytes, binary_fix: str) -> None:
    """UTF-16 or UTF-32 text (with a byte-order mark or without), or a binary file: the
    error ``translate`` gives such a file (:func:`tarjama.decode.decode_text`), as a
    :class:`GlossaryFormatError` of the whole file. Else nothing: the caller decodes (and
    names a stray NUL in UTF-8 text at its line and column, as any control)."""
    try:
        decode.refuse_wide_or_binary(path, data)  # what decode_text checks first
    except WideEncodingError as error:
        raise GlossaryFormatError(path, None, error.problem, error.fix) from None
    except BinaryFileError as error:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:  # NUL bytes and not text: a ZIP, a workbook, an image
            raise GlossaryFormatError(path, None, error.problem, binary_fix) from None


def read_glossary_file(path: Path) -> GlossaryFile:
    """Read ``path``, collecting its problems; raise only if it cannot be read at all
    (missing, a folder)."""
    try:
        data, text, had_bom = read_utf8(path)
    except GlossaryFormatError as error:
        glossary_file = GlossaryFile(path=path, data=path.read_bytes())
        glossary_file.problems.append(RowProblem(error.line, "format", error.problem, error.fix))
        return glossary_file
    return glossary_from_text(path, text, data, had_bom)


def glossary_from_text(
    path: Path, text: str, data: bytes | None = None, had_bom: bool = False
) -> GlossaryFile:
    """The :class:`GlossaryFile` ``path`` would be with ``text`` in it (``data``: its
    bytes, the encoded text by default): what the reader makes of a file before it is
    written, so that no command writes a glossary the reader refuses."""
    if data is None:
        data = text.encode("utf-8")
    glossary_file = GlossaryFile(path=path, data=data, had_bom=had_bom, decoded=True)
    glossary_file.newline = dominant_newline(text)
    lines = split_lines(text)
    glossary_file.ends_with_newline = lines[-1] == ""
    if glossary_file.ends_with_newline:
        lines.pop()
    glossary_file.lines = lines
    _parse(glossary_file)
    return glossary_file


def load_glossary_file(path: Path) -> GlossaryFile:
    """Read ``path`` and raise :class:`GlossaryFormatError` (``file:line``) if it is malformed."""
    glossary_file = read_glossary_file(path)
    glossary_file.raise_first_problem()
    return glossary_file


def _parse(glossary_file: GlossaryFile) -> None:
    for number, line in enumerate(glossary_file.lines, start=1):
        # checked before trimming: str.strip() would silently drop U+001C-U+001F
        control = control_problem(line, number)
        if control:
            glossary_file.problems.append(control)
        if is_comment_or_blank(line):
            continue
        if glossary_file.header_line is None:
            glossary_file.header_line = number
            columns, problem = parse_header(line, number)
            if problem and not control:  # one problem per line
                glossary_file.problems.append(problem)
            if control or problem:
                return  # rows cannot be read without their columns
            glossary_file.columns = columns
            continue
        if control:
            continue
        cells = line.split("\t")
        repeat = repeated_header(cells, glossary_file.header_line, number)
        if repeat:
            glossary_file.problems.append(repeat)
            continue
        entry, problems = parse_row(cells, glossary_file.columns, glossary_file.path, number)
        glossary_file.problems.extend(problems)
        if entry is not None:
            glossary_file.entries.append(entry)
    if glossary_file.header_line is None:
        glossary_file.problems.append(
            RowProblem(1, "format", "no header row (the file holds only comments)", _COLUMNS_FIX)
        )


def control_problem(text: str, first_line: int = 1) -> RowProblem | None:
    """The first character of ``text`` (its lines numbered from ``first_line``) that XML
    cannot hold, as a problem at its line and column; None when there is none."""
    found = first_refused_control(_LINE_BREAK.sub("\n", text), layout=False)
    if found is None:
        return None
    return RowProblem(
        first_line + found.line - 1,
        "format",
        f"column {found.column} holds {found.name}, which XML (and so TBX, XLIFF and Word) "
        "cannot hold",
        glossary_control_fix(found),
    )


def glossary_control_fix(found: Found) -> str:
    """:func:`tarjama.chars.control_fix`, but a page break or vertical tab cannot become a
    line break here: a glossary row is one line."""
    if found.char in EDGE_LAYOUT:
        return "replace it with a space, or delete it: a glossary row is one line"
    return control_fix(found)


def looks_like_header(cells: list[str]) -> bool:
    """Cells that are column names, ``en`` and ``ar`` among them (a BOM may start them)."""
    names = {cell.strip().lstrip("\ufeff").lower() for cell in cells} - {""}
    return set(REQUIRED_COLUMNS) <= names <= set(COLUMNS)


def repeated_header(cells: list[str], header_line: int, number: int) -> RowProblem | None:
    """A row whose cells are column names, ``en`` and ``ar`` among them: a second header
    (two files joined with ``cat``). Read as a row it would be the entry ``en → ar``, which
    matches "We are en route". The joined file's BOM may start the line."""
    if not looks_like_header(cells):
        return None
    return RowProblem(
        number,
        "format",
        f"repeats the header row (line {header_line})",
        "delete it; files joined with `cat` repeat their header",
    )


def parse_header(line: str, number: int) -> tuple[list[str], RowProblem | None]:
    written = [cell.strip() for cell in line.split("\t")]
    columns = [name.lower() for name in written]
    for position, name in enumerate(columns, start=1):
        if not name:
            return columns, RowProblem(
                number, "format", f"bad header: column {position} has no name", _COLUMNS_FIX
            )
        if name not in COLUMNS:
            return columns, RowProblem(
                number,
                "format",
                f"bad header: unknown column {written[position - 1]!r}",
                _COLUMNS_FIX,
            )
        if columns.count(name) > 1:
            return columns, RowProblem(
                number, "format", f"bad header: column {name!r} appears twice", _COLUMNS_FIX
            )
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        return columns, RowProblem(
            number,
            "format",
            f"bad header: no {' or '.join(repr(name) for name in missing)} column",
            _COLUMNS_FIX,
        )
    return columns, None


def parse_row(
    cells: list[str], columns: list[str], path: Path | None, number: int
) -> tuple[GlossaryEntry | None, list[RowProblem]]:
    """One data row → an entry, or None and what is wrong with it."""
    if len(cells) != len(columns):
        return None, [
            RowProblem(
                number,
                "format",
                f"has {len(cells)} cell(s), the header has {len(columns)} ({', '.join(columns)})",
                "separate cells with one tab each; keep the tab of an empty cell",
            )
        ]
    values = {name: cell.strip() for name, cell in zip(columns, cells, strict=True)}
    return entry_from_values(values, path, number)


def entry_from_values(
    values: dict[str, str], path: Path | None, number: int
) -> tuple[GlossaryEntry | None, list[RowProblem]]:
    """Validate column values (any subset of :data:`COLUMNS`) and build the entry."""
    problems: list[RowProblem] = []
    kind = values.get("type", "").lower()
    if kind and kind not in TYPES:
        problems.append(
            RowProblem(
                number,
                "format",
                f"unknown type {values['type']!r}",
                f"use one of {', '.join(TYPES)}, or leave it empty",
            )
        )
    case = parse_flag(values.get("case", ""), CASE_VALUES)
    if case is None:
        problems.append(
            RowProblem(
                number,
                "format",
                f"unknown case {values['case']!r}",
                "use sensitive or insensitive (empty means insensitive)",
            )
        )
    dnt = parse_flag(values.get("dnt", ""), DNT_VALUES)
    if dnt is None:
        problems.append(
            RowProblem(
                number,
                "format",
                f"unknown dnt {values['dnt']!r}",
                "use yes/true/1 to keep the term verbatim, no/false/0 or empty otherwise",
            )
        )
    en, ar = values.get("en", ""), values.get("ar", "")
    if not en:
        problems.append(RowProblem(number, "empty", "empty en cell", "write the English form"))
    if not ar and not dnt:
        problems.append(
            RowProblem(
                number,
                "empty",
                "empty ar cell",
                "write the Arabic form (only a dnt row may leave it empty)",
            )
        )
    if problems:
        return None, problems
    entry = GlossaryEntry(
        en=en,
        ar=ar or en,
        type=kind or None,
        note=values.get("note") or None,
        case_sensitive=bool(case),
        dnt=bool(dnt),
        file=path,
        line=number if path is not None else None,
    )
    return entry, []


def row_cells(entry: GlossaryEntry, columns: list[str] | tuple[str, ...]) -> list[str]:
    """The entry's cells in ``columns`` order, as tarjama writes them."""
    values = {
        "en": entry.en,
        "ar": entry.ar,
        "type": entry.type or "",
        "case": "sensitive" if entry.case_sensitive else "",
        "dnt": "yes" if entry.dnt else "",
        "note": entry.note or "",
    }
    return [values[name] for name in columns]


def used_columns(entries: list[GlossaryEntry]) -> list[str]:
    """en, ar and the optional columns some entry needs, in :data:`COLUMNS` order."""
    needed = {"en", "ar"}
    for entry in entries:
        cells = row_cells(entry, COLUMNS)
        needed.update(name for name, cell in zip(COLUMNS, cells, strict=True) if cell)
    return [name for name in COLUMNS if name in needed]


def render_tsv(entries: list[GlossaryEntry], comment: str | None = None) -> str:
    """A complete glossary file for ``entries`` (optionally under a ``#`` comment line)."""
    columns = used_columns(entries)
    lines = [f"# {comment}"] if comment else []
    lines.append("\t".join(columns))
    lines.extend("\t".join(clean_cell(cell) for cell in row_cells(e, columns)) for e in entries)
    return "\n".join(lines) + "\n"


def clean_cell(value: str) -> str:
    """Tabs and line breaks cannot live in a TSV cell: they become spaces."""
    return re.sub(r"[\t\r\n]+", " ", value).strip()
