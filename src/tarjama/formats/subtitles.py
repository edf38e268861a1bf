"""Subtitles: SubRip (``.srt``, through the ``srt`` library) and WebVTT (``.vtt``, through
``webvtt-py``).

**One cue, one block.** A cue's lines are its text, joined with a space: each cue is
translated on its own, so that a cue never shows words spoken during another one (a
sentence that runs across two cues is translated as two fragments). In a dialogue cue, a
line that starts with a dash (``- Hi.`` / ``- Hello.``) starts a line of its own: each
speaker's line is its own unit, wrapped on its own, and its dash is kept out of the text
(the model never sees it, and the version has it back at the start of that line).

**Tags.** Neither library parses the inline tags of a cue's text, so this module tokenises
them (:func:`_tokens`): SubRip's ``<i> <b> <u> <s> <font …>`` and WebVTT's ``<i> <b> <u> <c.x>
<v Name> <lang xx> <ruby> <rt>`` become ``FORMAT`` markup around their text (translated, the
tag put back around the translation); what carries no text (SubRip's ``{\\an8}``-style
overrides, WebVTT's ``<00:00:01.000>`` timestamps, an unknown or unmatched tag) is an
``OBJECT`` — kept, never translated, and kept at the very start or end of the cue when that
is where it stood. WebVTT character references (``&amp;``) are text to translate and are
escaped again where text is written.

**Versions.** A cue with nothing translated into the version's language is written exactly
as it was; a translated cue is re-wrapped (:func:`wrap`) to at most :data:`LINE_WIDTH`
characters a line and :data:`MAX_LINES` lines where the words fit, balanced, broken at
spaces, three lines rather than a lost word. Cue numbers, identifiers, timings, cue settings,
SubRip's text after the timings, the ``WEBVTT`` header, NOTE, STYLE and REGION blocks are
composed back by the libraries as they were read (the libraries write timings in their
canonical spelling: ``00:01.000`` as ``00:00:01.000``, ``00:00:01.5`` as ``00:00:01,500``).
The line ends and BOM of the input are kept.

**Right to left.** Neither format can declare a direction: players lay a line out by its
first strong character (the Unicode bidi algorithm). No bidi control characters are added
(players show some of them as boxes); instead the wrapping prefers line breaks after which
each line starts with a letter of the version's own direction, so that an Arabic line does
not start with a Latin name and get laid out left to right (with its final full stop at the
wrong end).
"""

from __future__ import annotations

import html
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tarjama.bidi import first_strong
from tarjama.chars import LineIndex
from tarjama.decode import decode_text
from tarjama.errors import FormatError
from tarjama.formats.base import FileFormat
from tarjama.formats.blocks import Atom, Piece, block_pieces, common_prefix, is_translated
from tarjama.formats.text import as_written
from tarjama.source import FORMAT, OBJECT, OBJECT_CHAR, MarkupSpan, SourceText

if TYPE_CHECKING:
    from tarjama.document import Document

#: the longest line of a re-wrapped cue, in characters (the usual broadcast limit)
LINE_WIDTH = 42
#: the lines a re-wrapped cue has at most, where its words fit in them
MAX_LINES = 2
#: lines that start with one of these are a speaker's line of a dialogue cue
DIALOGUE_DASHES = ("-", "\u2013", "\u2014")
_SPACES = " \t\n\r"

SRT_TIMING_FIX = "write each cue as its number, a line `00:00:01,000 --> 00:00:04,000`, its text"
VTT_TIMING_FIX = "write each cue's timing line as `00:00:01.000 --> 00:00:04.000` (then settings)"

# Paired tags whose text is translated; the names each format knows.
_SRT_PAIRED = frozenset({"i", "b", "u", "s", "font"})
#: what SubRip reads as a tag (a ``<br>`` is an object); any other ``<…>`` is text
_SRT_TAGS = _SRT_PAIRED | {"br"}
_VTT_PAIRED = frozenset({"c", "i", "b", "u", "v", "lang", "ruby", "rt"})


# --- the structure the writer needs ------------------------------------------------------


@dataclass(eq=False)
class _Tag:
    """One paired tag of a cue: how it opens and, if it did, how it closes."""

    open: str
    close: str | None = None


@dataclass(frozen=True)
class _Context:
    """Text inside these tags (outermost first): a handle of plain or formatted text."""

    tags: tuple[_Tag, ...]


