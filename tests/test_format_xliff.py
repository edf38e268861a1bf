"""XLIFF 1.2 and 2.x from a CAT tool as input (tarjama.formats.xliff): targets filled in,
inline tags kept with their ids, done units left alone, everything else kept.

Fixtures are strings built here. Most tests translate with a scripted "model" (what the
pipeline does, without loading one); the CLI runs at the end load stand-ins and are slow.
"""

from __future__ import annotations

import codecs
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from typer.testing import CliRunner

from tarjama.carry import prepare, restore
from tarjama.cli import app
from tarjama.document import Document, other_language
from tarjama.errors import EmptyInputError, FormatError, InputError
from tarjama.formats import format_of, get_format
from tarjama.formats.xliff import Xliff, normalise_language
from tarjama.reader import read_source
from tarjama.segment.segmenter import segment_source

X12 = "urn:oasis:names:tc:xliff:document:1.2"
X2 = "urn:oasis:names:tc:xliff:document:2.0"
SDL = "http://sdl.com/FileTypes/SdlXliff/1.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA = Path(__file__).resolve().parent / "schemas" / "xliff-2.1" / "xliff_core_2.0.xsd"
GLOSSARY = Path(__file__).resolve().parents[1] / "glossaries" / "news.tsv"

#: what the scripted model writes for a segment, by target language
FILLER = {"ar": ("ترجمة", "كلمة", "نص مترجم"), "en": ("Translated", "word", "inner text")}


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def xliff12(units: str, languages: str = 'source-language="en" target-language="ar"') -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<xliff xmlns="{X12}" version="1.2">\n'
        f' <file original="news.html" datatype="html" {languages}>\n'
        f"  <body>\n{units}\n  </body>\n </file>\n</xliff>\n"
    ).encode()


def xliff2(units: str, languages: str = 'srcLang="en" trgLang="ar"') -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<xliff xmlns="{X2}" version="2.1" {languages}>\n'
        f' <file id="f1">\n{units}\n </file>\n</xliff>\n'
    ).encode()


def unit12(source: str, uid: str = "1", attributes: str = "", rest: str = "") -> str:
    return f'   <trans-unit id="{uid}"{attributes}><source>{source}</source>{rest}</trans-unit>'


def unit2(source: str, uid: str = "u1", attributes: str = "", rest: str = "") -> str:
    return (
        f'  <unit id="{uid}"><segment{attributes}><source>{source}</source>{rest}</segment></unit>'
    )


def read(data: bytes, name: str = "news.xlf") -> Document:
    return segment_source(Xliff().read(Path(name), data))


def scripted_translation(document: Document, lang: str, reverse: bool = False) -> Document:
    """Translate every segment in the other language as a model would: words replaced,
    each placeholder kept (in reverse order with ``reverse``), inner texts translated."""
    head, word, inner = FILLER[lang]
    for segment in document.segments:
        if segment.source_lang != other_language(lang):
            continue
        model_input = prepare(segment)
        for span in segment.carried:
            if span.inner is not None:
                span.inner_translation = inner
        tokens = re.findall(r"XZQ\d+", model_input.text)
        if reverse:
            tokens.reverse()
        output = " ".join([head, *(f"{token} {word}" for token in tokens)]) + "."
        segment.translation = restore(output, segment)
        segment.target_lang = lang
    return document


def identity_translation(document: Document, lang: str) -> Document:
    """Every Arabic or English segment "translated" as itself, its structure spans where
    they were: the version's targets must then be the sources, tag for tag."""
    for segment in document.segments:
        if segment.source_lang not in ("ar", "en"):
            continue
        for span in segment.carried:
            span.inner_translation = span.inner
            span.target_start, span.target_end = (
                span.start - segment.start,
                span.end - segment.start,
            )
            span.placed = True
        segment.translation, segment.target_lang = segment.source, lang
    return document


def write(document: Document, lang: str = "ar") -> etree._Element:
    data = Xliff().write(document, lang)
    return etree.fromstring(data)


def inner_xml(node: etree._Element) -> str:
    """What ``node`` holds, serialised without its own tag (namespace declarations of
    copies dropped: a tag is compared by its name and attributes)."""
    text = (node.text or "") + "".join(
        etree.tostring(child, encoding="unicode", with_tail=True) for child in node
    )
    return re.sub(r' xmlns(?::\w+)?="[^"]*"', "", text)


def codes(node: etree._Element) -> Counter:
    """The inline tags inside ``node``: (name, id, rid/startRef), each as often as it occurs."""
    return Counter(
        (etree.QName(e).localname, e.get("id"), e.get("rid") or e.get("startRef"))
        for e in node.iter()
        if e is not node and isinstance(e.tag, str)
    )


def c14n(node) -> str:
    return etree.tostring(node, method="c14n").decode()


def units_of(root: etree._Element) -> list[etree._Element]:
    return root.findall(f".//{{{X12}}}trans-unit") or root.findall(f".//{{{X2}}}segment")


