"""Web pages (``.html``, ``.htm``, ``.xhtml``): the text of block elements, markup kept.

Reading. An HTML page is parsed by lxml.html (malformed HTML as a browser would recover
it), an ``.xhtml`` page by the safe XML parser (:func:`tarjama.xmlsafe.parse_xml`). A
*block* of the document is the inline content of a block element (``p``, ``h1``–``h6``,
``li``, ``td``, ``th``, ``dt``, ``dd``, ``blockquote``, ``figcaption``, ``caption``,
``title``, …), or the text of a ``div``/``section``/… that is not inside another block:
``<div>Intro <p>Para</p> more</div>`` is three blocks, ``Intro``, ``Para``, ``more``.
Inside a block:

* an inline element (``a``, ``strong``, ``em``, ``span``, ``b``, ``i``, ``mark``, ``q``,
  ``abbr``, ``sub``, ``sup``, any unknown element, …) is a ``FORMAT`` span: translated on
  its own, the element (tag and every attribute) put back around its translation. Nested
  inline elements: the outermost is the span, and its inner structure is simplified in a
  translated sentence (``<a><b>full</b> report</a>`` comes back as one ``<a>``);
* ``br``, ``img``, ``wbr``, ``input``, an inline element with no text (an icon
  ``<i class="…"></i>``, an image link), a comment, and ``script``/``style``/``svg``/
  ``math``/``template``/``textarea``/``iframe``/… are ``OBJECT``\\s: written ``U+FFFC``,
  kept whole where the translation puts them, never translated;
* inline ``code``, ``kbd``, ``samp`` are ``CODE`` spans, kept verbatim. An inline element
  holding an object or code is cut around it (``<a><img> Download</a>``: the image, then
  the link text as a span), so that neither reaches the model inside a span's text.

``pre``, ``hr`` and the elements above are never touched, nor is anything inside them.
Text is whitespace-normalised the way HTML displays it (runs of ASCII white space as one
space, none at the edges; a no-break space stays). ``title``, ``meta`` ``description`` /
``og:title`` / ``og:description`` / ``twitter:title`` / ``twitter:description``, and the
``alt`` and ``title`` attributes are blocks of their own. Every other attribute (link
targets included) is copied as it was.

Writing. A block with nothing translated into the version's language is left in the tree
exactly as it was; a translated one is rebuilt from :func:`~tarjama.formats.blocks.
block_pieces` (its white space before and after kept). The root gets ``lang`` (and ``dir=
"rtl"`` in the Arabic version; a ``dir`` of the English version says ``ltr``); an element
whose text stays in the other language gets its own ``lang``/``dir`` (an English paragraph
kept in the Arabic version: ``lang="en" dir="ltr"``), and ``lang``/``dir`` the page already
had are updated where the text under them changed language. The doctype and an XML
declaration are kept; the output is UTF-8 and says so (``<meta charset>``). Entities come
back as characters, escaped where markup needs it (``&lt;script&gt;`` stays text).

Encodings. A page is read as UTF-8 (a BOM decides). A page that is not valid UTF-8 but
declares another charset (``<meta charset="windows-1256">``, an XML declaration) is decoded
with it, strictly; its versions are UTF-8. A page that is valid UTF-8 is UTF-8 whatever it
declares (legacy bytes are almost never valid UTF-8 by chance).

The side-by-side page of a web page is ``<stem>.side-by-side.html``, so that it is never
mistaken for one of the versions (``<stem>.en.html``, ``<stem>.ar.html``).
"""

from __future__ import annotations

import codecs
import copy
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tarjama.chars import first_refused_control
from tarjama.decode import DecodedText, decode_text
from tarjama.document import AR, EN
from tarjama.errors import DecodingError, FormatError
from tarjama.formats.base import FileFormat
from tarjama.formats.blocks import (
    Atom,
    Piece,
    block_pieces,
    common_prefix,
    is_translated,
    segments_in,
)
from tarjama.names import SIDE_BY_SIDE_SUFFIX
from tarjama.source import CODE, FORMAT, OBJECT, OBJECT_CHAR, MarkupSpan, SourceText
from tarjama.xliffspec import XML_LANG

