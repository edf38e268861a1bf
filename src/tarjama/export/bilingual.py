"""Every bilingual export by name, and how one is written next to a run's other outputs.

Each export reads :func:`tarjama.bitext.bitext_rows`, so a translated document and an
aligned one (``tarjama align``) export alike. File names: ``<stem>`` plus the format's
extension, chosen so that none can be taken for another output of a run (``<stem>.en.md``
is a version; ``<stem>.bitext.md`` the table; ``<stem>.html`` the translate page,
``<stem>.bitext.html`` this one).

``vecalign`` (:data:`ALIGN_EXPORTS`) is written for aligned documents only: a translated
document has no links into another one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from tarjama.bitext import bitext_info
from tarjama.document import Document
from tarjama.errors import DocumentWriteError, OutputCollisionError, UnknownExportFormatError
from tarjama.export.docx import export_docx
from tarjama.export.html import bitext_html
from tarjama.export.markdown import export_markdown
from tarjama.export.tmx import export_tmx
from tarjama.export.tsv import export_tsv
from tarjama.export.vecalign import export_vecalign
from tarjama.export.xliff import export_xliff12, export_xliff21
from tarjama.names import EXPORT_SUFFIXES, path_key
from tarjama.writer import write_atomic


def export_html(document: Document, stem: str | None = None) -> bytes:
    return bitext_html(document, bitext_info(document, stem).title).encode("utf-8")


@dataclass(frozen=True)
class Export:
    write: Callable[[Document, str | None], bytes]
    extension: str
    description: str


EXPORTS: dict[str, Export] = {
    "html": Export(export_html, EXPORT_SUFFIXES["html"], "side-by-side page with scores and terms"),
    "tmx": Export(export_tmx, EXPORT_SUFFIXES["tmx"], "TMX 1.4b translation memory"),
    "xliff": Export(export_xliff21, EXPORT_SUFFIXES["xliff"], "XLIFF 2.1 for review tools"),
    "xliff12": Export(
        export_xliff12, EXPORT_SUFFIXES["xliff12"], "XLIFF 1.2 for older review tools"
    ),
    "tsv": Export(export_tsv, EXPORT_SUFFIXES["tsv"], "tab-separated table, reviewable"),
    "md": Export(export_markdown, EXPORT_SUFFIXES["md"], "Markdown table"),
    "docx": Export(export_docx, EXPORT_SUFFIXES["docx"], "Word table, Arabic right-to-left"),
}


#: formats only an aligned document (``tarjama align``) has
ALIGN_EXPORTS: dict[str, Export] = {
    "vecalign": Export(
        export_vecalign, EXPORT_SUFFIXES["vecalign"], "[src ids]:[tgt ids] per link"
    ),
}


def _export(fmt: str, aligned: bool = False) -> Export:
    known = {**EXPORTS, **ALIGN_EXPORTS} if aligned else EXPORTS
    try:
        return known[fmt]
    except KeyError:
        raise UnknownExportFormatError(fmt, list(known)) from None


def extension(fmt: str) -> str:
    """``".tmx"``, ``".xlf"``, ``".bitext.md"``, ...: what follows the stem."""
    return _export(fmt, aligned=True).extension


def export_bitext(document: Document, fmt: str, stem: str | None = None) -> bytes:
    """The export ``fmt`` (a key of :data:`EXPORTS`, or of :data:`ALIGN_EXPORTS` for an
    aligned document) of ``document``. ``stem`` (the translate run's output stem) is written
    into the formats that carry it, so that ``tarjama review apply`` finds the run's outputs
    again."""
    return _export(fmt, aligned=document.counterpart is not None).write(document, stem)


def bitext_path(output_dir: Path, stem: str, fmt: str) -> Path:
    return Path(output_dir) / f"{stem}{extension(fmt)}"


def aligned_stem(source: Path, target: Path) -> str:
    """``ar.en`` for ``ar.txt`` aligned with ``en.txt``, ``article.ar.en`` for
    ``article.ar.txt`` with ``article.en.txt`` (the target's name less the leading parts the
    two share), ``story`` for two ``story.*``. Never a translate run's stem for the same
    source (``ar``), so that an aligned export does not replace a translate run's."""
    first, second = Path(source).stem, Path(target).stem
    if first.casefold() == second.casefold():
        return first
    own, other = first.split("."), second.split(".")
    shared = 0
    while shared < min(len(own), len(other)) - 1 and own[shared] == other[shared]:
        shared += 1
    return ".".join([first, *other[shared:]])


def write_bitext(
    document: Document,
    fmt: str,
    output_dir: Path,
    stem: str,
    protected: Iterable[Path] = (),
) -> Path:
    """Write ``<output_dir>/<stem><extension>`` atomically and return its path.

    Never overwrites an input: the document's source, its counterpart's, and any path in
    ``protected`` (compared as :func:`~tarjama.names.path_key`) are refused with
    :class:`~tarjama.errors.OutputCollisionError`.
    """
    return write_bitexts(document, [fmt], output_dir, stem, protected)[0]


def write_bitexts(
    document: Document,
    formats: Iterable[str],
    output_dir: Path,
    stem: str,
    protected: Iterable[Path] = (),
) -> list[Path]:
    """:func:`write_bitext` for several formats at once: every file is built before any is
    written, and they are written all together (:func:`~tarjama.writer.write_atomic`); a
    failed write is a :class:`~tarjama.errors.DocumentWriteError` naming the file."""
    contents = bitext_contents(document, formats, output_dir, stem, protected)
    try:
        return write_atomic(contents)
    except OSError as error:
        raise DocumentWriteError(document.path or output_dir, error) from None


def bitext_contents(
    document: Document,
    formats: Iterable[str],
    output_dir: Path,
    stem: str,
    protected: Iterable[Path] = (),
) -> dict[Path, bytes]:
    """The exports of ``document`` by path, built and checked, nothing written: a bad
    format or an input in the way fails here, before any file is touched."""
    inputs = [*protected, document.path]
    if document.counterpart is not None:
        inputs.append(document.counterpart.path)
    refused = {path_key(Path(p)) for p in inputs if p is not None}
    source = document.path
    contents: dict[Path, bytes] = {}
    for fmt in dict.fromkeys(formats):
        data = export_bitext(document, fmt, stem)  # an unknown format fails here, first
        path = bitext_path(output_dir, stem, fmt)
        if path_key(path) in refused:
            raise OutputCollisionError(path, "its export would overwrite an input file", source)
        contents[path] = data
    return contents
