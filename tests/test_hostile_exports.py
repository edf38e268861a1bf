"""Hostile text through every reader and writer (issue 8), as properties.

Random documents hold every class of character that broke something once: C0 controls and
U+FFFE/U+FFFF (XML cannot hold them), bidi controls and invisible characters (they hide
text), U+2028/U+2029/U+0085 (line-based readers split at them), lone surrogates (escaped in
JSON), formula starters (spreadsheets run them), and Arabic beside URLs and Latin text.

What must hold:

* the source reader refuses a file exactly when it holds a character XML cannot hold
  (a form feed or vertical tab at a line's edge is layout and allowed), naming line and
  column; what it accepts never puts such a character into a segment;
* every export is written without an error, and read back by its own reader (tarjama's
  review reader for XLIFF 2.1, XLIFF 1.2, TMX and TSV; ``csv`` for the TSV as a spreadsheet
  sees it; ``json`` for the records) gives the text back exactly;
* a translation holding a character XML cannot hold (a broken model) never crashes an
  exporter: the XML formats show it as its control picture.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from docx import Document as WordDocument
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html

from tarjama.chars import (
    HIDDEN_CONTROLS,
    XML_ILLEGAL,
    first_refused_control,
    show_hidden,
    visible_label,
)
from tarjama.document import AlignmentLink, Document, Paragraph, Segment
from tarjama.errors import ControlCharacterError, DecodingError, InputError
from tarjama.export.bilingual import EXPORTS, export_bitext
from tarjama.export.jsonl import segments_jsonl
from tarjama.export.parallel import parallel_version
from tarjama.reader import read_source
from tarjama.review import read_reviewed
from tarjama.segment.segmenter import segment_source
from tarjama.spreadsheet import FORMULA_STARTERS

ARABIC = "قالالمبعوثإنطالبانستحضرالمحادثاتغدا"
LATIN = "TheenvoysaidtalkswouldgoonKabulov"
NEUTRAL = " .,:;!?()[]\"'«»/-_%#&<>|\\*`0123456789٠١٢٣٤٥٦٧٨٩"
URLS = ("https://example.org/news/2021/report.html?id=5", "user@example.com", "`code()`")
HIDDEN = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u2060\ufeff\U000e0041"
MARKS = "\u200e\u200f\u061c\u200c\u200d\u064e\u0651"  # legal and ordinary in Arabic
BREAKERS = "\u0085\u2028\u2029"
CONTROLS = "\x01\x07\x08\x0b\x0c\x1b\x1f\ufffe\uffff"

legal_char = st.sampled_from(ARABIC + LATIN + NEUTRAL + HIDDEN + MARKS + BREAKERS + "\t")
piece = st.one_of(
    st.text(legal_char, min_size=1, max_size=12),
    st.sampled_from(URLS),
    st.sampled_from(FORMULA_STARTERS).map(lambda starter: f"{starter}SUM(1+1)"),
)
#: text a segment may hold: everything but what XML cannot hold
legal_text = st.lists(piece, min_size=1, max_size=6).map("".join)
#: text as a broken model might write it
any_text = st.lists(st.one_of(piece, st.sampled_from(CONTROLS)), min_size=1, max_size=6).map(
    "".join
)

HYPOTHESIS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def translated_document(pairs: list[tuple[str, str, str]]) -> Document:
    """One paragraph, one segment per (lang, source, translation), each translated."""
    text = "\n".join(source for _, source, _ in pairs) + "\n"
    segments, start = [], 0
    for index, (lang, source, translation) in enumerate(pairs):
        segments.append(
            Segment(
                id=index,
                paragraph=0,
                line=index + 1,
                start=start,
                end=start + len(source),
                source=source,
                source_lang=lang,
                confidence=1.0,
                target_lang="en" if lang == "ar" else "ar",
                translation=translation,
                origin="model",
            )
        )
        start += len(source) + 1
    document = Document(text=text, path=Path("hostile.txt"))
    document.paragraphs = [Paragraph(0, 0, len(text), segments=segments)]
    document.links = [AlignmentLink((s.id,), (s.id,)) for s in segments]
    document.provenance = {"tool_version": "test", "source": {"sha256": document.text_sha256}}
    return document


segment_pairs = st.lists(
    st.tuples(st.sampled_from(["ar", "en"]), legal_text, legal_text), min_size=1, max_size=4
)
REVIEW_FORMATS = ("xliff", "xliff12", "tmx", "tsv")


@HYPOTHESIS
@given(pairs=segment_pairs)
def test_every_review_format_reads_back_exactly(pairs, tmp_path_factory):
    document = translated_document(pairs)
    folder = tmp_path_factory.mktemp("exports")
    for fmt in REVIEW_FORMATS:
        path = folder / f"x{EXPORTS[fmt].extension}"
        path.write_bytes(export_bitext(document, fmt))
        units = {unit.id: unit for unit in read_reviewed(path).units}
        for segment in document.segments:
            unit = units[f"s{segment.id}"]
            ar, en = _ar_en(segment)
            assert (fmt, unit.ar, unit.en) == (fmt, ar, en)


@HYPOTHESIS
@given(pairs=segment_pairs)
def test_tsv_cells_never_start_a_formula_and_csv_reads_every_row(pairs):
    document = translated_document(pairs)
    rows = list(csv.reader(io.StringIO(export_bitext(document, "tsv").decode()), delimiter="\t"))
    assert len(rows) == 2 + len(pairs)  # the preamble, the header, one row a link
    for row in rows[2:]:
        for cell in row:
            assert not cell or cell[0] not in FORMULA_STARTERS, cell


@HYPOTHESIS
@given(pairs=segment_pairs)
def test_records_are_one_line_each_and_read_back_exactly(pairs):
    document = translated_document(pairs)
    text = segments_jsonl(document)
    assert text.splitlines() == text.split("\n")[:-1]  # no other line break inside a record
    records = [json.loads(line) for line in text.split("\n")[:-1]][1:]
    assert [(r["source"], r["translation"]) for r in records] == [
        (s.source, s.translation) for s in document.segments
    ]


@HYPOTHESIS
@given(pairs=st.lists(st.tuples(st.sampled_from(["ar", "en"]), any_text, any_text), max_size=4))
def test_no_exporter_fails_on_characters_xml_cannot_hold(pairs):
    document = translated_document(pairs or [("en", "x", "y")])
    for fmt in EXPORTS:
        data = export_bitext(document, fmt)
        if fmt in ("xliff", "xliff12", "tmx"):
            root = etree.fromstring(data)
            assert not any(XML_ILLEGAL.search(t) for t in root.itertext())


def _ar_en(segment: Segment) -> tuple[str, str]:
    if segment.source_lang == "ar":
        return segment.source, segment.translation
    return segment.translation, segment.source


@HYPOTHESIS
@given(pairs=segment_pairs)
def test_docx_and_html_show_every_character_and_obey_none(pairs):
    """Word and the page show the text whole, hidden controls as labels (never obeyed)."""
    document = translated_document(pairs)
    word = WordDocument(io.BytesIO(export_bitext(document, "docx")))
    cells = [[cell.text for cell in row.cells] for row in word.tables[0].rows[1:]]
    # Word has no carriage return in a run: python-docx writes one as a line break
    expected = [[show_hidden(t).replace("\r", "\n") for t in _ar_en(s)] for s in document.segments]
    assert cells == expected
    page = lxml_html.fromstring(export_bitext(document, "html"))
    for segment in document.segments:
        row = page.get_element_by_id(f"s{segment.id}")
        for tag in row.find_class("tag"):  # the "MT" label beside a translation
            tag.drop_tree()
        shown = [cell.text_content() for cell in row.findall("td")[1:3]]
        # an HTML parser reads a carriage return as a line feed, as browsers do
        texts = [t.replace("\r", "\n") for t in reversed(_ar_en(segment))]
        expected = [HIDDEN_CONTROLS.sub(_badge, text) for text in texts]
        assert shown == expected
        assert not any(HIDDEN_CONTROLS.search(text) for text in row.itertext())


def _badge(match) -> str:
    return visible_label(match.group())


# --- the source reader ----------------------------------------------------------------

# no CR here: the reader reads CR as a line end, which would renumber the lines
source_line = st.lists(
    st.one_of(piece, st.sampled_from(CONTROLS), st.sampled_from(["\f", "\v"])), max_size=5
).map(lambda pieces: "".join(pieces).replace("\r", ""))


@HYPOTHESIS
@given(lines=st.lists(source_line, min_size=1, max_size=5))
def test_reader_refuses_exactly_what_xml_cannot_hold(lines, tmp_path_factory):
    text = "\n".join(lines) + "\nThe end of the article.\n"
    path = tmp_path_factory.mktemp("src") / "in.txt"
    path.write_bytes(text.encode("utf-8"))
    found = first_refused_control(text.removeprefix("\ufeff"))  # a leading U+FEFF is a BOM
    if found is not None:
        with pytest.raises(ControlCharacterError) as caught:
            read_source(path)
        assert f"in.txt:{found.line}:{found.column}:" in str(caught.value)
        return
    document = segment_source(read_source(path))
    assert parallel_version(document, "en").encode("utf-8") == text.encode("utf-8")
    for segment in document.segments:
        assert not XML_ILLEGAL.search(segment.source), segment.source


@pytest.mark.parametrize(
    ("data", "error", "where"),
    [
        (b"Hello\x1b world. This is fine.\n", ControlCharacterError, "esc.txt:1:6:"),
        (b"ok\nA line with\va vertical tab.\n", ControlCharacterError, "esc.txt:2:12:"),
        (b"Page one.\n\xef\xbf\xbe\n", ControlCharacterError, "esc.txt:2:1:"),
        (b"A lone surrogate \xed\xa0\x80 here.\n", DecodingError, "esc.txt:"),
    ],
)
def test_regression_one_control_character_is_a_one_line_error(tmp_path, data, error, where):
    path = tmp_path / "esc.txt"
    path.write_bytes(data)
    with pytest.raises(error) as caught:
        read_source(path)
    assert isinstance(caught.value, InputError)
    message = str(caught.value)
    assert where in message and "\n" not in message and " — " in message  # the fix


def test_form_feed_between_pages_is_layout_and_kept(tmp_path):
    text = "Page one ends here.\n\fPage two starts here.\f\n"
    path = tmp_path / "pdftotext.txt"
    path.write_bytes(text.encode())
    document = segment_source(read_source(path))
    assert [s.source for s in document.segments] == ["Page one ends here.", "Page two starts here."]
    assert parallel_version(document, "ar") == text
