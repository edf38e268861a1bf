"""Bilingual exports: every format reads ``bitext_rows``, for translated and aligned documents.

The documents are built by hand (no model): a translated one, whose links point at each
segment's own translation, and an aligned one, whose links point into its counterpart with
1-1, 1-2, 2-1, 1-0 and 0-1 links and scores.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from docx import Document as WordDocument
from docx.oxml.ns import qn
from lxml import etree
from lxml import html as lxml_html

from tarjama.bitext import MIXED, bitext_rows, parse_link_id
from tarjama.document import AlignmentLink, Document, Paragraph, Segment, TermMatch
from tarjama.errors import DocumentWriteError, OutputCollisionError, UnknownExportFormatError
from tarjama.export.bilingual import (
    EXPORTS,
    export_bitext,
    extension,
    write_bitext,
    write_bitexts,
)
from tarjama.export.html import side_by_side_html
from tarjama.export.tmx import tmx_export
from tarjama.review import read_reviewed
from tarjama.spreadsheet import escape_cell, unescape_cell

SCHEMAS = Path(__file__).resolve().parent / "schemas"
XLIFF21_XSD = SCHEMAS / "xliff-2.1" / "xliff_core_2.0.xsd"
X2 = "{urn:oasis:names:tc:xliff:document:2.0}"
X12 = "{urn:oasis:names:tc:xliff:document:1.2}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Arabic with tashkeel (fatha, damma, shadda, kasra, sukun, tanween), a right-to-left mark,
# an Arabic letter mark and an RLE/PDF pair: all must survive every review format as bytes.
ARABIC_MARKED = "قالَ المبعوثُ إنّ طالبانَ ستحضرُ المحادثاتِ غداً.\u200f"
ARABIC_BIDI = "\u202bسعرُ البرميلِ 80 دولاراً\u202c \u061cاليوم"
ENGLISH_TABS = 'The envoy\tsaid | the "talks"\nwould go on & <end>.'


def _segments(text: str, parts: list[str], lang: str, first_id: int = 0) -> list[Segment]:
    segments, position = [], 0
    for offset, part in enumerate(parts):
        start = text.index(part, position)
        segments.append(
            Segment(
                id=first_id + offset,
                paragraph=0,
                line=text.count("\n", 0, start) + 1,
                start=start,
                end=start + len(part),
                source=part,
                source_lang=lang,
                confidence=1.0,
            )
        )
        position = start + len(part)
    return segments


def translated_document() -> Document:
    """Three segments: Arabic (with a glossary term applied), English (with tabs, a line
    break and a missed term), Arabic with bidi controls; each translated by "the model"."""
    text = f"{ARABIC_MARKED}\n{ENGLISH_TABS}\n{ARABIC_BIDI}\n"
    ar1, en, ar2 = _segments(text, [ARABIC_MARKED, ENGLISH_TABS, ARABIC_BIDI], "ar")
    en.source_lang = "en"
    taliban = text.index("طالبانَ")
    ar1.terms = [
        TermMatch(
            taliban, taliban + 6, "طالبان", "طالبان", "Taliban", "glossaries/af.tsv:3",
            status="applied",
        )
    ]  # fmt: skip
    talks = text.index("talks")
    en.terms = [
        TermMatch(
            talks, talks + 5, "talks", "talks", "مفاوضات", "glossaries/af.tsv:9",
            status="missed", reason="the translation has المحادثات",
        )
    ]  # fmt: skip
    translations = {
        ar1.id: ("en", "The envoy said the Taliban would attend the talks tomorrow."),
        en.id: ("ar", "قال المبعوث إن المحادثات\tستستمر."),
        ar2.id: ("en", "The price of a barrel, 80 dollars, today"),
    }
    for segment in (ar1, en, ar2):
        segment.target_lang, segment.translation = translations[segment.id]
        segment.origin = "model"
    document = Document(
        text=text,
        path=Path("news/briefing.txt"),
        paragraphs=[Paragraph(0, 0, len(text), segments=[ar1, en, ar2])],
    )
    document.links = [AlignmentLink((s.id,), (s.id,)) for s in document.segments]
    document.provenance = {
        "tool_version": "0.0.test",
        "source": {"path": "news/briefing.txt", "format": "text", "sha256": "a" * 64},
        "targets": ["en", "ar"],
    }
    return document


AR_SIDE = ["الجملةُ الأولى.", "الجملة الثانية.", "الثالثة", "تكملة.", "رابعة وحيدة.", "خامسة."]
EN_SIDE = ["First sentence.", "Second", "half.", "Third, completed.", "Fifth.", "Lonely sixth."]


def aligned_document() -> Document:
    """Arabic document aligned with an English counterpart: 1-1, 1-2, 2-1, 1-0, 1-1, 0-1."""
    ar_text, en_text = " ".join(AR_SIDE), " ".join(EN_SIDE)
    arabic = Document(
        text=ar_text,
        path=Path("pair/report.ar.txt"),
        paragraphs=[Paragraph(0, 0, len(ar_text), segments=_segments(ar_text, AR_SIDE, "ar"))],
    )
    english = Document(
        text=en_text,
        path=Path("pair/report.en.txt"),
        paragraphs=[Paragraph(0, 0, len(en_text), segments=_segments(en_text, EN_SIDE, "en"))],
    )
    arabic.counterpart = english
    arabic.links = [
        AlignmentLink((0,), (0,), 0.93),
        AlignmentLink((1,), (1, 2), 0.41),
        AlignmentLink((2, 3), (3,), 0.77),
        AlignmentLink((4,), (), 0.2),
        AlignmentLink((5,), (4,), 0.88),
        AlignmentLink((), (5,), 0.1),
    ]
    return arabic


DOCUMENTS = {"translated": translated_document, "aligned": aligned_document}
REVIEW_FORMATS = ("xliff", "xliff12", "tsv", "tmx")


@pytest.fixture(scope="module")
def xliff21_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XLIFF21_XSD)))


def _xml(data: bytes) -> etree._Element:
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))


# --- every format, both kinds of document ---------------------------------------------------


@pytest.mark.parametrize("kind", sorted(DOCUMENTS))
@pytest.mark.parametrize("fmt", sorted(EXPORTS))
def test_every_export_parses_and_has_one_entry_per_link(fmt: str, kind: str):
    document = DOCUMENTS[kind]()
    links = len(document.links)
    gaps = sum(not link.source or not link.target for link in document.links)
    data = export_bitext(document, fmt, stem="briefing")
    assert isinstance(data, bytes) and data
    if fmt == "xliff":
        assert len(_xml(data).findall(f".//{X2}unit")) == links
    elif fmt == "xliff12":
        assert len(_xml(data).findall(f".//{X12}trans-unit")) == links
    elif fmt == "tmx":
        assert len(_xml(data).findall(".//tu")) == links - gaps
    elif fmt == "tsv":
        rows = list(csv.reader(io.StringIO(data.decode()), delimiter="\t", quoting=csv.QUOTE_NONE))
        assert rows[1] == ["link_id", "ar", "en", "score", "kind", "state", "origin"]
        assert len(rows) == 2 + links and all(len(row) == 7 for row in rows[1:])
    elif fmt == "md":
        table = [line for line in data.decode().splitlines() if line.startswith("| ")]
        assert table[1].startswith("| --- ")
        assert len(table) == 2 + links  # header, delimiter, one row a link
    elif fmt == "docx":
        table = WordDocument(io.BytesIO(data)).tables[0]
        assert len(table.rows) == 1 + links
    elif fmt == "html":
        tree = lxml_html.fromstring(data)
        assert len(tree.xpath("//tr[contains(@class, 'link')]")) == links
    else:  # a new format must get a check here
        pytest.fail(f"no check for {fmt}")


@pytest.mark.parametrize("fmt", sorted(EXPORTS))
def test_extensions_never_clash_with_a_runs_outputs(fmt: str):
    name = f"a{extension(fmt)}"
    assert name not in {"a.en.txt", "a.ar.txt", "a.en.md", "a.ar.md", "a.html"}
    assert not name.endswith(".segments.jsonl")
    assert len({e.extension for e in EXPORTS.values()}) == len(EXPORTS)


def test_unknown_format_is_a_catalogue_error():
    with pytest.raises(UnknownExportFormatError, match="xliff, xliff12"):
        export_bitext(translated_document(), "po")


def test_write_bitext_writes_atomically_and_never_over_an_input(tmp_path: Path):
    document = translated_document()
    path = write_bitext(document, "tmx", tmp_path, "briefing")
    assert path == tmp_path / "briefing.tmx" and _xml(path.read_bytes()).tag == "tmx"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp left
    source = tmp_path / "briefing.bitext.md"
    source.write_text("input", encoding="utf-8")
    document.path = source
    with pytest.raises(OutputCollisionError):
        write_bitext(document, "md", tmp_path, "briefing")
    assert source.read_text(encoding="utf-8") == "input"


def test_vecalign_is_written_for_an_aligned_document_only():
    data = export_bitext(aligned_document(), "vecalign")
    assert data.decode() == "[0]:[0]\n[1]:[1,2]\n[2,3]:[3]\n[4]:[]\n[5]:[4]\n[]:[5]\n"
    with pytest.raises(UnknownExportFormatError, match="unknown export format 'vecalign'"):
        export_bitext(translated_document(), "vecalign")


def test_write_bitexts_is_all_or_nothing(tmp_path: Path):
    document = aligned_document()
    earlier = write_bitext(document, "tmx", tmp_path, "report")
    before = earlier.read_bytes()
    with pytest.raises(UnknownExportFormatError):
        write_bitexts(document, ["xliff", "po"], tmp_path, "report")
    (tmp_path / "report.bitext.tsv").mkdir()  # a folder where the TSV goes
    with pytest.raises(DocumentWriteError, match="report.bitext.tsv"):
        write_bitexts(document, ["xliff", "tmx", "tsv"], tmp_path, "report")
    assert not (tmp_path / "report.xlf").exists() and earlier.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


# --- ids --------------------------------------------------------------------------------


def test_link_ids_name_the_segments_and_parse_back():
    assert [row.id for row in bitext_rows(translated_document())] == ["s0", "s1", "s2"]
    ids = [row.id for row in bitext_rows(aligned_document())]
    assert ids == ["s0_t0", "s1_t1-t2", "s2-s3_t3", "s4", "s5_t4", "t5"]
    assert [parse_link_id(i) for i in ids] == [
        ((0,), (0,)),
        ((1,), (1, 2)),
        ((2, 3), (3,)),
        ((4,), None),
        ((5,), (4,)),
        ((), (5,)),
    ]
    assert parse_link_id("unit-1") is None


# --- XLIFF 2.1 ------------------------------------------------------------------------------


def test_vendored_xliff_schema_is_the_official_oasis_file():
    data = XLIFF21_XSD.read_bytes().replace(b"\r\n", b"\n")
    normalized = b"\n".join(line.rstrip() for line in data.split(b"\n"))
    assert hashlib.sha256(normalized).hexdigest() == (
        "211693e0bfdece92dd41cfc539021946d119bcba0a28df7809335848edc611cb"
    )
    assert b"Copyright (c) OASIS Open 2018. All Rights Reserved." in data


@pytest.mark.parametrize("kind", sorted(DOCUMENTS))
def test_xliff21_validates_against_the_official_schema(kind: str, xliff21_schema):
    root = _xml(export_bitext(DOCUMENTS[kind](), "xliff", stem="briefing"))
    assert xliff21_schema.validate(root), xliff21_schema.error_log
    assert root.get("version") == "2.1"
    assert (root.get("srcLang"), root.get("trgLang")) == ("ar", "en")


def test_xliff21_states_notes_and_orientation():
    document = translated_document()
    document.segments[2].origin = "memory"  # a reviewed translation from the memory
    root = _xml(export_bitext(document, "xliff", stem="briefing"))
    file = root.find(f"{X2}file")
    assert file.get("original") == "news/briefing.txt"
    meta = {n.get("category"): n.text for n in file.findall(f"{X2}notes/{X2}note")}
    assert meta["tarjama:stem"] == "briefing" and meta["tarjama:kind"] == "translate"
    units = {unit.get("id"): unit for unit in file.findall(f"{X2}unit")}
    states = {i: u.find(f"{X2}segment").get("state") for i, u in units.items()}
    assert states == {"s0": "translated", "s1": "translated", "s2": "reviewed"}
    notes = {
        i: [(n.get("category"), n.text) for n in u.iter(f"{X2}note")] for i, u in units.items()
    }
    assert ("term", "طالبان → Taliban (glossaries/af.tsv:3); applied") in notes["s0"]
    missed = [text for category, text in notes["s1"] if category == "term"]
    assert missed == [
        "talks → مفاوضات (glossaries/af.tsv:9); missed: the translation has المحادثات"
    ]
    # s1 was written in English: it still goes in ar → en, and a note says so
    assert any(category == "tarjama:orientation" for category, _ in notes["s1"])
    segment = units["s1"].find(f"{X2}segment")
    assert segment.find(f"{X2}source").text == "قال المبعوث إن المحادثات\tستستمر."
    assert segment.find(f"{X2}target").text == ENGLISH_TABS


def test_xliff21_aligned_scores_gaps_and_2_1_links(xliff21_schema):
    root = _xml(export_bitext(aligned_document(), "xliff", stem="report"))
    units = {unit.get("id"): unit for unit in root.iter(f"{X2}unit")}
    notes = {i: {n.get("category"): n.text for n in u.iter(f"{X2}note")} for i, u in units.items()}
    assert notes["s1_t1-t2"]["tarjama:score"] == "0.410 (low confidence)"
    assert notes["s1_t1-t2"]["tarjama:link"] == "1-2"
    assert notes["s2-s3_t3"]["tarjama:link"] == "2-1"
    merged = units["s2-s3_t3"].find(f"{X2}segment/{X2}source").text
    assert merged == "الثالثة تكملة."
    gap = units["s4"].find(f"{X2}segment")
    assert gap.get("state") == "initial" and gap.find(f"{X2}target") is None
    assert "nothing on the en side" in notes["s4"]["tarjama:gap"]
    assert units["t5"].find(f"{X2}segment/{X2}target").text == "Lonely sixth."


# --- XLIFF 1.2 ------------------------------------------------------------------------------

STATES_12 = {
    "new", "needs-translation", "needs-l10n", "needs-adaptation", "translated",
    "needs-review-translation", "needs-review-l10n", "needs-review-adaptation", "final",
    "signed-off",
}  # fmt: skip


@pytest.mark.parametrize("kind", sorted(DOCUMENTS))
def test_xliff12_structure_and_states(kind: str):
    root = _xml(export_bitext(DOCUMENTS[kind](), "xliff12", stem="briefing"))
    assert root.tag == f"{X12}xliff" and root.get("version") == "1.2"
    file = root.find(f"{X12}file")
    for attribute in ("original", "source-language", "target-language", "datatype"):
        assert file.get(attribute)
    assert file.find(f"{X12}header/{X12}tool").get("tool-id") == "tarjama"
    for unit in file.iter(f"{X12}trans-unit"):
        assert unit.get("id") and unit.find(f"{X12}source").get(XML_LANG) == "ar"
        target = unit.find(f"{X12}target")
        if target is not None:
            assert target.get("state") in STATES_12 and target.get(XML_LANG) == "en"


def test_xliff12_state_values_and_glossary_notes():
    document = translated_document()
    document.segments[2].origin = "review"
    root = _xml(export_bitext(document, "xliff12"))
    units = {u.get("id"): u for u in root.iter(f"{X12}trans-unit")}
    target = units["s0"].find(f"{X12}target")
    assert (target.get("state"), target.get("state-qualifier")) == (
        "needs-review-translation",
        "leveraged-mt",
    )
    assert units["s2"].find(f"{X12}target").get("state") == "signed-off"
    assert [u.get("approved") for u in units.values()] == [None, None, "yes"]
    glossary = [n.text for n in units["s0"].findall(f"{X12}note") if n.get("from") == "glossary"]
    assert glossary == ["طالبان → Taliban (glossaries/af.tsv:3); applied"]
    aligned = _xml(export_bitext(aligned_document(), "xliff12"))
    states = {u.get("id"): u.find(f"{X12}target") for u in aligned.iter(f"{X12}trans-unit")}
    assert states["s0_t0"].get("state") == "translated" and states["s4"] is None


# --- TMX ------------------------------------------------------------------------------------


def test_tmx_header_units_and_skipped_gaps():
    export = tmx_export(aligned_document(), stem="report")
    root = export.tree.getroot()
    assert root.get("version") == "1.4"
    header = root.find("header")
    expected = {
        "creationtool": "tarjama",
        "datatype": "plaintext",
        "segtype": "sentence",
        "srclang": "ar",
        "adminlang": "en",
        "o-tmf": "tarjama",
    }
    assert {key: header.get(key) for key in expected} == expected
    assert header.get("creationtoolversion")
    assert (export.units, export.skipped) == (4, 2)
    props = {p.get("type"): p.text for p in header.findall("prop")}
    assert props["x-tarjama-skipped"] == "2" and props["x-tarjama-stem"] == "report"
    tus = {tu.get("tuid"): tu for tu in root.iter("tu")}
    assert set(tus) == {"s0_t0", "s1_t1-t2", "s2-s3_t3", "s5_t4"}
    tu = tus["s1_t1-t2"]
    assert {p.get("type"): p.text for p in tu.findall("prop")}["x-score"] == "0.410"
    segs = {tuv.get(XML_LANG): tuv.find("seg").text for tu in [tu] for tuv in tu.findall("tuv")}
    assert segs == {"ar": "الجملة الثانية.", "en": "Second half."}


def test_tmx_srclang_is_all_when_rows_were_written_in_both_languages():
    root = _xml(export_bitext(translated_document(), "tmx"))
    assert root.find("header").get("srclang") == MIXED
    assert [tu.get("srclang") for tu in root.iter("tu")] == ["ar", "en", "ar"]
    notes = [note.text for note in root.iter("note")]
    assert "talks → مفاوضات (glossaries/af.tsv:9); missed: the translation has المحادثات" in notes


# --- TSV and Markdown -----------------------------------------------------------------------


def test_tsv_escapes_tabs_and_line_breaks_and_reads_back_losslessly(tmp_path: Path):
    data = export_bitext(translated_document(), "tsv", stem="briefing")
    lines = data.decode().split("\n")
    assert lines[-1] == "" and all(line.count("\t") == 6 for line in lines[1:-1])
    rows = list(csv.reader(io.StringIO(data.decode()), dialect="excel-tab"))
    assert rows[3][2] == 'The envoy\\tsaid | the "talks"\\nwould go on & <end>.'
    assert unescape_cell(rows[3][2]) == ENGLISH_TABS
    path = tmp_path / "briefing.bitext.tsv"
    path.write_bytes(data)
    units = read_reviewed(path).units
    assert [u.en for u in units][1] == ENGLISH_TABS
    assert units[1].ar == "قال المبعوث إن المحادثات\tستستمر."


def test_tsv_survives_a_spreadsheet_that_quotes_cells_with_double_quotes(tmp_path: Path):
    """Excel, LibreOffice and Python's csv quote a cell holding ``"`` when they save; the
    TSV used to be written unquoted, so a saved review lost every such segment."""
    document = translated_document()
    data = export_bitext(document, "tsv", stem="briefing").decode()
    rows = list(csv.reader(io.StringIO(data), dialect="excel-tab"))  # opened ...
    saved = io.StringIO()
    csv.writer(saved, dialect="excel-tab").writerows(rows)  # ... and saved (CRLF, quoted)
    path = tmp_path / "briefing.bitext.tsv"
    path.write_text(saved.getvalue(), encoding="utf-8", newline="")
    units = read_reviewed(path).units
    assert [(u.ar, u.en) for u in units] == [(r.ar, r.en) for r in bitext_rows(document)]


@pytest.mark.parametrize(
    "text", ["", "a\\b", "\\n literal", "tab\there", "\r\n\n", "\\", "ends with \\", "\\t\t"]
)
def test_tsv_cell_escaping_is_reversible(text: str):
    escaped = escape_cell(text)
    assert "\t" not in escaped and "\n" not in escaped and "\r" not in escaped
    assert unescape_cell(escaped) == text


def test_markdown_escapes_pipes_and_flags_low_confidence_and_gaps():
    text = export_bitext(translated_document(), "md").decode()
    assert "said \\| the" in text and "<br>" in text and "&lt;end&gt;" in text
    aligned = export_bitext(aligned_document(), "md").decode()
    row = next(line for line in aligned.splitlines() if line.startswith("| s1_t1-t2 "))
    assert "0.41 ⚠" in row and "1-2" in row
    gap = next(line for line in aligned.splitlines() if line.startswith("| t5 "))
    assert gap.split(" | ")[1] == "—"


# --- DOCX -----------------------------------------------------------------------------------


def _docx_xml(data: bytes, part: str = "word/document.xml") -> etree._Element:
    """A part of the .docx as stored, not as python-docx reports it."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(part))


