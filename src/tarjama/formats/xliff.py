"""XLIFF 1.2 and 2.x from a CAT tool: the targets filled in, everything else kept.

A file from OmegaT, Trados, memoQ, Okapi, Matecat or Weblate is read **as input**: each
unit's source (each ``<segment>``'s in 2.x, each ``<mrk mtype="seg">`` of a 1.2
``<seg-source>``) is one block of the document's text, and the one version written is the
same file with the targets tarjama translated filled in, ``<stem>.<target>.xlf``
(:meth:`Xliff.fixed_targets` returns the file's target language only: an XLIFF file has
one; there is no version in its source language).

Which targets are filled ("state decides"):

* never a unit (or segment) marked not to be translated: ``translate="no"`` on it or an
  enclosing ``group``/``file``, or ``approved="yes"`` (1.2); a Trados segment that is
  ``locked`` or whose ``sdl:seg`` ``conf`` is anything but ``Draft`` (or none: not
  translated yet);
* never a target in a state past translation: 1.2 ``translated``, ``needs-review-*``,
  ``final``, ``signed-off``, ``needs-l10n``, ``needs-adaptation``; 2.x ``translated``,
  ``reviewed``, ``final``;
* always a missing or empty target, and one in an initial state (1.2 ``new`` or
  ``needs-translation``, 2.x ``initial`` written out) even when it holds text (a CAT tool
  copies the source there, or a fuzzy match);
* a target with text and no state is kept, unless it is a copy of its source.

Skipped units are not part of the document's text at all: they are neither translated,
nor shown on the side-by-side page, and stay in the file node for node as parsed.

A filled target says it is machine translation awaiting review: 1.2
``state="needs-review-translation" state-qualifier="leveraged-mt"`` (what tarjama's own
XLIFF export writes for a model's translation), ``xml:lang`` the file's target language;
2.x ``state="translated"`` on the ``<segment>`` (an old ``subState`` removed), and
``trgDir="rtl"`` on the unit when the target is Arabic and nothing above says otherwise;
Trados ``.sdlxliff`` ``sdl:seg`` ``conf="Draft" origin="mt" origin-system="tarjama"``.
A unit none of whose sentences was translated (already in the target language, numbers
only) gets no target: tarjama does not claim a translation it did not make.
Within a translated unit, a sentence already in the target language is copied verbatim.

Inline tags: paired tags holding only text (1.2 ``<g>``, ``<mrk>``; 2.x ``<pc>``, ``<mrk>``)
are ``FORMAT`` markup, translated on their own and put back around their translation;
standalone codes (``<x/>``, ``<bx/>``/``<ex/>``, ``<ph>``, ``<bpt>``/``<ept>``, ``<it>``;
2.x ``<ph/>``, ``<sc/>``/``<ec/>``, ``<sm/>``/``<em/>``, ``<cp/>``), comments, protected
``<mrk>`` (``translate="no"``, ``mtype="protected"``) and elements of other namespaces are
``OBJECT``\\s (U+FFFC), copied whole. A paired tag that holds other tags is two objects, its
start and its end, so that the tags inside it travel too; the target nests them again
where the translation put them (an end the model put before its start makes the element
empty, never a second element with the same id). A start code the translation puts after
its end code (``bpt``/``ept``, ``bx``/``ex``, ``sc``/``ec``) is swapped back. Every tag of
the source is in the target once, with the same id.

White space: under ``xml:space="default"`` line breaks are white space (a pretty-printed
source), read as one space; under ``preserve`` a line break is a real one, and a run of
white space holding a blank line (which would end the block) is an object standing for
itself, written back as it was.

Languages: ``source-language``/``target-language`` (1.2, each ``<file>``; all alike) or
``srcLang``/``trgLang`` (2.x), normalised (``ar-SA``, ``ara``, ``en-US``, ``eng``); they must
be Arabic and English, one each. A file that declares no target language is translated
into the other one of its source language, which the version then declares.

What is kept: everything the parser keeps — notes, ``alt-trans``, metadata, other
namespaces (Trados ``sdl:``), comments, the DOCTYPE, the XML declaration's ``standalone``,
a UTF-8 BOM and CRLF line ends. The version is UTF-8 whatever the input's encoding.
Processing instructions are kept (``parse_xml(..., keep_pis=True)``).

The namespaces are :mod:`tarjama.xliffspec`'s; lxml (and :mod:`tarjama.xmlsafe`) is
imported inside ``read``/``write`` only.
"""

