"""``review apply``: bring a reviewed export back into the run's outputs and the memory.

For a file exported from a ``translate`` run, the document is rebuilt from the run's
``<stem>.segments.jsonl`` and its source (:func:`~tarjama.review.rebuild.load_document`),
each corrected translation is set (``origin: "review"``, so it exports as ``reviewed``),
and the versions, the page and the records are written again, all atomically: a failure
leaves the earlier outputs as they were. For a file from ``tarjama align`` (no records),
only the translation memory is fed.

A unit is *corrected* when its translation differs from the document's, or is unchanged
but marked reviewed (XLIFF ``reviewed``/``final``, 1.2 ``signed-off``/``final``, TSV/TMX
state ``reviewed``) or already brought back by an earlier ``review apply`` (so applying a
file again, with ``--overwrite`` after a conflict, stores it again). The outputs are
rewritten only when a segment changed. Every corrected pair is stored in the translation
memory.

The memory is written first, in one transaction, and the outputs after it, before that
transaction is committed: if the outputs cannot be written, nothing is stored; if the memory
cannot be written (a full disk), the outputs are not rewritten, or are put back as they were
when only the commit failed. The error says what was changed and what was not.

A reviewed translation is never silently replaced. A unit whose translation differs from
one already reviewed, in the run's outputs (``origin`` ``review`` or ``memory``) or in the
memory, is a **conflict**: it is reported and changes nothing, outputs or memory, unless
``overwrite``. So an out-of-date export (one written before an earlier ``review apply``)
cannot put the machine translation back over a correction.

A reviewed file records the SHA-256 of the source it was exported from; when that is not
the hash the run's ``.segments.jsonl`` records, the file belongs to another document (or an
earlier version of this one, whose segments may differ), its ids name other sentences, and
nothing is applied: :class:`~tarjama.errors.ReviewRunMismatchError`, ``overwrite`` or not
(it overrides reviewed translations, not which sentences the ids mean). A file that records
no hash (a tool dropped the note) is applied unit by unit, each unit's source text checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from tarjama.bitext import REVIEW_ORIGIN, REVIEWED, REVIEWED_ORIGINS
from tarjama.chars import hidden_controls_warning
from tarjama.document import AR, EN, TRANSLATABLE, Document, Segment, other_language
from tarjama.errors import (
    DocumentWriteError,
    ReviewOutputsNotFoundError,
    ReviewRunMismatchError,
    TranslationMemoryError,
)
from tarjama.memory import CONFLICT, REPLACED, STORED, TranslationMemory, normalize
from tarjama.names import SEGMENTS_SUFFIX, path_key
from tarjama.outputs import output_contents, output_paths
from tarjama.review.formats import ReviewedFile, ReviewedUnit, read_reviewed
from tarjama.review.rebuild import load_document, read_header
from tarjama.writer import write_atomic

#: where a conflicting reviewed translation is (:attr:`Conflict.where`)
IN_MEMORY = "memory"
IN_OUTPUTS = "outputs"


@dataclass
class Conflict:
    """A unit whose translation differs from one already reviewed, which was kept."""

    unit: str
    source: str
    #: the reviewed translation that was kept
    stored: str
    #: the unit's translation, not applied
    new: str
    #: where ``stored`` is: :data:`IN_MEMORY` or :data:`IN_OUTPUTS` (the translate run's)
    where: str = IN_MEMORY


@dataclass
class ReviewReport:
    path: Path
    format: str
    #: "translate" (outputs rewritten and memory fed) or "align" (memory only)
    mode: str
    #: unit ids whose translation changed
    updated: list[str] = field(default_factory=list)
    #: unit ids unchanged but confirmed as reviewed
    confirmed: list[str] = field(default_factory=list)
    #: units left as they were (not changed, not marked reviewed)
    unchanged: int = 0
    #: (unit id, why) for units that could not be applied
    skipped: list[tuple[str, str]] = field(default_factory=list)
    #: (unit id, warning) for applied translations holding hidden controls
    warnings: list[tuple[str, str]] = field(default_factory=list)
    #: pairs newly stored in / replaced in the memory
    stored: int = 0
    replaced: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    memory: Path | None = None
    outputs: list[Path] = field(default_factory=list)


def apply_review(
    path: Path | str,
    memory: TranslationMemory | Path | str | None = None,
    *,
    overwrite: bool = False,
    outputs: Path | str | None = None,
    source: Path | str | None = None,
) -> ReviewReport:
    """Apply the reviewed file ``path``; see the module docstring.

    ``memory``: a :class:`TranslationMemory`, a path, or None for the default file.
    ``outputs``: the translate run's folder (default: the reviewed file's folder).
    ``source``: the translated file, when it is no longer where the run recorded it.
    """
    path = Path(path)
    reviewed = read_reviewed(path)
    own_memory = not isinstance(memory, TranslationMemory)
    tm = memory if isinstance(memory, TranslationMemory) else TranslationMemory(memory)
    try:
        # an unusable memory stops the run before any output is rewritten
        tm.check(write=True)
        folder = Path(outputs) if outputs is not None else path.parent
        if outputs is not None and folder.exists() and not folder.is_dir():
            raise ReviewOutputsNotFoundError(
                folder,
                reviewed.stem,
                "it is a file, not a folder: --outputs names the folder of the translate "
                "run's outputs",
            )
        # An aligned file has no run outputs, even where a translate run of the same
        # source sits in the folder: its units name segments of two documents.
        jsonl = None if reviewed.kind == "align" else _segments_file(reviewed, folder)
        if jsonl is None:
            if reviewed.kind != "align" and not _looks_aligned(reviewed):
                raise ReviewOutputsNotFoundError(folder, reviewed.stem or _stem_from_name(path))
            return _store_aligned(reviewed, tm, overwrite)
        return _apply_translated(reviewed, jsonl, tm, overwrite, source)
    finally:
        if own_memory:
            tm.close()


def _stem_from_name(path: Path) -> str:
    from tarjama.export.bilingual import EXPORTS

    name = path.name
    for export in sorted(EXPORTS.values(), key=lambda e: -len(e.extension)):
        if name.endswith(export.extension):
            return name[: -len(export.extension)]
    return path.stem


def _segments_file(reviewed: ReviewedFile, folder: Path) -> Path | None:
    """The run's ``.segments.jsonl``: by the stem the file carries, else by its name.

    The stem stays inside ``folder`` (:func:`~tarjama.review.formats.checked_stem`). A
    folder run records the stem with the input's sub-folder (``sub/article``, relative to
    ``-o``), while its exports sit beside the records: found from the top folder
    (``--outputs out``) or by its last part in the exports' own (``out/sub``)."""
    stems = []
    if reviewed.stem:
        stems += [reviewed.stem, PurePosixPath(reviewed.stem.replace("\\", "/")).name]
    stems.append(_stem_from_name(reviewed.path))
    for stem in dict.fromkeys(stems):
        candidate = folder / f"{stem}{SEGMENTS_SUFFIX}"
        if candidate.is_file():
            return candidate
    return None


