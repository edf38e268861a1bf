"""Glossaries in other tools' formats: CSV, TBX-Basic (see :mod:`.tbx`) and OmegaT.

- **CSV**: a header row naming the same columns as the TSV (``en``, ``ar``, then ``type``,
  ``case``, ``dnt``, ``note`` where used); UTF-8, BOM allowed; ``#`` rows are comments.
  Import also reads the semicolon- or tab-separated CSV of spreadsheets set to other
  locales (told by the header); a quote left open is an error, not a merged row. CSV is
  for spreadsheets, so a cell one would run as a formula (``=``, ``+``, ``-``, ``@``) is
  written with an apostrophe in front and read back without it
  (:mod:`tarjama.spreadsheet`): export → import is lossless.
- **OmegaT**: OmegaT's glossary file: tab-separated source term, target term, comment; no
  header; ``#`` lines are comments; UTF-8. English is the source unless ``source_lang`` is
  ``ar``. Only the note travels (as the comment): type and case do not exist there; a
  row whose target repeats its source verbatim (``ChatGPT → ChatGPT``) is read as dnt.
- **TSV**: tarjama's own format, for exporting several glossaries combined into one file.
  It is the user's own file and is read and written as-is (no formula neutralising), as is
  OmegaT's, which OmegaT reads.

Import refuses a malformed row (``file:line``) as loading does, and so a character XML
cannot hold (``file:line``, its column and the fix) and a row that repeats the header (in
an OmegaT file, which has none, a header row at all); a TBX concept that lacks one of the
languages is skipped and reported, since TBX files often hold other languages. What
``check`` would report of the imported entries (hidden controls, mixed scripts, conflicts)
comes back as warnings. A term that would start a row with ``#`` (a comment in TSV, CSV
and OmegaT) is refused, and an imported TSV is read back before it is written: no import
or export writes a file its reader would refuse or read as other entries.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tarjama.errors import GlossaryFormatError, GlossaryValueError, GlossaryWriteError
from tarjama.glossary.check import check_entries
from tarjama.glossary.combine import Glossary, load_glossaries
from tarjama.glossary.entry import AR, EN, LANGS, GlossaryEntry
from tarjama.glossary.tsv import (
    clean_cell,
    control_problem,
    entry_from_values,
    glossary_from_text,
    is_comment_or_blank,
    looks_like_header,
    parse_header,
    read_glossary_file,
    read_utf8,
    render_tsv,
    repeated_header,
    row_cells,
    split_lines,
    used_columns,
)
from tarjama.spreadsheet import neutralise_cell, restore_cell
from tarjama.writer import write_atomic

FORMATS = ("csv", "tbx", "omegat", "tsv")
_EXTENSIONS = {".csv": "csv", ".tbx": "tbx", ".tsv": "tsv", ".tab": "omegat", ".utf8": "omegat"}


@dataclass
class ImportResult:
    """Entries read from a foreign file, and what was left out (one message each)."""

    entries: list[GlossaryEntry] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    #: what ``glossary check`` would report of the entries (``file:line: message — fix``)
    warnings: list[str] = field(default_factory=list)


def infer_format(path: Path, given: str | None, *, importing: bool) -> str:
    """``given``, else the format ``path``'s extension names (.csv .tbx .tsv .tab .utf8)."""
    if given:
        if given not in FORMATS:
            raise GlossaryValueError(f"unknown format {given!r}", fix=_format_fix())
        return given
    found = _EXTENSIONS.get(path.suffix.lower())
    if found is None:
        raise GlossaryValueError(
            f"cannot tell the format of {path} from its extension", fix=_format_fix()
        )
    if importing and found == "tsv":
        raise GlossaryValueError(
            f"cannot tell the format of {path}: a .tsv file may be an OmegaT glossary or "
            "tarjama's own",
            fix="pass --format omegat (or --format tsv)",
        )
    return found


def _format_fix() -> str:
    return "pass --format csv, tbx, omegat or tsv"


