"""Pieces every command shares: the model option and how a catalogued error is shown."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from tarjama.errors import TarjamaError

ModelOption = Annotated[
    list[str] | None,
    typer.Option(
        "--model",
        "-m",
        metavar="DIRECTION=NAME_OR_PATH",
        help="Model for a direction (ar-en or en-ar): a Hugging Face name or a local folder. "
        "Repeatable. Default: Helsinki-NLP/opus-mt-ar-en and Helsinki-NLP/opus-mt-en-ar, "
        "or $TARJAMA_MODEL_AR_EN / $TARJAMA_MODEL_EN_AR.",
    ),
]


#: The bilingual export formats (the keys of ``tarjama.export.bilingual.EXPORTS``, which
#: the CLI does not import until a command runs; a test keeps the two equal).
BITEXT_FORMATS = ("xliff", "xliff12", "tmx", "tsv", "md", "docx", "html")
BitextFormat = StrEnum("BitextFormat", {name: name for name in BITEXT_FORMATS})
#: ``tarjama align`` writes Vecalign's link files too.
AlignFormat = StrEnum("AlignFormat", {name: name for name in (*BITEXT_FORMATS, "vecalign")})


def fail(error: TarjamaError) -> typer.Exit:
    typer.echo(f"error: {error}", err=True)
    return typer.Exit(code=1)
