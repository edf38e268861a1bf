"""The translate job as library functions: read → segment → detect → translate → write.

``translate_files`` is what ``tarjama translate`` runs; it returns a :class:`RunReport` and
raises only for run-wide problems (a missing model). A bad input file is recorded in the
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
from tarjama.document import AR, EN, TRANSLATABLE, AlignmentLink, Document, other_language
from tarjama.errors import (
    OutputCollisionError,
    OutputWriteError,
    TarjamaError,
    UnsupportedLanguageError,
)
from tarjama.export.html import side_by_side_html
from tarjama.export.jsonl import segments_jsonl
from tarjama.export.parallel import parallel_version
from tarjama.reader import InputFile, expand_inputs, read_source
from tarjama.segment.segmenter import segment_source
from tarjama.writer import write_atomic

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
            for span in segment.carried:
                if span.inner is not None:
                    span.inner_translation = next(inner_outputs)
            segment.translation = restore(output, segment)
            segment.target_lang = target
            segment.origin = "model"
            if not segment.translation.strip():
                segment.warnings.append(f"line {segment.line}: the model returned nothing")
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


def output_paths(document: Document, output_dir: Path, stem: str) -> dict[str, Path]:
    """``<stem>.en.txt``/``.ar.txt`` (``.md`` for Markdown), ``.html``, ``.segments.jsonl``."""
    suffix = ".md" if document.format == "markdown" else ".txt"
    return {
        EN: output_dir / f"{stem}.{EN}{suffix}",
        AR: output_dir / f"{stem}.{AR}{suffix}",
        "html": output_dir / f"{stem}.html",
        "jsonl": output_dir / f"{stem}.segments.jsonl",
    }


def write_outputs(
    document: Document, paths: dict[str, Path], targets: Sequence[str], protected: set[Path]
) -> list[Path]:
    """Write the outputs atomically; refuse any path that is one of the inputs."""
    contents: dict[Path, str] = {}
    for lang in targets:
        contents[paths[lang]] = parallel_version(document, lang)
    title = document.path.name if document.path else "document"
    contents[paths["html"]] = side_by_side_html(document, title)
    contents[paths["jsonl"]] = segments_jsonl(document)
    for path in contents:
        if path.resolve() in protected:
            raise OutputCollisionError(path, "output would overwrite an input file")
    return write_atomic(contents)


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
    def documents(self) -> list[Document]:
        return [result.document for result in self.files if result.document is not None]

    def counts(self) -> Counter[str]:
        """Segments per source language, translated, kept, and carried spans not placed."""
        counts: Counter[str] = Counter()
        for document in self.documents:
            for segment in document.segments:
                counts[f"lang:{segment.source_lang}"] += 1
                counts["translated" if segment.translation is not None else "kept"] += 1
                counts["warnings"] += len(segment.warnings)
                counts["not_placed"] += sum(span.placed is False for span in segment.carried)
        return counts


def _stems(files: Sequence[InputFile]) -> list[Path]:
    """Output stems, relative to the output folder; ``a.txt`` and ``a.md`` get distinct ones."""
    plain = [file.relative_dir / file.path.stem for file in files]
    clashes = {stem for stem, n in Counter(plain).items() if n > 1}
    return [
        stem.with_name(f"{stem.name}-{file.path.suffix.lstrip('.')}") if stem in clashes else stem
        for stem, file in zip(plain, files, strict=True)
    ]


def translate_files(
    inputs: Iterable[str | Path],
    translator: Translator,
    *,
    targets: Sequence[str] = (EN, AR),
    output_dir: Path = Path("outputs"),
    detector: LanguageDetector | None = None,
    progress: ProgressCallback | None = None,
) -> RunReport:
    """Translate files, folders and globs into ``output_dir``; see :class:`RunReport`."""
    started = time.perf_counter()
    files, problems = expand_inputs(inputs)
    results = [FileResult(path=Path(str(error.where)), error=error) for error in problems]
    protected = {file.path.resolve() for file in files}
    pending: list[tuple[FileResult, Path]] = []
    for file, stem in zip(files, _stems(files), strict=True):
        result = FileResult(path=file.path)
        results.append(result)
        try:
            result.document = detect_file(file.path, detector)
        except TarjamaError as error:
            result.error = error
            continue
        pending.append((result, stem))

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
    for result, stem in pending:
        document = translate_document(result.document, translator, targets, advance)
        paths = output_paths(document, Path(output_dir), str(stem))
        try:
            result.outputs = write_outputs(document, paths, targets, protected)
        except TarjamaError as error:
            result.error = error
        except OSError as error:
            result.error = OutputWriteError(paths["jsonl"].parent, str(error.strerror or error))
    return RunReport(files=results, seconds=time.perf_counter() - started)