from __future__ import annotations

import codecs
import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tarjama.document import AR, EN, other_language
from tarjama.errors import EmptyInputError, FormatError
from tarjama.formats.base import FileFormat
from tarjama.formats.blocks import Atom, Piece, block_pieces, is_translated
from tarjama.source import FORMAT, OBJECT, OBJECT_CHAR, MarkupSpan, SourceText
from tarjama.xliffspec import MACHINE_TRANSLATION_12, XLIFF2_NS, XLIFF12_NS, XML_LANG, XML_SPACE
from tarjama.xmlsafe import local_name

if TYPE_CHECKING:
    from tarjama.document import Document

#: Trados Studio's namespace (``.sdlxliff``)
SDL_NS = "http://sdl.com/FileTypes/SdlXliff/1.0"
XLIFF11_NS = "urn:oasis:names:tc:xliff:document:1.1"

#: language codes tarjama reads, lower case, by their primary subtag
LANGUAGE_CODES = {"ar": AR, "ara": AR, "arb": AR, "en": EN, "eng": EN}

#: 1.2 target states whose text tarjama may replace (a CAT tool's copy of the source, a
#: fuzzy match awaiting translation)
FILL_STATES_12 = ("new", "needs-translation")
#: 2.x segment state whose target tarjama may replace
FILL_STATE_2 = "initial"
#: Trados ``sdl:seg`` confirmation levels tarjama may fill (none: not translated)
FILL_CONF_SDL = ("Draft",)
#: what a filled 1.2 target says (the state tarjama's export gives a model's translation)
STATE_FILLED_12 = MACHINE_TRANSLATION_12
STATE_FILLED_2 = "translated"

#: paired inline elements, whose content is text of the sentence
_PAIRED = {"1.2": ("g", "mrk"), "2": ("pc", "mrk")}
#: start and end codes of a pair, by version: (start tag, end tag, attribute linking them)
_PAIRS = {
    "1.2": (("bpt", "ept", "rid"), ("bpt", "ept", "id"), ("bx", "ex", "rid")),
    "2": (("sc", "ec", "startRef"),),
}

FIX_XLIFF = "export the file from the CAT tool again as XLIFF 1.2 or 2.x"

# Item kinds (what a handle stands for)
_TEXT = "text"  # plain text of a block: the handle of the block's base
_FORMAT = "format"  # a paired element holding only text
_OBJECT = "object"  # an element copied whole (a standalone code, a comment)
_OPEN = "open"  # the start of a paired element holding tags
_CLOSE = "close"  # its end
_SPACE = "space"  # white space holding a blank line (xml:space="preserve")


@dataclass
class _Item:
    kind: str
    #: the element (or comment) of the parsed file: copied into targets, never changed
    node: Any = None
    #: _SPACE: the white space it stands for
    text: str = ""
    #: _CLOSE: the handle of its _OPEN
    partner: int | None = None


@dataclass
class _Block:
    """One block of the text: the source container it came from, the target to fill."""

    start: int
    end: int
    base: int
    atoms: list[Atom]
    #: indexes into the file's elements in document order (``root.iter()``)
    unit: int
    source: int
    target: int | None
    #: 1.2 ``<seg-source>``: the ``mid`` of the segment's ``<mrk>``, and its ``sdl:seg``
    mid: str | None = None
    sdl_seg: int | None = None


@dataclass
class XliffStructure:
    """What :meth:`Xliff.write` needs: the parsed file (never changed) and the blocks."""

    tree: Any
    #: "1.2" or "2"
    version: str
    #: ``{namespace}`` of the XLIFF elements ("" for a 1.2 file without one)
    q: str
    target_lang: str
    #: the file's spelling of the target language (``ar-SA``); None when it declares none
    declared_target: str | None
    items: list[_Item] = field(default_factory=list)
    blocks: list[_Block] = field(default_factory=list)
    had_bom: bool = False
    crlf: bool = False
    sdl: bool = False
    #: the XML declaration's ``standalone`` (None: it has none)
    standalone: bool | None = None