if TYPE_CHECKING:
    from tarjama.document import Document, Segment

HTML_NS = "http://www.w3.org/1999/xhtml"


def _names(names: str) -> frozenset[str]:
    return frozenset(names.split())


#: elements whose inline content is a block (and which may hold other blocks)
BLOCK_TAGS = _names(
    "address article aside blockquote body caption center colgroup dd details dialog dir div "
    "dl dt fieldset figcaption figure footer form frameset h1 h2 h3 h4 h5 h6 head header "
    "hgroup html legend li main menu nav ol p search section summary table "
    "tbody td tfoot th thead title tr ul"
)
#: block-level elements never touched (nor anything inside them)
BREAK_TAGS = _names("hr listing plaintext pre xmp")
#: elements never touched; inside a sentence an object
KEPT_TAGS = _names(
    "applet audio canvas embed frame iframe math noembed object script select style svg "
    "template textarea video"
)
#: empty (void) elements: objects inside a sentence; their attributes may be translated
OBJECT_TAGS = _names("area base br col img input link meta param picture source track wbr")
#: inline code: kept verbatim
CODE_TAGS = _names("code kbd samp")
#: ``meta`` elements (by ``name`` or ``property``) whose ``content`` is translated
META_NAMES = _names("description og:title og:description twitter:title twitter:description")
#: attributes translated wherever the element is translated
TRANSLATED_ATTRIBUTES = ("alt", "title")

# how an element is read (see Extractor._classify)
_BLOCK = "block"
_BREAK = "break"
_KEPT = "kept"
_OBJECT = "object"
_CODE = "code"
_INLINE = "inline"
_WHITESPACE = re.compile(r"[ \t\n\r\f]+")
_CHUNKS = re.compile(r"([ \t\n\r\f]+)")
_MIXED = "mixed"
_HEAD_BYTES = 64 * 1024
_META_CHARSET = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_XML_DECLARATION = re.compile(r"\A\s*<\?xml\b[^>]*\?>")
_XML_ENCODING = re.compile(rb"\A\s*<\?xml\b[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)", re.I)
_CONTENT_CHARSET = re.compile(r"(charset\s*=\s*)[\"']?[A-Za-z0-9_.:-]+[\"']?", re.I)
# HTML's encoding labels that Python spells otherwise (the WHATWG Encoding standard)
_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "x-cp1256": "cp1256",
    "windows-874": "cp874",
    "tis-620": "cp874",
    "iso-8859-9": "cp1254",
}


# --- what the reader keeps for the writer ----------------------------------------------


@dataclass(frozen=True)
class Ref:
    """What a handle names in page ``page``: the chain of inline elements (indices into the
    page's ``root.iter()``) from the block down to the text, and ``leaf``, an element kept
    whole (an object, inline code) at the end of that chain, if any."""

    page: int
    chain: tuple[int, ...] = ()
    leaf: int | None = None


@dataclass
class Block:
    """One block of the document text, ``[start, end)``, and where it lives in its page.

    ``attribute`` None: the inline content of element ``container`` that starts at its text
    (``after`` None) or at the tail of its child ``after`` and holds its children
    ``children``; ``lead`` and ``trail`` are the white space kept around it. Else the
    value of attribute ``attribute`` of element ``container``.
    """

    page: int
    start: int
    end: int
    atoms: list[Atom]
    base: int
    container: int
    after: int | None = None
    children: list[int] = field(default_factory=list)
    lead: str = ""
    trail: str = ""
    attribute: str | None = None


@dataclass
class Page:
    """A parsed page (never changed: each version is written from a copy)."""

    tree: Any
    xml: bool
    #: the page began with an XML declaration (written again, saying UTF-8)
    declaration: bool = False
    newline: str = "\n"
    final_newline: bool = True


@dataclass
class HtmlStructure:
    pages: list[Page]
    blocks: list[Block]
    #: handle → what it names
    refs: list[Ref]


# --- reading ---------------------------------------------------------------------------


