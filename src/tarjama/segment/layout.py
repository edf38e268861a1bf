"""Block and line structure: which parts of the text are translatable units.

The text is cut into blocks (paragraphs) at blank lines. Inside a block every line is its
own unit, because scraped text puts one item per line (a dateline, a byline, ad residue),
with one exception, hard-wrapped prose, decided per pair of lines (see
:func:`continues_wrapped_line`).

In Markdown, structural markup is not part of a unit, so it is copied unchanged into every
version: heading ``#`` marks, list markers, ``>`` quote marks, table pipes and delimiter rows,
fenced and indented code blocks, HTML lines, rules, link reference definitions, front matter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tarjama.chars import EDGE_LAYOUT
from tarjama.script import ARABIC, LATIN, char_script

# Lines this long or longer were not wrapped by hand; wrapped prose sits between these widths.
WRAP_WIDTH_MIN = 60
WRAP_WIDTH_MAX = 100
# A wrapped line fills most of the wrap width.
WRAP_FILL_RATIO = 0.75

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}#{1,6}(?=\s|$)\s*")
_HEADING_CLOSE = re.compile(r"\s+#+\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?")
_QUOTE = re.compile(r"^ {0,3}(?:>\s?)+")
_RULE = re.compile(r"^ {0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
# Raw HTML blocks, as CommonMark starts them: comments and block-level tags only, so a
# paragraph that merely opens with inline HTML (<b>, <a>) is still translated.
_HTML_BLOCK_TAGS = (
    "address|article|aside|blockquote|body|br|center|details|dialog|dd|div|dl|dt|fieldset|"
    "figcaption|figure|footer|form|h[1-6]|head|header|hr|html|iframe|img|li|link|main|menu|"
    "meta|nav|ol|p|picture|pre|script|section|source|style|summary|table|tbody|td|tfoot|th|"
    "thead|title|tr|ul|video"
)
_HTML_LINE = re.compile(rf"^ {{0,3}}<(?:!--|/?(?:{_HTML_BLOCK_TAGS})(?=[\s/>]|$))", re.IGNORECASE)
_LINK_DEFINITION = re.compile(r"^ {0,3}\[(?!\^)[^\]]+\]:\s+\S+")
_FOOTNOTE_DEFINITION = re.compile(r"^ {0,3}\[\^[^\]]+\]:\s*")
_TABLE_DELIMITER = re.compile(r"^\s*\|?\s*:?-{1,}:?\s*(?:\|\s*:?-{1,}:?\s*)*\|?\s*$")
_INDENTED_CODE = re.compile(r"^(?: {4}|\t)")
# Navigation and share bars of scraped pages: "Share | طباعة | Email".
_MENU_SEPARATOR = re.compile(r"\s+[|•·]\s+")
_MENU_ITEM_MAX_WORDS = 3


@dataclass
class Unit:
    """A span of translatable text: a line's content, joined wrapped lines, or a table cell."""

    start: int
    end: int
    #: "boilerplate" for menu bars: kept as-is without language detection
    role: str = "text"


@dataclass
class Block:
    start: int
    end: int
    kind: str = "text"
    units: list[Unit] = field(default_factory=list)


@dataclass
class _Line:
    start: int
    end: int
    content_start: int
    content_end: int
    kind: str

    def text(self, source: str) -> str:
        return source[self.content_start : self.content_end]


def layout(text: str, markdown: bool, *, join_wrapped: bool = True) -> list[Block]:
    """Cut ``text`` (LF line ends) into blocks of units. ``join_wrapped=False``: a line
    break is always real (a structured file's line break inside a block), never the hard
    wrap of prose."""
    blocks: list[Block] = []
    for group in _group_lines(text, markdown):
        blocks.append(_build_block(text, group, markdown, join_wrapped))
    return blocks


