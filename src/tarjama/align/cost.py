"""The cost of one alignment link: lengths, anchors, paragraphs and (optionally) a translation.

A link joins ``a`` source sentences ending before ``i`` to ``b`` target sentences ending
before ``j``; the dynamic programme (:mod:`tarjama.align.dp`) adds these costs along a path.
Costs are in nats (negative log-probabilities, up to a constant):

``cost = length + prior(a-b) − anchors + paragraphs − translation``

* **length** (Gale & Church 1993): with ``ls``, ``lt`` the characters of the two sides
  (whitespace, short vowels and tatweel not counted), ``c`` = target/source characters of
  the whole pair (shrunk towards the language pair's usual ratio, see
  :func:`length_ratio`), and ``δ = (lt − c·ls) / sqrt(s² · (ls + lt/c) / 2)``, the cost is
  ``−log P(|Z| ≥ |δ|)`` for a standard normal ``Z``. A 1-0 or 0-1 link costs a flat
  ``deletion`` instead: a sentence missing from the translation says nothing about lengths,
  and Gale-Church's length cost would make long sentences impossible to leave unaligned.
* **prior**: ``−log P(a-b)``, Gale-Church's link-type priors, and a small one for the
  3-1 / 1-3 links Gale-Church did not have.
* **anchors** (:mod:`tarjama.align.anchors`), in links with both sides non-empty: each key
  found on both sides gains ``min(count on each side) × weight(kind)``; each key the
  other *document* holds but this link leaves unmatched costs ``miss(kind)``; both are
  divided by ``sqrt(document frequency)`` — a rare number or name says more than one found
  in every paragraph. Arabic name skeletons are candidates, not claims: only the English
  side's names can be missed. Deletion links carry no anchor term, so a sentence whose
  anchors are matched elsewhere is cheaper left alone than forced into a merge.
* **paragraphs**: a link that joins two sentences across a paragraph boundary on one side
  but not on the other costs more. (Charging a link that starts a paragraph on one side
  only was tried and dropped: it hurt wherever a paragraph's first sentence was missing.)
* **translation** (when a translator is given): ``weight × (chrF − neutral) × (a+b)/2``,
  chrF between the machine translation of the source block and the target block.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from tarjama.align.chrf import Profiles, chrf
from tarjama.document import AR, EN
from tarjama.script import strip_marks

#: Link types (source sentences, target sentences) the aligner considers. 1-3 / 3-1 come
#: last so that ties between paths still go to the types Gale & Church knew.
LINK_TYPES: tuple[tuple[int, int], ...] = (
    (1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2), (3, 1), (1, 3),
)  # fmt: skip
#: The most sentences one side of a link joins.
MAX_BLOCK = max(max(a, b) for a, b in LINK_TYPES)


def _default_priors() -> dict[tuple[int, int], float]:
    # Gale & Church (1993), table 5: 1-1 .89, 1-0/0-1 .0099, 2-1/1-2 .089, 2-2 .011, each
    # pair split evenly. (Halving 2-1/1-2 again, as tuned before 3-1/1-3 existed, made
    # 1-1 + a dropped sentence cheaper than a merge with no length evidence either way.)
    # Gale & Church had no 3-1/1-3; news desks join three sentences rarely but do. Weights
    # of link types, not a distribution: they need not add up to 1.
    return {
        (1, 1): 0.89,
        (1, 0): 0.0099 / 2,
        (0, 1): 0.0099 / 2,
        (2, 1): 0.089 / 2,
        (1, 2): 0.089 / 2,
        (2, 2): 0.011,
        (3, 1): 0.002,
        (1, 3): 0.002,
    }


def _default_anchor_weights() -> dict[str, float]:
    return {
        "num": 3.0,
        "month": 2.0,
        "lat": 3.0,
        "name": 3.0,
        "punct": 1.0,
        "glossary": 2.0,
        "lex": 1.0,
    }


def _default_anchor_misses() -> dict[str, float]:
    return {
        "num": 1.0,
        "month": 1.0,
        "lat": 1.0,
        "name": 0.5,
        "punct": 0.5,
        "glossary": 0.5,
        "lex": 0.0,
    }


#: Kinds whose keys on the side of this language are candidates, not claims: every Arabic
#: word yields name skeletons, so only the English side's names can go unmatched.
CANDIDATE_KINDS = {"name": "ar"}


@dataclass(frozen=True)
class AlignParams:
    """Everything the cost depends on; the defaults are the tuned values (see the benchmark)."""

    #: variance of the target length per source character (Gale-Church's s²)
    variance: float = 6.0
    #: English characters per Arabic character, before looking at the documents
    ar_en_ratio: float = 1.15
    #: how many source characters that prior is worth against the documents' own ratio
    ratio_weight: float = 3000.0
    priors: dict[tuple[int, int], float] = field(default_factory=_default_priors)
    #: flat length cost of a 1-0 or 0-1 link (added to its prior)
    deletion: float = -2.0
    #: weight of one shared anchor of each kind, in nats (0 switches a kind off)
    anchor_weights: dict[str, float] = field(default_factory=_default_anchor_weights)
    #: cost of an anchor left unmatched inside a link although the other document has it
    anchor_misses: dict[str, float] = field(default_factory=_default_anchor_misses)
    #: a link joining sentences across a paragraph boundary on one side only
    paragraph_cross: float = 3.0
    #: the translation term: nats per sentence for chrF one point above ``mt_neutral``
    mt_weight: float = 12.0
    mt_neutral: float = 0.3

    @classmethod
    def length_only(cls) -> AlignParams:
        """Plain Gale-Church: lengths and priors, no anchors, no paragraphs, no translation."""
        return cls(
            anchor_weights={},
            anchor_misses={},
            paragraph_cross=0.0,
            mt_weight=0.0,
        )

    def with_(self, **changes) -> AlignParams:
        return replace(self, **changes)


def text_length(text: str) -> int:
    """Characters that carry content: no whitespace, no short vowels or tatweel."""
    return len("".join(strip_marks(text).split()))


@dataclass
class Side:
    """One side of the pair as the cost sees it: per-sentence features, in order."""

    lengths: list[int]
    #: anchor keys of each sentence (None where anchors are off)
    keys: list[Counter[str] | None]
    lang: str = ""
    #: paragraph index of each sentence, or None when paragraphs tell nothing
    paragraphs: list[int] | None = None
    #: what chrF compares (the machine translation, on the source side), or None
    compared: list[str] | None = None

    def __len__(self) -> int:
        return len(self.lengths)

    def coarsened(self) -> Side:
        """Consecutive pairs merged into one unit (the coarse level of the search)."""
        lengths = [sum(self.lengths[k : k + 2]) for k in range(0, len(self.lengths), 2)]
        keys = [_merged(self.keys[k : k + 2]) for k in range(0, len(self.keys), 2)]
        return Side(lengths, keys, self.lang)


def _merged(counters: Sequence[Counter[str] | None]) -> Counter[str]:
    present = [c for c in counters if c]
    if len(present) == 1:
        return present[0]
    total: Counter[str] = Counter()
    for counter in present:
        total.update(counter)
    return total


class LinkCost:
    """``cost(i, j, a, b)`` for a source side, a target side and :class:`AlignParams`."""

    def __init__(self, source: Side, target: Side, params: AlignParams):
        self.source, self.target, self.params = source, target, params
        self.n, self.m = len(source), len(target)
        self.ratio = length_ratio(source, target, params)
        self.prior = {t: -math.log(p) for t, p in params.priors.items()}
        self.deletion = params.deletion
        self._src_prefix = _prefix(source.lengths)
        self._tgt_prefix = _prefix(target.lengths)
        self._gain, src_miss, tgt_miss = _key_weights(source, target, params)
        self._src_keys = _blocks(_shared(source.keys, self._gain)) if self._gain else None
        self._tgt_keys = _blocks(_shared(target.keys, self._gain)) if self._gain else None
        self._src_miss = _blocks(_missable(source.keys, src_miss), sum) if self._gain else None
        self._tgt_miss = _blocks(_missable(target.keys, tgt_miss), sum) if self._gain else None
        self._paragraphs = (
            params.paragraph_cross
            and _informative(source.paragraphs)
            and _informative(target.paragraphs)
        )
        use_mt = params.mt_weight and source.compared is not None and target.compared is not None
        self._src_grams = Profiles(source.compared) if use_mt else None
        self._tgt_grams = Profiles(target.compared) if use_mt else None

    def coarsened(self) -> LinkCost:
        """The same cost on pairs of sentences: lengths and anchors only."""
        return LinkCost(self.source.coarsened(), self.target.coarsened(), self.params)

    def length_cost(self, source_chars: int, target_chars: int) -> float:
        mean = (source_chars + target_chars / self.ratio) / 2
        if mean <= 0:
            return 0.0
        delta = abs(target_chars - self.ratio * source_chars)
        delta /= math.sqrt(self.params.variance * mean)
        return neg_log_erfc(delta / math.sqrt(2))

    def __call__(self, i: int, j: int, a: int, b: int) -> float:
        """Cost of linking source sentences ``i-a .. i-1`` to target ``j-b .. j-1``."""
        prior = self.prior[(a, b)]
        if a == 0 or b == 0:
            return prior + self.deletion
        ls = self._src_prefix[i] - self._src_prefix[i - a]
        lt = self._tgt_prefix[j] - self._tgt_prefix[j - b]
        cost = prior + self.length_cost(ls, lt)
        if self._src_keys is not None:
            cost += self._src_miss[a - 1][i - 1] + self._tgt_miss[b - 1][j - 1]
            src = self._src_keys[a - 1][i - 1]
            if src:
                tgt = self._tgt_keys[b - 1][j - 1]
                if tgt:
                    cost -= self._anchor_score(src, tgt)
        if self._paragraphs:
            cost += self._paragraph_cost(i, j, a, b)
        if self._src_grams is not None:
            similarity = chrf(self._src_grams.block(i - 1, a), self._tgt_grams.block(j - 1, b))
            cost -= self.params.mt_weight * (similarity - self.params.mt_neutral) * (a + b) / 2
        return cost

    def _anchor_score(self, src: Counter[str], tgt: Counter[str]) -> float:
        if len(tgt) < len(src):
            src, tgt = tgt, src
        gain = self._gain
        score = 0.0
        for key, count in src.items():
            other = tgt.get(key)
            if other:
                score += (count if count < other else other) * gain.get(key, 0.0)
        return score

    def _paragraph_cost(self, i: int, j: int, a: int, b: int) -> float:
        src, tgt = self.source.paragraphs, self.target.paragraphs
        cost = 0.0
        # paragraph indices never decrease, so a block crosses one iff its ends differ
        cross_src = a >= 2 and src[i - a] != src[i - 1]
        cross_tgt = b >= 2 and tgt[j - b] != tgt[j - 1]
        if cross_src != cross_tgt:
            cost += self.params.paragraph_cross
        return cost


def length_ratio(source: Side, target: Side, params: AlignParams) -> float:
    """Target characters per source character: the documents' own ratio, shrunk towards
    the language pair's (a short document with a sentence missing misleads on its own)."""
    prior = 1.0
    if (source.lang, target.lang) == (AR, EN):
        prior = params.ar_en_ratio
    elif (source.lang, target.lang) == (EN, AR):
        prior = 1 / params.ar_en_ratio
    weight = params.ratio_weight
    total_source, total_target = sum(source.lengths), sum(target.lengths)
    if not total_source or not total_target:
        return prior
    return (total_target + weight * prior) / (total_source + weight)


