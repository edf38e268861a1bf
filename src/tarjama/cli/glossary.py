"""``tarjama glossary ...``: list, add, remove, check, import, export and find entries.

Each command calls one function of :mod:`tarjama.glossary` and prints what it returns; the
package is imported inside the commands so that ``tarjama --help`` stays fast.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from tarjama.cli.common import App, choices, fail
from tarjama.errors import TarjamaError

glossary_app = App(help="Maintain term glossaries (TSV files).", no_args_is_help=True)


class EntryType(StrEnum):
    person = "person"
    org = "org"
    place = "place"
    term = "term"


class Case(StrEnum):
    sensitive = "sensitive"
    insensitive = "insensitive"


class Format(StrEnum):
    csv = "csv"
    tbx = "tbx"
    omegat = "omegat"
    tsv = "tsv"


class Lang(StrEnum):
    en = "en"
    ar = "ar"


class FindLang(StrEnum):
    auto = "auto"
    en = "en"
    ar = "ar"


Files = Annotated[list[Path], typer.Argument(metavar="FILE...", help="Glossary TSV files.")]
FormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        metavar=choices(Format),
        case_sensitive=False,
        help="csv, tbx, omegat or tsv; default: from the file's extension (.csv, .tbx, "
        ".tsv; .tab and .utf8 are OmegaT).",
    ),
]
ImportFormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        metavar=choices(Format),
        case_sensitive=False,
        help="csv, tbx, omegat or tsv (tarjama's own). Default: from the file's extension: "
        ".csv, .tbx, and .tab or .utf8 for OmegaT; a .tsv (OmegaT's or tarjama's?) or .txt "
        "file needs --format.",
    ),
]
SourceLangOption = Annotated[
    Lang,
    typer.Option(
        "--source-lang",
        metavar=choices(Lang),
        help="OmegaT only: the language of the first column.",
    ),
]


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _warn(messages: list[str]) -> None:
    errors = _console(stderr=True)
    for message in messages:
        errors.print(f"warning: {message}", markup=False)


@glossary_app.command("list")
def list_command(files: Files) -> None:
    """Show the entries of FILE... combined (later files win), with where each is defined."""
    from tarjama.glossary import load_glossaries
    from tarjama.summary import print_glossary_entries

    try:
        glossary = load_glossaries(files)
    except TarjamaError as error:
        raise fail(error) from None
    print_glossary_entries(glossary)  # a rich table on a terminal, TSV when piped
    _warn(glossary.conflicts)


@glossary_app.command("add")
def add_command(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="The glossary to edit (created if missing).")
    ],
    en: Annotated[str, typer.Option("--en", metavar="TEXT", help="The English form.")],
    ar: Annotated[
        str,
        typer.Option("--ar", metavar="TEXT", help="The Arabic form (may be empty with --dnt)."),
    ] = "",
    entry_type: Annotated[
        EntryType | None,
        typer.Option(
            "--type", metavar=choices(EntryType), case_sensitive=False, help="What it names."
        ),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", metavar="TEXT", help="A note for translators.")
    ] = None,
    case: Annotated[
        Case | None,
        typer.Option(
            "--case",
            metavar=choices(Case),
            case_sensitive=False,
            help="Match English case (US vs us).",
        ),
    ] = None,
    dnt: Annotated[bool, typer.Option("--dnt", help="Do not translate: keep it verbatim.")] = False,
) -> None:
    """Add one entry at the end of FILE; comments and the other rows are kept as they are."""
    from tarjama.glossary import add_entry

    try:
        entry = add_entry(
            file,
            en,
            ar,
            type=entry_type.value if entry_type else None,
            note=note,
            case=case.value if case else None,
            dnt=dnt,
        )
    except TarjamaError as error:
        raise fail(error) from None
    _console().print(f"added {entry.en} → {entry.ar} at {entry.location}", markup=False)


@glossary_app.command("remove")
def remove_command(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The glossary to edit.")],
    en: Annotated[
        str | None,
        typer.Option("--en", metavar="TEXT", help="Remove the entry with this English."),
    ] = None,
    ar: Annotated[
        str | None,
        typer.Option("--ar", metavar="TEXT", help="Remove the entry with this Arabic."),
    ] = None,
) -> None:
    """Remove the entry whose English (--en) or Arabic (--ar) form is given."""
    from tarjama.glossary import remove_entries

    if (en is None) == (ar is None):
        raise typer.BadParameter("give exactly one of --en and --ar")
    try:
        removed = remove_entries(file, en=en, ar=ar)
    except TarjamaError as error:
        raise fail(error) from None
    console = _console()
    for entry in removed:
        console.print(f"removed {entry.en} → {entry.ar} (was {entry.location})", markup=False)


@glossary_app.command("check")
def check_command(files: Files) -> None:
    """Report malformed rows, duplicates, conflicts, mixed scripts, entries that never match.

    Exit code 1 when anything is found.
    """
    from tarjama.glossary import check_glossaries

    try:
        findings = check_glossaries(files)
    except TarjamaError as error:
        raise fail(error) from None
    console = _console()
    for finding in findings:
        console.print(str(finding), markup=False)
    where = f"{len(files)} file(s)"
    if findings:
        console.print(f"{len(findings)} problem(s) in {where}", markup=False)
        raise typer.Exit(code=1)
    console.print(f"no problems in {where}", markup=False)


@glossary_app.command("import")
def import_command(
    source: Annotated[Path, typer.Argument(metavar="FILE", help="A CSV, TBX or OmegaT glossary.")],
    output: Annotated[
        Path,
        typer.Option("--output", "-o", metavar="FILE", help="The TSV glossary to write."),
    ],
    output_format: ImportFormatOption = None,
    source_lang: SourceLangOption = Lang.en,
) -> None:
    """Convert a CSV, TBX or OmegaT glossary into a tarjama TSV glossary."""
    from tarjama.glossary import import_glossary

    try:
        result = import_glossary(
            source, output, output_format.value if output_format else None, source_lang.value
        )
    except TarjamaError as error:
        raise fail(error) from None
    _warn([f"skipped: {message}" for message in result.skipped] + result.warnings)
    _console().print(f"wrote {output} ({len(result.entries)} entries)", markup=False)


@glossary_app.command("export")
def export_command(
    files: Files,
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="FILE", help="The file to write.")
    ],
    output_format: FormatOption = None,
    source_lang: SourceLangOption = Lang.en,
) -> None:
    """Write FILE... (combined) as CSV, TBX-Basic, OmegaT or one TSV."""
    from tarjama.glossary import export_glossary

    try:
        glossary = export_glossary(
            files, output, output_format.value if output_format else None, source_lang.value
        )
    except TarjamaError as error:
        raise fail(error) from None
    _warn(glossary.conflicts)
    _console().print(f"wrote {output} ({len(glossary.entries)} entries)", markup=False)


@glossary_app.command("find")
def find_command(
    text_or_file: Annotated[
        str, typer.Argument(metavar="TEXT_OR_FILE", help="Text to search, or a file holding it.")
    ],
    glossary_files: Annotated[
        list[Path],
        typer.Option("--glossary", "-g", metavar="FILE", help="Glossary TSV file. Repeatable."),
    ],
    lang: Annotated[
        FindLang,
        typer.Option(
            "--lang",
            metavar=choices(FindLang),
            case_sensitive=False,
            help="Language of the text; auto: per line.",
        ),
    ] = FindLang.auto,
) -> None:
    """Show which glossary entries match where in TEXT_OR_FILE.

    Each match gives its line:column, the text, any Arabic proclitic, the entry and its
    file:line, and the normalised forms that were compared.
    """
    from tarjama.glossary import TermMatcher, find_terms, load_glossaries
    from tarjama.glossary.find import REPORT_COLUMNS, report_rows, text_argument
    from tarjama.summary import print_table

    try:
        text, _path = text_argument(text_or_file)
        glossary = load_glossaries(glossary_files)
        found = find_terms(text, TermMatcher(glossary), lang.value)
    except TarjamaError as error:
        raise fail(error) from None
    _warn(glossary.conflicts)
    rows, columns = report_rows(found), REPORT_COLUMNS
    console = _console()
    # a report, not a data table: rich even when piped, as wide as it needs (nothing is cut)
    print_table(columns, rows, console, tsv=False)
    console.print(f"{len(found)} match(es)", markup=False)
