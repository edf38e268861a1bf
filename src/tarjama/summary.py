"""What the CLI prints: the run summary, the detect table, the models table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from tarjama.document import Document
    from tarjama.glossary import Glossary
    from tarjama.pipeline import RunReport

_LANGS = ("ar", "en", "fa", "ur", "other")


def print_summary(report: RunReport, console: Console | None = None) -> None:
    console = console or Console(highlight=False, soft_wrap=True)
    errors = Console(stderr=True, highlight=False, soft_wrap=True)
    for result in report.failed:
        errors.print(f"error: {result.error}", markup=False)
    for result in report.files:
        for path in result.outputs:
            console.print(f"wrote {path}", markup=False)
    counts = report.counts()
    languages = ", ".join(
        f"{lang} {counts[f'lang:{lang}']}" for lang in _LANGS if counts[f"lang:{lang}"]
    )
    # Counts cover the files whose outputs were written, never those that failed.
    console.print(
        f"{len(report.written)} file(s) translated, {len(report.failed)} failed · "
        f"segments: {languages or 'none'} · translated {counts['translated']}, "
        f"kept {counts['kept']} · {report.seconds:.1f} s",
        markup=False,
    )
    if counts["terms:applied"] or counts["terms:missed"]:
        console.print(
            f"glossary terms: {counts['terms:applied']} applied, {counts['terms:missed']} missed"
            + (" (see the terms field of .segments.jsonl)" if counts["terms:missed"] else ""),
            markup=False,
        )
    if counts["memory"]:
        console.print(
            f"{counts['memory']} segment(s) taken from the translation memory", markup=False
        )
    for result in report.written:
        for found in result.inconsistencies:
            renderings = " / ".join(
                f"{text} ({len(places)}×)" for text, places in found.renderings.items()
            )
            console.print(
                f"{result.path}: '{found.name}' is rendered differently: {renderings} "
                "— add it to a glossary to fix one spelling",
                markup=False,
            )
    if counts["warnings"]:
        console.print(
            f"{counts['warnings']} warning(s), see the ⚠ marks in the .html "
            "and the warnings field of .segments.jsonl",
            markup=False,
        )


def print_glossary_conflicts(glossary: Glossary, console: Console | None = None) -> None:
    """Each conflict between combined glossaries (the later file won), on stderr."""
    console = console or Console(stderr=True, highlight=False, soft_wrap=True)
    for conflict in glossary.conflicts:
        console.print(f"glossary conflict: {conflict}", markup=False)


def print_detect_table(document: Document, console: Console | None = None) -> None:
    console = console or Console(highlight=False, soft_wrap=True)
    table = Table("id", "para", "line", "lang", "conf", "segment", show_lines=False)
    for segment in document.segments:
        table.add_row(
            str(segment.id),
            str(segment.paragraph),
            str(segment.line),
            segment.source_lang,
            f"{segment.confidence:.2f}",
            segment.source,
        )
    console.print(table, markup=False)


def _size(size: int | None) -> str:
    if size is None:
        return "-"
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return str(size)


def print_models(statuses: Sequence[Any], console: Console | None = None) -> None:
    console = console or Console(highlight=False, soft_wrap=True)
    table = Table("direction", "model", "available offline", "size", "where")
    for status in statuses:
        table.add_row(
            status.direction,
            status.name,
            "yes" if status.available else "no",
            _size(status.size_bytes),
            str(status.where or "-"),
        )
    console.print(table, markup=False)
