"""What the checks read of one segment record: its two texts, languages and spans."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from tarjama.carry import FOREIGN
from tarjama.document import AR
from tarjama.script import ARABIC, LATIN, OTHER_SCRIPT, script_counts

#: carried kinds put back exactly as written: their text must be in the translation
VERBATIM_KINDS = (FOREIGN, "code", "url", "html")
LETTERS = (ARABIC, LATIN, OTHER_SCRIPT)


def script_of(lang: str) -> str:
    return ARABIC if lang == AR else LATIN


@dataclass(frozen=True)
class Pair:
    """A translated segment record (``Segment.to_record``) as the checks see it."""

    source: str
    translation: str
    source_lang: str
    target_lang: str
    carried: tuple[dict[str, Any], ...] = ()
    terms: tuple[dict[str, Any], ...] = ()
    #: the document offset of ``source``, for the carried spans' offsets
    start: int = 0

    @classmethod
    def of(cls, record: dict[str, Any]) -> Pair | None:
        """The pair of a record with a translation; None for a kept segment."""
        if record.get("translation") is None or record.get("target_lang") is None:
            return None
        return cls(
            source=record["source"],
            translation=record["translation"],
            source_lang=record.get("source_lang") or "",
            target_lang=record["target_lang"],
            carried=tuple(record.get("carried") or ()),
            terms=tuple(record.get("terms") or ()),
            start=record.get("start", 0),
        )

    @cached_property
    def own_source(self) -> str:
        """The source without its carried verbatim spans: what the model translated."""
        pieces, cursor = [], 0
        for span in self.verbatim:
            pieces.append(self.source[cursor : span["start"] - self.start])
            cursor = span["end"] - self.start
        pieces.append(self.source[cursor:])
        return " ".join(pieces)

    @cached_property
    def own_translation(self) -> str:
        """The translation without the carried verbatim spans (names in the other script
        belong there and say nothing of its language)."""
        text = self.translation
        for span in self.verbatim:
            text = text.replace(span["text"], " ", 1)
        return text

    @cached_property
    def verbatim(self) -> tuple[dict[str, Any], ...]:
        return tuple(span for span in self.carried if span.get("kind") in VERBATIM_KINDS)

    @cached_property
    def translation_letters(self) -> Counter[str]:
        counts = script_counts(self.own_translation)
        return Counter({script: counts[script] for script in LETTERS})
