"""``tarjama align SRC TGT``: sentence alignment of two documents and its exports."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from tarjama.chars import terminal_safe
from tarjama.cli.common import AlignFormat, VerboseOption, choices, fail
from tarjama.errors import TarjamaError


class Split(StrEnum):
    sentences = "sentences"
    lines = "lines"


def align(
    source: Annotated[
        Path,
        typer.Argument(
            metavar="SRC",
            help="A document in any format translate reads, or a Moses-style corpus.ar / "
            "corpus.en (plain text, one segment per line).",
        ),
    ],
    target: Annotated[
        Path | None,
        typer.Argument(
            metavar="TGT",
            help="Its version in the other language. Default for a Moses-style SRC: its "
            "counterpart beside it (corpus.en for corpus.ar).",
        ),
    ] = None,
    output_dir: Annotated[
        Path, typer.Option("--output-dir", "-o", metavar="DIR", help="Folder for the outputs.")
    ] = Path("outputs"),
    formats: Annotated[
        list[AlignFormat] | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="html (side by side, scores), tmx, xliff, xliff12, tsv, md, docx or vecalign "
            "(one link a line, source ids:target ids). Repeatable. Default: html.",
            case_sensitive=False,
        ),
    ] = None,
    split: Annotated[
        Split,
        typer.Option(
            "--split",
            metavar=choices(Split),
            help="sentences (segment both files) or lines (each non-empty line is one "
            "segment, for pre-split files).",
            case_sensitive=False,
        ),
    ] = Split.sentences,
    glossary: Annotated[
        list[Path] | None,
        typer.Option(
            "--glossary",
            "-g",
            metavar="FILE",
            help="Glossary TSV whose entries anchor links. Repeatable.",
        ),
    ] = None,
    model: Annotated[
        list[str] | None,
        typer.Option(
            "--model",
            "-m",
            metavar="DIRECTION=NAME_OR_PATH",
            help="Translate SRC with this model (direction ar-en or en-ar; a Hugging Face name "
            "or a local folder) and compare the translation with TGT. Default: no model.",
        ),
    ] = None,
    verbose: Annotated[bool, VerboseOption] = False,
) -> None:
    """Align an Arabic document with its English version, sentence by sentence.

    SRC may be either of the two. Links are 1-1, 1-2, 2-1, 1-0, 0-1, 2-2, 3-1 or 1-3,
    each with a score in [0, 1]. Moses-style files (corpus.ar, corpus.en) are aligned line
    by line. With --model, a translation of SRC is compared with TGT as well.
    Besides the exports, writes the run file STEM.align.jsonl, which `tarjama review
    serve`, `review export` and `review apply` take.
    """
    from tarjama.align import align_files, resolve_pair
    from tarjama.bitext import link_line
    from tarjama.export.bilingual import aligned_stem
    from tarjama.outputs import check_output_dir
    from tarjama.review import write_align_outputs

    try:
        source, target = resolve_pair(source, target)
        check_output_dir(output_dir)
        matcher = translator = None
        if glossary:
            from tarjama.glossary import TermMatcher, load_glossaries
            from tarjama.summary import print_glossary_conflicts

            terms = load_glossaries(glossary)
            print_glossary_conflicts(terms)  # as translate reports them
            matcher = TermMatcher(terms)
        if model:
            from tarjama.translate import Translator, resolve_model_names, set_verbose

            set_verbose(verbose)
            translator = Translator(resolve_model_names(model))
        document = align_files(
            source, target, split.value, glossary_matcher=matcher, translator=translator
        )
        names = [fmt.value for fmt in formats or [AlignFormat.html]]
        paths = write_align_outputs(document, names, output_dir, aligned_stem(source, target))
    except TarjamaError as error:
        raise fail(error) from None
    typer.echo(link_line(document, source, target))
    for path in paths:
        typer.echo(terminal_safe(f"wrote {path}"))
