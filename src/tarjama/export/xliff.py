"""XLIFF 2.1 and XLIFF 1.2: one unit (trans-unit) per alignment link, for review tools.

Orientation: XLIFF has one source language per file, the language most rows were written
in first (:func:`~tarjama.bitext.majority_language`). A row written first in the other
language goes in all the same, its source and target following ``srcLang``/``trgLang``, with
a note saying so.

Unit ids name the segments (``s3``, ``s3-s4``, ``s3_t7``; see :mod:`tarjama.bitext`), so a
reviewed file maps back to the document. States: XLIFF 2.1 ``initial`` / ``translated`` /
``reviewed`` as :mod:`tarjama.bitext` has them; XLIFF 1.2 ``needs-translation`` (nothing to
review yet), ``needs-review-translation`` with ``state-qualifier="leveraged-mt"`` (a model's
translation), ``translated`` (an aligned pair), ``signed-off`` with ``approved="yes"``
(reviewed).

Glossary terms are notes (2.1 ``category="term"``, 1.2 ``from="glossary"``), as are the link
score, its kind and the translation's origin. File-level notes (``tarjama:stem``,
``tarjama:kind``, ``tarjama:sha256``) and the ``original`` attribute tell ``review apply``
which translate run the file belongs to. Text is written with ``xml:space="preserve"`` (on
``source``/``target`` in 2.1, on the ``trans-unit`` in 1.2).
"""

from __future__ import annotations

from lxml import etree

from tarjama import __version__
from tarjama.bitext import (
    INITIAL,
    REVIEWED,
    TRANSLATED,
    BitextInfo,
    BitextRow,
    bitext_info,
    bitext_rows,
    majority_language,
)
from tarjama.document import Document, TermMatch, other_language
from tarjama.xliffspec import (
    MACHINE_TRANSLATION_12,
    XLIFF2_NS,
    XLIFF12_NS,
    XML_LANG,
    XML_SPACE,
)
from tarjama.xmlsafe import text_element, xml_text

#: file-level notes that carry the translate run's identity
META_STEM = "tarjama:stem"
META_KIND = "tarjama:kind"
META_SHA256 = "tarjama:sha256"

#: tarjama state → XLIFF 1.2 (state, state-qualifier)
STATE_12 = {
    INITIAL: ("needs-translation", None),
    TRANSLATED: MACHINE_TRANSLATION_12,
    "aligned": ("translated", None),
    REVIEWED: ("signed-off", None),
}
#: XLIFF 1.2 state → tarjama state, for reading a reviewed file back
STATE_FROM_12 = {
    "new": INITIAL,
    "needs-translation": INITIAL,
    "needs-l10n": INITIAL,
    "needs-adaptation": INITIAL,
    "translated": TRANSLATED,
    "needs-review-translation": TRANSLATED,
    "needs-review-l10n": TRANSLATED,
    "needs-review-adaptation": TRANSLATED,
    "final": REVIEWED,
    "signed-off": REVIEWED,
}
#: XLIFF 2.1 state → tarjama state (``final`` is reviewed too)
STATE_FROM_2 = {INITIAL: INITIAL, TRANSLATED: TRANSLATED, REVIEWED: REVIEWED, "final": REVIEWED}


def term_note(term: TermMatch) -> str:
    """``طالبان → Taliban (glossaries/af.tsv:12)``, with the status when it is known."""
    text = f"{term.source_form} → {term.target} ({term.entry})"
    if term.status == "missed":
        text += f"; missed: {term.reason or 'not in the translation'}"
    elif term.status:
        text += f"; {term.status}"
    return text


def _row_notes(row: BitextRow, src_lang: str) -> list[tuple[str, str]]:
    """(category, text) notes of a row."""
    notes: list[tuple[str, str]] = [("tarjama:link", row.kind)]
    if row.score is not None:
        flag = " (low confidence)" if row.low_confidence else ""
        notes.append(("tarjama:score", f"{row.score:.3f}{flag}"))
    if row.origin:
        notes.append(("tarjama:origin", row.origin))
    if row.original != src_lang:
        notes.append(
            (
                "tarjama:orientation",
                f"written first in {row.original}: the source here ({src_lang}) is the "
                "translation or counterpart",
            )
        )
    if row.is_gap:
        missing = src_lang if not row.text(src_lang) else other_language(src_lang)
        notes.append(("tarjama:gap", f"nothing on the {missing} side ({row.kind} link)"))
    notes.extend(("term", term_note(term)) for term in row.terms)
    return notes


def _meta_notes(info: BitextInfo) -> list[tuple[str, str]]:
    notes = [(META_KIND, info.kind)]
    if info.stem:
        notes.append((META_STEM, info.stem))
    if info.sha256:
        notes.append((META_SHA256, info.sha256))
    return notes


