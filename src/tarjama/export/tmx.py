"""TMX 1.4b: one translation unit per alignment link that pairs text on both sides.

1-0 and 0-1 links have nothing to pair and are left out; the header counts them
(``x-tarjama-skipped``). ``srclang`` is the language the rows were written in first, or
``*all*`` when they were written in both; each ``<tu>`` names its own. Scores, states,
origins and link kinds are ``<prop>``s; glossary terms are ``<note>``s.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from tarjama import __version__
from tarjama.bitext import bitext_info, bitext_rows, original_language
from tarjama.document import AR, EN, Document
from tarjama.export.xliff import term_note
from tarjama.xliffspec import XML_LANG
from tarjama.xmlsafe import text_element

#: header props that carry the translate run's identity
PROP_STEM = "x-tarjama-stem"
PROP_KIND = "x-tarjama-kind"
PROP_SHA256 = "x-tarjama-sha256"
PROP_ORIGINAL = "x-tarjama-original"
PROP_SKIPPED = "x-tarjama-skipped"


@dataclass
class TmxExport:
    tree: etree._ElementTree
    #: translation units written
    units: int
    #: 1-0 and 0-1 links left out
    skipped: int


def tmx_export(document: Document, stem: str | None = None) -> TmxExport:
    rows = bitext_rows(document)
    info = bitext_info(document, stem)
    pairs = [row for row in rows if not row.is_gap]
    root = etree.Element("tmx", version="1.4")
    header = etree.SubElement(
        root,
        "header",
        creationtool="tarjama",
        creationtoolversion=__version__,
        datatype="plaintext",
        segtype="sentence",
        adminlang="en",
        srclang=original_language(rows) if rows else AR,
        **{"o-tmf": "tarjama"},
    )
    props = [(PROP_KIND, info.kind), (PROP_ORIGINAL, info.original)]
    props += [(PROP_STEM, info.stem)] if info.stem else []
    props += [(PROP_SHA256, info.sha256)] if info.sha256 else []
    props.append((PROP_SKIPPED, str(len(rows) - len(pairs))))
    for kind, value in props:
        text_element(header, "prop", type=kind, text=value)
    body = etree.SubElement(root, "body")
    for row in pairs:
        tu = etree.SubElement(body, "tu", tuid=row.id, srclang=row.original)
        for term in row.terms:
            text_element(tu, "note", text=term_note(term))
        if row.score is not None:
            text_element(tu, "prop", type="x-score", text=f"{row.score:.3f}")
        text_element(tu, "prop", type="x-kind", text=row.kind)
        text_element(tu, "prop", type="x-state", text=row.state)
        if row.origin:
            text_element(tu, "prop", type="x-origin", text=row.origin)
        for lang in (row.original, EN if row.original == AR else AR):
            tuv = etree.SubElement(tu, "tuv")
            tuv.set(XML_LANG, lang)
            text_element(tuv, "seg", text=row.text(lang))
    return TmxExport(etree.ElementTree(root), len(pairs), len(rows) - len(pairs))


def export_tmx(document: Document, stem: str | None = None) -> bytes:
    tree = tmx_export(document, stem).tree
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)
