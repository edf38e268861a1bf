"""The catalogue of errors users can meet.

Every error names the problem, where it is (file, line or byte offset) and the fix.
The CLI prints ``str(error)`` on one line and exits non-zero; library callers catch
:class:`TarjamaError`. Nothing here calls ``sys.exit``.
"""

from __future__ import annotations

import errno
import re
from collections.abc import Sequence
from pathlib import Path


class TarjamaError(Exception):
    """Base class: ``problem`` (what), ``where`` (file[:line] or None), ``fix`` (what to do)."""

    def __init__(self, problem: str, *, where: str | None = None, fix: str | None = None):
        self.problem = problem
        self.where = where
        self.fix = fix
        super().__init__(self.message)

    @property
    def message(self) -> str:
        text = f"{self.where}: {self.problem}" if self.where else self.problem
        if self.fix:
            text = f"{text} — {self.fix}"
        return text


# --- input -----------------------------------------------------------------------------


class InputError(TarjamaError):
    """A source file that cannot be read as text."""


class InputNotFoundError(InputError):
    def __init__(self, path: Path | str):
        super().__init__("no such file or folder", where=str(path), fix="check the path")


class NotAFileError(InputError):
    def __init__(self, path: Path | str, fix: str | None = None):
        fix = fix or "pass a file to translate (see `tarjama translate --help`)"
        super().__init__("is not a regular file", where=str(path), fix=fix)


class InputReadError(InputError):
    def __init__(self, path: Path | str, reason: str):
        super().__init__(
            f"cannot be read: {reason}",
            where=str(path),
            fix="check the file's permissions and the disk it is on",
        )


class BinaryFileError(InputError):
    def __init__(self, path: Path | str, offset: int):
        self.offset = offset
        super().__init__(
            f"looks binary (NUL byte at byte offset {offset})",
            where=str(path),
            fix="pass the document itself: tarjama reads UTF-8 text and the formats listed in "
            "`tarjama translate --help`",
        )


class WideEncodingError(InputError):
    """UTF-16 or UTF-32 text: NUL bytes, but not binary; tarjama reads UTF-8 only."""

    def __init__(self, path: Path | str, encoding: str, how: str, iconv_name: str):
        self.encoding = encoding
        super().__init__(
            f"is {encoding} text ({how}), not UTF-8",
            where=str(path),
            fix=f"re-save it as UTF-8 (`iconv -f {iconv_name} -t utf-8 IN > OUT`, "
            "or choose UTF-8 in the editor's Save As)",
        )


class DecodingError(InputError):
    def __init__(self, path: Path | str, offset: int, line: int, reason: str):
        self.offset = offset
        self.line = line
        super().__init__(
            f"is not valid UTF-8 at byte offset {offset} (line {line}): {reason}",
            where=str(path),
            fix="re-save it as UTF-8 (Windows Arabic: `iconv -f cp1256 -t utf-8 IN > OUT`)",
        )


class ControlCharacterError(InputError):
    """A character XML cannot hold (see :mod:`tarjama.chars`): refused where text comes in."""

    def __init__(self, path: Path | str, line: int, column: int, name: str, fix: str):
        self.line = line
        self.column = column
        super().__init__(
            f"holds {name}, which XML (and so XLIFF, TMX and Word) cannot hold",
            where=f"{path}:{line}:{column}",
            fix=fix,
        )


class EmptyInputError(InputError):
    """A file with no text: no bytes at all, or only white space."""

    def __init__(self, path: Path | str, blank: bool = False):
        self.blank = blank
        if blank:
            problem, fix = "holds only white space: there is nothing to translate", None
        else:
            problem, fix = "is empty (0 bytes)", "pass the file that holds the text (was it saved?)"
        super().__init__(problem, where=str(path), fix=fix or "pass the file that holds the text")


class UnsupportedInputError(InputError):
    def __init__(self, path: Path | str, suffix: str, supported: str = ".txt, .md"):
        super().__init__(
            f"has an unsupported extension {suffix!r}",
            where=str(path),
            fix=f"tarjama reads {supported} files",
        )


class NoInputFilesError(InputError):
    def __init__(self, path: Path | str, supported: str = ".txt, .md"):
        super().__init__(
            f"holds no files tarjama reads ({supported})",
            where=str(path),
            fix="pass files or another folder",
        )


class FormatError(InputError):
    """A file whose extension names a format its content is not, or whose structure is
    broken (a corrupt package, bad timings, an XLIFF for other languages)."""

    def __init__(self, path: Path | str, problem: str, fix: str, line: int | None = None):
        self.line = line
        super().__init__(problem, where=f"{path}:{line}" if line else str(path), fix=fix)


