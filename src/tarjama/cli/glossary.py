"""``tarjama glossary ...``: list, add, remove, check, import, export and find entries."""

from __future__ import annotations

import typer

glossary_app = typer.Typer(help="Maintain term glossaries (TSV files).", no_args_is_help=True)