def _looks_aligned(reviewed: ReviewedFile) -> bool:
    return any(unit.link[1] is not None or not unit.link[0] for unit in reviewed.units)


def _store(
    report: ReviewReport,
    tm: TranslationMemory,
    unit: ReviewedUnit,
    source_lang: str,
    origin_file: str | None,
    overwrite: bool,
) -> None:
    target_lang = other_language(source_lang)
    source, target = unit.text(source_lang), unit.text(target_lang)
    result = tm.store(source, target, source_lang, target_lang, origin_file, overwrite=overwrite)
    if result.status == STORED:
        report.stored += 1
    elif result.status == REPLACED:
        report.replaced += 1
    elif result.status == CONFLICT:
        report.conflicts.append(Conflict(unit.id, source, result.previous or "", target))


def _store_aligned(reviewed: ReviewedFile, tm: TranslationMemory, overwrite: bool) -> ReviewReport:
    """Aligned pairs: nothing to rewrite, every pair with text on both sides goes in the
    memory (all of them or none), in the direction of the file (its source language;
    Arabic for TSV)."""
    report = ReviewReport(reviewed.path, reviewed.format, "align", memory=tm.path)
    pairs = []
    for unit in reviewed.units:
        if not unit.ar.strip() or not unit.en.strip():
            report.skipped.append((unit.id, "nothing to pair on one side"))
            continue
        report.confirmed.append(unit.id)
        pairs.append(unit)
    if not pairs:
        return report
    try:
        with tm.transaction():
            for unit in pairs:
                _store(report, tm, unit, reviewed.source_lang or AR, reviewed.original, overwrite)
    except TranslationMemoryError as error:
        raise _not_stored(error, "nothing was stored") from None
    return report


