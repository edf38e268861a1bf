"""The editor's model: one run file loaded, its items as the page shows them, the
reviewer's changes saved at once.

:class:`TranslateEditor` edits a translate run: a confirmed translation goes through
:func:`~tarjama.review.corrections.apply_corrections`, exactly as ``review apply`` applies
a reviewed file (memory, versions, page and records all or nothing; a translation already
reviewed is never replaced unless the reviewer confirms again with ``overwrite``).
:class:`AlignEditor` edits an align run's links: confirm (the pair goes into the memory),
mark wrong, merge two adjacent links, split one; the run file is rewritten atomically.

The run file is the truth: before each request the editor reloads it when it changed on
disk (a ``review apply`` meanwhile), and after a failed save it reloads what is there, so
what the page sees is always what the files hold. One request at a time (a lock).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

from tarjama.bitext import LOW_CONFIDENCE, bitext_rows
from tarjama.chars import first_refused_control
from tarjama.document import AlignmentLink, Document, Segment
from tarjama.errors import DocumentWriteError
from tarjama.memory import CONFLICT, TranslationMemory
from tarjama.review.alignrun import (
    ALIGNED,
    CONFIRMED,
    WRONG,
    AlignRun,
    align_run_text,
    is_align_run,
    read_align_run,
)
from tarjama.review.corrections import Correction, ReviewReport, apply_corrections
from tarjama.review.display import link_item, segment_item
from tarjama.review.rebuild import load_document, run_stem
from tarjama.writer import write_atomic

#: what the editor's PUT may set: a translate run's segment, an align run's link
REVIEWED = "reviewed"
LINK_STATUSES = {REVIEWED: CONFIRMED, WRONG: WRONG, ALIGNED: ALIGNED}


class EditorError(Exception):
    """A request the editor refuses: an HTTP ``status`` and a message for the page."""

    def __init__(self, status: int, message: str, **extra: Any):
        super().__init__(message)
        self.status = status
        self.message = message
        self.extra = extra


def open_editor(
    path: Path | str, memory: Path | str | None = None, source: Path | str | None = None
) -> RunEditor:
    """The editor of the run file ``path`` (``.segments.jsonl`` or ``.align.jsonl``)."""
    path = Path(path)
    run_stem(path)  # any other name: one catalogue error
    if is_align_run(path):
        return AlignEditor(path, memory)
    return TranslateEditor(path, memory, source)


class RunEditor:
    kind = ""

    def __init__(self, path: Path, memory: Path | str | None):
        self.path = path
        self.memory = TranslationMemory(memory).path  # resolved once: shown, and used
        self._lock = threading.Lock()
        self._stamp: tuple[int, int, int] | None = None  # of the file as loaded
        self._reload()

    # --- what the page asks -------------------------------------------------------------

    def run_info(self) -> dict[str, Any]:
        with self._lock:
            self._fresh()
            return {
                "kind": self.kind,
                "run": self.path.name,
                "memory": str(self.memory),
                "low": LOW_CONFIDENCE,
                **self._info(),
            }

    def items(self) -> dict[str, Any]:
        with self._lock:
            self._fresh()
            return self._listing()

    def update(self, item_id: str, body: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            self._fresh()
            try:
                return self._update(item_id, body)
            except EditorError:
                raise
            except Exception:
                self._reload()  # a failed save: show what the files hold
                raise

    def merge(self, item_id: str) -> dict[str, Any]:
        raise EditorError(405, "only the links of an align run can be merged")

    def split(self, item_id: str, body: dict[str, Any]) -> dict[str, Any]:
        raise EditorError(405, "only the links of an align run can be split")

    # --- for the two kinds --------------------------------------------------------------

    def _info(self) -> dict[str, Any]:
        raise NotImplementedError

    def _all_items(self) -> list[dict[str, Any]]:
        raise NotImplementedError

    def _update(self, item_id: str, body: dict[str, Any]) -> dict[str, Any]:
        raise NotImplementedError

    def _load(self) -> None:
        raise NotImplementedError

    def _listing(self) -> dict[str, Any]:
        items = self._all_items()
        countable = [item for item in items if item["editable"] or item["link"]]
        return {
            "segments": items,
            "reviewed": sum(item["reviewed"] for item in countable),
            "total": len(countable),
        }

    def _reload(self) -> None:
        stamp = _stamp(self.path)  # before reading: a change while it is read is seen next
        self._load()
        self._stamp = stamp

    def _fresh(self) -> None:
        if _stamp(self.path) != self._stamp:
            self._reload()

    def _saved(self) -> None:
        self._stamp = _stamp(self.path)


def _stamp(path: Path) -> tuple[int, int, int] | None:
    """What changes when the file is rewritten (an atomic rename is a new inode); None
    when it is not there (then loading it says so)."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_ino, status.st_mtime_ns, status.st_size


