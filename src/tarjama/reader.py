"""Read source files into normalised text: UTF-8 (BOM or not), LF or CRLF."""

from __future__ import annotations

import codecs
import glob
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tarjama.errors import (
    BinaryFileError,
    DecodingError,
    EmptyInputError,
    InputError,
    InputNotFoundError,
    NoInputFilesError,
    NotAFileError,
    UnsupportedInputError,
)

SUPPORTED_SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown"}
# NUL never occurs in text; looking at the first 8 KiB is how git and grep decide "binary".
_BINARY_SNIFF_BYTES = 8192


@dataclass
class SourceText:
    path: Path
    text: str
    format: str
    newline: str
    had_bom: bool


def read_source(path: Path) -> SourceText:
    """Decode ``path`` as UTF-8; raise an :class:`InputError` naming the file and the byte."""
    if not path.exists():
        raise InputNotFoundError(path)
    if not path.is_file():
        raise NotAFileError(path)
    file_format = SUPPORTED_SUFFIXES.get(path.suffix.lower())
    if file_format is None:
        raise UnsupportedInputError(path, path.suffix or "(none)")
    data = path.read_bytes()
    nul = data.find(b"\x00", 0, _BINARY_SNIFF_BYTES)
    if nul >= 0:
        raise BinaryFileError(path, nul)
    had_bom = data.startswith(codecs.BOM_UTF8)
    body = data[len(codecs.BOM_UTF8) :] if had_bom else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        offset = error.start + (len(codecs.BOM_UTF8) if had_bom else 0)
        line = data.count(b"\n", 0, offset) + 1
        raise DecodingError(path, offset, line, error.reason) from None
    if "\x00" in text:
        raise BinaryFileError(path, data.find(b"\x00"))
    newline = "\r\n" if "\r\n" in text else "\n"
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise EmptyInputError(path)
    return SourceText(path=path, text=text, format=file_format, newline=newline, had_bom=had_bom)


def is_tarjama_output(path: Path) -> bool:
    """``x.en.txt`` / ``x.ar.md`` beside ``x.segments.jsonl``: an earlier run's output.

    Skipped when a folder is expanded, so translating a folder twice, or into itself,
    does not translate the translations.
    """
    name = path.name
    for lang in ("en", "ar"):
        marker = f".{lang}{path.suffix}"
        if name.endswith(marker):
            stem = name[: -len(marker)]
            return (path.parent / f"{stem}.segments.jsonl").exists()
    return False


@dataclass
class InputFile:
    """A file to translate and the sub-folder (relative to its input root) outputs mirror."""

    path: Path
    relative_dir: Path


def expand_inputs(arguments: Iterable[str | Path]) -> tuple[list[InputFile], list[InputError]]:
    """Files, folders (recursively, .txt/.md only) and glob patterns, de-duplicated in order.

    Problems are returned, not raised, so that one bad argument does not stop the others.
    """
    files: list[InputFile] = []
    problems: list[InputError] = []
    seen: set[Path] = set()

    def add(path: Path, relative_dir: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            files.append(InputFile(path, relative_dir))

    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SUPPORTED_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and not is_tarjama_output(p)
            )
            if not found:
                problems.append(NoInputFilesError(path))
            for file in found:
                add(file, file.parent.relative_to(path))
        elif path.exists():
            add(path, Path("."))
        elif glob.has_magic(str(argument)):
            matches = sorted(Path(p) for p in glob.glob(str(argument), recursive=True))
            matches = [p for p in matches if p.is_file()]
            if not matches:
                problems.append(InputNotFoundError(argument))
            for match in matches:
                add(match, Path("."))
        else:
            problems.append(InputNotFoundError(path))
    return files, problems
