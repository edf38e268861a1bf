"""Self-contained side-by-side pages: English | العربية.

:func:`side_by_side_html` (the ``<stem>.html`` of a translate run) has one row a segment,
grouped by paragraph; :func:`bitext_html` (the bilingual export) one row an alignment link,
with its score, low-confidence links flagged and 1-0 / 0-1 links shown as gaps.

Every piece of text is escaped; Arabic cells are ``dir="rtl" lang="ar"``; glossary terms
are ``<mark>``ed (applied and missed ones distinctly, the entry and the reason in the
title); the pages carry their own CSS (no network) and print cleanly.

**Direction.** In an Arabic cell every left-to-right token is one ``<bdi dir="ltr">``: a
URL, an e-mail address, a code span, markup (a tag, an entity, Markdown link syntax), a
path, a number with separators (``4,053``, ``30/08/2021``), a Latin word or phrase — the
whole token, never its letter runs (isolating ``https``, ``example.org/…`` and ``id`` apart
drew ``5=id?example.org/…//:https``). In an English cell every run of Arabic script is one
``<bdi dir="rtl">``. A term mark never splits a unit (:func:`marked`). Kept rows, code
blocks, the title and the footer are drawn by the same rules.

**Hidden controls** (:mod:`tarjama.chars`: bidi embeddings, overrides and isolates,
zero-width and tag characters) are shown, never obeyed: each is replaced by a badge,
``<span class="ctl" title="U+202E (RIGHT-TO-LEFT OVERRIDE)">RLO</span>``, isolated so that
it cannot reorder its neighbours, and printed with a black border; in attributes and the
``<title>``, which hold no markup, by its label ``⟨RLO⟩``. A page therefore never contains
one of them (the text versions keep them byte-exact).
"""

from __future__ import annotations

import json
from html import escape

from tarjama import __version__
from tarjama.bidi import RTL_LANGS, Unit, isolation_units, text_direction, unit_lang
from tarjama.bitext import LOW_CONFIDENCE, BitextRow, bitext_rows
from tarjama.chars import char_name, hidden_controls, show_hidden, visible_label
from tarjama.document import AR, EN, Document, Paragraph, Segment, TermMatch
from tarjama.xmlsafe import xml_text

# --- hidden controls: shown, never obeyed ------------------------------------------------


def control_badge(ch: str) -> str:
    """The visible badge that stands in a page for the hidden control ``ch``."""
    return (
        f'<span class="ctl" title="{escape(char_name(ch), quote=True)}">'
        f"{escape(visible_label(ch))}</span>"
    )


def shown(text: str) -> str:
    """``text`` escaped, each hidden control replaced by its :func:`control_badge`."""
    found = hidden_controls(text)
    if not found:
        return escape(text)
    pieces: list[str] = []
    cursor = 0
    for index, ch in found:
        pieces.append(escape(text[cursor:index]))
        pieces.append(control_badge(ch))
        cursor = index + len(ch)
    pieces.append(escape(text[cursor:]))
    return "".join(pieces)


def attribute(text: str) -> str:
    """``text`` for an attribute value: labels for hidden controls, then escaped."""
    return escape(show_hidden(text), quote=True)


def _bdi(unit: Unit, inner: str, text: str) -> str:
    attributes = f'dir="{unit.dir}"'
    if lang := unit_lang(unit, text):
        attributes += f' lang="{lang}"'
    if unit.kind not in ("word", "phrase", "arabic"):
        attributes += f' class="{unit.kind}"'
    return f"<bdi {attributes}>{inner}</bdi>"


_COLUMNS = ((EN, "ltr", "English"), (AR, "rtl", "العربية"))

