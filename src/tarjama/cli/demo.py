"""``tarjama demo`` (hidden): what ``make demo`` runs; the work is :func:`tarjama.demo.run_demo`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tarjama.cli.common import ModelOption, fail
from tarjama.errors import TarjamaError


def demo(
    examples: Annotated[Path, typer.Argument(metavar="FOLDER", help="The examples folder.")] = Path(
        "examples"
    ),
    output_dir: Annotated[
        Path, typer.Option("--output-dir", "-o", metavar="DIR", help="Folder for the outputs.")
    ] = Path("outputs"),
    glossary: Annotated[
        Path,
        typer.Option(
            "--glossary", "-g", metavar="FILE", help="The glossary to find and align with."
        ),
    ] = Path("glossaries/news.tsv"),
    model: ModelOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Show what tarjama does with the examples: languages, glossary terms, an alignment.

    Then translate them, where the models are in a folder or the cache or can be
    downloaded; where they cannot, say why and how to get them (and exit 0: the demo ran).
    """
    from tarjama.demo import run_demo

    try:
        report = run_demo(examples, output_dir, glossary, model or [], progress=not quiet)
    except TarjamaError as error:
        raise fail(error) from None
    if report.exit_code:
        raise typer.Exit(code=report.exit_code)
