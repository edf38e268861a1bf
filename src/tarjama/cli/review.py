"""``tarjama review apply`` / ``export`` / ``serve``: bilingual exports out, reviewed
corrections back, and the browser editor."""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path
from typing import Annotated

import typer

from tarjama.chars import terminal_safe
from tarjama.cli.common import App, BitextFormat, fail
from tarjama.errors import TarjamaError

review_app = App(
    help="Review runs: in the browser, or through bilingual files brought back.",
    no_args_is_help=True,
)

MemoryOption = Annotated[
    Path | None,
    typer.Option(
        "--memory",
        metavar="PATH",
        help="Translation memory file. Default: $TARJAMA_MEMORY, else memory.sqlite in the "
        "user data folder.",
    ),
]


@review_app.command("apply")
def apply(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="The reviewed .xlf/.xliff, .tsv or .tmx file.")
    ],
    memory: MemoryOption = None,
    overwrite: Annotated[
        bool,
        typer.Option(
            "--overwrite",
            help="Apply this file's translations even where another reviewed translation "
            "exists (in the memory or in the run's outputs); without it they are reported "
            "as conflicts and nothing changes. A file exported from another source is "
            "refused either way.",
        ),
    ] = False,
    outputs: Annotated[
        Path | None,
        typer.Option(
            "--outputs",
            metavar="DIR",
            help="Folder of the translate run's outputs (default: the reviewed file's folder).",
        ),
    ] = None,
    source: Annotated[
        Path | None,
        typer.Option(
            "--source",
            metavar="FILE",
            help="The translated file, if it is no longer where the run recorded it.",
        ),
    ] = None,
) -> None:
    """Apply reviewed translations to a run's outputs and store them in the memory."""
    from tarjama.review import apply_review

    try:
        report = apply_review(file, memory, overwrite=overwrite, outputs=outputs, source=source)
    except TarjamaError as error:
        raise fail(error) from None
    typer.echo(
        f"{file}: {len(report.updated)} updated, {len(report.confirmed)} confirmed, "
        f"{report.unchanged} unchanged, {len(report.skipped)} skipped, "
        f"{len(report.conflicts)} conflicts"
    )
    for unit, why in report.skipped:
        typer.echo(f"  skipped {unit}: {why}")
    for unit, warning in report.warnings:
        typer.echo(f"  warning {unit}: {warning}")
    for conflict in report.conflicts:
        typer.echo(
            f"  conflict {conflict.unit}: already reviewed as {conflict.stored!r} (in the "
            f"{conflict.where}), this file says {conflict.new!r}; kept the reviewed one, "
            "--overwrite applies this file's"
        )
    typer.echo(f"memory {report.memory}: {report.stored} stored, {report.replaced} replaced")
    for path in report.outputs:
        typer.echo(terminal_safe(f"wrote {path}"))


@review_app.command("export")
def export(
    segments: Annotated[
        Path,
        typer.Argument(
            metavar="SEGMENTS_JSONL",
            help="A translate run's STEM.segments.jsonl, or an align run's STEM.align.jsonl.",
        ),
    ],
    formats: Annotated[
        list[BitextFormat] | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="html, tmx, xliff, xliff12, tsv, md or docx. Repeatable. Default: xliff.",
            case_sensitive=False,
        ),
    ] = None,
    output_dir: Annotated[
        Path | None,
        typer.Option(
            "--output-dir",
            "-o",
            metavar="DIR",
            help="Folder for the exports. Default: the folder of the segments file.",
        ),
    ] = None,
    source: Annotated[
        Path | None,
        typer.Option("--source", metavar="FILE", help="The translated file, if it moved."),
    ] = None,
) -> None:
    """Export a translate or align run for review (bilingual XLIFF, TMX, TSV, Markdown,
    DOCX, HTML)."""
    from tarjama.export.bilingual import write_bitexts
    from tarjama.outputs import check_output_dir
    from tarjama.review import load_run, run_stem

    try:
        stem = run_stem(segments)
        document = load_run(segments, source)
        folder = output_dir or segments.parent
        check_output_dir(folder)  # a file, not creatable, not writable: said as translate says
        names = [fmt.value for fmt in formats or [BitextFormat.xliff]]
        paths = write_bitexts(document, names, folder, stem)
    except TarjamaError as error:
        raise fail(error) from None
    for path in paths:
        typer.echo(terminal_safe(f"wrote {path}"))


@review_app.command("serve")
def serve(
    run: Annotated[
        Path,
        typer.Argument(
            metavar="RUN",
            help="A translate run's STEM.segments.jsonl, or an align run's STEM.align.jsonl.",
        ),
    ],
    port: Annotated[
        int,
        typer.Option("--port", metavar="N", min=0, max=65535, help="Port. Default: a free one."),
    ] = 0,
    host: Annotated[
        str,
        typer.Option("--host", metavar="ADDRESS", help="Address to listen on."),
    ] = "127.0.0.1",
    memory: MemoryOption = None,
    source: Annotated[
        Path | None,
        typer.Option("--source", metavar="FILE", help="The translated file, if it moved."),
    ] = None,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Print the editor's URL, do not open it.")
    ] = False,
) -> None:
    """Review a run in the browser: a side-by-side editor, saved at once.

    Every confirmed translation goes into the translation memory, the versions, the page
    and the records at once, as with `review apply`; for an align run, links can be
    confirmed, marked wrong, merged or split. Ctrl+C stops the server.
    """
    import webbrowser

    from tarjama.review.serve import EditorServer

    try:
        server = EditorServer(run, host=host, port=port, memory=memory, source=source)
    except TarjamaError as error:
        raise fail(error) from None
    typer.echo(terminal_safe(f"editing {run} (memory {server.editor.memory})"))
    typer.echo(f"open {server.url}")
    typer.echo("Ctrl+C stops the server; every confirmed edit is already saved.")
    if not no_browser:
        webbrowser.open(server.url)
    with suppress(KeyboardInterrupt):  # uvicorn stops cleanly first, then raises it again
        server.serve()
    typer.echo("stopped")
