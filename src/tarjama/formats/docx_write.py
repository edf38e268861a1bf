"""Writing one language version of a Word document (see :mod:`tarjama.formats.docx`)."""

from __future__ import annotations

import re
from copy import deepcopy
from dataclasses import dataclass, replace
from typing import Any

from lxml import etree

from tarjama.bidi import LTR_LANG, RTL_LANG, rtl_run_pieces
from tarjama.document import AR, Document
from tarjama.formats.blocks import Piece, block_pieces, is_translated
from tarjama.formats.docx_read import (
    W_VAL,
    WRAPPER_PROPERTIES,
    Block,
    DocxStructure,
    Leaf,
    ObjectContext,
    TextContext,
    local,
    w,
)
from tarjama.formats.package import write_package
from tarjama.xliffspec import XML_SPACE
from tarjama.xmlsafe import xml_text

#: the complex-script language of Arabic runs, the Latin language of English ones
# WordprocessingML wants property elements in schema order (ECMA-376 Part 1, 17.3.1.26,
# 17.3.2.28, 17.4.60): a new one goes before the first that must follow it.
_PPR_ORDER = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap",
    "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId",
    "cnfStyle", "rPr", "sectPr", "pPrChange",
)  # fmt: skip
_RPR_ORDER = (
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
    "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden",
    "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect",
    "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout",
    "specVanish", "oMath", "rPrChange",
)  # fmt: skip
_TBLPR_ORDER = (
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
    "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
    "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription", "tblPrChange",
)  # fmt: skip
#: run directions of written text: as it was (None), Arabic, a left-to-right token inside
#: Arabic, English
RTL, LTR_TOKEN, LTR = "rtl", "ltr-token", "ltr"
_SPECIAL = re.compile("([\u2011\u00ad\n])")


@dataclass
class _Out:
    """One thing a rebuilt paragraph holds: ``text`` or a kept ``element``, in a run like
    ``run`` (unless None) inside copies of the wrappers ``chain``."""

    chain: tuple[Any, ...]
    run: Any | None
    element: Any | None = None
    text: str = ""
    direction: str | None = None


def write_docx(document: Document, lang: str) -> bytes:
    structure: DocxStructure = document.structure
    members = structure.package.members()
    by_part: dict[str, list[Block]] = {}
    for block in structure.blocks:
        if is_translated(document, block.start, block.end, lang):
            by_part.setdefault(block.part, []).append(block)
    for part, blocks in by_part.items():
        original = structure.parts[part]
        root = deepcopy(original)  # the structure is read once and written per language
        mapping = dict(zip(original.iter(), root.iter(), strict=True))
        writer = _PartWriter(structure, lang, mapping)
        for block in blocks:
            writer.rebuild(block, document)
        writer.finish(part)
        members[part] = etree.tostring(
            root, xml_declaration=True, encoding="UTF-8", standalone=True
        )
    return write_package(members, structure.package)