def _flag(body: dict[str, Any], name: str) -> bool:
    value = body.get(name, False)
    if not isinstance(value, bool):
        raise EditorError(422, f"{name} must be true or false")
    return value


class TranslateEditor(RunEditor):
    kind = "translate"

    def __init__(self, path: Path, memory: Path | str | None, source: Path | str | None):
        self.source = source
        super().__init__(path, memory)

    def _load(self) -> None:
        self.document: Document = load_document(self.path, self.source)

    def _info(self) -> dict[str, Any]:
        provenance = self.document.provenance
        models = provenance.get("models") or {}
        return {
            "title": self.document.path.name if self.document.path else self.path.name,
            "source": str(self.document.path),
            "tool_version": provenance.get("tool_version"),
            "models": {direction: model.get("name") for direction, model in models.items()},
            "glossary": (provenance.get("glossary") or {}).get("files") or [],
        }

    def _all_items(self) -> list[dict[str, Any]]:
        return [
            segment_item(segment, paragraph.kind == "heading")
            for paragraph in self.document.paragraphs
            for segment in paragraph.segments
        ]

    def _segment(self, item_id: str) -> tuple[Segment, bool]:
        for paragraph in self.document.paragraphs:
            for segment in paragraph.segments:
                if str(segment.id) == item_id:
                    return segment, paragraph.kind == "heading"
        raise EditorError(404, f"no segment {item_id} in {self.path.name}")

    def _update(self, item_id: str, body: dict[str, Any]) -> dict[str, Any]:
        segment, heading = self._segment(item_id)
        if segment.translation is None or segment.target_lang is None:
            raise EditorError(422, f"segment {item_id} was kept as it is: nothing to translate")
        translation = body.get("translation")
        if not isinstance(translation, str) or not translation.strip():
            raise EditorError(422, "translation must be a string with text in it")
        if body.get("status", REVIEWED) != REVIEWED:
            raise EditorError(422, 'status must be "reviewed" (a confirmed translation)')
        found = first_refused_control(translation, layout=False)
        if found is not None:
            raise EditorError(
                422, f"the translation holds {found.name}, which XML (XLIFF, TMX, Word) cannot hold"
            )
        overwrite = _flag(body, "overwrite")
        report = ReviewReport(self.path, "editor", self.kind, memory=self.memory)
        correction = Correction(item_id, segment, translation, True, "the editor's translation")
        with TranslationMemory(self.memory) as tm:
            tm.check(write=True)
            apply_corrections(
                self.document, self.path, [correction], tm, report, overwrite=overwrite
            )
        if report.conflicts:
            conflict = report.conflicts[0]
            raise EditorError(
                409,
                f"already reviewed as “{conflict.stored}” (in the {conflict.where}): confirm "
                "again to replace it",
                conflict={"stored": conflict.stored, "where": conflict.where},
                segment=segment_item(segment, heading),
            )
        self._saved()
        return {
            "segment": segment_item(segment, heading),
            "wrote": [path.name for path in report.outputs],
            "stored": report.stored + report.replaced,
            **{key: value for key, value in self._listing().items() if key != "segments"},
        }


