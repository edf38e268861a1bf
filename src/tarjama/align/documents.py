"""Aligning documents: segments in, ``Document.links`` and ``Document.counterpart`` out.

Two ways to cut a file into the units that are aligned:

* ``"sentences"``: the project's segmenter (paragraphs, sentences, languages), as
  ``tarjama translate`` and ``tarjama detect`` see the file;
* ``"lines"``: every non-empty line is one segment (offsets exclude the line's leading
  and trailing whitespace), paragraphs are blocks between blank lines. For files that are
  already one sentence or one paragraph per line, like parallel corpora.

Each side's language is decided once for the whole document (the language most of its
characters are in); one side must be Arabic and the other English, in either order.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tarjama import __version__
from tarjama.align import moses
from tarjama.align.aligner import align_texts, check_languages
from tarjama.align.cost import AlignParams
from tarjama.document import OTHER, Document, Paragraph, Segment
from tarjama.errors import AlignSplitError
from tarjama.formats import get_format
from tarjama.reader import read_source
from tarjama.segment.segmenter import segment_source
from tarjama.source import SourceText

if TYPE_CHECKING:
    from tarjama.langid import LanguageDetector

SPLITS = ("sentences", "lines")
#: Lines of a ``lines`` document shown to the language detector (enough to decide).
LANGUAGE_SAMPLE_LINES = 50


def align_documents(
    source: Document,
    target: Document,
    *,
    glossary_matcher: Any = None,
    translator: Any = None,
    split: str = "sentences",
    params: AlignParams | None = None,
    detector: LanguageDetector | None = None,
) -> Document:
    """Align ``target`` to ``source``; returns ``source`` with ``links`` and ``counterpart``.

    With ``split="lines"`` both documents are first rebuilt with one segment per line of
    their text, and the rebuilt source is returned (the documents passed in are left as
    they were); with ``"sentences"`` their segments are used as they are. The method is
    recorded in ``provenance["alignment"]``.
    """
    _check_split(split)
    params = params or AlignParams()
    if split == "lines":
        source = _relined(source, detector)
        target = _relined(target, detector)
    source_lang, target_lang = document_language(source), document_language(target)
    check_languages(source_lang, target_lang, where=_where(source, target))
    source_segments, target_segments = source.segments, target.segments
    links = align_texts(
        [s.source for s in source_segments],
        [s.source for s in target_segments],
        source_lang,
        target_lang,
        glossary_matcher=glossary_matcher,
        translator=translator,
        src_paragraphs=[s.paragraph for s in source_segments],
        tgt_paragraphs=[s.paragraph for s in target_segments],
        params=params,
    )
    for link in links:  # positions → segment ids (the same unless a caller renumbered)
        link.source = tuple(source_segments[k].id for k in link.source)
        link.target = tuple(target_segments[k].id for k in link.target)
    source.links = links
    source.counterpart = target
    source.provenance["alignment"] = {
        "tool": "tarjama",
        "tool_version": __version__,
        "method": "Gale-Church lengths + anchors"
        + (" + translation chrF" if translator is not None and params.mt_weight else ""),
        "split": split,
        "languages": [source_lang, target_lang],
        "target": str(target.path) if target.path else None,
        "glossary": glossary_matcher is not None,
    }
    return source


def align_files(
    src_path: Path | str,
    tgt_path: Path | str,
    split: str = "sentences",
    *,
    glossary_matcher: Any = None,
    translator: Any = None,
    params: AlignParams | None = None,
    detector: LanguageDetector | None = None,
) -> Document:
    """Read, segment (``split``) and align two files; see :func:`align_documents`.

    Moses-style files (``corpus.ar``, :mod:`.moses`) are read as plain text, and a pair
    of them is aligned line by line whatever ``split`` says.
    """
    _check_split(split)
    src_path, tgt_path = Path(src_path), Path(tgt_path)
    if moses.is_parallel_pair(src_path, tgt_path):
        split = "lines"
    build = lines_document if split == "lines" else segment_source
    source, target = (build(_read(path), detector) for path in (src_path, tgt_path))
    for path, read in ((src_path, source), (tgt_path, target)):
        moses.check_declared(path, document_language(read))
    document = align_documents(
        source,
        target,
        glossary_matcher=glossary_matcher,
        translator=translator,
        params=params,
    )
    document.provenance["alignment"]["split"] = split
    return document


def _read(path: Path) -> SourceText:
    return read_source(path, get_format("text") if moses.declared_lang(path) else None)


def lines_document(source: SourceText, detector: LanguageDetector | None = None) -> Document:
    """One segment per non-empty line; paragraphs are the blocks between blank lines."""
    return _fill_lines(Document.from_source(source), detector)


def _fill_lines(document: Document, detector: LanguageDetector | None) -> Document:
    text = document.text
    paragraph: Paragraph | None = None
    offset = next_id = 0
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped:
            paragraph = None
        else:
            start = offset + len(line) - len(line.lstrip())
            end = start + len(stripped)
            if paragraph is None:
                paragraph = Paragraph(index=len(document.paragraphs), start=start, end=end)
                document.paragraphs.append(paragraph)
            paragraph.segments.append(
                Segment(next_id, paragraph.index, number, start, end, stripped)
            )
            next_id += 1
            paragraph.end = end
        offset += len(line) + 1
    segments = document.segments
    if segments:
        lang, confidence = _sample_language([s.source for s in segments], detector)
        for segment in segments:
            segment.source_lang, segment.confidence = lang, confidence
    return document


def _sample_language(lines: list[str], detector: LanguageDetector | None) -> tuple[str, float]:
    if detector is None:
        from tarjama.langid import LanguageDetector

        detector = LanguageDetector()
    guess = detector.detect("\n".join(lines[:LANGUAGE_SAMPLE_LINES]))
    return guess.lang, round(guess.confidence, 4)


def _relined(document: Document, detector: LanguageDetector | None) -> Document:
    fresh = replace(
        document, paragraphs=[], links=[], counterpart=None, provenance=dict(document.provenance)
    )
    return _fill_lines(fresh, detector)


def document_language(document: Document) -> str:
    """The language most of the document's characters are in (``other`` not counted)."""
    chars: Counter[str] = Counter()
    for segment in document.segments:
        if segment.source_lang != OTHER:
            chars[segment.source_lang] += len(segment.source)
    return chars.most_common(1)[0][0] if chars else OTHER


def _check_split(split: str) -> None:
    if split not in SPLITS:
        raise AlignSplitError(split)


def _where(source: Document, target: Document) -> str | None:
    if source.path is None and target.path is None:
        return None
    return f"{source.path or '(text)'} and {target.path or '(text)'}"