_CSS = """
:root { --line: #d0d4da; --muted: #5f6b7a; --mt: #f7f9fc; --warn: #b45309; }
* { box-sizing: border-box; }
body { font: 16px/1.6 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Naskh Arabic",
  "Geeza Pro", Tahoma, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem;
  color: #1f2933; }
header h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
.meta, .legend, footer { color: var(--muted); font-size: .85rem; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border: 1px solid var(--line); padding: .45rem .65rem; vertical-align: top;
  unicode-bidi: isolate; overflow-wrap: anywhere; }
th { background: #eef1f5; text-align: start; }
tbody.paragraph { border-top: 3px solid #9aa5b1; }
td.mt { background: var(--mt); }
td.none { color: var(--muted); font-style: italic; }
td.kept { color: var(--muted); }
td[lang="ar"], td[lang="fa"], td[lang="ur"] { font-size: 1.08rem; }
tr.heading td { font-weight: 650; }
td.code pre { margin: 0; white-space: pre-wrap; font: .85rem/1.45 ui-monospace, monospace; }
.tag { font-size: .7rem; color: var(--muted); border: 1px solid var(--line); border-radius: 3px;
  padding: 0 .25rem; margin-inline-start: .4rem; white-space: nowrap; }
.warn { color: var(--warn); cursor: help; margin-inline-start: .3rem; }
mark.term { background: #dbeafe; color: inherit; border-radius: 2px; padding: 0 .1em;
  cursor: help; }
mark.term.applied { background: #d1fae5; }
mark.term.missed { background: #fee2e2; text-decoration: underline wavy #b91c1c; }
td.id { font: .75rem/1.4 ui-monospace, monospace; color: var(--muted); }
td.score { font-size: .8rem; color: var(--muted); white-space: nowrap; }
tr.low td { background: #fff7e6; }
tr.low td.score { color: var(--warn); font-weight: 650; }
td.gap { color: var(--muted); font-style: italic; background: repeating-linear-gradient(
  135deg, #fff, #fff 6px, #f1f3f5 6px, #f1f3f5 12px); }
bdi.code { font-family: ui-monospace, monospace; font-size: .92em; }
.ctl { unicode-bidi: isolate; direction: ltr; display: inline-block; white-space: nowrap;
  font: 650 .7em/1.25 ui-monospace, monospace; font-style: normal; letter-spacing: .02em;
  color: #7c2d12; background: #ffedd5; border: 1px solid #c2410c; border-radius: 3px;
  padding: 0 .25em; margin: 0 .12em; vertical-align: .1em; cursor: help; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  td.mt, tr.low td, td.gap { background: none; }
  mark.term { background: none; border-bottom: 1px solid #555; }
  mark.term.missed { border-bottom: 2px dotted #000; }
  .ctl { color: #000; background: none; border: 1px solid #000; font-size: 8pt; }
  tr { break-inside: avoid; }
  thead { display: table-header-group; }
}
"""


#: (start, end, class, title) of a marked span, relative to the text it marks
Span = tuple[int, int, str, str]


def _term_class(term: TermMatch) -> str:
    return f"term {term.status}" if term.status in ("applied", "missed") else "term"


def _term_title(term: TermMatch) -> str:
    title = f"{term.source_form} → {term.target} ({term.entry})"
    if term.dnt:
        title += "; do not translate"
    if term.status == "missed":
        title += f"; missed: {term.reason or 'not in the translation'}"
    elif term.status == "applied":
        title += "; applied"
    return title


def source_term_spans(segment: Segment, offset: int = 0) -> list[Span]:
    """Spans of ``segment.terms`` in ``segment.source`` (shifted by ``offset``), found by
    their document offsets, or by their text where the offsets do not fit."""
    spans: list[Span] = []
    for term in segment.terms:
        start = term.start - segment.start
        if segment.source[start : start + len(term.text)] != term.text or not term.text:
            start = segment.source.find(term.text) if term.text else -1
            if start < 0:
                continue
        spans.append(
            (offset + start, offset + start + len(term.text), _term_class(term), _term_title(term))
        )
    return spans


def target_term_spans(text: str, lang: str, terms: list[TermMatch]) -> list[Span]:
    """Where the terms' target forms stand in ``text`` (a translation into ``lang``), by the
    audit's own rules: للكرملين holds الكرملين, Iranian does not hold Iran."""
    from tarjama.terms import target_spans  # the glossary matcher, only for pages with terms

    if not terms:
        return []
    return [
        (start, end, _term_class(term), _term_title(term))
        for start, end, term in target_spans(text, lang, terms)
    ]


