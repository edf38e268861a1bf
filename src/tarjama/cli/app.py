"""Command line: parse and validate, call the library, print. Nothing here does the work.

Heavy modules (the pipeline, torch, transformers) are imported inside the commands, so
``tarjama --help`` stays fast.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from tarjama import __version__
from tarjama.cli.align import align
from tarjama.cli.common import App, BitextFormat, ModelOption, VerboseOption, choices, fail
from tarjama.cli.demo import demo
from tarjama.cli.glossary import glossary_app
from tarjama.cli.models import models_app
from tarjama.cli.qa import qa
from tarjama.cli.review import review_app
from tarjama.errors import TarjamaError

app = App(
    name="tarjama",
    help="Arabic ⇄ English machine translation for mixed documents: parallel versions, "
    "side-by-side review pages and per-segment records.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Commands are listed in this order: translate, detect, align, review, glossary, models.
app.add_typer(review_app, name="review")
app.add_typer(glossary_app, name="glossary")
app.add_typer(models_app, name="models")


class Target(StrEnum):
    both = "both"
    en = "en"
    ar = "ar"


class Backend(StrEnum):
    ctranslate2 = "ctranslate2"
    transformers = "transformers"


class ComputeType(StrEnum):
    int8 = "int8"
    float32 = "float32"


class DetectFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tarjama {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """tarjama: Arabic ⇄ English translation and bilingual publishing."""


@app.command()
def translate(
    inputs: Annotated[
        list[str], typer.Argument(metavar="FILE_OR_FOLDER...", help="Files, folders or globs.")
    ],
    to: Annotated[
        Target,
        typer.Option(
            "--to",
            metavar=choices(Target),
            help="Which versions to produce.",
            case_sensitive=False,
        ),
    ] = Target.both,
    output_dir: Annotated[
        Path, typer.Option("--output-dir", "-o", metavar="DIR", help="Folder for the outputs.")
    ] = Path("outputs"),
    model: ModelOption = None,
    beam_size: Annotated[int, typer.Option(metavar="N", min=1, max=16, help="Beam width.")] = 4,
    batch_size: Annotated[
        int, typer.Option(metavar="N", min=1, max=512, help="Segments per batch.")
    ] = 16,
    backend: Annotated[
        Backend,
        typer.Option(
            "--backend",
            metavar=choices(Backend),
            help="ctranslate2: the model converted once (kept in the user cache) and "
            "decoded in C++, fast; transformers: torch, the reference.",
            case_sensitive=False,
        ),
    ] = Backend.ctranslate2,
    compute_type: Annotated[
        ComputeType | None,
        typer.Option(
            "--compute-type",
            metavar=choices(ComputeType),
            help="Weights and arithmetic: int8 (ctranslate2's default: less memory, "
            "faster) or float32 (transformers runs float32 only).",
            case_sensitive=False,
        ),
    ] = None,
    glossary: Annotated[
        list[Path] | None,
        typer.Option(
            "--glossary",
            "-g",
            metavar="FILE",
            help="Glossary TSV whose terms every translation must use. Repeatable; "
            "a later file wins over an earlier one.",
        ),
    ] = None,
    memory: Annotated[
        Path | None,
        typer.Option(
            metavar="PATH",
            help="Translation memory (SQLite) looked up before the model. "
            "Default: $TARJAMA_MEMORY or memory.sqlite in the user data folder.",
        ),
    ] = None,
    no_memory: Annotated[
        bool, typer.Option("--no-memory", help="Do not look in the translation memory.")
    ] = False,
    export: Annotated[
        list[BitextFormat] | None,
        typer.Option(
            "--export",
            "-e",
            metavar="FORMAT",
            help="Also write a bilingual file for review: xliff, xliff12, tmx, tsv, md, "
            "docx, html. Repeatable.",
            case_sensitive=False,
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    verbose: Annotated[bool, VerboseOption] = False,
) -> None:
    """Translate files into parallel English and Arabic versions plus a side-by-side page."""
    from tarjama.glossary import load_glossaries
    from tarjama.memory import TranslationMemory
    from tarjama.pipeline import RunInterrupted, parse_targets, translate_files
    from tarjama.progress import progress_bar
    from tarjama.summary import print_glossary_conflicts, print_summary
    from tarjama.translate import DecodingSettings, Translator, resolve_model_names, set_verbose
    from tarjama.translate.backends import backend_factory

    set_verbose(verbose)
    try:
        names = resolve_model_names(model or [])
        settings = DecodingSettings(beam_size=beam_size, batch_size=batch_size)
        factory = backend_factory(backend.value, compute_type.value if compute_type else None)
        translator = Translator(names, settings, factory)
        terms = load_glossaries(glossary) if glossary else None
        if terms is not None:
            print_glossary_conflicts(terms)
        with progress_bar(enabled=not quiet) as progress:
            report = translate_files(
                inputs,
                translator,
                targets=parse_targets(to.value),
                output_dir=output_dir,
                progress=progress,
                glossary=terms,
                memory=None if no_memory else TranslationMemory(memory),
                exports=[fmt.value for fmt in export or []],
            )
    except TarjamaError as error:
        raise fail(error) from None
    except RunInterrupted as interrupted:  # what was written is complete: say so, and what
        print_summary(interrupted.report, interrupted=True)
        raise typer.Exit(code=130) from None
    print_summary(report)
    if report.failed:
        raise typer.Exit(code=1)


@app.command()
def detect(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="A document in any format translate reads.")
    ],
    output_format: Annotated[
        DetectFormat,
        typer.Option(
            "--format",
            "-f",
            metavar=choices(DetectFormat),
            help="table (a TSV table when piped) or jsonl.",
        ),
    ] = DetectFormat.table,
) -> None:
    """Print each segment of FILE with its language and confidence."""
    from tarjama.export.jsonl import json_line, segment_record
    from tarjama.pipeline import detect_file

    try:
        document = detect_file(file)
    except TarjamaError as error:
        raise fail(error) from None
    if output_format is DetectFormat.jsonl:
        for segment in document.segments:
            typer.echo(json_line(segment_record(segment)), nl=False)
        return
    from tarjama.summary import print_detect_table

    print_detect_table(document)


app.command()(align)
app.command()(qa)


# `tarjama demo` (hidden): what `make demo` runs; the models commands: tarjama.cli.models
app.command("demo", hidden=True)(demo)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("interrupted; outputs written so far are complete", err=True)
        sys.exit(130)
