"""Pieces every command shares: the help layout, the model option, how an error is shown.

:class:`App` is the ``typer.Typer`` every command group uses. Its commands show their
parameters by metavar only (``FILE``, ``DIR``, ``N``, ``FORMAT``, ``both|en|ar``; a flag
shows none, never typer's ``<bool>``, ``<list[Path]>`` or ``{file}``), put ``[OPTIONS]`` after
the arguments in the usage line, as the README's synopsis does, and reflow their help: a
docstring wrapped in the source renders as clean paragraphs.
"""

from __future__ import annotations

import inspect
from enum import Enum, StrEnum
from typing import Annotated, Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from tarjama.chars import terminal_safe
from tarjama.errors import TarjamaError


def reflow(text: str | None) -> str | None:
    """Help text as paragraphs: the line breaks inside a paragraph become spaces.

    Paragraphs are separated by a blank line; one that starts with ``\\b`` keeps its lines
    (click's convention for verbatim blocks).
    """
    if not text:
        return text
    paragraphs = inspect.cleandoc(text).split("\n\n")
    return "\n\n".join(
        paragraph if paragraph.startswith("\b") else " ".join(paragraph.split())
        for paragraph in paragraphs
    )


def choices(enum: type[Enum]) -> str:
    """The metavar of a choice option: its values, ``both|en|ar``."""
    return "|".join(str(member.value) for member in enum)


class _Argument(TyperArgument):
    """An argument shown by its metavar alone: ``FILE``, not ``{file}`` or ``FILE <path>``."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None  # the name column already shows the metavar

    def _usage_display_name(self) -> str:
        name = self.metavar or self.name.upper()
        if self.nargs != 1 and not name.endswith("..."):
            name += "..."
        return name if self.required else f"[{name}]"


class _Option(TyperOption):
    """An option shown by its metavar; a flag (``--quiet``, ``--help``) shows none."""

    def display_type_rich(self, ctx: Any) -> str | None:
        if self.is_flag or self.count:
            return None
        return super().display_type_rich(ctx)


def _adopt(param: Any) -> Any:
    """Give typer's parameter classes the display above (they hold no state of their own)."""
    if type(param) is TyperArgument:
        param.__class__ = _Argument
    elif type(param) is TyperOption:
        param.__class__ = _Option
    return param


class _Layout:
    """Reflowed help and the parameter display above, for commands and groups alike."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = reflow(self.help)
        self.params = [_adopt(param) for param in self.params]

    def get_help_option(self, ctx: Any) -> Any:
        return _adopt(super().get_help_option(ctx))


class Command(_Layout, TyperCommand):
    """A command whose usage reads ``tarjama translate FILE_OR_FOLDER... [OPTIONS]``."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = super().collect_usage_pieces(ctx)
        if self.options_metavar and pieces[:1] == [self.options_metavar]:
            pieces = [*pieces[1:], self.options_metavar]
        return pieces


class Group(_Layout, TyperGroup):
    """A command group with the same help layout (``tarjama [OPTIONS] COMMAND [ARGS]...``)."""


class App(typer.Typer):
    """``typer.Typer`` whose groups and commands are :class:`Group` and :class:`Command`."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cls", Group)
        super().__init__(**kwargs)

    def command(self, name: str | None = None, *, cls: Any = None, **kwargs: Any) -> Any:
        return super().command(name, cls=cls or Command, **kwargs)


ModelOption = Annotated[
    list[str] | None,
    typer.Option(
        "--model",
        "-m",
        metavar="DIRECTION=NAME_OR_PATH",
        help="Model for a direction (ar-en or en-ar): a Hugging Face name or a local folder. "
        "Repeatable. Default: Helsinki-NLP/opus-mt-ar-en and Helsinki-NLP/opus-mt-en-ar, "
        "or $TARJAMA_MODEL_AR_EN / $TARJAMA_MODEL_EN_AR.",
    ),
]


#: ``--verbose``: let the model libraries' own warnings through (hidden by default)
VerboseOption = typer.Option(
    "--verbose", "-v", help="Show the model libraries' own warnings and log messages."
)


#: The bilingual export formats (the keys of ``tarjama.export.bilingual.EXPORTS``, which
#: the CLI does not import until a command runs; a test keeps the two equal).
BITEXT_FORMATS = ("xliff", "xliff12", "tmx", "tsv", "md", "docx", "html")
BitextFormat = StrEnum("BitextFormat", {name: name for name in BITEXT_FORMATS})
#: ``tarjama align`` writes Vecalign's link files too.
AlignFormat = StrEnum("AlignFormat", {name: name for name in (*BITEXT_FORMATS, "vecalign")})


def fail(error: TarjamaError, code: int = 1) -> typer.Exit:
    """Show ``error`` on one line (file names in it shown, never obeyed) and exit ``code``
    (1: a file or the run failed; 2: bad usage)."""
    typer.echo(terminal_safe(f"error: {error}"), err=True)
    return typer.Exit(code=code)