def _apply_translated(
    reviewed: ReviewedFile,
    jsonl: Path,
    tm: TranslationMemory,
    overwrite: bool,
    source: Path | str | None,
) -> ReviewReport:
    _check_same_run(reviewed, jsonl)
    document = load_document(jsonl, source)
    report = ReviewReport(reviewed.path, reviewed.format, "translate", memory=tm.path)
    by_id = {segment.id: segment for segment in document.segments}
    corrected: list[tuple[ReviewedUnit, Segment]] = []
    changed = False
    for unit in reviewed.units:
        segment = _segment_of(unit, by_id, report)
        if segment is None:
            continue
        source_lang, target_lang = segment.source_lang, segment.target_lang
        new_source, new_target = unit.text(source_lang), unit.text(target_lang)
        if normalize(new_source) != normalize(segment.source):
            report.skipped.append((unit.id, "its source text differs from the document's"))
            continue
        if not new_target.strip():
            report.skipped.append((unit.id, "its translation is empty"))
            continue
        edited = new_target != segment.translation
        # unchanged but marked reviewed now, or applied by an earlier run (applying again,
        # e.g. with --overwrite after a conflict, stores it again)
        if not edited and unit.state != REVIEWED and segment.origin != REVIEW_ORIGIN:
            report.unchanged += 1
            continue
        conflict = None if overwrite else _conflict(unit, segment, new_target, tm)
        if conflict is not None:
            report.conflicts.append(conflict)
            continue
        if edited:
            segment.translation = new_target
            report.updated.append(unit.id)
            _flag_hidden_controls(report, unit, segment)
        else:
            report.confirmed.append(unit.id)
        changed = changed or segment.origin != REVIEW_ORIGIN or unit.id in report.updated
        segment.origin = REVIEW_ORIGIN
        corrected.append((unit, segment))
    if not corrected:
        return report  # nothing to store, nothing to rewrite (no memory file is created)
    origin_file = str(document.path) if document.path else None
    contents = _output_contents(document, jsonl, reviewed.path) if changed else {}
    previous = _previous(contents)
    written = False
    try:
        with tm.transaction():  # every pair, or none: committed once the outputs are written
            for unit, segment in corrected:
                _store(report, tm, unit, segment.source_lang, origin_file, overwrite)
            if contents:
                report.outputs = _write(contents, document.path or jsonl)
                written = True
    except TranslationMemoryError as error:
        if not written:
            raise _not_stored(error, _NOTHING_CHANGED) from None
        try:  # only the commit failed: the outputs go back to what they were
            _put_back(previous, document.path or jsonl)
        except DocumentWriteError:
            raise _not_stored(
                error,
                "the run's outputs were rewritten with the corrections and could not be put "
                "back, but the memory does not hold them: run `tarjama review apply` again",
            ) from None
        raise _not_stored(
            error, "nothing was changed: the run's outputs were put back as they were"
        ) from None
    return report


_NOTHING_CHANGED = "nothing was changed: the run's outputs and the memory are as they were"


def _not_stored(error: TranslationMemoryError, changed: str) -> TranslationMemoryError:
    """The memory's error, saying what ``review apply`` ``changed`` and did not."""
    reason = error.problem.removeprefix("translation memory error: ")
    return TranslationMemoryError(
        error.where or "",
        f"cannot store the reviewed translations ({reason}); {changed}",
        fix=error.fix,
    )