def source_target(unit: etree._Element) -> tuple[etree._Element, etree._Element | None]:
    q = etree.QName(unit).namespace
    return unit.find(f"{{{q}}}source"), unit.find(f"{{{q}}}target")


# --- inline tags: real cases of each tag, in the model's order and reversed ---------------

INLINE_12 = {
    "g and x": 'He met <g id="1">Zamir Kabulov</g> in Moscow <x id="2"/> on Monday.',
    "bpt and ept": 'Press <bpt id="1">&lt;b&gt;</bpt>Save<ept id="1">&lt;/b&gt;</ept> to keep it.',
    "bx and ex": 'Read the <bx id="1" rid="r1"/>full report<ex id="2" rid="r1"/> online today.',
    "ph and it": 'Call us<ph id="1">&lt;br/&gt;</ph> at the office '
    '<it id="2" pos="open">&lt;i&gt;</it>daily.',
    "g holding tags": 'Click <g id="1">the <g id="2">green</g> button <x id="3"/></g> to start it.',
    "mrk": 'The <mrk mtype="term">prime minister</mrk> met '
    '<mrk mtype="protected">ACME Corp</mrk> staff.',
    "word glued to a code": 'Press the button<x id="1"/> and wait for the green light.',
    "two sentences in one g": '<g id="1">The talks ended. They resume on Friday.</g> '
    "Reporters waited.",
    "comment inside": "The talks <!-- check the date --> resume on Friday in Moscow.",
}
INLINE_2 = {
    "pc and ph": 'He met <pc id="1">Zamir Kabulov</pc> in Moscow<ph id="2"/> on Monday.',
    "sc and ec": 'Press <sc id="1"/>Save<ec startRef="1"/> to keep the file on the disk.',
    "pc holding tags": 'Click <pc id="1">the <pc id="2">green</pc> button <ph id="3"/></pc> '
    "to start it.",
    "mrk, sm and em": 'The <mrk id="m1" type="term">prime minister</mrk> spoke <sm id="m2" '
    'type="comment" value="check"/>to reporters<em startRef="m2"/> on Monday.',
    "cp": 'The bell character <cp hex="0007"/> stands in the middle of this sentence.',
    "mrk not to translate": 'Visit <mrk id="m1" translate="no">Acme Widgets</mrk> for more '
    "details.",
    "isolated ec": 'The end of the bold text<ec id="9" isolated="yes"/> comes here in English.',
}


@pytest.mark.parametrize("reverse", [False, True], ids=["model order", "reversed"])
@pytest.mark.parametrize("source", INLINE_12.values(), ids=INLINE_12.keys())
def test_xliff12_target_has_every_inline_tag_of_its_source_once(source, reverse):
    document = scripted_translation(read(xliff12(unit12(source))), "ar", reverse)
    (unit,) = units_of(write(document))
    source_node, target = source_target(unit)
    assert target is not None
    assert codes(target) == codes(source_node)
    assert FILLER["ar"][0] in "".join(target.itertext())
    assert target.get("state") == "needs-review-translation"
    assert target.get("state-qualifier") == "leveraged-mt"
    assert target.get(XML_LANG) == "ar"
    _starts_before_ends(target)


@pytest.mark.parametrize("reverse", [False, True], ids=["model order", "reversed"])
@pytest.mark.parametrize("source", INLINE_2.values(), ids=INLINE_2.keys())
def test_xliff21_target_has_every_inline_tag_and_validates(source, reverse, schema):
    document = scripted_translation(read(xliff2(unit2(source))), "ar", reverse)
    root = write(document)
    assert schema.validate(root), schema.error_log
    (segment,) = units_of(root)
    source_node, target = source_target(segment)
    assert codes(target) == codes(source_node)
    assert segment.get("state") == "translated"
    assert segment.getparent().get("trgDir") == "rtl"
    _starts_before_ends(target)


def _starts_before_ends(target: etree._Element) -> None:
    """A start code never after its end code (bpt/ept, bx/ex, sc/ec)."""
    order = [
        (etree.QName(e).localname, e.get("rid") or e.get("id"), e.get("startRef"))
        for e in target.iter()
        if isinstance(e.tag, str)
    ]
    position = {(name, key or ref): i for i, (name, key, ref) in enumerate(order)}
    for start, end in (("bpt", "ept"), ("bx", "ex"), ("sc", "ec")):
        for (name, key), index in position.items():
            if name == end and (start, key) in position:
                assert position[(start, key)] < index, order


def test_paired_tags_holding_text_are_format_markup_and_codes_objects():
    source = Xliff().read(Path("a.xlf"), xliff12(unit12(INLINE_12["g and x"])))
    assert source.text == "He met Zamir Kabulov in Moscow \ufffc on Monday.\n"
    kinds = [(source.text[s.start : s.end], s.kind) for s in source.markup]
    assert kinds == [("Zamir Kabulov", "format"), ("\ufffc", "object")]


