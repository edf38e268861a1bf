"""``tarjama align SRC TGT``: sentence alignment of two documents and its exports."""

from __future__ import annotations


def align() -> None:
    """Align two documents in different languages sentence by sentence (not built yet)."""