class AlignEditor(RunEditor):
    kind = "align"

    def _load(self) -> None:
        self.run: AlignRun = read_align_run(self.path)

    def _info(self) -> dict[str, Any]:
        document, header = self.run.document, self.run.header
        counterpart = document.counterpart
        names = [doc.path.name if doc and doc.path else "?" for doc in (document, counterpart)]
        return {
            "title": " ⇄ ".join(names),
            "source": header["source"].get("path"),
            "target": header["target"].get("path"),
            "languages": list(self.run.languages),
            "tool_version": header.get("tool_version"),
        }

    def _all_items(self) -> list[dict[str, Any]]:
        items = []
        paragraph = 0
        for row, status in zip(bitext_rows(self.run.document), self.run.statuses, strict=True):
            if row.source_segments:
                paragraph = row.source_segments[0].paragraph
            items.append(link_item(row, status, paragraph))
        return items

    def _index(self, item_id: str) -> int:
        for index, row in enumerate(bitext_rows(self.run.document)):
            if row.id == item_id:
                return index
        raise EditorError(404, f"no link {item_id} in {self.path.name}")

    def _unconfirmed(self, *indexes: int) -> None:
        for index in indexes:
            if self.run.statuses[index] == CONFIRMED:
                raise EditorError(
                    409,
                    "this link is confirmed: the translation memory holds its pair, and a "
                    "confirmed pair is never changed silently",
                )

    def _update(self, item_id: str, body: dict[str, Any]) -> dict[str, Any]:
        index = self._index(item_id)
        status = LINK_STATUSES.get(body.get("status"))  # type: ignore[arg-type]
        if status is None:
            raise EditorError(422, 'status must be "reviewed", "wrong" or "aligned"')
        row = bitext_rows(self.run.document)[index]
        if "translation" in body and body["translation"] != row.target_text:
            raise EditorError(
                422,
                "an align run's texts are the two documents and are not edited here: mark the "
                "link wrong, or merge or split it",
            )
        if status == self.run.statuses[index]:
            return self._listing()
        if status == CONFIRMED:
            return self._confirm(index, _flag(body, "overwrite"))
        self._unconfirmed(index)
        self.run.statuses[index] = status
        return self._write()

    def _confirm(self, index: int, overwrite: bool) -> dict[str, Any]:
        row = bitext_rows(self.run.document)[index]
        if row.is_gap:
            raise EditorError(422, "nothing on the other side: there is no pair to confirm")
        origin = str(self.run.document.path) if self.run.document.path else None
        source_lang, target_lang = self.run.languages
        with TranslationMemory(self.memory) as tm:
            tm.check(write=True)
            with tm.transaction():  # the pair is kept only if the run file is written
                result = tm.store(
                    row.source_text, row.target_text, source_lang, target_lang, origin,
                    overwrite=overwrite,
                )  # fmt: skip
                if result.status == CONFLICT:
                    raise EditorError(
                        409,
                        f"the memory holds another translation of this text: “{result.previous}”"
                        " — confirm again to replace it",
                        conflict={"stored": result.previous, "where": "memory"},
                    )
                self.run.statuses[index] = CONFIRMED
                return self._write()

    def merge(self, item_id: str) -> dict[str, Any]:
        with self._lock:
            self._fresh()
            index = self._index(item_id)
            links = self.run.document.links
            if index + 1 >= len(links):
                raise EditorError(422, "the last link has no next link to merge with")
            self._unconfirmed(index, index + 1)
            first, second = links[index], links[index + 1]
            merged = AlignmentLink(first.source + second.source, first.target + second.target)
            links[index : index + 2] = [merged]
            self.run.statuses[index : index + 2] = [ALIGNED]
            return self._write()

    def split(self, item_id: str, body: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            self._fresh()
            index = self._index(item_id)
            self._unconfirmed(index)
            link = self.run.document.links[index]
            sources = _cut(body, "source", len(link.source))
            targets = _cut(body, "target", len(link.target))
            first = AlignmentLink(link.source[:sources], link.target[:targets])
            second = AlignmentLink(link.source[sources:], link.target[targets:])
            if not (first.source or first.target) or not (second.source or second.target):
                raise EditorError(422, "a split must leave a segment on each side of the cut")
            self.run.document.links[index : index + 1] = [first, second]
            self.run.statuses[index : index + 1] = [ALIGNED, ALIGNED]
            return self._write()

    def _write(self) -> dict[str, Any]:
        """Rewrite the run file with the links as they are now (atomically)."""
        text = align_run_text(self.run.document, self.run.statuses, self.run.header)
        try:
            write_atomic({self.path: text})
        except OSError as error:
            self._reload()
            raise DocumentWriteError(self.path, error) from None
        self._saved()
        return self._listing()


def _cut(body: dict[str, Any], name: str, size: int) -> int:
    """Where a split cuts one side: ``body[name]`` segments go into the first link
    (default: half, rounded up)."""
    value = body.get(name, (size + 1) // 2)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= size:
        raise EditorError(422, f"{name} must be a number of segments from 0 to {size}")
    return value
