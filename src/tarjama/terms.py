"""The glossary stage of the pipeline: find terms in segments, constrain the decoder, audit.

Terms are matched on a segment's source as written, so their offsets are document
offsets. A term inside a carried span is not the model's business: names in the other
script and code travel verbatim, and the inner text of a link or emphasis is translated
on its own, with its own constraints. A term inside an other-script run (a dnt entry
such as ChatGPT in an Arabic sentence) is still listed and audited, without a constraint:
the model sees a placeholder there, and the run is put back verbatim. After translation
every term is checked again on the output with the same Arabic-aware rules
(``find_entry``), so ``applied`` means the target form is really there, proclitic or not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from tarjama.carry import FOREIGN, LINE_BREAK
from tarjama.document import Document, Segment, TermMatch, other_language
from tarjama.glossary import GlossaryEntry, TermHit, TermMatcher, target_forms
from tarjama.glossary.entry import AR, EN
from tarjama.translate.constrained import TermConstraint

APPLIED = "applied"
MISSED = "missed"
#: why a term is missing when the decoder did not say (memory entries, lost in restoring)
NOT_IN_MEMORY_TRANSLATION = "the translation memory's entry does not contain it"
LOST_AFTER_DECODING = "the decoder placed it but it did not survive post-processing"


@dataclass
class TextTerms:
    """The terms of one text sent to the model: their matches and their constraints."""

    matches: list[TermMatch] = field(default_factory=list)
    #: one constraint per distinct entry (a name said twice needs placing once per text);
    #: entries met only inside verbatim runs come after those, without a constraint
    entries: list[GlossaryEntry] = field(default_factory=list)
    #: for each match, the index of its entry in ``entries``
    match_entries: list[int] = field(default_factory=list)
    constraints: list[TermConstraint] = field(default_factory=list)


def segment_terms(
    segment: Segment, matcher: TermMatcher, target_lang: str
) -> tuple[TextTerms, list[TextTerms]]:
    """Terms of the segment's main text and of each carried span's inner text, in order."""
    hidden = [(span.start, span.end) for span in segment.carried if span.kind != LINE_BREAK]
    verbatim = [(span.start, span.end) for span in segment.carried if span.kind == FOREIGN]
    main = text_terms(
        segment.source, segment.source_lang, target_lang, matcher, segment.start, hidden, verbatim
    )
    inner = [
        text_terms(
            span.inner,
            segment.source_lang,
            target_lang,
            matcher,
            span.start + span.text.index(span.inner),
        )
        for span in segment.carried
        if span.inner is not None
    ]
    return main, inner


def text_terms(
    text: str,
    source_lang: str,
    target_lang: str,
    matcher: TermMatcher,
    offset: int = 0,
    hidden: Sequence[tuple[int, int]] = (),
    verbatim: Sequence[tuple[int, int]] = (),
) -> TextTerms:
    """The terms of ``text`` (at document offset ``offset``), leaving out those that
    overlap a ``hidden`` span (document offsets), with one constraint per entry. A term
    inside a ``verbatim`` span (one of the hidden ones, put back as written) is kept, to be
    audited, but gets no constraint: the model never sees it."""
    terms = TextTerms()
    unconstrained: list[tuple[TermHit, int]] = []
    for hit in matcher.find(text, source_lang):
        start, end = offset + hit.start, offset + hit.end
        if any(s <= start and end <= e for s, e in verbatim):
            unconstrained.append((hit, start))
        elif not any(s < end and start < e for s, e in hidden):
            _add(terms, hit, start, source_lang, target_lang)
    # After every constrained entry, so that entry indices stay constraint indices.
    for hit, start in unconstrained:
        _add(terms, hit, start, source_lang, target_lang, constrain=False)
    return terms


def _add(
    terms: TextTerms,
    hit: TermHit,
    start: int,
    source_lang: str,
    target_lang: str,
    constrain: bool = True,
) -> None:
    entry = hit.entry
    terms.matches.append(
        TermMatch(
            start=start,
            end=start + (hit.end - hit.start),
            text=hit.text,
            source_form=entry.form(source_lang),
            target=entry.form(target_lang),
            entry=entry.location,
            type=entry.type,
            dnt=entry.dnt,
        )
    )
    if entry not in terms.entries:
        terms.entries.append(entry)
        if constrain:
            forms = target_forms(entry, target_lang)
            terms.constraints.append(TermConstraint(forms=forms, source=hit.text))
    terms.match_entries.append(terms.entries.index(entry))


def audit(
    terms: TextTerms,
    translation: str,
    target_lang: str,
    matcher: TermMatcher,
    reasons: dict[int, str],
    default_reason: str,
) -> None:
    """Set each match's status from what ``translation`` holds; ``reasons`` maps an index
    into ``terms.entries`` (= into the constraints) to the decoder's reason for missing it."""
    placed = [
        (bool(matcher.find_entry(translation, target_lang, entry)), reasons.get(i, default_reason))
        for i, entry in enumerate(terms.entries)
    ]
    for match, index in zip(terms.matches, terms.match_entries, strict=True):
        found, reason = placed[index]
        match.status = APPLIED if found else MISSED
        match.reason = None if found else reason


#: why a term is missing from a translation a reviewer wrote
NOT_IN_REVIEWED_TRANSLATION = "the reviewed translation does not contain it"


def reaudit(segment: Segment) -> None:
    """Set the status of ``segment``'s terms again against its translation (a reviewer's
    correction), by the rules :func:`audit` used; the glossary is not needed: each match
    carries its entry's forms."""
    if segment.translation is None or segment.target_lang is None:
        return
    for match in segment.terms:
        entry = _entry_of(match, segment.target_lang)
        found = bool(TermMatcher([entry]).find(segment.translation, segment.target_lang))
        match.status = APPLIED if found else MISSED
        match.reason = None if found else NOT_IN_REVIEWED_TRANSLATION


def _entry_of(match: TermMatch, target_lang: str) -> GlossaryEntry:
    """The glossary entry ``match`` was found by, rebuilt from the forms it records."""
    forms = {other_language(target_lang): match.source_form, target_lang: match.target}
    return GlossaryEntry(forms[EN], forms[AR], match.type, dnt=match.dnt)


def term_counts(document: Document) -> tuple[int, int]:
    """(applied, missed) over the document's segments."""
    statuses = [term.status for segment in document.segments for term in segment.terms]
    return statuses.count(APPLIED), statuses.count(MISSED)


def target_spans(
    translation: str, target_lang: str, matches: Sequence[TermMatch]
) -> list[tuple[int, int, TermMatch]]:
    """``(start, end, match)`` for where each match's target stands in ``translation``, by
    the rules ``audit`` used to call it applied: whole words, spelling folded, a proclitic
    or an optional hyphen allowed (للكرملين holds الكرملين, أنقره is أنقرة, Iranian does not
    hold Iran). For highlighting; a second match of one entry takes its next occurrence."""
    taken: set[tuple[int, int]] = set()
    spans: list[tuple[int, int, TermMatch]] = []
    for match in matches:
        if not match.target:
            continue
        entry = _entry_of(match, target_lang)
        for hit in TermMatcher([entry]).find(translation, target_lang):
            if (hit.start, hit.end) not in taken:
                taken.add((hit.start, hit.end))
                spans.append((hit.start, hit.end, match))
                break
    return spans