def test_docx_is_a_two_column_table_with_the_arabic_column_right_to_left():
    data = export_bitext(aligned_document(), "docx")
    word = WordDocument(io.BytesIO(data))
    assert word.paragraphs[0].text == "report.ar.txt ⇄ report.en.txt"
    table = word.tables[0]
    assert len(table.columns) == 2
    assert [cell.text for cell in table.rows[0].cells] == ["العربية", "English"]
    texts = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    assert texts[1] == ["الجملة الثانية.", "Second half."]  # the 1-2 link
    assert texts[3] == ["رابعة وحيدة.", "—"] and texts[5] == ["—", "Lonely sixth."]  # gaps
    # in the XML itself: every Arabic paragraph bidi, every Arabic run rtl with Arabic as its
    # complex-script language, no jc (Word reads left/right in a bidi paragraph as start/end)
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    rows = _docx_xml(data).findall(f".//{w}tbl/{w}tr")
    for row in rows:
        arabic, english = row.findall(f"{w}tc/{w}p")
        assert arabic.find(f"{w}pPr/{w}bidi") is not None
        assert arabic.find(f"{w}pPr/{w}jc") is None
        for run in arabic.findall(f"{w}r[{w}t]"):  # not the run of a comment's mark
            assert run.find(f"{w}rPr/{w}rtl") is not None
            assert run.find(f"{w}rPr/{w}lang").get(f"{w}bidi") == "ar-SA"
        assert english.find(f"{w}pPr/{w}bidi") is None and english.find(f".//{w}rtl") is None
    header = rows[0].find(f"{w}tc/{w}p/{w}r/{w}rPr")
    assert header.find(f"{w}b") is not None and header.find(f"{w}bCs") is not None


