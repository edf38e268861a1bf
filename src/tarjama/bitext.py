"""The aligned view every bilingual export reads: one row per alignment link.

A translated document links each segment to its own translation; an aligned document
(``tarjama align``) links segments of ``document`` to segments of ``document.counterpart``.
Either way the exporters see the same rows, oriented by language: ``ar`` and ``en`` text,
with ``original`` saying which side was written first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tarjama.document import AR, EN, AlignmentLink, Document, Segment, TermMatch

#: XLIFF-style review states
INITIAL = "initial"
TRANSLATED = "translated"
REVIEWED = "reviewed"


@dataclass
class BitextRow:
    link: AlignmentLink
    #: the side written first: "ar" or "en" (the source of the translation or alignment)
    original: str
    ar: str
    en: str
    #: segments of the original side and of the other side (the same objects after translate)
    source_segments: list[Segment] = field(default_factory=list)
    target_segments: list[Segment] = field(default_factory=list)
    #: "model", "memory" or "aligned"
    origin: str | None = None
    state: str = INITIAL
    terms: list[TermMatch] = field(default_factory=list)

    @property
    def score(self) -> float | None:
        return self.link.score

    @property
    def source_text(self) -> str:
        return self.ar if self.original == AR else self.en

    @property
    def target_text(self) -> str:
        return self.en if self.original == AR else self.ar

    @property
    def target_lang(self) -> str:
        return EN if self.original == AR else AR


def bitext_rows(document: Document) -> list[BitextRow]:
    """One row per link of ``document``, in link order."""
    by_id = {segment.id: segment for segment in document.segments}
    other = document.counterpart
    other_by_id = {segment.id: segment for segment in other.segments} if other else by_id
    return [_row(link, by_id, other_by_id, aligned=other is not None) for link in document.links]


def _row(
    link: AlignmentLink,
    by_id: dict[int, Segment],
    other_by_id: dict[int, Segment],
    aligned: bool,
) -> BitextRow:
    sources = [by_id[i] for i in link.source]
    targets = [other_by_id[i] for i in link.target]
    if aligned:
        langs = [s.source_lang for s in sources] or [other_language_of(targets)]
        original = AR if AR in langs else EN if EN in langs else langs[0]
        source_text = " ".join(s.source for s in sources)
        target_text = " ".join(s.source for s in targets)
        origin, state = "aligned", TRANSLATED if sources and targets else INITIAL
    else:
        original = sources[0].source_lang if sources else AR
        source_text = " ".join(s.source for s in sources)
        target_text = " ".join(s.translation or "" for s in targets)
        origin = sources[0].origin if sources else None
        state = REVIEWED if origin == "memory" else TRANSLATED if target_text else INITIAL
    ar, en = (source_text, target_text) if original == AR else (target_text, source_text)
    terms = [term for segment in sources for term in segment.terms]
    return BitextRow(link, original, ar, en, sources, targets, origin, state, terms)


def other_language_of(segments: list[Segment]) -> str:
    """The language opposite to these segments' (for a 0-n link, whose source is empty)."""
    return EN if segments and segments[0].source_lang == AR else AR
