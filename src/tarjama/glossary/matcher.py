"""Find glossary entries in text: whole words, folded, Arabic proclitics allowed, leftmost-longest.

Words joined by a hyphen alone are read both ways, apart and closed up, in the text and
in the entries: ``cease-fire`` finds ``ceasefire``, ``Covid19`` finds ``Covid-19``.

The entries are indexed by their first word (folded; casefolded unless the entry is case
sensitive), so finding terms costs a few dictionary look-ups per word of text, however large
the glossary. An Arabic word is also looked up without each proclitic chain it may start
with (see :mod:`tarjama.glossary.clitics`). Of the matches starting at a word the longest
wins; then the one with the shorter proclitic (الكرملين as an entry of its own beats ال +
كرملين), a case-sensitive entry over an insensitive one, and a later entry over an earlier.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from tarjama.errors import UnsupportedLanguageError
from tarjama.glossary.clitics import ALEF, ARTICLE_CHAINS, CHAINS, LAM, LONGEST_CHAIN, article_zone
from tarjama.glossary.combine import Glossary
from tarjama.glossary.entry import AR, LANGS, GlossaryEntry
from tarjama.glossary.normalize import ARTICLE, Token, close_hyphens, token_words, tokenize

_CHAINS = frozenset(chain for chain in CHAINS if chain)
_ARTICLE_CHAINS = frozenset(ARTICLE_CHAINS)


@dataclass(frozen=True)
class TermHit:
    """An entry found in a text. ``start``/``end`` index the text as given and cover the
    entry's own part: in وطالبان the span is طالبان and ``prefix`` is و (as written,
    tashkeel included); in للكرملين the span is لكرملين (the article's lam) and ``prefix`` ل."""

    start: int
    end: int
    text: str
    entry: GlossaryEntry
    prefix: str = ""


@dataclass(frozen=True)
class _Pattern:
    entry: GlossaryEntry
    words: tuple[str, ...]
    case_sensitive: bool
    #: leading words that carry the article when the text adds one (0: it may not)
    article_zone: int
    order: int


@dataclass(frozen=True)
class _Start:
    """One way to read a text token as the first word of an entry."""

    skip: int  # folded characters of proclitics before the entry's word
    word: str  # what the entry's first word must be
    with_article: bool  # the proclitics end in an article the entry does not have


class _Index:
    def __init__(self, entries: Iterable[GlossaryEntry], lang: str):
        self.exact: dict[str, list[_Pattern]] = defaultdict(list)
        self.folded: dict[str, list[_Pattern]] = defaultdict(list)
        for order, entry in enumerate(entries):
            tokens = tokenize(entry.form(lang))
            if not any(token.is_word for token in tokens):
                continue  # nothing a text could match (check reports these)
            sensitive = entry.case_sensitive
            words = token_words(tokens, sensitive)
            zone = article_zone(entry) if lang == AR else 0
            patterns = [_Pattern(entry, words, sensitive, zone, order)]
            if zone >= 2:  # also a construct: جرائم حرب → جرائم الحرب (see clitics)
                construct = (*words[: zone - 1], ARTICLE + words[zone - 1], *words[zone:])
                patterns.append(_Pattern(entry, construct, sensitive, 0, order))
            closed = close_hyphens(tokens)
            if len(closed) < len(tokens):  # Covid-19 also as Covid19
                patterns.append(
                    _Pattern(entry, token_words(closed, sensitive), sensitive, 0, order)
                )
            for pattern in patterns:
                (self.exact if sensitive else self.folded)[pattern.words[0]].append(pattern)

    def lookup(self, word: str) -> list[_Pattern]:
        return self.exact.get(word, []) + self.folded.get(word.casefold(), [])


class TermMatcher:
    """Finds a glossary's entries in text; build once, use for every segment."""

    def __init__(self, glossary: Glossary | Iterable[GlossaryEntry]):
        entries = glossary.entries if isinstance(glossary, Glossary) else glossary
        self.entries: list[GlossaryEntry] = list(entries)
        #: the glossary matched against, when given one (its files and hash go into provenance)
        self.glossary = glossary if isinstance(glossary, Glossary) else None
        self._indexes: dict[str, _Index] = {}
        self._single: dict[GlossaryEntry, TermMatcher] = {}

    def describe(self) -> dict:
        """Files, hash and size of the glossary, for provenance."""
        glossary = self.glossary
        return {
            "files": [str(path) for path in glossary.files] if glossary else [],
            "sha256": glossary.fingerprint if glossary else None,
            "entries": len(self.entries),
        }

    def find(self, text: str, lang: str) -> list[TermHit]:
        """Entries whose ``lang`` side occurs in ``text``: sorted, never overlapping."""
        if lang not in LANGS:
            raise UnsupportedLanguageError(lang)
        index = self._indexes.get(lang)
        if index is None:
            index = self._indexes[lang] = _Index(self.entries, lang)
        tokens = tokenize(text)
        hits = self._scan(text, tokens, index, lang)
        closed = close_hyphens(tokens)
        if len(closed) < len(tokens):  # "cease-fire" may be the entry "ceasefire"
            hits = _leftmost_longest(hits, self._scan(text, closed, index, lang))
        return hits

    def _scan(self, text: str, tokens: list[Token], index: _Index, lang: str) -> list[TermHit]:
        hits: list[TermHit] = []
        position = 0
        while position < len(tokens):
            best = self._best_at(text, tokens, position, index, lang)
            if best is None:
                position += 1
                continue
            length, hit = best
            hits.append(hit)
            position += length
        return hits

    def find_entry(self, text: str, lang: str, entry: GlossaryEntry) -> list[TermHit]:
        """Where this entry's ``lang`` side occurs in ``text``, by the same rules as
        :meth:`find` but ignoring every other entry (to check that a translation holds it)."""
        matcher = self._single.get(entry)
        if matcher is None:
            matcher = self._single[entry] = TermMatcher([entry])
        return matcher.find(text, lang)

    def _best_at(self, text: str, tokens: list[Token], position: int, index: _Index, lang: str):
        """The winning match starting at token ``position``: ``(tokens covered, hit)``."""
        first = tokens[position]
        best = None
        best_rank = None
        for start in _starts(first, lang):
            for pattern in index.lookup(start.word):
                if start.with_article and not pattern.article_zone:
                    continue
                length = _match_rest(tokens, position, pattern, start.with_article)
                if length is None:
                    continue
                end = tokens[position + length - 1].end
                rank = (end, -start.skip, pattern.case_sensitive, pattern.order)
                if best_rank is None or rank > best_rank:
                    best_rank = rank
                    best = (length, start.skip, pattern.entry, end)
        if best is None:
            return None
        length, skip, entry, end = best
        span_start = first.origin[skip] if skip else first.start
        hit = TermHit(
            start=span_start,
            end=end,
            text=text[span_start:end],
            entry=entry,
            prefix=text[first.start : span_start],
        )
        return length, hit


def _leftmost_longest(first: list[TermHit], second: list[TermHit]) -> list[TermHit]:
    """The hits of two readings of one text, without overlaps: leftmost, then longest; on
    a tie the first reading's (the text as written)."""
    kept: list[TermHit] = []
    for hit in sorted([*first, *second], key=lambda hit: (hit.start, -hit.end)):
        if not kept or hit.start >= kept[-1].end:
            kept.append(hit)
    return kept


def _starts(token: Token, lang: str) -> Iterator[_Start]:
    """The readings of ``token`` as an entry's first word: as it is, and for an Arabic word
    without each proclitic chain it starts with (after ل, an article's alef comes back)."""
    yield _Start(0, token.text, False)
    if lang != AR or not token.is_arabic:
        return
    word = token.text
    for skip in range(1, min(LONGEST_CHAIN, len(word) - 1) + 1):
        prefix, stem = word[:skip], word[skip:]
        if prefix in _CHAINS:
            yield _Start(skip, stem, False)
            if prefix.endswith(LAM) and stem.startswith(LAM):
                yield _Start(skip, ALEF + stem, False)  # ل + لكرملين is ل + الكرملين
        if prefix in _ARTICLE_CHAINS:
            yield _Start(skip, stem, True)


def _match_rest(tokens: list[Token], position: int, pattern: _Pattern, with_article: bool):
    """How many tokens the pattern covers from ``position`` (its first word already
    matched), or None. With an added article the words of the article zone carry it too."""
    count = len(pattern.words)
    if position + count > len(tokens):
        return None
    for offset in range(1, count):
        token = tokens[position + offset]
        if not token.joined:
            return None
        expected = pattern.words[offset]
        if with_article and offset < pattern.article_zone:
            expected = ARTICLE + expected
        actual = token.text if pattern.case_sensitive else token.key
        if actual != expected:
            return None
    return count
