"""A run file of either kind, as ``review export`` and ``review serve`` take it: a translate
run's ``<stem>.segments.jsonl`` or an align run's ``<stem>.align.jsonl``."""

from __future__ import annotations

from pathlib import Path

from tarjama.document import Document
from tarjama.review.alignrun import is_align_run, read_align_run
from tarjama.review.rebuild import load_document


def load_run(path: Path | str, source: Path | str | None = None) -> Document:
    """The document of the run file ``path`` as the exports see it: a translate run rebuilt
    from its source (``source``: where the source is now, when it moved), an align run
    from its records (links a reviewer marked wrong unpaired)."""
    if is_align_run(path):
        return read_align_run(path).export_view()
    return load_document(path, source)
