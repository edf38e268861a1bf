"""The catalogue of errors users can meet.

Every error names the problem, where it is (file, line or byte offset) and the fix.
The CLI prints ``str(error)`` on one line and exits non-zero; library callers catch
:class:`TarjamaError`. Nothing here calls ``sys.exit``.
"""

from __future__ import annotations

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
    def __init__(self, path: Path | str):
        super().__init__(
            "is not a regular file",
            where=str(path),
            fix="pass a .txt or .md file, or a folder to translate every such file in it",
        )


class BinaryFileError(InputError):
    def __init__(self, path: Path | str, offset: int):
        self.offset = offset
        super().__init__(
            f"looks binary (NUL byte at byte offset {offset})",
            where=str(path),
            fix="tarjama reads UTF-8 text files (.txt, .md)",
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


class EmptyInputError(InputError):
    def __init__(self, path: Path | str):
        super().__init__("is empty (nothing to translate)", where=str(path))


class UnsupportedInputError(InputError):
    def __init__(self, path: Path | str, suffix: str):
        super().__init__(
            f"has an unsupported extension {suffix!r}",
            where=str(path),
            fix="tarjama reads .txt and .md files",
        )


class NoInputFilesError(InputError):
    def __init__(self, path: Path | str):
        super().__init__(
            "holds no .txt or .md files", where=str(path), fix="pass files or another folder"
        )


class OutputWriteError(TarjamaError):
    def __init__(self, path: Path | str, reason: str):
        super().__init__(
            f"cannot write outputs: {reason}",
            where=str(path),
            fix="check the folder's permissions and free space, or choose another with -o",
        )


class OutputCollisionError(TarjamaError):
    def __init__(self, path: Path | str, reason: str):
        super().__init__(reason, where=str(path), fix="choose another output folder with -o")


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
