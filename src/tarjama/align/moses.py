"""Moses-style parallel files: ``corpus.ar`` and ``corpus.en``, named by a language code.

Most parallel text is shipped this way: two plain-text files with the same stem, one
segment per line, line k of one the translation of line k of the other (Europarl,
OPUS, WMT). Such a file is read as plain text whatever its extension says, a pair of them
is aligned line by line, and a file given alone is paired with its counterpart beside it.
The extension is a claim about the language, so it is checked against the text.
"""

from __future__ import annotations

from pathlib import Path

from tarjama.document import AR, EN, other_language
from tarjama.errors import AlignPairError, ParallelLanguageError

#: Language codes a Moses-style file may be named by.
LANG_CODES = (AR, EN)


def declared_lang(path: Path) -> str | None:
    """``ar`` for ``corpus.ar``, ``en`` for ``corpus.EN``; None for any other name."""
    code = Path(path).suffix[1:].lower()
    return code if code in LANG_CODES else None


def is_parallel_pair(source: Path, target: Path) -> bool:
    """Both files are Moses-style: aligned line by line."""
    return declared_lang(source) is not None and declared_lang(target) is not None


def resolve_pair(source: Path, target: Path | None) -> tuple[Path, Path]:
    """The two files to align: ``target`` when given, else the counterpart of a Moses-style
    ``source`` (``corpus.ar`` → ``corpus.en`` beside it), which must exist."""
    if target is not None:
        return source, target
    lang = declared_lang(source)
    if lang is None:
        raise AlignPairError(source, None)
    counterpart = source.with_suffix("." + other_language(lang))
    if not counterpart.is_file():
        raise AlignPairError(source, counterpart)
    return source, counterpart


def check_declared(path: Path, detected: str) -> None:
    """:class:`ParallelLanguageError` where a Moses-style file's text is in its
    counterpart's language (``corpus.ar`` holding English): the pair is mislabelled."""
    declared = declared_lang(path)
    if declared is not None and detected == other_language(declared):
        raise ParallelLanguageError(path, declared, detected)