def local_name(node: Any) -> str:
    """An element's lower-case HTML name; ``#node`` for a comment or processing
    instruction; ``#foreign`` for an element of another namespace (SVG, EPUB's)."""
    tag = node.tag
    if not isinstance(tag, str):
        return "#node"
    if tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        return name.lower() if namespace == HTML_NS else "#foreign"
    return tag.lower()


class Extractor:
    """Builds the document text, markup, blocks and handles of one or more pages."""

    def __init__(self, path: Path):
        self.path = path
        self.parts: list[str] = []
        self.length = 0
        self.markup: list[MarkupSpan] = []
        self.pages: list[Page] = []
        self.blocks: list[Block] = []
        self.refs: list[Ref] = []
        self._handles: dict[Ref, int] = {}
        self._index: dict[Any, int] = {}
        self._kinds: dict[int, str] = {}
        self._page = 0

    # -- the result

    def source(self, name: str, newline: str = "\n", had_bom: bool = False) -> SourceText:
        """The document's text; its ``structure`` is an :class:`HtmlStructure`."""
        text = "\n\n".join(self.parts)
        if not text.strip():
            raise FormatError(
                self.path,
                "has no text to translate (only markup, code, scripts or images)",
                "pass the page that holds the text",
            )
        return SourceText(
            self.path,
            text + "\n",
            name,
            newline,
            had_bom,
            markup=self.markup,
            structure=self.structure(),
        )

    def structure(self) -> HtmlStructure:
        return HtmlStructure(self.pages, self.blocks, self.refs)

    # -- pages

    def add_page(self, page: Page) -> None:
        root = page.tree.getroot()
        self._page = len(self.pages)
        self.pages.append(page)
        self._index = {node: i for i, node in enumerate(root.iter())}
        self._kinds = {}
        self._container(root)

    def handle(self, chain: tuple[int, ...] = (), leaf: int | None = None) -> int:
        ref = Ref(self._page, chain, leaf)
        if ref not in self._handles:
            self._handles[ref] = len(self.refs)
            self.refs.append(ref)
        return self._handles[ref]

    # -- classification

    def _kind(self, node: Any) -> str:
        key = self._index[node]
        if key not in self._kinds:
            self._kinds[key] = self._classify(node)
        return self._kinds[key]

    def _classify(self, node: Any) -> str:
        name = local_name(node)
        if name in ("#node", "#foreign") or name in KEPT_TAGS:
            return _KEPT
        if name in BREAK_TAGS:
            return _BREAK
        if name in BLOCK_TAGS:
            return _BLOCK
        if name in OBJECT_TAGS:
            return _OBJECT
        if name in CODE_TAGS:
            return _CODE
        # An inline element holding a block (<a><div>…</div></a>) holds blocks itself.
        if any(self._kind(child) in (_BLOCK, _BREAK) for child in node):
            return _BLOCK
        return _INLINE

    def _visible_text(self, node: Any) -> str:
        """The text a browser shows of an inline element (not of its scripts, objects)."""
        parts = [node.text or ""]
        for child in node:
            kind = self._kind(child)
            if kind == _INLINE:
                parts.append(self._visible_text(child))
            elif kind == _CODE:
                parts.append(child.text_content())
            parts.append(child.tail or "")
        return "".join(parts)

    def _is_leaf(self, node: Any) -> bool:
        """Kept whole inside a sentence: an object, inline code, or an element without text."""
        kind = self._kind(node)
        if kind in (_KEPT, _OBJECT, _CODE):
            return True
        return kind == _INLINE and not self._visible_text(node).strip(" \t\n\r\f")

    def _translatable_nodes(self, node: Any) -> Iterator[Any]:
        """``node`` and its descendants, but none inside (or being) kept elements or code."""
        if self._kind(node) in (_KEPT, _CODE, _BREAK):
            return
        yield node
        for child in node:
            yield from self._translatable_nodes(child)

    def _is_clean(self, node: Any) -> bool:
        """An inline element with text and neither objects nor code inside."""
        return all(not self._is_leaf(child) and self._is_clean(child) for child in node)

    # -- blocks

    def _container(self, element: Any) -> None:
        index = self._index[element]
        self._attributes(element)
        run = _Run(index, None, element.text, element.sourceline)
        run.add_text(element.text, self.handle())
        for child in element:
            kind = self._kind(child)
            if kind in (_BLOCK, _BREAK):
                self._flush(run)
                if kind == _BLOCK:
                    self._container(child)
                run = _Run(index, self._index[child], child.tail, child.sourceline)
            else:
                run.children.append(self._index[child])
                run.last_text = None
                self._inline(run, child, ())
            run.add_text(child.tail, self.handle())
        self._flush(run)

    def _inline(self, run: _Run, node: Any, chain: tuple[int, ...]) -> None:
        index = self._index[node]
        kind = self._kind(node)
        if kind == _CODE and node.text_content().strip(" \t\n\r\f"):
            handle = self.handle(chain, index)
            start = run.size
            run.add_text(node.text_content(), handle, leading=True)
            run.span(start, run.size, CODE, handle)
        elif self._is_leaf(node):
            run.pending.extend(self._translatable_nodes(node))
            handle = self.handle(chain, index)
            line_break = local_name(node) == "br"
            if line_break:  # a line break separates words: "Moscow<br>on" is two
                run.add_text(" ", self.handle(chain), leading=True)
            start = run.size
            run.add_object(handle)
            run.span(start, run.size, OBJECT, handle)
            if line_break:
                run.add_text(" ", self.handle(chain), leading=True)
        elif self._is_clean(node):
            inner_chain = (*chain, index)
            start = run.size
            self._content(run, node, inner_chain)
            run.span(start, run.size, FORMAT, self.handle(inner_chain))
        else:
            self._cut(run, node, chain)

    def _content(self, run: _Run, node: Any, chain: tuple[int, ...]) -> None:
        """A clean inline element's text, each piece with the chain of elements around it."""
        run.pending.append(node)
        run.add_text(node.text, self.handle(chain))
        for child in node:
            self._content(run, child, (*chain, self._index[child]))
            run.add_text(child.tail, self.handle(chain))

    def _cut(self, run: _Run, node: Any, chain: tuple[int, ...]) -> None:
        """An inline element holding objects or code: a span for each stretch of its text
        between them, the objects and code on their own."""
        run.pending.append(node)
        inner_chain = (*chain, self._index[node])
        handle = self.handle(inner_chain)
        stretch = run.size
        run.add_text(node.text, handle)
        for child in node:
            if self._is_leaf(child) or not self._is_clean(child):
                run.span(stretch, run.size, FORMAT, handle)
                self._inline(run, child, inner_chain)
                stretch = run.size
            else:
                self._content(run, child, (*inner_chain, self._index[child]))
            run.add_text(child.tail, handle)
        run.span(stretch, run.size, FORMAT, handle)

    def _flush(self, run: _Run) -> None:
        run.finish()
        text = "".join(run.chars)
        if run.has_content(text):
            start, end = self._add_text(text, run.line)
            for a, b, kind, handle in run.spans:
                self.markup.append(MarkupSpan(start + a, start + b, kind, handle))
            self.blocks.append(
                Block(
                    self._page,
                    start,
                    end,
                    [Atom(start + a, start + b, h) for a, b, h in run.atoms],
                    self.handle(),
                    run.container,
                    run.after,
                    run.children,
                    run.lead,
                    run.trail,
                )
            )
        for node in run.pending:
            self._attributes(node)

    def _attributes(self, node: Any) -> None:
        """The translated attributes of ``node`` as blocks of their own."""
        names = list(TRANSLATED_ATTRIBUTES)
        if local_name(node) == "meta":
            key = (node.get("name") or node.get("property") or "").strip().lower()
            names = ["content"] if key in META_NAMES else []
        for name in names:
            value = node.get(name)
            if value is None:
                continue
            text = _WHITESPACE.sub(" ", value).strip(" ")
            if not text:
                continue
            start, end = self._add_text(text, node.sourceline)
            base = self.handle()
            self.blocks.append(
                Block(
                    self._page,
                    start,
                    end,
                    [Atom(start, end, base)],
                    base,
                    self._index[node],
                    attribute=name,
                )
            )

    def _add_text(self, text: str, line: int | None) -> tuple[int, int]:
        if found := first_refused_control(text):
            raise FormatError(
                self.path,
                f"holds {found.name} in its text, which XML (and so the exports) cannot hold",
                "remove it, or the character reference that writes it (such as &#7;)",
                line=line,
            )
        start = self.length + (2 if self.parts else 0)
        self.parts.append(text)
        self.length = start + len(text)
        return start, self.length