def test_tags_in_a_reordered_translation_follow_the_translation():
    """The model put the name after the object: the target has the tags in its order."""
    document = read(xliff12(unit12(INLINE_12["g and x"])))
    (segment,) = document.segments
    segment.carried[0].inner_translation = "زامير كابولوف"
    segment.translation = restore("التقى في موسكو XZQ1 يوم الاثنين مع XZQ0.", segment)
    segment.target_lang = "ar"
    (unit,) = units_of(write(document))
    target = source_target(unit)[1]
    assert inner_xml(target) == (
        'التقى في موسكو <x id="2"/> يوم الاثنين مع <g id="1">زامير كابولوف</g>.'
    )


def test_an_end_the_model_put_before_its_start_makes_no_second_id():
    """A tag holding tags travels as its start and its end; a model that reverses them
    gets the element once, empty, never its id twice."""
    document = scripted_translation(read(xliff12(unit12(INLINE_12["g holding tags"]))), "ar", True)
    target = source_target(units_of(write(document))[0])[1]
    ids = [e.get("id") for e in target.iter() if e is not target]
    assert sorted(ids) == ["1", "2", "3"]


def test_a_filled_12_target_is_marked_as_the_export_marks_machine_translation():
    from tarjama.bitext import TRANSLATED
    from tarjama.export.xliff import STATE_12
    from tarjama.formats.xliff import STATE_FILLED_12

    assert STATE_12[TRANSLATED] == STATE_FILLED_12


# --- which units are filled: state decides ------------------------------------------------

SOURCE = "Talks resume on Friday in Moscow."
HUMAN = "تستأنف المحادثات يوم الجمعة في موسكو."

STATES_12 = [
    ("no target", "", "", True),
    ("empty target", "", "<target/>", True),
    ("state new, a copy of the source", "", f'<target state="new">{SOURCE}</target>', True),
    (
        "needs-translation, a fuzzy match",
        "",
        '<target state="needs-translation">المحادثات</target>',
        True,
    ),
    ("no state, a copy of the source", "", f"<target>{SOURCE}</target>", True),
    ("no state, a human translation", "", f"<target>{HUMAN}</target>", False),
    ("translated", "", f'<target state="translated">{HUMAN}</target>', False),
    (
        "needs-review-translation",
        "",
        f'<target state="needs-review-translation">{HUMAN}</target>',
        False,
    ),
    ("needs-adaptation", "", f'<target state="needs-adaptation">{HUMAN}</target>', False),
    ("final", "", f'<target state="final">{HUMAN}</target>', False),
    ("signed-off, even empty", "", '<target state="signed-off"/>', False),
    ("approved", ' approved="yes"', f"<target>{HUMAN}</target>", False),
    ("approved, no target", ' approved="yes"', "", False),
    ("translate=no", ' translate="no"', "", False),
]


@pytest.mark.parametrize(
    ("attributes", "target", "filled"),
    [row[1:] for row in STATES_12],
    ids=[row[0] for row in STATES_12],
)
def test_xliff12_state_decides_which_targets_are_filled(attributes, target, filled):
    note = "<note>keep me</note>"
    data = xliff12(unit12(SOURCE, attributes=attributes, rest=target + note))
    document = scripted_translation(read(data), "ar")
    assert bool(document.segments) == filled
    (out,) = units_of(write(document))
    (original,) = units_of(etree.fromstring(data))
    if filled:
        text = "".join(source_target(out)[1].itertext())
        assert text.startswith(FILLER["ar"][0])
        assert c14n(out.find(f"{{{X12}}}note")) == c14n(original.find(f"{{{X12}}}note"))
    else:
        assert c14n(out) == c14n(original)


def test_xliff12_a_group_marked_not_to_translate_keeps_its_units():
    data = xliff12(f'<group id="g" translate="no">{unit12(SOURCE)}</group>' + unit12(SOURCE, "2"))
    document = scripted_translation(read(data), "ar")
    first, second = units_of(write(document))
    assert source_target(first)[1] is None and source_target(second)[1] is not None


STATES_2 = [
    ("no target", "", "", True),
    ("empty target", "", "<target/>", True),
    ("initial, a fuzzy match", ' state="initial"', "<target>المحادثات</target>", True),
    ("no state, a copy of the source", "", f"<target>{SOURCE}</target>", True),
    ("no state, a human translation", "", f"<target>{HUMAN}</target>", False),
    ("translated", ' state="translated"', f"<target>{HUMAN}</target>", False),
    ("reviewed", ' state="reviewed"', f"<target>{HUMAN}</target>", False),
    ("final", ' state="final"', f"<target>{HUMAN}</target>", False),
]


