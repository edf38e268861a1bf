"""A Word document: a title, then a two-column table of the alignment links, Arabic | English.

One row per link. The Arabic column is right-to-left: its paragraphs are bidirectional
(``w:bidi``) and their runs right-to-left (``w:rtl``, Arabic as the complex-script language,
bold as ``w:bCs`` too). No ``w:jc`` is written on them: in a ``w:bidi`` paragraph Word reads
``left``/``right`` relative to the text direction, so the paragraph's own start, the right
edge, is the only alignment that every reader draws the same. The English column is
left-to-right.

A link scored below the confidence threshold is shaded on both sides and carries a Word
comment with its id, kind and score, where an editor looks for review notes; a side with
nothing to pair (1-0, 0-1) shows ``—``.
"""

from __future__ import annotations

import io

from docx import Document as WordDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor

from tarjama.bitext import LOW_CONFIDENCE, BitextRow, bitext_info, bitext_rows
from tarjama.document import AR, EN, Document

LOW_FILL = "FDE68A"
COMMENT_AUTHOR = "tarjama"
# WordprocessingML wants property elements in schema order: what may follow each one
_AFTER_BIDI = (
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
    "w:pPrChange",
)  # fmt: skip
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
_AFTER_SHD = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")
GAP_COLOR = RGBColor(0x6B, 0x72, 0x80)
#: (language, header) of the two columns, in order
COLUMNS = ((AR, "العربية"), (EN, "English"))


def _set_rtl(paragraph) -> None:
    """Make ``paragraph`` and its runs right-to-left Arabic."""
    properties = paragraph._p.get_or_add_pPr()
    properties.insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)
    for run in paragraph.runs:
        run.font.rtl = True
        if run.bold:
            run.font.cs_bold = True  # Word bolds Arabic by w:bCs, not w:b
        language = OxmlElement("w:lang")
        language.set(qn("w:bidi"), "ar-SA")
        run._r.get_or_add_rPr().insert_element_before(language, *_AFTER_LANG)


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().insert_element_before(shading, *_AFTER_SHD)


def _fill(cell, text: str, lang: str, bold: bool = False):
    """Write ``text`` (``—`` when empty) into ``cell``; returns its run."""
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text or "—")
    run.bold = bold or None
    if not text:
        run.italic = True
        run.font.color.rgb = GAP_COLOR
    if lang == AR:
        _set_rtl(paragraph)
    return run


def _review_note(row: BitextRow) -> str:
    score = "" if row.score is None else f", score {row.score:.2f}"
    return f"{row.id}: {row.kind} link{score} (below {LOW_CONFIDENCE:g}): check this pair"


def export_docx(document: Document, stem: str | None = None) -> bytes:
    info = bitext_info(document, stem)
    rows = bitext_rows(document)
    word = WordDocument()
    word.core_properties.title = info.title
    word.core_properties.comments = f"tarjama bitext; kind={info.kind}; original={info.original}"
    word.add_heading(info.title, level=1)
    word.add_paragraph(
        f"{len(rows)} links, one a row. A shaded row scored below {LOW_CONFIDENCE:g} (its "
        "comment gives the score); — marks a side with nothing to pair."
    )
    table = word.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    for cell, (lang, label) in zip(table.rows[0].cells, COLUMNS, strict=True):
        _fill(cell, label, lang, bold=True)
    for row in rows:
        cells = table.add_row().cells
        pairs = zip(cells, COLUMNS, strict=True)
        runs = [_fill(cell, row.text(lang), lang) for cell, (lang, _) in pairs]
        if row.low_confidence:
            for cell in cells:
                _shade(cell, LOW_FILL)
            # on the first cell only: a comment range across cells is not one every editor keeps
            word.add_comment(runs[0], _review_note(row), author=COMMENT_AUTHOR, initials="TJ")
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()
