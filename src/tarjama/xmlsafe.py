"""One rule for every XML file tarjama reads, and one for every XML text it writes.

lxml is imported where it is used: the format modules import this module at once, and the
registry of formats stays cheap to import.

Reading (:func:`parse_xml`): no network, no DTD loading, no entity expansion, no huge
trees, and a document whose DTD declares entities is refused outright, naming the line of
the declaration. An entity declared in a DTD is either an attack (external entities,
"billion laughs") or text that would otherwise come back as ``&name;`` literally; neither
XLIFF, TMX nor TBX needs one.

Writing (:func:`xml_text`): the readers refuse characters XML cannot hold
(:mod:`tarjama.chars`), so none should reach a writer; if one does anyway (a model's
output, an old memory entry), it is written as its visible Unicode control picture
(U+001B as ``␛``) or U+FFFD, so that an export never fails on it.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml import etree

from tarjama.chars import XML_ILLEGAL

#: builds the caller's error from (line or None, problem, fix or None for the caller's own)
ErrorFactory = Callable[[int | None, str, str | None], Exception]

_ENTITY_DECLARATION = re.compile(rb"<!ENTITY\b")
_ROOT_START = re.compile(rb"<[A-Za-z_]")
ENTITY_FIX = (
    "remove the DOCTYPE's <!ENTITY …> declarations (XLIFF, TMX and TBX need none) and write "
    "the characters themselves"
)


#: the fix for ``&nbsp;`` and other HTML entities an XML file cannot use
UNDEFINED_ENTITY_FIX = (
    "write the character itself, or a numeric reference (&#160; for &nbsp;): XML knows only "
    "&amp; &lt; &gt; &quot; &apos;"
)


def _safe_parser(keep_pis: bool) -> etree.XMLParser:
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_pis=not keep_pis,
    )


def _prolog(data: bytes) -> bytes:
    """What comes before the root element, as UTF-8 (a UTF-16 file is decoded by its BOM)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        data = data.decode("utf-16", errors="replace").encode("utf-8")
    root_start = _ROOT_START.search(data)
    return data[: root_start.start()] if root_start else data


def parse_xml(data: bytes, error: ErrorFactory, *, keep_pis: bool = False) -> etree._Element:
    """The root element of ``data``, parsed by the rules above; ``error`` builds what is
    raised for a malformed document or one that declares entities. Processing instructions
    are dropped unless ``keep_pis`` (a writer that gives the file back keeps them)."""
    from lxml import etree

    prolog = _prolog(data)
    declaration = _ENTITY_DECLARATION.search(prolog)
    if declaration:
        line = prolog.count(b"\n", 0, declaration.start()) + 1
        raise error(
            line, "declares an XML entity in its DTD, which tarjama never expands", ENTITY_FIX
        )
    try:
        root = etree.fromstring(data, _safe_parser(keep_pis))
    except etree.XMLSyntaxError as syntax:
        fix = UNDEFINED_ENTITY_FIX if "Entity '" in (syntax.msg or "") else None
        raise error(syntax.lineno or None, f"is not well-formed XML: {syntax.msg}", fix) from None
    for node in root.iter(etree.Entity):
        raise error(node.sourceline, f"uses the undeclared entity {node.text}", ENTITY_FIX)
    return root


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return chr(0x2400 + code) if code < 0x20 else "\ufffd"


def xml_text(text: str | None) -> str | None:
    """``text`` with every character XML cannot hold made visible (see the module)."""
    if text is None or not XML_ILLEGAL.search(text):
        return text
    return XML_ILLEGAL.sub(_visible, text)


def text_element(
    parent: etree._Element, tag: str, text: str | None = None, **attributes: str
) -> etree._Element:
    """A new child ``tag`` of ``parent`` holding ``text``: how every XML writer adds text,
    so that :func:`xml_text` applies to each value (attributes included)."""
    from lxml import etree

    element = etree.SubElement(parent, tag, {k: xml_text(v) for k, v in attributes.items()})
    element.text = xml_text(text)
    return element


def append_text(parent: etree._Element, text: str | None) -> None:
    """``text`` (through :func:`xml_text`) after the last child of ``parent``, or inside it
    when it has none: how a writer adds text between the elements it rebuilds."""
    text = xml_text(text) or ""
    if not text:
        return
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def local_name(node: etree._Element) -> str:
    """An element's name without its namespace; "" for a comment, a processing instruction
    or an entity."""
    tag = node.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""
