"""The checks over a whole run: every flag with its segment, and counts per check."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from tarjama.qa.checks import CHECKS, Flag, check_record


@dataclass
class QaReport:
    #: ``(record, flag)`` for every flag, in record order
    flags: list[tuple[dict[str, Any], Flag]] = field(default_factory=list)
    segments: int = 0
    translated: int = 0

    @property
    def counts(self) -> Counter[str]:
        """Flags per check, every check named (0 where it never fired)."""
        counts = Counter(dict.fromkeys(CHECKS, 0))
        counts.update(found["check"] for _, found in self.flags)
        return counts

    @property
    def flagged(self) -> int:
        """Segments with at least one flag."""
        return len({id(record) for record, _ in self.flags})

    def fired(self, checks: Iterable[str]) -> list[str]:
        """Those of ``checks`` that flagged a segment."""
        counts = self.counts
        return [check for check in checks if counts[check]]


def qa_report(records: Iterable[dict[str, Any]]) -> QaReport:
    """Run every check again on segment records (a ``.segments.jsonl``'s, after review)."""
    report = QaReport()
    for record in records:
        report.segments += 1
        report.translated += record.get("translation") is not None
        report.flags.extend((record, found) for found in check_record(record))
    return report
