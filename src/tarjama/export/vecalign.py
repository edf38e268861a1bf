"""``--format vecalign`` of ``tarjama align``: one link per line, ``[src ids]:[tgt ids]``.

The ids are the segment ids of the two documents, 0-based, as in Vecalign's gold files (with
``--split lines`` and no blank lines, the line numbers). Only an aligned document has links
into another document, so only ``tarjama align`` writes this format.
"""

from __future__ import annotations

from tarjama.document import Document


def export_vecalign(document: Document, stem: str | None = None) -> bytes:
    from tarjama.align.vecalign import format_vecalign  # the aligner stays out of translate

    return format_vecalign(document.links).encode("utf-8")