class OutputWriteError(TarjamaError):
    """An output folder that cannot be used: a file, not creatable, not writable."""

    def __init__(self, path: Path | str, reason: str, fix: str | None = None):
        super().__init__(
            f"cannot write outputs: {reason}",
            where=str(path),
            fix=fix or "check the folder's permissions and free space, or choose another with -o",
        )


#: errno values that mean the disk (or the user's share of it) is full
DISK_FULL_ERRNOS = (errno.ENOSPC, errno.EDQUOT)


class DocumentWriteError(TarjamaError):
    """The outputs of one input could not be written; none of them was changed."""

    def __init__(self, source: Path | str, error: OSError):
        self.errno = error.errno
        self.disk_full = error.errno in DISK_FULL_ERRNOS
        reason = error.strerror or str(error)
        failed = f" ({error.filename}: {reason})" if error.filename else f" ({reason})"
        if self.disk_full:
            fix = "free some space, or choose a folder on another disk with -o, and run again"
        elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            fix = "check the output folder's permissions, or choose another with -o"
        else:
            fix = "check the output folder and the disk, then run again"
        super().__init__(
            f"outputs not written{failed}; earlier outputs of this file are unchanged",
            where=str(source),
            fix=fix,
        )


class RunStoppedError(TarjamaError):
    """A file not translated because the run stopped early (the disk filled up)."""

    def __init__(self, source: Path | str, reason: str):
        super().__init__(
            f"not translated: {reason}",
            where=str(source),
            fix="free some space, or choose another folder with -o, and run again",
        )


class OutputCollisionError(TarjamaError):
    """An output path that is an input, or that another input of the run writes."""

    def __init__(self, path: Path | str, reason: str, source: Path | str | None = None):
        self.path = Path(path)
        problem = f"{reason}: {path}" if source is not None else reason
        super().__init__(
            problem,
            where=str(source if source is not None else path),
            fix="choose another output folder with -o",
        )


# --- models ----------------------------------------------------------------------------


class ModelSpecError(TarjamaError):
    def __init__(self, spec: str, reason: str):
        super().__init__(
            f"bad model option {spec!r}: {reason}",
            fix="write it as DIRECTION=NAME_OR_PATH, e.g. --model ar-en=Helsinki-NLP/opus-mt-ar-en",
        )


class ModelNotFoundError(TarjamaError):
    """A model that is neither a local folder, nor in the HF cache, nor downloadable now."""

    def __init__(
        self,
        name: str,
        direction: str,
        looked_in: Sequence[str],
        reason: str = "",
        fix: str | None = None,
    ):
        self.name = name
        self.direction = direction
        self.looked_in = list(looked_in)
        where = "; ".join(self.looked_in)
        problem = f"model {name!r} for {direction} not found (looked in: {where})"
        if reason:
            problem = f"{problem}; {reason}"
        super().__init__(
            problem,
            fix=fix
            or (
                "run `tarjama models download` where huggingface.co is reachable, "
                f"or pass a local folder with --model {direction}=/path/to/model"
            ),
        )


class ModelLoadError(TarjamaError):
    def __init__(self, name: str, reason: str):
        super().__init__(
            f"model {name!r} could not be loaded: {reason}",
            fix="check that the folder holds a Hugging Face seq2seq model and its tokenizer",
        )


class BackendChoiceError(TarjamaError):
    def __init__(self, problem: str, fix: str):
        super().__init__(problem, fix=fix)


class BackendUnavailableError(TarjamaError):
    """A backend whose library is not installed (``--backend ctranslate2`` without it)."""

    def __init__(self, backend: str, package: str):
        super().__init__(
            f"the {backend} backend needs the Python package {package!r}, which is not installed",
            fix=f"pip install {package}, or use --backend transformers",
        )


class ModelConversionError(TarjamaError):
    """A model that loads in transformers but could not be converted for a faster backend."""

    def __init__(self, name: str, backend: str, reason: str):
        super().__init__(
            f"model {name!r} could not be converted for the {backend} backend: {reason}",
            fix="use --backend transformers for this model, or report the model's architecture",
        )


class UnsupportedLanguageError(TarjamaError):
    def __init__(self, lang: str):
        super().__init__(
            f"unsupported language {lang!r}", fix="tarjama translates between 'ar' and 'en'"
        )


class ModelLanguageError(TarjamaError):
    """A model that loads but cannot be told to produce the language asked of it."""

    def __init__(self, name: str, direction: str, reason: str):
        self.name = name
        self.direction = direction
        super().__init__(
            f"model {name!r} cannot translate {direction}: {reason}",
            fix=f"choose a model for {direction} with --model {direction}=NAME_OR_PATH",
        )