class Xliff(FileFormat):
    name = "xliff"
    suffixes = (".xlf", ".xliff", ".sdlxliff")
    description = "an XLIFF file"

    def read(self, path: Path, data: bytes) -> SourceText:
        return _Reader(path, data).read()

    def write(self, document: Document, lang: str) -> bytes:
        return _write(document, lang)

    def fixed_targets(self, document: Document) -> tuple[str, ...] | None:
        structure = document.structure
        if isinstance(structure, XliffStructure):
            return (structure.target_lang,)
        return None


# --- names -------------------------------------------------------------------------------


def _namespace(node: Any) -> str | None:
    tag = node.tag
    if isinstance(tag, str) and tag.startswith("{"):
        return tag[1:].split("}", 1)[0]
    return None


def normalise_language(value: str | None) -> str | None:
    """``"ar"`` / ``"en"`` for ``ar-SA``, ``ara``, ``en_US``, ``ENG``…; None for others."""
    primary = re.split(r"[-_]", (value or "").strip(), maxsplit=1)[0].lower()
    return LANGUAGE_CODES.get(primary)


def _inherited(node: Any, attribute: str) -> str | None:
    """``attribute`` of ``node`` or of its nearest ancestor that has it."""
    while node is not None:
        value = node.get(attribute)
        if value is not None:
            return value
        node = node.getparent()
    return None


def _is_empty(node: Any) -> bool:
    return len(node) == 0 and not (node.text or "").strip()


def _inner_xml(node: Any) -> str:
    from lxml import etree

    children = "".join(etree.tostring(c, encoding="unicode", with_tail=True) for c in node)
    return (node.text or "") + children


def _is_copy(target: Any, source: Any) -> bool:
    """Whether ``target`` holds what ``source`` holds (a CAT tool's copy of the source)."""
    return _inner_xml(target) == _inner_xml(source)


_STANDALONE = re.compile(rb"""^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*standalone\s*=\s*["'](yes|no)["']""")


def _standalone(data: bytes) -> bool | None:
    match = _STANDALONE.match(data[:400])
    return None if match is None else match.group(1) == b"yes"


# --- reading -----------------------------------------------------------------------------