def isolate(text: str, cell_lang: str) -> str:
    """Escape ``text`` for a cell in ``cell_lang``: each of its :func:`isolation_units` in
    a ``<bdi>``, hidden controls as badges."""
    return marked(text, cell_lang, [])


def clean_spans(spans: list[Span], length: int) -> list[Span]:
    """``spans`` in order, inside the text, overlaps dropped (the earlier one wins)."""
    kept: list[Span] = []
    cursor = 0
    for start, end, css, title in sorted(spans):
        end = min(end, length)
        if start < cursor or end <= start:
            continue
        kept.append((start, end, css, title))
        cursor = end
    return kept


def _mark(css: str, title: str, inner: str) -> str:
    return f'<mark class="{css}" title="{attribute(title)}">{inner}</mark>'


def _with_marks(text: str, start: int, end: int, spans: list[Span]) -> str:
    """``text[start:end]`` shown, with the parts of ``spans`` that fall in it marked."""
    pieces: list[str] = []
    cursor = start
    for span_start, span_end, css, title in spans:
        a, b = max(span_start, start), min(span_end, end)
        if a >= b:
            continue
        pieces.append(shown(text[cursor:a]))
        pieces.append(_mark(css, title, shown(text[a:b])))
        cursor = b
    pieces.append(shown(text[cursor:end]))
    return "".join(pieces)


def marked(text: str, cell_lang: str, spans: list[Span]) -> str:
    """:func:`isolate` ``text``, with each span (overlaps dropped) inside ``<mark>``.

    Isolation comes first: a span that holds whole units is one ``<mark>`` around their
    ``<bdi>`` elements; one that cuts a unit (a term inside a URL) is marked piecewise,
    inside and outside the unit, so that the unit is never split.
    """
    units = isolation_units(text, cell_lang)
    kept = clean_spans(spans, len(text))

    def cuts(span: Span) -> bool:
        return any(
            u.start < span[1] and span[0] < u.end and not (span[0] <= u.start and u.end <= span[1])
            for u in units
        )

    outer = [span for span in kept if not cuts(span)]
    inner = [span for span in kept if cuts(span)]
    items: list[tuple[int, int, Span | Unit]] = [(s[0], s[1], s) for s in outer]
    items += [
        (u.start, u.end, u)
        for u in units
        if not any(s[0] <= u.start and u.end <= s[1] for s in outer)
    ]
    pieces: list[str] = []
    cursor = 0
    for start, end, item in sorted(items, key=lambda entry: entry[:2]):
        pieces.append(_with_marks(text, cursor, start, inner))
        if isinstance(item, Unit):
            pieces.append(_bdi(item, _with_marks(text, start, end, inner), text))
        else:
            pieces.append(_mark(item[2], item[3], _units(text, start, end, units)))
        cursor = end
    pieces.append(_with_marks(text, cursor, len(text), inner))
    return "".join(pieces)


def _units(text: str, start: int, end: int, units: list[Unit]) -> str:
    """``text[start:end]`` shown, with the units inside it isolated."""
    pieces: list[str] = []
    cursor = start
    for unit in units:
        if unit.start >= start and unit.end <= end:
            pieces.append(shown(text[cursor : unit.start]))
            pieces.append(_bdi(unit, shown(text[unit.start : unit.end]), text))
            cursor = unit.end
    pieces.append(shown(text[cursor:end]))
    return "".join(pieces)


def _origin_tag(origin: str | None) -> str:
    """``MT`` for a model's translation, else where it came from (``memory``, ``review``)."""
    label = "MT" if origin in (None, "model") else origin
    return f'<span class="tag">{shown(label)}</span>'


def _cell(segment: Segment, lang: str, direction: str) -> str:
    if segment.source_lang == lang:
        text = marked(segment.source, lang, source_term_spans(segment))
        return f'<td class="source" lang="{lang}" dir="{direction}">{text}</td>'
    if segment.translation is not None and segment.target_lang == lang:
        tag = _origin_tag(segment.origin)
        text = marked(
            segment.translation, lang, target_term_spans(segment.translation, lang, segment.terms)
        )
        return f'<td class="mt" lang="{lang}" dir="{direction}">{text}{tag}</td>'
    return f'<td class="none" lang="{lang}" dir="{direction}">—</td>'