# --- model packs -----------------------------------------------------------------------


class PackError(TarjamaError):
    """A model pack that cannot be written or installed; ``where`` is the pack file."""

    def __init__(self, path: Path | str, problem: str, fix: str | None = None):
        self.path = Path(path)
        super().__init__(problem, where=str(path), fix=fix)


#: the fix for a pack whose bytes are not the ones ``tarjama models pack`` wrote
PACK_DAMAGED_FIX = (
    "the pack is damaged: copy it again from the machine that made it (and compare its "
    "sha256 with the one `tarjama models pack` printed), or make it again with `tarjama "
    "models pack`"
)


class PackDamagedError(PackError):
    """A truncated pack, a checksum or size that is not the manifest's, a listed file missing."""

    def __init__(self, path: Path | str, problem: str):
        super().__init__(path, f"{problem}; nothing was installed", PACK_DAMAGED_FIX)


class PackUnsafeError(PackError):
    """A member that would write outside the install folder, a link, a device, or a file
    the manifest does not list: the archive was not written by ``tarjama models pack``."""

    def __init__(self, path: Path | str, problem: str):
        super().__init__(
            path,
            f"{problem}; nothing was installed",
            "do not install this file (`tarjama models pack` writes no such member): make a "
            "new pack with `tarjama models pack` on a machine you trust",
        )


class PackLimitError(PackError):
    """A pack (or one member of it) larger than :data:`tarjama.packs.MAX_PACK_BYTES`, or
    with more files than :data:`tarjama.packs.MAX_PACK_FILES`."""

    def __init__(self, path: Path | str, problem: str):
        super().__init__(
            path,
            problem,
            "pack fewer models into one pack (`tarjama models pack --direction ar-en`), or check "
            "that this is the file `tarjama models pack` wrote",
        )


class PackFormatError(PackError):
    """No manifest, a manifest that is not valid, or one from a newer tarjama."""

    def __init__(self, path: Path | str, problem: str, fix: str | None = None):
        super().__init__(
            path,
            problem,
            fix or "pass a pack written by `tarjama models pack` (a .tar with tarjama-pack.json)",
        )


class PackInstallError(PackError):
    """The pack is sound but cannot be installed here: a folder in the way, no space, no
    permission, a model packed from a folder and no ``--to``."""


class PackWriteError(PackError):
    """``tarjama models pack`` could not write the archive; no file was left behind."""

    def __init__(self, path: Path | str, reason: str, fix: str | None = None):
        super().__init__(
            path,
            f"cannot write the pack: {reason}",
            fix or "check the folder's permissions and free space, or choose another with -o",
        )


# --- bilingual exports, review round trip, translation memory (issue 4) -----------------


class UnknownExportFormatError(TarjamaError):
    def __init__(self, fmt: str, known: Sequence[str]):
        super().__init__(f"unknown export format {fmt!r}", fix=f"choose one of: {', '.join(known)}")


class UnknownCheckError(TarjamaError):
    """A quality check name (``tarjama qa --fail-on``) that is not one of :mod:`tarjama.qa`'s."""

    def __init__(self, name: str, known: Sequence[str]):
        super().__init__(f"unknown check {name!r}", fix=f"choose one of: {', '.join(known)}")


class ReviewFileError(TarjamaError):
    """A reviewed file that cannot be read: malformed XML, unknown format, a bad row."""

    def __init__(
        self, path: Path | str, problem: str, line: int | None = None, fix: str | None = None
    ):
        self.line = line
        where = f"{path}:{line}" if line else str(path)
        super().__init__(
            problem,
            where=where,
            fix=fix
            or "pass the XLIFF (2.1 or 1.2), TMX or TSV file that tarjama exported, "
            "as the review tool saved it",
        )


_XML_CHARACTER_MESSAGES = ("invalid Char value", "invalid xmlChar value", "invalid character in")
_XML_REFERENCE = re.compile(r"&#(?:x([0-9A-Fa-f]+)|([0-9]+));")
_XML_LIBXML_LIMIT = "XML_PARSE_HUGE"