class _Reader:
    def __init__(self, path: Path, data: bytes):
        self.path = path
        self.data = data
        self.parts: list[str] = []
        self.markup: list[MarkupSpan] = []
        self.items: list[_Item] = []
        self.blocks: list[_Block] = []
        self.position = 0

    def error(self, problem: str, fix: str, node: Any = None) -> FormatError:
        line = getattr(node, "sourceline", None) if node is not None else None
        return FormatError(self.path, problem, fix, line)

    def read(self) -> SourceText:
        from tarjama.xmlsafe import parse_xml

        data = self.data
        if not data.strip():
            raise EmptyInputError(self.path, blank=bool(data))
        had_bom = data.startswith(codecs.BOM_UTF8)
        head = data.removeprefix(codecs.BOM_UTF8).lstrip()
        wide = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or head[:2] in (
            b"<\x00",
            b"\x00<",
        )
        if not head.startswith(b"<") and not wide:
            raise self.error(
                "is not an XLIFF file: it does not start with an XML tag",
                "pass the .xlf/.xliff file the CAT tool exported (not a project package)",
            )
        root = parse_xml(
            data,
            lambda line, problem, fix: FormatError(
                self.path,
                problem,
                fix
                or "open it in the CAT tool and export it again, or find the error with "
                "`xmllint --noout FILE`",
                line,
            ),
            keep_pis=True,  # the file goes back to the CAT tool as it came
        )
        namespace, local, version = _namespace(root), local_name(root), root.get("version") or ""
        if local != "xliff":
            raise self.error(
                f"holds <{local}> (namespace {namespace or 'none'}), not an XLIFF document",
                "pass an XLIFF 1.2 or 2.x file",
                root,
            )
        if namespace == XLIFF2_NS and version.startswith("2."):
            self.version, self.q = "2", f"{{{XLIFF2_NS}}}"
        elif (namespace == XLIFF12_NS or namespace is None) and version == "1.2":
            self.version, self.q = "1.2", f"{{{namespace}}}" if namespace else ""
        else:
            spoken = version or ("2.x" if namespace == XLIFF2_NS else "unknown")
            if namespace == XLIFF11_NS and not version:
                spoken = "1.1"
            raise self.error(
                f"is XLIFF version {spoken}: tarjama reads XLIFF 1.2 and 2.x", FIX_XLIFF, root
            )
        self.root = root
        self.order = list(root.iter())
        self.index = {node: i for i, node in enumerate(self.order)}
        _source, target_lang, declared = self.languages()  # (checks both are ar and en)
        sdl = SDL_NS in root.nsmap.values() or self.path.suffix.lower() == ".sdlxliff"
        if self.version == "2":
            self.read_2()
        else:
            self.read_12(sdl)
        text = "\n\n".join(self.parts)
        if text:
            text += "\n"
        structure = XliffStructure(
            tree=root.getroottree(),
            version=self.version,
            q=self.q,
            target_lang=target_lang,
            declared_target=declared,
            items=self.items,
            blocks=self.blocks,
            had_bom=had_bom,
            crlf=data.count(b"\r\n") * 2 > data.count(b"\n"),
            sdl=sdl,
            standalone=_standalone(data),
        )
        return SourceText(self.path, text, "xliff", markup=self.markup, structure=structure)

    # languages

    def languages(self) -> tuple[str, str, str | None]:
        """(source, target, the file's spelling of the target or None)."""
        if self.version == "2":
            pairs = [(self.root, self.root.get("srcLang"), self.root.get("trgLang"))]
            names = ("srcLang", "trgLang")
        else:
            files = self.root.findall(f"{self.q}file")
            if not files:
                raise self.error("holds no <file>", FIX_XLIFF, self.root)
            pairs = [(f, f.get("source-language"), f.get("target-language")) for f in files]
            names = ("source-language", "target-language")
        seen = {(src, trg) for _, src, trg in pairs}
        if len({(normalise_language(s), normalise_language(t)) for s, t in seen}) > 1:
            listed = ", ".join(f"{s or '?'} → {t or '?'}" for s, t in sorted(seen, key=str))
            raise self.error(
                f"holds files for different languages ({listed})",
                "split it into one XLIFF per language pair in the CAT tool",
                self.root,
            )
        node, src, trg = pairs[0]
        if not src:
            raise self.error(
                f"declares no source language ({names[0]})",
                f'add {names[0]}="en" or "ar" (what the CAT tool exports)',
                node,
            )
        source, target = normalise_language(src), normalise_language(trg) if trg else None
        if source is None or (trg and (target is None or target == source)):
            said = f"from {src!r} to {trg!r}" if trg else f"from {src!r} (no target language)"
            raise self.error(
                f"is an XLIFF {said}: tarjama translates between Arabic and English only",
                "pass an XLIFF whose source and target languages are Arabic (ar) and English "
                "(en), one each: export the ar⇄en project from the CAT tool",
                node,
            )
        return source, target or other_language(source), trg

    # XLIFF 1.2

    def read_12(self, sdl: bool) -> None:
        q = self.q
        for unit in self.root.iter(f"{q}trans-unit"):
            if _inherited(unit, "translate") == "no" or unit.get("approved") == "yes":
                continue
            source = unit.find(f"{q}source")
            if source is None:
                continue
            target = unit.find(f"{q}target")
            state = target.get("state") if target is not None else None
            if state is not None and state not in FILL_STATES_12:
                continue  # translated, in review, final, signed off: left alone
            forced = target is None or state is not None  # an initial state: replaced
            seg_source = unit.find(f"{q}seg-source")
            segments = (
                [m for m in seg_source.iter(f"{q}mrk") if m.get("mtype") == "seg"]
                if seg_source is not None
                else []
            )
            if not segments:
                if forced or _is_empty(target) or _is_copy(target, source):
                    self.add_block(unit, source, target)
                continue
            in_target = {}
            if target is not None:
                in_target = {
                    m.get("mid"): m for m in target.iter(f"{q}mrk") if m.get("mtype") == "seg"
                }
            defs = self.sdl_segs(unit) if sdl else {}
            for mrk in segments:
                mid = mrk.get("mid")
                seg_def = defs.get(mid)
                if seg_def is not None and (
                    seg_def.get("locked") == "true"
                    or seg_def.get("conf") not in (None, *FILL_CONF_SDL)
                ):
                    continue
                target_mrk = in_target.get(mid)
                if (
                    forced
                    or target_mrk is None
                    or _is_empty(target_mrk)
                    or _is_copy(target_mrk, mrk)
                ):
                    self.add_block(unit, mrk, target_mrk, mid, seg_def)

    def sdl_segs(self, unit: Any) -> dict[str | None, Any]:
        found = {}
        for defs in unit.iter(f"{{{SDL_NS}}}seg-defs"):
            for seg in defs.iter(f"{{{SDL_NS}}}seg"):
                found[seg.get("id")] = seg
        return found

    # XLIFF 2.x

    def read_2(self) -> None:
        q = self.q
        for unit in self.root.iter(f"{q}unit"):
            if _inherited(unit, "translate") == "no":
                continue
            for segment in unit.findall(f"{q}segment"):
                source = segment.find(f"{q}source")
                if source is None:
                    continue
                target = segment.find(f"{q}target")
                state = segment.get("state")
                if state is not None and state != FILL_STATE_2:
                    continue  # translated, reviewed, final: left alone
                if (
                    target is None
                    or state == FILL_STATE_2
                    or _is_empty(target)
                    or _is_copy(target, source)
                ):
                    self.add_block(segment, source, target)

    # blocks

    def add_block(
        self,
        unit: Any,
        container: Any,
        target: Any,
        mid: str | None = None,
        seg_def: Any = None,
    ) -> None:
        if len(container) == 0 and not (container.text or "").strip():
            return  # nothing to translate
        if self.parts:
            self.position += 2  # the blank line between blocks
        base = self.new_item(_Item(_TEXT))
        builder = _BlockBuilder(
            self,
            self.position,
            base,
            _inherited(container, XML_SPACE) == "preserve",
            _PAIRED[self.version],
            self.q,
        )
        builder.content(container)
        text = "".join(builder.parts)
        self.parts.append(text)
        self.blocks.append(
            _Block(
                start=self.position,
                end=self.position + len(text),
                base=base,
                atoms=builder.atoms,
                unit=self.index[unit],
                source=self.index[container],
                target=self.index[target] if target is not None else None,
                mid=mid,
                sdl_seg=self.index[seg_def] if seg_def is not None else None,
            )
        )
        self.position += len(text)

    def new_item(self, item: _Item) -> int:
        self.items.append(item)
        return len(self.items) - 1


