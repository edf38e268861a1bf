"""The translate job as library functions: read → segment → detect → translate → write.

``translate_files`` is what ``tarjama translate`` runs; it returns a :class:`RunReport` and
raises only for run-wide problems (an output folder it cannot write, a missing or broken
model), and it finds those before it writes anything. A bad input file is recorded in the
report and the other files are still processed.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tarjama import __version__
from tarjama.carry import prepare, restore
from tarjama.chars import XML_ILLEGAL
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
    DocumentWriteError,
    RunStoppedError,
    TarjamaError,
    UnsupportedLanguageError,
)
from tarjama.export.bilingual import bitext_contents, bitext_path
from tarjama.formats import get_format
from tarjama.glossary import Inconsistency, TermMatcher, inconsistent_names
from tarjama.outputs import (
    check_output_dir,
    check_output_names,
    output_contents,
    output_paths,
    output_stems,
    path_key,
)
from tarjama.qa import check_segment
from tarjama.reader import expand_inputs, read_source
from tarjama.segment.segmenter import segment_source
from tarjama.terms import (
    LOST_AFTER_DECODING,
    NOT_IN_MEMORY_TRANSLATION,
    TextTerms,
    audit,
    segment_terms,
)
from tarjama.translate.constrained import Translation
from tarjama.writer import write_atomic

if TYPE_CHECKING:
    from tarjama.glossary import Glossary
    from tarjama.langid import LanguageDetector
    from tarjama.memory import TranslationMemory
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
    *,
    matcher: TermMatcher | None = None,
    memory: TranslationMemory | None = None,
) -> Document:
    """Translate every segment whose language is the other side of a target, in place.

    With a ``memory``, a segment it holds a reviewed translation for takes that (origin
    ``memory``) and never reaches the model. With a ``matcher``, every glossary term found
    in a segment is a hard constraint on the decoder, and ``segment.terms`` records each
    match and whether the translation holds it.
    """
    for target in targets:
        source_lang = other_language(target)
        segments = [s for s in document.segments if s.source_lang == source_lang]
        if not segments:
            continue
        remembered = _from_memory(segments, memory, source_lang, target)
        if remembered and progress:
            progress(sum(1 + _inner_count(s) for s in remembered))
        answered = {id(segment) for segment in remembered}
        pending = [segment for segment in segments if id(segment) not in answered]
        _translate_segments(pending, translator, source_lang, target, progress, matcher)
        if matcher is not None:
            for segment in remembered:
                main, inner = segment_terms(segment, matcher, target)
                _audit_segment(segment, main, inner, {}, {}, matcher, NOT_IN_MEMORY_TRANSLATION)
    for segment in document.segments:
        if segment.translation is None and segment.kept_reason is None:
            segment.kept_reason = "target-language"
        segment.qa = check_segment(segment)
    document.links = [
        AlignmentLink((segment.id,), (segment.id,), None)
        for segment in document.segments
        if segment.translation is not None
    ]
    document.provenance = provenance(document, translator, targets, matcher, memory)
    return document


def _inner_count(segment: Segment) -> int:
    return len([span for span in segment.carried if span.inner is not None])


def _from_memory(
    segments: list[Segment], memory: TranslationMemory | None, source_lang: str, target: str
) -> list[Segment]:
    """Segments the memory holds a translation for, now translated from it."""
    if memory is None:
        return []
    found = []
    for segment in segments:
        stored = memory.lookup(segment.source, source_lang, target)
        if stored:
            segment.translation, segment.target_lang, segment.origin = stored, target, "memory"
            found.append(segment)
    return found


def _translate_segments(
    segments: list[Segment],
    translator: Translator,
    source_lang: str,
    target: str,
    progress: Callable[[int], None] | None,
    matcher: TermMatcher | None,
) -> None:
    if not segments:
        return
    inputs = [prepare(segment) for segment in segments]
    terms = [
        segment_terms(segment, matcher, target) if matcher else (TextTerms(), [])
        for segment in segments
    ]
    texts = [item.text for item in inputs]
    inner_texts = [text for item in inputs for text in item.inner_texts]
    constraints = [main.constraints for main, _ in terms]
    for segment, (_, inner) in zip(segments, terms, strict=True):
        constraints.extend(
            inner[i].constraints if i < len(inner) else [] for i in range(_inner_count(segment))
        )
    if any(constraints):
        results = translator.translate_constrained(
            texts + inner_texts, source_lang, target, constraints, progress
        )
    else:
        outputs = translator.translate(texts + inner_texts, source_lang, target, progress)
        results = [Translation(output) for output in outputs]
    inner_results = iter(results[len(texts) :])
    for segment, result, (main, inner) in zip(segments, results[: len(texts)], terms, strict=True):
        inner_outputs = [next(inner_results) for _ in range(_inner_count(segment))]
        translation = _restored(segment, result.text, [r.text for r in inner_outputs])
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
        if matcher is not None:
            main_reasons = dict(result.missed)
            inner_reasons = {i: dict(r.missed) for i, r in enumerate(inner_outputs)}
            _audit_segment(segment, main, inner, main_reasons, inner_reasons, matcher)


def _audit_segment(
    segment: Segment,
    main: TextTerms,
    inner: list[TextTerms],
    main_reasons: dict[int, str],
    inner_reasons: dict[int, dict[int, str]],
    matcher: TermMatcher,
    default_reason: str = LOST_AFTER_DECODING,
) -> None:
    """Record the segment's terms with their status against its final translation."""
    translation, target = segment.translation or "", segment.target_lang or ""
    audit(main, translation, target, matcher, main_reasons, default_reason)
    for index, terms in enumerate(inner):
        audit(terms, translation, target, matcher, inner_reasons.get(index, {}), default_reason)
    matches = main.matches + [match for terms in inner for match in terms.matches]
    segment.terms = sorted(matches, key=lambda match: match.start)