def xml_problem(problem: str, data: bytes, line: int | None) -> tuple[str, str | None]:
    """``(problem, fix)`` for what :func:`tarjama.xmlsafe.parse_xml` reports of the XML
    ``data`` at ``line``, where libxml2's own words mislead: a character XML cannot hold
    (raw, or a reference such as ``&#x1b;``) is named at its column with the fix that
    deletes it; too deep a nesting or too long a text is said so (libxml2 suggests an
    option, ``XML_PARSE_HUGE``, that tarjama never sets). Else ``problem`` unchanged and
    fix None (the caller's). (This belongs in ``parse_xml``, for every XML reader.)"""
    if _XML_LIBXML_LIMIT in problem:
        if "depth" in problem:
            return (
                "nests elements more than 256 deep: tarjama does not read such a file "
                "(XLIFF, TMX and TBX nest a few levels)",
                None,
            )
        return (
            "holds a text, a name or an attribute value longer than tarjama reads "
            "(10,000,000 characters in one piece)",
            None,
        )
    if line is None or not any(message in problem for message in _XML_CHARACTER_MESSAGES):
        return problem, None
    from tarjama.chars import XML_ILLEGAL, char_name

    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        text = data.decode("utf-8", errors="replace")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if line > len(lines):
        return problem, None
    found: list[tuple[int, str, str]] = []  # (column, character, as written)
    if raw := XML_ILLEGAL.search(lines[line - 1]):
        found.append((raw.start() + 1, raw.group(), "raw"))
    for reference in _XML_REFERENCE.finditer(lines[line - 1]):
        hex_code, decimal = reference.groups()
        code = int(hex_code, 16) if hex_code else int(decimal)
        if code <= 0x10FFFF and XML_ILLEGAL.fullmatch(chr(code)):
            found.append((reference.start() + 1, chr(code), f"written `{reference.group()}`"))
            break
    if not found:
        return problem, None
    column, char, written = min(found)
    how = "" if written == "raw" else f" ({written})"
    return (
        f"column {column} holds {char_name(char)}{how}, which XML (and so XLIFF, TMX, TBX "
        "and Word) cannot hold",
        f"delete it at line {line}, column {column}",
    )


class SegmentsFileError(TarjamaError):
    """A ``.segments.jsonl`` that cannot be used to rebuild its document."""

    def __init__(
        self, path: Path | str, problem: str, line: int | None = None, fix: str | None = None
    ):
        where = f"{path}:{line}" if line else str(path)
        super().__init__(
            problem,
            where=where,
            fix=fix or "run `tarjama translate` on the source again to rebuild the outputs",
        )


class ReviewRunMismatchError(TarjamaError):
    """A reviewed file whose recorded source hash is not the run's: its ids name other
    sentences, so nothing of it may be applied (``--overwrite`` included)."""

    def __init__(self, path: Path | str, recorded: str, segments: Path | str, expected: str):
        super().__init__(
            f"records the source sha256 {recorded[:12]}…, but {segments} was translated "
            f"from one with sha256 {expected[:12]}…: this review file belongs to another "
            "document, or to an earlier version of this one",
            where=str(path),
            fix=f"export it again with `tarjama review export {segments}` and review that "
            "(or pass the run it came from with --outputs DIR)",
        )


class ReviewOutputsNotFoundError(TarjamaError):
    def __init__(self, folder: Path | str, stem: str | None, problem: str | None = None):
        name = f"{stem}.segments.jsonl" if stem else "a .segments.jsonl"
        super().__init__(
            problem or f"no {name} here: cannot find the translate outputs this review belongs to",
            where=str(folder),
            fix="pass the folder of the `tarjama translate` outputs with --outputs DIR",
        )


class ReviewSourceError(TarjamaError):
    """The source file of a translate run is missing or no longer the one translated."""

    def __init__(self, path: Path | str, problem: str):
        super().__init__(
            problem,
            where=str(path),
            fix="pass the file that was translated with --source FILE",
        )


class AlignRunError(TarjamaError):
    """A ``.align.jsonl`` (the run file of ``tarjama align``) that cannot be read back."""

    def __init__(self, path: Path | str, problem: str, line: int | None = None):
        super().__init__(
            problem,
            where=f"{path}:{line}" if line else str(path),
            fix="undo the hand edit, or run `tarjama align` on the two documents again",
        )


class ReviewServeError(TarjamaError):
    """``tarjama review serve`` cannot start (the port is taken, the host cannot be bound)."""

    def __init__(self, where: str, problem: str, fix: str):
        super().__init__(problem, where=where, fix=fix)


class ReviewRunBusyError(TarjamaError):
    """Another ``tarjama review serve`` holds the run: two editors would undo each other."""

    def __init__(self, run: Path | str, lock: Path | str):
        super().__init__(
            f"another `tarjama review serve` is editing this run (it holds {lock})",
            where=str(run),
            fix="use the editor that is already open (its URL is in the lock file), or stop "
            "that server with Ctrl+C first",
        )


