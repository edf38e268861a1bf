"""A Word document: a title, then a two-column table of the alignment links, Arabic | English.

One row per link. The Arabic column is right-to-left: its paragraphs are bidirectional
(``w:bidi``) and their runs right-to-left (``w:rtl``, Arabic as the complex-script language,
bold as ``w:bCs`` too). No ``w:jc`` is written on them: in a ``w:bidi`` paragraph Word reads
``left``/``right`` relative to the text direction, so the paragraph's own start, the right
edge, is the only alignment that every reader draws the same. The English column is
left-to-right.

Left-to-right tokens inside the Arabic column (a URL, an e-mail address, a code span,
markup, a path, a number with separators, a Latin phrase: the units the HTML pages
isolate, :func:`~tarjama.bidi.isolation_units`) are runs of their own, without
``w:rtl`` and with ``en-US`` as their language. ``w:rtl`` makes Word treat the weak and
neutral characters of a run as right-to-left (the ``:``, ``/``, ``.`` and ``?`` of a URL,
the space of ``Joe Biden``), which is what scrambled ``https://example.org/…?id=5`` into
``5=id?…//:https``; in a run of its own the token is drawn left to right as one piece.
LibreOffice ignores the runs' direction and orders the paragraph by the Unicode bidi
algorithm alone, which draws such a token in order as long as it holds no Arabic letters
(a Markdown link with Arabic text, a URL with an Arabic path: their Arabic is ordered right
to left there). A token of letters and digits only (``WHO``, ``CSTO``) stays in the Arabic
run: a ``w:rtl`` run draws strong letters and digits in their own order, and the Arabic
around it keeps one run.

Hidden controls (bidi embeddings, overrides and isolates, zero-width and tag characters:
:mod:`tarjama.chars`) are **shown, not obeyed**, as in the HTML pages: each is written as
a label run, ``⟨RLO⟩``, in a colour of its own on a light fill, in place of the character.
A reviewer reads the Word file as it is printed or shown, so an override left in it would
turn ``\\u202Etxt.exe`` into ``exe.txt`` there too; the exact text stays in the versions and
in the review formats (XLIFF, TMX, TSV), which are what ``review apply`` reads back, never
this file. A label takes the direction of the text it stands in (in LibreOffice, which
orders by the bidi algorithm alone, a label next to a left-to-right token may be drawn on
the token's other side; it is still shown, and nothing is reordered by it). The title
(file names) gets the same labels. Every run text goes through
:func:`~tarjama.xmlsafe.xml_text`.

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

from tarjama.bidi import LTR_LANG, RTL_LANG, rtl_run_pieces
from tarjama.bitext import LOW_CONFIDENCE, BitextRow, bitext_info, bitext_rows
from tarjama.chars import hidden_controls, show_hidden, visible_label
from tarjama.document import AR, EN, Document
from tarjama.xmlsafe import xml_text

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
_AFTER_RUN_SHD = ("w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", *_AFTER_LANG)
_AFTER_SHD = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")
GAP_COLOR = RGBColor(0x6B, 0x72, 0x80)
#: the label of a hidden control: dark orange on a light orange fill
LABEL_COLOR = RGBColor(0xC2, 0x41, 0x0C)
LABEL_FILL = "FFEDD5"
#: languages of the runs: Arabic (complex script) and the left-to-right tokens inside it
#: (language, header) of the two columns, in order
COLUMNS = ((AR, "العربية"), (EN, "English"))


def _set_bidi(paragraph) -> None:
    """Make ``paragraph`` a right-to-left paragraph (its runs say their own direction)."""
    properties = paragraph._p.get_or_add_pPr()
    properties.insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)


def _set_language(run, rtl: bool) -> None:
    language = OxmlElement("w:lang")
    if rtl:
        language.set(qn("w:bidi"), RTL_LANG)
    else:
        language.set(qn("w:val"), LTR_LANG)
    run._r.get_or_add_rPr().insert_element_before(language, *_AFTER_LANG)


def _add_run(paragraph, text: str, rtl: bool | None, bold: bool, label: bool = False):
    """One run of ``text``: right-to-left Arabic when ``rtl``, a left-to-right token inside
    Arabic when ``rtl`` is False, plain (the English column) when None."""
    run = paragraph.add_run(xml_text(text))
    run.bold = bold or None
    if rtl:
        run.font.rtl = True
        if bold:
            run.font.cs_bold = True  # Word bolds Arabic by w:bCs, not w:b
    if label:
        run.font.color.rgb = LABEL_COLOR
        run._r.get_or_add_rPr().insert_element_before(_shading(LABEL_FILL), *_AFTER_RUN_SHD)
    if rtl is not None:
        _set_language(run, rtl)
    return run


def _direction_pieces(text: str, lang: str) -> list[tuple[str, bool | None]]:
    """``text`` cut into (piece, rtl) runs: in the Arabic column, each left-to-right token
    that a right-to-left run would reorder is a piece of its own (see the module)."""
    if lang != AR:
        return [(text, None)]
    return list(rtl_run_pieces(text))


def _add_text(paragraph, text: str, lang: str, bold: bool = False) -> list:
    """The runs of ``text`` in ``paragraph``: one a direction piece, hidden controls as
    label runs (in the direction of the piece they stand in)."""
    runs = []
    for piece, rtl in _direction_pieces(text, lang):
        cursor = 0
        for index, ch in hidden_controls(piece):
            if index > cursor:
                runs.append(_add_run(paragraph, piece[cursor:index], rtl, bold))
            runs.append(_add_run(paragraph, f"⟨{visible_label(ch)}⟩", rtl, bold, label=True))
            cursor = index + len(ch)
        if cursor < len(piece):
            runs.append(_add_run(paragraph, piece[cursor:], rtl, bold))
    return runs


def _shading(fill: str):
    """A ``w:shd`` filling with ``fill`` (a run's or a cell's)."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    return shading


def _shade(cell, fill: str) -> None:
    cell._tc.get_or_add_tcPr().insert_element_before(_shading(fill), *_AFTER_SHD)


def _fill(cell, text: str, lang: str, bold: bool = False) -> list:
    """Write ``text`` (``—`` when empty) into ``cell``; returns its runs."""
    paragraph = cell.paragraphs[0]
    if lang == AR:
        _set_bidi(paragraph)
    if text:
        return _add_text(paragraph, text, lang, bold)
    run = _add_run(paragraph, "—", True if lang == AR else None, bold)
    run.italic = True
    run.font.color.rgb = GAP_COLOR
    return [run]


def _review_note(row: BitextRow) -> str:
    score = "" if row.score is None else f", score {row.score:.2f}"
    note = f"{row.id}: {row.kind} link{score} (below {LOW_CONFIDENCE:g}): check this pair"
    return xml_text(note)


def export_docx(document: Document, stem: str | None = None) -> bytes:
    info = bitext_info(document, stem)
    rows = bitext_rows(document)
    word = WordDocument()
    word.core_properties.title = xml_text(show_hidden(info.title))
    word.core_properties.comments = xml_text(
        show_hidden(f"tarjama bitext; kind={info.kind}; original={info.original}")
    )
    _add_text(word.add_heading("", level=1), info.title, EN)
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
