"""Read source files into a :class:`~tarjama.source.SourceText` by their format, and
expand the command line's files, folders and globs into the files to translate.

Which format a file is in is decided by its extension (:mod:`tarjama.formats`); each
format's reader checks the content fits (text formats decode through
:mod:`tarjama.decode`, packages check they are one).
"""

from __future__ import annotations

import glob
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tarjama.errors import (
    InputError,
    InputNotFoundError,
    InputReadError,
    NoInputFilesError,
    NotAFileError,
)
from tarjama.formats import SUFFIXES, format_of, supported_list
from tarjama.formats.base import FileFormat
from tarjama.names import is_tarjama_output
from tarjama.source import SourceText


def require_file(path: Path, not_a_file_fix: str | None = None) -> None:
    """:class:`InputNotFoundError` or :class:`NotAFileError` unless ``path`` is a file;
    ``not_a_file_fix`` says what the command takes instead (default: a file to translate)."""
    if not path.exists():
        raise InputNotFoundError(path)
    if not path.is_file():
        raise NotAFileError(path, not_a_file_fix)


def read_source(path: Path, fmt: FileFormat | None = None) -> SourceText:
    """Read ``path`` by its format (``fmt``, or the one its extension names); raise an
    :class:`InputError` naming the file and the place (byte, line, column) of the problem."""
    path = Path(path)
    require_file(path)
    fmt = fmt or format_of(path)
    try:
        data = path.read_bytes()
    except OSError as error:  # permissions, an I/O error, a special file
        raise InputReadError(path, error.strerror or str(error)) from None
    return fmt.read(path, data)


@dataclass
class InputFile:
    """A file to translate and the sub-folder (relative to its input root) outputs mirror."""

    path: Path
    relative_dir: Path


def expand_inputs(arguments: Iterable[str | Path]) -> tuple[list[InputFile], list[InputError]]:
    """Files, folders (recursively, the formats tarjama reads) and glob patterns,
    de-duplicated in order.

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
                and p.suffix.lower() in SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and not is_tarjama_output(p)
            )
            if not found:
                problems.append(NoInputFilesError(path, supported_list()))
            for file in found:
                add(file, file.parent.relative_to(path))
        elif path.exists():
            add(path, Path("."))
        elif glob.has_magic(str(argument)):
            base = glob_base(str(argument))
            matches = sorted(Path(p) for p in glob.glob(str(argument), recursive=True))
            matches = [p for p in matches if p.is_file()]
            if not matches:
                problems.append(InputNotFoundError(argument))
            for match in matches:
                if not is_tarjama_output(match):
                    add(match, _relative_dir(match, base))
        else:
            problems.append(InputNotFoundError(path))
    return files, problems


def glob_base(pattern: str) -> Path:
    """The leading folders of a glob pattern before its first wildcard: ``news/**/*.txt`` →
    ``news``. Matches mirror their sub-folders of it, as the files of a folder argument do."""
    parts = Path(pattern).parts
    fixed = []
    for part in parts[:-1]:
        if glob.has_magic(part):
            break
        fixed.append(part)
    return Path(*fixed) if fixed else Path(".")


def _relative_dir(match: Path, base: Path) -> Path:
    try:
        return match.parent.relative_to(base)
    except ValueError:  # glob returns matches spelled as the pattern; this is a safety net
        return Path(".")