class TranslationMemoryError(TarjamaError):
    """A translation memory file that cannot be opened, read or written."""

    def __init__(self, path: Path | str, problem: str, fix: str | None = None):
        super().__init__(
            problem,
            where=str(path),
            fix=fix
            or "pass another file with --memory PATH (or $TARJAMA_MEMORY), or move this one aside",
        )


# --- alignment (tarjama.align) ---------------------------------------------------------


class AlignLanguageError(TarjamaError):
    """The two sides of an alignment are not one Arabic and one English text."""

    def __init__(self, source_lang: str, target_lang: str, where: str | None = None):
        self.source_lang = source_lang
        self.target_lang = target_lang
        super().__init__(
            f"cannot align {source_lang!r} with {target_lang!r}: "
            "the two documents must be one Arabic ('ar') and one English ('en')",
            where=where,
            fix="pass an Arabic document and its English version (in either order)",
        )


class AlignSplitError(TarjamaError):
    def __init__(self, split: str):
        super().__init__(
            f"unknown split {split!r}",
            fix="use 'sentences' (segment each document) or 'lines' (one segment per line)",
        )


class AlignFormatError(TarjamaError):
    """A Vecalign alignment file with a line that is not ``[src ids]:[tgt ids]``."""

    def __init__(self, where: str, line: str):
        super().__init__(
            f"not a Vecalign link: {line!r}",
            where=where,
            fix="write one link per line as [src ids]:[tgt ids], 0-based, e.g. [3]:[3,4] or [5]:[]",
        )


class AlignPairError(TarjamaError):
    """``tarjama align SRC`` alone: SRC is no Moses-style file (``counterpart`` None), or its
    counterpart (``corpus.en`` for ``corpus.ar``) is not beside it."""

    def __init__(self, path: Path | str, counterpart: Path | None):
        if counterpart is None:
            problem = "no TGT given, and the name is not a Moses-style corpus.ar / corpus.en"
            fix = "pass the document's version in the other language as TGT"
        else:
            problem = f"no {counterpart.name} beside it to align it with"
            fix = f"put the other side of the parallel files at {counterpart}, or pass it as TGT"
        super().__init__(problem, where=str(path), fix=fix)


class ParallelLanguageError(TarjamaError):
    """A Moses-style file whose text is in the other language its name claims."""

    def __init__(self, path: Path | str, declared: str, detected: str):
        super().__init__(
            f"named {declared!r} by its extension but its lines are {detected!r}",
            where=str(path),
            fix=f"rename it to end in .{detected} (and its counterpart to .{declared})",
        )


# --- glossaries ------------------------------------------------------------------------


class GlossaryError(TarjamaError):
    """A glossary that cannot be read, edited, imported or exported."""


class GlossaryFormatError(GlossaryError):
    """A malformed glossary file; ``where`` is ``file:line`` (``file`` alone when no line)."""

    def __init__(self, path: Path | str, line: int | None, problem: str, fix: str | None = None):
        self.path = Path(path)
        self.line = line
        super().__init__(problem, where=f"{path}:{line}" if line else str(path), fix=fix)


class GlossaryDuplicateError(GlossaryError):
    def __init__(self, path: Path | str, side: str, value: str, existing: str):
        super().__init__(
            f"{side} {value!r} is already in the glossary at {existing}",
            where=str(path),
            fix="edit that row, or remove it first with `tarjama glossary remove`",
        )


class GlossaryEntryNotFoundError(GlossaryError):
    def __init__(self, path: Path | str, side: str, value: str):
        super().__init__(
            f"no entry with {side} {value!r}",
            where=str(path),
            fix="`tarjama glossary list FILE` shows the entries",
        )


class GlossaryValueError(GlossaryError):
    """A value given on the command line or to the library that a glossary cannot hold."""

    def __init__(self, problem: str, fix: str | None = None, where: Path | str | None = None):
        super().__init__(problem, where=str(where) if where is not None else None, fix=fix)


class GlossaryReadError(GlossaryError):
    def __init__(self, path: Path | str, reason: str):
        super().__init__(
            f"cannot read the glossary: {reason}",
            where=str(path),
            fix="check the file's permissions",
        )


class GlossaryWriteError(GlossaryError):
    def __init__(self, path: Path | str, reason: str, error_number: int | None = None):
        if error_number in DISK_FULL_ERRNOS:
            fix = "free some space, or write the glossary to another disk"
        elif error_number == errno.EISDIR:
            fix = "it is a folder: give a file name (e.g. -o FOLDER/glossary.tsv)"
        elif error_number == errno.ENOENT:
            fix = "its folder does not exist: create it, or choose another path"
        else:
            fix = "check the folder's permissions and free space"
        super().__init__(f"cannot write the glossary: {reason}", where=str(path), fix=fix)
