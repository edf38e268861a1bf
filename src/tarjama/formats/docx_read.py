"""Reading a Word package into blocks, atoms and markup (see :mod:`tarjama.formats.docx`)."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tarjama.errors import EmptyInputError, FormatError
from tarjama.formats.blocks import Atom
from tarjama.formats.package import Package
from tarjama.source import CODE, FORMAT, OBJECT, OBJECT_CHAR, MarkupSpan, SourceText
from tarjama.xmlsafe import parse_xml

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
STRICT_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
SAVE_AS = "a Word Document (.docx)"
_RESAVE = f"open it in Word or LibreOffice and save it again as {SAVE_AS}"


def w(tag: str) -> str:
    """The qualified name of a WordprocessingML element or attribute: ``w("p")``."""
    return f"{{{W_NS}}}{tag}"


def local(tag: Any) -> str | None:
    """``p`` for ``{W}p``; None for anything not in the WordprocessingML namespace."""
    if isinstance(tag, str) and tag.startswith(f"{{{W_NS}}}"):
        return tag[len(W_NS) + 2 :]
    return None


W_VAL = w("val")
#: elements whose runs are text of the paragraph, in a structure the writer copies around
#: the text it puts back (a link, a tracked insertion, a smart tag, a direction override)
WRAPPERS = frozenset(map(w, ("hyperlink", "ins", "moveTo", "smartTag", "customXml", "dir", "bdo")))
#: the property children of wrappers: copied with the wrapper, never content
WRAPPER_PROPERTIES = frozenset(map(w, ("sdtPr", "sdtEndPr", "smartTagPr", "customXmlPr")))
#: tracked deletions: kept as they are, their fields no part of the text's
_DELETED = frozenset(map(w, ("del", "moveFrom")))
_ZERO_WIDTH_NAMES = (
    "bookmarkStart", "bookmarkEnd", "commentRangeStart", "commentRangeEnd", "commentReference",
    "permStart", "permEnd", "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart",
    "moveToRangeEnd", "customXmlInsRangeStart", "customXmlInsRangeEnd", "customXmlDelRangeStart",
    "customXmlDelRangeEnd", "customXmlMoveFromRangeStart", "customXmlMoveFromRangeEnd",
    "customXmlMoveToRangeStart", "customXmlMoveToRangeEnd",
)  # fmt: skip
#: what takes no room in a line: bookmarks, comment anchors, permissions, tracked deletions
ZERO_WIDTH = _DELETED | frozenset(map(w, _ZERO_WIDTH_NAMES))
#: run children that stand for a character of the text
_CHARACTERS = {w("noBreakHyphen"): "\u2011", w("softHyphen"): "\u00ad"}
#: run properties that change nothing one sees in the text (runs differing only by them are
#: one piece of formatting)
_UNSEEN = frozenset(map(w, ("lang", "noProof", "rtl", "cs", "webHidden", "rPrChange")))
_MONOSPACE = frozenset(
    ("consolas", "courier", "courier new", "menlo", "monaco", "lucida console",
     "source code pro", "cascadia code", "cascadia mono", "dejavu sans mono",
     "liberation mono", "fira code", "fira mono", "roboto mono", "ubuntu mono")
)  # fmt: skip
_NUMBER = re.compile(r"(\d+)")


@dataclass
class Leaf:
    """One element of a paragraph kept as it is: ``element`` inside the wrappers ``chain``
    (outermost first), in a run with the formatting of ``run`` unless that is None."""

    chain: tuple[Any, ...]
    run: Any | None
    element: Any


@dataclass
class TextContext:
    """The formatting a piece of text takes: that of ``run``, inside ``chain``."""

    run: Any
    chain: tuple[Any, ...]
    paragraph: Any
    #: the visible formatting (run properties without the unseen ones), for comparisons
    key: str
    code: bool


@dataclass
class ObjectContext:
    """An object (one U+FFFC of the text): elements moved back as they are."""

    leaves: list[Leaf]

    @property
    def zero_width(self) -> bool:
        """Whether it takes no room (a bookmark, a comment anchor), unlike an image."""
        return all(leaf.element.tag in ZERO_WIDTH for leaf in self.leaves)


@dataclass
class Block:
    part: str
    paragraph: Any
    start: int
    end: int
    atoms: list[Atom]
    #: the handle plain translated text takes (the paragraph's dominant formatting)
    base: int
    #: objects and markers before the first character and after the last
    prefix: list[Leaf]
    suffix: list[Leaf]


@dataclass
class Mirror:
    """A text box Word wrote twice (``mc:Choice`` read, ``mc:Fallback`` made to match)."""

    part: str
    choice: Any
    fallback: Any
    #: the paragraphs of the choice, to tell whether a version rebuilt any of them
    paragraphs: list[Any]


@dataclass
class DocxStructure:
    package: Package
    #: the parts read, by member name, in reading order
    parts: dict[str, Any]
    blocks: list[Block]
    handles: list[TextContext | ObjectContext]
    styles: Styles
    mirrors: list[Mirror] = field(default_factory=list)


class Styles:
    """Run and paragraph properties a paragraph inherits from ``styles.xml``."""

    def __init__(self, root: Any | None):
        self._styles: dict[str, tuple[str | None, Any, Any]] = {}
        self._default_paragraph: str | None = None
        self._default_ppr = self._default_rpr = None
        if root is None:
            return
        for style in root.iter(w("style")):
            based_on = style.find(w("basedOn"))
            self._styles[style.get(w("styleId"), "")] = (
                based_on.get(W_VAL) if based_on is not None else None,
                style.find(w("pPr")),
                style.find(w("rPr")),
            )
            if style.get(w("type")) == "paragraph" and style.get(w("default")) in ("1", "true"):
                self._default_paragraph = style.get(w("styleId"))
        defaults = root.find(w("docDefaults"))
        if defaults is not None:
            self._default_ppr = defaults.find(f"{w('pPrDefault')}/{w('pPr')}")
            self._default_rpr = defaults.find(f"{w('rPrDefault')}/{w('rPr')}")

    def _chain(self, style_id: str | None) -> Iterator[tuple[Any, Any]]:
        seen: set[str] = set()
        while style_id and style_id in self._styles and style_id not in seen:
            seen.add(style_id)
            based_on, ppr, rpr = self._styles[style_id]
            yield ppr, rpr
            style_id = based_on

    def _paragraph_style(self, paragraph: Any) -> str | None:
        style = paragraph.find(f"{w('pPr')}/{w('pStyle')}")
        return style.get(W_VAL) if style is not None else self._default_paragraph

    def paragraph_inherited(self, paragraph: Any, tag: str) -> Any | None:
        """The ``tag`` property a paragraph has from its style and the defaults."""
        for ppr, _ in self._chain(self._paragraph_style(paragraph)):
            if ppr is not None and (found := ppr.find(tag)) is not None:
                return found
        return self._default_ppr.find(tag) if self._default_ppr is not None else None

    def run_inherited(self, run: Any, paragraph: Any, tag: str) -> Any | None:
        """The ``tag`` property a run has from its character style, its paragraph's style
        and the defaults."""
        style = run.find(f"{w('rPr')}/{w('rStyle')}")
        chains = [self._chain(style.get(W_VAL) if style is not None else None)]
        chains.append(self._chain(self._paragraph_style(paragraph)))
        for chain in chains:
            for _, rpr in chain:
                if rpr is not None and (found := rpr.find(tag)) is not None:
                    return found
        return self._default_rpr.find(tag) if self._default_rpr is not None else None


@dataclass
class _Item:
    """A piece of a paragraph in order: text in a context, or a kept element."""

    text: str = ""
    context: int | None = None
    leaf: Leaf | None = None


class _Reader:
    def __init__(self) -> None:
        self.handles: list[TextContext | ObjectContext] = []
        self.blocks: list[Block] = []
        self.markup: list[MarkupSpan] = []
        self.mirrors: list[Mirror] = []
        self._texts: list[str] = []
        self._position = 0
        self._contexts: dict[tuple[int, ...], int] = {}
        self._fields = 0

    @property
    def text(self) -> str:
        return "\n\n".join(self._texts)

    def read_part(self, name: str, root: Any) -> None:
        self._fields = 0
        skipped = _goback_bookmarks(root)
        for paragraph in root.iter(w("p")):
            if any(_hidden_copy(ancestor) for ancestor in paragraph.iterancestors()):
                continue
            items: list[_Item] = []
            self._walk(paragraph, (), items, paragraph, skipped)
            self._block(name, paragraph, items)
        for choice, fallback in _text_box_twins(root):
            self.mirrors.append(Mirror(name, choice, fallback, list(choice.iter(w("p")))))

    def _walk(self, element: Any, chain: tuple, items: list[_Item], paragraph: Any, skipped):
        for child in element:
            tag = child.tag
            if tag in (w("pPr"), w("proofErr")) or tag in WRAPPER_PROPERTIES or child in skipped:
                continue
            if tag == w("r"):
                self._walk_run(child, chain, items, paragraph)
            elif self._fields:  # inside a complex field, from its begin to its end
                items.append(_Item(leaf=Leaf(chain, None, child)))
                if tag not in _DELETED:  # a link of a table of contents holds fields too
                    for char in child.iter(w("fldChar")):
                        self._field_char(char)
            elif tag in WRAPPERS or tag == w("sdt") and child.find(w("sdtContent")) is not None:
                count = len(items)
                inner = (child,) if tag in WRAPPERS else (child, child.find(w("sdtContent")))
                self._walk(inner[-1], (*chain, *inner), items, paragraph, skipped)
                if len(items) == count:  # an empty link or content control: kept as it is
                    items.append(_Item(leaf=Leaf(chain, None, child)))
            else:  # a marker, or an object: a simple field, an equation, a comment node
                items.append(_Item(leaf=Leaf(chain, None, child)))

    def _walk_run(self, run: Any, chain: tuple, items: list[_Item], paragraph: Any) -> None:
        for child in run:
            tag = child.tag
            if tag in (w("rPr"), w("lastRenderedPageBreak")):  # a layout cache Word remakes
                continue
            if tag == w("fldChar"):  # a complex field is one object, from begin to end
                items.append(_Item(leaf=Leaf(chain, run, child)))
                self._field_char(child)
            elif self._fields == 0 and tag == w("t"):
                text = (child.text or "").replace("\r", " ").replace("\n", " ")
                if text:
                    items.append(_Item(text, self._context(run, chain, paragraph)))
            elif self._fields == 0 and tag in _CHARACTERS:
                items.append(_Item(_CHARACTERS[tag], self._context(run, chain, paragraph)))
            else:
                items.append(_Item(leaf=Leaf(chain, run, child)))

    def _field_char(self, char: Any) -> None:
        kind = char.get(w("fldCharType"))
        self._fields = max(self._fields + (kind == "begin") - (kind == "end"), 0)

    def _context(self, run: Any, chain: tuple, paragraph: Any) -> int:
        key = (id(run), *map(id, chain))
        if key not in self._contexts:
            properties = run.find(w("rPr"))
            self._contexts[key] = len(self.handles)
            self.handles.append(
                TextContext(run, chain, paragraph, _visible_key(properties), _is_code(properties))
            )
        return self._contexts[key]

    def _block(self, part: str, paragraph: Any, items: list[_Item]) -> None:
        texts = [index for index, item in enumerate(items) if item.text]
        if not texts or not "".join(item.text for item in items).strip():
            return
        first, last = texts[0], texts[-1]
        start = self._position + (2 if self._texts else 0)
        atoms: list[Atom] = []
        pieces: list[str] = []
        pending: list[Leaf] = []
        position = start
        for item in items[first : last + 1]:  # it ends on text: nothing stays pending
            if item.leaf is not None:
                pending.append(item.leaf)
                continue
            if pending:  # adjacent objects and markers are one object
                handle = len(self.handles)
                self.handles.append(ObjectContext(pending))
                atoms.append(Atom(position, position + 1, handle))
                self.markup.append(MarkupSpan(position, position + 1, OBJECT, handle))
                pieces.append(OBJECT_CHAR)
                position += 1
                pending = []
            if atoms and atoms[-1].handle == item.context:
                atoms[-1] = Atom(atoms[-1].start, position + len(item.text), item.context)
            else:
                atoms.append(Atom(position, position + len(item.text), item.context))
            pieces.append(item.text)
            position += len(item.text)
        text = "".join(pieces)
        base = self._format_spans(atoms, text, start)
        self._texts.append(text)
        self._position = position
        prefix = [item.leaf for item in items[:first] if item.leaf is not None]
        suffix = [item.leaf for item in items[last + 1 :] if item.leaf is not None]
        self.blocks.append(Block(part, paragraph, start, position, atoms, base, prefix, suffix))

    def _format_spans(self, atoms: list[Atom], text: str, offset: int) -> int:
        """The block's base handle, of its dominant formatting (the most letters; the
        first to appear of equals); each stretch of text formatted otherwise (another
        look, a link) becomes a span."""

        def formatting(atom: Atom) -> tuple[tuple[int, ...], str] | None:
            context = self.handles[atom.handle]
            if isinstance(context, ObjectContext):
                return None
            return tuple(map(id, context.chain)), context.key

        weights: dict[tuple[tuple[int, ...], str], tuple[int, int]] = {}
        for atom in atoms:
            key = formatting(atom)
            letters = sum(not ch.isspace() for ch in text[atom.start - offset : atom.end - offset])
            if key is not None and letters:
                weight, first = weights.get(key, (0, -atom.start))
                weights[key] = (weight + letters, first)
        dominant = max(weights, key=weights.__getitem__)
        run: list[Atom] = []
        for atom in [*atoms, None]:
            key = formatting(atom) if atom is not None else None
            if run and key != formatting(run[0]):
                self._span(run, text, offset)
                run = []
            if key is not None and key != dominant:
                run.append(atom)
        base = max(
            (atom for atom in atoms if formatting(atom) == dominant),
            key=lambda atom: atom.end - atom.start,
        )
        texts = [atom for atom in atoms if formatting(atom) is not None]
        if len(weights) == 1 and all(self.handles[atom.handle].code for atom in texts):
            self._span(texts, text, offset)  # a paragraph all of code (monospace): kept
        return base.handle

    def _span(self, group: list[Atom], text: str, offset: int) -> None:
        start, end = group[0].start, group[-1].end
        while start < end and text[start - offset].isspace():
            start += 1
        while end > start and text[end - 1 - offset].isspace():
            end -= 1
        if start >= end:
            return
        handle = max(group, key=lambda atom: atom.end - atom.start).handle
        code = all(self.handles[atom.handle].code for atom in group)
        self.markup.append(MarkupSpan(start, end, CODE if code else FORMAT, handle))


def _hidden_copy(element: Any) -> bool:
    """A part of a paragraph Word does not show: a fallback copy, deleted text."""
    return element.tag in (f"{{{MC_NS}}}Fallback", w("del"), w("moveFrom"))


def _goback_bookmarks(root: Any) -> set[Any]:
    """Word's ``_GoBack`` bookmark (where the cursor was at the last save), dropped from
    the paragraphs it rebuilds, with its end."""
    found = set()
    ids = set()
    for start in root.iter(w("bookmarkStart")):
        if start.get(w("name")) == "_GoBack":
            found.add(start)
            ids.add(start.get(w("id")))
    if ids:
        found |= {end for end in root.iter(w("bookmarkEnd")) if end.get(w("id")) in ids}
    return found


def _text_box_twins(root: Any) -> Iterator[tuple[Any, Any]]:
    """(choice, fallback) text box contents of each ``mc:AlternateContent`` whose two
    copies hold the same text (the fallback is then rewritten like the choice)."""
    for alternate in root.iter(f"{{{MC_NS}}}AlternateContent"):
        choice = alternate.find(f"{{{MC_NS}}}Choice")
        fallback = alternate.find(f"{{{MC_NS}}}Fallback")
        if choice is None or fallback is None:
            continue
        boxes = list(choice.iter(w("txbxContent")))
        twins = list(fallback.iter(w("txbxContent")))
        if len(boxes) == len(twins):
            for box, twin in zip(boxes, twins, strict=True):
                if _box_text(box) == _box_text(twin):
                    yield box, twin


def _box_text(box: Any) -> list[str]:
    return ["".join(p.itertext()) for p in box.iter(w("p"))]


def _visible_key(properties: Any | None) -> str:
    """The run properties one sees, as a string to compare (no namespace declarations)."""
    if properties is None:
        return ""
    pieces = []
    for child in properties:
        if child.tag in _UNSEEN or not isinstance(child.tag, str):
            continue
        attributes = {k: v for k, v in child.attrib.items() if k != w("hint")}
        if child.tag == w("rFonts") and not attributes:
            continue
        pieces.append(_canonical(child, attributes))
    return "".join(pieces)


def _canonical(element: Any, attributes: dict | None = None) -> str:
    attributes = dict(element.attrib) if attributes is None else attributes
    inner = "".join(_canonical(child) for child in element if isinstance(child.tag, str))
    return f"<{element.tag} {sorted(attributes.items())}>{inner}</>"


def _is_code(properties: Any | None) -> bool:
    if properties is None:
        return False
    style = properties.find(w("rStyle"))
    if style is not None and "code" in (style.get(W_VAL) or "").lower():
        return True
    fonts = properties.find(w("rFonts"))
    return fonts is not None and (fonts.get(w("ascii")) or "").lower() in _MONOSPACE


# --- the package --------------------------------------------------------------------------


def _parse(package: Package, path: Path, member: str) -> Any:
    """The root of a part; a part that is not well-formed XML, or declares entities, is an
    error named inside the file (``report.docx/word/document.xml:3``)."""

    def error(line: int | None, problem: str, fix: str | None) -> Exception:
        return FormatError(f"{path}/{member}", problem, _RESAVE, line=line)

    return parse_xml(package.read(member), error)


def _relationships(package: Package, path: Path, source: str) -> list[tuple[str, str]]:
    """(type, member) of the internal relationships of ``source`` ("" for the package)."""
    folder, name = posixpath.split(source)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    if not package.has(rels):
        return []
    root = _parse(package, path, rels)
    found = []
    for rel in root.iter(f"{{{_REL_NS}}}Relationship"):
        target = rel.get("Target") or ""
        if rel.get("TargetMode") == "External" or not target:
            continue
        member = target[1:] if target.startswith("/") else posixpath.join(folder, target)
        member = posixpath.normpath(member)
        if not member.startswith(".."):
            found.append((rel.get("Type") or "", member))
    return found


def _what_it_is(package: Package) -> str:
    if package.has("xl/workbook.xml"):
        return " (it is an Excel workbook)"
    if package.has("ppt/presentation.xml"):
        return " (it is a PowerPoint presentation)"
    if package.has("mimetype"):
        mimetype = package.read("mimetype")[:80].decode("ascii", "replace").strip()
        known = {
            "application/epub+zip": "an EPUB book (.epub)",
            "application/vnd.oasis.opendocument.text": "an OpenDocument text (.odt)",
        }
        return f" (it is {known.get(mimetype, mimetype)})"
    return ""


def _main_part(package: Package, path: Path) -> str:
    for kind, member in _relationships(package, path, ""):
        if kind.endswith("/officeDocument") and package.has(member):
            return member
    if package.has("word/document.xml"):
        return "word/document.xml"
    raise FormatError(
        path,
        f"is not a Word document: its package has no word/document.xml{_what_it_is(package)}",
        f"save it again as {SAVE_AS}, or give it its real extension",
    )


def _natural(member: str) -> list:
    return [int(part) if part.isdigit() else part for part in _NUMBER.split(member)]


def read_docx(path: Path, data: bytes, name: str, description: str) -> SourceText:
    if not data:
        raise EmptyInputError(path)
    package = Package(path, data, description, SAVE_AS)
    main = _main_part(package, path)
    root = _parse(package, path, main)
    if root.tag == f"{{{STRICT_NS}}}document":
        raise FormatError(
            path,
            "is saved as Strict Open XML, which tarjama does not read",
            f"save it again as {SAVE_AS} (not Strict Open XML)",
        )
    if root.tag != w("document") or root.find(w("body")) is None:
        raise package.damaged(f"{main} holds no Word document body")
    related = _relationships(package, path, main)
    parts = {main: root}
    for kind in ("/footnotes", "/endnotes", "/header", "/footer"):
        members = sorted(
            {m for t, m in related if t.endswith(kind) and package.has(m)}, key=_natural
        )
        for member in members:
            if member not in parts:
                parts[member] = _parse(package, path, member)
    styles_members = [m for t, m in related if t.endswith("/styles") and package.has(m)]
    styles = None
    if styles_members:
        member = styles_members[0]
        styles = _parse(package, path, member)
    reader = _Reader()
    for member, part in parts.items():
        reader.read_part(member, part)
    if not reader.blocks:
        raise FormatError(
            path,
            "holds no text to translate (no paragraph of its body, tables, notes, headers, "
            "footers or text boxes has any)",
            "pass the Word document that holds the text",
        )
    structure = DocxStructure(
        package, parts, reader.blocks, reader.handles, Styles(styles), reader.mirrors
    )
    markup = sorted(reader.markup, key=lambda span: span.start)
    return SourceText(path, reader.text, name, markup=markup, structure=structure)
