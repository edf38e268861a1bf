"""Command line: parse and validate, call the library, print. Nothing here does the work.

One module per command group; heavy modules (the pipeline, torch, transformers) are
imported inside the commands, so ``tarjama --help`` stays fast.
"""

from tarjama.cli.app import app, main

__all__ = ["app", "main"]
