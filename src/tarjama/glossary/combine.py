"""Several glossary files as one: later files win, and every conflict is reported.

Two entries conflict when they would match the same text on one side but give different
forms on the other: the same English with two Arabic forms (en→ar is ambiguous), or the
same Arabic with two English forms (ar→en is ambiguous). "The same" is judged as the
matcher judges it (folded, case ignored unless an entry is case sensitive). The later entry
replaces the earlier one; a later exact repeat replaces it silently (``check`` reports it).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tarjama.glossary.entry import AR, EN, GlossaryEntry
from tarjama.glossary.normalize import match_key
from tarjama.glossary.tsv import load_glossary_file


@dataclass
class Glossary:
    """The combined entries of ``files``, in file and row order, later ones winning."""

    entries: list[GlossaryEntry] = field(default_factory=list)
    #: one message per conflict, naming both ``file:line`` locations
    conflicts: list[str] = field(default_factory=list)
    #: sha256 over the files' bytes in order (for one file, what ``sha256sum`` prints)
    fingerprint: str = hashlib.sha256().hexdigest()
    files: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class Clash:
    """``earlier`` and ``later`` match the same ``side`` text; ``same_other`` when they also
    agree on the other side (a plain repeat rather than a conflict)."""

    earlier: GlossaryEntry
    later: GlossaryEntry
    side: str
    same_other: bool

    @property
    def message(self) -> str:
        other = AR if self.side == EN else EN
        earlier_form, later_form = self.earlier.form(other), self.later.form(other)
        language = "Arabic" if other == AR else "English"
        if self.same_other:
            return (
                f"{self.earlier.location} and {self.later.location} both define "
                f"{self.side} {self.later.form(self.side)!r}; {self.later.location} is used"
            )
        return (
            f"{self.earlier.location} and {self.later.location} give {self.side} "
            f"{self.later.form(self.side)!r} two {language} forms ({earlier_form!r}, "
            f"{later_form!r}); {self.later.location} wins"
        )


def side_key(entry: GlossaryEntry, side: str) -> str:
    """The casefolded match key of one side (the index key for clashes)."""
    return match_key(entry.form(side))


def same_text(first: GlossaryEntry, second: GlossaryEntry, side: str) -> bool:
    """Whether both entries' ``side`` forms match the same text (see the module doc)."""
    if side_key(first, side) != side_key(second, side):
        return False
    if first.case_sensitive and second.case_sensitive:
        return match_key(first.form(side), True) == match_key(second.form(side), True)
    return True


def find_clashes(entries: Iterable[GlossaryEntry]) -> tuple[list[GlossaryEntry], list[Clash]]:
    """``(winners, clashes)``: each entry replaces every earlier one it clashes with."""
    kept: list[GlossaryEntry | None] = []
    by_key: dict[tuple[str, str], list[int]] = {}
    clashes: list[Clash] = []
    for entry in entries:
        replaced: dict[int, Clash] = {}
        for side in (EN, AR):
            for slot in by_key.get((side, side_key(entry, side)), []):
                earlier = kept[slot]
                if earlier is None or slot in replaced or not same_text(earlier, entry, side):
                    continue
                other = AR if side == EN else EN
                replaced[slot] = Clash(earlier, entry, side, same_text(earlier, entry, other))
        for slot, clash in replaced.items():
            kept[slot] = None
            clashes.append(clash)
        for side in (EN, AR):
            by_key.setdefault((side, side_key(entry, side)), []).append(len(kept))
        kept.append(entry)
    return [entry for entry in kept if entry is not None], clashes


def combine(entries: Sequence[GlossaryEntry], files: Sequence[Path], data: bytes = b"") -> Glossary:
    winners, clashes = find_clashes(entries)
    return Glossary(
        entries=winners,
        conflicts=[clash.message for clash in clashes if not clash.same_other],
        fingerprint=hashlib.sha256(data).hexdigest(),
        files=list(files),
    )


def load_glossaries(paths: Iterable[Path | str]) -> Glossary:
    """Read and combine glossary files in order; raise :class:`GlossaryFormatError` (with
    ``file:line``) for the first malformed row, or an input error for a missing file."""
    files = [Path(path) for path in paths]
    entries: list[GlossaryEntry] = []
    data = bytearray()
    for path in files:
        glossary_file = load_glossary_file(path)
        entries.extend(glossary_file.entries)
        data.extend(glossary_file.data)
    return combine(entries, files, bytes(data))