def _flag_hidden_controls(report: ReviewReport, unit: ReviewedUnit, segment: Segment) -> None:
    """A corrected translation holding bidi or invisible controls is kept as written, but
    flagged as a source holding one is: on the segment (page, records) and in the report."""
    where = f"the translation from {report.path.name}" + (f":{unit.line}" if unit.line else "")
    warning = hidden_controls_warning(segment.translation or "", where)
    if warning:
        segment.warnings.append(warning)
        report.warnings.append((unit.id, warning))


def _check_same_run(reviewed: ReviewedFile, jsonl: Path) -> None:
    """Refuse a reviewed file exported from another source than the run's (see the module)."""
    expected = (read_header(jsonl).get("source") or {}).get("sha256")
    recorded = reviewed.sha256
    if recorded and isinstance(expected, str) and recorded.lower() != expected.lower():
        raise ReviewRunMismatchError(reviewed.path, recorded, jsonl, expected)


def _conflict(
    unit: ReviewedUnit, segment: Segment, new_target: str, tm: TranslationMemory
) -> Conflict | None:
    """A reviewed translation of ``segment`` other than ``new_target``: the run's own (an
    earlier review, or the memory's at translate time), else the memory's now."""
    assert segment.translation is not None and segment.target_lang is not None
    if segment.origin in REVIEWED_ORIGINS and normalize(segment.translation) != normalize(
        new_target
    ):
        return Conflict(unit.id, segment.source, segment.translation, new_target, IN_OUTPUTS)
    stored = tm.lookup(segment.source, segment.source_lang, segment.target_lang)
    if stored is not None and normalize(stored) != normalize(new_target):
        return Conflict(unit.id, segment.source, stored, new_target, IN_MEMORY)
    return None


def _segment_of(
    unit: ReviewedUnit, by_id: dict[int, Segment], report: ReviewReport
) -> Segment | None:
    sources, targets = unit.link
    if len(sources) != 1 or targets not in (None, sources):
        report.skipped.append((unit.id, "not a link of a translated document"))
        return None
    segment = by_id.get(sources[0])
    if segment is None:
        report.skipped.append((unit.id, "no such segment in the document"))
        return None
    if segment.translation is None or segment.source_lang not in TRANSLATABLE:
        report.skipped.append((unit.id, "that segment has no translation"))
        return None
    if segment.target_lang not in (AR, EN):
        report.skipped.append((unit.id, "that segment has no target language"))
        return None
    return segment


def _output_contents(document: Document, jsonl: Path, reviewed: Path) -> dict[Path, str | bytes]:
    """The versions the run wrote, the page and the records, built, nothing written."""
    folder = jsonl.parent
    stem = jsonl.name[: -len(SEGMENTS_SUFFIX)]
    paths = output_paths(document, folder, stem)
    recorded = document.provenance.get("targets") or [EN, AR]
    targets = [lang for lang in recorded if lang in (AR, EN) and paths[lang].exists()] or [
        lang for lang in recorded if lang in (AR, EN)
    ]
    protected = {path_key(reviewed)}
    if document.path is not None:
        protected.add(path_key(document.path))
    return output_contents(document, paths, targets, protected)


def _previous(contents: dict[Path, str | bytes]) -> dict[Path, bytes | None]:
    """The bytes the outputs have now (None: not there yet), to put back if the memory's
    commit fails."""
    previous: dict[Path, bytes | None] = {}
    for path in contents:
        try:
            previous[path] = path.read_bytes()
        except FileNotFoundError:
            previous[path] = None
        except OSError as error:
            raise DocumentWriteError(path, error) from None
    return previous


def _put_back(previous: dict[Path, bytes | None], source: Path) -> None:
    """The outputs as :func:`_previous` found them: rewritten, and the ones this apply
    created removed again (undoing its own write, not deleting the user's files)."""
    _write({path: data for path, data in previous.items() if data is not None}, source)
    for path, data in previous.items():
        if data is None:
            try:
                path.unlink()
            except FileNotFoundError:
                pass
            except OSError as error:
                raise DocumentWriteError(source, error) from None


def _write(contents: dict[Path, str | bytes], source: Path) -> list[Path]:
    """Write ``contents`` atomically: all of them, or none (the earlier files kept)."""
    try:
        return write_atomic(contents)
    except OSError as error:
        raise DocumentWriteError(source, error) from None