_WHITE_RUN = re.compile(r"\s+")


class _BlockBuilder:
    """The text, atoms and markup of one source container, in document order."""

    def __init__(
        self,
        reader: _Reader,
        start: int,
        base: int,
        preserve: bool,
        paired: tuple[str, ...],
        q: str,
    ):
        self.reader = reader
        self.position = start
        self.base = base
        self.preserve = preserve
        self.paired = paired
        self.namespace = q[1:-1] if q else None
        self.parts: list[str] = []
        self.atoms: list[Atom] = []
        #: line breaks in the white space the text so far ends with
        self.trailing_breaks = 0

    def emit(self, text: str, handle: int) -> None:
        if not text:
            return
        self.atoms.append(Atom(self.position, self.position + len(text), handle))
        self.parts.append(text)
        self.position += len(text)
        if text.strip():
            tail = len(text) - len(text.rstrip())
            self.trailing_breaks = text[len(text) - tail :].count("\n")
        else:
            self.trailing_breaks += text.count("\n")

    def obj(self, item: _Item) -> int:
        handle = self.reader.new_item(item)
        start = self.position
        self.emit(OBJECT_CHAR, handle)
        self.trailing_breaks = 0
        self.reader.markup.append(MarkupSpan(start, start + 1, OBJECT, handle))
        return handle

    def normalised(self, text: str) -> str:
        """Under ``xml:space="default"`` a line break is white space: one space."""
        if self.preserve:
            return text
        return re.sub(r"[ \t]*\n\s*", " ", text)

    def needs_space_objects(self, text: str) -> bool:
        """Whether ``text``, after the text so far, would hold a blank line."""
        if not self.preserve:
            return False
        breaks = self.trailing_breaks
        for match in _WHITE_RUN.finditer(text):
            count = match.group().count("\n") + (breaks if match.start() == 0 else 0)
            if count >= 2:
                return True
        return False

    def text(self, text: str | None, handle: int | None = None) -> None:
        """Plain text (``handle``: a paired element's); a white-space run that would make a
        blank line becomes an object standing for itself."""
        if not text:
            return
        text = self.normalised(text)
        handle = self.base if handle is None else handle
        cursor = 0
        for match in _WHITE_RUN.finditer(text):
            if "\n" not in match.group():
                continue
            self.emit(text[cursor : match.start()], handle)
            run = match.group()
            if run.count("\n") + self.trailing_breaks >= 2:
                self.obj(_Item(_SPACE, text=run))
            else:
                self.emit(run, handle)
            cursor = match.end()
        self.emit(text[cursor:], handle)

    def content(self, container: Any) -> None:
        """The text and inline elements inside ``container`` (not its tail)."""
        self.text(container.text)
        for child in container:
            self.inline(child)
            self.text(child.tail)

    def inline(self, node: Any) -> None:
        local = local_name(node)
        if (
            not local
            or _namespace(node) != self.namespace
            or local not in self.paired
            or (
                local == "mrk"
                and (node.get("translate") == "no" or node.get("mtype") == "protected")
            )
        ):
            self.obj(_Item(_OBJECT, node))
            return
        inner = self.normalised(node.text or "")
        if len(node) == 0 and not inner:
            self.obj(_Item(_OBJECT, node))  # an empty paired element: a standalone code
        elif len(node) == 0 and not self.needs_space_objects(inner):
            handle = self.reader.new_item(_Item(_FORMAT, node))
            start = self.position
            self.text(node.text, handle)
            self.reader.markup.append(MarkupSpan(start, self.position, FORMAT, handle))
        else:
            opening = self.obj(_Item(_OPEN, node))
            self.content(node)
            self.obj(_Item(_CLOSE, node, partner=opening))


