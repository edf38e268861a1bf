"""EPUB books (``.epub``): the spine's XHTML documents through the web-page path.

Reading. The package is opened by :class:`~tarjama.formats.package.Package` (the one safe
ZIP opener); ``META-INF/container.xml`` names the package document (OPF), whose spine
gives the reading order. Each XHTML document of the spine (then the EPUB 3 navigation
document, if the spine leaves it out: its labels are the reader's table of contents) is
read as an ``.xhtml`` page (:mod:`tarjama.formats.html`), its blocks after the previous
document's. A spine document that DRM encrypts (``META-INF/encryption.xml``) is refused.

Writing. Every member is copied as it was except the spine documents (each written as the
web-page writer writes an XHTML page: ``lang``/``xml:lang`` and, in Arabic, ``dir="rtl"``
on its root) and the package document, whose first ``dc:language`` becomes the version's
language and whose spine gets ``page-progression-direction="rtl"`` in the Arabic version
(``ltr`` in the English one, where the book had one). The ``mimetype`` member is written
first and stored, as EPUB readers require. Not translated: the book's metadata
(``dc:title``, ``dc:description``) and an EPUB 2 ``toc.ncx``.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from tarjama.document import AR
from tarjama.errors import FormatError
from tarjama.formats.base import FileFormat
from tarjama.formats.html import Extractor, HtmlStructure, decode_page, read_page, write_pages
from tarjama.formats.package import Package, write_package
from tarjama.source import SourceText
from tarjama.xmlsafe import local_name

if TYPE_CHECKING:
    from tarjama.document import Document

MIMETYPE = b"application/epub+zip"
CONTAINER = "META-INF/container.xml"
ENCRYPTION = "META-INF/encryption.xml"
OPF_NS = "http://www.idpf.org/2007/opf"
DC_NS = "http://purl.org/dc/elements/1.1/"
XHTML_TYPE = "application/xhtml+xml"
_SAVE_AS = "EPUB"


@dataclass
class EpubStructure:
    package: Package
    #: the package document's member name
    opf: str
    #: the member name of each page of ``html``, in reading order
    members: list[str]
    html: HtmlStructure


class Epub(FileFormat):
    name = "epub"
    suffixes = (".epub",)
    description = "an EPUB book"

    def read(self, path: Path, data: bytes) -> SourceText:
        package = Package(path, data, self.description, _SAVE_AS)
        if not package.has("mimetype") or package.read("mimetype").strip() != MIMETYPE:
            raise FormatError(
                path,
                "is not an EPUB book: it has no mimetype member saying application/epub+zip",
                f"save it again as {_SAVE_AS}, or give it its real extension",
            )
        opf_name = _package_document(path, package)
        opf = _parse(path, package, opf_name)
        members = _reading_order(path, package, opf_name, opf)
        encrypted = _encrypted(path, package)
        extractor = Extractor(path)
        for member in members:
            where = Path(f"{path}/{member}")
            if member in encrypted:
                raise FormatError(
                    where,
                    "is encrypted (the book is DRM-protected)",
                    "translate a copy without DRM (as the publisher or the shop provides it)",
                )
            extractor.path = where  # what an error in this document names
            read_page(extractor, where, decode_page(where, package.read(member)), xml=True)
        extractor.path = path
        source = extractor.source(self.name)
        source.structure = EpubStructure(package, opf_name, members, extractor.structure())
        return source

    def write(self, document: Document, lang: str) -> bytes:
        structure: EpubStructure = document.structure
        members = structure.package.members()
        pages = write_pages(document, structure.html, lang)
        for member, page in zip(structure.members, pages, strict=True):
            members[member] = page
        members[structure.opf] = _package_version(structure, lang)
        return write_package(members, structure.package)  # mimetype first, stored


def _damaged(path: Path, member: str, problem: str) -> FormatError:
    return FormatError(
        path,
        f"is a damaged EPUB book ({member}: {problem})",
        f"open it in the program that made it and save it again as {_SAVE_AS}",
    )


def _parse(path: Path, package: Package, member: str) -> Any:
    from tarjama.xmlsafe import parse_xml

    if not package.has(member):
        raise _damaged(path, member, "the member is missing")

    def error(line: int | None, problem: str, fix: str | None) -> FormatError:
        where = f"line {line}: " if line else ""
        return _damaged(path, member, f"{where}{problem}")

    return parse_xml(package.read(member), error)


def _package_document(path: Path, package: Package) -> str:
    container = _parse(path, package, CONTAINER)
    for node in container.iter():
        if local_name(node) == "rootfile" and node.get("full-path"):
            return node.get("full-path")
    raise _damaged(path, CONTAINER, "it names no package document (rootfile)")


def _reading_order(path: Path, package: Package, opf_name: str, opf: Any) -> list[str]:
    """The member names of the spine's XHTML documents, then the navigation document."""
    base = posixpath.dirname(opf_name)
    items: dict[str, Any] = {}
    for node in opf.iter(f"{{{OPF_NS}}}item"):
        if node.get("id"):
            items[node.get("id")] = node
    spine = opf.find(f"{{{OPF_NS}}}spine")
    if spine is None:
        raise _damaged(path, opf_name, "it has no spine")

    def member(item: Any) -> str:
        href = unquote((item.get("href") or "").split("#")[0])
        return posixpath.normpath(posixpath.join(base, href))

    names: list[str] = []
    for itemref in spine.iter(f"{{{OPF_NS}}}itemref"):
        item = items.get(itemref.get("idref") or "")
        if item is None:
            raise _damaged(path, opf_name, f"the spine names {itemref.get('idref')!r}, no item")
        if item.get("media-type") == XHTML_TYPE and member(item) not in names:
            names.append(member(item))
    for item in items.values():
        nav = "nav" in (item.get("properties") or "").split()
        if nav and item.get("media-type") == XHTML_TYPE and member(item) not in names:
            names.append(member(item))
    for name in names:
        if not package.has(name):
            raise _damaged(path, opf_name, f"the document {name!r} is missing")
    return names


def _encrypted(path: Path, package: Package) -> set[str]:
    """The members ``META-INF/encryption.xml`` lists (fonts are often obfuscated: fine)."""
    if not package.has(ENCRYPTION):
        return set()
    encryption = _parse(path, package, ENCRYPTION)
    return {
        posixpath.normpath(unquote(node.get("URI") or ""))
        for node in encryption.iter()
        if local_name(node) == "CipherReference"
    }


def _package_version(structure: EpubStructure, lang: str) -> bytes:
    """The package document with the version's language and page progression."""
    from lxml import etree

    from tarjama.xmlsafe import xml_text

    path = structure.package.path
    opf = _parse(path, structure.package, structure.opf)
    languages = list(opf.iter(f"{{{DC_NS}}}language"))
    if languages:
        languages[0].text = xml_text(lang)
    else:
        metadata = opf.find(f"{{{OPF_NS}}}metadata")
        if metadata is not None:
            element = etree.SubElement(metadata, f"{{{DC_NS}}}language")
            element.text = lang
    spine = opf.find(f"{{{OPF_NS}}}spine")
    if lang == AR:
        spine.set("page-progression-direction", "rtl")
    elif spine.get("page-progression-direction") is not None:
        spine.set("page-progression-direction", "ltr")
    body = etree.tostring(opf, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body + b"\n"
