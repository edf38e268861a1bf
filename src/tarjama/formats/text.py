"""Plain text and Markdown: the file's text is the document's text.

The versions are the source with every segment replaced by its text in that language;
everything between segments (blank lines, Markdown structure, code) is copied, and the
input's line ends and BOM are kept.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tarjama.decode import decode_text
from tarjama.formats.base import FileFormat
from tarjama.source import SourceText

if TYPE_CHECKING:
    from tarjama.document import Document


def as_written(document: Document, text: str) -> str:
    """``text`` (LF line ends) with the input's own line end and BOM back."""
    if document.newline != "\n":
        text = text.replace("\n", document.newline)
    return ("\ufeff" + text) if document.had_bom else text


class PlainText(FileFormat):
    name = "text"
    suffixes = (".txt",)
    description = "a text file"

    def read(self, path: Path, data: bytes) -> SourceText:
        decoded = decode_text(path, data)
        return SourceText(path, decoded.text, self.name, decoded.newline, decoded.had_bom)

    def write(self, document: Document, lang: str) -> str:
        return as_written(document, document.render(lang))


class Markdown(PlainText):
    name = "markdown"
    suffixes = (".md", ".markdown")
    description = "a Markdown file"

    def version_suffix(self, path: Path | None) -> str:
        return ".md"  # .markdown inputs too: one spelling for the versions