def _split_lines(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in re.finditer("\n", text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _group_lines(text: str, markdown: bool) -> list[list[_Line]]:
    """Consecutive non-blank lines form a group; a fenced code block is one group."""
    groups: list[list[_Line]] = []
    current: list[_Line] = []
    fence: str | None = None
    front_matter = markdown and text.startswith("---\n")

    # Inside a list, an indented block after a blank line continues the list (a nested
    # item or a second paragraph of an item); only outside a list is it code.
    in_list = False

    def close() -> None:
        nonlocal current, in_list
        if current:
            groups.append(current)
            first = current[0]
            indented = text[first.start : first.start + 1] in (" ", "\t")
            in_list = first.kind == "list" or (in_list and indented and first.kind != "code")
            current = []

    for number, (start, end) in enumerate(_split_lines(text)):
        line = text[start:end]
        if front_matter:
            current.append(_Line(start, end, start, start, "code"))
            if number > 0 and line.strip() in ("---", "..."):
                front_matter = False
                close()
            continue
        if fence is not None:
            current.append(_Line(start, end, start, start, "code"))
            if line.strip().startswith(fence):
                fence = None
                close()
            continue
        if markdown and (opening := _FENCE.match(line)):
            close()
            fence = opening.group(1)[0] * 3
            current.append(_Line(start, end, start, start, "code"))
            continue
        if not line.strip():
            close()
            continue
        indented_code = markdown and not current and not in_list and _INDENTED_CODE.match(line)
        if indented_code:
            current.append(_Line(start, end, start, start, "code"))
            continue
        current.append(_classify(text, start, end, markdown))
    close()
    return groups


def _classify(text: str, start: int, end: int, markdown: bool) -> _Line:
    line = text[start:end]
    content_start, content_end = start, end
    kind = "text"
    if markdown:
        if _RULE.match(line) or _LINK_DEFINITION.match(line) or _HTML_LINE.match(line):
            return _Line(start, end, start, start, "code")
        if footnote := _FOOTNOTE_DEFINITION.match(line):
            kind, content_start = "footnote", start + footnote.end()
            line = text[content_start:end]
        if quote := _QUOTE.match(line):
            kind, content_start = "quote", start + quote.end()
            line = text[content_start:end]
        if heading := _HEADING.match(line):
            kind, content_start = "heading", content_start + heading.end()
            if closing := _HEADING_CLOSE.search(text, content_start, end):
                content_end = closing.start()
        elif item := _LIST_ITEM.match(line):
            kind, content_start = "list", content_start + item.end()
    # Leading and trailing spaces (and Markdown's two-space line break) stay outside units.
    while content_start < content_end and text[content_start].isspace():
        content_start += 1
    while content_end > content_start and text[content_end - 1].isspace():
        content_end -= 1
    if markdown and content_end > content_start and text[content_end - 1] == "\\":
        content_end -= 1  # a backslash hard line break is markup
        while content_end > content_start and text[content_end - 1].isspace():
            content_end -= 1
    return _Line(start, end, content_start, content_end, kind)


def _build_block(text: str, lines: list[_Line], markdown: bool, join_wrapped: bool) -> Block:
    block = Block(start=lines[0].start, end=lines[-1].end, kind=lines[0].kind)
    if block.kind == "code":
        return block
    if markdown and len(lines) >= 2 and _TABLE_DELIMITER.match(text[lines[1].start : lines[1].end]):
        block.kind = "table"
        for line in lines:
            if not _TABLE_DELIMITER.match(text[line.start : line.end]):
                block.units.extend(_table_cells(text, line.start, line.end))
        return block
    pending: Unit | None = None
    previous: _Line | None = None
    width = max(line.end - line.start for line in lines)
    for line in lines:
        if line.content_start >= line.content_end:
            # A structure-only line (HTML, rule, empty heading) ends any wrapped run.
            previous = None
            continue
        if (
            join_wrapped
            and pending
            and previous
            and continues_wrapped_line(text, previous, line, width)
        ):
            pending.end = line.content_end
        else:
            if pending:
                block.units.append(pending)
            role = "boilerplate" if is_menu_line(line.text(text)) else "text"
            pending = Unit(line.content_start, line.content_end, role)
        previous = line
    if pending:
        block.units.append(pending)
    return block


def continues_wrapped_line(text: str, previous: _Line, line: _Line, width: int) -> bool:
    """True when ``line`` continues ``previous`` in hard-wrapped prose.

    The writer's editor broke the line, not the writer, when all of these hold:
    the block's longest line has a typical wrap width (60–100 characters); the previous line
    fills at least 75% of it; the first word of the next line would not have fitted on the
    previous line; the next line carries no marker (list item or bullet, heading; a quote
    marker only after another quote line) and no structure line (HTML, rule) stands between
    them; no page break (form feed, vertical tab) lies between them; and the break does not
    switch between Arabic and Latin script. Short scraped lines
    (datelines, bylines, ``ad a b``) therefore stay separate units.
    """
    if not WRAP_WIDTH_MIN <= width <= WRAP_WIDTH_MAX:
        return False
    # A page break (form feed, vertical tab) ends the run: XML cannot hold it in a segment.
    if any(ch in EDGE_LAYOUT for ch in text[previous.start : line.end]):
        return False
    # Only an unmarked line continues, or a quote line another quote line: its marker then
    # sits inside the segment, where the segmenter marks it as a line break to carry.
    # A list or heading marker would start a new unit; plain-text bullets count as markers.
    quoted = line.kind == "quote" and previous.kind == "quote"
    if (line.kind != "text" and not quoted) or previous.kind == "heading":
        return False
    if _LIST_ITEM.match(text[line.start : line.end]):
        return False
    previous_length = previous.end - previous.start
    if previous_length < WRAP_FILL_RATIO * width:
        return False
    next_text = line.text(text)
    first_word = next_text.split(maxsplit=1)[0] if next_text else ""
    if previous_length + 1 + len(first_word) <= width:
        return False
    return _last_letter_script(previous.text(text)) == _first_letter_script(next_text)


def _first_letter_script(text: str) -> str | None:
    return next((s for s in map(char_script, text) if s in (ARABIC, LATIN)), None)


def _last_letter_script(text: str) -> str | None:
    return _first_letter_script(text[::-1])


def is_menu_line(line: str) -> bool:
    """A share/navigation bar: three or more short items between ``|`` (or ``•``) separators."""
    items = _MENU_SEPARATOR.split(line.strip())
    return len(items) >= 3 and all(0 < len(item.split()) <= _MENU_ITEM_MAX_WORDS for item in items)


def _table_cells(text: str, start: int, end: int) -> list[Unit]:
    """Cells of one table row, split at pipes that are neither escaped nor inside code."""
    cells: list[Unit] = []
    cell_start = start
    in_code = False
    position = start
    while position <= end:
        ch = text[position] if position < end else "|"
        if ch == "`":
            in_code = not in_code
        elif ch == "\\":
            position += 2
            continue
        elif ch == "|" and not in_code:
            cell_end = position
            first, last = cell_start, cell_end
            while first < last and text[first].isspace():
                first += 1
            while last > first and text[last - 1].isspace():
                last -= 1
            if first < last:
                cells.append(Unit(first, last))
            cell_start = position + 1
        position += 1
    return cells
