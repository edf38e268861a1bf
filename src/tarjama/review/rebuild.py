"""Rebuild a translated :class:`~tarjama.document.Document` from its ``.segments.jsonl``.

The records hold every segment (offsets, source, translation, origin, carried spans,
terms); the text between segments (Markdown markers, blank lines, code) is in the source
file, so the source is read again and checked against the SHA-256 the run recorded. The
paragraph structure comes from the same layout the segmenter used; where it does not fit
the records (another tarjama version), paragraphs are rebuilt from the records alone, which
is all the versions need.

The records are the user's file and may have been edited by hand: every field of the
header and of each segment is checked against a small schema (:data:`HEADER`,
:data:`SEGMENT`: its JSON type, its values, its offsets) before any of it is used, and a
field that does not fit is one :class:`~tarjama.errors.SegmentsFileError` naming the field
and the line. Text fields (the source, the translation, the terms' and carried spans'
text) may not hold a character XML cannot hold; paths (the source file, the memory, the
glossaries, a term's entry) and tarjama's own messages may: they are the user's file names.
"""

from __future__ import annotations

import codecs
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from tarjama.bitext import REVIEW_ORIGIN
from tarjama.chars import first_refused_control
from tarjama.document import (
    AR,
    EN,
    OTHER,
    TRANSLATABLE,
    AlignmentLink,
    CarriedSpan,
    Document,
    Paragraph,
    Segment,
    TermMatch,
    other_language,
)
from tarjama.errors import InputError, ReviewSourceError, SegmentsFileError
from tarjama.export.jsonl import SCHEMA_VERSION
from tarjama.names import ALIGN_RUN_SUFFIX, SEGMENTS_SUFFIX
from tarjama.reader import read_source
from tarjama.segment.layout import layout

_SEGMENT_FIELDS = {f.name for f in fields(Segment)}
_CARRIED_FIELDS = {f.name for f in fields(CarriedSpan)}
_TERM_FIELDS = {f.name for f in fields(TermMatch)}


