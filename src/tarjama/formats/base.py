"""The one small interface every file format implements: read a file, write a version.

A format module reads a file into a :class:`~tarjama.source.SourceText` (the text of its
blocks, the inline markup and whatever handles its writer needs) and writes a translated
:class:`~tarjama.document.Document` back into the same format, one language at a time.
The pipeline in between does not know which format it is handling.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from tarjama.document import Document
    from tarjama.source import SourceText


class FileFormat(ABC):
    #: the name documents carry in ``Document.format`` and records in their header
    name: ClassVar[str]
    #: extensions, lower case, the first one the canonical one
    suffixes: ClassVar[tuple[str, ...]]
    #: what users call it, for messages ("a Word file")
    description: ClassVar[str]

    @abstractmethod
    def read(self, path: Path, data: bytes) -> SourceText:
        """``data`` (the bytes of ``path``) as a source; raise a catalogued
        :class:`~tarjama.errors.InputError` naming the file for anything it cannot read."""

    @abstractmethod
    def write(self, document: Document, lang: str) -> str | bytes:
        """The ``lang`` version of ``document``, in this format."""

    def version_suffix(self, path: Path | None) -> str:
        """The extension of the versions of ``path``: the input's own where this format
        knows it (``.htm`` stays ``.htm``), else the canonical one."""
        suffix = path.suffix.lower() if path is not None else ""
        return suffix if suffix in self.suffixes else self.suffixes[0]

    def fixed_targets(self, document: Document) -> tuple[str, ...] | None:
        """The languages a document of this format can be written in, where the file
        decides (an XLIFF file names its target language); None: whatever ``--to`` asks."""
        return None

    def page_suffix(self) -> str:
        """The extension of the side-by-side page: ``.html``, unless the versions are
        HTML pages themselves."""
        return ".html"