#: ``kept_reason`` of a segment the model returned nothing for: its source text stays.
EMPTY_TRANSLATION = "empty-translation"


def _restored(segment: Segment, output: str, inner: list[str]) -> str | None:
    """The model's ``output`` with the carried spans put back, or None if it is empty.

    An empty output is not restored: the carried spans alone would stand in for the whole
    segment. Spans are left as they were (no inner translation, ``placed`` unset).
    """
    # A model has no reason to write a control character; none may reach the versions.
    output = XML_ILLEGAL.sub("", output)
    if not output.strip():
        return None
    spans = [span for span in segment.carried if span.inner is not None]
    for span, text in zip(spans, inner, strict=True):
        span.inner_translation = XML_ILLEGAL.sub("", text)
    translation = restore(output, segment)
    if translation.strip():
        return translation
    for span in segment.carried:
        span.inner_translation = None
        span.placed = None
    return None


def provenance(
    document: Document,
    translator: Translator,
    targets: Sequence[str],
    matcher: TermMatcher | None = None,
    memory: TranslationMemory | None = None,
) -> dict:
    """Everything needed to reproduce an output: tool, source hash, models, settings,
    glossary files and hash, translation memory."""
    used = {f"{s.source_lang}-{s.target_lang}" for s in document.segments if s.origin == "model"}
    described = translator.provenance()
    source = {"path": str(document.path) if document.path else None, "format": document.format}
    source["sha256"] = document.text_sha256
    return {
        "tool": "tarjama",
        "tool_version": __version__,
        "source": source,
        "targets": list(targets),
        "models": {k: v for k, v in described.get("models", {}).items() if k in used},
        "decoding": described.get("decoding", {}),
        "language_id": {"method": "script + words + lingua n-grams", "seed": 0},
        "glossary": matcher.describe() if matcher is not None else None,
        "memory": _memory_record(document, memory),
    }


def _memory_record(document: Document, memory: TranslationMemory | None) -> dict | None:
    if memory is None:
        return None
    hits = sum(segment.origin == "memory" for segment in document.segments)
    return {"path": str(memory.path), "hits": hits}


@dataclass
class FileResult:
    path: Path
    document: Document | None = None
    outputs: list[Path] = field(default_factory=list)
    error: TarjamaError | None = None
    #: names outside the glossary rendered differently in different places of the document
    inconsistencies: list[Inconsistency] = field(default_factory=list)


@dataclass
class RunReport:
    files: list[FileResult]
    seconds: float = 0.0
    generated_tokens: int = 0  # in the model's outputs, both directions

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
                counts["memory"] += segment.origin == "memory"
                for term in segment.terms:
                    counts[f"terms:{term.status}"] += 1
        return counts