@pytest.mark.parametrize(
    ("attributes", "target", "filled"),
    [row[1:] for row in STATES_2],
    ids=[row[0] for row in STATES_2],
)
def test_xliff21_state_decides_which_targets_are_filled(attributes, target, filled, schema):
    data = xliff2(unit2(SOURCE, attributes=attributes, rest=target))
    document = scripted_translation(read(data), "ar")
    root = write(document)
    assert schema.validate(root), schema.error_log
    (out,) = units_of(root)
    (original,) = units_of(etree.fromstring(data))
    if filled:
        assert "".join(source_target(out)[1].itertext()).startswith(FILLER["ar"][0])
        assert out.get("state") == "translated"
    else:
        assert c14n(out.getparent()) == c14n(original.getparent())


@pytest.mark.parametrize(
    "data",
    [
        xliff2(unit2(SOURCE).replace('<unit id="u1">', '<unit id="u1" translate="no">')),
        xliff2(unit2(SOURCE)).replace(b'<file id="f1">', b'<file id="f1" translate="no">'),
    ],
    ids=["unit", "file"],
)
def test_xliff21_translate_no_is_inherited(data):
    assert read(data).segments == []


def test_xliff21_each_segment_is_a_block_and_done_segments_are_kept(schema):
    data = xliff2(
        '  <unit id="u1"><notes><note>context</note></notes>'
        f'<segment id="s1"><source>{SOURCE}</source></segment>'
        "<ignorable><source> </source></ignorable>"
        f'<segment id="s2" state="final"><source>Done.</source><target>تم.</target></segment>'
        '<segment id="s3" subState="x:draft" state="initial"><source>The Kremlin said nothing.'
        "</source></segment></unit>"
    )
    document = scripted_translation(read(data), "ar")
    assert document.text == f"{SOURCE}\n\nThe Kremlin said nothing.\n"
    root = write(document)
    assert schema.validate(root), schema.error_log
    s1, s2, s3 = units_of(root)
    assert s2.get("state") == "final" and source_target(s2)[1].text == "تم."
    assert s1.get("state") == s3.get("state") == "translated"
    assert s3.get("subState") is None  # it spoke of the state replaced
    assert root.find(f".//{{{X2}}}ignorable") is not None


def test_a_unit_wholly_in_the_target_language_gets_no_target():
    data = xliff12(unit12(HUMAN) + unit12(SOURCE, "2"))
    document = scripted_translation(read(data), "ar")
    first, second = units_of(write(document))
    assert source_target(first)[1] is None and source_target(second)[1] is not None


def test_a_sentence_already_in_the_target_language_is_copied_verbatim():
    arabic = "وقال المتحدث إن المحادثات ستستمر."
    data = xliff12(unit12(f"{SOURCE} {arabic}"))
    document = scripted_translation(read(data), "ar")
    assert [s.source_lang for s in document.segments] == ["en", "ar"]
    target = source_target(units_of(write(document))[0])[1]
    assert target.text.endswith(f" {arabic}")


# --- XLIFF 1.2 segmentation: <seg-source>, Trados .sdlxliff -------------------------------


def test_xliff12_seg_source_segments_are_blocks_and_the_target_is_made_from_it():
    units = unit12(
        f"{SOURCE} {HUMAN}",
        rest=f'<seg-source><mrk mtype="seg" mid="1">{SOURCE}</mrk> '
        f'<mrk mtype="seg" mid="2">The Kremlin said nothing.</mrk></seg-source>'
        "<note>n</note>",
    )
    document = scripted_translation(read(xliff12(units)), "ar")
    assert document.text == f"{SOURCE}\n\nThe Kremlin said nothing.\n"
    unit = units_of(write(document))[0]
    names = [etree.QName(child).localname for child in unit]
    assert names == ["source", "seg-source", "target", "note"]
    target = unit.find(f"{{{X12}}}target")
    segments = target.findall(f"{{{X12}}}mrk")
    assert [m.get("mid") for m in segments] == ["1", "2"]
    assert all(m.text.startswith(FILLER["ar"][0]) for m in segments)
    assert segments[0].tail == " "


def sdlxliff(segments: str, target: str, defs: str) -> bytes:
    unit = (
        '<trans-unit id="a1b2">'
        f"<source>{SOURCE} The Kremlin said nothing.</source>"
        f"<seg-source>{segments}</seg-source><target>{target}</target>"
        f"<sdl:seg-defs>{defs}</sdl:seg-defs></trans-unit>"
    )
    return (
        '\ufeff<?xml version="1.0" encoding="utf-8"?>\r\n'
        f'<xliff xmlns:sdl="{SDL}" xmlns="{X12}" version="1.2" sdl:version="1.0">\r\n'
        '<file original="news.docx" datatype="x-sdlfilterframework2" source-language="en-US" '
        'target-language="ar-SA"><header><sdl:ref-files/></header><body>\r\n'
        '<trans-unit translate="no" id="s0"><source><x id="0"/></source></trans-unit>\r\n'
        f"{unit}\r\n</body></file></xliff>\r\n"
    ).encode()