# --- writing -----------------------------------------------------------------------------


def _write(document: Document, lang: str) -> bytes:
    from lxml import etree

    structure: XliffStructure = document.structure
    tree = copy.deepcopy(structure.tree)
    root = tree.getroot()
    nodes = list(root.iter())
    if lang == structure.target_lang:
        _fill(document, structure, nodes, lang)
        if structure.declared_target is None:
            _declare_target(structure, root, lang)
    data = etree.tostring(
        tree,
        xml_declaration=True,
        encoding="UTF-8",
        standalone=structure.standalone,
    )
    if not data.endswith(b"\n"):
        data += b"\n"
    if structure.crlf:
        data = data.replace(b"\n", b"\r\n")
    return (codecs.BOM_UTF8 + data) if structure.had_bom else data


def _declare_target(structure: XliffStructure, root: Any, lang: str) -> None:
    """A file that declared no target language declares the one it is now translated into
    (XLIFF 2 requires ``trgLang`` once a target is present)."""
    if structure.version == "2":
        root.set("trgLang", lang)
    else:
        for file in root.findall(f"{structure.q}file"):
            file.set("target-language", lang)


def _fill(document: Document, structure: XliffStructure, nodes: list[Any], lang: str) -> None:
    by_unit: dict[int, list[_Block]] = {}
    for block in structure.blocks:
        if is_translated(document, block.start, block.end, lang):
            by_unit.setdefault(block.unit, []).append(block)
    for unit_index, blocks in by_unit.items():
        unit = nodes[unit_index]
        pieces = {
            id(block): _ordered_pairs(
                block_pieces(document, block.start, block.end, block.atoms, block.base, lang),
                structure,
            )
            for block in blocks
        }
        if structure.version == "2":
            for block in blocks:
                _fill_segment_2(structure, nodes, block, pieces[id(block)], lang)
            _mark_direction(unit.getparent(), lang)
        elif blocks[0].mid is None:
            _fill_unit_12(structure, nodes, blocks[0], pieces[id(blocks[0])])
        else:
            _fill_segmented_12(structure, nodes, unit, blocks, pieces)


