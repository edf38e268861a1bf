"""A self-contained side-by-side page: English | العربية, one row a segment, grouped by paragraph.

Every piece of text is escaped; Arabic cells are ``dir="rtl" lang="ar"``; runs of the other
script inside a cell are isolated with ``<bdi>`` so that punctuation and numbers do not
jump around; the page carries its own CSS (no network) and prints cleanly.
"""

from __future__ import annotations

import json
import re
from html import escape

from tarjama.document import AR, EN, Document, Paragraph, Segment
from tarjama.script import ARABIC_CHAR_CLASS

_ARABIC_RUN = re.compile(f"[{ARABIC_CHAR_CLASS}]+(?:[\\s\\d.,:/-]+[{ARABIC_CHAR_CLASS}]+)*")
_LATIN_RUN = re.compile(r"[A-Za-z][\w.'&/-]*(?:[ \t]+[A-Za-z0-9][\w.'&/-]*)*")
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
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  td.mt { background: none; }
  tr { break-inside: avoid; }
  thead { display: table-header-group; }
}
"""


def isolate(text: str, cell_lang: str) -> str:
    """Escape ``text`` and wrap runs of the other script in ``<bdi>``."""
    pattern, direction, lang = (
        (_ARABIC_RUN, "rtl", AR) if cell_lang != AR else (_LATIN_RUN, "ltr", EN)
    )
    pieces: list[str] = []
    cursor = 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[cursor : match.start()]))
        pieces.append(f'<bdi dir="{direction}" lang="{lang}">{escape(match.group())}</bdi>')
        cursor = match.end()
    pieces.append(escape(text[cursor:]))
    return "".join(pieces)


def _cell(segment: Segment, lang: str, direction: str) -> str:
    if segment.source_lang == lang:
        text = isolate(segment.source, lang)
        return f'<td class="source" lang="{lang}" dir="{direction}">{text}</td>'
    if segment.translation is not None and segment.target_lang == lang:
        tag = '<span class="tag">MT</span>'
        return (
            f'<td class="mt" lang="{lang}" dir="{direction}">'
            f"{isolate(segment.translation, lang)}{tag}</td>"
        )
    return f'<td class="none" lang="{lang}" dir="{direction}">—</td>'


def _kept_row(segment: Segment) -> str:
    lang = segment.source_lang if segment.source_lang in (AR, "fa", "ur") else None
    attributes = f' lang="{lang}" dir="rtl"' if lang else ' dir="auto"'
    reason = escape(segment.kept_reason or "kept")
    return (
        f'<td class="kept" colspan="2"{attributes}>{escape(segment.source)}'
        f'<span class="tag">kept: {reason}</span></td>'
    )


def _row(segment: Segment, paragraph: Paragraph) -> str:
    classes = ["segment"] + (["heading"] if paragraph.kind == "heading" else [])
    if segment.translation is None and segment.kept_reason not in (None, "target-language"):
        cells = [_kept_row(segment)]
    else:
        cells = [_cell(segment, lang, direction) for lang, direction, _ in _COLUMNS]
    if segment.warnings:
        # The mark goes where the reviewer must look: the translation, else the only cell.
        langs = [lang for lang, _, _ in _COLUMNS]
        target = (
            langs.index(segment.target_lang)
            if len(cells) > 1 and segment.target_lang in langs
            else 0
        )
        note = escape("\n".join(segment.warnings), quote=True)
        mark = f'<span class="warn" title="{note}">⚠</span></td>'
        cells[target] = cells[target].removesuffix("</td>") + mark
    return f'<tr class="{" ".join(classes)}" id="s{segment.id}">{"".join(cells)}</tr>'


def _paragraph(document: Document, paragraph: Paragraph) -> str:
    if not paragraph.segments:
        raw = escape(document.text[paragraph.start : paragraph.end])
        rows = f'<tr><td class="code" colspan="2" dir="ltr"><pre>{raw}</pre></td></tr>'
    else:
        rows = "\n".join(_row(segment, paragraph) for segment in paragraph.segments)
    return f'<tbody class="paragraph" id="p{paragraph.index}">\n{rows}\n</tbody>'


def _provenance(document: Document) -> str:
    provenance = document.provenance
    models = provenance.get("models") or {}
    described = ", ".join(
        f"{direction}: {info.get('name')} @ {info.get('revision') or '?'}"
        for direction, info in models.items()
    )
    return escape(
        f"tarjama {provenance.get('tool_version', '?')} · models: {described or 'none used'}"
        f" · decoding: {json.dumps(provenance.get('decoding') or {}, sort_keys=True)}"
    )


def side_by_side_html(document: Document, title: str) -> str:
    head = "".join(
        f'<th lang="{lang}" dir="{direction}">{escape(label)}</th>'
        for lang, direction, label in _COLUMNS
    )
    body = "\n".join(_paragraph(document, paragraph) for paragraph in document.paragraphs)
    version = escape(str(document.provenance.get("tool_version", "")))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="tarjama {version}">
<title>{escape(title)} — tarjama</title>
<style>{_CSS}</style>
</head>
<body>
<header>
<h1>{escape(title)}</h1>
<p class="legend">Each row is one segment; each band one paragraph of the source.
Cells marked <span class="tag">MT</span> are machine translations; the other cell is the
original text. <span class="warn">⚠</span> marks a segment with a warning (hover to read).</p>
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
