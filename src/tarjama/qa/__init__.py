"""Quality checks: what a reviewer should look at in each translated segment.

``check_record(record)`` takes one ``.segments.jsonl`` segment record and returns its
``qa`` list, one ``{"check": name, "message": sentence, ...}`` a flag; ``check_segment``
does the same for a :class:`~tarjama.document.Segment`, and the pipeline stores it in
``segment.qa``. A kept segment (no translation) has no flags. The check names are stable:
see :data:`CHECK_NAMES` and the README ("Quality checks").
"""

from __future__ import annotations

from tarjama.document import Segment
from tarjama.qa.checks import CHECKS, Flag, check_record
from tarjama.qa.report import QaReport, qa_report

CHECK_NAMES: tuple[str, ...] = tuple(CHECKS)


def check_segment(segment: Segment) -> list[Flag]:
    return check_record(segment.to_record())


__all__ = ["CHECK_NAMES", "Flag", "QaReport", "check_record", "check_segment", "qa_report"]