class _PartWriter:
    def __init__(self, structure: DocxStructure, lang: str, mapping: dict):
        self.structure = structure
        self.lang = lang
        #: original element → its copy in the part being written
        self.mapping = mapping
        self.rebuilt: set[Any] = set()
        self.tables: dict[int, Any] = {}

    def rebuild(self, block: Block, document: Document) -> None:
        handles = self.structure.handles
        pieces = block_pieces(document, block.start, block.end, block.atoms, block.base, self.lang)
        pieces = _close_up(pieces, handles)
        outs = [self._kept(leaf) for leaf in block.prefix]
        placed: set[int] = set()
        for piece in pieces:
            context = handles[int(piece.handle)]
            if isinstance(context, ObjectContext):
                if piece.handle not in placed:  # an object goes back once
                    placed.add(int(piece.handle))
                    outs += [self._kept(leaf) for leaf in context.leaves]
            else:
                outs += self._text(piece, context)
        outs += [self._kept(leaf) for leaf in block.suffix]
        paragraph = self.mapping[block.paragraph]
        for child in list(paragraph):
            if child.tag != w("pPr"):
                paragraph.remove(child)
        _emit(paragraph, outs, self._new_run)
        self._paragraph_direction(paragraph, block.paragraph)
        self.rebuilt.add(paragraph)
        for ancestor in paragraph.iterancestors():
            if ancestor.tag == w("txbxContent"):
                break
            if ancestor.tag == w("tbl"):
                self.tables[id(ancestor)] = ancestor
                break

    def finish(self, part: str) -> None:
        """Tables with a translated cell, and the fallback copies of rebuilt text boxes."""
        for table in self.tables.values():
            properties = table.find(w("tblPr"))
            if properties is None:
                properties = table.makeelement(w("tblPr"))
                table.insert(0, properties)
            _toggle(properties, "bidiVisual", self.lang == AR, False, _TBLPR_ORDER)
        for mirror in self.structure.mirrors:
            if mirror.part != part:
                continue
            if any(self.mapping[p] in self.rebuilt for p in mirror.paragraphs):
                fallback, choice = self.mapping[mirror.fallback], self.mapping[mirror.choice]
                for child in list(fallback):
                    fallback.remove(child)
                for child in choice:
                    fallback.append(deepcopy(child))

    def _kept(self, leaf: Leaf) -> _Out:
        return _Out(leaf.chain, leaf.run, element=self.mapping[leaf.element])

    def _text(self, piece: Piece, context: TextContext) -> list[_Out]:
        if not piece.translated:
            return [_Out(context.chain, context.run, text=piece.text)]
        if self.lang != AR:
            return [_Out(context.chain, context.run, text=piece.text, direction=LTR)]
        return [
            _Out(context.chain, context.run, text=text, direction=RTL if rtl else LTR_TOKEN)
            for text, rtl in rtl_run_pieces(piece.text)
        ]

    def _new_run(self, parent: Any, out: _Out) -> Any:
        run = etree.SubElement(parent, w("r"), dict(out.run.attrib))
        properties = out.run.find(w("rPr"))
        if properties is not None:
            run.append(deepcopy(properties))
        if out.direction is not None:
            self._run_direction(run, out.run, out.direction)
        return run

    def _paragraph_direction(self, paragraph: Any, original: Any) -> None:
        properties = paragraph.find(w("pPr"))
        if properties is None:
            properties = paragraph.makeelement(w("pPr"))
            paragraph.insert(0, properties)
        inherited = _on(self.structure.styles.paragraph_inherited(original, w("bidi")))
        _toggle(properties, "bidi", self.lang == AR, inherited, _PPR_ORDER)
        if len(properties) == 0 and not properties.attrib:
            paragraph.remove(properties)

    def _run_direction(self, run: Any, original: Any, direction: str) -> None:
        """Right-to-left Arabic, a left-to-right token inside it, or English (see the
        module of :mod:`tarjama.formats.docx`)."""
        paragraph = next(original.iterancestors(w("p")))
        styles = self.structure.styles
        direct = original.find(w("rPr"))

        def inherited(name: str) -> Any | None:
            return styles.run_inherited(original, paragraph, w(name))

        def effective(name: str) -> Any | None:
            found = direct.find(w(name)) if direct is not None else None
            return found if found is not None else inherited(name)

        properties = run.find(w("rPr"))
        if properties is None:
            properties = run.makeelement(w("rPr"))
            run.insert(0, properties)
        _toggle(properties, "rtl", direction == RTL, _on(inherited("rtl")), _RPR_ORDER)
        if direction == RTL:  # Word draws Arabic with the complex-script properties
            pairs, language, value = (("sz", "szCs"), ("b", "bCs"), ("i", "iCs")), "bidi", RTL_LANG
        elif direction == LTR:
            _toggle(properties, "cs", False, _on(inherited("cs")), _RPR_ORDER)
            pairs, language, value = (("szCs", "sz"), ("bCs", "b"), ("iCs", "i")), "val", LTR_LANG
        else:
            pairs, language, value = (), None, None
        for source, target in pairs:
            have, want = effective(source), effective(target)
            if source.startswith("sz"):
                if have is not None and (want is None or want.get(W_VAL) != have.get(W_VAL)):
                    _child(properties, w(target), _RPR_ORDER).set(W_VAL, have.get(W_VAL))
            elif _on(have) and not _on(want):
                _toggle(properties, target, True, False, _RPR_ORDER)
        if language is not None:
            lang = _child(properties, w("lang"), _RPR_ORDER)
            if not (lang.get(w(language)) or "").startswith(value[:2]):
                lang.set(w(language), value)
        if len(properties) == 0:
            run.remove(properties)