def _kept_row(segment: Segment) -> str:
    """A segment copied as-is into both versions: one cell, in the direction of its own
    script (an Arabic-script language, else its first strong character)."""
    lang = segment.source_lang if segment.source_lang in RTL_LANGS else None
    direction = "rtl" if lang else text_direction(segment.source)
    attributes = f' lang="{lang}" dir="rtl"' if lang else f' dir="{direction}"'
    text = isolate(segment.source, lang or (AR if direction == "rtl" else EN))
    reason = shown(segment.kept_reason or "kept")
    return (
        f'<td class="kept" colspan="2"{attributes}>{text}'
        f'<span class="tag">kept: {reason}</span></td>'
    )


def _row(segment: Segment, paragraph: Paragraph) -> str:
    classes = ["segment"] + (["heading"] if paragraph.kind == "heading" else [])
    if segment.translation is None and segment.kept_reason not in (None, "target-language"):
        cells = [_kept_row(segment)]
    else:
        cells = [_cell(segment, lang, direction) for lang, direction, _ in _COLUMNS]
    notes = segment.warnings + [f"{flag['check']}: {flag['message']}" for flag in segment.qa or []]
    if notes:
        # The mark goes where the reviewer must look: the translation, else the only cell.
        langs = [lang for lang, _, _ in _COLUMNS]
        target = (
            langs.index(segment.target_lang)
            if len(cells) > 1 and segment.target_lang in langs
            else 0
        )
        note = attribute("\n".join(notes))
        mark = f'<span class="warn" title="{note}">⚠</span></td>'
        cells[target] = cells[target].removesuffix("</td>") + mark
    return f'<tr class="{" ".join(classes)}" id="s{segment.id}">{"".join(cells)}</tr>'


def _paragraph(document: Document, paragraph: Paragraph) -> str:
    if not paragraph.segments:
        raw = isolate(document.text[paragraph.start : paragraph.end], EN)
        rows = f'<tr><td class="code" colspan="2" dir="ltr"><pre>{raw}</pre></td></tr>'
    else:
        rows = "\n".join(_row(segment, paragraph) for segment in paragraph.segments)
    return f'<tbody class="paragraph" id="p{paragraph.index}">\n{rows}\n</tbody>'


def _provenance(document: Document) -> str:
    provenance = document.provenance
    alignment = provenance.get("alignment")
    if alignment and document.counterpart is not None:  # ``tarjama align`` ran no decoding
        return isolate(
            f"tarjama {alignment.get('tool_version') or __version__} · aligned by "
            f"{alignment.get('method') or '?'} · split: {alignment.get('split') or '?'}",
            EN,
        )
    models = provenance.get("models") or {}
    described = ", ".join(
        f"{direction}: {info.get('name')} @ {info.get('revision') or '?'}"
        for direction, info in models.items()
    )
    return isolate(
        f"tarjama {provenance.get('tool_version', '?')} · models: {described or 'none used'}"
        f" · decoding: {json.dumps(provenance.get('decoding') or {}, sort_keys=True)}",
        EN,
    )


_TERMS_LEGEND = (
    '\nHighlighted words are glossary terms: <mark class="term applied">applied</mark>, '
    '<mark class="term missed">missed</mark> (hover for the entry and the reason).'
)


def _page_start(title: str, version: str) -> str:
    """The page up to its heading: both pages share head, style and title (``version`` is
    already escaped)."""
    title = xml_text(title)  # a file name may hold a control character: shown, as ␛
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="tarjama {version}">
<title>{escape(show_hidden(title))} — tarjama</title>
<style>{_CSS}</style>
</head>
<body>
<header>
<h1>{isolate(title, EN)}</h1>
"""


def side_by_side_html(document: Document, title: str) -> str:
    head = "".join(
        f'<th lang="{lang}" dir="{direction}">{escape(label)}</th>'
        for lang, direction, label in _COLUMNS
    )
    body = "\n".join(_paragraph(document, paragraph) for paragraph in document.paragraphs)
    version = attribute(str(document.provenance.get("tool_version", "")))
    terms = _TERMS_LEGEND if any(s.terms for s in document.segments) else ""
    return (
        _page_start(title, version)
        + f"""\
