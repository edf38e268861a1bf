"""Character n-gram F-score (chrF-like) between a machine translation and a candidate.

Used only when a translator is given (Bleualign's idea: translate one side, then compare
with the other side in one language). Whitespace is ignored, n = 1..4, precision and
recall are averaged over n and combined with β = 1: a symmetric score, so that a longer
candidate block is not favoured for its recall.

n-gram profiles are big (hundreds of entries a sentence), so :class:`Profiles` builds
them on demand and keeps only the recent ones: the search visits sentences in order, a
band's width at a time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

ORDER = 4
#: Profiles kept: comfortably more than a band is wide.
CACHE = 2048


@dataclass(frozen=True)
class Profile:
    grams: Counter[str]
    #: n-grams of each order n at index n (index 0 unused)
    totals: tuple[int, ...]


def profile(text: str, order: int = ORDER) -> Profile:
    """All character n-grams of ``text`` (spaces removed, lower-cased), n = 1..order."""
    chars = "".join(text.split()).lower()
    grams: Counter[str] = Counter()
    for n in range(1, order + 1):
        grams.update(chars[k : k + n] for k in range(len(chars) - n + 1))
    totals = tuple([0] + [max(0, len(chars) - n + 1) for n in range(1, order + 1)])
    return Profile(grams, totals)


def merged(first: Profile, second: Profile) -> Profile:
    """The profile of two sentences taken together (n-grams across the join not counted)."""
    grams = first.grams + second.grams
    totals = tuple(a + b for a, b in zip(first.totals, second.totals, strict=True))
    return Profile(grams, totals)


def chrf(hypothesis: Profile, reference: Profile) -> float:
    """F1 of averaged n-gram precision and recall; 0.0 when either side is empty."""
    hyp_totals, ref_totals = hypothesis.totals, reference.totals
    order = len(hyp_totals) - 1
    orders = [n for n in range(1, order + 1) if hyp_totals[n] and ref_totals[n]]
    if not orders:
        return 0.0
    matched = [0] * (order + 1)
    other = reference.grams
    for gram, count in hypothesis.grams.items():
        found = other.get(gram)
        if found:
            matched[len(gram)] += count if count < found else found
    precision = sum(matched[n] / hyp_totals[n] for n in orders) / len(orders)
    recall = sum(matched[n] / ref_totals[n] for n in orders) / len(orders)
    if precision + recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


class Profiles:
    """Profiles of single sentences and of adjacent pairs, built when first asked for."""

    def __init__(self, texts: Sequence[str]):
        self.texts = list(texts)
        self.block = lru_cache(maxsize=CACHE)(self._block)

    def _block(self, last: int, size: int) -> Profile:
        """The profile of sentences ``last-size+1 .. last``."""
        if size == 1:
            return profile(self.texts[last])
        return merged(self.block(last - 1, 1), self.block(last, 1))