class _Run:
    """The inline content of a block element being read: its normalised text, atoms, spans."""

    def __init__(self, container: int, after: int | None, anchor: str | None, line: int | None):
        self.container = container
        self.after = after
        self.children: list[int] = []
        self.line = line
        self.chars: list[str] = []  # the normalised text, one character an item
        self.atoms: list[tuple[int, int, int]] = []
        self.spans: list[tuple[int, int, str, int]] = []
        self.pending: list[Any] = []
        self.space = True  # no space at the start of a block
        anchor = anchor or ""
        self.lead = anchor[: len(anchor) - len(anchor.lstrip(" \t\n\r\f"))]
        self.last_text: str | None = None
        self.trail = ""

    def _emit(self, text: str, handle: int) -> None:
        if not text:
            return
        if self.atoms and self.atoms[-1][2] == handle and self.atoms[-1][1] == self.size:
            a, _, _ = self.atoms.pop()
            self.atoms.append((a, self.size + len(text), handle))
        else:
            self.atoms.append((self.size, self.size + len(text), handle))
        self.chars.extend(text)

    @property
    def size(self) -> int:
        return len(self.chars)

    def add_text(self, raw: str | None, handle: int, leading: bool = False) -> None:
        if not leading:
            self.last_text = raw
        if not raw:
            return
        for chunk in _CHUNKS.split(raw):
            if not chunk:
                continue
            if chunk[0] in " \t\n\r\f":
                if not self.space:
                    self._emit(" ", handle)
                    self.space = True
            else:
                self._emit(chunk, handle)
                self.space = False

    def add_object(self, handle: int) -> None:
        self._emit(OBJECT_CHAR, handle)
        self.space = False

    def span(self, start: int, end: int, kind: str, handle: int) -> None:
        text = self.chars
        while start < end and text[start] == " ":
            start += 1
        while end > start and text[end - 1] == " ":
            end -= 1
        if start < end:
            self.spans.append((start, end, kind, handle))

    def finish(self) -> None:
        """Drop a trailing space; note the white space after the block."""
        if self.chars and self.chars[-1] == " ":
            self.chars.pop()
            a, b, h = self.atoms.pop()
            if b - 1 > a:
                self.atoms.append((a, b - 1, h))
        last = self.last_text or ""
        self.trail = last[len(last.rstrip(" \t\n\r\f")) :]
        self.spans = [(a, min(b, self.size), k, h) for a, b, k, h in self.spans if a < self.size]

    def has_content(self, text: str) -> bool:
        """Text outside code and objects: something to translate."""
        hidden = [(a, b) for a, b, kind, _ in self.spans if kind == CODE]
        for position, ch in enumerate(text):
            if ch in (" ", OBJECT_CHAR) or any(a <= position < b for a, b in hidden):
                continue
            return True
        return False


