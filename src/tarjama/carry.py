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

_TERMINAL = ".!?؟…"
#: A line break with markup (a quote's ">") inside a segment: a space for the model, and
#: nothing in the one-line translation.
LINE_BREAK = "break"
#: A run in the other script (a name, an acronym): put back verbatim, never translated.
FOREIGN = "foreign"


def placeholder(index: int) -> str:
    return f"XZQ{index}"


# Tokenisers may split the token ("XZ Q1", "xzq 1"); accept spaces between its pieces.
_ANY_PLACEHOLDER = re.compile(r"(?<![A-Za-z0-9])X\s*Z\s*Q\s*(\d+)(?![0-9])", re.IGNORECASE)


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
    for index, span in enumerate(segment.carried):
        pieces.append(segment.source[cursor - segment.start : span.start - segment.start])
        pieces.append(" " if span.kind == LINE_BREAK else placeholder(index))
        cursor = span.end
    pieces.append(segment.source[cursor - segment.start :])
    text = " ".join("".join(pieces).split())
    inner = [span.inner for span in segment.carried if span.inner is not None]
    return ModelInput(text=text, inner_texts=inner)


def rendered(span: CarriedSpan) -> str:
    """The span as it appears in the translation: markup kept, inner text translated."""
    if span.inner is None or span.inner_translation is None:
        return span.text
    relative = span.text.index(span.inner)
    return span.text[:relative] + span.inner_translation + span.text[relative + len(span.inner) :]


def restore(translation: str, segment: Segment) -> str:
    """Put each carried span back where the model left its placeholder, or append it.

    One pass over the model's output, after its whitespace is normalised: carried text
    (a code span's spaces, a literal ``XZQ1`` in code) is inserted verbatim and never
    rescanned. A placeholder the model repeated, or one it invented, is dropped.
    """
    translation = " ".join(translation.split())
    pieces: list[str] = []
    placed: set[int] = set()
    cursor = 0
    for match in _ANY_PLACEHOLDER.finditer(translation):
        pieces.append(translation[cursor : match.start()])
        index = int(match.group(1))
        if index < len(segment.carried) and index not in placed:
            placed.add(index)
            pieces.append(rendered(segment.carried[index]))
        elif pieces and pieces[-1].endswith(" "):
            pieces[-1] = pieces[-1][:-1]  # the dropped token's space goes with it
        cursor = match.end()
    pieces.append(translation[cursor:])
    result = "".join(pieces).strip()
    missing: list[str] = []
    for index, span in enumerate(segment.carried):
        span.placed = index in placed or span.kind == LINE_BREAK
        if not span.placed:
            missing.append(rendered(span))
            segment.warnings.append(
                f"line {segment.line}: the model dropped the {span.kind} {span.text!r}; "
                "appended to the translation"
            )
    if missing:
        result = _append_before_final_punctuation(result, " ".join(missing))
    return result


def _append_before_final_punctuation(text: str, addition: str) -> str:
    stripped = text.rstrip()
    end = len(stripped)
    while end > 0 and stripped[end - 1] in _TERMINAL:
        end -= 1
    head, tail = stripped[:end].rstrip(), stripped[end:]
    return f"{head} {addition}{tail}".strip() if head else f"{addition}{tail}"