def _work(document: Document, targets: Sequence[str]) -> int:
    """What translating ``document`` into ``targets`` counts on the progress bar: each
    segment to translate and each inner text (a link's, an emphasis') in it."""
    source_langs = {other_language(t) for t in targets}
    return sum(1 + _inner_count(s) for s in document.segments if s.source_lang in source_langs)


class RunInterrupted(KeyboardInterrupt):
    """Ctrl+C during :func:`translate_files`; ``report`` holds the files whose outputs were
    written before it (each complete: a document's set is written all together)."""

    def __init__(self, report: RunReport):
        super().__init__()
        self.report = report


def document_targets(document: Document, targets: Sequence[str]) -> tuple[str, ...]:
    """The languages to write ``document`` in: ``targets``, unless its format decides
    (an XLIFF file names its target language)."""
    fixed = get_format(document.format).fixed_targets(document)
    return tuple(fixed) if fixed is not None else tuple(targets)


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
    glossary: Glossary | None = None,
    memory: TranslationMemory | None = None,
    exports: Sequence[str] = (),
) -> RunReport:
    """Translate files, folders and globs into ``output_dir``; see :class:`RunReport`.

    ``glossary`` terms are enforced in decoding and audited per segment; ``memory`` is
    looked up before the model; ``exports`` names bilingual formats (``xliff``, ``tmx``,
    ``docx``, ...; see :mod:`tarjama.export.bilingual`) written beside the versions.

    Raises before anything is translated or written when ``output_dir`` cannot be written
    (:class:`~tarjama.errors.OutputWriteError`) or a model the inputs need is missing or broken
    (:class:`~tarjama.errors.ModelNotFoundError`, :class:`~tarjama.errors.ModelLoadError`).
    """
    started = time.perf_counter()
    output_dir = Path(output_dir)
    check_output_dir(output_dir)
    files, problems = expand_inputs(inputs)
    results = [FileResult(path=Path(str(error.where)), error=error) for error in problems]
    protected = {path_key(file.path) for file in files}
    input_paths = [file.path for file in files]
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
    chosen = {id(result): document_targets(result.document, targets) for result, _ in pending}
    directions = {
        direction
        for result, _ in pending
        for direction in needed_directions([result.document], chosen[id(result)])
    }
    translator.prepare(sorted(directions))
    total = sum(_work(result.document, chosen[id(result)]) for result, _ in pending)
    done = 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if progress:
            progress(done, total)

    if progress:
        progress(0, total)
    written: set[str] = set()
    matcher = TermMatcher(glossary) if glossary is not None else None
    try:
        for position, (result, stem) in enumerate(pending):
            document = result.document
            languages = chosen[id(result)]
            paths = output_paths(document, output_dir, str(stem))
            exported = [bitext_path(output_dir, str(stem), fmt) for fmt in exports]
            try:  # an output in an input's place is found before the translating, not after
                check_output_names(document, paths, languages, protected, written, exported)
            except TarjamaError as error:
                result.error = error
                advance(_work(document, languages))
                continue
            translate_document(
                document, translator, languages, advance, matcher=matcher, memory=memory
            )
            result.inconsistencies = name_inconsistencies(document, glossary)
            try:
                contents: dict[Path, str | bytes] = dict(
                    output_contents(document, paths, languages, protected, written)
                )
                if exports:
                    contents |= bitext_contents(
                        document, exports, output_dir, str(stem), input_paths
                    )
                result.outputs = write_atomic(contents)
                written.update(path_key(path) for path in contents)
            except TarjamaError as error:
                result.error = error
            except OSError as error:
                result.error = DocumentWriteError(result.path, error)
                if result.error.disk_full:  # every later file would fail the same way
                    for later, _ in pending[position + 1 :]:
                        later.error = RunStoppedError(
                            later.path, "the disk filled up with the outputs of an earlier file"
                        )
                    break
    except KeyboardInterrupt:  # the files written so far are complete: say which they are
        raise RunInterrupted(RunReport(results, time.perf_counter() - started)) from None
    seconds = time.perf_counter() - started
    return RunReport(results, seconds, getattr(translator, "generated_tokens", 0))


def name_inconsistencies(document: Document, glossary: Glossary | None) -> list[Inconsistency]:
    """Names outside ``glossary`` that the document's translations render differently."""
    items = [
        (segment.source, segment.source_lang, segment.translation)
        for segment in document.segments
        if segment.translation is not None
    ]
    return inconsistent_names(items, glossary)