def test_docx_low_confidence_rows_are_shaded_and_commented_with_their_score():
    data = export_bitext(aligned_document(), "docx")
    table = WordDocument(io.BytesIO(data)).tables[0]
    for row, link in zip(table.rows[1:], aligned_document().links, strict=True):
        shades = [cell._tc.tcPr.find(qn("w:shd")) for cell in row.cells]
        low = link.score < 0.5
        assert all((shade is not None) == low for shade in shades)
        assert all(shade.get(qn("w:fill")) == "FDE68A" for shade in shades if shade is not None)
    comments = _docx_xml(data, "word/comments.xml")
    notes = ["".join(comment.itertext()) for comment in comments]
    assert notes == [
        "s1_t1-t2: 1-2 link, score 0.41 (below 0.5): check this pair",
        "s4: 1-0 link, score 0.20 (below 0.5): check this pair",
        "t5: 0-1 link, score 0.10 (below 0.5): check this pair",
    ]


# --- HTML -----------------------------------------------------------------------------------


def test_bitext_html_shows_scores_low_confidence_and_gaps():
    tree = lxml_html.fromstring(export_bitext(aligned_document(), "html"))
    rows = {row.get("id"): row for row in tree.xpath("//tr[contains(@class, 'link')]")}
    assert "low" in rows["s1_t1-t2"].get("class").split()
    assert "low" not in rows["s0_t0"].get("class").split()
    assert "0.41" in rows["s1_t1-t2"].xpath(".//td[@class='score']")[0].text_content()
    assert "⚠ low" in rows["s1_t1-t2"].text_content()
    gap = rows["s4"].xpath(".//td[contains(@class, 'gap')]")
    assert len(gap) == 1 and gap[0].get("lang") == "en"
    assert rows["t5"].xpath(".//td[contains(@class, 'gap')]")[0].get("dir") == "rtl"
    arabic = rows["s0_t0"].xpath(".//td[@lang='ar']")[0]
    assert arabic.get("dir") == "rtl" and arabic.text_content() == "الجملةُ الأولى."