def _check_lang(source_lang: str) -> None:
    if source_lang not in LANGS:
        raise GlossaryValueError(
            f"unknown source language {source_lang!r}", fix="use --source-lang en or ar"
        )


def read_foreign(path: Path, fmt: str, source_lang: str = EN) -> ImportResult:
    """Entries of a CSV, TBX or OmegaT file; ``file``/``line`` point into it."""
    _check_lang(source_lang)
    if fmt == "csv":
        return ImportResult(entries=read_csv(path))
    if fmt == "omegat":
        return ImportResult(entries=read_omegat(path, source_lang))
    if fmt == "tbx":
        from tarjama.glossary.tbx import read_tbx

        return read_tbx(path)
    if fmt == "tsv":
        glossary_file = read_glossary_file(path)
        glossary_file.raise_first_problem()
        return ImportResult(entries=glossary_file.entries)
    raise GlossaryValueError(f"unknown format {fmt!r}", fix=_format_fix())


def import_glossary(
    source: Path, output: Path, fmt: str | None = None, source_lang: str = EN
) -> ImportResult:
    """Convert ``source`` (CSV, TBX, OmegaT) into a tarjama TSV glossary at ``output``."""
    fmt = infer_format(source, fmt, importing=True)
    _refuse_folder(output)
    result = read_foreign(source, fmt, source_lang)
    _refuse_overwriting_input(output, [source])
    text = render_tsv(result.entries, comment=f"imported from {source.name}")
    _refuse_comment_rows(result.entries, "tsv", source_lang)
    _read_back(output, text, result.entries, skip=2)
    result.warnings = [str(finding) for finding in check_entries(result.entries)]
    _write(output, text)
    return result


def export_glossary(
    paths: Iterable[Path], output: Path, fmt: str | None = None, source_lang: str = EN
) -> Glossary:
    """Write the combined glossary of ``paths`` to ``output`` as CSV, TBX, OmegaT or TSV."""
    fmt = infer_format(output, fmt, importing=False)
    _check_lang(source_lang)
    _refuse_folder(output)
    files = [Path(path) for path in paths]
    glossary = load_glossaries(files)
    _refuse_overwriting_input(output, files)
    _refuse_comment_rows(glossary.entries, fmt, source_lang)
    content = render(glossary.entries, fmt, source_lang, title=output.stem)
    if fmt == "tsv":
        _read_back(output, content.decode("utf-8"), glossary.entries, skip=1)
    _write(output, content)
    return glossary


def render(entries: list[GlossaryEntry], fmt: str, source_lang: str = EN, title: str = "") -> bytes:
    if fmt == "csv":
        return render_csv(entries).encode("utf-8")
    if fmt == "omegat":
        return render_omegat(entries, source_lang).encode("utf-8")
    if fmt == "tbx":
        from tarjama.glossary.tbx import render_tbx

        return render_tbx(entries, title=title)
    if fmt == "tsv":
        return render_tsv(entries).encode("utf-8")
    raise GlossaryValueError(f"unknown format {fmt!r}", fix=_format_fix())


# --- CSV ------------------------------------------------------------------------------


_CSV_DELIMITERS = (",", ";", "\t")
_CSV_COLUMNS_FIX = (
    "the first row that is not a comment names the columns, separated by commas: en and "
    "ar, optionally type, case, dnt, note"
)


