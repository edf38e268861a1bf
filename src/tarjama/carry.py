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


def placeholder(index: int) -> str:
    return f"XZQ{index}"


def _placeholder_pattern(index: int) -> re.Pattern[str]:
    # Tokenisers may split the token ("XZ Q1"); accept spaces between its pieces.
    pieces = r"\s*".join(re.escape(ch) for ch in placeholder(index))
    return re.compile(rf"(?<![A-Za-z0-9]){pieces}(?![0-9])", re.IGNORECASE)


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
        pieces.append(placeholder(index))
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
    """Put each carried span back where the model left its placeholder, or append it."""
    missing: list[str] = []
    for index, span in enumerate(segment.carried):
        pattern = _placeholder_pattern(index)
        replacement = rendered(span)
        translation, count = pattern.subn(_literal(replacement), translation, count=1)
        span.placed = count == 1
        if not span.placed:
            missing.append(replacement)
            segment.warnings.append(
                f"line {segment.line}: the model dropped the {span.kind} {span.text!r}; "
                "appended to the translation"
            )
    # A model may copy a placeholder twice; leftovers must not leak into the output.
    for index in range(len(segment.carried)):
        translation = _placeholder_pattern(index).sub("", translation)
    translation = " ".join(translation.split())
    if missing:
        translation = _append_before_final_punctuation(translation, " ".join(missing))
    return translation


def _literal(text: str):
    # A function replacement keeps backslashes in the carried text from being read as groups.
    return lambda _match: text


def _append_before_final_punctuation(text: str, addition: str) -> str:
    stripped = text.rstrip()
    end = len(stripped)
    while end > 0 and stripped[end - 1] in _TERMINAL:
        end -= 1
    head, tail = stripped[:end].rstrip(), stripped[end:]
    return f"{head} {addition}{tail}".strip() if head else f"{addition}{tail}"