def test_html_marks_glossary_terms_applied_and_missed():
    for page in (
        export_bitext(translated_document(), "html").decode(),
        side_by_side_html(translated_document(), "t"),
    ):
        tree = lxml_html.fromstring(page)
        applied = tree.xpath("//td//mark[contains(@class, 'applied')]")
        # the source form in the Arabic cell and the target form in the English one
        assert sorted(mark.text_content() for mark in applied) == ["Taliban", "طالبان"]
        assert all("glossaries/af.tsv:3" in mark.get("title") for mark in applied)
        missed = tree.xpath("//td//mark[contains(@class, 'missed')]")
        assert [mark.text_content() for mark in missed] == ["talks"]
        assert "missed: the translation has المحادثات" in missed[0].get("title")
        assert missed[0].xpath("ancestor::td")[0].get("lang") == "en"


def test_html_escapes_text_inside_marks():
    document = translated_document()
    document.segments[1].translation = "<script>alert(1)</script> مفاوضات"
    page = side_by_side_html(document, "t")
    assert "<script>alert" not in page
    tree = lxml_html.fromstring(page)
    found = tree.xpath("//tr[@id='s1']/td[@lang='ar']//mark[contains(@class, 'term')]")
    assert [mark.text_content() for mark in found] == ["مفاوضات"]


