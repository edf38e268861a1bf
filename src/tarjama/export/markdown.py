"""A Markdown table of the alignment links: ``| link | العربية | English | score | kind | state |``.

Pipes are escaped, line breaks become ``<br>``, ``<``/``&`` become entities (so that text
holding HTML is shown, not rendered), hidden controls are shown as labels (``⟨RLO⟩``, see
:mod:`tarjama.chars`) rather than obeyed, and low-confidence links and gaps are flagged.
"""

from __future__ import annotations

from tarjama.bitext import bitext_info, bitext_rows
from tarjama.chars import show_hidden
from tarjama.document import Document
from tarjama.xmlsafe import xml_text


def escape_cell(text: str) -> str:
    text = show_hidden(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("\\", "\\\\").replace("|", "\\|")
    return text.replace("\r\n", "<br>").replace("\n", "<br>").replace("\r", "<br>")


def export_markdown(document: Document, stem: str | None = None) -> bytes:
    info = bitext_info(document, stem)
    rows = bitext_rows(document)
    lines = [
        f"# {escape_cell(xml_text(info.title))}",  # a file name's controls shown, as ␛
        "",
        f"{len(rows)} links; ⚠ marks a link scored below the confidence threshold, "
        "— a side with nothing to pair.",
        "",
        "| link | العربية | English | score | kind | state |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        score = "" if row.score is None else f"{row.score:.2f}"
        if row.low_confidence:
            score += " ⚠"
        cells = [
            row.id,
            escape_cell(row.ar) if row.ar else "—",
            escape_cell(row.en) if row.en else "—",
            score,
            row.kind,
            row.state,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return ("\n".join(lines) + "\n").encode("utf-8")
