"""``.segments.jsonl``: a header record with the run's provenance, then one record a segment.

The schema is documented in the README ("Output files"). ``tarjama detect --format jsonl``
writes the same segment records.
"""

from __future__ import annotations

import json
from typing import Any

from tarjama.document import Document, Segment

SCHEMA_VERSION = 1


def segment_record(segment: Segment) -> dict[str, Any]:
    return {"type": "segment", **segment.to_record()}


def header_record(document: Document) -> dict[str, Any]:
    return {"type": "header", "schema_version": SCHEMA_VERSION, **document.provenance}


def _line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n"


def segments_jsonl(document: Document, *, header: bool = True) -> str:
    lines = [_line(header_record(document))] if header else []
    lines.extend(_line(segment_record(segment)) for segment in document.segments)
    return "".join(lines)
