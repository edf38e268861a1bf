"""The translate job as library functions: read → segment → detect → translate → write.

``translate_files`` is what ``tarjama translate`` runs; it returns a :class:`RunReport` and
raises only for run-wide problems (an output folder it cannot write, a missing or broken
model), and it finds those before it writes anything. A bad input file is recorded in the
report and the other files are still processed.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tarjama import __version__
from tarjama.carry import prepare, restore
from tarjama.document import (
    AR,
    EN,
    TRANSLATABLE,
    AlignmentLink,
    Document,
    Segment,
    other_language,
)
from tarjama.errors import (
    OutputWriteError,
    TarjamaError,
    UnsupportedLanguageError,
)
from tarjama.outputs import (
    check_output_dir,
    output_paths,
    output_stems,
    path_key,
    write_outputs,
)
from tarjama.reader import expand_inputs, read_source
from tarjama.segment.segmenter import segment_source

if TYPE_CHECKING:
    from tarjama.langid import LanguageDetector
    from tarjama.translate import Translator

#: (done, total) in segments
ProgressCallback = Callable[[int, int], None]


def parse_targets(to: str) -> tuple[str, ...]:
    """``"both"`` → ``("en", "ar")``; ``"en"`` / ``"ar"`` → that one."""
    if to == "both":
        return (EN, AR)
    if to in TRANSLATABLE:
        return (to,)
    raise UnsupportedLanguageError(to)


def detect_file(path: Path, detector: LanguageDetector | None = None) -> Document:
    """Read and segment one file, with the language of every segment; no model is loaded."""
    return segment_source(read_source(Path(path)), detector)


def translate_document(
    document: Document,
    translator: Translator,
    targets: Sequence[str] = (EN, AR),
    progress: Callable[[int], None] | None = None,
) -> Document:
    """Translate every segment whose language is the other side of a target, in place."""
    for target in targets:
        source_lang = other_language(target)
        segments = [s for s in document.segments if s.source_lang == source_lang]
        if not segments:
            continue
        inputs = [prepare(segment) for segment in segments]
        texts = [item.text for item in inputs]
        inner_texts = [text for item in inputs for text in item.inner_texts]
        outputs = translator.translate(texts + inner_texts, source_lang, target, progress)
        inner_outputs = iter(outputs[len(texts) :])
        for segment, output in zip(segments, outputs[: len(texts)], strict=True):
            inner = [next(inner_outputs) for span in segment.carried if span.inner is not None]
            translation = _restored(segment, output, inner)
            if translation is None:
                segment.kept_reason = EMPTY_TRANSLATION
                segment.warnings.append(
                    f"line {segment.line}: the model returned nothing for this segment; "
                    "its source text is kept untranslated"
                )
                continue
            segment.translation = translation
            segment.target_lang = target
            segment.origin = "model"
    for segment in document.segments:
        if segment.translation is None and segment.kept_reason is None:
            segment.kept_reason = "target-language"
    document.links = [
        AlignmentLink((segment.id,), (segment.id,), None)
        for segment in document.segments
        if segment.translation is not None
    ]
    document.provenance = provenance(document, translator, targets)
    return document


#: ``kept_reason`` of a segment the model returned nothing for: its source text stays.
EMPTY_TRANSLATION = "empty-translation"


def _restored(segment: Segment, output: str, inner: list[str]) -> str | None:
    """The model's ``output`` with the carried spans put back, or None if it is empty.

    An empty output is not restored: the carried spans alone would stand in for the whole
    segment. Spans are left as they were (no inner translation, ``placed`` unset).
    """
    if not output.strip():
        return None
    spans = [span for span in segment.carried if span.inner is not None]
    for span, text in zip(spans, inner, strict=True):
        span.inner_translation = text
    translation = restore(output, segment)
    if translation.strip():
        return translation
    for span in segment.carried:
        span.inner_translation = None
        span.placed = None
    return None


def provenance(document: Document, translator: Translator, targets: Sequence[str]) -> dict:
    """Everything needed to reproduce an output: tool, source hash, models, settings."""
    used = {f"{s.source_lang}-{s.target_lang}" for s in document.segments if s.origin == "model"}
    described = translator.provenance()
    source = {"path": str(document.path) if document.path else None, "format": document.format}
    source["sha256"] = hashlib.sha256(document.text.encode("utf-8")).hexdigest()
    return {
        "tool": "tarjama",
        "tool_version": __version__,
        "source": source,
        "targets": list(targets),
        "models": {k: v for k, v in described.get("models", {}).items() if k in used},
        "decoding": described.get("decoding", {}),
        "language_id": {"method": "script + langdetect", "seed": 0},
        "glossary": None,
    }


@dataclass
class FileResult:
    path: Path
    document: Document | None = None
    outputs: list[Path] = field(default_factory=list)
    error: TarjamaError | None = None


@dataclass
class RunReport:
    files: list[FileResult]
    seconds: float = 0.0

    @property
    def failed(self) -> list[FileResult]:
        return [result for result in self.files if result.error is not None]

    @property
    def written(self) -> list[FileResult]:
        """The files whose outputs were written."""
        return [result for result in self.files if result.error is None and result.outputs]

    @property
    def documents(self) -> list[Document]:
        """The documents of the files whose outputs were written (not of failed files)."""
        return [result.document for result in self.written if result.document is not None]

    def counts(self) -> Counter[str]:
        """Segments per source language, translated, kept, and carried spans not placed,
        over the files whose outputs were written."""
        counts: Counter[str] = Counter()
        for document in self.documents:
            for segment in document.segments:
                counts[f"lang:{segment.source_lang}"] += 1
                counts["translated" if segment.translation is not None else "kept"] += 1
                counts["warnings"] += len(segment.warnings)
                counts["not_placed"] += sum(span.placed is False for span in segment.carried)
        return counts


def needed_directions(documents: Iterable[Document], targets: Sequence[str]) -> list[str]:
    """The directions (``"ar-en"``, ``"en-ar"``) translating ``documents`` into ``targets``
    needs: those whose source language some segment is in."""
    languages = {segment.source_lang for document in documents for segment in document.segments}
    return [f"{other_language(t)}-{t}" for t in targets if other_language(t) in languages]


def translate_files(
    inputs: Iterable[str | Path],
    translator: Translator,
    *,
    targets: Sequence[str] = (EN, AR),
    output_dir: Path = Path("outputs"),
    detector: LanguageDetector | None = None,
    progress: ProgressCallback | None = None,
) -> RunReport:
    """Translate files, folders and globs into ``output_dir``; see :class:`RunReport`.

    Raises before anything is translated or written when ``output_dir`` cannot be written
    (:class:`OutputWriteError`) or a model the inputs need is missing or broken
    (:class:`~tarjama.errors.ModelNotFoundError`, :class:`~tarjama.errors.ModelLoadError`).
    """
    started = time.perf_counter()
    output_dir = Path(output_dir)
    check_output_dir(output_dir)
    files, problems = expand_inputs(inputs)
    results = [FileResult(path=Path(str(error.where)), error=error) for error in problems]
    protected = {path_key(file.path) for file in files}
    pending: list[tuple[FileResult, Path]] = []
    for file, stem in zip(files, output_stems(files), strict=True):
        result = FileResult(path=file.path)
        results.append(result)
        try:
            result.document = detect_file(file.path, detector)
        except TarjamaError as error:
            result.error = error
            continue
        pending.append((result, stem))

    # Every model the inputs need is loaded now: a missing one stops the run before any
    # output is written, not after half the files.
    translator.prepare(needed_directions((result.document for result, _ in pending), targets))
    source_langs = {other_language(t) for t in targets}
    total = sum(
        1 + len([c for c in s.carried if c.inner is not None])
        for result, _ in pending
        for s in result.document.segments
        if s.source_lang in source_langs
    )
    done = 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if progress:
            progress(done, total)

    if progress:
        progress(0, total)
    written: set[str] = set()
    for result, stem in pending:
        document = translate_document(result.document, translator, targets, advance)
        paths = output_paths(document, output_dir, str(stem))
        try:
            result.outputs = write_outputs(document, paths, targets, protected, written)
        except TarjamaError as error:
            result.error = error
        except OSError as error:
            result.error = OutputWriteError(paths["jsonl"].parent, str(error.strerror or error))
    return RunReport(files=results, seconds=time.perf_counter() - started)