def test_sdlxliff_fills_draft_segments_and_keeps_confirmed_and_locked_ones():
    segments = (
        f'<mrk mtype="seg" mid="1">{SOURCE}</mrk> '
        '<mrk mtype="seg" mid="2">The Kremlin said <g id="5">nothing</g>.</mrk> '
        '<mrk mtype="seg" mid="3">Locked text.</mrk>'
    )
    target = (
        '<mrk mtype="seg" mid="1"/> <mrk mtype="seg" mid="2">قال الكرملين لا شيء.</mrk> '
        '<mrk mtype="seg" mid="3"/>'
    )
    defs = (
        '<sdl:seg id="1"/><sdl:seg id="2" conf="Translated" origin="tm" percent="100"/>'
        '<sdl:seg id="3" locked="true"/>'
    )
    data = sdlxliff(segments, target, defs)
    document = scripted_translation(read(data, "news.sdlxliff"), "ar")
    assert document.text == f"{SOURCE}\n"
    assert get_format("xliff").fixed_targets(document) == ("ar",)
    written = Xliff().write(document, "ar")
    assert written.startswith(codecs.BOM_UTF8) and b"\r\n" in written
    root = etree.fromstring(written)
    unit = root.find(f".//{{{X12}}}trans-unit[@id='a1b2']")
    mrks = {m.get("mid"): m for m in unit.find(f"{{{X12}}}target")}
    assert mrks["1"].text.startswith(FILLER["ar"][0])
    assert mrks["2"].text == "قال الكرملين لا شيء." and mrks["3"].text is None
    seg_defs = {s.get("id"): dict(s.attrib) for s in unit.iter(f"{{{SDL}}}seg")}
    assert seg_defs["1"] == {"id": "1", "conf": "Draft", "origin": "mt", "origin-system": "tarjama"}
    assert seg_defs["2"] == {"id": "2", "conf": "Translated", "origin": "tm", "percent": "100"}
    assert unit.find(f"{{{X12}}}target").get("state") is None  # Trados: sdl:seg says it


# --- languages ----------------------------------------------------------------------------

LANGUAGES = [
    ('source-language="en-US" target-language="ar-SA"', "ar"),
    ('source-language="ara" target-language="eng"', "en"),
    ('source-language="EN" target-language="ar"', "ar"),
    ('source-language="ar_EG" target-language="en_GB"', "en"),
    ('source-language="ar"', "en"),  # no target language: the other one
]


@pytest.mark.parametrize(("languages", "target"), LANGUAGES)
def test_the_files_target_language_is_the_only_version(languages, target):
    source = SOURCE if target == "ar" else HUMAN
    document = read(xliff12(unit12(source), languages))
    assert Xliff().fixed_targets(document) == (target,)


def test_a_file_without_a_target_language_declares_the_one_it_is_translated_into(schema):
    for data, check in [
        (xliff12(unit12(HUMAN), 'source-language="ar"'), lambda r: r[0].get("target-language")),
        (xliff2(unit2(HUMAN), 'srcLang="ar"'), lambda r: r.get("trgLang")),
    ]:
        document = scripted_translation(read(data), "en")
        root = write(document, "en")
        assert check(root) == "en"
        assert source_target(units_of(root)[0])[1] is not None
    assert schema.validate(root), schema.error_log


@pytest.mark.parametrize(
    ("value", "expected"),
    [("ar", "ar"), ("ar-SA", "ar"), ("ARA", "ar"), ("arb", "ar"), ("en-US", "en"),
     ("eng", "en"), ("en_GB", "en"), ("fr", None), ("", None), (None, None)],
)  # fmt: skip
def test_language_codes_are_normalised(value, expected):
    assert normalise_language(value) == expected


LANGUAGE_ERRORS = [
    (xliff12(unit12(SOURCE), 'source-language="en" target-language="fr"'), ["'en'", "'fr'"]),
    (xliff12(unit12(SOURCE), 'source-language="de-DE" target-language="ar"'), ["'de-DE'", "'ar'"]),
    (xliff12(unit12(SOURCE), 'source-language="en" target-language="en-GB"'), ["'en-GB'"]),
    (xliff12(unit12(SOURCE), 'source-language="fr"'), ["'fr'", "no target language"]),
    (xliff12(unit12(SOURCE), 'target-language="ar"'), ["no source language", "source-language"]),
    (xliff2(unit2(SOURCE), 'srcLang="en" trgLang="fr-FR"'), ["'en'", "'fr-FR'"]),
    (
        xliff12(unit12(SOURCE)).replace(
            b"</xliff>",
            b'<file original="b" source-language="ar" target-language="en"><body/></file></xliff>',
        ),
        ["different languages", "en → ar", "ar → en"],
    ),
]


@pytest.mark.parametrize(("data", "named"), LANGUAGE_ERRORS)
def test_languages_other_than_arabic_and_english_are_one_clear_error(data, named):
    with pytest.raises(FormatError) as caught:
        Xliff().read(Path("project.xlf"), data)
    message = str(caught.value)
    assert message.startswith("project.xlf:") and "\n" not in message and " — " in message
    for name in named:
        assert name in message


