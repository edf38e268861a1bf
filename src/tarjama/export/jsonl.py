"""``.segments.jsonl``: a header record with the run's provenance, then one record a segment.

The schema is documented in the README ("Output files"). ``tarjama detect --format jsonl``
writes the same segment records.

Every record is one line: besides what JSON escapes anyway, the characters other line-based
readers split at (U+0085, U+2028, U+2029: Python's ``str.splitlines``, JavaScript) and the
hidden controls of :mod:`tarjama.chars` (so that a terminal or an editor shows ``\\u202e``
rather than obeying it) are written as ``\\uXXXX`` escapes; they read back unchanged.
"""

from __future__ import annotations

import json
import re
from typing import Any

from tarjama.chars import HIDDEN_CONTROLS
from tarjama.document import Document, Segment

_ESCAPED = re.compile(f"[\u0085\u2028\u2029]|{HIDDEN_CONTROLS.pattern}")

SCHEMA_VERSION = 1


def segment_record(segment: Segment) -> dict[str, Any]:
    return {"type": "segment", **segment.to_record()}


def header_record(document: Document) -> dict[str, Any]:
    return {"type": "header", "schema_version": SCHEMA_VERSION, **document.provenance}


def _u_escape(match: re.Match[str]) -> str:
    """``\\u2028``; a character beyond the BMP (a tag letter) as its surrogate pair."""
    units = match.group().encode("utf-16-be")
    return "".join(f"\\u{units[i] << 8 | units[i + 1]:04x}" for i in range(0, len(units), 2))


def json_line(record: dict[str, Any]) -> str:
    """``record`` as one line of JSON (see the module docstring), with its newline."""
    return _ESCAPED.sub(_u_escape, json.dumps(record, ensure_ascii=False)) + "\n"


def segments_jsonl(document: Document, *, header: bool = True) -> str:
    lines = [json_line(header_record(document))] if header else []
    lines.extend(json_line(segment_record(segment)) for segment in document.segments)
    return "".join(lines)
