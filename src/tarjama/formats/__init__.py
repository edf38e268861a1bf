"""Every file format tarjama reads and writes, by name and by extension.

Each format is one module with a :class:`~tarjama.formats.base.FileFormat`: ``read`` (file →
:class:`~tarjama.source.SourceText`) and ``write`` (document → the same format, one
language). Format modules import their heavy libraries (python-docx, lxml) inside
``read``/``write``, so this registry is cheap to import. A new format is one module and one
line in :data:`_FORMATS`.
"""

from __future__ import annotations

from pathlib import Path

from tarjama.errors import UnsupportedInputError
from tarjama.formats.base import FileFormat
from tarjama.formats.docx import Docx
from tarjama.formats.epub import Epub
from tarjama.formats.html import Html
from tarjama.formats.odt import Odt
from tarjama.formats.subtitles import SubRip, WebVTT
from tarjama.formats.text import Markdown, PlainText
from tarjama.formats.xliff import Xliff

# One line a format (each module imports its heavy libraries inside read/write).
_FORMATS: tuple[FileFormat, ...] = (
    PlainText(),
    Markdown(),
    Docx(),
    Odt(),
    Html(),
    Epub(),
    SubRip(),
    WebVTT(),
    Xliff(),
)

FORMATS: dict[str, FileFormat] = {fmt.name: fmt for fmt in _FORMATS}
#: extension → format
SUFFIXES: dict[str, FileFormat] = {suffix: fmt for fmt in _FORMATS for suffix in fmt.suffixes}


def get_format(name: str) -> FileFormat:
    """The format called ``name`` (``Document.format``); KeyError for an unknown one."""
    return FORMATS[name]


def format_of(path: Path) -> FileFormat:
    """The format of ``path`` by its extension, or :class:`UnsupportedInputError`."""
    fmt = SUFFIXES.get(Path(path).suffix.lower())
    if fmt is None:
        raise UnsupportedInputError(path, Path(path).suffix or "(none)", supported_list())
    return fmt


def supported_list() -> str:
    """``.txt, .md, .docx, …``: for messages."""
    return ", ".join(SUFFIXES)
