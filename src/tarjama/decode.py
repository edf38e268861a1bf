"""Bytes of a text file → normalised text: UTF-8 (BOM or not), LF, CRLF or CR line ends.

Every text-based format (plain text, Markdown, HTML, subtitles, XLIFF) decodes here, so a
binary file, UTF-16 or UTF-32, bytes that are not UTF-8, an empty file or a character XML
cannot hold (:mod:`tarjama.chars`) gets the same one-line error naming the file and the
byte, line or column, whatever the format.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from tarjama.chars import control_fix, first_refused_control
from tarjama.errors import (
    BinaryFileError,
    ControlCharacterError,
    DecodingError,
    EmptyInputError,
    WideEncodingError,
)

# NUL never occurs in text; looking at the first 8 KiB is how git and grep decide "binary".
BINARY_SNIFF_BYTES = 8192


@dataclass
class DecodedText:
    #: LF line ends, no BOM
    text: str
    #: the most common line end of the file: "\n", "\r\n" or "\r"
    newline: str
    had_bom: bool


def decode_text(path: Path, data: bytes, *, layout: bool = True) -> DecodedText:
    """Decode ``data`` (the bytes of ``path``) as UTF-8 text, or raise an
    :class:`~tarjama.errors.InputError` naming the file and the place. ``layout``: a form
    feed or vertical tab at the edge of a line is allowed (see :mod:`tarjama.chars`)."""
    refuse_wide_or_binary(path, data)
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
    if found := first_refused_control(text, layout=layout):
        raise ControlCharacterError(path, found.line, found.column, found.name, control_fix(found))
    return DecodedText(text, newline, had_bom)


def refuse_wide_or_binary(path: Path, data: bytes) -> None:
    """:class:`~tarjama.errors.WideEncodingError` for UTF-16 or UTF-32 text (with a
    byte-order mark or without), :class:`~tarjama.errors.BinaryFileError` for a NUL byte in
    the first 8 KiB: the first checks of :func:`decode_text`, for readers that decode on
    their own."""
    if wide := _wide_encoding(data):
        raise WideEncodingError(path, *wide)
    nul = data.find(b"\x00", 0, BINARY_SNIFF_BYTES)
    if nul >= 0:
        raise BinaryFileError(path, nul)


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
    sample = data[: BINARY_SNIFF_BYTES & ~1]
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
