"""EPUB books (tarjama.formats.epub): the spine's documents in reading order through the
web-page path, the package written back (mimetype first and stored, language, page
progression), bad books, and the CLI end to end. Books are built here with zipfile."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from typer.testing import CliRunner

from scripted import marked, scripted_translate
from tarjama.cli import app
from tarjama.document import AR, EN, Document
from tarjama.errors import DecodingError, FormatError, InputError
from tarjama.formats import format_of, get_format
from tarjama.langid import LanguageDetector
from tarjama.segment.segmenter import segment_source
from tarjama.source import SourceText

DETECTOR = LanguageDetector()
ARABIC = "وقال مصدر مقرب للكرملين إن روسيا وطالبان اتفقتا."
NAME = "زامير كابولوف"
OPF_NS = "http://www.idpf.org/2007/opf"
DC_NS = "http://purl.org/dc/elements/1.1/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CONTAINER = (
    '<?xml version="1.0"?>\n<container version="1.0" '
    'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
    '<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
    "</rootfiles></container>"
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
CSS = b"p { margin: 0 }\n"

# --- building books --------------------------------------------------------------------


def chapter(body: str, title: str = "Chapter") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
        'xml:lang="en" lang="en">\n'
        f'<head><title>{title}</title><link rel="stylesheet" href="style.css"/></head>\n'
        f"<body>\n{body}\n</body>\n</html>\n"
    )


NAV = chapter(
    '<nav epub:type="toc"><ol><li><a href="ch1.xhtml">Talks</a></li>'
    '<li><a href="ch2.xhtml">The second day</a></li></ol></nav>',
    "Contents",
)
CHAPTERS = {
    "ch1.xhtml": chapter(
        '<section epub:type="chapter"><h1>The talks in Moscow</h1>\n'
        '<p>He met <em>officials</em> in Moscow.<img src="images/p.png" alt="A photo"/></p>\n'
        f"<p>{ARABIC}</p></section>",
        "Talks",
    ),
    "ch2.xhtml": chapter("<p>The second day of the talks began.</p>", "The second day"),
}


def package_document(
    spine: list[str], language: str | None = "en", progression: str | None = None
) -> str:
    items = "".join(
        f'<item id="{name.split(".")[0]}" href="{name}" media-type="application/xhtml+xml"/>'
        for name in sorted(CHAPTERS)[::-1]  # the manifest's order is not the reading order
    )
    items += (
        '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
        '<item id="css" href="style.css" media-type="text/css"/>'
        '<item id="p" href="images/p.png" media-type="image/png"/>'
    )
    refs = "".join(f'<itemref idref="{idref}"/>' for idref in spine)
    direction = f' page-progression-direction="{progression}"' if progression else ""
    dc_language = f"<dc:language>{language}</dc:language>" if language else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<package xmlns="{OPF_NS}" version="3.0" unique-identifier="id">'
        f'<metadata xmlns:dc="{DC_NS}"><dc:identifier id="id">urn:uuid:1</dc:identifier>'
        f"<dc:title>Talks</dc:title>{dc_language}</metadata>"
        f"<manifest>{items}</manifest><spine{direction}>{refs}</spine></package>"
    )


def book_members(**changes: bytes | str | None) -> dict[str, bytes | str | None]:
    members: dict[str, bytes | str | None] = {
        "mimetype": "application/epub+zip",
        "META-INF/container.xml": CONTAINER,
        "OEBPS/content.opf": package_document(["ch1", "ch2"]),
        "OEBPS/nav.xhtml": NAV,
        **{f"OEBPS/{name}": text for name, text in CHAPTERS.items()},
        "OEBPS/style.css": CSS,
        "OEBPS/images/p.png": PNG,
    }
    members.update(changes)
    return members


def build(path: Path, members: dict[str, bytes | str | None], mimetype_stored=True) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for name, data in members.items():
            if data is None:
                continue
            stored = name == "mimetype" and mimetype_stored
            book.writestr(name, data, compress_type=zipfile.ZIP_STORED if stored else None)
    return path


def read(path: Path) -> SourceText:
    return format_of(path).read(path, path.read_bytes())


def translate(document: Document) -> Document:
    return scripted_translate(document, marked)


def written(document: Document, lang: str) -> zipfile.ZipFile:
    import io

    return zipfile.ZipFile(io.BytesIO(get_format("epub").write(document, lang)))


def xml(data: bytes) -> etree._Element:
    return etree.fromstring(data)


# --- reading ---------------------------------------------------------------------------


def test_the_spine_is_read_in_reading_order_then_the_navigation(tmp_path):
    source = read(build(tmp_path / "book.epub", book_members()))
    assert source.format == "epub"
    assert source.text.rstrip("\n").split("\n\n") == [
        "Talks",
        "The talks in Moscow",
        "He met officials in Moscow.\ufffc",
        "A photo",
        ARABIC,
        "The second day",
        "The second day of the talks began.",
        "Contents",
        "Talks",
        "The second day",
    ]


def test_a_spine_item_that_is_not_xhtml_is_not_read(tmp_path):
    opf = package_document(["ch1", "css"])
    source = read(build(tmp_path / "book.epub", book_members(**{"OEBPS/content.opf": opf})))
    assert "The second day of the talks began." not in source.text


# --- writing ---------------------------------------------------------------------------


def test_versions_keep_every_other_member_byte_for_byte(tmp_path):
    path = build(tmp_path / "book.epub", book_members())
    document = translate(segment_source(read(path), DETECTOR))
    original = zipfile.ZipFile(path)
    for lang in (AR, EN):
        book = written(document, lang)
        assert book.namelist() == original.namelist()
        for name in ("mimetype", "META-INF/container.xml", "OEBPS/style.css", "OEBPS/images/p.png"):
            assert book.read(name) == original.read(name)
        first = book.infolist()[0]
        assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)


def test_mimetype_is_written_first_and_stored_whatever_the_book_did(tmp_path):
    members = book_members()
    members["mimetype"] = members.pop("mimetype")  # last, and deflated below
    path = build(tmp_path / "book.epub", members, mimetype_stored=False)
    assert zipfile.ZipFile(path).infolist()[-1].filename == "mimetype"
    book = written(segment_source(read(path), DETECTOR), AR)
    first = book.infolist()[0]
    assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
    assert book.read("mimetype") == b"application/epub+zip"


@pytest.mark.parametrize(
    ("progression", "language", "english_progression"),
    [(None, "en", None), ("ltr", "en", "ltr"), ("rtl", "ar", "ltr"), (None, None, None)],
)
def test_the_package_says_the_versions_language_and_page_progression(
    tmp_path, progression, language, english_progression
):
    opf = package_document(["ch1", "ch2"], language, progression)
    path = build(tmp_path / "book.epub", book_members(**{"OEBPS/content.opf": opf}))
    document = translate(segment_source(read(path), DETECTOR))
    for lang, expected in ((AR, "rtl"), (EN, english_progression)):
        package = xml(written(document, lang).read("OEBPS/content.opf"))
        assert [e.text for e in package.iter(f"{{{DC_NS}}}language")] == [lang]
        assert package.find(f"{{{OPF_NS}}}spine").get("page-progression-direction") == expected
        assert [e.text for e in package.iter(f"{{{DC_NS}}}title")] == ["Talks"]


def test_each_document_is_a_well_formed_page_in_the_versions_language(tmp_path):
    path = build(tmp_path / "book.epub", book_members())
    document = translate(segment_source(read(path), DETECTOR))
    original = xml(CHAPTERS["ch1.xhtml"].encode())
    for lang in (AR, EN):
        book = written(document, lang)
        for name in ("OEBPS/ch1.xhtml", "OEBPS/ch2.xhtml", "OEBPS/nav.xhtml"):
            data = book.read(name)
            assert data.startswith(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>')
            root = xml(data)
            assert (root.get("lang"), root.get(XML_LANG)) == (lang, lang)
            assert root.get("dir") == ("rtl" if lang == AR else None)
        chapter_one = xml(book.read("OEBPS/ch1.xhtml"))
        paragraphs = chapter_one.findall(".//{http://www.w3.org/1999/xhtml}p")
        if lang == AR:  # the Arabic paragraph verbatim, the English one translated
            assert etree.tostring(paragraphs[1]) == etree.tostring(
                original.findall(".//{http://www.w3.org/1999/xhtml}p")[1]
            )
            assert "ترجمة" in "".join(paragraphs[0].itertext())
        else:
            assert "".join(paragraphs[1].itertext()).startswith("Translated")
        assert b'epub:type="chapter"' in book.read("OEBPS/ch1.xhtml")
        image = chapter_one.find(".//{http://www.w3.org/1999/xhtml}img")
        assert image.get("src") == "images/p.png"
        assert image.get("alt") == ("ترجمة A photo" if lang == AR else "A photo")


# --- bad books -------------------------------------------------------------------------

ENCRYPTION = (
    '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
    'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
    '<enc:CipherData><enc:CipherReference URI="OEBPS/ch1.xhtml"/></enc:CipherData>'
    "</enc:EncryptedData></encryption>"
)
BAD_BOOKS = [
    # (members or raw bytes, error, in the message, where)
    (b"This is not a book.", FormatError, "not a ZIP package", ""),
    (book_members(mimetype=None), FormatError, "no mimetype member", ""),
    (book_members(mimetype="application/zip"), FormatError, "no mimetype member", ""),
    (book_members(**{"META-INF/container.xml": None}), FormatError, "container.xml", ""),
    (
        book_members(**{"META-INF/container.xml": "<container/>"}),
        FormatError,
        "names no package document",
        "",
    ),
    (book_members(**{"OEBPS/content.opf": None}), FormatError, "content.opf", ""),
    (
        book_members(**{"OEBPS/content.opf": package_document(["ch1", "ch9"])}),
        FormatError,
        "'ch9'",
        "",
    ),
    (book_members(**{"OEBPS/ch2.xhtml": None}), FormatError, "ch2.xhtml", ""),
    (
        book_members(
            **{"OEBPS/ch2.xhtml": "<html xmlns='http://www.w3.org/1999/xhtml'>\n<p></html>"}
        ),
        FormatError,
        "not well-formed XHTML",
        "/OEBPS/ch2.xhtml:2",
    ),
    (
        book_members(**{"OEBPS/ch1.xhtml": b"<p>caf\xe9</p>"}),
        DecodingError,
        "UTF-8",
        "/OEBPS/ch1.xhtml",
    ),
    (
        book_members(**{"META-INF/encryption.xml": ENCRYPTION}),
        FormatError,
        "DRM",
        "/OEBPS/ch1.xhtml",
    ),
    (
        book_members(
            **{f"OEBPS/{name}": chapter('<img src="x.png"/>', "") for name in CHAPTERS},
            **{"OEBPS/nav.xhtml": chapter("", "")},
        ),
        FormatError,
        "no text",
        "",
    ),
]


@pytest.mark.parametrize(("members", "error", "needle", "where"), BAD_BOOKS)
def test_bad_books_get_one_line_naming_the_file_and_the_fix(
    tmp_path, members, error, needle, where
):
    path = tmp_path / "book.epub"
    if isinstance(members, bytes):
        path.write_bytes(members)
    else:
        build(path, members)
    with pytest.raises(error) as raised:
        read(path)
    message = str(raised.value)
    assert isinstance(raised.value, InputError) and raised.value.fix
    assert "\n" not in message and message.startswith(f"{path}{where}") and needle in message


# --- identity: read → write without translation ----------------------------------------

WORDS = ["Moscow", "talks", "the", "&", "<", "موسكو", "المحادثات", NAME]


@st.composite
def books(draw) -> dict[str, str]:
    chapters = {}
    for number in range(1, draw(st.integers(1, 3)) + 1):
        paragraphs = []
        for _ in range(draw(st.integers(1, 4))):
            words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6))
            text = " ".join(w.replace("&", "&amp;").replace("<", "&lt;") for w in words)
            tag = draw(st.sampled_from(["p", "h2", "blockquote"]))
            inline = draw(st.sampled_from(["", "<em>{}</em>", "<a href='#x'>{}</a>", "{}<br/>"]))
            paragraphs.append(f"<{tag}>{inline.format(text) if inline else text}</{tag}>")
        chapters[f"ch{number}.xhtml"] = chapter("\n".join(paragraphs), f"Part {number}")
    return chapters


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(chapters=books())
def test_identity_read_write_without_translation_gives_back_the_book(tmp_path, chapters):
    spine = [name.split(".")[0] for name in chapters]
    members = book_members(**{"OEBPS/content.opf": package_document(spine)})
    for name in CHAPTERS:
        members.pop(f"OEBPS/{name}")
    members.update({f"OEBPS/{name}": text for name, text in chapters.items()})
    for name in chapters:
        members["OEBPS/content.opf"] = members["OEBPS/content.opf"].replace(
            "<manifest>",
            f'<manifest><item id="{name.split(".")[0]}" href="{name}" '
            'media-type="application/xhtml+xml"/>',
        )
    path = build(tmp_path / "book.epub", members)
    source = read(path)
    document = segment_source(source, DETECTOR)
    for lang in (AR, EN):
        again_path = tmp_path / f"again.{lang}.epub"
        again_path.write_bytes(get_format("epub").write(document, lang))
        again = read(again_path)
        assert (again.text, again.markup) == (source.text, source.markup)


# --- end to end, through the CLI -------------------------------------------------------


@pytest.mark.slow
def test_cli_translates_a_book_and_refuses_a_corrupt_one(tmp_path, term_models):
    chapters = {
        "OEBPS/ch1.xhtml": chapter(
            "<h1>The Kremlin said the talks in Moscow will go on</h1>\n"
            f"<p>The envoy {NAME} met officials in Moscow.</p>\n<p>{ARABIC}</p>",
            "Talks",
        )
    }
    good = build(tmp_path / "talks.epub", book_members(**chapters))
    corrupt = tmp_path / "corrupt.epub"
    corrupt.write_bytes(good.read_bytes()[:300])
    glossary = Path(__file__).parents[1] / "glossaries" / "news.tsv"
    out = tmp_path / "out"
    models = [arg for d, p in term_models.items() for arg in ("-m", f"{d}={p}")]
    result = CliRunner().invoke(
        app,
        ["translate", str(corrupt), str(good), "-o", str(out), "-g", str(glossary)]
        + ["--no-memory", "-q", *models],
    )
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if str(corrupt) in line]
    assert len(errors) == 1 and "damaged" in errors[0]
    assert sorted(p.name for p in out.iterdir()) == [
        "talks.ar.epub",
        "talks.en.epub",
        "talks.html",
        "talks.segments.jsonl",
    ]
    original = zipfile.ZipFile(good)
    for lang in (AR, EN):
        book = zipfile.ZipFile(out / f"talks.{lang}.epub")
        assert book.infolist()[0].filename == "mimetype"
        assert book.read("OEBPS/images/p.png") == PNG
        root = xml(book.read("OEBPS/ch1.xhtml"))
        assert root.get("lang") == lang
        paragraphs = root.findall(".//{http://www.w3.org/1999/xhtml}p")
        source = xml(original.read("OEBPS/ch1.xhtml")).findall(".//{http://www.w3.org/1999/xhtml}p")
        verbatim = 1 if lang == AR else 0  # the paragraph already in the version's language
        assert etree.tostring(paragraphs[verbatim]) == etree.tostring(source[verbatim])
        if lang == AR:
            assert NAME in "".join(paragraphs[0].itertext())  # the Arabic name carried
    records = [json.loads(line) for line in (out / "talks.segments.jsonl").open(encoding="utf-8")]
    terms = [term for record in records[1:] for term in record.get("terms", [])]
    assert {"Kremlin", "Moscow"} <= {term["text"] for term in terms}
    assert {term["status"] for term in terms} == {"applied"}