@dataclass(frozen=True)
class _Object:
    """A tag with no text (``{\\an8}``, ``<00:00:01.000>``) inside the cue's text."""

    raw: str
    tags: tuple[_Tag, ...]


@dataclass
class _Cue:
    #: ``document.text[start:end]`` of each block of this cue's text: one, or one a
    #: speaker's line of a dialogue; none for a cue with no text
    blocks: list[tuple[int, int]] = field(default_factory=list)
    #: the atoms of each block
    atoms: list[list[Atom]] = field(default_factory=list)
    #: the handle of each block's plain text: the tags around all of the block
    bases: list[int] = field(default_factory=list)
    #: tags with no text before and after all of its text, kept there
    prefix: str = ""
    suffix: str = ""
    #: the dialogue dash ("- ") of each block, or "" ([] when none has one)
    dashes: list[str] = field(default_factory=list)


@dataclass
class Subtitles:
    """What a subtitle reader hands its writer (``SourceText.structure``)."""

    #: the library's own objects: a list of ``srt.Subtitle``, or a ``webvtt.WebVTT``
    parsed: Any
    cues: list[_Cue]
    handles: dict[int, _Context | _Object]


# --- reading cue text into blocks --------------------------------------------------------


@dataclass
class _Cell:
    """One character of a cue's text (or an object, or a line break) and its tags."""

    kind: str  # "char", "object", "break" (a line break), "split" (a dialogue's next line)
    text: str
    tags: tuple[_Tag, ...]


def _tokens(line: str, vtt: bool) -> list[tuple[str, str]]:
    """``line`` as ("text", s) and ("tag", raw) tokens; ``{…}`` overrides in SubRip are tags."""
    tokens: list[tuple[str, str]] = []
    position = 0
    while position < len(line):
        lt = line.find("<", position)
        brace = -1 if vtt else line.find("{", position)
        starts = [p for p in (lt, brace) if p >= 0]
        start = min(starts) if starts else -1
        end = -1
        if start >= 0:
            end = line.find(">" if start == lt else "}", start + 1)
        if start < 0 or end < 0:
            tokens.append(("text", line[position:]))
            break
        raw = line[start : end + 1]
        if start == brace and not raw.startswith("{\\"):
            tokens.append(("text", line[position : end + 1]))  # "{text}" is text
        elif start == lt and not vtt and _tag_name(raw)[1] not in _SRT_TAGS:
            tokens.append(("text", line[position : end + 1]))  # "<3" or "a < b >": text
        else:
            if start > position:
                tokens.append(("text", line[position:start]))
            tokens.append(("tag", raw))
        position = end + 1
    return [token for token in tokens if token[1]]


def _tag_name(raw: str) -> tuple[bool, str]:
    """(is a closing tag, lower-case name) of ``<name.class annotation>`` / ``</name>``."""
    inner = raw[1:-1].strip()
    closing = inner.startswith("/")
    inner = inner.lstrip("/").strip()
    name = ""
    for ch in inner:
        if ch.isspace() or ch in "./>":
            break
        name += ch
    return closing, name.lower()


def _cells(lines: list[str], vtt: bool) -> list[_Cell]:
    """A cue's lines as cells: each visible character with the tags around it."""
    paired = _VTT_PAIRED if vtt else _SRT_PAIRED
    stack: list[tuple[str, _Tag]] = []
    cells: list[_Cell] = []
    for number, line in enumerate(lines):
        if number:
            cells.append(_Cell("break", "\n", tuple(tag for _, tag in stack)))
        for kind, value in _tokens(line, vtt):
            tags = tuple(tag for _, tag in stack)
            if kind == "text":
                text = html.unescape(value) if vtt else value
                cells.extend(_Cell("char", ch, tags) for ch in text)
                continue
            closing, name = _tag_name(value)
            if value.startswith("{") or name not in paired:
                cells.append(_Cell("object", value, tags))
            elif not closing:
                stack.append((name, _Tag(value)))
            elif any(open_name == name for open_name, _ in stack):
                while stack:
                    open_name, tag = stack.pop()
                    if open_name == name:
                        tag.close = value
                        break
            else:
                cells.append(_Cell("object", value, tags))  # a close tag opened nowhere
    return cells