def _language_attribute(structure: XliffStructure) -> str:
    return structure.declared_target or structure.target_lang


def _new_target(structure: XliffStructure, after: Any, source: Any) -> Any:
    """An empty ``<target>`` right after ``after`` (``source`` or ``seg-source``)."""
    target = after.makeelement(f"{structure.q}target", {})
    space = source.get(XML_SPACE)
    if space is not None:
        target.set(XML_SPACE, space)
    target.tail = after.tail
    after.addnext(target)
    return target


def _fill_unit_12(
    structure: XliffStructure, nodes: list[Any], block: _Block, pieces: list[Piece]
) -> None:
    unit, source = nodes[block.unit], nodes[block.source]
    target = nodes[block.target] if block.target is not None else None
    if target is None:
        seg_source = unit.find(f"{structure.q}seg-source")
        target = _new_target(structure, seg_source if seg_source is not None else source, source)
    _clear(target)
    _build(target, pieces, structure.items)
    _state_12(structure, target)
    target.set(XML_LANG, _language_attribute(structure))


def _state_12(structure: XliffStructure, target: Any) -> None:
    if structure.sdl:
        return  # Trados keeps the state of each segment in sdl:seg
    state, qualifier = STATE_FILLED_12
    target.set("state", state)
    target.set("state-qualifier", qualifier)


def _fill_segmented_12(
    structure: XliffStructure,
    nodes: list[Any],
    unit: Any,
    blocks: list[_Block],
    pieces: dict[int, list[Piece]],
) -> None:
    """A 1.2 unit with ``<seg-source>``: each translated ``<mrk mtype="seg">`` of the target
    filled; a target missing (or missing a segment) is made from the ``seg-source``."""
    q = structure.q
    seg_source = unit.find(f"{q}seg-source")
    target = unit.find(f"{q}target")

    def segments_of(node: Any) -> dict[str | None, Any]:
        return {m.get("mid"): m for m in node.iter(f"{q}mrk") if m.get("mtype") == "seg"}

    existing = segments_of(target) if target is not None else {}
    if target is None or any(block.mid not in existing for block in blocks):
        shape = copy.deepcopy(seg_source)
        for mid, mrk in segments_of(shape).items():
            _clear(mrk)
            if mid in existing:  # what the target held for the segments not translated
                kept = copy.deepcopy(existing[mid])
                mrk.text = kept.text
                for child in kept:
                    mrk.append(child)
        if target is None:
            target = _new_target(structure, seg_source, unit.find(f"{q}source"))
        _clear(target)
        target.text = shape.text
        for child in shape:
            target.append(child)
        existing = segments_of(target)
    for block in blocks:
        mrk = existing[block.mid]
        _clear(mrk)
        _build(mrk, pieces[id(block)], structure.items)
        if block.sdl_seg is not None:
            _sdl_filled(nodes[block.sdl_seg])
    _state_12(structure, target)
    target.set(XML_LANG, _language_attribute(structure))


def _sdl_filled(seg: Any) -> None:
    """Trados: a segment machine translated, not yet confirmed."""
    for attribute in ("percent", "text-match", "struct-match"):
        seg.attrib.pop(attribute, None)
    seg.set("conf", "Draft")
    seg.set("origin", "mt")
    seg.set("origin-system", "tarjama")


def _fill_segment_2(
    structure: XliffStructure, nodes: list[Any], block: _Block, pieces: list[Piece], lang: str
) -> None:
    segment, source = nodes[block.unit], nodes[block.source]
    target = nodes[block.target] if block.target is not None else None
    if target is None:
        target = _new_target(structure, source, source)
    _clear(target)
    _build(target, pieces, structure.items)
    segment.set("state", STATE_FILLED_2)
    segment.attrib.pop("subState", None)


def _mark_direction(unit: Any, lang: str) -> None:
    """XLIFF 2 says a target's direction with ``trgDir``: Arabic is right-to-left."""
    if lang == AR and unit is not None and _inherited(unit, "trgDir") is None:
        unit.set("trgDir", "rtl")


