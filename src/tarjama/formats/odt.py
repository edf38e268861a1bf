"""OpenDocument text (``.odt``): the versions are the same package, its paragraphs translated.

**Reading.** The package is opened by :class:`~tarjama.formats.package.Package` (not a ZIP,
damaged, a ZIP bomb: one line each; a password-protected one is refused by its manifest)
and ``content.xml`` and ``styles.xml`` by :func:`~tarjama.xmlsafe.parse_xml`. One block is
one paragraph or heading (``text:p``, ``text:h``) of the body — in tables, lists, sections,
text boxes and footnotes too — then of the headers and footers of the master pages
(``styles.xml``). Not read: tracked deletions, comments (``office:annotation``). A
paragraph's white space is collapsed as ODF displays it (``text:s`` is spaces: a rebuilt
paragraph has the single spaces of its translation), and its inline structure becomes
markup: ``text:span`` and ``text:a`` are ``FORMAT`` spans (translated on their own, the span
or link put back around the translation; around the whole paragraph they are its plain
text's formatting); everything else inside a paragraph — a frame or image, a footnote
(its own paragraphs are blocks of their own), a field, a bookmark, a tab, a line break —
is an ``OBJECT``, kept where it was (at the very start or end of the paragraph: there)
and never translated.

**Writing.** Only the parts with a translated paragraph are rewritten; a paragraph with
nothing translated into the version's language is left exactly as it was. A translated
paragraph keeps its element and attributes and gets its content rebuilt from
:func:`~tarjama.formats.blocks.block_pieces`: spans and links as shallow copies of the ones
they came from, objects moved back. Its direction is set by a new automatic paragraph
style based on its own (a copy of an automatic style, or one whose parent is its common
style): in the Arabic version ``style:writing-mode="rl-tb"`` and ``fo:text-align="end"``,
as LibreOffice writes a right-aligned right-to-left paragraph (LibreOffice reads ``start``
and ``end`` as left and right); centred and justified paragraphs stay so, right-aligned
ones become ``start``. In the English version a paragraph the source set right to left gets
``lr-tb`` and the mirrored alignment.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tarjama.errors import FormatError
from tarjama.formats.base import FileFormat
from tarjama.formats.blocks import Atom, Piece, block_pieces, common_prefix, is_translated
from tarjama.source import FORMAT, OBJECT, OBJECT_CHAR, MarkupSpan, SourceText

if TYPE_CHECKING:
    from lxml import etree

    from tarjama.document import Document
    from tarjama.formats.package import Package

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
}
MIMETYPE = "application/vnd.oasis.opendocument.text"
#: the parts whose paragraphs are read, and where in each the paragraphs are
PARTS = (("content.xml", "body"), ("styles.xml", "master-styles"))


def _q(prefix: str, local: str) -> str:
    return f"{{{NS[prefix]}}}{local}"


_PARAGRAPHS = (_q("text", "p"), _q("text", "h"))
_WRAPPERS = (_q("text", "span"), _q("text", "a"))
_SPACE = _q("text", "s")
#: paragraphs under these are not read: deleted text, comments
_SKIPPED = (_q("text", "tracked-changes"), _q("office", "annotation"))
_STYLE_NAME = _q("text", "style-name")
_SPACES = " \t\n\r"


# --- the structure the writer needs ------------------------------------------------------


@dataclass
class _Paragraph:
    part: str
    #: the index of the element in ``list(root.iter())`` of its part
    element: int
    span: tuple[int, int] | None = None
    atoms: list[Atom] = field(default_factory=list)
    base: int = 0
    #: objects (and the spaces between them) before and after all of its text
    prefix: list[_Cell] = field(default_factory=list)
    suffix: list[_Cell] = field(default_factory=list)


@dataclass(frozen=True)
class _Context:
    """Text inside these spans and links (element indices, outermost first)."""

    part: str
    wrappers: tuple[int, ...]


@dataclass(frozen=True)
class _Object:
    part: str
    element: int
    wrappers: tuple[int, ...]


@dataclass
class OdtStructure:
    """What the ODT reader hands its writer (``SourceText.structure``); never mutated."""

    package: Package
    roots: dict[str, Any]
    paragraphs: list[_Paragraph]
    handles: dict[int, _Context | _Object]


@dataclass
class _Cell:
    kind: str  # "char", "object"
    text: str  # the character; for an object ""
    wrappers: tuple[int, ...]
    element: int = -1


# --- reading ---------------------------------------------------------------------------------


class Odt(FileFormat):
    name = "odt"
    suffixes = (".odt",)
    description = "an OpenDocument text"

    def read(self, path: Path, data: bytes) -> SourceText:
        from tarjama.formats.package import Package

        package = Package(path, data, self.description, ".odt")
        _check_package(path, package)
        roots = {
            member: _parse(path, package, member) for member, _ in PARTS if package.has(member)
        }
        if "content.xml" not in roots:
            raise package.damaged("the member 'content.xml' is missing")
        builder = _Builder()
        for member, container in PARTS:
            if member in roots:
                builder.part(member, roots[member], container)
        text = "\n\n".join(builder.blocks) + "\n" if builder.blocks else ""
        if not text.strip():
            raise FormatError(
                path,
                "is an OpenDocument text with no text in it: there is nothing to translate",
                "pass the document that holds the text",
            )
        structure = OdtStructure(package, roots, builder.paragraphs, builder.handles)
        return SourceText(path, text, self.name, markup=builder.markup, structure=structure)

    def write(self, document: Document, lang: str) -> bytes:
        from lxml import etree

        from tarjama.formats.package import write_package

        structure: OdtStructure = document.structure
        members = structure.package.members()
        for member, root in structure.roots.items():
            paragraphs = [p for p in structure.paragraphs if p.part == member]
            todo = [
                p
                for p in paragraphs
                if p.span is not None and is_translated(document, *p.span, lang)
            ]
            if not todo:
                continue  # the member's bytes as they were
            tree = copy.deepcopy(root)
            elements = list(tree.iter())
            styles = _Styles(tree, structure.roots.get("styles.xml"), member, lang)
            for paragraph in todo:
                pieces = block_pieces(
                    document, *paragraph.span, paragraph.atoms, paragraph.base, lang
                )
                element = elements[paragraph.element]
                _rebuild(element, _items(pieces, paragraph, structure.handles), elements)
                styles.set_direction(element)
            members[member] = etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
        return write_package(members, structure.package)


def _check_package(path: Path, package: Package) -> None:
    if package.has("mimetype"):
        mimetype = package.read("mimetype").decode("ascii", errors="replace").strip()
        if mimetype != MIMETYPE:
            raise FormatError(
                path,
                f"is not an OpenDocument text: its mimetype is {mimetype[:60]!r}",
                "save it as an OpenDocument text (.odt), or give it its real extension",
            )
    manifest = "META-INF/manifest.xml"
    if package.has(manifest):
        root = _parse(path, package, manifest)
        if root.find(f".//{_q('manifest', 'encryption-data')}") is not None:
            raise FormatError(
                path,
                "is a password-protected OpenDocument text",
                "save it again without the password (File › Save As, untick “Save with password”)",
            )


def _parse(path: Path, package: Package, member: str):
    from tarjama.xmlsafe import parse_xml

    def error(line: int | None, problem: str, fix: str | None) -> Exception:
        return FormatError(
            f"{path}/{member}",
            problem,
            fix or "open it in the program that made it and save it again",
            line=line,
        )

    return parse_xml(package.read(member), error)


class _Builder:
    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.length = 0
        self.markup: list[MarkupSpan] = []
        self.handles: dict[int, _Context | _Object] = {}
        self.paragraphs: list[_Paragraph] = []
        self._contexts: dict[tuple[str, tuple[int, ...]], int] = {}

    def context(self, part: str, wrappers: tuple[int, ...]) -> int:
        key = (part, wrappers)
        if key not in self._contexts:
            self._contexts[key] = len(self.handles)
            self.handles[len(self.handles)] = _Context(part, wrappers)
        return self._contexts[key]

    def part(self, member: str, root: etree._Element, container: str) -> None:
        elements = list(root.iter())
        index = {id(element): number for number, element in enumerate(elements)}
        holder = root.find(_q("office", container))
        if holder is None:
            return
        for element in holder.iter(*_PARAGRAPHS):
            if any(ancestor.tag in _SKIPPED for ancestor in element.iterancestors()):
                continue
            cells: list[_Cell] = []
            _walk(element, (), index, cells)
            self.paragraph(_Paragraph(member, index[id(element)]), _normalised(cells))

    def paragraph(self, paragraph: _Paragraph, cells: list[_Cell]) -> None:
        self.paragraphs.append(paragraph)
        text_cells = [i for i, cell in enumerate(cells) if _is_text(cell)]
        if not text_cells:
            paragraph.prefix = cells
            return
        first, last = text_cells[0], text_cells[-1]
        paragraph.prefix, paragraph.suffix = cells[:first], cells[last + 1 :]
        body = cells[first : last + 1]
        if self.blocks:
            self.length += 2
        start = self.length
        around = body[0].wrappers
        for cell in body:
            around = common_prefix(around, cell.wrappers)
        text: list[str] = []
        covered: dict[int, tuple[int, int]] = {}
        for offset, cell in enumerate(body, start):
            if cell.kind == "object":
                handle = len(self.handles)
                self.handles[handle] = _Object(paragraph.part, cell.element, cell.wrappers)
                text.append(OBJECT_CHAR)
                self.markup.append(MarkupSpan(offset, offset + 1, OBJECT, handle))
            else:
                handle = self.context(paragraph.part, cell.wrappers)
                text.append(cell.text)
            atoms = paragraph.atoms
            if atoms and atoms[-1].handle == handle:
                atoms[-1] = Atom(atoms[-1].start, offset + 1, handle)
            else:
                atoms.append(Atom(offset, offset + 1, handle))
            for wrapper in cell.wrappers:
                covered[wrapper] = (covered.get(wrapper, (offset, offset))[0], offset + 1)
        # one FORMAT span a range (the innermost wrappers where several cover one range)
        by_range: dict[tuple[int, int], tuple[int, ...]] = {}
        for cell in body:
            for depth in range(len(around), len(cell.wrappers)):
                wrappers = cell.wrappers[: depth + 1]
                span = covered[wrappers[-1]]
                if len(wrappers) >= len(by_range.get(span, ())):
                    by_range[span] = wrappers
        for (a, b), wrappers in sorted(by_range.items()):
            self.markup.append(MarkupSpan(a, b, FORMAT, self.context(paragraph.part, wrappers)))
        block = "".join(text)
        self.blocks.append(block)
        self.length += len(block)
        paragraph.span = (start, self.length)
        paragraph.base = self.context(paragraph.part, around)


def _walk(element, wrappers: tuple[int, ...], index: dict[int, int], cells: list[_Cell]) -> None:
    """The cells of ``element``'s content: characters inside spans and links, objects."""

    def characters(text: str | None) -> None:
        cells.extend(_Cell("char", ch, wrappers) for ch in text or "")

    characters(element.text)
    for child in element:
        if isinstance(child.tag, str) and child.tag in _WRAPPERS:
            _walk(child, (*wrappers, index[id(child)]), index, cells)
        elif child.tag == _SPACE:
            count = child.get(_q("text", "c"), "1")
            characters(" " * (int(count) if count.isdigit() else 1))
        else:
            cells.append(_Cell("object", "", wrappers, index[id(child)]))
        characters(child.tail)


