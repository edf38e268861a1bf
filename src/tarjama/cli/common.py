"""Pieces every command shares: the model option and how a catalogued error is shown."""

from __future__ import annotations

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


def fail(error: TarjamaError) -> typer.Exit:
    typer.echo(f"error: {error}", err=True)
    return typer.Exit(code=1)
