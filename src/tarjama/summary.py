"""What the CLI prints: the run summary, the detect, models and glossary tables.

A table goes to a terminal as a rich table whose cells wrap but are never cut (no ``…``).
Piped or redirected (stdout is not a terminal) it is plain TSV, whatever the width: a header
line, then one line per row, cells separated by tabs; a backslash, tab, line feed or carriage
return inside a cell is written ``\\\\``, ``\\t``, ``\\n``, ``\\r``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from tarjama.chars import show_hidden, terminal_safe
from tarjama.spreadsheet import escape_cell

if TYPE_CHECKING:
    from tarjama.document import Document
    from tarjama.glossary import Glossary
    from tarjama.pipeline import RunReport
    from tarjama.qa import QaReport

_LANGS = ("ar", "en", "fa", "ur", "other")


def print_summary(
    report: RunReport, console: Console | None = None, *, interrupted: bool = False
) -> None:
    """The closing summary of a translate run (``interrupted``: after Ctrl+C, which files
    are complete). File names and messages are shown, never obeyed (:func:`terminal_safe`)."""
    console = console or Console(highlight=False, soft_wrap=True)
    errors = Console(stderr=True, highlight=False, soft_wrap=True)
    for result in report.failed:
        errors.print(terminal_safe(f"error: {result.error}"), markup=False)
    for result in report.files:
        for path in result.outputs:
            console.print(terminal_safe(f"wrote {path}"), markup=False)
    if interrupted:
        errors.print(
            f"interrupted: the {len(report.written)} file(s) above are complete; the others "
            "were not written (earlier outputs of theirs are as they were) — run the command "
            "again to translate them",
            markup=False,
        )
    counts = report.counts()
    languages = ", ".join(
        f"{lang} {counts[f'lang:{lang}']}" for lang in _LANGS if counts[f"lang:{lang}"]
    )
    # Counts cover the files whose outputs were written, never those that failed.
    console.print(
        f"{len(report.written)} file(s) translated, {len(report.failed)} failed · "
        f"segments: {languages or 'none'} · translated {counts['translated']}, "
        f"kept {counts['kept']} · {report.seconds:.1f} s",
        markup=False,
    )
    if report.generated_tokens and report.seconds > 0:
        rate = report.generated_tokens / report.seconds
        console.print(
            f"model output: {report.generated_tokens:,} tokens, {rate:,.0f} tokens/s",
            markup=False,
        )
    if counts["terms:applied"] or counts["terms:missed"]:
        console.print(
            f"glossary terms: {counts['terms:applied']} applied, {counts['terms:missed']} missed"
            + (" (see the terms field of .segments.jsonl)" if counts["terms:missed"] else ""),
            markup=False,
        )
    if counts["memory"]:
        console.print(
            f"{counts['memory']} segment(s) taken from the translation memory", markup=False
        )
    for result in report.written:
        for found in result.inconsistencies:
            renderings = " / ".join(
                f"{text} ({len(places)}×)" for text, places in found.renderings.items()
            )
            console.print(
                terminal_safe(
                    f"{result.path}: '{found.name}' is rendered differently: {renderings} "
                    "— add it to a glossary to fix one spelling"
                ),
                markup=False,
            )
    if counts["warnings"]:
        console.print(
            f"{counts['warnings']} warning(s), see the ⚠ marks in the .html "
            "and the warnings field of .segments.jsonl",
            markup=False,
        )


def print_glossary_conflicts(glossary: Glossary, console: Console | None = None) -> None:
    """Each conflict between combined glossaries (the later file won), on stderr."""
    console = console or Console(stderr=True, highlight=False, soft_wrap=True)
    for conflict in glossary.conflicts:
        console.print(f"glossary conflict: {conflict}", markup=False)


def tsv_cell(text: str) -> str:
    """A cell of a piped table, escaped as the bilingual TSV export escapes (backslash, tab,
    line breaks and line separators), so a row is one line to every reader."""
    return escape_cell(text)


def _is_terminal(console: Console) -> bool:
    """Whether the console writes to a terminal (its file's ``isatty``; not ``FORCE_COLOR``)."""
    isatty = getattr(console.file, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed file
        return False


def print_table(
    columns: Sequence[str],
    rows: Iterable[Sequence[str]],
    console: Console | None = None,
    *,
    tsv: bool | None = None,
) -> None:
    """A rich table on a terminal, TSV otherwise (``tsv`` forces one or the other).

    In the rich table every cell wraps, a long word or path folds: nothing is cut, and
    hidden controls show as labels (``⟨RLO⟩``); the TSV is data and keeps them as they are. A rich
    table that is not going to a terminal is as wide as its longest row, so no cell wraps.
    """
    console = console or Console(highlight=False, soft_wrap=True)
    if tsv is None:
        tsv = not _is_terminal(console)
    if tsv:
        # written directly: rich would expand tabs and replace :emoji: codes
        file = console.file
        for cells in (columns, *rows):
            file.write("\t".join(tsv_cell(cell) for cell in cells) + "\n")
        file.flush()
        return
    table = Table()
    for name in columns:
        table.add_column(name, overflow="fold")
    for cells in rows:
        # as is (no markup, no :emoji: codes), but a bidi override shown, not obeyed
        table.add_row(*(Text(show_hidden(cell)) for cell in cells))
    if not _is_terminal(console):
        # rich would assume 80 columns; a table that does not expand is only as wide as it needs
        console = Console(
            file=console.file, width=1_000_000, highlight=False, soft_wrap=True, color_system=None
        )
    console.print(table)


def print_qa_report(report: QaReport, console: Console | None = None) -> None:
    """``tarjama qa``: every flag with its segment, then the flags per check."""
    console = console or Console(highlight=False, soft_wrap=True)
    if report.flags:
        rows = [
            (str(record["id"]), str(record["line"]), found["check"], found["message"])
            for record, found in report.flags
        ]
        print_table(("id", "line", "check", "message"), rows, console)
        console.file.write("\n")
    counts = report.counts
    print_table(("check", "flags"), [(name, str(n)) for name, n in counts.items()], console)
    console.file.write(
        f"{report.flagged} of {report.translated} translated segments flagged "
        f"({report.segments} segments)\n"
    )


def print_detect_table(
    document: Document, console: Console | None = None, *, tsv: bool | None = None
) -> None:
    rows = [
        (
            str(segment.id),
            str(segment.paragraph),
            str(segment.line),
            segment.source_lang,
            f"{segment.confidence:.2f}",
            segment.source,
        )
        for segment in document.segments
    ]
    columns = ("id", "para", "line", "lang", "conf", "segment")
    print_table(columns, rows, console, tsv=tsv)


def print_glossary_entries(
    glossary: Glossary, console: Console | None = None, *, tsv: bool | None = None
) -> None:
    """``tarjama glossary list``: every entry and where it is defined."""
    rows = [
        (
            str(number),
            entry.en,
            entry.ar,
            entry.type or "",
            "sensitive" if entry.case_sensitive else "",
            "yes" if entry.dnt else "",
            entry.note or "",
            entry.location,
        )
        for number, entry in enumerate(glossary.entries, start=1)
    ]
    columns = ("#", "en", "ar", "type", "case", "dnt", "note", "defined at")
    print_table(columns, rows, console, tsv=tsv)


def print_models(
    statuses: Sequence[Any], console: Console | None = None, *, tsv: bool | None = None
) -> None:
    from tarjama.packs import human_size  # the one byte-size spelling, packs' messages too

    rows = [
        (
            status.direction,
            status.name,
            "yes" if status.available else "no",
            "-" if status.size_bytes is None else human_size(status.size_bytes),
            str(status.where or "-"),
        )
        for status in statuses
    ]
    columns = ("direction", "model", "available offline", "size", "where")
    print_table(columns, rows, console, tsv=tsv)