def _text(
    parent: etree._Element, tag: str, text: str, preserve: bool = True, **attributes: str
) -> etree._Element:
    element = text_element(parent, tag, text, **attributes)
    if preserve:  # XLIFF 1.2 has xml:space on the trans-unit, not on source and target
        element.set(XML_SPACE, "preserve")
    return element


def xliff21_tree(
    document: Document, stem: str | None = None, src_lang: str | None = None
) -> etree._ElementTree:
    """``src_lang`` forces the orientation (default: :func:`majority_language`)."""
    rows = bitext_rows(document)
    info = bitext_info(document, stem)
    src_lang = src_lang or majority_language(rows)
    trg_lang = other_language(src_lang)
    q = f"{{{XLIFF2_NS}}}"
    root = etree.Element(
        f"{q}xliff",
        nsmap={None: XLIFF2_NS},
        version="2.1",
        srcLang=src_lang,
        trgLang=trg_lang,
    )
    file = etree.SubElement(root, f"{q}file", id="f1", original=xml_text(info.original))
    notes = etree.SubElement(file, f"{q}notes")
    for category, text in _meta_notes(info):
        text_element(notes, f"{q}note", category=category, text=text)
    for row in rows:
        unit = etree.SubElement(file, f"{q}unit", id=row.id)
        unit_notes = etree.SubElement(unit, f"{q}notes")
        for category, text in _row_notes(row, src_lang):
            text_element(unit_notes, f"{q}note", category=category, text=text)
        source, target = row.text(src_lang), row.text(trg_lang)
        # XLIFF 2: a segment in any state but initial must have a target
        state = row.state if target else INITIAL
        segment = etree.SubElement(unit, f"{q}segment", state=state)
        _text(segment, f"{q}source", source)
        if target or row.link.target:
            _text(segment, f"{q}target", target)
    if not rows:  # a file needs at least one unit: an empty one says there was nothing
        unit = etree.SubElement(file, f"{q}unit", id="empty")
        etree.SubElement(etree.SubElement(unit, f"{q}segment"), f"{q}source")
    return etree.ElementTree(root)


def xliff12_tree(
    document: Document, stem: str | None = None, src_lang: str | None = None
) -> etree._ElementTree:
    """``src_lang`` forces the orientation (default: :func:`majority_language`)."""
    rows = bitext_rows(document)
    info = bitext_info(document, stem)
    src_lang = src_lang or majority_language(rows)
    trg_lang = other_language(src_lang)
    q = f"{{{XLIFF12_NS}}}"
    root = etree.Element(f"{q}xliff", nsmap={None: XLIFF12_NS}, version="1.2")
    file = etree.SubElement(
        root,
        f"{q}file",
        original=xml_text(info.original),
        datatype="plaintext",
        **{"source-language": src_lang, "target-language": trg_lang},
    )
    header = etree.SubElement(file, f"{q}header")
    etree.SubElement(
        header,
        f"{q}tool",
        **{"tool-id": "tarjama", "tool-name": "tarjama", "tool-version": __version__},
    )
    for category, text in _meta_notes(info):
        text_element(header, f"{q}note", **{"from": category}, text=text)
    body = etree.SubElement(file, f"{q}body")
    for row in rows:
        unit = etree.SubElement(body, f"{q}trans-unit", id=row.id)
        unit.set(XML_SPACE, "preserve")
        source, target = row.text(src_lang), row.text(trg_lang)
        _text(unit, f"{q}source", source, preserve=False).set(XML_LANG, src_lang)
        if target or row.link.target:
            key = "aligned" if row.origin == "aligned" and row.state == TRANSLATED else row.state
            state, qualifier = STATE_12[key if target else INITIAL]
            element = _text(unit, f"{q}target", target, preserve=False, state=state)
            element.set(XML_LANG, trg_lang)
            if qualifier:
                element.set("state-qualifier", qualifier)
            if state == "signed-off":  # what 1.2 CAT tools show as confirmed or locked
                unit.set("approved", "yes")
        for category, text in _row_notes(row, src_lang):
            sender = "glossary" if category == "term" else category
            text_element(unit, f"{q}note", **{"from": sender}, text=text)
    return etree.ElementTree(root)


def _serialize(tree: etree._ElementTree) -> bytes:
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def export_xliff21(document: Document, stem: str | None = None) -> bytes:
    return _serialize(xliff21_tree(document, stem))


def export_xliff12(document: Document, stem: str | None = None) -> bytes:
    return _serialize(xliff12_tree(document, stem))
