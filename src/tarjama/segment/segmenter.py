"""Source text → Document: paragraphs, sentence segments, language of each segment."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tarjama.carry import FOREIGN, LINE_BREAK
from tarjama.chars import LineIndex, hidden_controls_warning
from tarjama.document import (
    AR,
    ARABIC_SCRIPT_OTHERS,
    OTHER,
    TRANSLATABLE,
    CarriedSpan,
    Document,
    Paragraph,
    Segment,
)
from tarjama.langid import AMBIGUOUS_CONFIDENCE
from tarjama.script import ARABIC, LATIN, script_counts
from tarjama.segment.inline import (
    MASK_CHAR,
    InlineElement,
    find_elements,
    foreign_runs,
    is_url,
    masked,
    unwrap,
)
from tarjama.segment.layout import layout
from tarjama.segment.sentences import split_script_runs, split_sentences
from tarjama.source import FORMAT, MarkupIndex

if TYPE_CHECKING:
    from tarjama.langid import LanguageDetector
    from tarjama.source import MarkupSpan, SourceText


def segment_text(
    text: str, *, markdown: bool = False, detector: LanguageDetector | None = None
) -> Document:
    """Segment a string (LF line ends). See :func:`segment_source` for files."""
    document = Document(text=text, format="markdown" if markdown else "text")
    return _fill(document, detector)


def segment_source(source: SourceText, detector: LanguageDetector | None = None) -> Document:
    return _fill(Document.from_source(source), detector)


def _fill(document: Document, detector: LanguageDetector | None) -> Document:
    if detector is None:
        from tarjama.langid import LanguageDetector

        detector = LanguageDetector()
    text = document.text
    markdown = document.format == "markdown"
    lines = LineIndex(text)
    # Inline elements of each segment, found once: language detection masks them, and
    # _finish (after smoothing) turns them into carried spans.
    elements_of: dict[int, list[InlineElement]] = {}
    next_id = 0
    markup = MarkupIndex(document.markup)
    # Only plain text and Markdown are hard-wrapped by hand; a structured file's line
    # break inside a block is a real one.
    wrapped = document.format in ("text", "markdown")
    for index, block in enumerate(layout(text, markdown, join_wrapped=wrapped)):
        paragraph = Paragraph(index=index, start=block.start, end=block.end, kind=block.kind)
        block_markup = markup.starting_in(block.start, block.end)
        for unit in block.units:
            if unit.role == "boilerplate":
                spans = [(unit.start, unit.end)]
            else:
                inner = unwrap(text, unit.start, unit.end, markdown)
                spans = _sentence_spans(text, *inner, markdown, block_markup)
            for start, end in spans:
                segment = Segment(
                    id=next_id,
                    paragraph=index,
                    line=lines.line(start),
                    start=start,
                    end=end,
                    source=text[start:end],
                )
                if warning := hidden_controls_warning(segment.source, f"line {segment.line}"):
                    segment.warnings.append(warning)
                if unit.role == "boilerplate":
                    segment.source_lang, segment.confidence = OTHER, 1.0
                    segment.kept_reason = "boilerplate"
                else:
                    elements_of[segment.id] = _segment_elements(document, start, end, block_markup)
                    _detect(segment, elements_of[segment.id], detector)
                paragraph.segments.append(segment)
                next_id += 1
        document.paragraphs.append(paragraph)
    _smooth_arabic_script(document.segments)
    for segment in document.segments:
        if segment.id in elements_of:
            _finish(segment, elements_of[segment.id], text, markdown)
    return document


def _smooth_arabic_script(segments: list[Segment]) -> None:
    """Ambiguous Arabic-script guesses take the language of the document's confident ones.

    A lone word (a table cell, a name) rarely shows whether it is Arabic, Persian or Urdu;
    the detector marks such guesses with :data:`AMBIGUOUS_CONFIDENCE`. In a document whose
    confident Arabic-script segments are all in one language, they follow it: ``طهران`` in
    a Persian document is Persian, ``گوگل`` in an Arabic one is Arabic.
    """
    family = (AR, *ARABIC_SCRIPT_OTHERS)
    confident = {
        s.source_lang
        for s in segments
        if s.source_lang in family and s.confidence > AMBIGUOUS_CONFIDENCE
    }
    if len(confident) != 1:
        return
    (language,) = confident
    for segment in segments:
        if segment.source_lang in family and segment.confidence <= AMBIGUOUS_CONFIDENCE:
            segment.source_lang = language


def _segment_elements(
    document: Document, start: int, end: int, markup: Sequence[MarkupSpan]
) -> list[InlineElement]:
    """The inline elements of a segment. Formatting of the structure that covers the whole
    segment (a bold heading, a sentence that is all one link) is not carried: the segment
    translates as plain text and the writer gives the translation that formatting. Code or
    an object covering it is carried all the same: it must not reach the model as text."""
    markdown = document.format == "markdown"
    # formatting around the whole segment is left out, so that what it holds is carried
    inside = [m for m in markup if not (m.kind == FORMAT and m.start <= start and m.end >= end)]
    return find_elements(document.text, start, end, markdown, inside)


def _sentence_spans(
    text: str, start: int, end: int, markdown: bool, markup: Sequence[MarkupSpan] = ()
) -> list[tuple[int, int]]:
    elements = find_elements(text, start, end, markdown, markup)
    visible = masked(text[start:end], elements, offset=start)
    spans = split_script_runs(visible, split_sentences(visible))
    # Markdown markup must not be cut; a span of the structure may be (each part of it keeps
    # its formatting in its own segment).
    in_text = [element for element in elements if element.handle is None]
    spans = _keep_elements_whole([(start + a, start + b) for a, b in spans], in_text)
    # A sentence that is wholly one emphasis or link translates as the text inside it.
    return [unwrap(text, a, b, markdown) for a, b in spans]


def _keep_elements_whole(
    spans: list[tuple[int, int]], elements: list[InlineElement]
) -> list[tuple[int, int]]:
    """Merge sentences split inside a link or emphasis: its markup must stay in one segment.

    ``**First. Second.**`` is one segment; split, each half would carry one ``**``.
    """
    merged: list[tuple[int, int]] = []
    for span_start, span_end in spans:
        if merged and any(e.start < span_start and e.end > merged[-1][1] for e in elements):
            merged[-1] = (merged[-1][0], span_end)
        else:
            merged.append((span_start, span_end))
    return merged


def _detect(segment: Segment, elements: list[InlineElement], detector: LanguageDetector) -> None:
    visible = masked(segment.source, elements, offset=segment.start).replace(MASK_CHAR, "")
    guess = detector.detect(visible)
    segment.source_lang, segment.confidence = guess.lang, round(guess.confidence, 4)


def _finish(segment: Segment, elements: list[InlineElement], text: str, markdown: bool) -> None:
    """Kept reason and warning, or the spans to carry, once the language is settled."""
    lang = segment.source_lang
    if lang in ARABIC_SCRIPT_OTHERS:
        segment.kept_reason = lang
        segment.warnings.append(
            f"line {segment.line}: looks like {lang!r}, not Arabic; kept untranslated"
        )
        return
    if lang not in TRANSLATABLE:
        segment.kept_reason = OTHER
        return
    carried = [
        CarriedSpan(
            start=element.start,
            end=element.end,
            text=text[element.start : element.end],
            kind=element.kind,
            inner=_translatable_inner(text, element, lang),
            handle=element.handle,
        )
        for element in elements
    ]
    if markdown:
        for match in _QUOTE_BREAK.finditer(text, segment.start, segment.end):
            if all(match.end() <= span.start or match.start() >= span.end for span in carried):
                carried.append(CarriedSpan(*match.span(), match.group(), LINE_BREAK))
    for run_start, run_end in foreign_runs(text, segment.start, segment.end, lang):
        if all(run_end <= span.start or run_start >= span.end for span in carried):
            carried.append(CarriedSpan(run_start, run_end, text[run_start:run_end], FOREIGN))
    segment.carried = sorted(carried, key=lambda span: span.start)


# The line break and ">" marker inside a segment joined from wrapped quote lines: markup the
# model must not see; the translation, one line, stays inside the first line's marker.
_QUOTE_BREAK = re.compile(r"\n[ \t]*>(?:[ \t]*>)*[ \t]?")


def _translatable_inner(text: str, element: InlineElement, lang: str) -> str | None:
    """The text inside a link or emphasis, if it is in the segment's language.

    ``**الملا برادر**`` inside an English sentence is a name in the other script: it is
    carried whole, like an unmarked one, rather than sent to the wrong model.
    """
    if not element.has_inner:
        return None
    inner = text[element.inner_start : element.inner_end]
    own_script = ARABIC if lang == AR else LATIN
    if own_script not in script_counts(inner) or is_url(inner):
        return None  # a name in the other script, a number, an address: carried as-is
    return inner
