"""The one document model every stage reads and returns.

A :class:`Document` holds the normalised source text (LF line ends, no BOM) and its
paragraphs; each :class:`Paragraph` holds :class:`Segment` objects addressed by character
offsets into ``Document.text``. Text between segments (Markdown markers, table pipes,
code blocks, blank lines) belongs to no segment and is copied into every output as-is,
which is what keeps the paragraph structure identical across versions.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tarjama.source import MarkupSpan, SourceText

AR = "ar"
EN = "en"
OTHER = "other"
#: Languages tarjama translates between.
TRANSLATABLE = (AR, EN)
#: Arabic-script languages that must never reach an Arabic model.
ARABIC_SCRIPT_OTHERS = ("fa", "ur")


def other_language(lang: str) -> str:
    return EN if lang == AR else AR


@dataclass
class CarriedSpan:
    """A piece of a segment carried into the translation rather than translated word by word.

    Kinds: ``code`` and ``url`` (kept verbatim), ``foreign`` (a name or acronym in the other
    script, kept verbatim), ``link`` / ``image`` / ``emphasis`` (Markdown markup kept, the
    ``inner`` text translated on its own). ``start``/``end`` are document offsets.
    ``placed`` says whether the model kept the placeholder where it belongs; when it did
    not, the span was appended to the translation so that nothing is lost.

    A span the file's structure marks (a bold run in a Word file, a link in a web page; see
    :class:`~tarjama.source.MarkupSpan`) has the reader's ``handle``; ``target_start`` /
    ``target_end`` say where the span stands in the translation, so that the format's
    writer can put the formatting back around it.
    """

    start: int
    end: int
    text: str
    kind: str
    inner: str | None = None
    inner_translation: str | None = None
    placed: bool | None = None
    handle: int | str | None = None
    target_start: int | None = None
    target_end: int | None = None

    @property
    def rendered(self) -> str:
        """The span as it appears in the translation: markup kept, inner text translated."""
        if self.inner is None or self.inner_translation is None:
            return self.text
        relative = self.text.index(self.inner)
        head, tail = self.text[:relative], self.text[relative + len(self.inner) :]
        return head + self.inner_translation + tail


@dataclass
class TermMatch:
    """A glossary entry found in a segment's source, and whether the translation holds it.

    ``start``/``end`` are document offsets of the source span as written (clitics
    excluded: in ``وطالبان`` the span is ``طالبان``). ``status`` is ``applied`` when the
    translation contains ``target`` (or an allowed variant, e.g. with a proclitic),
    ``missed`` with a ``reason`` otherwise, and None before translation.
    """

    start: int
    end: int
    text: str
    #: the entry's form in the source language and in the target language
    source_form: str
    target: str
    #: where the entry is defined: "file:line"
    entry: str
    type: str | None = None
    dnt: bool = False
    status: str | None = None
    reason: str | None = None


@dataclass
class Segment:
    id: int
    paragraph: int
    line: int
    start: int
    end: int
    source: str
    source_lang: str = OTHER
    confidence: float = 0.0
    target_lang: str | None = None
    translation: str | None = None
    #: why the segment was not translated ("other", "fa", "target-language", ...)
    kept_reason: str | None = None
    #: where the translation came from: "model", "memory" (the translation memory) or
    #: "aligned" (the other document of ``tarjama align``)
    origin: str | None = None
    carried: list[CarriedSpan] = field(default_factory=list)
    #: matched glossary terms (filled by the glossary stage)
    terms: list[TermMatch] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: quality flags ``{"check", "message", ...}`` (:mod:`tarjama.qa`); None until checked
    qa: list[dict[str, Any]] | None = None

    def text_in(self, lang: str) -> str:
        """This segment as it appears in the ``lang`` version of the document."""
        if self.translation is not None and self.target_lang == lang:
            return self.translation
        return self.source

    def to_record(self) -> dict[str, Any]:
        record = asdict(self)
        for span in record["carried"]:  # structure fields only where a structure has them
            for key in ("handle", "target_start", "target_end"):
                if span[key] is None:
                    del span[key]
        if not record["carried"]:
            del record["carried"]
        if not record["terms"]:
            del record["terms"]
        if record["qa"] is None:  # not checked (``detect``): no field, unlike "no flags"
            del record["qa"]
        return record


@dataclass
class Paragraph:
    index: int
    start: int
    end: int
    #: "text", "heading", "list", "quote", "table" or "code" (code is never segmented)
    kind: str = "text"
    segments: list[Segment] = field(default_factory=list)


@dataclass
class AlignmentLink:
    """Source segment ids linked to target segment ids (1-1, 1-2, 2-1, 1-0, 0-1, 2-2).

    After ``translate`` the target ids are the same segments (their translations); after
    ``align`` they are segments of ``Document.counterpart``. ``score`` is in [0, 1],
    higher is surer; None when nothing was measured (a model translation).
    """

    source: tuple[int, ...]
    target: tuple[int, ...]
    score: float | None = None

    @property
    def kind(self) -> str:
        """``"1-1"``, ``"2-1"``, ``"0-1"``, ..."""
        return f"{len(self.source)}-{len(self.target)}"


@dataclass
class Document:
    text: str
    path: Path | None = None
    #: the format name of :mod:`tarjama.formats`: "text", "markdown", "docx", "html", …
    format: str = "text"
    #: line ending of the input, used again when writing outputs
    newline: str = "\n"
    had_bom: bool = False
    paragraphs: list[Paragraph] = field(default_factory=list)
    links: list[AlignmentLink] = field(default_factory=list)
    #: the other-language document this one is aligned with (``tarjama align``); None
    #: when the links point at this document's own translations
    counterpart: Document | None = None
    #: tool version, models, decoding settings: filled by the pipeline
    provenance: dict[str, Any] = field(default_factory=dict)
    #: inline spans the file's structure marks (formatting, links, objects), for the
    #: segmenter; empty for plain text and Markdown, whose markup is in the text
    markup: list[MarkupSpan] = field(default_factory=list)
    #: the reader's handles into the file, for the same format's writer (not recorded)
    structure: Any = field(default=None, repr=False)

    @classmethod
    def from_source(cls, source: SourceText) -> Document:
        """A document of ``source`` as the reader read it, before any segmenting."""
        return cls(
            text=source.text,
            path=source.path,
            format=source.format,
            newline=source.newline,
            had_bom=source.had_bom,
            markup=list(source.markup),
            structure=source.structure,
        )

    @property
    def text_sha256(self) -> str:
        """The SHA-256 of the normalised text: what a run records of its source, and what
        ``review`` checks the source against."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def segments(self) -> list[Segment]:
        return [segment for paragraph in self.paragraphs for segment in paragraph.segments]

    def render(self, lang: str) -> str:
        """The whole document in ``lang``: each segment replaced by its text in that language."""
        pieces: list[str] = []
        cursor = 0
        for segment in self.segments:
            pieces.append(self.text[cursor : segment.start])
            pieces.append(segment.text_in(lang))
            cursor = segment.end
        pieces.append(self.text[cursor:])
        return "".join(pieces)
