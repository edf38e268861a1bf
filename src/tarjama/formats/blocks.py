"""Putting a block's text back into a structure: the pieces a writer turns into runs.

A structured reader builds the document's text from its blocks (a Word paragraph, an HTML
element, a subtitle cue) and remembers, for each stretch of that text, which piece of the
structure it came from: an :class:`Atom` (a run, a text node) with the reader's handle.

The writer of the ``lang`` version asks :func:`block_pieces` for a block's content in that
language. Text that stays as it was (between segments, and segments already in ``lang``)
comes back as slices of the original atoms, with their handles, so its formatting is
exactly what it was. A translated segment comes back as new pieces: its plain text with the
formatting of the segment (the block's ``base`` handle, or the handle of a structure span
that covers the whole segment), and each carried span of the structure (a bold run, a link,
an object) with its own handle, where the translation holds it. An object the translation
lost (a reviewer deleted its ``￼``) is put at the end of the segment: nothing is dropped.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from tarjama.document import CarriedSpan, Document, Segment
from tarjama.source import FORMAT, OBJECT, MarkupIndex

Handle = int | str


@dataclass(frozen=True)
class Atom:
    """``document.text[start:end]`` came from one piece of the structure, ``handle``."""

    start: int
    end: int
    handle: Handle


@dataclass(frozen=True)
class Piece:
    """Text of a version, with the handle of the structure whose formatting it takes."""

    text: str
    handle: Handle
    #: False for text copied as it was, True for a translation
    translated: bool = False
    #: the carried span this piece is, in a translation (None for plain translated text)
    span: CarriedSpan | None = None


def block_pieces(
    document: Document, start: int, end: int, atoms: Sequence[Atom], base: Handle, lang: str
) -> list[Piece]:
    """The text of ``document.text[start:end]`` (one block) in ``lang``, as pieces.

    ``atoms`` cover the block, in order; ``base`` is the handle plain translated text takes.
    """
    pieces: list[Piece] = []
    cursor = start
    for segment in segments_in(document, start, end):
        pieces += _slices(document, atoms, cursor, segment.start)
        if segment.translation is not None and segment.target_lang == lang:
            pieces += _translated(document, segment, _segment_base(document, segment, base))
        else:
            pieces += _slices(document, atoms, segment.start, segment.end)
        cursor = segment.end
    pieces += _slices(document, atoms, cursor, end)
    return merge_pieces(pieces)


def is_translated(document: Document, start: int, end: int, lang: str) -> bool:
    """Whether any segment of the block ``[start, end)`` is translated into ``lang``: a
    block that is not stays in the structure untouched."""
    return any(
        s.translation is not None and s.target_lang == lang
        for s in segments_in(document, start, end)
    )


def common_prefix(a: tuple, b: tuple) -> tuple:
    """The longest start ``a`` and ``b`` share: the wrappers (elements, tags) two pieces of
    text are both inside."""
    size = 0
    while size < min(len(a), len(b)) and a[size] == b[size]:
        size += 1
    return a[:size]


def merge_pieces(pieces: Sequence[Piece]) -> list[Piece]:
    """Adjacent pieces with the same handle and origin as one (no span pieces merged)."""
    merged: list[Piece] = []
    for piece in pieces:
        if not piece.text:
            continue
        last = merged[-1] if merged else None
        if (
            last is not None
            and last.handle == piece.handle
            and last.translated == piece.translated
            and last.span is None
            and piece.span is None
        ):
            merged[-1] = Piece(last.text + piece.text, last.handle, last.translated)
        else:
            merged.append(piece)
    return merged


class _Index:
    """Segments and structure spans by position, for finding a block's in log time: a
    writer walks thousands of blocks, each of which would otherwise scan them all."""

    def __init__(self, document: Document):
        self.key = _index_key(document)
        self.segments = sorted(document.segments, key=lambda s: s.start)
        self.starts = [s.start for s in self.segments]
        self.spans = MarkupIndex(span for span in document.markup if span.kind != OBJECT)


def _index_key(document: Document) -> tuple[int, ...]:
    """Cheap to take on every lookup: the paragraph and markup lists, and their lengths."""
    paragraphs, markup = document.paragraphs, document.markup
    return id(paragraphs), len(paragraphs), id(markup), len(markup)


def _index(document: Document) -> _Index:
    """The document's index, built once and rebuilt only if its paragraphs or markup were
    replaced (a rebuilt document)."""
    index = document.__dict__.get("_blocks_index")
    if index is None or index.key != _index_key(document):
        index = _Index(document)
        document.__dict__["_blocks_index"] = index
    return index


def segments_in(document: Document, start: int, end: int) -> list[Segment]:
    """The segments of ``document`` inside ``[start, end)``, in order (found by bisection)."""
    index = _index(document)
    first = bisect_left(index.starts, start)
    last = bisect_left(index.starts, end, lo=first)
    return [s for s in index.segments[first:last] if s.end <= end]


def _slices(document: Document, atoms: Sequence[Atom], start: int, end: int) -> list[Piece]:
    """The original text of ``[start, end)``, atom by atom."""
    pieces = []
    for atom in atoms:
        a, b = max(atom.start, start), min(atom.end, end)
        if a < b:
            pieces.append(Piece(document.text[a:b], atom.handle))
    return pieces


def _segment_base(document: Document, segment: Segment, base: Handle) -> Handle:
    """The handle of a structure span covering the whole segment, else the block's (such a
    span starts in the segment's paragraph, at or before the segment)."""
    spans = _index(document).spans.starting_in(
        _paragraph_start(document, segment), segment.start + 1
    )
    for span in spans:
        if span.end >= segment.end:
            return span.handle
    return base


