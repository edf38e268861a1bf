"""``tarjama glossary find``: which entries match where, with the folded forms that decided.

This is the debugging tool for "why did (not) this term match": each hit comes with its
line and column, the proclitic cut off, the entry's ``file:line`` and both folded forms.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from tarjama.decode import decode_text
from tarjama.errors import (
    EmptyInputError,
    InputNotFoundError,
    InputReadError,
    NotAFileError,
    UnsupportedLanguageError,
)
from tarjama.glossary.entry import AR, EN, LANGS
from tarjama.glossary.matcher import TermHit, TermMatcher
from tarjama.glossary.normalize import match_key
from tarjama.glossary.tsv import split_lines
from tarjama.script import ARABIC, LATIN, script_counts

AUTO = "auto"
_TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".tsv", ".csv")


@dataclass(frozen=True)
class FoundTerm:
    """A hit with its 1-based ``line`` and ``column`` (characters) and the folded forms;
    ``hit.start``/``hit.end`` count from the first of the lines searched together."""

    line: int
    column: int
    lang: str
    hit: TermHit
    #: the matched text and the entry's form as the matcher compares them
    normalized_text: str
    normalized_entry: str


def line_language(line: str) -> str | None:
    """``ar`` or ``en`` by the letters a line has most of; None without letters."""
    counts = script_counts(line)
    if not counts[ARABIC] and not counts[LATIN]:
        return None
    return AR if counts[ARABIC] >= counts[LATIN] else EN


def find_terms(text: str, matcher: TermMatcher, lang: str = AUTO) -> list[FoundTerm]:
    """Every hit in ``text``; ``auto`` decides each line's language.

    Consecutive lines of one language are searched together, as translation searches a
    segment: a name hard-wrapped over two lines ("Zamir" / "Kabulov") is found whole
    here too, not as "Kabulov" alone.
    """
    if lang != AUTO and lang not in LANGS:
        raise UnsupportedLanguageError(lang)
    found: list[FoundTerm] = []
    for first_line, run_lang, lines in _runs(split_lines(text), lang):
        run = "\n".join(lines)
        starts = list(accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
        for hit in matcher.find(run, run_lang):
            index = bisect_right(starts, hit.start) - 1
            entry = hit.entry
            found.append(
                FoundTerm(
                    line=first_line + index,
                    column=hit.start - starts[index] + 1,
                    lang=run_lang,
                    hit=hit,
                    normalized_text=match_key(hit.text, entry.case_sensitive),
                    normalized_entry=match_key(entry.form(run_lang), entry.case_sensitive),
                )
            )
    return found


#: the columns of a ``glossary find`` report, and :func:`report_rows` gives its rows
REPORT_COLUMNS = ("at", "lang", "text", "proclitic", "entry", "defined at", "normalised")


def report_rows(found: list[FoundTerm]) -> list[tuple[str, ...]]:
    """One row a match, in :data:`REPORT_COLUMNS` order."""
    return [
        (
            f"{item.line}:{item.column}",
            item.lang,
            item.hit.text,
            item.hit.prefix,
            f"{item.hit.entry.en} → {item.hit.entry.ar}",
            item.hit.entry.location,
            f"{item.normalized_text} = {item.normalized_entry}",
        )
        for item in found
    ]


def _runs(lines: list[str], lang: str) -> Iterator[tuple[int, str, list[str]]]:
    """``(first line number, language, lines)`` of each run of consecutive lines in one
    language; a line without letters ends a run (with a fixed ``lang``: one run)."""
    if lang != AUTO:
        yield 1, lang, lines
        return
    run: list[str] = []
    run_lang = ""
    first = 1
    for number, line in enumerate(lines, start=1):
        line_lang = line_language(line) or ""  # "": no letters
        if run and line_lang != run_lang:
            yield first, run_lang, run
            run = []
        if line_lang and not run:
            first, run_lang = number, line_lang
        if line_lang:
            run.append(line)
    if run:
        yield first, run_lang, run


def text_argument(value: str) -> tuple[str, Path | None]:
    """``(text, path)``: the file's text when ``value`` names a file, else ``value`` itself.

    A value that looks like a file name (one word ending in .txt, .md, ...) but names no
    file, or a path to a folder (``/tmp``, ``docs/``, ``.``), is an error rather than text
    to search, so a typo does not find nothing quietly. The file is read as ``translate``
    reads a text file (:func:`tarjama.decode.decode_text`): a UTF-16, binary or non-UTF-8
    file gets the same error, naming the text file, not a glossary.
    """
    path = Path(value)
    if path.is_file():
        return read_text_file(path), path
    one_word = not any(ch.isspace() for ch in value)
    if one_word and path.is_dir() and (value in (".", "..") or "/" in value or "\\" in value):
        raise NotAFileError(path, "pass a file holding the text to search (or the text itself)")
    if one_word and path.suffix.lower() in _TEXT_SUFFIXES:
        raise InputNotFoundError(path)
    return value, None


def read_text_file(path: Path) -> str:
    """The text of ``path`` as ``translate`` decodes a text file; "" for an empty one."""
    try:
        data = path.read_bytes()
    except OSError as error:  # permissions, a vanished mount
        raise InputReadError(path, error.strerror or str(error)) from None
    try:
        return decode_text(path, data).text
    except EmptyInputError:
        return ""
