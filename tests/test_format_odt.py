"""OpenDocument text (tarjama.formats.odt): paragraphs of the body, the notes and the page
headers as blocks, spans and links carried as markup, objects kept; versions written as the
same package with only translated paragraphs rebuilt and set in the version's direction."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from typer.testing import CliRunner

from scripted import as_itself, scripted_translate
from tarjama.cli import app
from tarjama.document import AR, EN, other_language
from tarjama.errors import FormatError
from tarjama.formats.odt import NS, Odt
from tarjama.segment.segmenter import segment_source
from tarjama.source import FORMAT, OBJECT, OBJECT_CHAR
from test_format_subtitles import DETECTOR, NAME, translate

ODT = Odt()
_DECLARATIONS = " ".join(
    f'xmlns:{prefix}="{uri}"'
    for prefix, uri in {
        **NS,
        "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
        "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
        "xlink": "http://www.w3.org/1999/xlink",
        "dc": "http://purl.org/dc/elements/1.1/",
    }.items()
    if prefix != "manifest"
)
STYLES = (
    '<style:default-style style:family="paragraph"><style:paragraph-properties '
    'fo:text-align="start"/></style:default-style>'
    '<style:style style:name="Standard" style:family="paragraph"/>'
    '<style:style style:name="Title" style:family="paragraph" style:parent-style-name='
    '"Standard"><style:paragraph-properties fo:text-align="center"/></style:style>'
    '<style:style style:name="Arabic" style:family="paragraph"><style:paragraph-properties '
    'style:writing-mode="rl-tb"/></style:style>'
)


def odt(body: str, automatic: str = "", header: str = "", extra: dict | None = None) -> bytes:
    """An ODT package, as LibreOffice lays one out: ``mimetype`` first and stored."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<office:document-content {_DECLARATIONS} office:version="1.3">'
        f"<office:automatic-styles>{automatic}</office:automatic-styles>"
        f"<office:body><office:text>{body}</office:text></office:body>"
        "</office:document-content>"
    )
    master = (
        f'<style:master-page style:name="Standard"><style:header>{header}</style:header>'
        "</style:master-page>"
        if header
        else ""
    )
    styles = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<office:document-styles {_DECLARATIONS} office:version="1.3">'
        f"<office:styles>{STYLES}</office:styles>"
        f"<office:master-styles>{master}</office:master-styles></office:document-styles>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest='
        f'"{NS["manifest"]}" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.text"/></manifest:manifest>'
    )
    members = {
        "mimetype": "application/vnd.oasis.opendocument.text",
        "META-INF/manifest.xml": manifest,
        "content.xml": content,
        "styles.xml": styles,
        "Pictures/logo.png": b"\x89PNG not really",
        **(extra or {}),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, data in members.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            package.writestr(info, data)
    return buffer.getvalue()


def read(tmp_path: Path, data: bytes, name: str = "a.odt"):
    path = tmp_path / name
    path.write_bytes(data)
    return ODT.read(path, data)


def member(data: bytes, name: str) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read(name)


def tree(data: bytes, name: str = "content.xml"):
    return etree.fromstring(member(data, name))


def q(name: str) -> str:
    prefix, local = name.split(":")
    uris = {**NS, "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0"}
    uris["draw"] = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
    uris["xlink"] = "http://www.w3.org/1999/xlink"
    return f"{{{uris[prefix]}}}{local}"


WRAPPERS = {q("text:span"), q("text:a")}
#: extra spaces: a rebuilt paragraph's are single (its white space is the translation's)
SPACES = q("text:s")


def skeleton(data: bytes, name: str = "content.xml") -> list[tuple]:
    """Every element of the body but spans and links, with its attributes (a paragraph's
    style name aside: the versions set their direction by a style of their own)."""
    container = q("office:body") if name == "content.xml" else q("office:master-styles")
    body = tree(data, name).find(container)
    shape = []
    for element in body.iter():
        if not isinstance(element.tag, str) or element.tag in WRAPPERS or element.tag == SPACES:
            continue
        attributes = {k: v for k, v in element.attrib.items() if k != q("text:style-name")}
        shape.append((element.tag, sorted(attributes.items())))
    return shape


def paragraph_texts(data: bytes) -> list[str]:
    root = tree(data)
    return ["".join(p.itertext()) for p in root.iter(q("text:p"), q("text:h"))]


# --- reading ----------------------------------------------------------------------------------

READ_CASES = [
    # (name, body, document text, [(kind, marked text)])
    (
        "paragraph-and-heading",
        '<text:h text:outline-level="1">Talks in Moscow</text:h><text:p>The talks go on.</text:p>',
        "Talks in Moscow\n\nThe talks go on.\n",
        [],
    ),
    (
        "span-and-link",
        '<text:p>The <text:span text:style-name="T1">Kremlin</text:span> said so: see '
        '<text:a xlink:href="https://example.org/r">the report</text:a>.</text:p>',
        "The Kremlin said so: see the report.\n",
        [(FORMAT, "Kremlin"), (FORMAT, "the report")],
    ),
    (
        "a-span-around-the-whole-paragraph-is-its-formatting",
        '<text:p><text:span text:style-name="T1">All of it in bold.</text:span></text:p>',
        "All of it in bold.\n",
        [],
    ),
    (
        "white-space-as-odf-shows-it",
        '<text:p>\n  The   talks\n\tgo<text:s text:c="2"/>on.  </text:p>',
        "The talks go on.\n",
        [],
    ),
    (
        "objects-inside-and-at-the-edges",
        '<text:p><text:bookmark text:name="b"/>Press <text:tab/> here<text:line-break/>now.'
        '<draw:frame draw:name="logo"><draw:image xlink:href="Pictures/logo.png"/></draw:frame>'
        "</text:p>",
        f"Press {OBJECT_CHAR} here{OBJECT_CHAR}now.\n",
        [(OBJECT, OBJECT_CHAR), (OBJECT, OBJECT_CHAR)],
    ),
    (
        "a-footnote-is-an-object-and-its-paragraphs-are-blocks",
        '<text:p>The talks<text:note text:note-class="footnote"><text:note-citation>1'
        "</text:note-citation><text:note-body><text:p>In Moscow.</text:p></text:note-body>"
        "</text:note> go on.</text:p>",
        f"The talks{OBJECT_CHAR} go on.\n\nIn Moscow.\n",
        [(OBJECT, OBJECT_CHAR)],
    ),
    (
        "tables-and-lists",
        "<table:table><table:table-row><table:table-cell><text:p>وقال المتحدث</text:p>"
        "</table:table-cell><table:table-cell><text:p>The spokesman</text:p></table:table-cell>"
        "</table:table-row></table:table><text:list><text:list-item><text:p>One item"
        "</text:p></text:list-item></text:list>",
        "وقال المتحدث\n\nThe spokesman\n\nOne item\n",
        [],
    ),
    (
        "tracked-deletions-and-comments-are-not-read",
        '<text:tracked-changes><text:changed-region text:id="c1"><text:deletion>'
        "<text:p>Deleted text.</text:p></text:deletion></text:changed-region>"
        "</text:tracked-changes><text:p>Kept<office:annotation><dc:creator>A</dc:creator>"
        "<text:p>A comment.</text:p></office:annotation> text.</text:p>",
        f"Kept{OBJECT_CHAR} text.\n",
        [(OBJECT, OBJECT_CHAR)],
    ),
]


@pytest.mark.parametrize(
    ("name", "body", "text", "spans"), READ_CASES, ids=[c[0] for c in READ_CASES]
)
def test_paragraphs_are_blocks_and_their_inline_structure_is_markup(
    tmp_path, name, body, text, spans
):
    source = read(tmp_path, odt(body))
    assert source.text == text
    marked = sorted((m.start, m.kind, source.text[m.start : m.end]) for m in source.markup)
    assert [(kind, covered) for _, kind, covered in marked] == spans


def test_page_headers_are_read_after_the_body(tmp_path):
    source = read(tmp_path, odt("<text:p>Body.</text:p>", header="<text:p>تقرير</text:p>"))
    assert source.text == "Body.\n\nتقرير\n"


# --- versions ---------------------------------------------------------------------------------

AUTOMATIC = (
    '<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Standard">'
    '<style:paragraph-properties fo:margin-top="0.2cm"/></style:style>'
    '<style:style style:name="T1" style:family="text"><style:text-properties '
    'fo:font-weight="bold"/></style:style>'
)
BODY = (
    '<text:h text:style-name="Title" text:outline-level="1">Talks in Moscow</text:h>'
    '<text:p text:style-name="P1">The <text:span text:style-name="T1">Kremlin</text:span> said '
    'on Monday that the talks would go on: see <text:a xlink:href="https://example.org/r">the '
    "report</text:a> <text:tab/> today.</text:p>"
    f'<text:p text:style-name="Standard">He met {NAME} in Moscow<text:note '
    'text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body>'
    "<text:p>A note about the talks.</text:p></text:note-body></text:note>.</text:p>"
    '<text:p text:style-name="Arabic">وقال المتحدث إن المحادثات ستستمر.</text:p>'
)
HEADER = '<text:p text:style-name="Standard">The weekly report</text:p>'


@pytest.mark.parametrize("lang", [EN, AR])
def test_untranslated_versions_are_the_package_as_it_was(tmp_path, lang):
    data = odt(BODY, AUTOMATIC, HEADER)
    document = segment_source(read(tmp_path, data), DETECTOR)
    version = ODT.write(document, lang)
    for name in ("mimetype", "META-INF/manifest.xml", "content.xml", "styles.xml"):
        assert member(version, name) == member(data, name)
    infos = zipfile.ZipFile(io.BytesIO(version)).infolist()
    assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED


def test_the_arabic_version_keeps_the_structure_and_sets_right_to_left(tmp_path):
    data = odt(BODY, AUTOMATIC, HEADER)
    document = segment_source(read(tmp_path, data), DETECTOR)
    translate(document, AR)
    version = ODT.write(document, AR)
    assert skeleton(version) == skeleton(data)
    assert skeleton(version, "styles.xml") == skeleton(data, "styles.xml")
    assert member(version, "Pictures/logo.png") == member(data, "Pictures/logo.png")
    root = tree(version)
    paragraphs = list(root.iter(q("text:p"), q("text:h")))
    title, lead, met, note, arabic = paragraphs
    styles = {
        s.get(q("style:name")): s
        for s in root.find(q("office:automatic-styles")).iter(q("style:style"))
    }

    def direction(paragraph):
        style = styles[paragraph.get(q("text:style-name"))]
        properties = style.find(q("style:paragraph-properties"))
        return properties.get(q("style:writing-mode")), properties.get(q("fo:text-align"))

    assert direction(title) == ("rl-tb", "center")  # a centred title stays centred
    assert direction(lead) == ("rl-tb", "end")
    assert direction(note) == ("rl-tb", "end")
    lead_style = styles[lead.get(q("text:style-name"))]
    assert lead_style.get(q("style:parent-style-name")) == "Standard"  # a copy of P1
    props = lead_style.find(q("style:paragraph-properties"))
    assert props.get(q("fo:margin-top")) == "0.2cm"
    assert title.get(q("text:outline-level")) == "1"
    span = lead.find(q("text:span"))
    link = lead.find(q("text:a"))
    assert span.get(q("text:style-name")) == "T1" and span.text == "كلمة"
    assert link.get(q("xlink:href")) == "https://example.org/r"
    assert lead.find(q("text:tab")) is not None and met.find(q("text:note")) is not None
    assert NAME in "".join(met.itertext())
    original = list(tree(data).iter(q("text:p"), q("text:h")))[-1]
    assert etree.tostring(arabic) == etree.tostring(original)  # verbatim
    # the header (styles.xml) is translated and set right to left there
    header = tree(version, "styles.xml").find(".//" + q("text:p"))
    assert "".join(header.itertext()) != "The weekly report"
    assert header.get(q("text:style-name")) != "Standard"
    # the English version: nothing but the Arabic paragraph changed
    translate(document, EN)
    english = ODT.write(document, EN)
    assert member(english, "styles.xml") == member(data, "styles.xml")
    assert paragraph_texts(english)[:4] == paragraph_texts(data)[:4]


def test_the_english_version_of_a_right_to_left_paragraph_is_left_to_right(tmp_path):
    body = '<text:p text:style-name="Arabic">وقال المتحدث إن المحادثات ستستمر.</text:p>'
    document = segment_source(read(tmp_path, odt(body)), DETECTOR)
    translate(document, EN)
    root = tree(ODT.write(document, EN))
    paragraph = next(root.iter(q("text:p")))
    style = root.find(q("office:automatic-styles"))[-1]
    assert style.get(q("style:name")) == paragraph.get(q("text:style-name"))
    assert style.get(q("style:parent-style-name")) == "Arabic"
    properties = style.find(q("style:paragraph-properties"))
    assert properties.get(q("style:writing-mode")) == "lr-tb"
    assert properties.get(q("fo:text-align")) == "start"


def test_an_object_inside_a_link_is_kept_when_the_translation_drops_it(tmp_path):
    body = '<text:p>Read <text:a xlink:href="#x">the <text:tab/> report</text:a> now.</text:p>'
    document = segment_source(read(tmp_path, odt(body)), DETECTOR)
    translate(document, AR, model=lambda text: text.replace(OBJECT_CHAR, "").replace("the", "ال"))
    paragraph = next(tree(ODT.write(document, AR)).iter(q("text:p")))
    assert len(list(paragraph.iter(q("text:tab")))) == 1


# --- bad input --------------------------------------------------------------------------------

BAD_CASES = [
    # (name, data, where (None: the file), words of the message)
    ("not-a-zip.odt", b"Just some text, no package.", None, ["not a ZIP"]),
    (
        "spreadsheet.odt",
        odt(
            "<text:p>x</text:p>",
            extra={"mimetype": "application/vnd.oasis.opendocument.spreadsheet"},
        ),
        None,
        ["mimetype", "spreadsheet"],
    ),
    (
        "password.odt",
        odt(
            "<text:p>x</text:p>",
            extra={
                "META-INF/manifest.xml": f'<manifest:manifest xmlns:manifest="{NS["manifest"]}">'
                '<manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/>'
                "</manifest:file-entry></manifest:manifest>"
            },
        ),
        None,
        ["password-protected"],
    ),
    (
        "broken-content.odt",
        odt("<text:p>x</text:p>", extra={"content.xml": "<?xml version='1.0'?>\n<a>\n<b></a>"}),
        "content.xml:3",
        ["not well-formed"],
    ),
    (
        "entity.odt",
        odt(
            "<text:p>x</text:p>",
            extra={"content.xml": '<!DOCTYPE a [<!ENTITY e "boom">]>\n<a>&e;</a>'},
        ),
        "content.xml:1",
        ["entity"],
    ),
    ("no-text.odt", odt("<text:p>  </text:p><text:p><text:tab/></text:p>"), None, ["no text"]),
]


@pytest.mark.parametrize(
    ("name", "data", "where", "words"), BAD_CASES, ids=[c[0] for c in BAD_CASES]
)
def test_bad_packages_are_refused_with_one_line_naming_the_file(tmp_path, name, data, where, words):
    with pytest.raises(FormatError) as caught:
        read(tmp_path, data, name)
    error = caught.value
    path = tmp_path / name
    assert error.where == (f"{path}/{where}" if where else str(path))
    assert "\n" not in str(error) and error.fix
    for word in words:
        assert word in str(error), str(error)


def test_a_package_without_content_is_refused(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    with pytest.raises(FormatError, match="content.xml"):
        read(tmp_path, buffer.getvalue())


# --- random documents through read → write → read ---------------------------------------------

WORDS = [
    "the",
    "talks",
    "Kremlin",
    "said",
    "Moscow",
    "وقال",
    "المتحدث",
    "موسكو",
    "42",
    ".",
    "&",
    "<",
]
phrase = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join)


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


@st.composite
def paragraph(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        text = _escaped(draw(phrase))
        kind = draw(st.sampled_from(["plain", "plain", "span", "link", "object", "space"]))
        if kind == "span":
            text = f'<text:span text:style-name="T{draw(st.integers(1, 3))}">{text}</text:span>'
        elif kind == "link":
            target = f"https://example.org/{draw(st.integers(0, 9))}"
            text = f'<text:a xlink:href="{target}">{text}</text:a>'
        elif kind == "object":
            obj = draw(st.sampled_from(["<text:tab/>", '<text:bookmark text:name="b"/>']))
            text = f"{_escaped(draw(phrase))} {obj} {text}"
        elif kind == "space":
            text = f'{text}<text:s text:c="3"/>{_escaped(draw(phrase))}'
        parts.append(text)
    if draw(st.booleans()):  # objects at the edges stay there
        parts = [
            '<text:bookmark-start text:name="m"/>',
            *parts,
            '<text:bookmark-end text:name="m"/>',
        ]
    tag = draw(st.sampled_from(["text:p", "text:h"]))
    style = draw(st.sampled_from(["Standard", "Title", "Arabic", "P1"]))
    return f'<{tag} text:style-name="{style}">{" ".join(parts)}</{tag}>'


documents = st.lists(paragraph(), min_size=1, max_size=4).map("".join)
HYPOTHESIS = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@HYPOTHESIS
@given(documents, st.sampled_from([EN, AR]))
def test_random_documents_without_translation_come_back_identical(tmp_path, body, lang):
    data = odt(body, AUTOMATIC)
    document = segment_source(read(tmp_path, data), DETECTOR)
    version = ODT.write(document, lang)
    assert member(version, "content.xml") == member(data, "content.xml")


@HYPOTHESIS
@given(documents, st.sampled_from([EN, AR]))
def test_random_documents_rebuilt_by_an_identity_model_keep_text_and_structure(
    tmp_path, body, lang
):
    data = odt(body, AUTOMATIC)
    source = read(tmp_path, data)
    document = segment_source(source, DETECTOR)
    for segment in document.segments:  # into ``lang`` whatever its language: rebuilt
        if segment.source_lang in (AR, EN):
            segment.source_lang = other_language(lang)
    scripted_translate(document, as_itself, target=lang)
    version = ODT.write(document, lang)
    again = read(tmp_path, version, "again.odt")
    assert again.text == source.text
    shape = sorted((m.kind, source.text[m.start : m.end]) for m in source.markup)
    assert sorted((m.kind, again.text[m.start : m.end]) for m in again.markup) == shape
    assert skeleton(version) == skeleton(data)


# --- end to end, through the CLI ---------------------------------------------------------------


@pytest.mark.slow
def test_cli_translates_an_odt_with_terms_applied_and_refuses_a_broken_one(tmp_path, term_models):
    import json

    good = tmp_path / "talks.odt"
    good.write_bytes(odt(BODY, AUTOMATIC, HEADER))
    bad = tmp_path / "bad.odt"
    bad.write_bytes(b"PK\x03\x04 truncated")
    out = tmp_path / "out"
    glossary = Path(__file__).parents[1] / "glossaries" / "news.tsv"
    model_args = [arg for d, p in term_models.items() for arg in ("-m", f"{d}={p}")]
    args = ["translate", str(bad), str(good), "-o", str(out), "-g", str(glossary), "--no-memory"]
    result = CliRunner().invoke(app, [*args, "-q", *model_args])
    assert result.exit_code == 1
    assert len([line for line in result.output.splitlines() if str(bad) in line]) == 1
    arabic, english = (out / "talks.ar.odt").read_bytes(), (out / "talks.en.odt").read_bytes()
    original = good.read_bytes()
    assert skeleton(arabic) == skeleton(original) == skeleton(english)
    assert NAME in "".join(tree(arabic).itertext())
    assert paragraph_texts(english)[:4] == paragraph_texts(original)[:4]
    records = [json.loads(line) for line in (out / "talks.segments.jsonl").open(encoding="utf-8")]
    terms = [term for record in records[1:] for term in record.get("terms", [])]
    assert {"Kremlin", "Moscow"} <= {term["text"] for term in terms}
    assert {term["status"] for term in terms} == {"applied"}
    assert not list(out.glob("bad*"))
