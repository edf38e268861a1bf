"""Several glossary files as one: later files win, and every conflict is reported.

Two entries conflict when they would match the same text on one side but give different
forms on the other: the same English with two Arabic forms (en→ar is ambiguous), or the
same Arabic with two English forms (ar→en is ambiguous). "The same" is judged as the
matcher judges it (folded, case ignored unless an entry is case sensitive, a hyphen
between words optional: ``ceasefire`` = ``cease-fire``). The later entry
replaces the earlier one; a later exact repeat replaces it silently (``check`` reports it).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tarjama.glossary.entry import AR, EN, GlossaryEntry
from tarjama.glossary.normalize import match_keys
from tarjama.glossary.tsv import load_glossary_file


@dataclass
class Glossary:
    """The combined entries of ``files``, in file and row order, later ones winning."""

    entries: list[GlossaryEntry] = field(default_factory=list)
    #: one message per conflict, naming both ``file:line`` locations
    conflicts: list[str] = field(default_factory=list)
    #: for one file, the sha256 of its bytes (what ``sha256sum`` prints); for several, the
    #: sha256 of their hashes in order, one per line (so where one file ends counts)
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


def side_keys(entry: GlossaryEntry, side: str) -> frozenset[str]:
    """The casefolded match keys of one side (the index keys for clashes): as written and
    hyphens closed up, since ``ceasefire`` and ``cease-fire`` both match "cease-fire"."""
    return match_keys(entry.form(side))


def same_text(first: GlossaryEntry, second: GlossaryEntry, side: str) -> bool:
    """Whether both entries' ``side`` forms match the same text (see the module doc)."""
    if not side_keys(first, side) & side_keys(second, side):
        return False
    if first.case_sensitive and second.case_sensitive:
        return bool(match_keys(first.form(side), True) & match_keys(second.form(side), True))
    return True


def find_clashes(entries: Iterable[GlossaryEntry]) -> tuple[list[GlossaryEntry], list[Clash]]:
    """``(winners, clashes)``: each entry replaces every earlier one it clashes with."""
    kept: list[GlossaryEntry | None] = []
    by_key: dict[tuple[str, str], list[int]] = {}
    clashes: list[Clash] = []
    for entry in entries:
        replaced: dict[int, Clash] = {}
        for side in (EN, AR):
            slots = {slot for key in side_keys(entry, side) for slot in by_key.get((side, key), [])}
            for slot in sorted(slots):
                earlier = kept[slot]
                if earlier is None or slot in replaced or not same_text(earlier, entry, side):
                    continue
                other = AR if side == EN else EN
                replaced[slot] = Clash(earlier, entry, side, same_text(earlier, entry, other))
        for slot, clash in replaced.items():
            kept[slot] = None
            clashes.append(clash)
        for side in (EN, AR):
            for key in side_keys(entry, side):
                by_key.setdefault((side, key), []).append(len(kept))
        kept.append(entry)
    return [entry for entry in kept if entry is not None], clashes


def combine(
    entries: Sequence[GlossaryEntry], files: Sequence[Path], hashes: Sequence[str] = ()
) -> Glossary:
    """``entries`` combined, later ones winning; ``hashes`` are the sha256 of each file."""
    winners, clashes = find_clashes(entries)
    if len(hashes) == 1:
        fingerprint = hashes[0]
    else:
        fingerprint = hashlib.sha256("".join(f"{h}\n" for h in hashes).encode()).hexdigest()
    return Glossary(
        entries=winners,
        conflicts=[clash.message for clash in clashes if not clash.same_other],
        fingerprint=fingerprint,
        files=list(files),
    )


def load_glossaries(paths: Iterable[Path | str]) -> Glossary:
    """Read and combine glossary files in order; raise :class:`GlossaryFormatError` (with
    ``file:line``) for the first malformed row, or an input error for a missing file."""
    files = [Path(path) for path in paths]
    entries: list[GlossaryEntry] = []
    hashes: list[str] = []
    for path in files:
        glossary_file = load_glossary_file(path)
        entries.extend(glossary_file.entries)
        hashes.append(hashlib.sha256(glossary_file.data).hexdigest())
    return combine(entries, files, hashes)
