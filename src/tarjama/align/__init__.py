"""Sentence alignment of an Arabic document and its English version (or the reverse).

Gale-Church length costs strengthened with anchors that need no model (numbers and dates,
Latin names inside Arabic, transliterated names, punctuation, glossary entries, paragraph
boundaries, word pairs learned from a first pass) and, when a translator is given, a chrF
term between the translated source and the target; a banded, coarse-to-fine monotonic
search; posterior link scores. See :mod:`.cost` for the cost model, :mod:`.dp` for the
search and the scores, :mod:`.vecalign` for the file format and the evaluation.
"""

from __future__ import annotations

from tarjama.align.aligner import align_texts, check_languages
from tarjama.align.cost import LINK_TYPES, AlignParams
from tarjama.align.documents import align_documents, align_files, lines_document
from tarjama.align.moses import resolve_pair
from tarjama.align.vecalign import (
    Scores,
    format_vecalign,
    parse_vecalign,
    read_vecalign,
    score_alignment,
    score_alignments,
    write_vecalign,
)

__all__ = [
    "LINK_TYPES",
    "AlignParams",
    "Scores",
    "align_documents",
    "align_files",
    "align_texts",
    "check_languages",
    "format_vecalign",
    "lines_document",
    "parse_vecalign",
    "read_vecalign",
    "resolve_pair",
    "score_alignment",
    "score_alignments",
    "write_vecalign",
]