def _normalised(cells: list[_Cell]) -> tuple[list[_Cell], list[str]]:
    """Each line's text stripped, runs of white space as one space (a space on each side
    of an object is kept, so that it is not glued to a word), empty lines dropped, the
    lines joined by a space; a speaker's line of a dialogue (one that starts with a dash)
    starts a block of its own ("split" cells between blocks) and the dash that starts a
    block is kept out of its text. Returns the cells and the dash (or "") of each block."""
    lines: list[list[_Cell]] = [[]]
    for cell in cells:
        if cell.kind == "break":
            lines.append([])
        else:
            lines[-1].append(cell)
    joined: list[_Cell] = []
    dashes: list[str] = []
    for line in lines:
        kept: list[_Cell] = []
        for cell in line:
            if cell.kind == "char" and cell.text in " \t":
                if not kept or _is_space(kept[-1]):
                    continue  # leading or repeated white space
                cell = _Cell("char", " ", cell.tags)
            kept.append(cell)
        while kept and _is_space(kept[-1]):
            kept.pop()
        if not _has_text(kept):
            joined.extend(cell for cell in kept if cell.kind == "object")  # no separator
            continue
        first = next(i for i, cell in enumerate(kept) if _is_text(cell))
        if _has_text(joined):
            if kept[first].text in DIALOGUE_DASHES and _has_text(kept[first + 1 :]):
                joined.append(_Cell("split", "", ()))
            else:
                last = next(cell for cell in reversed(joined) if _is_text(cell))
                joined.append(_Cell("char", " ", common_prefix(last.tags, kept[first].tags)))
        joined.extend(kept)
    # the dash that starts a block, and the space after it, out of its text
    blocks: list[list[_Cell]] = [[]]
    for cell in joined:
        if cell.kind == "split":
            blocks.append([])
        else:
            blocks[-1].append(cell)
    result: list[_Cell] = []
    for block in blocks:
        dash = ""
        first = next((i for i, cell in enumerate(block) if _is_text(cell)), None)
        is_dash = first is not None and block[first].text in DIALOGUE_DASHES
        if first is not None and is_dash and _has_text(block[first + 1 :]):
            dash = block.pop(first).text
            if _is_space(block[first]):
                dash += block.pop(first).text
        if result:
            result.append(_Cell("split", "", ()))
        result.extend(block)
        dashes.append(dash)
    return result, dashes if any(dashes) else []


def _is_text(cell: _Cell) -> bool:
    """A character other than a space: what a cue's text starts and ends with."""
    return cell.kind == "char" and cell.text not in " \n"


def _has_text(cells: list[_Cell]) -> bool:
    return any(_is_text(cell) for cell in cells)


def _is_space(cell: _Cell) -> bool:
    return cell.kind == "char" and cell.text == " "


