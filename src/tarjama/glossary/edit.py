"""Add and remove rows in place: every other line (comments, order, line ends) stays as written.

The new file is written atomically (:func:`tarjama.writer.write_atomic`): a failed write
leaves the old file whole.
"""

from __future__ import annotations

from pathlib import Path

from tarjama.chars import first_refused_control
from tarjama.errors import (
    GlossaryDuplicateError,
    GlossaryEntryNotFoundError,
    GlossaryValueError,
    GlossaryWriteError,
)
from tarjama.glossary.check import check_entry
from tarjama.glossary.combine import same_text
from tarjama.glossary.entry import AR, EN, GlossaryEntry
from tarjama.glossary.normalize import match_key, match_keys
from tarjama.glossary.tsv import (
    GlossaryFile,
    entry_from_values,
    is_comment_or_blank,
    load_glossary_file,
    looks_like_header,
    read_glossary_file,
    row_cells,
    used_columns,
)
from tarjama.writer import write_atomic


def add_entry(
    path: Path,
    en: str,
    ar: str,
    *,
    type: str | None = None,
    note: str | None = None,
    case: str | None = None,
    dnt: str | bool | None = None,
) -> GlossaryEntry:
    """Append a row to ``path`` (created with a header if missing); return the new entry.

    Values are checked as the file's own rows are (``case`` is sensitive/insensitive, ``dnt``
    yes/no...), and a row ``check`` would flag on its own (mixed scripts, a dnt row whose
    ar differs, no letters, hidden controls) is refused, as is a character XML cannot hold.
    So is an entry whose English or Arabic side matches the same text as a row already in the
    file: edit that row instead.
    """
    values = {
        "en": en,
        "ar": ar,
        "type": type or "",
        "note": note or "",
        "case": case or "",
        "dnt": ("yes" if dnt else "") if isinstance(dnt, bool) else (dnt or ""),
    }
    for name, value in values.items():
        if any(ch in value for ch in "\t\r\n"):
            raise GlossaryValueError(
                f"the {name} value holds a tab or a line break",
                fix="write it on one line",
                where=path,
            )
        if found := first_refused_control(value, layout=False):  # loading would refuse it
            raise GlossaryValueError(
                f"the {name} value holds {found.name} at character {found.column}, which "
                "XML (and so TBX, XLIFF and Word) cannot hold",
                fix="give the value without it",
                where=path,
            )
    values = {name: value.strip() for name, value in values.items()}
    entry, problems = entry_from_values(values, None, 0)
    if entry is None:
        first = problems[0]
        raise GlossaryValueError(first.message, fix=first.fix, where=path)
    # What `check` would report about the row on its own is refused now, not found later.
    findings = check_entry(entry)
    if findings:
        raise GlossaryValueError(findings[0].message, fix=findings[0].fix, where=path)

    if path.exists():
        glossary_file = read_glossary_file(path)
        if glossary_file.decoded and glossary_file.header_line is None:
            glossary_file.problems.clear()  # empty or comments only: the header comes now
        glossary_file.raise_first_problem()
    else:
        glossary_file = GlossaryFile(path=path, data=b"", ends_with_newline=True)
    for existing in glossary_file.entries:
        for side in (EN, AR):
            if same_text(existing, entry, side):
                raise GlossaryDuplicateError(
                    path,
                    side,
                    entry.form(side),
                    f"{existing.location} ({existing.en} → {existing.ar})",
                )

    _ensure_columns(glossary_file, used_columns([entry]))
    cells = row_cells(entry, glossary_file.columns)
    _refuse_unreadable_row(path, cells, glossary_file.columns)
    glossary_file.lines.append("\t".join(cells))
    glossary_file.ends_with_newline = True
    _write(glossary_file)
    number = len(glossary_file.lines)
    return GlossaryEntry(
        en=entry.en,
        ar=entry.ar,
        type=entry.type,
        note=entry.note,
        case_sensitive=entry.case_sensitive,
        dnt=entry.dnt,
        file=path,
        line=number,
    )


def remove_entries(
    path: Path, *, en: str | None = None, ar: str | None = None
) -> list[GlossaryEntry]:
    """Delete the rows whose English (or Arabic) form matches ``en`` (``ar``) as the matcher
    compares them (case, Arabic spelling variants and a hyphen between words ignored);
    return the removed entries."""
    if (en is None) == (ar is None):
        raise GlossaryValueError("give exactly one of en or ar")
    side, value = (EN, en) if en is not None else (AR, ar)
    assert value is not None
    if not match_key(value):
        raise GlossaryValueError(f"the {side} value {value!r} has no letters or digits")
    keys = match_keys(value)
    glossary_file = load_glossary_file(path)
    removed = [
        entry
        for entry in glossary_file.entries
        if keys & match_keys(entry.en if side == EN else entry.ar)
    ]
    if not removed:
        raise GlossaryEntryNotFoundError(path, side, value)
    doomed = {entry.line for entry in removed}
    glossary_file.lines = [
        line for number, line in enumerate(glossary_file.lines, start=1) if number not in doomed
    ]
    _write(glossary_file)
    return removed


def _refuse_unreadable_row(path: Path, cells: list[str], columns: list[str]) -> None:
    """A row the file's reader would not read as this entry: one whose first written
    cell starts with ``#`` is a comment (a hashtag cannot be a term: the format has no
    quoting), one whose cells are column names repeats the header."""
    line = "\t".join(cells)
    if is_comment_or_blank(line):
        name = next(name for name, cell in zip(columns, cells, strict=True) if cell.strip())
        raise GlossaryValueError(
            f"the {name} value {cells[columns.index(name)]!r} starts the row with '#', and a "
            "glossary reads such a row as a comment: a term cannot start with #",
            fix="give the term without the leading # (a hashtag's words match without it)"
            if name in ("en", "ar")
            else f"start the {name} with another character",
            where=path,
        )
    if looks_like_header(cells):
        raise GlossaryValueError(
            f"the row {line!r} would repeat the header (its cells are column names), which "
            "a glossary refuses",
            fix="give the terms themselves",
            where=path,
        )


def _ensure_columns(glossary_file: GlossaryFile, needed: list[str]) -> None:
    """Give the file every column in ``needed``: a new file gets a header; an existing one
    gets the missing columns at the end of its header and an empty cell in every row."""
    if glossary_file.header_line is None:
        glossary_file.lines.append("\t".join(needed))
        glossary_file.columns = list(needed)
        glossary_file.header_line = len(glossary_file.lines)
        return
    missing = [name for name in needed if name not in glossary_file.columns]
    if not missing:
        return
    glossary_file.columns.extend(missing)
    for index, line in enumerate(glossary_file.lines):
        number = index + 1
        if number == glossary_file.header_line:
            glossary_file.lines[index] = line + "".join(f"\t{name}" for name in missing)
        elif number > glossary_file.header_line and not is_comment_or_blank(line):
            glossary_file.lines[index] = line + "\t" * len(missing)


def _write(glossary_file: GlossaryFile) -> None:
    """Replace the file atomically and in place (a link followed, its mode kept)."""
    path = glossary_file.path
    try:
        write_atomic({path: glossary_file.render()}, in_place=True)
    except OSError as error:
        raise GlossaryWriteError(path, error.strerror or str(error), error.errno) from None