def _close_up(pieces: list[Piece], handles: list) -> list[Piece]:
    """A translation's pieces without the second space around a zero-width object: the
    model sees a placeholder as a word between spaces, but a bookmark or a comment anchor
    takes no room, and ``word ￼ word`` would show two spaces."""
    result = list(pieces)
    for index in range(1, len(result) - 1):
        piece, before, after = result[index], result[index - 1], result[index + 1]
        context = handles[int(piece.handle)]
        if (
            piece.translated
            and isinstance(context, ObjectContext)
            and context.zero_width
            and before.text.endswith(" ")
            and after.translated
            and after.text.startswith(" ")
        ):
            result[index + 1] = replace(after, text=after.text[1:])
    return [piece for piece in result if piece.text]


def _emit(paragraph: Any, outs: list[_Out], new_run) -> None:
    """Put ``outs`` into ``paragraph``: consecutive ones of the same run in one run, of the
    same wrappers in one copy of each wrapper."""
    stack: list[tuple[Any, Any]] = []  # (original wrapper, its copy), outermost first
    current: tuple[Any, ...] | None = None
    run = None
    for out in outs:
        depth = 0
        while depth < min(len(stack), len(out.chain)) and stack[depth][0] is out.chain[depth]:
            depth += 1
        if depth < len(stack) or depth < len(out.chain):
            del stack[depth:]
            current = None
            for wrapper in out.chain[depth:]:
                stack.append((wrapper, _shallow(stack[-1][1] if stack else paragraph, wrapper)))
        parent = stack[-1][1] if stack else paragraph
        if out.run is None:
            parent.append(out.element)
            current = None
            continue
        key = (id(out.run), out.direction)
        if key != current:
            run, current = new_run(parent, out), key
        if out.element is not None:
            run.append(out.element)
        else:
            _add_text(run, out.text)


def _shallow(parent: Any, wrapper: Any) -> Any:
    """A copy of ``wrapper`` in ``parent``: its attributes and properties, no content."""
    copy = etree.SubElement(parent, wrapper.tag, dict(wrapper.attrib))
    for child in wrapper:
        if child.tag in WRAPPER_PROPERTIES:
            copy.append(deepcopy(child))
    return copy


def _add_text(run: Any, text: str) -> None:
    for chunk in _SPECIAL.split(text):
        if chunk == "\u2011":
            etree.SubElement(run, w("noBreakHyphen"))
        elif chunk == "\u00ad":
            etree.SubElement(run, w("softHyphen"))
        elif chunk == "\n":
            etree.SubElement(run, w("br"))
        elif chunk:
            element = etree.SubElement(run, w("t"))
            element.text = xml_text(chunk)
            if chunk != chunk.strip() or "  " in chunk:
                element.set(XML_SPACE, "preserve")


def _on(element: Any | None) -> bool:
    """Whether a toggle property (``w:b``, ``w:rtl``, ``w:bidi``) is on."""
    return element is not None and (element.get(W_VAL) or "true").lower() not in (
        "0",
        "false",
        "off",
    )


def _child(parent: Any, tag: str, order: tuple[str, ...]) -> Any:
    """``parent``'s ``tag`` child, made where the schema order puts it if it is missing."""
    found = parent.find(tag)
    if found is not None:
        return found
    element = parent.makeelement(tag)
    rank = order.index(local(tag))
    for child in parent:
        name = local(child.tag)
        if name is None or (name in order and order.index(name) > rank):
            child.addprevious(element)
            return element
    parent.append(element)
    return element


def _toggle(parent: Any, name: str, on: bool, inherited: bool, order: tuple[str, ...]) -> None:
    """Set the toggle property ``name`` of ``parent`` on or off, writing it only where
    what it inherits (``inherited``) is not already that."""
    direct = parent.find(w(name))
    if on:
        if direct is not None:
            direct.attrib.pop(W_VAL, None)
        elif not inherited:
            _child(parent, w(name), order)
    else:
        if direct is not None:
            parent.remove(direct)
        if inherited:
            _child(parent, w(name), order).set(W_VAL, "0")
