"""Sentence alignment of two lists of sentences: features → cost → search → scored links.

``align_texts`` is the plain-text entry point (the benchmark and ``--split lines`` use it);
:mod:`tarjama.align.documents` wraps it for :class:`~tarjama.document.Document` objects.
Deterministic: no randomness anywhere, ties are broken by the order of
:data:`~tarjama.align.cost.LINK_TYPES`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from tarjama.align import lexicon
from tarjama.align.anchors import document_keys, glossary_keys
from tarjama.align.cost import AlignParams, LinkCost, Side, text_length
from tarjama.align.dp import RADIUS, banded_search, posteriors, search
from tarjama.document import AR, EN, AlignmentLink
from tarjama.errors import AlignLanguageError

#: Decimal places of a link's score.
SCORE_DIGITS = 4


def check_languages(source_lang: str, target_lang: str, where: str | None = None) -> None:
    """Raise :class:`AlignLanguageError` unless one side is Arabic and the other English."""
    if {source_lang, target_lang} != {AR, EN}:
        raise AlignLanguageError(source_lang, target_lang, where)


def align_texts(
    src_lines: Sequence[str],
    tgt_lines: Sequence[str],
    src_lang: str,
    tgt_lang: str,
    *,
    glossary_matcher: Any = None,
    translator: Any = None,
    src_paragraphs: Sequence[int] | None = None,
    tgt_paragraphs: Sequence[int] | None = None,
    params: AlignParams | None = None,
) -> list[AlignmentLink]:
    """Monotonic links covering every sentence of both sides once, in order, with scores.

    ``src_paragraphs`` / ``tgt_paragraphs`` give the paragraph index of each sentence.
    ``glossary_matcher.find(text, lang)`` (hits with ``.entry.en`` / ``.entry.ar``) adds
    glossary anchors; ``translator.translate(texts, source_lang, target_lang)`` adds a chrF
    term between the translated source and the target. ``params`` defaults to the tuned
    :class:`AlignParams`; ``AlignParams.length_only()`` is plain Gale-Church.

    A link's ``score`` is its posterior probability under the cost model: the share of the
    probability mass ``exp(−cost)`` of all paths in the searched band that passes through
    it (:func:`tarjama.align.dp.posteriors`). Where the first pass finds enough sure 1-1
    links, word pairs learned from them are added as anchors and the pair is aligned again
    around the first path (:mod:`tarjama.align.lexicon`).
    """
    check_languages(src_lang, tgt_lang)
    params = params or AlignParams()
    source, target = build_sides(
        list(src_lines),
        list(tgt_lines),
        src_lang,
        tgt_lang,
        glossary_matcher=glossary_matcher,
        translator=translator if params.mt_weight else None,
        src_paragraphs=src_paragraphs,
        tgt_paragraphs=tgt_paragraphs,
        params=params,
    )
    cost = LinkCost(source, target, params)
    path, band, lattice = search(cost)
    scores = posteriors(lattice, band, path)
    del lattice, band  # the second pass builds its own
    if params.anchor_weights.get("lex"):
        relearned = _second_pass(src_lines, tgt_lines, source, target, params, path, scores)
        if relearned is not None:
            path, scores = relearned
    return [
        AlignmentLink(tuple(range(i - a, i)), tuple(range(j - b, j)), round(score, SCORE_DIGITS))
        for (i, j, a, b), score in zip(path, scores, strict=True)
    ]


def _second_pass(
    src_lines: Sequence[str],
    tgt_lines: Sequence[str],
    source: Side,
    target: Side,
    params: AlignParams,
    path: list,
    scores: list[float],
) -> tuple[list, list[float]] | None:
    """Align again with the word pairs the first pass's surest links teach (:mod:`.lexicon`);
    None when there is too little to learn from."""
    sure = [(i - 1, j - 1) for (i, j, a, b), score in zip(path, scores, strict=True)
            if a == b == 1 and score >= lexicon.MIN_SCORE]  # fmt: skip
    if len(sure) < lexicon.MIN_LINKS:
        return None
    src_words = [lexicon.words(text, source.lang) for text in src_lines]
    tgt_words = [lexicon.words(text, target.lang) for text in tgt_lines]
    pairs = lexicon.learn(src_words, tgt_words, sure)
    if not pairs:
        return None
    src_keys, tgt_keys = lexicon.lexicon_keys(src_words, tgt_words, pairs)
    source = replace(source, keys=_added(source.keys, src_keys))
    target = replace(target, keys=_added(target.keys, tgt_keys))
    cost = LinkCost(source, target, params)
    guide = [(0, 0)] + [(i, j) for i, j, _, _ in path]
    path, band, lattice = banded_search(cost, guide, RADIUS)
    return path, posteriors(lattice, band, path)


def _added(keys: list[Counter[str] | None], more: list[Counter[str]]) -> list[Counter[str]]:
    return [(k or Counter()) + x for k, x in zip(keys, more, strict=True)]


def build_sides(
    src_lines: list[str],
    tgt_lines: list[str],
    src_lang: str,
    tgt_lang: str,
    *,
    glossary_matcher: Any = None,
    translator: Any = None,
    src_paragraphs: Sequence[int] | None = None,
    tgt_paragraphs: Sequence[int] | None = None,
    params: AlignParams | None = None,
) -> tuple[Side, Side]:
    """The per-sentence features of both sides."""
    params = params or AlignParams()
    if params.anchor_weights and any(params.anchor_weights.values()):
        src_keys, tgt_keys = document_keys(src_lines, src_lang, tgt_lines, tgt_lang)
    else:
        src_keys = [None] * len(src_lines)
        tgt_keys = [None] * len(tgt_lines)
    if glossary_matcher is not None and params.anchor_weights.get("glossary"):
        for keys, lines, lang in ((src_keys, src_lines, src_lang), (tgt_keys, tgt_lines, tgt_lang)):
            for index, line in enumerate(lines):
                found = glossary_keys(glossary_matcher, line, lang)
                if found:
                    keys[index] = (keys[index] or Counter()) + found
    src_compared = tgt_compared = None
    if translator is not None and src_lines and tgt_lines:
        translations = translator.translate(list(src_lines), src_lang, tgt_lang)
        src_compared, tgt_compared = list(translations), list(tgt_lines)
    source = Side(
        lengths=[text_length(t) for t in src_lines],
        keys=src_keys,
        lang=src_lang,
        paragraphs=list(src_paragraphs) if src_paragraphs is not None else None,
        compared=src_compared,
    )
    target = Side(
        lengths=[text_length(t) for t in tgt_lines],
        keys=tgt_keys,
        lang=tgt_lang,
        paragraphs=list(tgt_paragraphs) if tgt_paragraphs is not None else None,
        compared=tgt_compared,
    )
    return source, target
