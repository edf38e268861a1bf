"""Carry code, URLs, Markdown markup and other-script names through the model unchanged.

Each carried span is replaced by a placeholder token before translation and put back
afterwards. The placeholder is a short Latin token that MT models copy like a name or an
acronym. A model may still drop or mangle it (a random-weight test model always does):
then the span is appended to the translation, before its final punctuation, and marked
``placed: false`` — the text is never lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tarjama.document import CarriedSpan, Segment
from tarjama.source import OBJECT

_TERMINAL = ".!?؟…"
#: A line break with markup (a quote's ">") inside a segment: a space for the model, and
#: nothing in the one-line translation.
LINE_BREAK = "break"
#: A run in the other script (a name, an acronym): put back verbatim, never translated.
FOREIGN = "foreign"


def placeholder(index: int) -> str:
    return f"XZQ{index}"


# Tokenisers may split the token ("XZ Q1", "xzq 1"); accept spaces between its pieces. A
# model may also glue it to the word before ("buttonXZQ0": a tag touching a word in Word
# or XLIFF source), so nothing is required before it.
_ANY_PLACEHOLDER = re.compile(r"X\s*Z\s*Q\s*(\d+)(?![0-9])", re.IGNORECASE)


@dataclass
class ModelInput:
    """What the model sees for one segment."""

    text: str
    #: carried spans whose inner text must be translated too (links, emphasis)
    inner_texts: list[str]


def prepare(segment: Segment) -> ModelInput:
    """The segment's source with every carried span replaced by its placeholder."""
    pieces: list[str] = []
    cursor = segment.start
    source = segment.source
    for index, span in enumerate(segment.carried):
        pieces.append(source[cursor - segment.start : span.start - segment.start])
        if span.kind == LINE_BREAK:
            pieces.append(" ")
        else:  # "word<img>word" as "word XZQ0 word": glued, the model would not see a token
            before = source[span.start - segment.start - 1 : span.start - segment.start]
            after = source[span.end - segment.start : span.end - segment.start + 1]
            pad_before = " " if before.isalnum() else ""
            pad_after = " " if after.isalnum() else ""
            pieces.append(f"{pad_before}{placeholder(index)}{pad_after}")
        cursor = span.end
    pieces.append(segment.source[cursor - segment.start :])
    text = " ".join("".join(pieces).split())
    inner = [span.inner for span in segment.carried if span.inner is not None]
    return ModelInput(text=text, inner_texts=inner)


def restore(translation: str, segment: Segment) -> str:
    """Put each carried span back where the model left its placeholder, or append it.

    One pass over the model's output, after its whitespace is normalised: carried text
    (a code span's spaces, a literal ``XZQ1`` in code) is inserted verbatim and never
    rescanned. A placeholder the model repeated, or one it invented, is dropped. Each span
    records where it stands in the result (``target_start`` / ``target_end``), appended
    ones included, for the writers of structured formats.
    """
    translation = " ".join(translation.split())
    pieces: list[str] = []
    placed: dict[int, int] = {}  # span index → its piece
    cursor = 0
    for match in _ANY_PLACEHOLDER.finditer(translation):
        pieces.append(translation[cursor : match.start()])
        index = int(match.group(1))
        if index < len(segment.carried) and index not in placed:
            placed[index] = len(pieces)
            pieces.append(segment.carried[index].rendered)
        elif pieces and pieces[-1].endswith(" "):
            pieces[-1] = pieces[-1][:-1]  # the dropped token's space goes with it
        cursor = match.end()
    pieces.append(translation[cursor:])
    _keep_objects_glued(pieces, placed, segment)
    result = "".join(pieces)
    lead = len(result) - len(result.lstrip())
    result = result.strip()
    offsets = [0]
    for piece in pieces:
        offsets.append(offsets[-1] + len(piece))
    for index, span in enumerate(segment.carried):
        span.placed = index in placed or span.kind == LINE_BREAK
        span.target_start = span.target_end = None
        if index in placed:
            span.target_start = max(offsets[placed[index]] - lead, 0)
            span.target_end = min(offsets[placed[index] + 1] - lead, len(result))
    missing = [span for span in segment.carried if not span.placed]
    for span in missing:
        segment.warnings.append(
            f"line {segment.line}: the model dropped the {span.kind} {span.text!r}; "
            "appended to the translation"
        )
    if missing:
        result = _append(result, missing, segment.carried)
    return result


def _keep_objects_glued(pieces: list[str], placed: dict[int, int], segment: Segment) -> None:
    """An object glued to a word in the source (a footnote mark: ``Moscow¹``) is glued in
    the translation too, though the model saw its placeholder as a word of its own."""
    source = segment.source
    for index, position in placed.items():
        span = segment.carried[index]
        if span.kind != OBJECT:
            continue
        start, end = span.start - segment.start, span.end - segment.start
        if start > 0 and not source[start - 1].isspace() and position > 0:
            pieces[position - 1] = pieces[position - 1].rstrip(" ")
        if end < len(source) and not source[end].isspace() and position + 1 < len(pieces):
            pieces[position + 1] = pieces[position + 1].lstrip(" ")


def _append(text: str, missing: list[CarriedSpan], spans: list[CarriedSpan]) -> str:
    """``text`` with the ``missing`` spans added before its final punctuation (never inside
    a span already placed), each span's target offsets set or moved to fit."""
    floor = max((span.target_end for span in spans if span.target_end is not None), default=0)
    end = len(text)
    while end > floor and text[end - 1] in _TERMINAL:
        end -= 1
    head, tail = text[:end].rstrip(), text[end:]
    pieces = [head] if head else []
    position = len(head)
    for span in missing:
        if pieces:
            position += 1  # the space before it
        piece = span.rendered
        span.target_start, span.target_end = position, position + len(piece)
        pieces.append(piece)
        position += len(piece)
    return " ".join(pieces) + tail
