"""The whole document in one language, with the input's structure, line ends and BOM."""

from __future__ import annotations

from tarjama.document import Document


def parallel_version(document: Document, lang: str) -> str:
    text = document.render(lang)
    if document.newline != "\n":
        text = text.replace("\n", document.newline)
    return ("\ufeff" + text) if document.had_bom else text
