"""A Word document: a title, then a table of the alignment links, Arabic right-to-left.

Columns: link · العربية · English · score. Arabic paragraphs are bidirectional (``w:bidi``)
and right-aligned, their runs right-to-left (``w:rtl``, Arabic as the complex-script
language); English is left-to-right. A link scored below the confidence threshold gets a
shaded score cell marked ``⚠ low``; a side with nothing to pair (1-0, 0-1) shows ``—``.
"""

from __future__ import annotations

import io

from docx import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from tarjama.bitext import LOW_CONFIDENCE, bitext_info, bitext_rows
from tarjama.document import AR, Document

LOW_FILL = "FDE68A"
# WordprocessingML wants property elements in schema order: what may follow each one
_AFTER_BIDI = (
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
    "w:pPrChange",
)  # fmt: skip
_AFTER_RTL = ("w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
_AFTER_SHD = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")
GAP_COLOR = RGBColor(0x6B, 0x72, 0x80)


def _set_rtl(paragraph) -> None:
    """Make ``paragraph`` and its runs right-to-left Arabic, right-aligned."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    properties = paragraph._p.get_or_add_pPr()
    properties.insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)
    for run in paragraph.runs:
        run_properties = run._r.get_or_add_rPr()
        run_properties.insert_element_before(OxmlElement("w:rtl"), *_AFTER_RTL)
        language = OxmlElement("w:lang")
        language.set(qn("w:bidi"), "ar-SA")
        run_properties.insert_element_before(language, *_AFTER_LANG)


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().insert_element_before(shading, *_AFTER_SHD)


def _fill(cell, text: str, lang: str) -> None:
    paragraph = cell.paragraphs[0]
    if not text:
        run = paragraph.add_run("—")
        run.italic = True
        run.font.color.rgb = GAP_COLOR
    else:
        paragraph.add_run(text)
    if lang == AR:
        _set_rtl(paragraph)


def export_docx(document: Document, stem: str | None = None) -> bytes:
    info = bitext_info(document, stem)
    rows = bitext_rows(document)
    word = WordDocument()
    word.core_properties.title = info.title
    word.core_properties.comments = f"tarjama bitext; kind={info.kind}; original={info.original}"
    word.add_heading(info.title, level=1)
    word.add_paragraph(
        f"{len(rows)} links. A shaded score marked ⚠ is below {LOW_CONFIDENCE:g}; "
        "— marks a side with nothing to pair."
    )
    table = word.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, label, lang in zip(
        table.rows[0].cells,
        ("link", "العربية", "English", "score"),
        ("en", AR, "en", "en"),
        strict=True,
    ):
        _fill(cell, label, lang)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        _fill(cells[0], row.id, "en")
        _fill(cells[1], row.ar, AR)
        _fill(cells[2], row.en, "en")
        score = "" if row.score is None else f"{row.score:.2f}"
        if row.low_confidence:
            score += " ⚠ low"
            _shade(cells[3], LOW_FILL)
        cells[3].paragraphs[0].add_run(f"{score} {row.kind}".strip())
        for cell in (cells[0], cells[3]):
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(8)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()
