"""Terms forced into a translation through a target prefix, for engines with no
step-by-step search (CTranslate2: no lexical constraints, its issue #739).

Two moves, each cheap for such an engine. **Screening:** of the beam's n-best
hypotheses, the best that already holds every term is taken as it is. **Forcing:** else
the terms are written into the best hypothesis at word boundaries, each where its source
sits in the source text (proportionally), and the engine completes the translation from
the word after the last term, with that prefix fixed. Either way every term is in the output,
as whole words: a term is never followed by a piece that glues onto it.

Pure functions over tokens (ids or piece strings alike); the engine calls live in
:mod:`~tarjama.translate.ct2`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence

Token = Hashable
Continues = Callable[[Token], bool]  # whether a token glues onto the word before it
#: one term: the token sequences of its forms, canonical first; any one places it
Alternatives = Sequence[Sequence[Token]]


def placement(ids: Sequence[Token], tokens: Sequence[Token], continues: Continues) -> int | None:
    """End of the first occurrence of ``tokens`` in ``ids`` that ends a word, or None."""
    size = len(tokens)
    for start in range(len(ids) - size + 1):
        end = start + size
        if list(ids[start:end]) == list(tokens) and (end == len(ids) or not continues(ids[end])):
            return end
    return None


def constraint_end(
    ids: Sequence[Token], constraint: Alternatives, continues: Continues
) -> int | None:
    """End of the earliest-ending placed alternative of ``constraint`` in ``ids``, or None."""
    ends = [placement(ids, tokens, continues) for tokens in constraint]
    found = [end for end in ends if end is not None]
    return min(found) if found else None


def unmet(
    ids: Sequence[Token], constraints: Sequence[Alternatives], continues: Continues
) -> list[int]:
    """Indices of ``constraints`` that ``ids`` does not hold as whole words."""
    return [
        index
        for index, constraint in enumerate(constraints)
        if constraint_end(ids, constraint, continues) is None
    ]


def forced_prefix(
    hypothesis: Sequence[Token],
    constraints: Sequence[Alternatives],
    anchors: Sequence[float],
    continues: Continues,
) -> list[Token]:
    """``hypothesis`` with its unmet constraints written in, cut one word-start token after
    the last forced term (or after the last term it already held, whichever ends later).

    ``anchors[i]`` (0..1) is where constraint ``i``'s source sits in the source text; it
    goes at the word boundary of the hypothesis nearest that share of its length, in
    source order, never before a term placed earlier.
    """
    hypothesis = list(hypothesis)
    missing = unmet(hypothesis, constraints, continues)
    kept_end = max((constraint_end(hypothesis, c, continues) or 0 for c in constraints), default=0)
    boundaries = [b for b in range(len(hypothesis) + 1) if _starts_word(hypothesis, b, continues)]
    prefix: list[Token] = []
    copied = 0  # hypothesis tokens copied into the prefix so far
    for index in sorted(missing, key=lambda i: anchors[i]):
        target = anchors[index] * len(hypothesis)
        usable = [b for b in boundaries if b >= copied]
        cut = min(usable, key=lambda b: (abs(b - target), b))
        prefix += hypothesis[copied:cut]
        prefix += list(constraints[index][0])
        copied = cut
    if copied < kept_end:
        prefix += hypothesis[copied:kept_end]
        copied = kept_end
    # The word that followed there starts a word: the engine continues after it, and can no
    # longer glue a piece onto the last term.
    return prefix + hypothesis[copied : copied + 1]


def _starts_word(ids: Sequence[Token], position: int, continues: Continues) -> bool:
    return position == len(ids) or not continues(ids[position])


def rank_completions(
    completions: Sequence[Sequence[Token]],
    prefix_length: int,
    constraints: Sequence[Alternatives],
    continues: Continues,
) -> int | None:
    """The first of ``completions`` (best first) whose first free token does not glue onto
    the prefix's last term and that holds every constraint; None if none does."""
    for rank, ids in enumerate(completions):
        glued = len(ids) > prefix_length and continues(ids[prefix_length])
        if not glued and not unmet(ids, constraints, continues):
            return rank
    return None