def read_csv(path: Path) -> list[GlossaryEntry]:
    text = _read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_csv_delimiter(text), strict=True)
    columns: list[str] | None = None
    header_line = 0
    entries: list[GlossaryEntry] = []
    lines_read = 0
    try:
        for row in reader:
            first_line, lines_read = lines_read + 1, reader.line_num
            if not any(cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
                continue
            if columns is None:
                columns, problem = parse_header("\t".join(row), first_line)
                if problem:
                    raise GlossaryFormatError(path, first_line, problem.message, _CSV_COLUMNS_FIX)
                header_line = first_line
                continue
            repeat = repeated_header(row, header_line, first_line)
            if repeat:
                raise GlossaryFormatError(path, first_line, repeat.message, repeat.fix)
            if len(row) != len(columns):
                raise GlossaryFormatError(
                    path,
                    first_line,
                    f"has {len(row)} cell(s), the header has {len(columns)} ({', '.join(columns)})",
                    'put a cell that holds a comma in double quotes ("Washington, D.C."); '
                    "keep the comma of an empty cell",
                )
            values = {name: restore_cell(cell) for name, cell in zip(columns, row, strict=True)}
            entries.append(entry_from_cells(values, path, first_line))
    except csv.Error as error:  # a quote never closed, a stray quote inside a cell
        if "field larger than field limit" in str(error):
            raise GlossaryFormatError(
                path,
                lines_read + 1,
                f"a cell of the row starting here is longer than {csv.field_size_limit():,} "
                "characters, more than the CSV reader takes",
                "a glossary cell is a term or a note: if a double quote opened here is never "
                "closed, close it; else shorten the cell",
            ) from None
        raise GlossaryFormatError(
            path,
            lines_read + 1,
            f"malformed CSV: {error}",
            'close every quoted cell with a double quote; write a quote inside one as ""',
        ) from None
    if columns is None:
        raise GlossaryFormatError(path, 1, "no header row", _CSV_COLUMNS_FIX)
    return entries


def _csv_delimiter(text: str) -> str:
    """The comma, or the semicolon or tab that a spreadsheet in many locales (Arabic ones
    among them) writes instead: whichever splits the header into en and ar."""
    for line in split_lines(text):
        if is_comment_or_blank(line):
            continue
        for delimiter in _CSV_DELIMITERS:
            names = {cell.strip().strip('"').lower() for cell in line.split(delimiter)}
            if {"en", "ar"} <= names:
                return delimiter
        break
    return ","


def render_csv(entries: list[GlossaryEntry]) -> str:
    columns = used_columns(entries)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(map(neutralise_cell, row_cells(entry, columns)) for entry in entries)
    return buffer.getvalue()


# --- OmegaT ---------------------------------------------------------------------------


def read_omegat(path: Path, source_lang: str = EN) -> list[GlossaryEntry]:
    target_lang = AR if source_lang == EN else EN
    entries: list[GlossaryEntry] = []
    for number, line in enumerate(split_lines(_read_text(path)), start=1):
        if is_comment_or_blank(line):
            continue
        cells = line.split("\t")
        if looks_like_header(cells):
            raise GlossaryFormatError(
                path,
                number,
                f"is a header row ({', '.join(cell.strip() for cell in cells)}), and an OmegaT "
                "glossary has none: read as a row it would be the entry "
                f"{cells[0].strip()} → {cells[1].strip()}",
                "import a tarjama glossary with --format tsv (or a CSV with --format csv); in "
                "an OmegaT file, delete the row",
            )
        if len(cells) < 2:
            raise GlossaryFormatError(
                path,
                number,
                "has one cell; an OmegaT glossary row is source term, tab, target term "
                "(tab, comment)",
                "separate the terms with a tab; for a file with a header row use --format csv "
                "or tarjama's own TSV",
            )
        values = {source_lang: cells[0].strip(), target_lang: cells[1].strip()}
        values["note"] = cells[2].strip() if len(cells) > 2 else ""
        # A term whose target is its source verbatim is how OmegaT users (and our export)
        # write "do not translate"; without dnt, ChatGPT → ChatGPT fails `check`.
        if values[source_lang] and values[source_lang] == values[target_lang]:
            values["dnt"] = "yes"
        entries.append(entry_from_cells(values, path, number))
    return entries


def render_omegat(entries: list[GlossaryEntry], source_lang: str = EN) -> str:
    target_lang = AR if source_lang == EN else EN
    lines = [f"# OmegaT glossary written by tarjama: {source_lang} → {target_lang}"]
    for entry in entries:
        cells = [entry.form(source_lang), entry.form(target_lang), entry.note or ""]
        lines.append("\t".join(clean_cell(cell) for cell in cells).rstrip("\t"))
    return "\n".join(lines) + "\n"


# --- shared ---------------------------------------------------------------------------


def entry_from_cells(values: dict[str, str], path: Path, line: int) -> GlossaryEntry:
    values = {name: clean_cell(value) for name, value in values.items()}
    entry, problems = entry_from_values(values, path, line)
    if entry is None:
        raise GlossaryFormatError(path, line, problems[0].message, problems[0].fix)
    return entry


def _read_text(path: Path) -> str:
    """A CSV or OmegaT file's text; a character XML cannot hold is refused at its line and
    column (of the file, not of a CSV row, which may span lines)."""
    text = read_utf8(path)[1]
    problem = control_problem(text)
    if problem:
        raise GlossaryFormatError(path, problem.line, problem.message, problem.fix)
    return text


def _first_cell(entry: GlossaryEntry, fmt: str, source_lang: str) -> tuple[str, str]:
    """``(column, text)`` that starts ``entry``'s row in ``fmt`` (csv, tsv, omegat)."""
    if fmt == "omegat":
        return source_lang, entry.form(source_lang)
    return "en", entry.en  # every column order tarjama writes starts with en


def _refuse_comment_rows(entries: list[GlossaryEntry], fmt: str, source_lang: str) -> None:
    """An entry whose row would start with ``#``: TSV, CSV and OmegaT read that row as a
    comment, and the entry would be lost without a word (TBX has no such rule)."""
    if fmt == "tbx":
        return
    for entry in entries:
        column, text = _first_cell(entry, fmt, source_lang)
        if clean_cell(text).startswith("#"):
            raise GlossaryFormatError(
                entry.file or "glossary",
                entry.line,
                f"{column} {text!r} starts with '#', and a {_FORMAT_NAMES[fmt]} row that starts "
                "with # is a comment: the entry would be lost",
                "write the term without the leading # (or export to TBX, which keeps it)",
            )


_FORMAT_NAMES = {"tsv": "tarjama glossary", "csv": "CSV glossary", "omegat": "OmegaT glossary"}


def _read_back(output: Path, text: str, entries: list[GlossaryEntry], skip: int) -> None:
    """Read the TSV ``text`` as the glossary reader will; refuse to write it unless it
    gives back ``entries``, in order (``skip``: the lines before the first row)."""
    written = glossary_from_text(output, text)
    for problem in written.problems:
        index = (problem.line or 0) - skip - 1
        entry = entries[index] if 0 <= index < len(entries) else None
        if entry is not None and entry.file is not None:
            raise GlossaryFormatError(
                entry.file,
                entry.line,
                f"cannot be written as a tarjama glossary row: {problem.message}",
                "change the entry in this file: a tarjama glossary cannot hold it as it is",
            )
        raise written.error(problem)
    got = [(entry.en, entry.ar) for entry in written.entries]
    if got != [(entry.en, entry.ar) for entry in entries]:  # a last guard: never seen
        raise GlossaryValueError(
            f"the glossary written to {output} would not read back as the entries converted",
            fix="report this as a bug in tarjama",
        )


def _refuse_folder(output: Path) -> None:
    if output.is_dir():
        raise GlossaryValueError(
            f"the output {output} is a folder",
            fix="give a file name with -o (e.g. -o FOLDER/glossary.tsv)",
        )


def _refuse_overwriting_input(output: Path, inputs: Iterable[Path]) -> None:
    if any(output.resolve() == Path(source).resolve() for source in inputs):
        raise GlossaryValueError(
            f"the output {output} is also an input", fix="choose another file with -o"
        )


def _write(output: Path, content: str | bytes) -> None:
    try:
        write_atomic({output: content})
    except OSError as error:
        raise GlossaryWriteError(output, error.strerror or str(error), error.errno) from None
