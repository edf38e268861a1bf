"""Corrections into a translate run: what ``review apply`` and ``review serve`` both do.

A :class:`Correction` is a reviewer's translation for one segment of a document rebuilt
from its run (:func:`~tarjama.review.rebuild.load_document`). :func:`apply_corrections`
sets them (``origin: "review"``), checks the segment again (glossary audit, QA), stores
every pair in the translation memory and rewrites the run's versions, page and records,
all or nothing:

The memory is written first, in one transaction, and the outputs after it, before that
transaction is committed: if the outputs cannot be written, nothing is stored; if the memory
cannot be written (a full disk), the outputs are not rewritten, or are put back as they were
when only the commit failed. The error says what was changed and what was not.

A reviewed translation is never silently replaced. A correction that differs from a
translation already reviewed, in the run's outputs (``origin`` ``review`` or ``memory``) or
in the memory, is a **conflict**: it is reported and changes nothing, outputs or memory,
unless ``overwrite``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tarjama.bitext import REVIEW_ORIGIN, REVIEWED_ORIGINS
from tarjama.chars import hidden_controls_warning
from tarjama.document import AR, EN, Document, Segment
from tarjama.errors import DocumentWriteError, TranslationMemoryError
from tarjama.memory import (
    CONFLICT,
    REPLACED,
    STORED,
    StoreResult,
    TranslationMemory,
    normalize,
)
from tarjama.names import SEGMENTS_SUFFIX, path_key
from tarjama.outputs import output_contents, output_paths
from tarjama.review.checks import refresh_checks
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


@dataclass
class Correction:
    """A reviewer's ``translation`` of ``segment`` (a translated segment of the run)."""

    #: the id the report names it by (a review file's unit id, the editor's segment id)
    unit: str
    segment: Segment
    translation: str
    #: marked reviewed: confirmed (and stored) even where the text is unchanged
    reviewed: bool
    #: where the translation comes from, for a warning ("the translation from x.tsv:3")
    where: str


def apply_corrections(
    document: Document,
    jsonl: Path,
    corrections: Sequence[Correction],
    tm: TranslationMemory,
    report: ReviewReport,
    *,
    overwrite: bool = False,
    protected: Iterable[Path] = (),
) -> None:
    """Apply ``corrections`` to ``document`` (the run of ``jsonl``) and the memory, filling
    ``report``; see the module docstring. ``protected``: files never written over (the
    reviewed file). On an error the document may hold some of the corrections: load it
    again."""
    corrected: list[Correction] = []
    changed = False
    for correction in corrections:
        segment, new_target = correction.segment, correction.translation
        edited = new_target != segment.translation
        # unchanged but marked reviewed now, or applied by an earlier run (applying again,
        # e.g. with --overwrite after a conflict, stores it again)
        if not edited and not correction.reviewed and segment.origin != REVIEW_ORIGIN:
            report.unchanged += 1
            continue
        conflict = None if overwrite else _conflict(correction, tm)
        if conflict is not None:
            report.conflicts.append(conflict)
            continue
        if edited:
            segment.translation = new_target
            report.updated.append(correction.unit)
            _flag_hidden_controls(report, correction)
        else:
            report.confirmed.append(correction.unit)
        changed = changed or edited or segment.origin != REVIEW_ORIGIN
        segment.origin = REVIEW_ORIGIN
        refresh_checks(segment)
        corrected.append(correction)
    if not corrected:
        return  # nothing to store, nothing to rewrite (no memory file is created)
    origin_file = str(document.path) if document.path else None
    contents = _output_contents(document, jsonl, protected) if changed else {}
    previous = _previous(contents)
    written = False
    try:
        with tm.transaction():  # every pair, or none: committed once the outputs are written
            for correction in corrected:
                segment = correction.segment
                result = tm.store(
                    segment.source,
                    correction.translation,
                    segment.source_lang,
                    segment.target_lang or "",
                    origin_file,
                    overwrite=overwrite,
                )
                count(report, result, correction.unit)
            if contents:
                report.outputs = _write(contents, document.path or jsonl)
                written = True
    except TranslationMemoryError as error:
        if not written:
            raise not_stored(error, _NOTHING_CHANGED) from None
        try:  # only the commit failed: the outputs go back to what they were
            _put_back(previous, document.path or jsonl)
        except DocumentWriteError:
            raise not_stored(
                error,
                "the run's outputs were rewritten with the corrections and could not be put "
                "back, but the memory does not hold them: run `tarjama review apply` again",
            ) from None
        raise not_stored(
            error, "nothing was changed: the run's outputs were put back as they were"
        ) from None


def count(report: ReviewReport, result: StoreResult, unit: str) -> None:
    """Count what one :meth:`TranslationMemory.store` did in ``report``."""
    if result.status == STORED:
        report.stored += 1
    elif result.status == REPLACED:
        report.replaced += 1
    elif result.status == CONFLICT:
        report.conflicts.append(Conflict(unit, result.source, result.previous or "", result.target))


_NOTHING_CHANGED = "nothing was changed: the run's outputs and the memory are as they were"


def not_stored(error: TranslationMemoryError, changed: str) -> TranslationMemoryError:
    """The memory's error, saying what the review ``changed`` and did not."""
    reason = error.problem.removeprefix("translation memory error: ")
    return TranslationMemoryError(
        error.where or "",
        f"cannot store the reviewed translations ({reason}); {changed}",
        fix=error.fix,
    )


def _flag_hidden_controls(report: ReviewReport, correction: Correction) -> None:
    """A corrected translation holding bidi or invisible controls is kept as written, but
    flagged as a source holding one is: on the segment (page, records) and in the report."""
    segment = correction.segment
    warning = hidden_controls_warning(segment.translation or "", correction.where)
    if warning:
        segment.warnings.append(warning)
        report.warnings.append((correction.unit, warning))


def _conflict(correction: Correction, tm: TranslationMemory) -> Conflict | None:
    """A reviewed translation of the segment other than the correction's: the run's own (an
    earlier review, or the memory's at translate time), else the memory's now."""
    segment, new_target = correction.segment, correction.translation
    assert segment.translation is not None and segment.target_lang is not None
    if segment.origin in REVIEWED_ORIGINS and normalize(segment.translation) != normalize(
        new_target
    ):
        return Conflict(
            correction.unit, segment.source, segment.translation, new_target, IN_OUTPUTS
        )
    stored = tm.lookup(segment.source, segment.source_lang, segment.target_lang)
    if stored is not None and normalize(stored) != normalize(new_target):
        return Conflict(correction.unit, segment.source, stored, new_target, IN_MEMORY)
    return None


def _output_contents(
    document: Document, jsonl: Path, protected: Iterable[Path]
) -> dict[Path, str | bytes]:
    """The versions the run wrote, the page and the records, built, nothing written."""
    folder = jsonl.parent
    stem = jsonl.name[: -len(SEGMENTS_SUFFIX)]
    paths = output_paths(document, folder, stem)
    recorded = document.provenance.get("targets") or [EN, AR]
    targets = [lang for lang in recorded if lang in (AR, EN) and paths[lang].exists()] or [
        lang for lang in recorded if lang in (AR, EN)
    ]
    refused = {path_key(path) for path in protected}
    if document.path is not None:
        refused.add(path_key(document.path))
    return output_contents(document, paths, targets, refused)


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
