"""``tarjama review apply``: bring reviewed XLIFF / TSV / TMX corrections back."""

from __future__ import annotations

import typer

review_app = typer.Typer(help="Bring reviewed translations back.", no_args_is_help=True)
