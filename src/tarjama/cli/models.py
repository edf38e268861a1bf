"""``tarjama models ...``: list, download, pack and install the translation models.

Each command calls one library function (:mod:`tarjama.translate`, :mod:`tarjama.packs`)
and prints what it returns; the libraries are imported inside the commands so that
``tarjama --help`` stays fast.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tarjama.cli.common import App, ModelOption, fail
from tarjama.errors import TarjamaError

if TYPE_CHECKING:
    from tarjama.packs import InstallReport, PackReport

models_app = App(help="Show, fetch, pack and install the translation models.", no_args_is_help=True)

Direction = StrEnum("Direction", {"ar_en": "ar-en", "en_ar": "en-ar"})


def _show_models(fetch: Callable[[dict[str, str]], list], model: list[str] | None) -> None:
    """Resolve the model names, run ``fetch`` (list or download) and print the status table."""
    from tarjama.summary import print_models
    from tarjama.translate import resolve_model_names

    try:
        print_models(fetch(resolve_model_names(model or [])))
    except TarjamaError as error:
        raise fail(error) from None


@models_app.command("list")
def models_list(model: ModelOption = None) -> None:
    """Show the model of each direction, whether it is available offline, and its size."""
    from tarjama.translate import list_models

    _show_models(list_models, model)


@models_app.command("download")
def models_download(model: ModelOption = None) -> None:
    """Fetch the models into the Hugging Face cache, for later offline use."""
    from tarjama.translate import download_models

    _show_models(download_models, model)


@models_app.command("pack")
def models_pack(
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="The pack to write, e.g. opus-mt.tar (.tar.gz or .tar.xz: compressed).",
        ),
    ],
    model: ModelOption = None,
    direction: Annotated[
        list[Direction] | None,
        typer.Option(
            "--direction",
            "-d",
            metavar="DIRECTION",
            help="Pack only this direction (ar-en or en-ar). Repeatable. Default: both.",
            case_sensitive=False,
        ),
    ] = None,
) -> None:
    """Write the models of each direction into one archive, for machines with no network.

    Each model is taken from where tarjama finds it: a local folder, the Hugging Face cache,
    or the hub (downloaded first). The archive holds the weights, config, generation config
    and tokenizer files and a manifest with their sha256; `tarjama models install FILE`
    installs it where huggingface.co cannot be reached.
    """
    from tarjama.packs import pack_models
    from tarjama.translate import resolve_model_names

    try:
        names = resolve_model_names(model or [])
        report = pack_models(names, output, [d.value for d in direction or []] or None)
    except TarjamaError as error:
        raise fail(error) from None
    _print_pack(report)


def _print_pack(report: PackReport) -> None:
    from tarjama.packs import human_size

    for packed in report.manifest.models:
        typer.echo(
            f"packed {packed.name} ({', '.join(packed.directions)}): revision "
            f"{packed.revision[:12]}, {len(packed.files)} files, {human_size(packed.size)}"
        )
    typer.echo(f"wrote {report.path} ({human_size(report.size_bytes)})")
    typer.echo(f"sha256 {report.sha256}  (check a copy with: sha256sum {report.path.name})")
    typer.echo(f"install it with: tarjama models install {report.path.name}")


@models_app.command("install")
def models_install(
    pack: Annotated[
        Path, typer.Argument(metavar="FILE", help="A pack written by tarjama models pack.")
    ],
    to: Annotated[
        Path | None,
        typer.Option(
            "--to",
            metavar="DIR",
            help="Install as plain model folders DIR/ORG--NAME, to pass with --model "
            "DIRECTION=DIR/ORG--NAME. Default: the Hugging Face cache.",
        ),
    ] = None,
) -> None:
    """Install a model pack without a network: verify every file, then unpack it.

    Every checksum, size and name is checked before anything is written; a damaged or
    unsafe pack installs nothing. Models with a Hugging Face name go into the Hugging Face
    cache, where `tarjama translate` and `from_pretrained` find them by that name.
    """
    from tarjama.packs import install_pack

    try:
        report = install_pack(pack, to)
    except TarjamaError as error:
        raise fail(error) from None
    _print_install(report)


def _print_install(report: InstallReport) -> None:
    from tarjama.packs import human_size
    from tarjama.translate import resolve_model_names

    defaults = resolve_model_names()
    verbs = {"installed": "installed", "added": "installed", "unchanged": "already installed:"}
    for item in report.models:
        packed = item.model
        typer.echo(
            f"{verbs[item.state]} {packed.name} ({', '.join(packed.directions)}), revision "
            f"{packed.revision[:12]}, {len(packed.files)} files, {human_size(packed.size)} "
            f"→ {item.path}"
        )
    for item in report.models:
        for direction in item.model.directions:
            if report.kind == "cache" and defaults[direction] == item.spec:
                typer.echo(f"{direction}: ready — tarjama uses {item.spec} by default")
            else:
                typer.echo(f"{direction}: use it with --model {direction}={item.spec}")
