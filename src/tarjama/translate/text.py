"""Text-level steps of the translation loop: fit long inputs to the model, cut decoder loops."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection, Sequence
from itertools import accumulate
from unicodedata import category

Count = Callable[[str], int]
CountWords = Callable[[Sequence[str]], list[int]]

# Where a text may be cut, best first: after a sentence end, after a clause mark, between
# any two words. Punctuation counts only at the end of a word (followed by whitespace), so
# "3.5" and "example.com" stay whole.
_SENTENCE_END = frozenset(".!?؟")
_CLAUSE_END = frozenset(";,؛،")
_SENTENCE, _CLAUSE, _WORD, _NEVER = 2, 1, 0, -1  # ranks of the gap after a word
_WORDS = re.compile(r"\S+")
#: Longest phrase, in words, that the loop guard looks for.
MAX_LOOP_UNIT = 8


def split_to_fit(
    text: str,
    limit: int,
    count_tokens: Count,
    count_words: CountWords | None = None,
    keep: Collection[str] = (),
) -> list[str]:
    """Cut ``text`` (stripped) into pieces of at most ``limit`` tokens each, in order;
    nothing is dropped or rewritten: the pieces are slices of the text, and the text between
    two pieces is whitespace. See :func:`split_spans`."""
    text = text.strip()
    return [
        text[start:end] for start, end in split_spans(text, limit, count_tokens, count_words, keep)
    ]


def split_spans(
    text: str,
    limit: int,
    count_tokens: Count,
    count_words: CountWords | None = None,
    keep: Collection[str] = (),
) -> list[tuple[int, int]]:
    """``(start, end)`` offsets in ``text`` of pieces of at most ``limit`` tokens each
    (as ``count_tokens`` counts them), covering every word of the text once, in order.

    A text that fits is one piece. Otherwise sentences are packed greedily into pieces; a
    sentence that alone is too long is cut at clause punctuation, then between words, and a
    single word longer than the limit (a pasted hash, say) between characters. No cut falls
    inside an occurrence of a phrase of ``keep`` (glossary terms) while another cut will do.

    The work is linear in the length of the text: it is tokenised whole once (to see whether
    it fits), each distinct word once (``count_words``: the tokens a word adds; by default
    ``count_tokens(word) - count_tokens("")``), and each piece once, to confirm the sum: a
    piece whose real count is over the limit after all is cut again by bisection on real
    counts. (Counting a growing piece after every word it takes would tokenise each piece
    once per word in it.)
    """
    start = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    if start >= end:
        return []
    if count_tokens(text[start:end]) <= limit:
        return [(start, end)]
    return _Splitter(text, start, end, limit, count_tokens, count_words, keep).spans()


class _Splitter:
    def __init__(
        self,
        text: str,
        start: int,
        end: int,
        limit: int,
        count: Count,
        count_words: CountWords | None,
        keep: Collection[str],
    ):
        self.text = text
        self.limit = limit
        self.count = count
        words = [match.span() for match in _WORDS.finditer(text, start, end)]
        self.starts = [word_start for word_start, _ in words]
        self.ends = [word_end for _, word_end in words]
        surfaces = [text[word_start:word_end] for word_start, word_end in words]
        distinct = list(dict.fromkeys(surfaces))
        self.overhead = count("")  # EOS, language tokens: once per input
        if count_words is None:
            sizes = [count(word) - self.overhead for word in distinct]
        else:
            sizes = list(count_words(distinct))
        # At least one token a word: an estimate of zero would let a piece grow unbounded.
        size_of = {word: max(1, size) for word, size in zip(distinct, sizes, strict=True)}
        self.prefix = [0, *accumulate(size_of[word] for word in surfaces)]
        self.ranks = [_rank(word) for word in surfaces[:-1]]  # ranks[i]: gap after word i
        for phrase in keep:
            self._protect(phrase.strip())

    def _protect(self, phrase: str) -> None:
        """No cut inside any occurrence of ``phrase``."""
        if not phrase or not any(c.isspace() for c in phrase):
            return  # a phrase without whitespace lies within one word
        text, end = self.text, self.ends[-1]
        found = text.find(phrase, self.starts[0], end)
        while found >= 0:
            first = bisect_right(self.starts, found) - 1  # the word it starts in (or after)
            last = bisect_left(self.starts, found + len(phrase)) - 1  # the word it ends in
            for gap in range(max(first, 0), last):
                self.ranks[gap] = _NEVER
            found = text.find(phrase, found + 1, end)

    def cost(self, first: int, stop: int) -> int:
        """Estimated tokens of words ``first`` up to ``stop`` (excluded) as one input."""
        return self.overhead + self.prefix[stop] - self.prefix[first]

    def spans(self) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        for first, stop in self._pack(0, len(self.starts), _SENTENCE):
            spans.extend(self._confirm(first, stop))
        return spans

    def _pack(self, first: int, stop: int, rank: int) -> list[tuple[int, int]]:
        """Word ranges of ``first:stop`` that fit by estimate, cutting at gaps of ``rank``
        (coarser first); a range that cannot be cut is returned as it is."""
        if rank < _WORD:
            return [(first, stop)]
        cuts = [gap + 1 for gap in range(first, stop - 1) if self.ranks[gap] >= rank]
        if not cuts:
            return self._pack(first, stop, rank - 1)
        bounds = [first, *cuts, stop]
        pieces: list[tuple[int, int]] = []
        current: tuple[int, int] | None = None
        for unit_first, unit_stop in zip(bounds, bounds[1:], strict=False):
            if current is not None and self.cost(current[0], unit_stop) <= self.limit:
                current = (current[0], unit_stop)
                continue
            if current is not None:
                pieces.append(current)
            if self.cost(unit_first, unit_stop) <= self.limit:
                current = (unit_first, unit_stop)
            else:
                parts = self._pack(unit_first, unit_stop, rank - 1)
                pieces.extend(parts[:-1])
                current = parts[-1]  # the tail may still share a piece with what follows
        if current is not None:
            pieces.append(current)
        return pieces

    def _confirm(self, first: int, stop: int) -> list[tuple[int, int]]:
        """The words ``first:stop`` as pieces that fit by their real token counts."""
        spans: list[tuple[int, int]] = []
        while first < stop:
            if self._fits(first, stop):
                spans.append((self.starts[first], self.ends[stop - 1]))
                break
            if not self._fits(first, first + 1):  # one word over the limit
                spans.extend(
                    split_characters(
                        self.text, self.starts[first], self.ends[first], self.limit, self.count
                    )
                )
                first += 1
                continue
            good, bad = first + 1, stop  # longest run of words from ``first`` that fits
            while bad - good > 1:
                middle = (good + bad) // 2
                if self._fits(first, middle):
                    good = middle
                else:
                    bad = middle
            # Cut at the best gap in the second half of that run (the latest of the best):
            # a sentence end before a clause mark before any space, never inside a term
            # while another gap will do. good < stop, so the gap after word good - 1 exists.
            gaps = range(first + (good - first - 1) // 2, good)
            best = max(gaps, key=lambda gap: (self.ranks[gap], gap))
            spans.append((self.starts[first], self.ends[best]))
            first = best + 1
        return spans

    def _fits(self, first: int, stop: int) -> bool:
        return self.count(self.text[self.starts[first] : self.ends[stop - 1]]) <= self.limit


def _rank(word: str) -> int:
    if word[-1] in _SENTENCE_END:
        return _SENTENCE
    if word[-1] in _CLAUSE_END:
        return _CLAUSE
    return _WORD


def split_characters(
    text: str, start: int, end: int, limit: int, count: Count
) -> list[tuple[int, int]]:
    """``text[start:end]`` (one word) as spans of at most ``limit`` tokens each.

    Each piece is found by galloping then bisection over its own length, so no count reads
    more than twice the piece: linear in the word, however long. A combining mark stays with
    the letter before it. A single character over the limit is still a piece of its own.
    """
    spans: list[tuple[int, int]] = []
    while start < end:
        remaining = end - start
        good, bad = 0, remaining + 1  # longest known to fit; shortest known not to
        probe = min(max(limit, 1), remaining)
        while True:
            if count(text[start : start + probe]) <= limit:
                good = probe
                if probe == remaining:
                    break
                probe = min(2 * probe, remaining)
            else:
                bad = probe
                break
        while bad - good > 1:
            middle = (good + bad) // 2
            if count(text[start : start + middle]) <= limit:
                good = middle
            else:
                bad = middle
        size = max(good, 1)
        while 1 < size < remaining and category(text[start + size]).startswith("M"):
            size -= 1  # never cut a letter from its marks (tashkeel)
        spans.append((start, start + size))
        start += size
    return spans


def collapse_repeats(text: str, max_repeats: int, keep: Collection[str] = ()) -> str:
    """Keep once any word or phrase (up to 8 words) repeated more than ``max_repeats`` times
    back to back: that is a decoder loop, not language. 0 leaves the text alone.

    ``keep`` lists phrases that must survive (terms forced into a translation): if
    collapsing would remove the last occurrence of one, the text is left alone.
    """
    collapsed = _collapse(text, max_repeats)
    if collapsed is not text and any(p in text and p not in collapsed for p in keep):
        return text
    return collapsed


def _collapse(text: str, max_repeats: int) -> str:
    words = text.split()
    if max_repeats <= 0 or len(words) <= max_repeats:
        return text
    kept: list[str] = []
    i = 0
    changed = False
    while i < len(words):
        if loop := _loop_at(words, i, max_repeats):
            size, repeats = loop
            kept.extend(words[i : i + size])
            i += size * repeats
            changed = True
        else:
            kept.append(words[i])
            i += 1
    return " ".join(kept) if changed else text


def _loop_at(words: list[str], i: int, max_repeats: int) -> tuple[int, int] | None:
    """(phrase size, repeats) of the shortest phrase at ``words[i]`` that loops, if any."""
    for size in range(1, MAX_LOOP_UNIT + 1):
        unit = words[i : i + size]
        if len(unit) < size:
            return None
        repeats = 1
        while words[i + repeats * size : i + (repeats + 1) * size] == unit:
            repeats += 1
        if repeats > max_repeats:
            return size, repeats
    return None