def _normalised(cells: list[_Cell]) -> list[_Cell]:
    """White space as ODF shows it: runs of spaces, tabs and line ends as one space,
    none at the start or end (a space on each side of an object kept)."""
    kept: list[_Cell] = []
    for cell in cells:
        if cell.kind == "char" and cell.text in _SPACES:
            if not kept or _is_space(kept[-1]):
                continue
            cell = _Cell("char", " ", cell.wrappers)
        kept.append(cell)
    while kept and _is_space(kept[-1]):
        kept.pop()
    return kept


def _is_space(cell: _Cell) -> bool:
    return cell.kind == "char" and cell.text == " "


def _is_text(cell: _Cell) -> bool:
    return cell.kind == "char" and cell.text != " "


# --- writing -----------------------------------------------------------------------------------


@dataclass
class _Item:
    kind: str  # "text", "object"
    text: str
    wrappers: tuple[int, ...]
    element: int = -1


def _items(
    pieces: list[Piece], paragraph: _Paragraph, handles: dict[int, _Context | _Object]
) -> list[_Item]:
    """The paragraph's new content: its prefix, the pieces, its suffix; every object of
    the paragraph in it once (one the pieces lack where the translation kept a U+FFFC, in
    order, else at the end)."""
    items = [_cell_item(cell) for cell in paragraph.prefix]
    for piece in pieces:
        entry = handles.get(piece.handle) if isinstance(piece.handle, int) else None
        if isinstance(entry, _Object):
            items.append(_Item("object", "", entry.wrappers, entry.element))
            continue
        wrappers = entry.wrappers if isinstance(entry, _Context) else ()
        text = piece.text
        if piece.translated:
            lead = " " if text[:1] in _SPACES else ""
            tail = " " if text[-1:] in _SPACES else ""
            text = lead + " ".join(text.split()) + tail
        items.append(_Item("text", text, wrappers))
    objects = [handles[a.handle] for a in paragraph.atoms]
    present = [item.element for item in items if item.kind == "object"]
    missing = [e for e in objects if isinstance(e, _Object) and e.element not in present]
    result: list[_Item] = []
    for item in items:
        if item.kind != "text" or OBJECT_CHAR not in item.text:
            result.append(item)
            continue
        for number, part in enumerate(item.text.split(OBJECT_CHAR)):
            if number and missing:
                entry = missing.pop(0)
                result.append(_Item("object", "", entry.wrappers, entry.element))
            result.append(_Item("text", part, item.wrappers))
    result.extend(_Item("object", "", entry.wrappers, entry.element) for entry in missing)
    result.extend(_cell_item(cell) for cell in paragraph.suffix)
    return _spaced(result)