def _clear(node: Any) -> None:
    node.text = None
    for child in list(node):
        node.remove(child)


def _pair_links(structure: XliffStructure) -> Callable[[_Item], tuple[str, str] | None]:
    """("start"|"end", key) of an item that is one code of a start/end pair."""
    pairs = _PAIRS[structure.version]

    def link(item: _Item) -> tuple[str, str] | None:
        local = local_name(item.node) if item.kind == _OBJECT else ""
        if not local:
            return None
        for start, end, attribute in pairs:
            if local == start and item.node.get(attribute if attribute != "startRef" else "id"):
                key = item.node.get(attribute if attribute != "startRef" else "id")
                return "start", f"{start}:{attribute}:{key}"
            if local == end and item.node.get(attribute):
                return "end", f"{start}:{attribute}:{item.node.get(attribute)}"
        return None

    return link


def _ordered_pairs(pieces: list[Piece], structure: XliffStructure) -> list[Piece]:
    """Pieces with each end code after its start code: a translation that put a start
    code after its end (``<ept>`` before ``<bpt>``, ``<ec/>`` before ``<sc/>``) swapped."""
    link = _pair_links(structure)
    where: dict[str, dict[str, int]] = {}
    for index, piece in enumerate(pieces):
        if isinstance(piece.handle, int) and piece.handle < len(structure.items):
            found = link(structure.items[piece.handle])
            if found is not None:
                where.setdefault(found[1], {}).setdefault(found[0], index)
    ordered = list(pieces)
    for roles in where.values():
        start, end = roles.get("start"), roles.get("end")
        if start is not None and end is not None and end < start:
            ordered[start], ordered[end] = ordered[end], ordered[start]
    return ordered


def _shallow(parent: Any, node: Any) -> Any:
    """An empty copy of ``node`` (its tag and attributes) appended to ``parent``."""
    element = parent.makeelement(node.tag, dict(node.attrib))
    parent.append(element)
    return element


def _deep(parent: Any, node: Any) -> None:
    """A copy of ``node`` with everything inside it (not its tail) appended to ``parent``."""
    element = copy.deepcopy(node)
    element.tail = None
    parent.append(element)


def _build(container: Any, pieces: list[Piece], items: list[_Item]) -> None:
    """Put ``pieces`` into the empty ``container``: text into the innermost open element,
    paired elements, objects and starts/ends of elements where the pieces say. Every
    element of the source goes in once: a piece that would repeat one (a paired element
    the translation split, an end before its start) adds its text, not a second id."""
    from tarjama.xmlsafe import append_text, xml_text

    stack: list[tuple[int | None, Any]] = [(None, container)]
    used: set[int] = set()
    # the element the last FORMAT piece went into, while nothing has followed it
    current: tuple[int, Any] | None = None
    for piece in pieces:
        handle = piece.handle
        item = items[handle] if isinstance(handle, int) and 0 <= handle < len(items) else None
        parent = stack[-1][1]
        kind = item.kind if item is not None else _TEXT
        if (
            kind == _FORMAT
            and current is not None
            and current[0] == handle
            and len(parent)
            and parent[-1] is current[1]
            and not current[1].tail
        ):
            current[1].text = (current[1].text or "") + (xml_text(piece.text) or "")
            continue
        current = None
        if kind == _TEXT or (kind == _FORMAT and handle in used):
            append_text(parent, piece.text)
        elif kind == _SPACE:
            append_text(parent, item.text)
        elif handle in used:
            continue
        elif kind == _FORMAT:
            element = _shallow(parent, item.node)
            element.text = xml_text(piece.text)
            current = (handle, element)
        elif kind == _OBJECT:
            _deep(parent, item.node)
        elif kind == _OPEN:
            stack.append((handle, _shallow(parent, item.node)))
        elif kind == _CLOSE:
            opened = [h for h, _ in stack]
            if item.partner in opened:  # close it (and anything opened inside it since)
                del stack[opened.index(item.partner) :]
            elif item.partner not in used:  # its end before its start: an empty element
                _shallow(parent, items[item.partner].node)
                used.add(item.partner)
        used.add(handle)