<p class="legend">Each row is one segment; each band one paragraph of the source.
Cells marked <span class="tag">MT</span> are machine translations; the other cell is the
original text. <span class="warn">⚠</span> marks a segment with a warning or a quality
flag (hover to read).{terms}</p>
</header>
<table>
<colgroup><col style="width:50%"><col style="width:50%"></colgroup>
<thead><tr>{head}</tr></thead>
{body}
</table>
<footer><p>{_provenance(document)}</p></footer>
</body>
</html>
"""
    )


def _bitext_cell(row: BitextRow, lang: str, direction: str) -> str:
    text = row.text(lang)
    if not text:
        return f'<td class="gap" lang="{lang}" dir="{direction}">—<span class="tag">gap</span></td>'
    if lang == row.original:
        spans: list[Span] = []
        offset = 0
        for segment in row.source_segments:
            spans += source_term_spans(segment, offset)
            offset += len(segment.source) + 1  # the rows join segments with one space
        css = "source"
        tag = ""
    else:
        spans = target_term_spans(text, lang, row.terms)
        css = "mt" if row.origin in (None, "model") else "source"
        tag = _origin_tag(row.origin) if row.origin != "aligned" else ""
    return (
        f'<td class="{css}" lang="{lang}" dir="{direction}">{marked(text, lang, spans)}{tag}</td>'
    )


def _bitext_row(row: BitextRow) -> str:
    classes = ["link"] + (["low"] if row.low_confidence else []) + (["gap"] if row.is_gap else [])
    score = "" if row.score is None else f"{row.score:.2f}"
    title = f"{row.kind} link, {row.state}"
    if row.low_confidence:
        score += ' <span class="warn">⚠ low</span>'
        title += f"; score below {LOW_CONFIDENCE:g}: check this pair"
    cells = [f'<td class="id">{escape(row.id)}</td>']
    cells += [_bitext_cell(row, lang, direction) for lang, direction, _ in _COLUMNS]
    cells.append(
        f'<td class="score" title="{escape(title, quote=True)}">{score}'
        f'<br><span class="tag">{escape(row.kind)}</span></td>'
    )
    return (
        f'<tr class="{" ".join(classes)}" id="{escape(row.id, quote=True)}">{"".join(cells)}</tr>'
    )


def bitext_html(document: Document, title: str) -> str:
    """One row per alignment link: id, English, Arabic, score (see the module docstring)."""
    rows = bitext_rows(document)
    head = "".join(
        f'<th lang="{lang}" dir="{direction}">{escape(label)}</th>'
        for lang, direction, label in _COLUMNS
    )
    body = "\n".join(_bitext_row(row) for row in rows)
    low = sum(row.low_confidence for row in rows)
    gaps = sum(row.is_gap for row in rows)
    version = attribute(str(document.provenance.get("tool_version") or __version__))
    return (
        _page_start(title, version)
        + f"""\
<p class="legend">Each row is one alignment link ({len(rows)} in all). Rows shaded and marked
<span class="warn">⚠ low</span> scored below {LOW_CONFIDENCE:g} ({low}); a hatched
<span class="tag">gap</span> cell has nothing on that side ({gaps}). Highlighted words are
glossary terms: <mark class="term applied">applied</mark>,
<mark class="term missed">missed</mark> (hover for the entry and the reason).</p>
</header>
<table>
<colgroup><col style="width:8%"><col style="width:41%"><col style="width:41%">
<col style="width:10%"></colgroup>
<thead><tr><th>link</th>{head}<th>score</th></tr></thead>
<tbody>
{body}
</tbody>
</table>
<footer><p>{_provenance(document)}</p></footer>
</body>
</html>
"""
    )