# --- bad input ----------------------------------------------------------------------------

DTD = b'<?xml version="1.0"?>\n<!DOCTYPE xliff [\n<!ENTITY x SYSTEM "file:///etc/passwd">\n]>\n'
BAD_INPUT = [
    ("malformed XML", xliff12(unit12("Unclosed <g id='1'>tag.")), "is not well-formed XML"),
    ("a DTD declaring entities", DTD + xliff12(unit12("&x;")).split(b"\n", 1)[1], "entity"),
    ("XLIFF 1.1", xliff12("").replace(X12.encode(), b"urn:oasis:names:tc:xliff:document:1.1")
     .replace(b'version="1.2"', b'version="1.1"'), "version 1.1"),
    ("XLIFF 1.0", b'<xliff version="1.0"><file/></xliff>', "version 1.0"),
    ("XLIFF 3.0", xliff2("").replace(b'version="2.1"', b'version="3.0"'), "version 3.0"),
    ("a TMX file", b'<tmx version="1.4"><header/><body/></tmx>', "holds <tmx>"),
    ("a ZIP package", b"PK\x03\x04\x14\x00\x00\x00binary", "does not start with an XML tag"),
    ("no <file>", f'<xliff xmlns="{X12}" version="1.2"/>'.encode(), "holds no <file>"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("data", "expected"), [r[1:] for r in BAD_INPUT], ids=[r[0] for r in BAD_INPUT]
)
def test_bad_input_is_one_line_naming_the_file_and_the_fix(data, expected):
    with pytest.raises(FormatError) as caught:
        Xliff().read(Path("in/project.xlf"), data)
    message = str(caught.value)
    assert message.startswith("in/project.xlf") and expected in message
    assert "\n" not in message and " — " in message


@pytest.mark.parametrize("data", [b"", b"  \n"], ids=["empty", "blank"])
def test_an_empty_file_is_the_empty_input_error(data):
    with pytest.raises(EmptyInputError):
        Xliff().read(Path("project.xlf"), data)


def test_the_reader_is_chosen_by_extension_and_reads_files(tmp_path):
    for name in ("a.xlf", "b.XLIFF", "c.sdlxliff"):
        path = tmp_path / name
        path.write_bytes(xliff12(unit12(SOURCE)))
        assert format_of(path).name == "xliff"
        assert read_source(path).text == f"{SOURCE}\n"
        assert get_format("xliff").version_suffix(path) == Path(name).suffix.lower()
    with pytest.raises(InputError):
        read_source(tmp_path / "missing.xlf")


# --- what is kept -------------------------------------------------------------------------


def test_notes_alt_trans_metadata_namespaces_and_comments_are_kept():
    data = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        "<!-- made by Okapi -->\n"
        f'<xliff xmlns="{X12}" xmlns:okp="okapi-framework:xliff-extensions" version="1.2">\n'
        ' <file original="a" source-language="en" target-language="ar" datatype="x-test">\n'
        '  <header><tool tool-id="okapi" tool-name="Okapi"/><note>header note</note></header>\n'
        "  <body><!-- a comment in the body -->\n"
        f'   <trans-unit id="1" okp:engine="x" resname="title"><source>{SOURCE}</source>'
        '<alt-trans match-quality="80"><source>Talks resume.</source><target>تستأنف.</target>'
        '</alt-trans><note from="dev">keep</note>'
        '<context-group><context context-type="x-line">12</context></context-group>'
        "</trans-unit>\n  </body>\n </file>\n</xliff>\n"
    ).encode()
    document = scripted_translation(read(data), "ar")
    written = Xliff().write(document, "ar")
    assert written.startswith(b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>")
    root = etree.fromstring(written)
    original = etree.fromstring(data)
    # everything but the new target is the input, node for node
    for target in root.iterfind(f".//{{{X12}}}trans-unit/{{{X12}}}target"):
        target.getparent().remove(target)
    assert c14n(root.getroottree()) == c14n(original.getroottree())


def test_regression_a_declaration_without_standalone_does_not_gain_one():
    """The version's XML declaration said standalone='no' where the input said nothing."""
    written = Xliff().write(read(xliff12(unit12(SOURCE))), "ar")
    assert written.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n")


def test_xml_space_default_reads_line_breaks_as_spaces_and_preserve_keeps_them():
    pretty = unit12("\n      Talks resume\n      on Friday.\n    ")
    kept = unit12("Talks resume on Friday.\nIn Moscow.\n\n  \nThe Kremlin said nothing.", "2",
                  ' xml:space="preserve"')  # fmt: skip
    source = Xliff().read(Path("a.xlf"), xliff12(pretty + kept))
    first, second = source.text.split("\n\n")
    assert first == " Talks resume on Friday. "
    assert second == "Talks resume on Friday.\nIn Moscow.\ufffcThe Kremlin said nothing.\n"
    document = identity_translation(segment_source(source), "ar")
    unit = units_of(write(document))[1]
    source_node, target = source_target(unit)
    assert target.text == source_node.text  # the blank line written back as it was
    assert target.get("{http://www.w3.org/XML/1998/namespace}space") is None  # inherited


def test_utf16_input_is_read_and_the_version_is_utf8():
    data = xliff12(unit12(SOURCE)).decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    document = scripted_translation(read(data.encode("utf-16")), "ar")
    written = Xliff().write(document, "ar")
    assert written.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert source_target(units_of(etree.fromstring(written))[0])[1] is not None


def test_the_version_in_the_source_language_is_the_file_unchanged():
    data = xliff12(unit12(SOURCE))
    document = scripted_translation(read(data), "ar")
    assert c14n(write(document, "en")) == c14n(etree.fromstring(data))


def test_reading_twice_gives_the_same_text_and_markup():
    data = xliff2(unit2(INLINE_2["pc holding tags"]) + unit2(INLINE_2["sc and ec"], "u2"))
    first, second = (Xliff().read(Path("a.xlf"), data) for _ in range(2))
    assert (first.text, first.markup) == (second.text, second.markup)


# --- hypothesis: any structure, any mix of Arabic and English ----------------------------

WORDS = ["Talks", "resume", "in", "Moscow", "on", "Friday.", "R&amp;D", "the", "Kremlin",
         "طالبان", "في", "موسكو", "المحادثات", "ستستمر.", "قال", "اليوم", "2024", "  "]  # fmt: skip


def _text(preserve: bool) -> st.SearchStrategy[str]:
    separators = [" ", "", "\n", "\n\n", " \n \n"] if preserve else [" ", "", "  "]
    word = st.sampled_from(WORDS)
    return st.lists(st.tuples(word, st.sampled_from(separators)), max_size=5).map(
        lambda pairs: "".join(w + s for w, s in pairs)
    )


def _content(version: str, preserve: bool) -> st.SearchStrategy[str]:
    if version == "1.2":
        codes_ = ['<x id="#"/>', '<ph id="#">&lt;br/&gt;</ph>', '<bx id="#" rid="r"/>',
                  '<bpt id="#">&lt;b&gt;</bpt>', '<ept id="#">&lt;/b&gt;</ept>',
                  "<!-- c -->"]  # fmt: skip
        paired = ('<g id="#">', "</g>")
        marked = ('<mrk mtype="term">', "</mrk>")
    else:
        codes_ = ['<ph id="#"/>', '<sc id="#"/>', '<ec id="#" isolated="yes"/>', '<cp hex="0007"/>']
        paired = ('<pc id="#">', "</pc>")
        marked = ('<mrk id="#" type="term">', "</mrk>")
    leaf = st.one_of(_text(preserve), st.sampled_from(codes_))
    return st.recursive(
        leaf,
        lambda inner: st.tuples(st.sampled_from([paired, marked]), st.lists(inner, max_size=3)).map(
            lambda pair: pair[0][0] + "".join(pair[1]) + pair[0][1]
        ),
        max_leaves=8,
    )


@st.composite
def xliff_files(draw) -> bytes:
    version = draw(st.sampled_from(["1.2", "2.1"]))
    units = []
    for index in range(draw(st.integers(1, 4))):
        preserve = draw(st.booleans())
        parts = draw(st.lists(_content(version, preserve), min_size=1, max_size=4))
        numbers = iter(range(1, 1000))
        source = re.sub("#", lambda _, n=numbers: str(next(n)), "".join(parts))
        space = ' xml:space="preserve"' if preserve else ""
        if version == "1.2":
            units.append(unit12(source, str(index), space))
        else:
            units.append(
                f'<unit id="u{index}"><segment><source{space}>{source}</source></segment></unit>'
            )
    lang = draw(st.sampled_from(["ar", "en"]))
    if version == "1.2":
        return xliff12(
            "\n".join(units), f'source-language="{other_language(lang)}" target-language="{lang}"'
        )
    return xliff2("\n".join(units), f'srcLang="{other_language(lang)}" trgLang="{lang}"')


HYPOTHESIS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@HYPOTHESIS
@given(data=xliff_files())
def test_property_without_translation_the_version_is_the_input(data):
    fmt = Xliff()
    source = fmt.read(Path("p.xlf"), data)
    document = segment_source(source)
    (lang,) = fmt.fixed_targets(document)
    written = fmt.write(document, lang)
    assert c14n(etree.fromstring(written)) == c14n(etree.fromstring(data))
    again = fmt.read(Path("p.xlf"), written)
    assert (again.text, again.markup) == (source.text, source.markup)


@HYPOTHESIS
@given(data=xliff_files())
def test_property_a_translation_identical_to_the_source_gives_the_source_back(data):
    """Each sentence "translated" as itself, its tags where they were: every target the
    writer builds holds exactly what its source holds, tag for tag, text for text."""
    fmt = Xliff()
    document = segment_source(fmt.read(Path("p.xlf"), data))
    (lang,) = fmt.fixed_targets(document)
    written = etree.fromstring(fmt.write(identity_translation(document, lang), lang))
    for unit in units_of(written):
        source, target = source_target(unit)
        if target is not None:
            assert inner_xml(target) == inner_xml(source)


# --- end to end through the CLI -----------------------------------------------------------


def _cli(inputs: list[Path], out: Path, models: dict[str, Path], *extra: str):
    args = ["translate", *map(str, inputs), "-o", str(out), "--no-memory", "-q", *extra]
    for direction, path in models.items():
        args += ["-m", f"{direction}={path}"]
    return CliRunner().invoke(app, args)


NAME = "عبد الغني برادر"


@pytest.mark.slow
def test_cli_fills_xliff_targets_applies_terms_and_keeps_the_rest(tmp_path, term_models, schema):
    news = tmp_path / "news.xlf"
    news.write_bytes(
        xliff12(
            unit12('The <g id="1">Taliban</g> met in Moscow<x id="2"/> on Monday.')
            + unit12(f"Talks with {NAME} resume on Friday.", "2")
            + unit12("Approved unit.", "3", ' approved="yes"', "<target>وحدة معتمدة.</target>"),
            'source-language="en-US" target-language="ar-SA"',
        )
    )
    brief = tmp_path / "brief.xliff"
    brief.write_bytes(xliff2(unit2("التقى وفد طالبان في موسكو يوم الاثنين."), 'srcLang="ar"'))
    bad = tmp_path / "bad.xlf"
    bad.write_bytes(xliff12(unit12(SOURCE), 'source-language="en" target-language="fr"'))
    out = tmp_path / "out"
    out.mkdir()
    (out / "bad.fr.xlf").write_text("earlier", encoding="utf-8")
    result = _cli([bad, news, brief], out, term_models, "-g", str(GLOSSARY))
    assert result.exit_code == 1, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and str(bad) in errors[0]
    assert "'fr'" in errors[0] and " — " in errors[0] and "Traceback" not in result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "bad.fr.xlf", "brief.en.xliff", "brief.html", "brief.segments.jsonl",
        "news.ar.xlf", "news.html", "news.segments.jsonl",
    ]  # fmt: skip
    assert (out / "bad.fr.xlf").read_text(encoding="utf-8") == "earlier"

    root = etree.parse(str(out / "news.ar.xlf")).getroot()
    first, second, third = units_of(root)
    assert codes(source_target(first)[1]) == codes(source_target(first)[0])
    assert NAME in "".join(source_target(second)[1].itertext())  # the carried name, unchanged
    assert c14n(third) == c14n(units_of(etree.fromstring(news.read_bytes()))[2])
    records = [json.loads(line) for line in (out / "news.segments.jsonl").open()]
    terms = [t for record in records[1:] for t in record.get("terms", [])]
    assert {t["source_form"] for t in terms} >= {"Taliban", "Moscow"}
    assert all(t["status"] == "applied" for t in terms)
    assert records[0]["targets"] == ["ar"]

    english = etree.parse(str(out / "brief.en.xliff")).getroot()
    assert schema.validate(english), schema.error_log
    assert english.get("trgLang") == "en"
    assert units_of(english)[0].get("state") == "translated"
    records = [json.loads(line) for line in (out / "brief.segments.jsonl").open()]
    assert {t["status"] for r in records[1:] for t in r.get("terms", [])} == {"applied"}


