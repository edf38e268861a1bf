"""``review apply``: bring a reviewed export back into the run's outputs and the memory.

For a file exported from a ``translate`` run, the document is rebuilt from the run's
``<stem>.segments.jsonl`` and its source (:func:`~tarjama.review.rebuild.load_document`),
each corrected translation is set (``origin: "review"``, so it exports as ``reviewed``),
and the versions, the page and the records are written again, all atomically: a failure
leaves the earlier outputs as they were. For a file from ``tarjama align`` (no records),
only the translation memory is fed; so is it for the run file of ``tarjama align``
(``<stem>.align.jsonl``), with the pairs a reviewer confirmed in it.

A unit is *corrected* when its translation differs from the document's, or is unchanged
but marked reviewed (XLIFF ``reviewed``/``final``, 1.2 ``signed-off``/``final``, TSV/TMX
state ``reviewed``) or already brought back by an earlier ``review apply`` (so applying a
file again, with ``--overwrite`` after a conflict, stores it again). The outputs are
rewritten only when a segment changed. Every corrected pair is stored in the translation
memory.

The corrections are applied by :func:`~tarjama.review.corrections.apply_corrections`, as
``review serve`` applies the editor's: memory and outputs all or nothing, conflicts with a
translation already reviewed reported and nothing changed unless ``overwrite``. So an
out-of-date export (one written before an earlier ``review apply``) cannot put the machine
translation back over a correction.

A reviewed file records the SHA-256 of the source it was exported from; when that is not
the hash the run's ``.segments.jsonl`` records, the file belongs to another document (or an
earlier version of this one, whose segments may differ), its ids name other sentences, and
nothing is applied: :class:`~tarjama.errors.ReviewRunMismatchError`, ``overwrite`` or not
(it overrides reviewed translations, not which sentences the ids mean). A file that records
no hash (a tool dropped the note) is applied unit by unit, each unit's source text checked.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from tarjama.bitext import REVIEWED
from tarjama.document import AR, EN, TRANSLATABLE, Segment, other_language
from tarjama.errors import (
    ReviewOutputsNotFoundError,
    ReviewRunMismatchError,
    TranslationMemoryError,
)
from tarjama.memory import TranslationMemory, normalize
from tarjama.names import SEGMENTS_SUFFIX
from tarjama.review.alignrun import confirmed_pairs, is_align_run, read_align_run
from tarjama.review.corrections import (
    Conflict,
    Correction,
    ReviewReport,
    apply_corrections,
    count,
    not_stored,
)
from tarjama.review.formats import ReviewedFile, ReviewedUnit, read_reviewed
from tarjama.review.rebuild import load_document, read_header

__all__ = ["Conflict", "ReviewReport", "apply_review"]


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
    reviewed = confirmed_pairs(read_align_run(path)) if is_align_run(path) else read_reviewed(path)
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
    count(report, result, unit.id)


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
        raise not_stored(error, "nothing was stored") from None
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
    corrections: list[Correction] = []
    for unit in reviewed.units:
        segment = _segment_of(unit, by_id, report)
        if segment is None:
            continue
        new_source, new_target = unit.text(segment.source_lang), unit.text(segment.target_lang)
        if normalize(new_source) != normalize(segment.source):
            report.skipped.append((unit.id, "its source text differs from the document's"))
            continue
        if not new_target.strip():
            report.skipped.append((unit.id, "its translation is empty"))
            continue
        line = f":{unit.line}" if unit.line else ""
        where = f"the translation from {reviewed.path.name}{line}"
        corrections.append(Correction(unit.id, segment, new_target, unit.state == REVIEWED, where))
    apply_corrections(
        document, jsonl, corrections, tm, report, overwrite=overwrite, protected=[reviewed.path]
    )
    return report


def _check_same_run(reviewed: ReviewedFile, jsonl: Path) -> None:
    """Refuse a reviewed file exported from another source than the run's (see the module)."""
    expected = (read_header(jsonl).get("source") or {}).get("sha256")
    recorded = reviewed.sha256
    if recorded and isinstance(expected, str) and recorded.lower() != expected.lower():
        raise ReviewRunMismatchError(reviewed.path, recorded, jsonl, expected)


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