class _Builder:
    """Builds the document text, its markup and the cues' atoms, cue by cue."""

    def __init__(self, vtt: bool):
        self.vtt = vtt
        self.blocks: list[str] = []
        self.length = 0  # of the text so far, separators included
        self.markup: list[MarkupSpan] = []
        self.handles: dict[int, _Context | _Object] = {}
        self._contexts: dict[tuple[int, ...], int] = {}

    def _context(self, tags: tuple[_Tag, ...]) -> int:
        key = tuple(id(tag) for tag in tags)
        if key not in self._contexts:
            self._contexts[key] = len(self.handles)
            self.handles[len(self.handles)] = _Context(tags)
        return self._contexts[key]

    def cue(self, lines: list[str]) -> _Cue:
        cells, dashes = _normalised(_cells(lines, self.vtt))
        chars = [i for i, cell in enumerate(cells) if _is_text(cell)]
        if not chars:
            return _Cue(prefix="".join(cell.text for cell in cells))
        first, last = chars[0], chars[-1]
        cue = _Cue(dashes=dashes)
        cue.prefix = "".join(cell.text for cell in cells[:first])
        cue.suffix = "".join(cell.text for cell in cells[last + 1 :])
        part: list[_Cell] = []
        for cell in [*cells[first : last + 1], _Cell("split", "", ())]:
            if cell.kind != "split":
                part.append(cell)
                continue
            span, atoms, base = self._block(part)
            cue.blocks.append(span)
            cue.atoms.append(atoms)
            cue.bases.append(base)
            part = []
        return cue

    def _block(self, body: list[_Cell]) -> tuple[tuple[int, int], list[Atom], int]:
        """One block of the text: its span, its atoms and the handle of its plain text,
        the tags around all of it (they are no markup: a span of the whole block would
        hide the spans inside it from the segmenter)."""
        if self.blocks:
            self.length += 2  # the blank line between blocks
        start = self.length
        text: list[str] = []
        atoms: list[Atom] = []
        covered: dict[int, tuple[_Tag, tuple[int, int]]] = {}
        for offset, cell in enumerate(body, start):
            if cell.kind == "object":
                handle = len(self.handles)
                self.handles[handle] = _Object(cell.text, cell.tags)
                text.append(OBJECT_CHAR)
                self.markup.append(MarkupSpan(offset, offset + 1, OBJECT, handle))
            else:
                handle = self._context(cell.tags)
                text.append(cell.text)
            if atoms and atoms[-1].handle == handle and atoms[-1].end == offset:
                atoms[-1] = Atom(atoms[-1].start, offset + 1, handle)
            else:
                atoms.append(Atom(offset, offset + 1, handle))
            for tag in cell.tags:
                a, _ = covered.get(id(tag), (tag, (offset, offset)))[1]
                covered[id(tag)] = (tag, (a, offset + 1))
        around = body[0].tags
        for cell in body:
            around = common_prefix(around, cell.tags)
        self._format_spans(body, covered, len(around))
        block = "".join(text)
        self.blocks.append(block)
        self.length += len(block)
        return (start, self.length), atoms, self._context(around)

    def _format_spans(
        self, body: list[_Cell], covered: dict[int, tuple[_Tag, tuple[int, int]]], skip: int
    ) -> None:
        """One FORMAT span a range of tagged text (the innermost tags where several cover
        the same range), its handle the context of the tags down to it; the ``skip``
        outermost tags cover the whole block and are none."""
        by_range: dict[tuple[int, int], tuple[_Tag, ...]] = {}
        for cell in body:
            for depth, tag in enumerate(cell.tags):
                if depth < skip:
                    continue
                span = covered[id(tag)][1]
                tags = cell.tags[: depth + 1]
                if len(tags) >= len(by_range.get(span, ())):
                    by_range[span] = tags
        for (a, b), tags in sorted(by_range.items()):
            self.markup.append(MarkupSpan(a, b, FORMAT, self._context(tags)))

    def text(self) -> str:
        return "\n\n".join(self.blocks) + "\n" if self.blocks else ""


# --- writing a translated cue --------------------------------------------------------------


@dataclass
class _Item:
    kind: str  # "text", "tag"
    text: str
    tags: tuple[_Tag, ...] = ()


def _items(pieces: list[Piece], handles: dict[int, _Context | _Object], srt: bool) -> list[_Item]:
    items: list[_Item] = []
    for piece in pieces:
        entry = handles.get(piece.handle) if isinstance(piece.handle, int) else None
        if entry is None:
            entry = _Context(())
        if isinstance(entry, _Object):
            items.append(_Item("tag", entry.raw, entry.tags))
            continue
        text = piece.text
        if piece.translated:
            lead = " " if piece.text[:1] in _SPACES else ""
            tail = " " if piece.text[-1:] in _SPACES else ""
            text = " ".join(text.split())
            if srt:
                text = text.replace("-->", "->")  # never a timing line
            items.append(_Item("text", lead + text + tail, entry.tags))
            continue
        items.append(_Item("text", text, entry.tags))
    return items


def _objects_kept(
    items: list[_Item], atoms: list[Atom], handles: dict[int, _Context | _Object]
) -> list[_Item]:
    """``items`` with every object of the block in them: an object inside formatted text
    travels in that text (as U+FFFC) rather than as a carried span, so one the pieces lack
    takes the place of a U+FFFC the translation kept, in order, or goes at the end."""
    objects = [handles[a.handle] for a in atoms if isinstance(handles.get(a.handle), _Object)]
    present = [item.text for item in items if item.kind == "tag"]
    missing: list[_Object] = []
    for entry in objects:
        if entry.raw in present:
            present.remove(entry.raw)
        else:
            missing.append(entry)
    if not missing:
        return [_Item(i.kind, i.text.replace(OBJECT_CHAR, ""), i.tags) for i in items]
    kept: list[_Item] = []
    for item in items:
        if item.kind != "text" or OBJECT_CHAR not in item.text:
            kept.append(item)
            continue
        for number, part in enumerate(item.text.split(OBJECT_CHAR)):
            if number and missing:
                entry = missing.pop(0)
                kept.append(_Item("tag", entry.raw, entry.tags))
            kept.append(_Item("text", part, item.tags))
    kept.extend(_Item("tag", entry.raw, entry.tags) for entry in missing)
    return kept