def _paragraph_start(document: Document, segment: Segment) -> int:
    paragraphs = document.paragraphs
    if 0 <= segment.paragraph < len(paragraphs):
        return paragraphs[segment.paragraph].start
    return 0


def _translated(document: Document, segment: Segment, base: Handle) -> list[Piece]:
    """A translation as pieces: plain text in ``base``, structure spans in their handle."""
    translation = segment.translation or ""
    spans = [span for span in segment.carried if span.handle is not None]
    located = _locate(translation, spans)
    found = {id(span) for span, _ in located}
    lost = [span for span in spans if span.kind == FORMAT and id(span) not in found]
    if lost and not any(span.kind == FORMAT for span, _ in located):
        # A reviewer rewrote the words of a link or a bold phrase: its formatting now covers
        # the sentence rather than being dropped (a link stays a link).
        base = lost[0].handle
    pieces: list[Piece] = []
    cursor = 0
    for span, (a, b) in located:
        if a > cursor:
            pieces.append(Piece(translation[cursor:a], base, True))
        pieces.append(Piece(translation[a:b], span.handle, True, span))
        cursor = b
    if cursor < len(translation):
        pieces.append(Piece(translation[cursor:], base, True))
    for span in spans:  # an object the translation lost still goes into the version
        if span.kind == OBJECT and id(span) not in found:
            pieces.append(Piece(span.text, span.handle, True, span))
    return pieces


def _locate(
    translation: str, spans: list[CarriedSpan]
) -> list[tuple[CarriedSpan, tuple[int, int]]]:
    """Where each span stands in ``translation``, in order, without overlaps: its recorded
    offsets while they still hold its text, else its first occurrence after the previous
    one (a reviewer may have edited the translation around it), else nowhere."""
    located: list[tuple[CarriedSpan, tuple[int, int]]] = []
    for span in sorted(spans, key=lambda s: (s.target_start is None, s.target_start or 0)):
        text = span.rendered
        floor = located[-1][1][1] if located else 0
        a, b = span.target_start, span.target_end
        if a is None or b is None or a < floor or translation[a:b] != text:
            found = translation.find(text, floor) if text else -1
            if found < 0:
                continue
            a, b = found, found + len(text)
        located.append((span, (a, b)))
    return located
