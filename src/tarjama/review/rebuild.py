"""Rebuild a translated :class:`~tarjama.document.Document` from its ``.segments.jsonl``.

The records hold every segment (offsets, source, translation, origin, carried spans,
terms); the text between segments (Markdown markers, blank lines, code) is in the source
file, so the source is read again and checked against the SHA-256 the run recorded. The
paragraph structure comes from the same layout the segmenter used; where it does not fit
the records (another tarjama version), paragraphs are rebuilt from the records alone, which
is all the versions need.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

from tarjama.chars import first_refused_control
from tarjama.document import AlignmentLink, CarriedSpan, Document, Paragraph, Segment, TermMatch
from tarjama.errors import InputError, ReviewSourceError, SegmentsFileError
from tarjama.names import SEGMENTS_SUFFIX
from tarjama.reader import read_source
from tarjama.segment.layout import layout

_SEGMENT_FIELDS = {f.name for f in fields(Segment)}
_CARRIED_FIELDS = {f.name for f in fields(CarriedSpan)}
_TERM_FIELDS = {f.name for f in fields(TermMatch)}


def read_segments_file(path: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The header record and the segment records of a ``.segments.jsonl``."""
    header: dict[str, Any] | None = None
    records: list[dict[str, Any]] = []
    for number, record in _records(path):
        kind = record.get("type")
        if kind == "header" and header is None and not records:
            header = record
        elif kind == "segment":
            record["_line"] = number
            records.append(record)
        else:
            raise SegmentsFileError(path, f"unexpected record type {kind!r}", number)
    if header is None:
        raise SegmentsFileError(path, "has no header record (it is not a translate output)")
    return header, records


def read_header(path: Path) -> dict[str, Any]:
    """The header record of a ``.segments.jsonl`` alone (the first record)."""
    for _number, record in _records(path):
        if record.get("type") != "header":
            break
        return record
    raise SegmentsFileError(path, "has no header record (it is not a translate output)")


