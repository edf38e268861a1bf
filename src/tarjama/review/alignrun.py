"""``<stem>.align.jsonl``: the run file of ``tarjama align``, which review reads back.

One JSON object a line (written as :mod:`tarjama.export.jsonl` writes records): a header
(``kind: "align"``, the tool, each side's path, format, sha256 and language, the alignment's
provenance), one ``segment`` record per segment of each document (``side``: ``source`` or
``target``; the fields of a ``.segments.jsonl`` segment), then one ``link`` record per
link in document order: ``source`` and ``target`` segment ids, ``score`` (the posterior in
[0, 1], null when a reviewer made the link) and ``status``:

* ``aligned``: as the aligner found it;
* ``confirmed``: a reviewer confirmed the pair, and the translation memory holds it;
* ``wrong``: a reviewer said the two sides do not translate each other.

The links are kept as written (never rebuilt as 1-1), each segment in at most one link.
``review export`` exports the links; a ``wrong`` one as unpaired segments (1-0, 0-1), so
that no tool takes it for a translation. ``review apply`` of a run file stores its
confirmed pairs in the memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tarjama import __version__
from tarjama.bitext import REVIEWED, bitext_rows
from tarjama.document import AR, EN, AlignmentLink, Document, Paragraph, Segment
from tarjama.errors import AlignRunError, DocumentWriteError, SegmentsFileError
from tarjama.export.bilingual import bitext_contents
from tarjama.export.jsonl import json_line
from tarjama.names import ALIGN_RUN_SUFFIX
from tarjama.review.formats import ReviewedFile, ReviewedUnit
from tarjama.review.rebuild import Field, check_record, json_records, record_segment
from tarjama.writer import write_atomic

ALIGN_SCHEMA_VERSION = 1
#: ``ReviewReport.format`` of a run file applied
ALIGN_RUN_FORMAT = "align-run"
ALIGNED = "aligned"
CONFIRMED = "confirmed"
WRONG = "wrong"
STATUSES = (ALIGNED, CONFIRMED, WRONG)
SIDES = ("source", "target")

_SIDE = Field(
    ("object",),
    required=True,
    fields={
        "path": Field(("str", "null")),
        "format": Field(("str", "null")),
        "sha256": Field(("str", "null")),
        "lang": Field(("str",), required=True, values=(AR, EN)),
    },
)
#: the header record
HEADER: dict[str, Field] = {
    "type": Field(("str",), required=True),
    "kind": Field(("str",), required=True, values=("align",)),
    "schema_version": Field(("int",), required=True, values=(ALIGN_SCHEMA_VERSION,)),
    "tool_version": Field(("str",)),
    "source": _SIDE,
    "target": _SIDE,
    "alignment": Field(("object", "null")),
}
_IDS = Field(("list",), required=True, items=Field(("int",), minimum=0))
#: a link record
LINK: dict[str, Field] = {
    "source": _IDS,
    "target": _IDS,
    "score": Field(("number", "null"), required=True),
    "status": Field(("str",), required=True, values=STATUSES),
}


@dataclass
class AlignRun:
    """An align run read back: ``document`` (the source side, its ``counterpart`` the
    target side, ``links`` as recorded) and each link's status."""

    path: Path
    document: Document
    statuses: list[str]
    header: dict[str, Any] = field(default_factory=dict)

    @property
    def languages(self) -> tuple[str, str]:
        return self.header["source"]["lang"], self.header["target"]["lang"]

    def export_view(self) -> Document:
        """The document as exports show it: a ``wrong`` link's segments unpaired."""
        links: list[AlignmentLink] = []
        for link, status in zip(self.document.links, self.statuses, strict=True):
            if status == WRONG:
                links += [AlignmentLink((i,), (), None) for i in link.source]
                links += [AlignmentLink((), (i,), None) for i in link.target]
            else:
                links.append(link)
        view = Document(
            text="",
            path=self.document.path,
            format=self.document.format,
            paragraphs=self.document.paragraphs,
            links=links,
            counterpart=self.document.counterpart,
            provenance=self.document.provenance,
        )
        return view


def confirmed_pairs(run: AlignRun) -> ReviewedFile:
    """The run's confirmed links as a reviewed file (every unit reviewed), for
    ``review apply`` to store in the memory."""
    confirmed = [
        link
        for link, status in zip(run.document.links, run.statuses, strict=True)
        if status == CONFIRMED
    ]
    view = replace(run.document, links=confirmed)
    units = [
        ReviewedUnit(row.id, (row.link.source, row.link.target), row.ar, row.en, REVIEWED)
        for row in bitext_rows(view)
    ]
    source = run.document.path
    return ReviewedFile(
        run.path,
        ALIGN_RUN_FORMAT,
        units,
        kind="align",
        original=str(source) if source else None,
        source_lang=run.languages[0],
    )


def is_align_run(path: Path | str) -> bool:
    name = Path(path).name
    return name.endswith(ALIGN_RUN_SUFFIX) and name != ALIGN_RUN_SUFFIX


def align_run_path(output_dir: Path, stem: str) -> Path:
    return Path(output_dir) / f"{stem}{ALIGN_RUN_SUFFIX}"


def _side(document: Document, lang: str) -> dict[str, Any]:
    return {
        "path": str(document.path) if document.path else None,
        "format": document.format,
        "sha256": document.text_sha256 if document.text else None,
        "lang": lang,
    }


def _language(document: Document) -> str:
    langs = [s.source_lang for s in document.segments if s.source_lang in (AR, EN)]
    return max((AR, EN), key=langs.count) if langs else AR


