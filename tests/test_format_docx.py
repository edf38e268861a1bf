"""Word documents (tarjama.formats.docx): read into blocks and markup, written back as the
same package with the translation in place, structure kept.

Every fixture is built here, with python-docx and XML strings. Most tests translate with a
scripted "model" (:func:`fake_translate`, no model loaded); the CLI runs are ``slow``.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml as docx_xml
from docx.shared import Pt
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from lxml import etree
from typer.testing import CliRunner

from tarjama.carry import prepare, restore
from tarjama.cli import app
from tarjama.document import AlignmentLink, Document
from tarjama.errors import InputError
from tarjama.export.bilingual import write_bitext
from tarjama.formats import get_format
from tarjama.formats.docx_read import ObjectContext
from tarjama.formats.docx_write import _PPR_ORDER, _RPR_ORDER, _TBLPR_ORDER
from tarjama.langid import LanguageDetector
from tarjama.outputs import output_paths, write_outputs
from tarjama.reader import read_source
from tarjama.review import apply_review
from tarjama.segment.segmenter import segment_source
from tarjama.source import CODE, FORMAT, OBJECT, OBJECT_CHAR, SourceText

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (
    f'xmlns:w="{W}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)
DETECTOR = LanguageDetector()
GLOSSARY = Path(__file__).parents[1] / "glossaries" / "news.tsv"


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


# --- building documents -------------------------------------------------------------------


def tiny_png() -> bytes:
    """A 1×1 PNG, made here."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def add_xml(paragraph, xml: str):
    """Append a WordprocessingML snippet (one element) to a python-docx paragraph."""
    element = docx_xml(re.sub(r"^<([\w:]+)", rf"<\1 {NS}", xml, count=1))
    paragraph._p.append(element)
    return element


def add_hyperlink(paragraph, text: str, url: str) -> None:
    rid = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    add_xml(
        paragraph,
        f'<w:hyperlink r:id="{rid}"><w:r><w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/>'
        f"</w:rPr><w:t>{text}</w:t></w:r></w:hyperlink>",
    )


