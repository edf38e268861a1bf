"""Read source files into normalised text: UTF-8 (BOM or not), LF, CRLF or CR line ends."""

from __future__ import annotations

import codecs
import glob
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tarjama.chars import control_fix, first_refused_control
from tarjama.errors import (
    BinaryFileError,
    ControlCharacterError,
    DecodingError,
    EmptyInputError,
    InputError,
    InputNotFoundError,
    NoInputFilesError,
    NotAFileError,
    UnsupportedInputError,
    WideEncodingError,
)
from tarjama.outputs import is_tarjama_output

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


def require_file(path: Path, not_a_file_fix: str | None = None) -> None:
    """:class:`InputNotFoundError` or :class:`NotAFileError` unless ``path`` is a file;
    ``not_a_file_fix`` says what the command takes instead (default: a .txt or .md file)."""
    if not path.exists():
        raise InputNotFoundError(path)
    if not path.is_file():
        raise NotAFileError(path, not_a_file_fix)


def read_source(path: Path) -> SourceText:
    """Decode ``path`` as UTF-8; raise an :class:`InputError` naming the file and the byte."""
    require_file(path)
    file_format = SUPPORTED_SUFFIXES.get(path.suffix.lower())
    if file_format is None:
        raise UnsupportedInputError(path, path.suffix or "(none)")
    data = path.read_bytes()
    if wide := _wide_encoding(data):
        raise WideEncodingError(path, *wide)
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
    newline = dominant_newline(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise EmptyInputError(path, blank=bool(data))
    if found := first_refused_control(text):
        raise ControlCharacterError(path, found.line, found.column, found.name, control_fix(found))
    return SourceText(path=path, text=text, format=file_format, newline=newline, had_bom=had_bom)


# (byte-order mark, encoding, name for iconv); UTF-32 first: its LE mark starts like UTF-16's.
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32", "utf-32"),
    (codecs.BOM_UTF32_BE, "UTF-32", "utf-32"),
    (codecs.BOM_UTF16_LE, "UTF-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "UTF-16", "utf-16"),
)
_TEXT_CONTROLS = {"\t", "\n", "\r", "\f"}


def _wide_encoding(data: bytes) -> tuple[str, str, str] | None:
    """``(encoding, how it was recognised, iconv name)`` for UTF-16/UTF-32 text, else None.

    A byte-order mark decides. Without one, UTF-16 shows as NUL bytes at only even or only
    odd offsets (the high byte of ASCII characters) that decode to text with spaces or line
    breaks and no other control characters; binary files have NULs at both.
    """
    for bom, encoding, iconv_name in _WIDE_BOMS:
        if data.startswith(bom):
            return encoding, f"byte-order mark {bom.hex(' ').upper()}", iconv_name
    sample = data[: _BINARY_SNIFF_BYTES & ~1]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if (even == 0) == (odd == 0) or max(even, odd) * 20 < len(sample) // 2:
        return None  # no NULs, NULs at both parities, or too few for text
    codec = "utf-16-le" if odd else "utf-16-be"
    text = codecs.getincrementaldecoder(codec)(errors="replace").decode(sample)
    if any(ch < " " and ch not in _TEXT_CONTROLS for ch in text) or "\ufffd" in text:
        return None
    if not any(ch in " \n" for ch in text):
        return None
    iconv_name = codec.replace("-le", "le").replace("-be", "be")  # utf-16le, as iconv -l
    return iconv_name.upper(), "no byte-order mark", iconv_name


def dominant_newline(text: str) -> str:
    """The most common line end of ``text`` among CRLF, CR and LF; LF on a tie or if none."""
    crlf = text.count("\r\n")
    counts = {"\n": text.count("\n") - crlf, "\r\n": crlf, "\r": text.count("\r") - crlf}
    return max(counts, key=counts.__getitem__)  # first of the largest: LF wins ties


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
