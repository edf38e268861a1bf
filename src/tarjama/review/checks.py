"""A segment's checks, run again on a reviewer's translation: the glossary audit, and the
quality checks of :mod:`tarjama.qa` where this tarjama has them.

``tarjama.qa`` is optional here (:func:`qa_available`): without it a segment has no QA
flags, and everything else works the same.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from typing import Any

from tarjama.document import Segment
from tarjama.export.jsonl import segment_record
from tarjama.terms import reaudit


@cache
def qa_available() -> bool:
    """Whether ``tarjama.qa`` (``check_record``) is installed with this tarjama."""
    return importlib.util.find_spec("tarjama.qa") is not None


def qa_flags(segment: Segment) -> list[dict[str, Any]]:
    """The QA checks' flags of ``segment`` as it is now (``[]`` without ``tarjama.qa``)."""
    if not qa_available():
        return []
    from tarjama.qa import check_record

    return list(check_record(segment_record(segment)))


def refresh_checks(segment: Segment) -> list[dict[str, Any]]:
    """Audit ``segment``'s terms against its translation again and run the QA checks;
    the flags are kept on the segment where it records them (``Segment.qa``)."""
    reaudit(segment)
    flags = qa_flags(segment)
    if "qa" in getattr(segment, "__dataclass_fields__", {}):
        segment.qa = flags  # type: ignore[attr-defined]
    return flags
