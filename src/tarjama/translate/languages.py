"""How a translation model is told its languages, read from its vocabulary, not its name.

Bilingual OPUS-MT needs nothing; multi-target OPUS-MT wants a ``>>ara<<`` source prefix;
NLLB, M2M-100 and mBART-50 want ``tokenizer.src_lang`` and a forced first target token.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from tarjama.errors import ModelLanguageError
from tarjama.translate.models import languages_of

# Multi-target OPUS-MT models pick the output language from a ">>xxx<<" source prefix.
_TARGET_TOKEN = re.compile(r">>[A-Za-z_]+<<")
_TARGET_TOKEN_PREFERENCE = {"ar": (">>ara<<", ">>arb<<", ">>ar<<"), "en": (">>eng<<", ">>en<<")}
# Many-to-many models: (token that marks the scheme for each language, src_lang value).
_LANGUAGE_SCHEMES = (
    ("NLLB", {"ar": ("arb_Arab", "arb_Arab"), "en": ("eng_Latn", "eng_Latn")}),
    ("M2M-100", {"ar": ("__ar__", "ar"), "en": ("__en__", "en")}),
    ("mBART-50", {"ar": ("ar_AR", "ar_AR"), "en": ("en_XX", "en_XX")}),
)


@dataclass(frozen=True)
class LanguageCodes:
    """How to ask a model for the target language; all None for a bilingual model."""

    prefix: str | None = None  # ">>ara<<", prepended to every source text
    src_lang: str | None = None  # tokenizer.src_lang (NLLB, M2M-100, mBART-50)
    forced_bos_token: str | None = None  # first generated token names the target language


def language_codes(vocab: Collection[str], direction: str, model_name: str) -> LanguageCodes:
    """Read from the vocabulary (not the model name) how the model selects its languages."""
    source, target = languages_of(direction)
    target_tokens = sorted(t for t in vocab if _TARGET_TOKEN.fullmatch(t))
    if target_tokens:
        for token in _TARGET_TOKEN_PREFERENCE[target]:
            if token in vocab:
                return LanguageCodes(prefix=token)
        wanted = ", ".join(_TARGET_TOKEN_PREFERENCE[target])
        shown = ", ".join(target_tokens[:8]) + (", …" if len(target_tokens) > 8 else "")
        raise ModelLanguageError(
            model_name, direction, f"it has target-language tokens ({shown}) but none of {wanted}"
        )
    for _family, codes in _LANGUAGE_SCHEMES:
        if codes["ar"][0] in vocab and codes["en"][0] in vocab:
            return LanguageCodes(src_lang=codes[source][1], forced_bos_token=codes[target][0])
    return LanguageCodes()