def _spaced(items: list[_Item]) -> list[_Item]:
    """White space as the reader takes it: none at the start or the end, no space after a
    space (a space on each side of an object kept)."""
    result: list[_Item] = []
    last = ""  # the last character or object written ("" before any)
    for item in items:
        if item.kind == "object":
            result.append(item)
            last = OBJECT_CHAR
            continue
        kept = []
        for ch in item.text:
            if ch in _SPACES:
                if last in ("", " "):
                    continue
                ch = " "
            kept.append(ch)
            last = ch
        if kept:
            result.append(_Item("text", "".join(kept), item.wrappers))
    while result and result[-1].kind == "text" and result[-1].text.endswith(" "):
        result[-1].text = result[-1].text.rstrip(" ")
        if not result[-1].text:
            result.pop()
    return result


def _cell_item(cell: _Cell) -> _Item:
    return _Item(
        "text" if cell.kind == "char" else "object", cell.text, cell.wrappers, cell.element
    )


def _rebuild(paragraph, items: list[_Item], elements: list) -> None:
    """Replace the content of ``paragraph`` (its element and attributes kept) by ``items``:
    text in shallow copies of the spans and links it came from, objects moved back."""
    from lxml import etree

    from tarjama.xmlsafe import append_text

    for child in list(paragraph):
        paragraph.remove(child)
    paragraph.text = None
    open_ids: tuple[int, ...] = ()
    open_elements = [paragraph]

    def move_to(wrappers: tuple[int, ...]) -> None:
        nonlocal open_ids
        common = common_prefix(open_ids, wrappers)
        del open_elements[1 + len(common) :]
        for wrapper in wrappers[len(common) :]:
            original = elements[wrapper]
            open_elements.append(etree.SubElement(open_elements[-1], original.tag, original.attrib))
        open_ids = wrappers

    for item in items:
        move_to(item.wrappers)
        parent = open_elements[-1]
        if item.kind == "object":
            element = elements[item.element]
            element.tail = None
            parent.append(element)
        else:
            append_text(parent, item.text)


