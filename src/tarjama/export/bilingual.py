"""Every bilingual export by name, and how one is written next to a run's other outputs.

Each export reads :func:`tarjama.bitext.bitext_rows`, so a translated document and an
aligned one (``tarjama align``) export alike. File names: ``<stem>`` plus the format's
extension, chosen so that none can be taken for another output of a run (``<stem>.en.md``
is a version; ``<stem>.bitext.md`` the table; ``<stem>.html`` the translate page,
``<stem>.bitext.html`` this one).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from tarjama.bitext import bitext_info
from tarjama.document import Document
from tarjama.errors import OutputCollisionError, UnknownExportFormatError
from tarjama.export.docx import export_docx
from tarjama.export.html import bitext_html
from tarjama.export.markdown import export_markdown
from tarjama.export.tmx import export_tmx
from tarjama.export.tsv import export_tsv
from tarjama.export.xliff import export_xliff12, export_xliff21
from tarjama.outputs import BITEXT_MARKDOWN_SUFFIX, path_key
from tarjama.writer import write_atomic


def export_html(document: Document, stem: str | None = None) -> bytes:
    return bitext_html(document, bitext_info(document, stem).title).encode("utf-8")


@dataclass(frozen=True)
class Export:
    write: Callable[[Document, str | None], bytes]
    extension: str
    description: str


EXPORTS: dict[str, Export] = {
    "html": Export(export_html, ".bitext.html", "side-by-side page with scores and terms"),
    "tmx": Export(export_tmx, ".tmx", "TMX 1.4b translation memory"),
    "xliff": Export(export_xliff21, ".xlf", "XLIFF 2.1 for review tools"),
    "xliff12": Export(export_xliff12, ".xliff12.xlf", "XLIFF 1.2 for older review tools"),
    "tsv": Export(export_tsv, ".bitext.tsv", "tab-separated table, reviewable"),
    "md": Export(export_markdown, BITEXT_MARKDOWN_SUFFIX, "Markdown table"),
    "docx": Export(export_docx, ".docx", "Word table, Arabic right-to-left"),
}


def _export(fmt: str) -> Export:
    try:
        return EXPORTS[fmt]
    except KeyError:
        raise UnknownExportFormatError(fmt, list(EXPORTS)) from None


def extension(fmt: str) -> str:
    """``".tmx"``, ``".xlf"``, ``".bitext.md"``, ...: what follows the stem."""
    return _export(fmt).extension


def export_bitext(document: Document, fmt: str, stem: str | None = None) -> bytes:
    """The export ``fmt`` (a key of :data:`EXPORTS`) of ``document``. ``stem`` (the
    translate run's output stem) is written into the formats that carry it, so that
    ``tarjama review apply`` finds the run's outputs again."""
    return _export(fmt).write(document, stem)


def bitext_path(output_dir: Path, stem: str, fmt: str) -> Path:
    return Path(output_dir) / f"{stem}{extension(fmt)}"


def write_bitext(
    document: Document,
    fmt: str,
    output_dir: Path,
    stem: str,
    protected: Iterable[Path] = (),
) -> Path:
    """Write ``<output_dir>/<stem><extension>`` atomically and return its path.

    Never overwrites an input: the document's source, its counterpart's, and any path in
    ``protected`` (compared as :func:`~tarjama.outputs.path_key`) are refused with
    :class:`~tarjama.errors.OutputCollisionError`.
    """
    path = bitext_path(output_dir, stem, fmt)
    inputs = [*protected, document.path]
    if document.counterpart is not None:
        inputs.append(document.counterpart.path)
    if path_key(path) in {path_key(Path(p)) for p in inputs if p is not None}:
        raise OutputCollisionError(path, "export would overwrite an input file")
    data = export_bitext(document, fmt, stem)
    write_atomic({path: data})
    return path
