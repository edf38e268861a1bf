"""The aligned view every bilingual export reads: one row per alignment link.

A translated document links each segment to its own translation; an aligned document
(``tarjama align``) links segments of ``document`` to segments of ``document.counterpart``.
Either way the exporters see the same rows, oriented by language: ``ar`` and ``en`` text,
with ``original`` saying which side was written first.

Every row has an id that names its segments, so that a reviewed export can be matched back
to the document: ``s3`` (segment 3 and its own translation, or a 1-0 link), ``s3-s4`` (a 2-1
link of a translated document), ``s3_t7`` / ``s3-s4_t7-t8`` (segments of the document and of
its counterpart after ``align``), ``t7`` (a 0-1 link: nothing on the document's side).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tarjama.document import AR, EN, AlignmentLink, Document, Segment, TermMatch

#: XLIFF-style review states
INITIAL = "initial"
TRANSLATED = "translated"
REVIEWED = "reviewed"
STATES = (INITIAL, TRANSLATED, REVIEWED)

#: ``Segment.origin`` of a translation a reviewer corrected or confirmed (``review apply``)
REVIEW_ORIGIN = "review"
#: origins whose translations count as reviewed: the translation memory holds only
#: reviewed pairs, and ``review apply`` marks what it brought back
REVIEWED_ORIGINS = ("memory", REVIEW_ORIGIN)

#: links scored below this are flagged for the reviewer in every export
LOW_CONFIDENCE = 0.5

#: the TMX ``srclang`` / XLIFF orientation when rows were written first in both languages
MIXED = "*all*"


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
    #: "model", "memory", "review" or "aligned"
    origin: str | None = None
    state: str = INITIAL
    terms: list[TermMatch] = field(default_factory=list)
    #: True when the links point into ``Document.counterpart`` (``tarjama align``)
    aligned: bool = False

    @property
    def id(self) -> str:
        """``s3``, ``s3-s4``, ``s3_t7``, ``t7``: see the module docstring."""
        return link_id(self.link, self.aligned)

    @property
    def kind(self) -> str:
        return self.link.kind

    @property
    def score(self) -> float | None:
        return self.link.score

    @property
    def low_confidence(self) -> bool:
        return self.link.score is not None and self.link.score < LOW_CONFIDENCE

    @property
    def is_gap(self) -> bool:
        """A 1-0 or 0-1 link: one side has nothing to pair with."""
        return not self.link.source or not self.link.target

    @property
    def source_text(self) -> str:
        return self.ar if self.original == AR else self.en

    @property
    def target_text(self) -> str:
        return self.en if self.original == AR else self.ar

    @property
    def target_lang(self) -> str:
        return EN if self.original == AR else AR

    def text(self, lang: str) -> str:
        return self.ar if lang == AR else self.en


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
        state = REVIEWED if origin in REVIEWED_ORIGINS else TRANSLATED if target_text else INITIAL
    ar, en = (source_text, target_text) if original == AR else (target_text, source_text)
    terms = [term for segment in sources for term in segment.terms]
    return BitextRow(link, original, ar, en, sources, targets, origin, state, terms, aligned)


def other_language_of(segments: list[Segment]) -> str:
    """The language opposite to these segments' (for a 0-n link, whose source is empty)."""
    return EN if segments and segments[0].source_lang == AR else AR


def link_id(link: AlignmentLink, aligned: bool) -> str:
    """The id of ``link`` in every export: ``s3``, ``s3-s4``, ``s3_t7``, ``t7``."""
    source = "-".join(f"s{i}" for i in link.source)
    if not aligned or not link.target:
        return source or "-".join(f"t{i}" for i in link.target)
    target = "-".join(f"t{i}" for i in link.target)
    return f"{source}_{target}" if source else target


_LINK_ID = re.compile(r"^(?:(s\d+(?:-s\d+)*)(?:_(t\d+(?:-t\d+)*))?|(t\d+(?:-t\d+)*))$")


def parse_link_id(text: str) -> tuple[tuple[int, ...], tuple[int, ...] | None] | None:
    """``"s3-s4_t7"`` → ``((3, 4), (7,))``; ``"s3"`` → ``((3,), None)`` (the target ids are
    not written: the segment's own translation, or a 1-0 link); ``"t7"`` → ``((), (7,))``.
    None for anything else."""
    match = _LINK_ID.match(text.strip())
    if not match:
        return None
    sources, targets, only_targets = match.groups()

    def ids(part: str | None) -> tuple[int, ...]:
        return tuple(int(piece[1:]) for piece in part.split("-")) if part else ()

    if only_targets:
        return (), ids(only_targets)
    return ids(sources), ids(targets) if targets else None


@dataclass
class LinkSummary:
    """What ``tarjama align`` reports: links by kind (``"1-1"``: 40, ...), and how many
    scored below :data:`LOW_CONFIDENCE`."""

    kinds: Counter[str]
    low_confidence: int

    @property
    def total(self) -> int:
        return sum(self.kinds.values())


def link_summary(document: Document) -> LinkSummary:
    links = document.links
    low = sum(link.score is not None and link.score < LOW_CONFIDENCE for link in links)
    return LinkSummary(Counter(link.kind for link in links), low)


def link_line(document: Document, source: object, target: object) -> str:
    """What ``tarjama align`` prints of an aligned document: both sides' segment counts,
    the links by kind and how many scored low."""
    summary = link_summary(document)
    counterpart = document.counterpart
    kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(summary.kinds.items()))
    return (
        f"{source} ({len(document.segments)} segments) ⇄ {target} "
        f"({len(counterpart.segments) if counterpart else 0} segments): "
        f"{summary.total} links ({kinds or 'none'}); "
        f"{summary.low_confidence} scored below {LOW_CONFIDENCE:g}"
    )


def original_language(rows: list[BitextRow]) -> str:
    """The language every row was written in first, or :data:`MIXED` (``*all*``)."""
    langs = {row.original for row in rows}
    return langs.pop() if len(langs) == 1 else MIXED


def majority_language(rows: list[BitextRow]) -> str:
    """The language most rows were written in first (Arabic on a tie or with no rows)."""
    counts = Counter(row.original for row in rows if row.original in (AR, EN))
    return EN if counts[EN] > counts[AR] else AR


@dataclass
class BitextInfo:
    """What an export says about where it came from, so that a reviewed copy finds its way
    back: the output stem of the translate run, the source file, its hash, and whether the
    document was translated or aligned."""

    original: str
    stem: str | None = None
    sha256: str | None = None
    #: "translate" or "align"
    kind: str = "translate"
    title: str = "document"


def bitext_info(document: Document, stem: str | None = None) -> BitextInfo:
    source = document.provenance.get("source") or {}
    original = source.get("path") or (str(document.path) if document.path else None)
    title = document.path.name if document.path else (Path(original).name if original else None)
    if document.counterpart is not None and document.counterpart.path is not None:
        title = f"{title or 'document'} ⇄ {document.counterpart.path.name}"
    return BitextInfo(
        original=original or "document",
        stem=stem,
        sha256=source.get("sha256"),
        kind="align" if document.counterpart is not None else "translate",
        title=title or "document",
    )