def _records(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line, record)`` for each non-blank line. Lines end at LF only: JSON may hold
    U+2028, U+2029 and U+0085 raw, where ``str.splitlines`` would cut a record in two."""
    try:
        data = Path(path).read_bytes().removeprefix(codecs.BOM_UTF8)
    except FileNotFoundError:
        raise SegmentsFileError(path, "no such file") from None
    except OSError as error:
        raise SegmentsFileError(path, f"cannot be read: {error.strerror or error}") from None
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise SegmentsFileError(
                path, f"is not UTF-8 (byte {error.start} of the line: {error.reason})", number
            ) from None
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise SegmentsFileError(path, f"not a JSON record: {error.msg}", number) from None
        if not isinstance(record, dict):
            raise SegmentsFileError(path, "not a JSON object", number)
        _refuse_controls(path, record, number)
        yield number, record


def _refuse_controls(path: Path, record: dict[str, Any], number: int) -> None:
    """A string of ``record`` holding a character XML cannot hold (JSON can escape any,
    ``\\u001b`` or a lone ``\\ud800``): refused here, as a source file would be."""
    for field, text in _strings(record, ""):
        found = first_refused_control(text, layout=False)
        if found is not None:
            raise SegmentsFileError(
                path,
                f"{field} holds {found.name} (`\\u{ord(found.char):04x}` in the JSON), which "
                "XML (and so XLIFF, TMX and Word) cannot hold",
                number,
                fix="delete it from the record, or run `tarjama translate` on the source again",
            )


def _strings(value: Any, where: str) -> Iterator[tuple[str, str]]:
    """``(field, text)`` for every string in a JSON value, ``terms[0].text`` style."""
    if isinstance(value, str):
        yield where or "the record", value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{where}[{index}]")


def _segment(path: Path, record: dict[str, Any]) -> Segment:
    values = {key: value for key, value in record.items() if key in _SEGMENT_FIELDS}
    try:
        values["carried"] = [
            CarriedSpan(**{k: v for k, v in span.items() if k in _CARRIED_FIELDS})
            for span in record.get("carried") or []
        ]
        values["terms"] = [
            TermMatch(**{k: v for k, v in term.items() if k in _TERM_FIELDS})
            for term in record.get("terms") or []
        ]
        values["warnings"] = list(record.get("warnings") or [])
        segment = Segment(**values)
    except (TypeError, AttributeError) as error:  # a field missing, a span that is no object
        raise SegmentsFileError(path, f"bad segment record: {error}", record["_line"]) from None
    offsets = (segment.id, segment.paragraph, segment.start, segment.end)
    if not all(isinstance(value, int) for value in offsets):
        raise SegmentsFileError(
            path,
            "bad segment record: id, paragraph, start and end must be integers",
            record["_line"],
        )
    return segment


def _source_candidates(header: dict[str, Any], jsonl: Path, source: Path | None) -> list[Path]:
    """Where the translated file may be, likeliest first.

    A relative path in the header is relative to the folder ``translate`` ran in, which the
    records do not name: it is tried from the working folder, the outputs' folder and the
    one above it (``-o outputs`` beside the source), then by name beside the records. The
    SHA-256 decides among them, so no guess can pick the wrong file.
    """
    if source is not None:
        return [Path(source)]
    recorded = (header.get("source") or {}).get("path")
    if not recorded:
        raise ReviewSourceError(jsonl, "the segments file does not name its source file")
    candidate = Path(recorded)
    if candidate.is_absolute():
        return [candidate]
    folder = jsonl.absolute().parent  # "x.segments.jsonl" alone has a parent above "."
    return list(dict.fromkeys([candidate, folder / candidate, folder.parent / candidate,
                               folder / candidate.name]))  # fmt: skip


def _read_checked(paths: list[Path], recorded: str | None, jsonl: Path) -> Document:
    """The document of the first of ``paths`` that exists and whose text has the
    ``recorded`` SHA-256 (not segmented yet)."""
    existing = [path for path in paths if path.exists()]
    if not existing:
        raise ReviewSourceError(paths[0], "the source file of this translation is missing")
    for path in existing:
        try:
            document = Document.from_source(read_source(path))
        except InputError as error:  # where: the line and column of a refused character
            raise ReviewSourceError(
                error.where or path, f"the source cannot be read: {error.problem}"
            ) from None
        if not recorded or document.text_sha256 == recorded:
            return document
    raise ReviewSourceError(
        existing[0], f"the source has changed since it was translated (it is not {jsonl.name}'s)"
    )


def run_stem(path: Path | str) -> str:
    """``article`` for ``article.segments.jsonl``; :class:`SegmentsFileError` for any other
    name (``review export`` names its exports after the run)."""
    name = Path(path).name
    if not name.endswith(SEGMENTS_SUFFIX) or name == SEGMENTS_SUFFIX:
        raise SegmentsFileError(
            path,
            f"is not a {SEGMENTS_SUFFIX} file",
            fix=f"pass the <stem>{SEGMENTS_SUFFIX} that `tarjama translate` wrote",
        )
    return name[: -len(SEGMENTS_SUFFIX)]


def load_document(jsonl_path: Path | str, source: Path | str | None = None) -> Document:
    """The translated document of a ``.segments.jsonl``, its source file read again.

    ``source`` overrides the path the header records. Raises
    :class:`~tarjama.errors.ReviewSourceError` when the source is missing or is not the
    text that was translated (SHA-256), :class:`~tarjama.errors.SegmentsFileError` when the
    records do not fit it.
    """
    jsonl = Path(jsonl_path)
    header, records = read_segments_file(jsonl)
    paths = _source_candidates(header, jsonl, Path(source) if source is not None else None)
    recorded = (header.get("source") or {}).get("sha256")
    document = _read_checked(paths, recorded, jsonl)
    document.format = (header.get("source") or {}).get("format") or document.format
    document.provenance = {k: v for k, v in header.items() if k not in ("type", "schema_version")}
    segments = [_segment(jsonl, record) for record in records]
    for segment, record in zip(segments, records, strict=True):
        if document.text[segment.start : segment.end] != segment.source:
            raise SegmentsFileError(
                jsonl,
                f"segment {segment.id} does not match the source at {segment.start}-{segment.end}",
                record["_line"],
            )
    document.paragraphs = _paragraphs(document, segments)
    document.links = [
        AlignmentLink((segment.id,), (segment.id,), None)
        for segment in segments
        if segment.translation is not None
    ]
    return document


def _paragraphs(document: Document, segments: list[Segment]) -> list[Paragraph]:
    """The layout's paragraphs with the segments in them, if every segment fits its
    paragraph; else one paragraph per paragraph index of the records."""
    blocks = layout(document.text, document.format == "markdown")
    paragraphs = [
        Paragraph(index=i, start=block.start, end=block.end, kind=block.kind)
        for i, block in enumerate(blocks)
    ]
    fits = True
    for segment in segments:
        if not 0 <= segment.paragraph < len(paragraphs):
            fits = False
            break
        paragraph = paragraphs[segment.paragraph]
        if not paragraph.start <= segment.start <= segment.end <= paragraph.end:
            fits = False
            break
        paragraph.segments.append(segment)
    if fits:
        return paragraphs
    by_index: dict[int, Paragraph] = {}
    for segment in segments:
        paragraph = by_index.setdefault(
            segment.paragraph,
            Paragraph(index=segment.paragraph, start=segment.start, end=segment.end),
        )
        paragraph.end = max(paragraph.end, segment.end)
        paragraph.segments.append(segment)
    return [by_index[index] for index in sorted(by_index)]