def align_run_text(
    document: Document, statuses: Sequence[str] | None = None, header: dict | None = None
) -> str:
    """The run file of an aligned ``document`` (``links`` into its ``counterpart``);
    ``statuses`` per link (default all ``aligned``), ``header`` the one read back (kept)."""
    counterpart = document.counterpart
    assert counterpart is not None, "an aligned document has a counterpart"
    if header is None:
        source_lang = _language(document)
        header = {
            "type": "header",
            "kind": "align",
            "schema_version": ALIGN_SCHEMA_VERSION,
            "tool": "tarjama",
            "tool_version": __version__,
            "source": _side(document, source_lang),
            "target": _side(counterpart, EN if source_lang == AR else AR),
            "alignment": document.provenance.get("alignment"),
        }
    lines = [json_line(header)]
    for side, doc in zip(SIDES, (document, counterpart), strict=True):
        lines += [
            json_line({"type": "segment", "side": side, **segment.to_record()})
            for segment in doc.segments
        ]
    statuses = statuses or [ALIGNED] * len(document.links)
    for link, status in zip(document.links, statuses, strict=True):
        record = {
            "type": "link",
            "source": list(link.source),
            "target": list(link.target),
            "score": link.score,
            "status": status,
        }
        lines.append(json_line(record))
    return "".join(lines)


def write_align_outputs(
    document: Document, formats: Iterable[str], output_dir: Path, stem: str
) -> list[Path]:
    """``tarjama align``'s files: the exports ``formats`` and the run file, all built
    first and written together (:func:`~tarjama.writer.write_atomic`); the run file last
    in the list."""
    contents: dict[Path, str | bytes] = dict(bitext_contents(document, formats, output_dir, stem))
    contents[align_run_path(output_dir, stem)] = align_run_text(document)
    try:
        return write_atomic(contents)
    except OSError as error:
        raise DocumentWriteError(document.path or output_dir, error) from None


def read_align_run(path: Path | str) -> AlignRun:
    """The run file ``path`` read and checked: every field (:data:`HEADER`, :data:`LINK`,
    the segment records as in ``.segments.jsonl``), ids that exist, each segment in one link
    at most, links in document order; :class:`AlignRunError` naming the line otherwise."""
    path = Path(path)
    try:
        return _read(path)
    except SegmentsFileError as error:  # the segment records' checks: said for this file
        raise AlignRunError(error.where or path, error.problem) from None


def _read(path: Path) -> AlignRun:
    header: dict[str, Any] | None = None
    sides: dict[str, list[Segment]] = {side: [] for side in SIDES}
    links: list[AlignmentLink] = []
    statuses: list[str] = []
    order: _LinkOrder | None = None
    for number, record in json_records(path):
        kind = record.get("type")
        if header is None:
            if kind != "header":
                raise AlignRunError(path, "has no header record (it is not an align run)")
            check_record(path, number, record, HEADER)
            header = record
        elif kind == "segment" and not links:
            side = record.get("side")
            if side not in SIDES:
                raise AlignRunError(path, 'side must be "source" or "target"', number)
            sides[side].append(record_segment(path, number, record))
        elif kind == "link":
            check_record(path, number, record, LINK)
            score = record["score"]
            if score is not None and not 0 <= score <= 1:
                raise AlignRunError(path, f"score {score} is not in [0, 1]", number)
            link = AlignmentLink(tuple(record["source"]), tuple(record["target"]), score)
            order = order or _LinkOrder(path, sides)
            order.check(number, link)
            links.append(link)
            statuses.append(record["status"])
        else:
            raise AlignRunError(path, f"unexpected record type {kind!r} here", number)
    if header is None:
        raise AlignRunError(path, "is empty: it has no header record")
    source = _document(header["source"], sides["source"], header)
    source.counterpart = _document(header["target"], sides["target"], header)
    source.links = links
    return AlignRun(path, source, statuses, header)


class _LinkOrder:
    """Checks each link as it is read: non-empty, its ids known, in order, after every
    earlier link's (so no two links share a segment)."""

    def __init__(self, path: Path, sides: dict[str, list[Segment]]):
        self.path = path
        self.known = {side: {segment.id for segment in sides[side]} for side in SIDES}
        self.last = dict.fromkeys(SIDES, -1)

    def check(self, line: int, link: AlignmentLink) -> None:
        if not link.source and not link.target:
            raise AlignRunError(self.path, "a link needs a segment on one side at least", line)
        for side, ids in zip(SIDES, (link.source, link.target), strict=True):
            for index in ids:
                if index not in self.known[side]:
                    raise AlignRunError(
                        self.path, f"{side} id {index} is not a {side} segment", line
                    )
                if index <= self.last[side]:
                    raise AlignRunError(
                        self.path,
                        f"{side} id {index} is not after the ids before it: links are in "
                        "document order and never share a segment",
                        line,
                    )
                self.last[side] = index


def _document(side: dict[str, Any], segments: list[Segment], header: dict) -> Document:
    """One side's document from its records (the segments alone: what review needs)."""
    by_index: dict[int, Paragraph] = {}
    for segment in segments:
        paragraph = by_index.setdefault(
            segment.paragraph, Paragraph(segment.paragraph, segment.start, segment.end)
        )
        paragraph.end = max(paragraph.end, segment.end)
        paragraph.segments.append(segment)
    return Document(
        text="",
        path=Path(side["path"]) if side.get("path") else None,
        format=side.get("format") or "text",
        paragraphs=[by_index[index] for index in sorted(by_index)],
        provenance={"alignment": header.get("alignment")},
    )