def _render(hard_lines: list[list[_Item]], cue: _Cue, lang: str, vtt: bool) -> list[str] | None:
    """The lines of a rebuilt cue from the items of each of its blocks (each block starts
    a line); None when it has no visible text left."""
    out: list[str] = [cue.prefix]
    stack: tuple[_Tag, ...] = ()
    visible_any = False

    def move_to(tags: tuple[_Tag, ...]) -> None:
        nonlocal stack
        common = common_prefix(stack, tags)
        for tag in reversed(stack[len(common) :]):
            if tag.close:
                out.append(tag.close)
        out.extend(tag.open for tag in tags[len(common) :])
        stack = tags

    first_line = True
    for number, line in enumerate(hard_lines):
        dash = cue.dashes[number] if number < len(cue.dashes) else ""
        # visible characters ("" for a tag), white space as the reader takes it: leading
        # and repeated spaces dropped, a space on each side of a tag kept
        chars: list[tuple[str, _Item]] = []
        for item in line:
            if item.kind == "tag":
                chars.append(("", item))
                continue
            for ch in item.text:
                if ch in _SPACES:
                    if not chars or chars[-1][0] == " ":
                        continue
                    ch = " "
                chars.append((ch, item))
        while chars and chars[-1][0] == " ":
            chars.pop()
        visible = "".join(c for c, _ in chars)
        if not visible:
            for _, item in chars:
                move_to(item.tags)
                out.append(item.text)
            continue
        visible_any = True
        if not first_line:
            out.append("\n")
        first_line = False
        out.append(dash)
        breaks = set(wrap(visible, lang, LINE_WIDTH - visible_length(dash)))
        index = 0
        for ch, item in chars:
            if item.kind == "tag":
                move_to(item.tags)
                out.append(item.text)
                continue
            if index in breaks:  # tags the space is not in close before the break
                move_to(common_prefix(stack, item.tags))
                out.append("\n")
            else:
                move_to(item.tags)
                out.append(_escape(ch) if vtt else ch)
            index += 1
    if not visible_any:
        return None
    move_to(())
    out.append(cue.suffix)
    return "".join(out).split("\n")


def _escape(ch: str) -> str:
    return {"&": "&amp;", "<": "&lt;", ">": "&gt;"}.get(ch, ch)


# --- wrapping -------------------------------------------------------------------------------


def visible_length(text: str) -> int:
    """Characters a player shows: combining marks (Arabic short vowels) and format
    characters take no room."""
    return sum(1 for ch in text if unicodedata.category(ch) not in ("Mn", "Me", "Cf"))


