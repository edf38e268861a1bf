"""What a reader hands the pipeline: a file's text, and how to put translations back into it.

Every format's reader (:mod:`tarjama.formats`) turns a file into a :class:`SourceText`.
For plain text and Markdown, ``text`` is the file's text (LF line ends, no BOM) and nothing
else is needed. For a structured file (Word, HTML, subtitles, XLIFF) ``text`` is the text of
its blocks — one block a paragraph, blocks separated by a blank line — and two more things
travel with it:

* ``markup``: inline spans the structure marks (a bold run, a link, an image or a field in a
  sentence), given to the segmenter so that it carries them through translation the way it
  carries Markdown emphasis: formatted text translated and its formatting put back around
  the translation, objects kept where they were;
* ``structure``: the reader's own handles (the parsed package, the element tree, the cues),
  opaque to every stage, for the same format's writer to put the text back into.

This module sits at the bottom of the package: it imports nothing of tarjama's.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: ``MarkupSpan.kind`` of formatted text: translated, its formatting re-applied around it
FORMAT = "format"
#: ``MarkupSpan.kind`` of an object inside a sentence (an image, a field, an inline tag with
#: no text): written in ``text`` as U+FFFC and kept, never translated
OBJECT = "object"
#: ``MarkupSpan.kind`` of inline code (HTML ``code``, ``kbd``, ``samp``): kept as it is
CODE = "code"
#: stands in ``text`` for an object (Unicode's OBJECT REPLACEMENT CHARACTER)
OBJECT_CHAR = "\ufffc"


@dataclass(frozen=True)
class MarkupSpan:
    """``text[start:end]`` is marked by the structure: ``kind`` says how it travels through
    translation, ``handle`` (the reader's own key, kept in ``.segments.jsonl``, so an int or
    a string) how the writer puts it back."""

    start: int
    end: int
    kind: str
    handle: int | str


@dataclass
class SourceText:
    path: Path | None
    text: str
    #: a format name of :mod:`tarjama.formats`: "text", "markdown", "docx", "html", ...
    format: str
    newline: str = "\n"
    had_bom: bool = False
    markup: list[MarkupSpan] = field(default_factory=list)
    structure: Any = None


class MarkupIndex:
    """Markup spans by where they start: those starting in a range are found by bisection,
    so that a document of thousands of blocks and spans is walked in linear time."""

    def __init__(self, markup: Iterable[MarkupSpan]):
        self._spans = sorted(markup, key=lambda span: span.start)
        self._starts = [span.start for span in self._spans]

    def starting_in(self, start: int, end: int) -> list[MarkupSpan]:
        """The spans with ``start <= span.start < end``, in order."""
        return self._spans[bisect_left(self._starts, start) : bisect_left(self._starts, end)]