# --- decoding and parsing --------------------------------------------------------------


def decode_page(path: Path, data: bytes) -> DecodedText:
    """``data`` as text: UTF-8, or the charset the page declares when it is not UTF-8."""
    try:
        return decode_text(path, data)
    except DecodingError as error:
        if data.startswith(codecs.BOM_UTF8):
            raise  # a BOM says UTF-8, whatever the page declares
        label = declared_charset(data)
        if label is None:
            raise
        try:
            codec = codecs.lookup(_CHARSET_ALIASES.get(label.lower(), label)).name
        except LookupError:
            raise error from None
        if codec == "utf-8":
            raise
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as wrong:
            line = data.count(b"\n", 0, wrong.start) + 1
            raise FormatError(
                path,
                f"declares the charset {label}, but is not valid {label} at byte offset "
                f"{wrong.start} (line {line}): {wrong.reason}",
                "re-save it as UTF-8 (Windows Arabic: `iconv -f cp1256 -t utf-8 IN > OUT`)",
                line=line,
            ) from None
        return decode_text(path, text.encode("utf-8"))


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares: its XML declaration's, else a ``<meta>``'s."""
    head = data[:_HEAD_BYTES]
    if match := _XML_ENCODING.match(head):
        return match.group(1).decode("ascii")
    if match := _META_CHARSET.search(head):
        return match.group(1).decode("ascii")
    return None


def parse_html(path: Path, text: str) -> Any:
    """The tree of an HTML page, recovered the way browsers do (lxml.html)."""
    import lxml.html
    from lxml import etree

    parser = lxml.html.HTMLParser(
        no_network=True,
        remove_comments=False,
        remove_pis=False,
        huge_tree=False,
        default_doctype=False,
    )
    body = _XML_DECLARATION.sub("", text, count=1)  # (an XHTML page saved as .html)
    try:
        root = lxml.html.document_fromstring(body, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
        raise FormatError(
            path, f"is not an HTML page lxml can read ({error})", "check that it is a web page"
        ) from None
    return root.getroottree()


def parse_xhtml(path: Path, text: str) -> Any:
    """The tree of an XHTML page (safe XML parsing: no DTD, no entities, no network)."""
    from tarjama.xmlsafe import ENTITY_FIX, parse_xml
    from tarjama.xmlsafe import local_name as xml_local_name

    def error(line: int | None, problem: str, fix: str | None) -> FormatError:
        if fix == ENTITY_FIX or re.search(r"Entity '\w+' not defined", problem):
            fix = (
                "write the characters themselves or as numeric references (&#160; for "
                "&nbsp;), or give the file the extension .html"
            )
        return FormatError(
            path,
            problem.replace("XML", "XHTML"),
            fix or "fix the markup (an XHTML page must be well-formed XML), or rename it .html",
            line=line,
        )

    body = _XML_DECLARATION.sub("", text, count=1)  # decoded already: the text is UTF-8
    root = parse_xml(body.encode("utf-8"), error)
    if local_name(root) != "html":
        raise FormatError(
            path,
            f"is not an XHTML page: its root element is <{xml_local_name(root)}>",
            "pass an XHTML page (root <html>), or the file with its own extension",
            line=root.sourceline,
        )
    return root.getroottree()


def read_page(extractor: Extractor, path: Path, decoded: DecodedText, xml: bool) -> None:
    """Parse ``decoded`` (an HTML or XHTML page) and add its blocks to ``extractor``."""
    tree = parse_xhtml(path, decoded.text) if xml else parse_html(path, decoded.text)
    page = Page(
        tree,
        xml,
        declaration=bool(_XML_DECLARATION.match(decoded.text)),
        newline=decoded.newline,
        final_newline=decoded.text.endswith("\n"),
    )
    extractor.add_page(page)


# --- writing ---------------------------------------------------------------------------


def write_pages(document: Document, structure: HtmlStructure, lang: str) -> list[bytes]:
    """Each page of ``structure`` (``document``'s) in ``lang``, serialised."""
    writers = [_PageWriter(page, structure.refs) for page in structure.pages]
    languages: list[list[tuple[Block, str | None]]] = [[] for _ in writers]
    for block in structure.blocks:
        writer = writers[block.page]
        if is_translated(document, block.start, block.end, lang):
            pieces = block_pieces(document, block.start, block.end, block.atoms, block.base, lang)
            if block.attribute is None:
                writer.rebuild(block, pieces, lang)
            else:
                writer.translate_attribute(block, pieces)
        if block.attribute is None:
            segments = segments_in(document, block.start, block.end)
            languages[block.page].append((block, _language(segments, lang)))
    return [writer.serialise(langs, lang) for writer, langs in zip(writers, languages, strict=True)]


def _language(segments: Sequence[Segment], lang: str) -> str | None:
    """The language a block's text is in in the ``lang`` version: ``ar``, ``en``,
    :data:`_MIXED`, or None (nothing in either language: numbers, names)."""
    found = set()
    for segment in segments:
        if segment.translation is not None and segment.target_lang == lang:
            found.add(lang)
        elif segment.source_lang in (AR, EN):
            found.add(segment.source_lang)
    if len(found) > 1:
        return _MIXED
    return found.pop() if found else None


def _direction(lang: str) -> str:
    return "rtl" if lang == AR else "ltr"


class _PageWriter:
    def __init__(self, page: Page, refs: list[Ref]):
        self.page = page
        self.refs = refs
        self.tree = copy.deepcopy(page.tree)
        self.nodes = list(self.tree.getroot().iter())
        #: element index → the copies a rebuilt block made of it
        self.created: dict[int, list[Any]] = {}

    def rebuild(self, block: Block, pieces: list[Piece], lang: str) -> None:
        """Replace the block's inline content with ``pieces``."""
        from tarjama.xmlsafe import append_text

        nodes = self.nodes
        container = nodes[block.container]
        previous = nodes[block.after] if block.after is not None else None
        position = container.index(previous) + 1 if previous is not None else 0
        old = [nodes[i] for i in block.children]
        holder = container.makeelement(container.tag, {})
        stack: list[tuple[int, Any]] = []
        placed: set[int] = set()
        for piece, chain in zip(pieces, self._chains(pieces), strict=True):
            ref = self.refs[piece.handle]
            if ref.leaf is not None and ref.leaf in placed:
                continue
            depth = 0
            while depth < min(len(stack), len(chain)) and stack[depth][0] == chain[depth]:
                depth += 1
            del stack[depth:]
            parent = stack[-1][1] if stack else holder
            for index in chain[depth:]:
                source = nodes[index]
                element = source.makeelement(source.tag, dict(source.attrib))
                if piece.translated and (piece.span is None or piece.span.inner_translation):
                    _update_language(element, lang)  # its text is in the version's language now
                parent.append(element)
                self.created.setdefault(index, []).append(element)
                stack.append((index, element))
                parent = element
            if ref.leaf is not None:
                placed.add(ref.leaf)
                leaf = nodes[ref.leaf]
                parent.append(leaf)
                leaf.tail = None
            else:
                append_text(parent, piece.text)
        for child in old:
            if child.getparent() is container:
                container.remove(child)
        head = block.lead + (holder.text or "")
        if previous is None:
            container.text = head
        else:
            previous.tail = head
        new = list(holder)
        for offset, child in enumerate(new):
            container.insert(position + offset, child)
        if new:
            new[-1].tail = (new[-1].tail or "") + block.trail
        elif previous is None:
            container.text = head + block.trail
        else:
            previous.tail = head + block.trail

    def _chains(self, pieces: list[Piece]) -> list[tuple[int, ...]]:
        """The elements each piece goes inside: its handle's chain, except that white space
        between two pieces inside the same element stays inside it (the space between a
        link's icon and its text)."""
        chains = [self.refs[piece.handle].chain for piece in pieces]
        for i in range(1, len(pieces) - 1):
            if pieces[i].text.strip(" \t\n\r\f"):
                continue
            shared = common_prefix(chains[i - 1], chains[i + 1])
            if len(shared) > len(chains[i]) and shared[: len(chains[i])] == chains[i]:
                chains[i] = shared
        return chains

    def translate_attribute(self, block: Block, pieces: list[Piece]) -> None:
        from tarjama.xmlsafe import xml_text

        value = xml_text("".join(piece.text for piece in pieces))
        for element in [*self.created.get(block.container, []), self.nodes[block.container]]:
            element.set(block.attribute, value)

    def serialise(self, languages: list[tuple[Block, str | None]], lang: str) -> bytes:
        from lxml import etree

        self._mark_languages(languages, lang)
        self._declare_utf8()
        if self.page.xml:
            data = etree.tostring(self.tree, encoding="utf-8", xml_declaration=False)
        else:  # (lxml.html.tostring would drop a <meta http-equiv="Content-Type">)
            data = etree.tostring(self.tree, encoding="utf-8", method="html")
        if self.page.declaration:
            data = b'<?xml version="1.0" encoding="utf-8"?>\n' + data
        if self.page.final_newline and not data.endswith(b"\n"):
            data += b"\n"
        if self.page.newline != "\n":
            data = data.replace(b"\n", self.page.newline.encode("ascii"))
        return data

    def _mark_languages(self, languages: list[tuple[Block, str | None]], lang: str) -> None:
        """``lang``/``dir`` on the root, on elements whose text stays in the other
        language, and updated where the page had them and the text under them changed."""
        nodes = self.nodes
        root = nodes[0]
        root.set("lang", lang)
        if self.page.xml or root.get(XML_LANG) is not None:
            root.set(XML_LANG, lang)
        if lang == AR or root.get("dir") is not None:
            root.set("dir", _direction(lang))
        index = {node: i for i, node in enumerate(nodes)}
        own: dict[int, set[str]] = {}
        under: dict[int, set[str]] = {}
        for block, language in languages:
            if language is None:
                continue
            own.setdefault(block.container, set()).add(language)
            under.setdefault(block.container, set()).add(language)
            for ancestor in nodes[block.container].iterancestors():
                under.setdefault(index[ancestor], set()).add(language)
        in_head = {
            index[node]
            for head in root
            if local_name(head) == "head"
            for node in head.iter()
            if node in index
        }
        for i, element in enumerate(nodes):
            if i == 0 or i in in_head or not isinstance(element.tag, str):
                continue
            found = under.get(i, set())
            if len(found) == 1 and _MIXED not in found:
                _update_language(element, next(iter(found)))
            mine = own.get(i, set())
            if len(mine) == 1 and _MIXED not in mine:
                (language,) = mine
                if _inherited(element) != (language, _direction(language)):
                    element.set("lang", language)
                    if self.page.xml:
                        element.set(XML_LANG, language)
                    element.set("dir", _direction(language))

    def _declare_utf8(self) -> None:
        for element in self.nodes:
            if local_name(element) != "meta":
                continue
            charset = element.get("charset")
            if charset is not None and charset.strip().lower() not in ("utf-8", "utf8"):
                element.set("charset", "utf-8")
            if (element.get("http-equiv") or "").strip().lower() == "content-type":
                content = element.get("content") or ""
                updated = _CONTENT_CHARSET.sub(r"\g<1>utf-8", content)
                if updated != content:
                    element.set("content", updated)


def _update_language(element: Any, language: str) -> None:
    """Change the ``lang``/``dir`` an element already has to ``language``'s."""
    for name in ("lang", XML_LANG):
        if element.get(name) is not None:
            element.set(name, language)
    if element.get("dir") is not None:
        element.set("dir", _direction(language))


def _inherited(element: Any) -> tuple[str | None, str]:
    """The language (primary subtag) and direction ``element`` is in, from its own
    attributes or its nearest ancestors' (no ``dir``: left to right)."""
    language = direction = None
    for node in (element, *element.iterancestors()):
        if language is None:
            language = node.get(XML_LANG) or node.get("lang")
        if direction is None:
            direction = node.get("dir")
    primary = language.split("-")[0].strip().lower() if language else None
    return primary, (direction or "ltr").strip().lower()


# --- the format ------------------------------------------------------------------------


class Html(FileFormat):
    name = "html"
    suffixes = (".html", ".htm", ".xhtml")
    description = "a web page"

    def read(self, path: Path, data: bytes) -> SourceText:
        decoded = decode_page(path, data)
        extractor = Extractor(path)
        read_page(extractor, path, decoded, xml=Path(path).suffix.lower() == ".xhtml")
        return extractor.source(self.name, decoded.newline, decoded.had_bom)

    def write(self, document: Document, lang: str) -> bytes:
        (page,) = write_pages(document, document.structure, lang)
        return page

    def page_suffix(self) -> str:
        return SIDE_BY_SIDE_SUFFIX