def wrap(text: str, lang: str, width: int = LINE_WIDTH) -> list[int]:
    """Where to break ``text`` (one line, single spaces): the indices of the spaces that
    become line breaks.

    A text of at most ``width`` characters stays one line. A longer one gets the fewest
    lines its words fit in at ``width`` (:data:`MAX_LINES` where possible, more rather than
    a lost word; a word longer than ``width`` has a line of its own), as balanced as the
    words allow, preferring lines that start with a letter of ``lang``'s direction. No line
    starts with a dash (it would read as a speaker's line of a dialogue).
    """
    if visible_length(text) <= width:
        return []
    # Units: words, a word starting with a dash glued to the one before it (and the second
    # space of two, around a tag).
    units: list[tuple[int, int]] = []  # (start index in text, visible length)
    position = 0
    for word in text.split(" "):
        length = visible_length(word)
        if units and (not word or word.startswith(DIALOGUE_DASHES)):  # "": a double space
            start, previous = units[-1]
            units[-1] = (start, previous + 1 + length)
        else:
            units.append((position, length))
        position += len(word) + 1
    lengths = [length for _, length in units]
    if len(units) > 400:  # no subtitle is this long: first fit, not the balanced search
        return [units[k][0] - 1 for k in _greedy_starts(lengths, width)[1:]]
    count = max(len(_greedy_starts(lengths, width)), MAX_LINES)
    count = min(count, len(units))
    direction = "rtl" if lang == "ar" else "ltr"
    penalty = (width // 2) ** 2
    n = len(units)
    # the direction of the first strong character from unit i on (None: no strong one)
    strong: list[str | None] = [None] * (n + 1)
    for i in range(n - 1, -1, -1):
        start = units[i][0]
        end = units[i + 1][0] - 1 if i + 1 < n else len(text)
        strong[i] = first_strong(text[start:end]) or strong[i + 1]
    prefix = [0]
    for length in lengths:
        prefix.append(prefix[-1] + length)

    infinity = float("inf")
    best = [[infinity] * (n + 1) for _ in range(count + 1)]
    choice = [[0] * (n + 1) for _ in range(count + 1)]
    best[0][0] = 0
    for lines in range(1, count + 1):
        for j in range(lines, n + 1):
            for i in range(j - 1, lines - 2, -1):
                length = prefix[j] - prefix[i] + (j - i - 1)
                if length > width and j - i > 1:
                    break  # longer lines fit even less
                if best[lines - 1][i] == infinity:
                    continue
                wrong = strong[i] is not None and strong[i] != direction
                total = best[lines - 1][i] + length * length + (penalty if wrong else 0)
                if total < best[lines][j]:
                    best[lines][j], choice[lines][j] = total, i
    if best[count][n] == infinity:
        return [units[k][0] - 1 for k in _greedy_starts(lengths, width)[1:]]
    starts, j = [], n
    for lines in range(count, 0, -1):
        j = choice[lines][j]
        starts.append(j)
    return [units[k][0] - 1 for k in sorted(starts)[1:]]


def _greedy_starts(lengths: list[int], width: int) -> list[int]:
    """The first unit of each line, first fit: as many lines as the units need."""
    starts, current = [0], -1
    for index, length in enumerate(lengths):
        if current >= 0 and current + 1 + length > width:
            starts.append(index)
            current = length
        else:
            current = length if current < 0 else current + 1 + length
    return starts


# --- the formats ------------------------------------------------------------------------------


class _SubtitleFormat(FileFormat):
    def _source(self, path: Path, decoded: Any, parsed: Any, lines: list[list[str]]) -> SourceText:
        builder = _Builder(vtt=self.name == "vtt")
        cues = [builder.cue(cue_lines) for cue_lines in lines]
        text = builder.text()
        if not text.strip():
            raise FormatError(
                path,
                f"is {self.description} whose cues hold no text: there is nothing to translate",
                "pass the subtitles that hold the dialogue",
            )
        structure = Subtitles(parsed, cues, builder.handles)
        return SourceText(
            path,
            text,
            self.name,
            decoded.newline,
            decoded.had_bom,
            markup=builder.markup,
            structure=structure,
        )

    def _cue_lines(self, document: Document, cue: _Cue, lang: str) -> list[str] | None:
        """The new lines of ``cue`` in ``lang``, or None: keep it exactly as it was."""
        if not any(is_translated(document, *span, lang) for span in cue.blocks):
            return None
        structure: Subtitles = document.structure
        lines = []
        for span, atoms, base in zip(cue.blocks, cue.atoms, cue.bases, strict=True):
            pieces = block_pieces(document, *span, atoms, base, lang)
            items = _items(pieces, structure.handles, srt=self.name == "srt")
            lines.append(_objects_kept(items, atoms, structure.handles))
        return _render(lines, cue, lang, vtt=self.name == "vtt")

    def _finish(self, document: Document, text: str) -> str:
        return as_written(document, text)


class SubRip(_SubtitleFormat):
    name = "srt"
    suffixes = (".srt",)
    description = "a SubRip subtitle file"

    def read(self, path: Path, data: bytes) -> SourceText:
        import srt

        decoded = decode_text(path, data)
        text = decoded.text
        try:
            subtitles = list(srt.parse(text))
        except srt.SRTParseError as error:
            raise _srt_unparsed(path, text, error.expected_start, error.actual_start) from None
        except (ValueError, OverflowError) as error:  # a timing too large for a timedelta
            raise FormatError(
                path, f"has a timing tarjama cannot read ({error})", SRT_TIMING_FIX
            ) from None
        # srt.parse yields one subtitle per match of its own pattern: the same matches say
        # where each cue stands, for errors with a line number.
        matches = list(srt.SRT_REGEX.finditer(text))
        lines_of = LineIndex(text)
        for subtitle, match in zip(subtitles, matches, strict=True):
            timing_line = lines_of.line(match.start(2))
            name = f"cue {subtitle.index}" if subtitle.index is not None else "a cue"
            if subtitle.end < subtitle.start:
                raise FormatError(
                    path,
                    f"{name} ends ({srt.timedelta_to_srt_timestamp(subtitle.end)}) before it "
                    f"starts ({srt.timedelta_to_srt_timestamp(subtitle.start)})",
                    "correct the cue's timing line: the end time comes after the start time",
                    line=timing_line,
                )
            _check_srt_content(path, subtitle.content, lines_of.line(match.start(5)), name)
        lines = [subtitle.content.split("\n") for subtitle in subtitles]
        return self._source(path, decoded, subtitles, lines)

    def write(self, document: Document, lang: str) -> str:
        import srt

        structure: Subtitles = document.structure
        blocks = []
        for subtitle, cue in zip(structure.parsed, structure.cues, strict=True):
            lines = self._cue_lines(document, cue, lang)
            content = subtitle.content if lines is None else "\n".join(lines)
            copy = srt.Subtitle(
                subtitle.index, subtitle.start, subtitle.end, content, subtitle.proprietary
            )
            block = copy.to_srt(strict=False)
            if subtitle.index is None:  # srt writes a missing number as 0: leave it out
                block = block.split("\n", 1)[1]
            blocks.append(block)
        return self._finish(document, "".join(blocks))


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _srt_unparsed(path: Path, text: str, start: int, end: int) -> FormatError:
    """The error for text the srt parser matched no cue in: a broken timing line, or text
    that is no cue at all."""
    chunk = text[start:end]
    offset = start + len(chunk) - len(chunk.lstrip())
    lines = text[offset:end].split("\n")
    first = _line_of(text, offset)
    for number, line in enumerate(lines):
        if "-->" in line or (number == 1 and lines[0].strip().isdigit()):
            name = f"cue {lines[0].strip()}" if lines[0].strip().isdigit() else "a cue"
            return FormatError(
                path,
                f"{name} has a timing line that is not `start --> end`: {line.strip()!r}",
                SRT_TIMING_FIX,
                line=first + number,
            )
    return FormatError(
        path,
        f"is not {SubRip.description}: {lines[0].strip()[:60]!r} is not part of a cue",
        f"{SRT_TIMING_FIX} (is it another format with the wrong extension?)",
        line=first,
    )


def _check_srt_content(path: Path, content: str, first_line: int, name: str) -> None:
    """A cue whose text holds another cue: srt reads a cue with a broken timing line as
    text of the cue before it (it allows blank lines in a cue's text)."""
    lines = content.split("\n")
    for number, line in enumerate(lines):
        after_blank = number > 0 and not lines[number - 1].strip()
        numbered = after_blank and line.strip().isdigit() and number + 1 < len(lines)
        if numbered or ("-->" in line and any(ch.isdigit() for ch in line)):
            timing = number + 1 if numbered else number
            cue = f"cue {line.strip()}" if numbered else f"the cue after {name}"
            raise FormatError(
                path,
                f"{cue} has a timing line that is not `start --> end`: {lines[timing].strip()!r}",
                SRT_TIMING_FIX,
                line=first_line + timing,
            )


class WebVTT(_SubtitleFormat):
    name = "vtt"
    suffixes = (".vtt",)
    description = "a WebVTT subtitle file"

    def read(self, path: Path, data: bytes) -> SourceText:
        import webvtt
        from webvtt.errors import MalformedCaptionError, MalformedFileError

        decoded = decode_text(path, data)
        text = decoded.text
        first = text.split("\n", 1)[0]
        if not (first == "WEBVTT" or first.startswith(("WEBVTT ", "WEBVTT\t"))):
            raise _vtt_header_error(path, first)
        timings = _vtt_timing_lines(path, text)
        try:
            parsed = webvtt.from_string(text)
        except (MalformedFileError, MalformedCaptionError) as error:
            raise FormatError(
                path,
                f"is not a WebVTT file tarjama can read ({error})",
                "check that it is WebVTT (it starts with the line WEBVTT, then cues)",
            ) from None
        for number, caption in enumerate(parsed.captions):
            if number >= len(timings) or timings[number][1:] != (
                caption.start_time.in_milliseconds(),
                caption.end_time.in_milliseconds(),
            ):
                line = timings[number][0] if number < len(timings) else None
                raise FormatError(
                    path,
                    "has a cue tarjama reads differently from its timing lines",
                    "separate each cue from the block before it by a blank line",
                    line=line,
                )
        if len(parsed.captions) < len(timings):
            line = timings[len(parsed.captions)][0]
            raise FormatError(
                path,
                "has a timing line that is not read as a cue",
                "separate each cue from the block before it by a blank line",
                line=line,
            )
        for (line, start, end), caption in zip(timings, parsed.captions, strict=True):
            if end < start:
                name = f"cue {caption.identifier!r}" if caption.identifier else "a cue"
                raise FormatError(
                    path,
                    f"{name} ends ({caption.end}) before it starts ({caption.start})",
                    "correct the cue's timing line: the end time comes after the start time",
                    line=line,
                )
        _check_vtt_blocks(path, text)
        lines = [list(caption.lines) for caption in parsed.captions]
        return self._source(path, decoded, parsed, lines)

    def write(self, document: Document, lang: str) -> str:
        import webvtt

        structure: Subtitles = document.structure
        parsed = structure.parsed
        captions = []
        translated = False
        for caption, cue in zip(parsed.captions, structure.cues, strict=True):
            lines = self._cue_lines(document, cue, lang)
            translated = translated or lines is not None
            copy = webvtt.Caption(
                caption.start,
                caption.end,
                list(caption.lines) if lines is None else lines,
                caption.identifier,
                caption.settings,
            )
            copy.comments = list(caption.comments)
            captions.append(copy)
        metadata = list(parsed.metadata)
        if translated:  # "Language: en" in the header names the version's language
            metadata = [_language_line(line, lang) for line in metadata]
        version = webvtt.WebVTT(
            captions=captions,
            styles=parsed.styles,
            header_comments=list(parsed.header_comments),
            footer_comments=list(parsed.footer_comments),
            header_text=parsed.header_text,
            metadata=metadata,
            regions=parsed.regions,
        )
        return self._finish(document, version.content)


def _language_line(line: str, lang: str) -> str:
    key, colon, _ = line.partition(":")
    return f"{key}: {lang}" if colon and key.strip().lower() == "language" else line


def _vtt_header_error(path: Path, first: str) -> FormatError:
    looks_srt = first.strip().isdigit() or "," in first and "-->" in first
    fix = (
        "it looks like SubRip: give it the .srt extension"
        if looks_srt
        else "start the file with the line WEBVTT (then a blank line and the cues)"
    )
    return FormatError(
        path, f"is not a WebVTT file: its first line is {first[:40]!r}, not WEBVTT", fix, line=1
    )


def _vtt_timing_lines(path: Path, text: str) -> list[tuple[int, int, int]]:
    """(line, start ms, end ms) of each cue timing line, read with webvtt-py's own pattern
    and timestamps; a line with ``-->`` that is none is an error naming it."""
    from webvtt.errors import MalformedCaptionError
    from webvtt.models import Timestamp
    from webvtt.vtt import WebVTTCueBlock

    timings = []
    for number, line in enumerate(text.split("\n"), 1):
        if "-->" not in line or line.startswith("NOTE"):
            continue
        match = WebVTTCueBlock.CUE_TIMINGS_PATTERN.match(line)
        try:
            if match is None:
                raise MalformedCaptionError(line)
            start = Timestamp.from_string(match.group(1)).in_milliseconds()
            end = Timestamp.from_string(match.group(2)).in_milliseconds()
        except MalformedCaptionError:
            raise FormatError(
                path,
                f"has a cue timing line that is not `start --> end`: {line.strip()[:80]!r}",
                VTT_TIMING_FIX,
                line=number,
            ) from None
        timings.append((number, start, end))
    return timings


def _check_vtt_blocks(path: Path, text: str) -> None:
    """Refuse text outside every cue (webvtt-py, like players, would drop it): most often a
    blank line inside a cue's text, which ends the cue."""
    lines = text.split("\n")
    block: list[str] = []
    start = 0
    for number, line in enumerate([*lines, ""], 1):
        if line:
            if not block:
                start = number
            block.append(line)
            continue
        if block and start > 1 and not _known_block(block):
            raise FormatError(
                path,
                f"has text outside any cue: {block[0].strip()[:60]!r}",
                "remove the blank line inside the cue above it (a blank line ends a cue's "
                "text), or delete the stray text",
                line=start,
            )
        block = []


def _known_block(block: list[str]) -> bool:
    head = block[0]
    return (
        any("-->" in line for line in block)
        or head.startswith("NOTE")
        or head == "STYLE"
        or (head.startswith("REGION") and not head[6:].strip())
    )
