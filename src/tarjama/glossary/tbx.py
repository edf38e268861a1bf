"""TBX-Basic glossaries (TBX v2, root ``martif``), written and read with lxml.

One ``termEntry`` per entry, with a ``langSet xml:lang="en"`` and ``xml:lang="ar"`` each
holding one ``tig``/``term``. Names get ``<termNote type="partOfSpeech">properNoun</termNote>``
(TBX-Basic's part-of-speech picklist: noun, verb, adjective, adverb, properNoun, other). The
entry's note is a ``termEntry``-level ``<note>``; what TBX-Basic has no data category for
(our type, case, dnt) goes into one more note, ``tarjama: type=person; case=sensitive;
dnt=yes``, which tarjama reads back and other tools show as a note.

Reading also accepts TBX v3 (``tbx`` root, ``conceptEntry``/``langSec``/``termSec``), any
namespace, and language tags with regions (``en-US``, ``ar-EG``). Files are parsed by
:func:`tarjama.xmlsafe.parse_xml`: no DTD, no network, and a DTD that declares entities is
refused at the line of the declaration (an ``&xxe;`` is never read as text). Every value
written goes through :func:`tarjama.xmlsafe.text_element`, so an entry made in code that holds
a character XML cannot hold does not crash the export.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from lxml import etree

from tarjama.decode import BINARY_SNIFF_BYTES
from tarjama.errors import GlossaryFormatError, GlossaryReadError, xml_problem
from tarjama.glossary.entry import AR, EN, GlossaryEntry
from tarjama.glossary.formats import ImportResult, entry_from_cells
from tarjama.glossary.tsv import NOT_A_GLOSSARY_FIX, refuse_wide_or_binary
from tarjama.reader import require_file
from tarjama.xliffspec import XML_LANG
from tarjama.xmlsafe import local_name, parse_xml, text_element

_DOCTYPE = '<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">'
_PROPERTIES_NOTE = "tarjama:"
_CONCEPTS = ("termEntry", "conceptEntry")
_WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)  # UTF-32's start like UTF-16's
_NOT_TBX_FIX = "pass a TBX file (XML), as the terminology tool exported it"
_LANGUAGE_SECTIONS = ("langSet", "langSec")


def render_tbx(entries: list[GlossaryEntry], title: str = "") -> bytes:
    root = etree.Element("martif", {"type": "TBX-Basic", XML_LANG: EN})
    header = etree.SubElement(root, "martifHeader")
    file_desc = etree.SubElement(header, "fileDesc")
    title_stmt = etree.SubElement(file_desc, "titleStmt")
    text_element(title_stmt, "title", title or "tarjama glossary")
    source_desc = etree.SubElement(file_desc, "sourceDesc")
    etree.SubElement(source_desc, "p").text = "Exported by tarjama"
    encoding_desc = etree.SubElement(header, "encodingDesc")
    etree.SubElement(encoding_desc, "p", type="XCSURI").text = "TBXBasicXCSV02.xcs"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for number, entry in enumerate(entries, start=1):
        concept = etree.SubElement(body, "termEntry", id=f"c{number}")
        if entry.note:
            text_element(concept, "note", entry.note)
        properties = _properties(entry)
        if properties:
            text_element(concept, "note", f"{_PROPERTIES_NOTE} {properties}")
        for lang in (EN, AR):
            tig = etree.SubElement(etree.SubElement(concept, "langSet", {XML_LANG: lang}), "tig")
            text_element(tig, "term", entry.form(lang))
            if entry.is_name:
                etree.SubElement(tig, "termNote", type="partOfSpeech").text = "properNoun"
    return etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", pretty_print=True, doctype=_DOCTYPE
    )


def _properties(entry: GlossaryEntry) -> str:
    pairs = []
    if entry.type:
        pairs.append(f"type={entry.type}")
    if entry.case_sensitive:
        pairs.append("case=sensitive")
    if entry.dnt:
        pairs.append("dnt=yes")
    return "; ".join(pairs)


def read_tbx(path: Path) -> ImportResult:
    require_file(path, NOT_A_GLOSSARY_FIX)
    try:
        data = path.read_bytes()
    except OSError as error:  # permissions, a vanished mount
        raise GlossaryReadError(path, error.strerror or str(error)) from None

    def error(line: int | None, problem: str, fix: str | None) -> GlossaryFormatError:
        problem, own_fix = xml_problem(problem, data, line)
        return GlossaryFormatError(path, line, problem, fix or own_fix or "fix the XML")

    try:
        root = parse_xml(data, error)  # UTF-16 with a byte-order mark is XML too
    except GlossaryFormatError:
        if b"\x00" in data[:BINARY_SNIFF_BYTES] and not data.startswith(_WIDE_BOMS):
            refuse_wide_or_binary(path, data, _NOT_TBX_FIX)  # a ZIP, UTF-16 without a BOM
        raise
    if local_name(root) not in ("martif", "tbx"):
        raise GlossaryFormatError(
            path,
            root.sourceline,
            f"not a TBX file: the root element is <{local_name(root)}>, not <martif> or <tbx>",
            "export the glossary as TBX (TBX-Basic or TBX v3) from the tool that made it",
        )
    result = ImportResult()
    for concept in root.iter():
        if local_name(concept) in _CONCEPTS:
            entry = _read_concept(path, concept, result.skipped)
            if entry is not None:
                result.entries.append(entry)
    return result


def _read_concept(path: Path, concept, skipped: list[str]) -> GlossaryEntry | None:
    line = concept.sourceline
    where = f"{path}:{line}: {local_name(concept)} {concept.get('id') or ''}".rstrip()
    terms: dict[str, list[str]] = {EN: [], AR: []}
    for section in concept:
        if local_name(section) not in _LANGUAGE_SECTIONS:
            continue
        lang = (section.get(XML_LANG) or section.get("lang") or "").replace("_", "-")
        primary = lang.split("-")[0].lower()
        if primary in terms:
            terms[primary].extend(
                text
                for term in section.iter()
                if local_name(term) == "term"
                and (text := " ".join("".join(term.itertext()).split()))
            )
    notes: list[str] = []
    values: dict[str, str] = {}
    for element in concept.iter():
        if local_name(element) != "note":
            continue
        text = " ".join("".join(element.itertext()).split())
        if text.startswith(_PROPERTIES_NOTE):
            for pair in text[len(_PROPERTIES_NOTE) :].split(";"):
                key, _, value = pair.partition("=")
                if key.strip() in ("type", "case", "dnt"):
                    values[key.strip()] = value.strip()
        elif text:
            notes.append(text)
    dnt = values.get("dnt", "").lower() in ("yes", "true", "1", "y")
    for lang in (EN, AR):
        if not terms[lang] and not (lang == AR and dnt and terms[EN]):
            skipped.append(f"{where}: no {lang} term; skipped")
            return None
        if len(terms[lang]) > 1:
            others = ", ".join(repr(term) for term in terms[lang][1:])
            skipped.append(f"{where}: only the first {lang} term is kept (also: {others})")
    values.update(en=terms[EN][0], ar=terms[AR][0] if terms[AR] else "", note="; ".join(notes))
    return entry_from_cells(values, path, line)
