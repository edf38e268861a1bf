"""Word documents (``.docx``): the versions are the same package, its text translated.

**Reading** (:mod:`tarjama.formats.docx_read`). The package is opened by
:class:`~tarjama.formats.package.Package` (not a ZIP, password-protected, damaged, a ZIP
bomb: one line each) and every part by :func:`~tarjama.xmlsafe.parse_xml`. One block of
the document's text is one paragraph (``w:p``) of, in this order, the body (tables cell by
cell, text boxes ``w:txbxContent`` where they stand), the footnotes, the endnotes, the
headers and the footers; comments are never read (they are kept as they are). A paragraph's
text is the text of its runs (``w:t``; a non-breaking hyphen is U+2011, a soft hyphen
U+00AD), and its inline structure becomes markup:

* text formatted unlike the paragraph's dominant formatting (bold, italic, underline,
  colour, a character style), or inside a hyperlink, a tracked insertion or a content
  control, is a ``FORMAT`` span: translated on its own, its formatting put back around the
  translation. The dominant formatting is the one of the most letters; runs whose
  formatting differs only by what is not seen (revision ids ``w:rsid*``, the language,
  ``w:noProof``, ``w:rtl``, a font hint) are one. Monospace or "Code"-styled text is a
  ``CODE`` span, kept verbatim;
* everything else inside a paragraph — a field (``w:fldSimple``, or a complex field from
  its ``begin`` to its ``end``, result included), an image (``w:drawing``, ``w:pict``), a
  tab, a break, a symbol, a footnote reference, a bookmark, a comment anchor, tracked
  deleted text, an equation — is an ``OBJECT`` (U+FFFC; adjacent ones are one), kept in
  place and never translated. Objects at the start or the end of a paragraph stay there,
  outside its text (a page break before a heading is not part of its sentence). What Word
  remakes by itself (spell-check marks, ``w:lastRenderedPageBreak``, the ``_GoBack``
  bookmark) is no object: it is left out of the paragraphs a version rebuilds. A paragraph
  with no text (an image alone, an empty line, the entries of a table of contents) is no
  block and is never touched.

**Writing** (:mod:`tarjama.formats.docx_write`). Only the parts with a translated
paragraph are rewritten; in them, a paragraph with nothing translated into the version's
language is left exactly as it was. A translated paragraph keeps its ``w:pPr`` and gets its
runs rebuilt from :func:`~tarjama.formats.blocks.block_pieces`: untouched text in the runs
it came from, a translation in the formatting of its segment, each carried span in its
own run, objects moved back. The Arabic version sets right-to-left: ``w:bidi`` on the
paragraph, ``w:rtl`` on its translated runs with the complex-script size, bold and italic
(``w:szCs``, ``w:bCs``, ``w:iCs``) of the Latin ones and ``w:lang w:bidi="ar-SA"``, a
left-to-right token (a URL, an e-mail address, a path, a Latin phrase:
:func:`~tarjama.bidi.isolation_units`) in a run of its own without ``w:rtl``, and
``w:bidiVisual`` on a table with a translated cell; the English version of an Arabic
paragraph sets left-to-right (no ``w:bidi``, ``w:rtl``, ``w:bidiVisual``; ``w:sz`` from
``w:szCs``). Property elements go in the schema's order. A text box written twice by Word
(``mc:AlternateContent``: DrawingML and a VML fallback) is read once and its fallback
rewritten to match.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tarjama.formats.base import FileFormat

if TYPE_CHECKING:
    from tarjama.document import Document
    from tarjama.source import SourceText


class Docx(FileFormat):
    name = "docx"
    suffixes = (".docx",)
    description = "a Word document"

    def read(self, path: Path, data: bytes) -> SourceText:
        from tarjama.formats.docx_read import read_docx

        return read_docx(path, data, self.name, self.description)

    def write(self, document: Document, lang: str) -> bytes:
        from tarjama.formats.docx_write import write_docx

        return write_docx(document, lang)
