"""Text as the editor's page draws it: pieces the page inserts as text, never as HTML.

:func:`text_runs` cuts a text into runs by the rules of the HTML pages
(:mod:`tarjama.export.html`): each unit of :func:`~tarjama.bidi.isolation_units` (a URL in
an Arabic sentence, an Arabic name in an English one) is isolated; a glossary term is
marked with its entry; each hidden control (an RLO, a zero-width space) is a run of its
own with its label, which the page shows as a badge instead of the character, so it is
never obeyed. The page builds elements from the runs with ``textContent``.
"""

from __future__ import annotations

from typing import Any

from tarjama.bidi import RTL_LANGS, isolation_units, text_direction
from tarjama.bitext import LOW_CONFIDENCE, REVIEWED_ORIGINS, BitextRow, other_language_of
from tarjama.chars import char_name, hidden_controls, show_hidden, visible_label
from tarjama.document import AR, EN, Segment
from tarjama.export.html import Span, clean_spans, source_term_spans, target_term_spans
from tarjama.review.checks import qa_flags
from tarjama.terms import MISSED


def direction(text: str, lang: str | None) -> str:
    """``rtl`` for an Arabic-script language, else the direction of the first strong
    character."""
    return "rtl" if lang in RTL_LANGS else text_direction(text)


def text_runs(text: str, lang: str, spans: list[Span] = ()) -> list[dict[str, Any]]:
    """``text`` in runs: ``{"text"}``, or ``{"ctl": "RLO", "title": name}`` for a hidden
    control; with ``"unit"`` (an index), ``"dir"`` and ``"kind"`` (``url``, ``code``, …)
    inside an isolated unit, with
    ``"mark"`` (CSS classes) and ``"title"`` inside a marked span (``spans``: (start, end,
    classes, title), overlaps dropped)."""
    units = isolation_units(text, lang)
    marks = clean_spans(list(spans), len(text))
    controls = dict(hidden_controls(text))
    cuts = {0, len(text)}
    for unit in units:
        cuts |= {unit.start, unit.end}
    for start, end, _, _ in marks:
        cuts |= {start, end}
    for index, ch in controls.items():
        cuts |= {index, index + len(ch)}
    runs: list[dict[str, Any]] = []
    points = sorted(cuts)
    for start, end in zip(points, points[1:], strict=False):
        run: dict[str, Any]
        if start in controls:
            ch = controls[start]
            run = {"ctl": visible_label(ch), "title": char_name(ch)}
        else:
            run = {"text": text[start:end]}
        for number, unit in enumerate(units):
            if unit.start <= start and end <= unit.end:
                run |= {"unit": number, "dir": unit.dir, "kind": unit.kind}
                break
        for mark_start, mark_end, classes, title in marks:
            if mark_start <= start and end <= mark_end:
                run |= {"mark": classes, "markTitle": title}
                break
        runs.append(run)
    return runs


# --- the items of the page: a segment of a translate run, a link of an align run ---------


def _cell_lang(lang: str, text: str) -> str:
    """The language a cell isolates its units by (an ``other`` text: by its direction)."""
    if lang in (AR, EN, *RTL_LANGS):
        return lang
    return AR if text_direction(text) == "rtl" else EN


def side(text: str, lang: str, spans: list[Span] = (), **extra: Any) -> dict[str, Any]:
    """One column of an item: its language, direction and runs, and the plain text."""
    cell = _cell_lang(lang, text)
    return {"lang": lang, "dir": direction(text, cell), "text": text,
            "runs": text_runs(text, cell, spans), **extra}  # fmt: skip


def _flag(check: str, message: str) -> dict[str, str]:
    return {"check": check, "message": show_hidden(message)}


def segment_item(segment: Segment, heading: bool = False) -> dict[str, Any]:
    """A segment of a translate run as the page shows it: source and translation with
    their terms marked, its origin, and its flags (QA checks, missed terms, warnings)."""
    flags = [_flag(str(f.get("check")), str(f.get("message"))) for f in qa_flags(segment)]
    if not any(flag["check"] == "terms" for flag in flags):
        flags += [
            _flag("terms", f"{term.text} → {term.target} missed ({term.entry})")
            for term in segment.terms
            if term.status == MISSED
        ]
    flags += [_flag("warning", warning) for warning in segment.warnings]
    translation = segment.translation
    target = None
    if translation is not None and segment.target_lang is not None:
        spans = target_term_spans(translation, segment.target_lang, segment.terms)
        target = side(translation, segment.target_lang, spans)
    return {
        "id": str(segment.id),
        "paragraph": segment.paragraph,
        "heading": heading,
        "source": side(
            segment.source,
            segment.source_lang,
            source_term_spans(segment),
            confidence=segment.confidence,
        ),  # fmt: skip
        "target": target,
        "kept": segment.kept_reason if translation is None else None,
        "origin": segment.origin,
        "editable": target is not None,
        "reviewed": target is not None and segment.origin in REVIEWED_ORIGINS,
        "status": "reviewed" if segment.origin in REVIEWED_ORIGINS else "draft",
        "score": None,
        "low": segment.confidence < LOW_CONFIDENCE,
        "link": None,
        "flags": flags,
    }


def link_item(row: BitextRow, status: str, paragraph: int) -> dict[str, Any]:
    """A link of an align run as the page shows it: both sides, the link's kind, score and
    status (``aligned``, ``confirmed``, ``wrong``), and its flags."""
    sources, targets = row.source_segments, row.target_segments
    source_lang = sources[0].source_lang if sources else other_language_of(targets)
    target_lang = targets[0].source_lang if targets else other_language_of(sources)
    flags = []
    if row.low_confidence:
        flags.append(_flag("score", f"link score {row.score:.2f} is below {LOW_CONFIDENCE:g}"))
    if row.is_gap:
        flags.append(_flag("gap", "nothing on the other side pairs with it"))
    if status == "wrong":
        flags.append(_flag("wrong", "marked wrong: the two sides do not translate each other"))
    return {
        "id": row.id,
        "paragraph": paragraph,
        "heading": False,
        "source": side(row.source_text, source_lang) if sources else None,
        "target": side(row.target_text, target_lang) if targets else None,
        "kept": None,
        "origin": "aligned",
        "editable": False,
        "reviewed": status != "aligned",
        "status": status,
        "score": row.score,
        "low": row.low_confidence,
        "link": row.kind,
        "sizes": [len(sources), len(targets)],
        "flags": flags,
    }