def read_segments_file(path: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The header record and the segment records of a ``.segments.jsonl``, every field of
    the right type (:data:`HEADER`, :data:`SEGMENT`); :class:`SegmentsFileError` naming the
    field and the line otherwise."""
    header: dict[str, Any] | None = None
    records: list[dict[str, Any]] = []
    ids: dict[int, int] = {}
    previous_end = 0
    for number, record in json_records(path):
        kind = record.get("type")
        if kind == "header" and header is None and not records:
            _check_object(path, number, "", record, HEADER)
            header = record
        elif kind == "segment":
            _check_object(path, number, "", record, SEGMENT)
            _check_segment(path, number, record)
            if record["id"] in ids:
                raise SegmentsFileError(
                    path, f"id {record['id']} is also the id of line {ids[record['id']]}", number
                )
            if record["start"] < previous_end:
                raise SegmentsFileError(
                    path,
                    f"start {record['start']} is before the end of the segment before it "
                    f"({previous_end}): segments are in document order and never overlap",
                    number,
                )
            ids[record["id"]] = number
            previous_end = record["end"]
            record["_line"] = number
            records.append(record)
        else:
            raise SegmentsFileError(path, f"unexpected record type {kind!r}", number)
    if header is None:
        raise SegmentsFileError(path, "has no header record (it is not a translate output)")
    return header, records


def check_record(path: Path, line: int, record: dict[str, Any], table: dict[str, Field]) -> None:
    """Every field of ``record`` that ``table`` names checked; :class:`SegmentsFileError`
    naming the field and the line otherwise."""
    _check_object(path, line, "", record, table)


def record_segment(path: Path, line: int, record: dict[str, Any]) -> Segment:
    """The :class:`Segment` of one segment record, checked as :func:`read_segments_file`
    checks it (fields, offsets, spans)."""
    _check_object(path, line, "", record, SEGMENT)
    _check_segment(path, line, record)
    return _segment(record)


def read_header(path: Path) -> dict[str, Any]:
    """The header record of a ``.segments.jsonl`` alone (the first record), checked."""
    for number, record in json_records(path):
        if record.get("type") != "header":
            break
        _check_object(path, number, "", record, HEADER)
        return record
    raise SegmentsFileError(path, "has no header record (it is not a translate output)")


def json_records(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
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
        except ValueError:  # an integer of more digits than Python converts (4300)
            raise SegmentsFileError(
                path, "not a JSON record: it holds a number of more than 4300 digits", number
            ) from None
        except RecursionError:
            raise SegmentsFileError(
                path, "not a JSON record: it nests arrays or objects too deep", number
            ) from None
        if not isinstance(record, dict):
            raise SegmentsFileError(path, "not a JSON object", number)
        yield number, record


# --- the schema -------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """What one field of a record may hold.

    ``kinds``: the JSON types allowed (``str``, ``int``, ``number``, ``bool``, ``null``,
    ``list``, ``object``); ``required``: the record must have it; ``text``: document text,
    which may not hold a character XML cannot hold (paths and messages may: they are the
    user's file names and tarjama's own words); ``values``: the only values allowed;
    ``items``: every element of a list; ``fields``: an object's own table;
    ``each``: every value of an object whose keys are free (``models`` by direction).
    """

    kinds: tuple[str, ...]
    required: bool = False
    text: bool = False
    values: tuple[Any, ...] | None = None
    minimum: int | None = None
    items: Field | None = None
    fields: dict[str, Field] | None = None
    each: Field | None = None


_KIND_NAMES = {
    "str": "a string",
    "int": "an integer",
    "number": "a number",
    "bool": "true or false",
    "null": "null",
    "list": "an array",
    "object": "an object",
}


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "str"
    return "list" if isinstance(value, list) else "object"


def _fits(value: Any, kinds: tuple[str, ...]) -> bool:
    kind = _kind(value)
    if kind == "number" and not math.isfinite(value):
        return False  # NaN and Infinity: Python's json reads them, no JSON writer may
    return kind in kinds or (kind == "int" and "number" in kinds)


_INT = Field(("int",), required=True, minimum=0)
_OPTIONAL_INT = Field(("int", "null"), minimum=0)
_TEXT = Field(("str",), required=True, text=True)
_OPTIONAL_TEXT = Field(("str", "null"), text=True)
_NAME = Field(("str", "null"))
#: a file name: the user's, which may hold any character (never checked for controls)
_PATH = Field(("str", "null"))

CARRIED: dict[str, Field] = {
    "start": _INT,
    "end": _INT,
    "text": _TEXT,
    "kind": Field(("str",), required=True),
    "inner": _OPTIONAL_TEXT,
    "inner_translation": _OPTIONAL_TEXT,
    "placed": Field(("bool", "null")),
    "handle": Field(("int", "str", "null")),
    "target_start": _OPTIONAL_INT,
    "target_end": _OPTIONAL_INT,
}
TERM: dict[str, Field] = {
    "start": _INT,
    "end": _INT,
    "text": _TEXT,
    "source_form": _TEXT,
    "target": _TEXT,
    "entry": Field(("str",), required=True),  # file:line: the user's glossary file name
    "type": _NAME,
    "dnt": Field(("bool",)),
    "status": Field(("str", "null"), values=("applied", "missed", None)),
    "reason": _NAME,
}
#: a segment record (``Segment.to_record``)
SEGMENT: dict[str, Field] = {
    "type": Field(("str",), required=True),
    "id": _INT,
    "paragraph": _INT,
    "line": Field(("int",), required=True, minimum=1),
    "start": _INT,
    "end": _INT,
    "source": _TEXT,
    "source_lang": Field(("str",), values=(AR, EN, "fa", "ur", OTHER)),
    "confidence": Field(("number",)),
    "target_lang": Field(("str", "null"), values=(AR, EN, None)),
    "translation": _OPTIONAL_TEXT,
    "kept_reason": _NAME,
    "origin": Field(("str", "null"), values=("model", "memory", REVIEW_ORIGIN, "aligned", None)),
    "carried": Field(("list",), items=Field(("object",), fields=CARRIED)),
    "terms": Field(("list",), items=Field(("object",), fields=TERM)),
    "warnings": Field(("list",), items=Field(("str",))),
}
#: the header record (``pipeline.provenance``): every field optional, the paths unchecked
#: for controls (a file may be called ``a\x1bRED.txt``)
HEADER: dict[str, Field] = {
    "type": Field(("str",), required=True),
    "schema_version": Field(("int",), values=(SCHEMA_VERSION,)),
    "tool": Field(("str",)),
    "tool_version": Field(("str",)),
    "source": Field(
        ("object",),
        fields={
            "path": _PATH,
            "format": Field(("str", "null")),
            "sha256": Field(("str", "null")),
        },
    ),
    "targets": Field(("list",), items=Field(("str",))),
    "models": Field(
        ("object",),
        each=Field(
            ("object",),
            fields={
                "name": Field(("str",)),
                "revision": _NAME,
                "path": _PATH,
                "kind": _NAME,
            },
        ),
    ),
    "decoding": Field(("object",)),
    "language_id": Field(("object", "null")),
    "glossary": Field(
        ("object", "null"),
        fields={
            "files": Field(("list",), items=Field(("str",))),
            "sha256": _NAME,
            "entries": Field(("int",), minimum=0),
        },
    ),
    "memory": Field(
        ("object", "null"),
        fields={"path": _PATH, "hits": Field(("int",), minimum=0)},
    ),
}


def _check_object(
    path: Path, line: int, where: str, record: dict[str, Any], table: dict[str, Field]
) -> None:
    """Every field of ``record`` that ``table`` names, checked (others are left alone: a
    later tarjama may add fields)."""
    for name, spec in table.items():
        field_name = f"{where}.{name}" if where else name
        if name not in record:
            if spec.required:
                raise SegmentsFileError(path, f"has no {field_name} field", line)
            continue
        _check_value(path, line, field_name, record[name], spec)


def _check_value(path: Path, line: int, where: str, value: Any, spec: Field) -> None:
    if not _fits(value, spec.kinds):
        expected = " or ".join(_KIND_NAMES[kind] for kind in spec.kinds)
        raise SegmentsFileError(
            path, f"{where} must be {expected}, not {_shown(value)}", line, fix=_EDIT_FIX
        )
    if spec.values is not None and value not in spec.values:
        allowed = ", ".join("null" if v is None else json.dumps(v) for v in spec.values)
        raise SegmentsFileError(
            path, f"{where} is {_shown(value)}, not one of {allowed}", line, fix=_EDIT_FIX
        )
    if spec.minimum is not None and isinstance(value, int) and value < spec.minimum:
        raise SegmentsFileError(
            path, f"{where} is {value}, less than {spec.minimum}", line, fix=_EDIT_FIX
        )
    if spec.text and isinstance(value, str):
        found = first_refused_control(value, layout=False)
        if found is not None:
            raise SegmentsFileError(
                path,
                f"{where} holds {found.name} (`\\u{ord(found.char):04x}` in the JSON), which "
                "XML (and so XLIFF, TMX and Word) cannot hold",
                line,
                fix="delete it from the record, or run `tarjama translate` on the source again",
            )
    if isinstance(value, list) and spec.items is not None:
        for index, item in enumerate(value):
            _check_value(path, line, f"{where}[{index}]", item, spec.items)
    if isinstance(value, dict):
        if spec.fields is not None:
            _check_object(path, line, where, value, spec.fields)
        if spec.each is not None:
            for key, item in value.items():
                _check_value(path, line, f"{where}.{key}", item, spec.each)


def _check_segment(path: Path, line: int, record: dict[str, Any]) -> None:
    """What the types cannot say: offsets in order, spans inside their segment, a
    translation only into the other language."""
    start, end = record["start"], record["end"]
    if start > end:
        raise SegmentsFileError(path, f"start {start} is after end {end}", line, fix=_EDIT_FIX)
    translation = record.get("translation")
    source_lang = record.get("source_lang", OTHER)
    if translation is not None and (
        source_lang not in TRANSLATABLE or record.get("target_lang") != other_language(source_lang)
    ):
        raise SegmentsFileError(
            path,
            f"has a translation, but source_lang {_shown(source_lang)} and target_lang "
            f"{_shown(record.get('target_lang'))} are not one of ar and en",
            line,
            fix=_EDIT_FIX,
        )
    for name in ("carried", "terms"):
        for index, span in enumerate(record.get(name) or []):
            if not start <= span["start"] <= span["end"] <= end:
                raise SegmentsFileError(
                    path,
                    f"{name}[{index}] spans {span['start']}-{span['end']}, outside its segment "
                    f"({start}-{end})",
                    line,
                    fix=_EDIT_FIX,
                )
    for index, span in enumerate(record.get("carried") or []):
        target = (span.get("target_start"), span.get("target_end"))
        if target == (None, None):
            continue
        if None in target or not target[0] <= target[1] <= len(translation or ""):
            raise SegmentsFileError(
                path,
                f"carried[{index}] target_start-target_end {target[0]}-{target[1]} is not a "
                "span of the translation",
                line,
                fix=_EDIT_FIX,
            )


_EDIT_FIX = (
    "undo the edit (the README's Output files section lists each field), or run "
    "`tarjama translate` on the source again"
)


def _shown(value: Any) -> str:
    """A JSON value as the record writes it, cut short, for a message."""
    text = json.dumps(value, ensure_ascii=True)
    return text if len(text) <= 40 else text[:37] + "..."


def _segment(record: dict[str, Any]) -> Segment:
    """The :class:`Segment` of a record :func:`read_segments_file` checked."""
    values = {key: value for key, value in record.items() if key in _SEGMENT_FIELDS}
    values["carried"] = [
        CarriedSpan(**{k: v for k, v in span.items() if k in _CARRIED_FIELDS})
        for span in record.get("carried") or []
    ]
    values["terms"] = [
        TermMatch(**{k: v for k, v in term.items() if k in _TERM_FIELDS})
        for term in record.get("terms") or []
    ]
    values["warnings"] = list(record.get("warnings") or [])
    return Segment(**values)


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


def _read_checked(paths: list[Path], recorded: str | None, jsonl: Path, given: bool) -> Document:
    """The document of the first of ``paths`` that exists and whose text has the
    ``recorded`` SHA-256 (not segmented yet). ``given``: ``paths`` is the ``--source``."""
    existing = [path for path in paths if path.exists()]
    if not existing:
        if given:
            raise ReviewSourceError(paths[0], "no such file")
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
    if given:
        raise ReviewSourceError(
            existing[0],
            f"is not the file that was translated: its text's sha256 is not the one "
            f"{jsonl.name} records ({recorded[:12]}…)",
        )
    raise ReviewSourceError(
        existing[0], f"the source has changed since it was translated (it is not {jsonl.name}'s)"
    )


def run_stem(path: Path | str) -> str:
    """``article`` for ``article.segments.jsonl`` (a translate run) or ``article.align.jsonl``
    (an align run); :class:`SegmentsFileError` for any other name (``review export`` names
    its exports after the run)."""
    name = Path(path).name
    for suffix in (SEGMENTS_SUFFIX, ALIGN_RUN_SUFFIX):
        if name.endswith(suffix) and name != suffix:
            return name[: -len(suffix)]
    raise SegmentsFileError(
        path,
        f"is not a {SEGMENTS_SUFFIX} or {ALIGN_RUN_SUFFIX} file",
        fix=f"pass the <stem>{SEGMENTS_SUFFIX} that `tarjama translate` wrote, or the "
        f"<stem>{ALIGN_RUN_SUFFIX} of `tarjama align`",
    )


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
    # the format is the reader's (by the file's extension), not the recorded name: the
    # versions are written from the structure the reader found
    document = _read_checked(paths, recorded, jsonl, given=source is not None)
    document.provenance = {k: v for k, v in header.items() if k not in ("type", "schema_version")}
    segments = [_segment(record) for record in records]
    handles = {span.handle for span in document.markup}  # what the format's writer knows
    for segment, record in zip(segments, records, strict=True):
        if document.text[segment.start : segment.end] != segment.source:
            raise SegmentsFileError(
                jsonl,
                f"segment {segment.id} does not match the source at {segment.start}-{segment.end}",
                record["_line"],
            )
        for index, span in enumerate(segment.carried):
            if span.handle is not None and span.handle not in handles:
                raise SegmentsFileError(
                    jsonl,
                    f"carried[{index}].handle {_shown(span.handle)} is not one of the "
                    f"{len(handles)} handles the {document.format} reader gives for the source",
                    record["_line"],
                    fix=_EDIT_FIX,
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