# --- byte-exact round trip through every review format --------------------------------------


@pytest.mark.parametrize("fmt", REVIEW_FORMATS)
@pytest.mark.parametrize("kind", sorted(DOCUMENTS))
def test_text_round_trips_byte_exactly_through_each_review_format(
    fmt: str, kind: str, tmp_path: Path
):
    document = DOCUMENTS[kind]()
    path = tmp_path / f"doc{extension(fmt)}"
    path.write_bytes(export_bitext(document, fmt, stem="doc"))
    units = {unit.id: unit for unit in read_reviewed(path).units}
    for row in bitext_rows(document):
        if fmt == "tmx" and row.is_gap:
            assert row.id not in units
            continue
        unit = units[row.id]
        assert unit.ar.encode("utf-8") == row.ar.encode("utf-8")
        assert unit.en.encode("utf-8") == row.en.encode("utf-8")
    if kind == "translated":
        assert units["s0"].ar == ARABIC_MARKED and units["s2"].ar == ARABIC_BIDI


def test_cli_format_choices_are_the_export_registry():
    from tarjama.cli.common import BITEXT_FORMATS, AlignFormat
    from tarjama.export.bilingual import ALIGN_EXPORTS, EXPORTS

    assert sorted(BITEXT_FORMATS) == sorted(EXPORTS)
    assert sorted(AlignFormat) == sorted([*EXPORTS, *ALIGN_EXPORTS])
