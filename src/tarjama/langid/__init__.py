"""Per-segment language identification (ar, en, fa, ur, other); see :mod:`.detector`."""

from __future__ import annotations

from tarjama.langid.detector import (
    AMBIGUOUS_CONFIDENCE,
    LanguageDetector,
    LanguageGuess,
    detect_language,
)

__all__ = ["AMBIGUOUS_CONFIDENCE", "LanguageDetector", "LanguageGuess", "detect_language"]