def text_box_xml(text: str) -> str:
    """A run holding a text box the way Word writes one: DrawingML, and a VML fallback."""
    inner = f"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"
    return (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        '<wp:extent cx="3000000" cy="600000"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        '<wp:wrapTopAndBottom/><wp:docPr id="50" name="Text Box 1"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
        'wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm>'
        '<a:off x="0" y="0"/><a:ext cx="3000000" cy="600000"/></a:xfrm><a:prstGeom prst="rect">'
        f"<a:avLst/></a:prstGeom></wps:spPr><wps:txbx>{inner}</wps:txbx><wps:bodyPr/>"
        "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        '<mc:Fallback><w:pict><v:shape id="Text Box 1" style="width:236pt;height:47pt">'
        f"<v:textbox>{inner}</v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )


def add_notes(document, kind: str, notes: list[str]) -> None:
    """A footnotes or endnotes part (python-docx has no API for them)."""
    body = "".join(
        f'<w:{kind} w:id="{number}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/>'
        f'</w:rPr><w:{kind}Ref/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p>'
        f"</w:{kind}>"
        for number, text in enumerate(notes, 1)
    )
    xml = (
        f'<w:{kind}s {NS}><w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/>'
        f'</w:r></w:p></w:{kind}><w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        f"<w:continuationSeparator/></w:r></w:p></w:{kind}>{body}</w:{kind}s>"
    )
    content_type = f"application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}s+xml"
    part = Part(PackURI(f"/word/{kind}s.xml"), content_type, xml.encode(), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES if kind == "footnote" else RT.ENDNOTES)


def note_reference(paragraph, kind: str, number: int) -> None:
    add_xml(
        paragraph,
        f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        f'<w:{kind}Reference w:id="{number}"/></w:r>',
    )


def arabic_paragraph(document, text: str, bold: str | None = None):
    """A right-to-left paragraph as Word writes one: w:bidi, w:rtl runs, sizes in w:szCs."""
    paragraph = document.add_paragraph()
    add_xml(paragraph, "<w:pPr><w:bidi/></w:pPr>")
    paragraph._p.insert(0, paragraph._p[-1])
    for piece, strong in ((text, False), (bold, True)) if bold else ((text, False),):
        flags = "<w:b/><w:bCs/>" if strong else ""
        add_xml(
            paragraph,
            f'<w:r><w:rPr>{flags}<w:sz w:val="22"/><w:szCs w:val="28"/><w:rtl/>'
            f'<w:lang w:bidi="ar-SA"/></w:rPr><w:t xml:space="preserve">{piece}</w:t></w:r>',
        )
    return paragraph


HEADING = "Talks in Moscow"
#: the comment on "Zamir Kabulov" is anchored by zero-width markers: objects in the text
LEAD = (
    f"He met {OBJECT_CHAR}Zamir Kabulov{OBJECT_CHAR} in Moscow on Monday. The envoy said the "
    "talks would continue."
)
LINKED = "Read the full report on the website."
ARABIC = "وقال المتحدث إن المحادثات ستستمر."
ARABIC_BOLD = " في موسكو."
FIELD = f"See page {OBJECT_CHAR} for the schedule."
IMAGE = f"The map {OBJECT_CHAR} shows the route of the convoy."
NOTED = f"The ministry{OBJECT_CHAR} confirmed the meeting."
BROKEN = f"The first line{OBJECT_CHAR}and the second line."
TABBED = f"Name:{OBJECT_CHAR}Zamir Kabulov"
BOX_HOLDER = "The delegation's schedule is below."
BOX = "The delegation arrived in the evening."
CHAPTER = "Chapter two begins here."
CELLS = [["City", "المدينة"], ["Kabul", "كابول"]]
FOOTNOTE = "The statement was issued on Monday."
ENDNOTE = "Figures are from the ministry."
HEADER = "Moscow talks report"
FOOTER = f"Page {OBJECT_CHAR} of the report"
COMMENT = "Check the spelling of this name."


def rich_docx(path: Path) -> Path:
    """One of everything the reader knows, in a few sentences."""
    document = docx.Document()
    document.add_heading(HEADING, level=1)
    lead = document.add_paragraph("He met ")
    name = lead.add_run("Zamir Kabulov")
    name.bold = True
    lead.add_run(" in Moscow ")
    lead.add_run("on Monday").italic = True
    lead.add_run(". The envoy said the talks would continue.")
    document.add_comment(name, text=COMMENT, author="Editor", initials="ED")
    linked = document.add_paragraph("Read the ")
    add_hyperlink(linked, "full report", "https://example.org/report?id=5")
    linked.add_run(" on the website.")
    document.add_paragraph("The first point of the agenda.", style="List Bullet")
    arabic_paragraph(document, ARABIC)
    field = document.add_paragraph("See page ")
    add_xml(field, '<w:r><w:fldChar w:fldCharType="begin"/></w:r>')
    add_xml(field, '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>')
    add_xml(field, '<w:r><w:fldChar w:fldCharType="separate"/></w:r>')
    add_xml(field, "<w:r><w:t>3</w:t></w:r>")
    add_xml(field, '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    field.add_run(" for the schedule.")
    image = document.add_paragraph("The map ")
    image.add_run().add_picture(io.BytesIO(tiny_png()), width=Pt(12))
    image.add_run(" shows the route of the convoy.")
    noted = document.add_paragraph("The ministry")
    note_reference(noted, "footnote", 1)
    noted.add_run(" confirmed the meeting.")
    note_reference(noted, "endnote", 1)
    broken = document.add_paragraph("The first line")
    broken.add_run().add_break()
    broken.add_run("and the second line.")
    tabbed = document.add_paragraph("Name:")
    tabbed.add_run().add_tab()
    tabbed.add_run("Zamir Kabulov")
    holder = document.add_paragraph(BOX_HOLDER)
    add_xml(holder, text_box_xml(BOX))
    chapter = document.add_paragraph()
    add_xml(chapter, '<w:r><w:br w:type="page"/></w:r>')
    chapter.add_run(CHAPTER)
    table = document.add_table(rows=2, cols=2)
    for row, texts in zip(table.rows, CELLS, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    add_notes(document, "footnote", [FOOTNOTE])
    add_notes(document, "endnote", [ENDNOTE])
    section = document.sections[0]
    section.header.paragraphs[0].text = HEADER
    footer = section.footer.paragraphs[0]
    footer.text = "Page "
    add_xml(footer, '<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>')
    footer.add_run(" of the report")
    document.save(path)
    return path


#: the blocks of rich_docx, in reading order: body (the text box after its paragraph,
#: table cells), footnotes, endnotes, headers, footers
RICH_BLOCKS = [
    HEADING, LEAD, LINKED, "The first point of the agenda.", ARABIC, FIELD, IMAGE, NOTED,
    BROKEN, TABBED, BOX_HOLDER, BOX, CHAPTER, *[t for row in CELLS for t in row], f" {FOOTNOTE}",
    f" {ENDNOTE}", HEADER, FOOTER,
]  # fmt: skip
#: notes start with their number (an object outside the text) and a space


@pytest.fixture(scope="module")
def rich(tmp_path_factory) -> Path:
    return rich_docx(tmp_path_factory.mktemp("rich") / "rich.docx")


# --- translating without a model ----------------------------------------------------------

WORD = {"ar": "ترجمة", "en": "translation"}


def fake_translate(document: Document, replies: dict[str, str] | None = None) -> Document:
    """Translate every Arabic and English segment the way the pipeline does, with a
    scripted model: ``replies`` by model input, else a word of the target language around
    the placeholders (in order), spans' inner texts as that word too."""
    replies = replies or {}
    for segment in document.segments:
        if segment.source_lang not in ("ar", "en"):
            continue
        target = "en" if segment.source_lang == "ar" else "ar"
        model_input = prepare(segment)
        inner_spans = [span for span in segment.carried if span.inner is not None]
        for span, inner in zip(inner_spans, model_input.inner_texts, strict=True):
            span.inner_translation = replies.get(inner, WORD[target])
        placeholders = re.findall(r"XZQ\d+", model_input.text)
        reply = replies.get(model_input.text, " ".join([WORD[target], *placeholders, WORD[target]]))
        segment.translation = restore(reply, segment)
        segment.target_lang = target
        segment.origin = "model"
    document.links = [
        AlignmentLink((s.id,), (s.id,)) for s in document.segments if s.translation is not None
    ]
    return document


def translated(path: Path, replies: dict[str, str] | None = None) -> Document:
    return fake_translate(segment_source(read_source(path), DETECTOR), replies)


def write_version(document: Document, lang: str, folder: Path) -> Path:
    path = folder / f"{document.path.stem}.{lang}.docx"
    path.write_bytes(get_format("docx").write(document, lang))
    return path


def blocks(source: SourceText) -> list[str]:
    return source.text.split("\n\n")


def member(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(name))


def paragraph_of(root: etree._Element, text: str) -> etree._Element:
    """The first paragraph whose text starts with ``text``."""
    for paragraph in root.iter(q("p")):
        if "".join(paragraph.itertext()).startswith(text):
            return paragraph
    raise AssertionError(f"no paragraph starts with {text!r}")


# --- reading ------------------------------------------------------------------------------


def test_every_part_is_read_in_order_one_block_a_paragraph(rich: Path):
    source = read_source(rich)
    assert source.format == "docx"
    assert blocks(source) == RICH_BLOCKS
    assert "\n\n\n" not in source.text and all("\n" not in block for block in blocks(source))
    again = read_source(rich)  # `review apply` reads the source again: the same every time
    assert (again.text, again.markup) == (source.text, source.markup)


def test_inline_formatting_is_a_span_inside_one_sentence(rich: Path):
    source = read_source(rich)
    spans = {source.text[s.start : s.end]: s.kind for s in source.markup if s.kind != OBJECT}
    assert spans == {"Zamir Kabulov": FORMAT, "on Monday": FORMAT, "full report": FORMAT}
    document = segment_source(source, DETECTOR)
    sources = [segment.source for segment in document.segments]
    assert LEAD.split(". ")[0] + "." in sources  # not split at the runs
    assert LINKED in sources


@pytest.mark.parametrize(
    ("runs", "why"),
    [
        (['<w:r w:rsidR="00A1"><w:t xml:space="preserve">The envoy </w:t></w:r>',
          '<w:r w:rsidR="00B2"><w:t>arrived today.</w:t></w:r>'], "revision ids"),
        (['<w:r><w:t xml:space="preserve">The envoy </w:t></w:r>',
          '<w:proofErr w:type="spellStart"/>', "<w:r><w:t>arrived</w:t></w:r>",
          '<w:proofErr w:type="spellEnd"/>', '<w:r><w:t xml:space="preserve"> today.</w:t></w:r>'],
         "spell-check marks"),
        (['<w:r><w:rPr><w:lang w:val="en-GB"/></w:rPr><w:t xml:space="preserve">The envoy </w:t>'
          "</w:r>", '<w:r><w:rPr><w:noProof/><w:lang w:val="en-US"/></w:rPr>'
          "<w:t>arrived today.</w:t></w:r>"], "language and proofing"),
        (['<w:r><w:rPr><w:rFonts w:hint="cs"/><w:b/></w:rPr><w:t xml:space="preserve">The envoy '
          "</w:t></w:r>", "<w:r><w:rPr><w:b/></w:rPr><w:t>arrived today.</w:t></w:r>"],
         "font hint"),
    ],
)  # fmt: skip
def test_regression_runs_split_for_no_visible_reason_are_one_text(tmp_path: Path, runs, why):
    document = docx.Document()
    paragraph = document.add_paragraph()
    for run in runs:
        add_xml(paragraph, run)
    path = tmp_path / "split.docx"
    document.save(path)
    source = read_source(path)
    assert source.text == "The envoy arrived today.", why
    assert source.markup == [], why


@pytest.mark.parametrize(
    ("xml", "element"),
    [
        ("<w:r><w:tab/></w:r>", "tab"),
        ("<w:r><w:br/></w:r>", "br"),
        ('<w:r><w:sym w:font="Wingdings" w:char="F04A"/></w:r>', "sym"),
        ('<w:fldSimple w:instr=" DATE "><w:r><w:t>1 May</w:t></w:r></w:fldSimple>', "fldSimple"),
        ('<w:bookmarkStart w:id="7" w:name="here"/>', "bookmarkStart"),
        ('<w:commentRangeStart w:id="3"/>', "commentRangeStart"),
        ('<w:r><w:footnoteReference w:id="1"/></w:r>', "footnoteReference"),
        ('<w:del w:id="9" w:author="E"><w:r><w:delText>old </w:delText></w:r></w:del>', "del"),
    ],
)
def test_objects_inside_a_sentence_are_object_chars_kept_in_place(tmp_path: Path, xml, element):
    document = docx.Document()
    paragraph = document.add_paragraph("The envoy ")
    add_xml(paragraph, xml)
    paragraph.add_run("arrived in Moscow today.")
    path = tmp_path / "object.docx"
    document.save(path)
    source = read_source(path)
    assert source.text == f"The envoy {OBJECT_CHAR}arrived in Moscow today."
    assert [(s.kind, source.text[s.start : s.end]) for s in source.markup] == [
        (OBJECT, OBJECT_CHAR)
    ]
    arabic = write_version(translated(path), "ar", tmp_path)
    written = paragraph_of(member(arabic, "word/document.xml"), WORD["ar"])
    assert len(written.findall(f".//{q(element)}")) == 1
    assert "arrived" not in "".join(written.itertext())


def test_complex_field_from_begin_to_end_is_one_object_its_result_kept(rich: Path, tmp_path):
    document = translated(rich)
    field = next(s for s in document.segments if s.source == FIELD)
    assert [span.kind for span in field.carried] == [OBJECT]
    arabic = write_version(document, "ar", tmp_path)
    root = member(arabic, "word/document.xml")
    written = next(p for p in root.iter(q("p")) if p.find(f".//{q('fldChar')}") is not None)
    kinds = [c.get(q("fldCharType")) for c in written.iter(q("fldChar"))]
    assert kinds == ["begin", "separate", "end"]
    assert "PAGE" in "".join(t.text for t in written.iter(q("instrText")))
    assert [t.text for t in written.iter(q("t"))].count("3") == 1  # the field's result
    assert WORD["ar"] in "".join(written.itertext())


def test_objects_at_the_edges_stay_there_outside_the_text(rich: Path, tmp_path: Path):
    source = read_source(rich)
    assert CHAPTER in blocks(source)  # the page break before it is no part of the sentence
    arabic = write_version(translated(rich), "ar", tmp_path)
    chapter = next(
        p
        for p in member(arabic, "word/document.xml").iter(q("p"))
        if p.find(f".//{q('br')}[@{q('type')}='page']") is not None
    )
    first_run = chapter.find(q("r"))
    assert first_run.find(q("br")) is not None  # still first
    assert WORD["ar"] in "".join(chapter.itertext())


def test_a_paragraph_with_no_text_is_no_block(tmp_path: Path):
    document = docx.Document()
    document.add_paragraph()
    document.add_paragraph().add_run().add_picture(io.BytesIO(tiny_png()), width=Pt(12))
    document.add_paragraph("   ")
    document.add_paragraph("The only sentence.")
    path = tmp_path / "sparse.docx"
    document.save(path)
    assert read_source(path).text == "The only sentence."


@pytest.mark.parametrize(
    ("run_properties", "kind"),
    [
        ('<w:rFonts w:ascii="Consolas" w:hAnsi="Consolas"/>', CODE),
        ('<w:rFonts w:ascii="Courier New"/>', CODE),
        ('<w:rStyle w:val="HTMLCode"/>', CODE),
        ('<w:color w:val="FF0000"/>', FORMAT),
        ('<w:u w:val="single"/>', FORMAT),
        ('<w:highlight w:val="yellow"/>', FORMAT),
    ],
)
def test_formatting_kinds_of_a_run_inside_a_sentence(tmp_path: Path, run_properties, kind):
    document = docx.Document()
    paragraph = document.add_paragraph("Run the ")
    add_xml(paragraph, f"<w:r><w:rPr>{run_properties}</w:rPr><w:t>setup.py</w:t></w:r>")
    paragraph.add_run(" script before the meeting.")
    path = tmp_path / "kinds.docx"
    document.save(path)
    source = read_source(path)
    assert [(source.text[s.start : s.end], s.kind) for s in source.markup] == [("setup.py", kind)]


# --- writing ------------------------------------------------------------------------------


def test_versions_keep_the_structure_python_docx_reads(rich: Path, tmp_path: Path):
    document = translated(rich)

    def shape(path: Path) -> dict:
        word = docx.Document(path)
        notes = {
            kind: [len(n.findall(q("p"))) for n in member(path, f"word/{kind}s.xml").iter(q(kind))]
            for kind in ("footnote", "endnote")
        }
        return {
            "styles": [p.style.name for p in word.paragraphs],
            "tables": [
                [[len(cell.paragraphs) for cell in row.cells] for row in table.rows]
                for table in word.tables
            ],
            "sections": len(word.sections),
            "headers": [len(s.header.paragraphs) for s in word.sections],
            "footers": [len(s.footer.paragraphs) for s in word.sections],
            "notes": notes,
            "images": len(word.inline_shapes),
            "links": [len(p.hyperlinks) for p in word.paragraphs],
            "comments": [c.text for c in word.comments],
        }

    original = shape(rich)
    assert original["images"] == 1 and original["comments"] == [COMMENT]
    parts = {name: etree.tostring(root) for name, root in document.structure.parts.items()}
    for lang in ("ar", "en"):
        version = write_version(document, lang, tmp_path)
        assert shape(version) == original, lang
        assert len(blocks(read_source(version))) == len(RICH_BLOCKS)
    # every part was translated (notes, header, footer too), and none of the source changed
    notes_and_margins = blocks(read_source(tmp_path / "rich.ar.docx"))[-4:]
    assert all(WORD["ar"] in block for block in notes_and_margins), notes_and_margins
    assert {name: etree.tostring(root) for name, root in document.structure.parts.items()} == parts


def test_same_language_text_and_untouched_parts_are_verbatim(rich: Path, tmp_path: Path):
    document = translated(rich)
    arabic = write_version(document, "ar", tmp_path)
    english = write_version(document, "en", tmp_path)
    with zipfile.ZipFile(rich) as source, zipfile.ZipFile(english) as version:
        assert source.namelist() == version.namelist()
        changed = {n for n in source.namelist() if source.read(n) != version.read(n)}
    assert changed == {"word/document.xml"}  # the only part with Arabic
    for lang, path in (("en", english), ("ar", arabic)):
        root, original = member(path, "word/document.xml"), member(rich, "word/document.xml")
        kept = [
            b
            for b in document.structure.blocks
            if all(s.target_lang != lang for s in document.segments if b.start <= s.start < b.end)
        ]
        assert kept
        for block in kept:  # a paragraph with nothing translated is exactly as it was
            if block.part != "word/document.xml":
                continue
            text = "".join(block.paragraph.itertext())
            assert etree.tostring(paragraph_of(root, text)) == etree.tostring(
                paragraph_of(original, text)
            )
    assert ARABIC in blocks(read_source(arabic)) and LEAD in blocks(read_source(english))


def test_hyperlink_text_is_translated_and_its_target_kept(rich: Path, tmp_path: Path):
    document = translated(rich, {"full report": "التقرير الكامل"})
    arabic = write_version(document, "ar", tmp_path)
    word = docx.Document(arabic)
    links = [link for p in word.paragraphs for link in p.hyperlinks]
    assert [(link.text, link.address) for link in links] == [
        ("التقرير الكامل", "https://example.org/report?id=5")
    ]
    bold = [r.text for p in word.paragraphs for r in p.runs if r.bold]
    assert bold == [WORD["ar"]]  # "Zamir Kabulov", translated, still bold


def test_comments_are_kept_not_translated(rich: Path, tmp_path: Path):
    arabic = write_version(translated(rich), "ar", tmp_path)
    with zipfile.ZipFile(rich) as source, zipfile.ZipFile(arabic) as version:
        assert source.read("word/comments.xml") == version.read("word/comments.xml")
    root = member(arabic, "word/document.xml")
    for tag in ("commentRangeStart", "commentRangeEnd", "commentReference"):
        assert len(list(root.iter(q(tag)))) == 1, tag


def test_text_box_is_translated_and_its_fallback_matches(rich: Path, tmp_path: Path):
    document = translated(rich, {BOX: "وصل الوفد في المساء."})
    arabic = write_version(document, "ar", tmp_path)
    boxes = list(member(arabic, "word/document.xml").iter(q("txbxContent")))
    assert len(boxes) == 2
    assert ["".join(box.itertext()) for box in boxes] == ["وصل الوفد في المساء."] * 2
    assert all(box.find(f"{q('p')}/{q('pPr')}/{q('bidi')}") is not None for box in boxes)


def test_arabic_version_sets_right_to_left(rich: Path, tmp_path: Path):
    url = "https://example.org/a?b=1"
    reply = f"قال المبعوث XZQ0 XZQ1 XZQ2 إن المحادثات ستستمر {url} XZQ3 غدا."
    document = segment_source(read_source(rich), DETECTOR)
    lead = prepare(next(s for s in document.segments if s.source.startswith("He met"))).text
    fake_translate(document, {lead: reply, "Zamir Kabulov": "زامير كابولوف"})
    root = member(write_version(document, "ar", tmp_path), "word/document.xml")
    paragraph = paragraph_of(root, "قال المبعوث زامير كابولوف إن")  # no space is doubled
    assert paragraph.find(f"{q('pPr')}/{q('bidi')}") is not None
    runs = {"".join(r.itertext()): r.find(q("rPr")) for r in paragraph.iter(q("r"))}
    assert runs[url] is None or runs[url].find(q("rtl")) is None  # a run of its own, LTR
    arabic_runs = [rpr for text, rpr in runs.items() if re.search("[\u0600-\u06ff]", text)]
    assert arabic_runs
    for rpr in arabic_runs:
        assert rpr.find(q("rtl")) is not None
        assert rpr.find(q("lang")).get(q("bidi")) == "ar-SA"
    bold = runs["زامير كابولوف"]
    assert bold.find(q("b")) is not None and bold.find(q("bCs")) is not None
    heading = paragraph_of(root, WORD["ar"])  # the heading: its style's size and bold
    assert heading.find(f"{q('pPr')}/{q('pStyle')}").get(q("val")) == "Heading1"
    table = next(root.iter(q("tbl")))
    assert table.find(f"{q('tblPr')}/{q('bidiVisual')}") is not None


def test_arabic_runs_get_the_complex_script_size_of_the_latin(tmp_path: Path):
    document = docx.Document()
    paragraph = document.add_paragraph()
    run = paragraph.add_run("The envoy arrived in Moscow.")
    run.font.size = Pt(14)
    path = tmp_path / "sized.docx"
    document.save(path)
    root = member(write_version(translated(path), "ar", tmp_path), "word/document.xml")
    rpr = paragraph_of(root, WORD["ar"]).find(f"{q('r')}/{q('rPr')}")
    assert rpr.find(q("sz")).get(q("val")) == rpr.find(q("szCs")).get(q("val")) == "28"


def test_english_version_of_arabic_sets_left_to_right(tmp_path: Path):
    document = docx.Document()
    arabic_paragraph(document, "وقال المتحدث ", bold="إن المحادثات ستستمر.")
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "كابول"
    table._tbl.tblPr.append(docx_xml(f"<w:bidiVisual {NS}/>"))
    path = tmp_path / "arabic.docx"
    document.save(path)
    root = member(write_version(translated(path), "en", tmp_path), "word/document.xml")
    paragraph = paragraph_of(root, WORD["en"])
    assert paragraph.find(f"{q('pPr')}/{q('bidi')}") is None
    for rpr in paragraph.iter(q("rPr")):
        assert rpr.find(q("rtl")) is None
        assert rpr.find(q("sz")).get(q("val")) == "28"  # the size the Arabic was drawn at
    strong = [r for r in paragraph.iter(q("r")) if r.find(f"{q('rPr')}/{q('bCs')}") is not None]
    assert strong and all(r.find(f"{q('rPr')}/{q('b')}") is not None for r in strong)
    assert next(root.iter(q("tbl"))).find(f"{q('tblPr')}/{q('bidiVisual')}") is None


def test_regression_direction_inherited_from_a_style_is_switched_off_explicitly(tmp_path):
    document = docx.Document()
    normal = document.styles["Normal"].element
    normal.append(docx_xml(f"<w:pPr {NS}><w:bidi/></w:pPr>"))
    paragraph = document.add_paragraph()
    add_xml(
        paragraph, "<w:r><w:rPr><w:rtl/></w:rPr><w:t>وقال المتحدث إن المحادثات ستستمر.</w:t></w:r>"
    )
    path = tmp_path / "styled.docx"
    document.save(path)
    root = member(write_version(translated(path), "en", tmp_path), "word/document.xml")
    paragraph = paragraph_of(root, WORD["en"])
    assert paragraph.find(f"{q('pPr')}/{q('bidi')}").get(q("val")) == "0"


def test_property_elements_keep_the_schema_order(rich: Path, tmp_path: Path):
    document = translated(rich)
    for lang in ("ar", "en"):
        root = member(write_version(document, lang, tmp_path), "word/document.xml")
        for tag, order in (("pPr", _PPR_ORDER), ("rPr", _RPR_ORDER), ("tblPr", _TBLPR_ORDER)):
            for properties in root.iter(q(tag)):
                names = [
                    etree.QName(c).localname for c in properties if etree.QName(c).namespace == W
                ]
                ranks = [order.index(n) for n in names if n in order]
                assert ranks == sorted(ranks), (lang, tag, names)


def test_an_arabic_name_inside_an_english_sentence_comes_through(tmp_path: Path):
    document = docx.Document()
    paragraph = document.add_paragraph("The talks with ")
    paragraph.add_run("عبد الغني برادر").bold = True
    paragraph.add_run(" and with الملا عمر ended in Doha on Monday.")
    path = tmp_path / "names.docx"
    document.save(path)
    arabic = write_version(translated(path), "ar", tmp_path)
    text = read_source(arabic).text
    assert "عبد الغني برادر" in text and "الملا عمر" in text and WORD["ar"] in text
    bold = [r.text for p in docx.Document(arabic).paragraphs for r in p.runs if r.bold]
    assert bold == ["عبد الغني برادر"]


def test_docx_versions_are_named_docx_and_segments_record_handles(rich: Path):
    fmt = get_format("docx")
    assert fmt.version_suffix(rich) == ".docx" and fmt.page_suffix() == ".html"
    document = translated(rich)
    records = [s.to_record() for s in document.segments]
    handles = [c["handle"] for r in records for c in r.get("carried", []) if "handle" in c]
    assert handles and all(isinstance(h, int) for h in handles)
    json.dumps(records)


# --- bad input ----------------------------------------------------------------------------


def _zip(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as package:
        for name, data in members.items():
            package.writestr(name, data)
    return buffer.getvalue()


def _with_member(path: Path, name: str, data: bytes) -> bytes:
    with zipfile.ZipFile(path) as package:
        members = {n: package.read(n) for n in package.namelist()}
    members[name] = data
    return _zip(members)


def _encrypted(data: bytes) -> bytes:
    """``data`` with its first member marked encrypted (zipfile cannot write one)."""
    marked = bytearray(data)
    marked[6] |= 0x1  # the local header's flags
    central = marked.find(b"PK\x01\x02")
    marked[central + 8] |= 0x1
    return bytes(marked)


def _bad_inputs(good: Path) -> list[tuple[str, bytes, str]]:
    """(name, bytes, what the one-line error says) of broken Word files."""
    body = b'<w:document xmlns:w="%s"><w:body><w:p><w:r><w:t>x' % W.encode()
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
        b'<w:document xmlns:w="%s"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body>'
        b"</w:document>" % W.encode()
    )
    truncated = good.read_bytes()
    return [
        ("empty.docx", b"", "is empty (0 bytes)"),
        ("text.docx", b"This is a plain text file, not a Word document.\n", "not a ZIP package"),
        ("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "password-protected"),
        ("cut.docx", truncated[: len(truncated) // 2], "damaged package"),
        ("locked.docx", _encrypted(_zip({"word/document.xml": body})), "encrypted"),
        ("bomb.docx", _zip({"word/document.xml": b"\x00" * (3 * 1024 * 1024)}), "ZIP bomb"),
        ("sheet.docx", _zip({"xl/workbook.xml": b"<workbook/>"}), "an Excel workbook"),
        ("broken.docx", _with_member(good, "word/document.xml", body), "not well-formed XML"),
        ("laughs.docx", _with_member(good, "word/document.xml", laughs), "XML entity"),
        ("strict.docx", _with_member(good, "word/document.xml", body.replace(
            W.encode(), b"http://purl.oclc.org/ooxml/wordprocessingml/main") + b"</w:t></w:r>"
            b"</w:p></w:body></w:document>"), "Strict Open XML"),
        ("blank.docx", _zip({"word/document.xml": body.replace(b"<w:p><w:r><w:t>x",
            b"<w:p/></w:body></w:document>")}), "no text to translate"),
    ]  # fmt: skip


def test_bad_word_files_are_one_line_errors_naming_the_file(rich: Path, tmp_path: Path):
    for name, data, says in _bad_inputs(rich):
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(InputError) as caught:
            read_source(path)
        message = str(caught.value)
        assert says in message and name in message and "\n" not in message, message
        assert caught.value.fix


@pytest.mark.slow
def test_cli_bad_word_files_fail_alone_and_nothing_is_overwritten(
    rich: Path, tmp_path: Path, standin_models
):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(rich, inputs / "good.docx")
    bad = _bad_inputs(rich)
    for name, data, _ in bad:
        (inputs / name).write_bytes(data)
    out = tmp_path / "out"
    out.mkdir()
    (out / "text.en.docx").write_bytes(b"an earlier output")
    result = CliRunner().invoke(
        app,
        ["translate", str(inputs), "-o", str(out), "--no-memory", "--beam-size", "2",
         "-m", f"ar-en={standin_models['ar-en']}", "-m", f"en-ar={standin_models['en-ar']}"],
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == len(bad) and "Traceback" not in result.output
    for name, _, says in bad:
        assert any(name in line and says in line for line in errors), name
    assert (out / "text.en.docx").read_bytes() == b"an earlier output"
    assert {p.name for p in out.glob("good.*")} == {
        "good.en.docx", "good.ar.docx", "good.html", "good.segments.jsonl"
    }  # fmt: skip


# --- end to end ---------------------------------------------------------------------------


@pytest.mark.slow
def test_cli_translates_a_word_file_with_glossary_terms_applied(tmp_path: Path, term_models):
    document = docx.Document()
    document.add_heading("Vladimir Putin meets Joe Biden", level=1)
    paragraph = document.add_paragraph("Vladimir Putin met ")
    paragraph.add_run("Joe Biden").bold = True
    paragraph.add_run(" and عبد الغني برادر in Geneva.")
    arabic_paragraph(document, "وقال فلاديمير بوتين إن المحادثات ستستمر.")
    source = tmp_path / "summit.docx"
    document.save(source)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        ["translate", str(source), "-o", str(out), "--no-memory", "-g", str(GLOSSARY),
         "--beam-size", "2", "-m", f"ar-en={term_models['ar-en']}",
         "-m", f"en-ar={term_models['en-ar']}"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in (out / "summit.segments.jsonl").open()][1:]
    terms = [t for r in records for t in r.get("terms", [])]
    assert terms and all(t["status"] == "applied" for t in terms), terms
    for lang in ("ar", "en"):
        version = out / f"summit.{lang}.docx"
        word = docx.Document(version)
        assert [p.style.name for p in word.paragraphs] == [
            p.style.name for p in docx.Document(source).paragraphs
        ]
        text = read_source(version).text
        for term in terms:
            if lang == ("ar" if term["target"][0] >= "\u0600" else "en"):
                assert term["target"] in text
    assert "عبد الغني برادر" in read_source(out / "summit.ar.docx").text


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
@pytest.mark.skipif(_soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_arabic_version(rich: Path, tmp_path: Path):
    document = translated(rich, {BOX_HOLDER: "جدول الوفد أدناه."})
    arabic = write_version(document, "ar", tmp_path)
    profile = (tmp_path / "profile").as_uri()
    completed = subprocess.run(
        [_soffice(), f"-env:UserInstallation={profile}", "--headless", "--convert-to",
         "txt:Text (encoded):UTF8", "--outdir", str(tmp_path / "txt"), str(arabic)],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    text = (tmp_path / "txt" / "rich.ar.txt").read_text(encoding="utf-8-sig")
    assert "جدول الوفد أدناه." in text and ARABIC in text and WORD["ar"] in text


# --- identity: read → write → read --------------------------------------------------------

ENGLISH_WORDS = ("the", "envoy", "met", "Kabulov", "in", "Moscow", "talks", "will", "go", "on.")
ARABIC_WORDS = ("قال", "المبعوث", "إن", "المحادثات", "ستستمر", "في", "موسكو.", "كابول")
FORMATS = {
    "plain": "",
    "bold": "<w:b/>",
    "italic": "<w:i/>",
    "underline": '<w:u w:val="single"/>',
    "colour": '<w:color w:val="C00000"/>',
    "bold italic": "<w:b/><w:i/>",
    "code": '<w:rFonts w:ascii="Consolas" w:hAnsi="Consolas"/>',
}
#: wrappers of runs: a tracked insertion, a content control
WRAPPED = {
    "ins": ('<w:ins w:id="5" w:author="Editor">', "</w:ins>"),
    "sdt": ('<w:sdt><w:sdtPr><w:id w:val="3"/></w:sdtPr><w:sdtContent>', "</w:sdtContent></w:sdt>"),
}
OBJECTS = (
    "<w:r><w:tab/></w:r>",
    "<w:r><w:br/></w:r>",
    '<w:bookmarkStart w:id="1" w:name="mark"/><w:bookmarkEnd w:id="1"/>',
    '<w:fldSimple w:instr=" PAGE "><w:r><w:t>4</w:t></w:r></w:fldSimple>',
)
words = st.lists(st.sampled_from(ENGLISH_WORDS + ARABIC_WORDS), min_size=1, max_size=5)
run_piece = st.one_of(
    st.tuples(st.just("text"), words.map(" ".join), st.sampled_from(sorted(FORMATS))),
    st.tuples(st.just("link"), words.map(" ".join), st.just("plain")),
    st.tuples(st.sampled_from(sorted(WRAPPED)), words.map(" ".join), st.just("plain")),
    st.tuples(st.just("object"), st.sampled_from(OBJECTS), st.just("plain")),
)
paragraph_shape = st.tuples(
    st.lists(run_piece, min_size=1, max_size=6),
    st.sampled_from(["Normal", "Heading 1", "List Bullet", "Quote"]),
    st.booleans(),  # right to left
)
document_shape = st.tuples(
    st.lists(paragraph_shape, min_size=1, max_size=5),
    st.lists(st.lists(words.map(" ".join), min_size=1, max_size=3), max_size=3),
)


def build(shape, path: Path) -> Path:
    paragraphs, rows = shape
    document = docx.Document()
    for pieces, style, rtl in paragraphs:
        paragraph = document.add_paragraph(style=style)
        if rtl:
            paragraph._p.get_or_add_pPr().append(docx_xml(f"<w:bidi {NS}/>"))
        for kind, content, fmt in pieces:
            if kind == "object":
                for xml in re.findall(
                    r"<w:(?:r>.*?</w:r>|bookmark\w+ [^>]*/>|fldSimple.*?"
                    r"</w:fldSimple>)",
                    content,
                ):
                    add_xml(paragraph, xml)
            elif kind == "link":
                add_hyperlink(paragraph, content + " ", "https://example.org/")
            elif kind in WRAPPED:
                head, tail = WRAPPED[kind]
                add_xml(
                    paragraph, f'{head}<w:r><w:t xml:space="preserve">{content} </w:t></w:r>{tail}'
                )
            else:
                properties = FORMATS[fmt] + ("<w:rtl/>" if rtl else "")
                add_xml(
                    paragraph,
                    f"<w:r><w:rPr>{properties}</w:rPr>"
                    f'<w:t xml:space="preserve">{content} </w:t></w:r>',
                )
    document.add_paragraph("The end of the document.")
    if rows:
        table = document.add_table(rows=len(rows), cols=max(map(len, rows)))
        for row, texts in zip(table.rows, rows, strict=True):
            for cell, text in zip(row.cells, texts, strict=False):
                cell.text = text
    document.save(path)
    return path


NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def char_formats(source: SourceText) -> list:
    """The visible formatting of each letter of the text (wrappers by kind and target)."""
    structure = source.structure
    formats: list = [None] * len(source.text)
    for block in structure.blocks:
        for atom in block.atoms:
            context = structure.handles[atom.handle]
            if isinstance(context, ObjectContext):
                kind = tuple(etree.QName(leaf.element).localname for leaf in context.leaves)
                formats[atom.start] = ("object", kind)
                continue
            chain = tuple((etree.QName(e).localname, e.get(f"{{{NS_R}}}id")) for e in context.chain)
            for index in range(atom.start, atom.end):
                if not source.text[index].isspace():
                    formats[index] = (chain, context.key)
    return formats


def perfect_model(document: Document, lang: str) -> None:
    """Every Arabic and English segment "translated" into ``lang`` as itself, each span
    where it was: every block is rebuilt from pieces, and must come back as it was."""
    for segment in document.segments:
        if segment.source_lang not in ("ar", "en"):
            continue  # the pipeline never translates these (and carries nothing in them)
        segment.translation, segment.target_lang = segment.source, lang
        for span in segment.carried:
            span.inner_translation = span.inner
            span.target_start = span.start - segment.start
            span.target_end = span.end - segment.start


IDENTITY = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target],  # no long shrinking
)


@IDENTITY
@given(shape=document_shape)
def test_read_write_read_without_translation_is_the_identity(shape, tmp_path_factory):
    folder = tmp_path_factory.mktemp("identity")
    path = build(shape, folder / "random.docx")
    source = read_source(path)
    document = segment_source(source, DETECTOR)
    for lang in ("ar", "en"):  # nothing translated: the package's parts are the input's
        version = write_version(document, lang, folder)
        with zipfile.ZipFile(path) as a, zipfile.ZipFile(version) as b:
            assert [(n, a.read(n)) for n in a.namelist()] == [(n, b.read(n)) for n in b.namelist()]
    for lang in ("en", "ar"):  # every paragraph rebuilt from its pieces
        perfect_model(document, lang)
        again = read_source(write_version(document, lang, folder))
        assert again.text == source.text
        objects = [(s.start, s.kind) for s in source.markup if s.kind == OBJECT]
        assert [(s.start, s.kind) for s in again.markup if s.kind == OBJECT] == objects
        if lang == "en":  # (the Arabic version adds w:bCs to bold runs: other spans)
            assert [(s.start, s.end, s.kind) for s in again.markup] == [
                (s.start, s.end, s.kind) for s in source.markup
            ]
            assert char_formats(again) == char_formats(source)
        word, original = docx.Document(again.path), docx.Document(path)
        assert [p.style.name for p in word.paragraphs] == [
            p.style.name for p in original.paragraphs
        ]
        assert [len(t.rows) for t in word.tables] == [len(t.rows) for t in original.tables]


# --- regressions --------------------------------------------------------------------------


def test_regression_a_field_inside_a_contents_link_does_not_swallow_the_rest(tmp_path: Path):
    """A table of contents is one field over many paragraphs whose entries are links
    holding PAGEREF fields of their own: the count of begins and ends must go through the
    links, or every paragraph after the table is taken for part of the field."""
    document = docx.Document()
    first = document.add_paragraph()
    add_xml(first, '<w:r><w:fldChar w:fldCharType="begin"/></w:r>')
    add_xml(first, '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" </w:instrText></w:r>')
    add_xml(first, '<w:r><w:fldChar w:fldCharType="separate"/></w:r>')
    entry = (
        '<w:hyperlink w:anchor="_Toc1"><w:r><w:t>Introduction</w:t></w:r><w:r><w:tab/></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGEREF _Toc1 '
        '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t>'
        '</w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:hyperlink>'
    )
    add_xml(first, entry)
    add_xml(document.add_paragraph(), entry.replace("Introduction", "Background"))
    add_xml(document.add_paragraph(), '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    document.add_paragraph("The report begins here.")
    path = tmp_path / "contents.docx"
    document.save(path)
    assert read_source(path).text == "The report begins here."  # the table: kept, not read


@pytest.mark.parametrize(
    "xml",
    [
        "<w:r><w:lastRenderedPageBreak/><w:t>arrived in Moscow today.</w:t></w:r>",
        '<w:bookmarkStart w:id="0" w:name="_GoBack"/><w:bookmarkEnd w:id="0"/>'
        "<w:r><w:t>arrived in Moscow today.</w:t></w:r>",
    ],
    ids=["lastRenderedPageBreak", "_GoBack"],
)
def test_regression_what_word_remakes_is_no_object_in_the_sentence(tmp_path: Path, xml: str):
    document = docx.Document()
    paragraph = document.add_paragraph("The envoy ")
    for element in re.findall(r"<w:bookmark\w+ [^>]*/>|<w:r>.*?</w:r>", xml):
        add_xml(paragraph, element)
    path = tmp_path / "cache.docx"
    document.save(path)
    source = read_source(path)
    assert source.text == "The envoy arrived in Moscow today." and source.markup == []


def test_review_apply_rebuilds_the_word_versions(rich: Path, tmp_path: Path):
    source = tmp_path / "rich.docx"
    shutil.copy(rich, source)
    sentence = "The envoy said the talks would continue."
    document = translated(source, {sentence: "قال المبعوث إن المحادثات ستستمر."})
    document.provenance = {
        "tool": "tarjama",
        "tool_version": "0.0.test",
        "source": {"path": str(source), "format": "docx", "sha256": document.text_sha256},
        "targets": ["en", "ar"],
    }
    out = tmp_path / "out"
    write_outputs(document, output_paths(document, out, "rich"), ["en", "ar"], set())
    reviewed = write_bitext(document, "xliff", out, "rich")
    corrected = "وقال المبعوث إن المحادثات ستتواصل غدا."
    data = reviewed.read_text(encoding="utf-8")
    reviewed.write_text(data.replace("قال المبعوث إن المحادثات ستستمر.", corrected), "utf-8")
    report = apply_review(reviewed, memory=tmp_path / "tm.sqlite")
    assert len(report.updated) == 1, report
    arabic = out / "rich.ar.docx"
    assert corrected in read_source(arabic).text
    bold = [r.text for p in docx.Document(arabic).paragraphs for r in p.runs if r.bold]
    assert bold == [WORD["ar"]]  # the other sentence's formatting is as it was


def test_regression_a_paragraph_all_in_monospace_is_kept_as_code(tmp_path: Path):
    word = docx.Document()
    word.add_paragraph("The sample below calls the parser.")
    run = word.add_paragraph().add_run("code_sample(x) returns the parsed value")
    run.font.name = "Courier New"
    path = tmp_path / "code.docx"
    word.save(str(path))
    document = segment_source(read_source(path))
    code = [s for s in document.segments if s.source.startswith("code_sample")]
    assert code and all(s.source_lang == "other" for s in code)  # never sent to a model
    assert [m.kind for m in document.markup] == [CODE]
