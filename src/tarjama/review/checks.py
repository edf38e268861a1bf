"""A segment's checks, run again on a reviewer's translation: the glossary audit and the
quality checks of :mod:`tarjama.qa`."""

from __future__ import annotations

from typing import Any

from tarjama.document import Segment
from tarjama.qa import check_segment
from tarjama.terms import reaudit


def qa_flags(segment: Segment) -> list[dict[str, Any]]:
    """The QA flags of ``segment``: those its run recorded, or the checks run now on a run
    written before they existed (no ``qa`` field)."""
    return segment.qa if segment.qa is not None else check_segment(segment)


def refresh_checks(segment: Segment) -> list[dict[str, Any]]:
    """Audit ``segment``'s terms against its translation again and run the QA checks;
    the flags are kept on the segment (``Segment.qa``)."""
    reaudit(segment)
    segment.qa = check_segment(segment)
    return segment.qa