def neg_log_erfc(x: float) -> float:
    """``−log erfc(x)`` for x ≥ 0, with the asymptotic form where erfc underflows."""
    if x < 20:
        return -math.log(math.erfc(x))
    return x * x + math.log(x * math.sqrt(math.pi))


def _prefix(values: Sequence[int]) -> list[int]:
    prefix = [0]
    for value in values:
        prefix.append(prefix[-1] + value)
    return prefix


def _blocks(items: Sequence, merge: Callable = _merged) -> list[list]:
    """Per block size ``s`` (1 .. :data:`MAX_BLOCK`), ``blocks[s - 1][k]`` is items
    ``k-s+1 .. k`` merged (None where fewer than ``s`` items end at ``k``)."""
    singles = list(items)
    return [singles] + [
        [None] * (size - 1)
        + [merge(singles[k - size + 1 : k + 1]) for k in range(size - 1, len(singles))]
        for size in range(2, MAX_BLOCK + 1)
    ]


def _key_weights(
    source: Side, target: Side, params: AlignParams
) -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
    """Per key found in both documents: what matching it gains, what missing it costs.

    A key's weights are its kind's divided by sqrt(document frequency). Matching gains
    the match weight plus the miss cost of both sides (the misses are charged up front,
    see :func:`_missable`); keys only one document has are neither.
    """
    kinds, misses = params.anchor_weights, params.anchor_misses
    if not any(kinds.values()):
        return {}, {}, {}
    df_source: Counter[str] = Counter(key for keys in source.keys if keys for key in keys)
    df_target: Counter[str] = Counter(key for keys in target.keys if keys for key in keys)
    gain: dict[str, float] = {}
    source_miss: dict[str, float] = {}
    target_miss: dict[str, float] = {}
    for key in df_source.keys() & df_target.keys():
        kind = key.partition(":")[0]
        weight = kinds.get(kind, 0.0)
        if not weight:
            continue
        scale = 1 / math.sqrt(max(df_source[key], df_target[key]))
        miss = misses.get(kind, 0.0) * scale
        source_miss[key] = 0.0 if CANDIDATE_KINDS.get(kind) == source.lang else miss
        target_miss[key] = 0.0 if CANDIDATE_KINDS.get(kind) == target.lang else miss
        gain[key] = weight * scale + source_miss[key] + target_miss[key]
    return gain, source_miss, target_miss


def _shared(keys: Sequence[Counter[str] | None], gain: dict[str, float]) -> list[Counter[str]]:
    """Each sentence's keys that the other document has too (the only ones that can match)."""
    return [Counter({k: v for k, v in c.items() if k in gain}) if c else Counter() for c in keys]


def _missable(keys: Sequence[Counter[str] | None], miss: dict[str, float]) -> list[float]:
    """Per sentence, the cost of leaving all its keys unmatched in a link."""
    return [
        sum(count * miss.get(key, 0.0) for key, count in counter.items()) if counter else 0.0
        for counter in keys
    ]


def _informative(paragraphs: Sequence[int] | None) -> bool:
    """Paragraphs help only where there are several and some hold more than one sentence."""
    return bool(paragraphs) and 1 < len(set(paragraphs)) < len(paragraphs)