# --- direction styles --------------------------------------------------------------------------


class _Styles:
    """New automatic paragraph styles that set a translated paragraph's direction."""

    def __init__(self, tree, styles_root, member: str, lang: str):
        self.tree = tree
        self.lang = lang
        self.made: dict[str | None, str] = {}
        family = _q("style", "family")
        self.automatic = tree.find(_q("office", "automatic-styles"))
        self.by_name: dict[str, Any] = {}
        sources = [tree]
        if styles_root is not None and member != "styles.xml":
            sources.append(styles_root)
        for root in sources:
            for style in root.iter(_q("style", "style")):
                if style.get(family) == "paragraph":
                    self.by_name.setdefault(style.get(_q("style", "name")), style)
        self.default = None
        if styles_root is not None:
            for style in styles_root.iter(_q("style", "default-style")):
                if style.get(family) == "paragraph":
                    self.default = style
        self.names = {style.get(_q("style", "name")) for style in tree.iter(_q("style", "style"))}

    def _property(self, name: str | None, attribute: str, default: bool = True) -> str | None:
        """``attribute`` of the paragraph properties of style ``name`` or its parents (or,
        with ``default``, of the default paragraph style)."""
        seen = set()
        style = self.by_name.get(name) if name else None
        while style is not None and id(style) not in seen:
            seen.add(id(style))
            properties = style.find(_q("style", "paragraph-properties"))
            if properties is not None and properties.get(attribute) is not None:
                return properties.get(attribute)
            style = self.by_name.get(style.get(_q("style", "parent-style-name")))
        if default and self.default is not None:
            properties = self.default.find(_q("style", "paragraph-properties"))
            if properties is not None:
                return properties.get(attribute)
        return None

    def set_direction(self, paragraph) -> None:
        name = paragraph.get(_STYLE_NAME)
        mode = self._property(name, _q("style", "writing-mode")) or ""
        rtl = mode.startswith("rl")
        if (self.lang == "ar") == rtl:
            return  # already in the version's direction
        if name not in self.made:
            self.made[name] = self._make(name, rtl)
        paragraph.set(_STYLE_NAME, self.made[name])

    def _make(self, name: str | None, rtl: bool) -> str:
        from lxml import etree

        # the alignment the paragraph's own styles set (a default "start" sets none)
        align = self._property(name, _q("fo", "text-align"), default=False)
        if align in ("center", "justify"):
            new_align = align
        elif rtl:  # to left to right: the mirror of the right-to-left alignment
            new_align = "end" if align in ("start", "left") else "start"
        else:  # to right to left ("end": right, as LibreOffice reads it)
            new_align = "start" if align in ("end", "right") else "end"
        original = self.by_name.get(name) if name else None
        if original is not None and original.getparent() is self.automatic:
            style = copy.deepcopy(original)
        else:
            style = etree.Element(_q("style", "style"))
            style.set(_q("style", "family"), "paragraph")
            if name:
                style.set(_q("style", "parent-style-name"), name)
        new_name = self._unique(f"{name or 'P'}_{self.lang}")
        style.set(_q("style", "name"), new_name)
        properties = style.find(_q("style", "paragraph-properties"))
        if properties is None:
            properties = etree.Element(_q("style", "paragraph-properties"))
            style.insert(0, properties)
        properties.set(_q("style", "writing-mode"), "lr-tb" if rtl else "rl-tb")
        properties.set(_q("fo", "text-align"), new_align)
        if self.automatic is None:
            self.automatic = etree.Element(_q("office", "automatic-styles"))
            body = self.tree.find(_q("office", "body"))
            if body is None:
                body = self.tree.find(_q("office", "master-styles"))
            if body is not None:
                body.addprevious(self.automatic)
            else:
                self.tree.append(self.automatic)
        self.automatic.append(style)
        self.by_name[new_name] = style
        return new_name

    def _unique(self, wanted: str) -> str:
        name, number = wanted, 1
        while name in self.names:
            number += 1
            name = f"{wanted}{number}"
        self.names.add(name)
        return name
