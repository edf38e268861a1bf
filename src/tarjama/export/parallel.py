"""The whole document in one language, in its own format (see :mod:`tarjama.formats`)."""

from __future__ import annotations

from tarjama.document import Document
from tarjama.formats import get_format


def parallel_version(document: Document, lang: str) -> str | bytes:
    """The ``lang`` version of ``document``: text for plain text and Markdown (line ends
    and BOM as the input had them), the format's own bytes for the others."""
    return get_format(document.format).write(document, lang)
