"""The Vecalign alignment format and its strict/lax precision, recall and F1.

Format: one link per line, ``[src ids]:[tgt ids]``, 0-based, ``[]`` on the side of an
unaligned sentence: ``[9]:[9,10]``, ``[1]:[]``. A third ``:score`` field, as Vecalign
writes it, is read and ignored; :func:`write_vecalign` writes two fields unless asked.

Scoring follows Vecalign's ``score.py`` (Thompson & Koehn 2019,
https://github.com/thompsonb/vecalign/blob/master/score.py, after Sennrich & Volk 2011):

* **precision** is measured over the test links (empty-on-both-sides links dropped),
  against all gold links *including* 1-0 and 0-1: a test link is a strict hit if the
  same link is in the gold set; otherwise a lax hit if some gold link maps one of its
  source ids to one of its target ids (so a test 1-0 or 0-1 link that is not in the gold
  set is never a lax hit);
* **recall** is the same computation with the roles swapped and *without* the 1-0 and
  0-1 links on either side: gold links with both sides non-empty, checked against test
  links with both sides non-empty;
* counts are summed over all documents before dividing (micro-average), and a ratio with
  a zero denominator is 0, as in ``score_multiple``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tarjama.document import AlignmentLink
from tarjama.errors import AlignFormatError

Link = tuple[tuple[int, ...], tuple[int, ...]]

_LINE = re.compile(
    r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]\s*(?::\s*([-+]?\d*\.?\d+(?:[eE][-+]?\d+)?)\s*)?$"
)


def parse_vecalign(text: str, where: str = "alignment") -> list[AlignmentLink]:
    """Links from Vecalign-format text; blank lines are skipped.

    Raises :class:`~tarjama.errors.AlignFormatError` naming ``where`` and the line.
    """
    links = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _LINE.match(line)
        if not match:
            raise AlignFormatError(f"{where}:{number}", line)
        source, target, score = match.groups()
        links.append(
            AlignmentLink(_ids(source), _ids(target), float(score) if score is not None else None)
        )
    return links


def read_vecalign(path: Path | str) -> list[AlignmentLink]:
    return parse_vecalign(Path(path).read_text(encoding="utf-8"), where=str(path))


def format_vecalign(links: Iterable[AlignmentLink], *, scores: bool = False) -> str:
    """``[0]:[0]`` lines (with ``:0.9812`` when ``scores``), newline-terminated."""
    lines = []
    for link in links:
        line = f"[{','.join(map(str, link.source))}]:[{','.join(map(str, link.target))}]"
        if scores and link.score is not None:
            line += f":{link.score:.4f}"
        lines.append(line)
    return "".join(f"{line}\n" for line in lines)


def write_vecalign(path: Path | str, links: Iterable[AlignmentLink], *, scores: bool = False):
    Path(path).write_text(format_vecalign(links, scores=scores), encoding="utf-8")


def _ids(field: str) -> tuple[int, ...]:
    return tuple(int(part) for part in field.replace(" ", "").split(",") if part)


@dataclass(frozen=True)
class Counts:
    """True and false positives, strict and lax, as ``score.py``'s ``_precision`` counts."""

    tp_strict: int = 0
    fp_strict: int = 0
    tp_lax: int = 0
    fp_lax: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.tp_strict + other.tp_strict,
            self.fp_strict + other.fp_strict,
            self.tp_lax + other.tp_lax,
            self.fp_lax + other.fp_lax,
        )


@dataclass(frozen=True)
class Scores:
    precision_strict: float
    recall_strict: float
    f1_strict: float
    precision_lax: float
    recall_lax: float
    f1_lax: float
    precision_counts: Counts
    recall_counts: Counts

    def figures(self) -> tuple[float, float, float, float, float, float]:
        """Strict precision, recall, F1, then lax precision, recall, F1: a table's row."""
        return (
            self.precision_strict,
            self.recall_strict,
            self.f1_strict,
            self.precision_lax,
            self.recall_lax,
            self.f1_lax,
        )


def _as_pairs(links: Iterable[AlignmentLink | Link]) -> list[Link]:
    pairs = []
    for link in links:
        if isinstance(link, AlignmentLink):
            pairs.append((tuple(link.source), tuple(link.target)))
        else:
            pairs.append((tuple(link[0]), tuple(link[1])))
    return pairs


def _precision_counts(gold: Sequence[Link], test: Sequence[Link]) -> Counts:
    """``_precision`` of score.py: each distinct test link against the gold set."""
    test_set = {(s, t) for s, t in test if s or t}
    gold_set = {(s, t) for s, t in gold if s or t}
    gold_targets: dict[int, set[int]] = defaultdict(set)
    for source, target in gold_set:
        for source_id in source:
            gold_targets[source_id].update(target)
    tp_strict = fp_strict = tp_lax = fp_lax = 0
    for source, target in test_set:
        if (source, target) in gold_set:
            tp_strict += 1
            tp_lax += 1
            continue
        fp_strict += 1
        reachable = set().union(*(gold_targets[s] for s in source)) if source else set()
        if reachable.intersection(target):
            tp_lax += 1
        else:
            fp_lax += 1
    return Counts(tp_strict, fp_strict, tp_lax, fp_lax)


def alignment_counts(
    gold: Iterable[AlignmentLink | Link], test: Iterable[AlignmentLink | Link]
) -> tuple[Counts, Counts]:
    """(precision counts, recall counts) of one document."""
    gold_pairs, test_pairs = _as_pairs(gold), _as_pairs(test)
    precision = _precision_counts(gold_pairs, test_pairs)
    gold_no_del = [(s, t) for s, t in gold_pairs if s and t]
    test_no_del = [(s, t) for s, t in test_pairs if s and t]
    recall = _precision_counts(test_no_del, gold_no_del)
    return precision, recall


def score_alignments(
    gold_docs: Sequence[Iterable[AlignmentLink | Link]],
    test_docs: Sequence[Iterable[AlignmentLink | Link]],
) -> Scores:
    """Strict and lax P/R/F1 over several documents (counts summed first)."""
    if len(gold_docs) != len(test_docs):
        raise ValueError("as many gold alignments as test alignments are needed")
    precision, recall = Counts(), Counts()
    for gold, test in zip(gold_docs, test_docs, strict=True):
        p, r = alignment_counts(gold, test)
        precision, recall = precision + p, recall + r
    p_strict = _ratio(precision.tp_strict, precision.tp_strict + precision.fp_strict)
    p_lax = _ratio(precision.tp_lax, precision.tp_lax + precision.fp_lax)
    r_strict = _ratio(recall.tp_strict, recall.tp_strict + recall.fp_strict)
    r_lax = _ratio(recall.tp_lax, recall.tp_lax + recall.fp_lax)
    return Scores(
        p_strict,
        r_strict,
        _f1(p_strict, r_strict),
        p_lax,
        r_lax,
        _f1(p_lax, r_lax),
        precision,
        recall,
    )


def score_alignment(
    gold: Iterable[AlignmentLink | Link], test: Iterable[AlignmentLink | Link]
) -> Scores:
    """Strict and lax P/R/F1 of one document."""
    return score_alignments([gold], [test])


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
