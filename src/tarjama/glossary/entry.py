"""One glossary row: a concept with its English and Arabic forms, serving both directions."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

EN = "en"
AR = "ar"
LANGS = (EN, AR)

#: Entry types; empty means "not said" and is matched like a term.
TYPES = ("person", "org", "place", "term")
#: Types whose spelling is fixed: the matcher never adds the Arabic article to them, so
#: فتح (Fatah) does not match الفتح (the conquest).
NAME_TYPES = ("person", "org", "place")

#: Every column a glossary file may have, in the order tarjama writes them.
COLUMNS = ("en", "ar", "type", "case", "dnt", "note")
REQUIRED_COLUMNS = ("en", "ar")

CASE_VALUES = {"": False, "insensitive": False, "sensitive": True}
DNT_VALUES = {
    "": False,
    "no": False,
    "n": False,
    "false": False,
    "0": False,
    "yes": True,
    "y": True,
    "true": True,
    "1": True,
}


@dataclass(frozen=True)
class GlossaryEntry:
    """``en``/``ar`` as written in the file; ``file``/``line`` say where (None when made in code).

    A ``dnt`` (do-not-translate) entry is kept verbatim: its ``en`` cell is the one form used
    on both sides, so a dnt row's ``ar`` is ``en`` when the file leaves it empty.
    """

    en: str
    ar: str
    type: str | None = None
    note: str | None = None
    case_sensitive: bool = False
    dnt: bool = False
    file: Path | None = None
    line: int | None = None

    def form(self, lang: str) -> str:
        """The form of this entry in ``lang``; for dnt entries the verbatim ``en`` on both sides."""
        if lang not in LANGS:
            raise ValueError(f"glossary languages are 'en' and 'ar', not {lang!r}")
        if self.dnt or lang == EN:
            return self.en
        return self.ar

    @property
    def location(self) -> str:
        """``path:line`` where the entry is defined."""
        if self.file is None:
            return "(not from a file)"
        return f"{self.file}:{self.line}" if self.line else str(self.file)

    @property
    def is_name(self) -> bool:
        return self.type in NAME_TYPES


def parse_flag(value: str, allowed: dict[str, bool]) -> bool | None:
    """The boolean for a ``case``/``dnt`` cell, None when the value is not one of ``allowed``."""
    return allowed.get(value.strip().lower())