@pytest.mark.slow
def test_cli_review_apply_rewrites_the_filled_xliff(tmp_path, standin_models):
    source = tmp_path / "talks.xlf"
    source.write_bytes(xliff12(unit12(SOURCE) + unit12("The Kremlin said nothing.", "2")))
    out = tmp_path / "out"
    result = _cli([source], out, standin_models, "--export", "xliff")
    assert result.exit_code == 0, result.output
    export = etree.parse(str(out / "talks.xlf"))
    segment = export.find(f".//{{{X2}}}segment")
    segment.set("state", "reviewed")
    segment.find(f"{{{X2}}}target").text = HUMAN
    export.write(str(out / "talks.reviewed.xlf"), xml_declaration=True, encoding="UTF-8")
    applied = CliRunner().invoke(app, ["review", "apply", str(out / "talks.reviewed.xlf")])
    assert applied.exit_code == 0, applied.output
    first = units_of(etree.parse(str(out / "talks.ar.xlf")).getroot())[0]
    assert source_target(first)[1].text == HUMAN


def test_regression_processing_instructions_go_back_to_the_cat_tool():
    data = xliff12(unit12("The talks will continue in Moscow.", rest="<?tool keep-me?>"))
    data = data.replace(b"?>\n", b'?>\n<?xml-stylesheet href="view.xsl"?>\n', 1)
    version = Xliff().write(scripted_translation(read(data), "ar"), "ar")
    assert b'<?xml-stylesheet href="view.xsl"?>' in version and b"<?tool keep-me?>" in version
