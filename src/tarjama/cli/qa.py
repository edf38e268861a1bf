"""``tarjama qa RUN``: the quality checks of a translate run, again, with a summary."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from tarjama.cli.common import choices, fail
from tarjama.errors import TarjamaError


class QaFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"


def qa(
    run: Annotated[
        Path, typer.Argument(metavar="RUN", help="A translate run: its STEM.segments.jsonl file.")
    ],
    output_format: Annotated[
        QaFormat,
        typer.Option(
            "--format",
            "-f",
            metavar=choices(QaFormat),
            help="table (a TSV table when piped) or jsonl (one flag a line, then the summary).",
        ),
    ] = QaFormat.table,
    fail_on: Annotated[
        list[str] | None,
        typer.Option(
            "--fail-on",
            metavar="CHECK",
            help="Exit 1 if this check flags a segment (for CI). Repeatable.",
        ),
    ] = None,
) -> None:
    """Check every translated segment of a run again and print what each check flags."""
    from tarjama.errors import UnknownCheckError
    from tarjama.qa import CHECK_NAMES, qa_report
    from tarjama.review.rebuild import read_segments_file

    unknown = [name for name in fail_on or [] if name not in CHECK_NAMES]
    if unknown:
        raise fail(UnknownCheckError(unknown[0], CHECK_NAMES), code=2)
    try:
        _, records = read_segments_file(run)
    except TarjamaError as error:
        raise fail(error) from None
    report = qa_report(records)
    if output_format is QaFormat.jsonl:
        from tarjama.export.jsonl import json_line

        for record, found in report.flags:
            line = {"type": "flag", "id": record["id"], "line": record["line"], **found}
            typer.echo(json_line(line), nl=False)
        summary = {"segments": report.segments, "translated": report.translated}
        summary |= {"flagged": report.flagged, "checks": dict(report.counts)}
        typer.echo(json_line({"type": "summary", **summary}), nl=False)
    else:
        from tarjama.summary import print_qa_report

        print_qa_report(report)
    if report.fired(fail_on or []):
        raise typer.Exit(code=1)
