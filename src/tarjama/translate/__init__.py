"""Machine translation between Arabic and English.

Importing this package imports neither torch nor transformers; a model is located and
loaded when a :class:`Translator` first translates in its direction.

    names = resolve_model_names(["ar-en=/models/my-ar-en"])
    translator = Translator(names, DecodingSettings(beam_size=4))
    english = translator.translate(["مرحبا بالعالم"], "ar", "en")

    # Terms the translation must contain (any one form of each), e.g. from a glossary:
    taliban = TermConstraint(("طالبان", "وطالبان", "بطالبان"), source="Taliban")
    (arabic,) = translator.translate_constrained(["The Taliban said..."], "en", "ar", [[taliban]])
    arabic.text, arabic.missed  # missed: (index, reason) of each term not placed

The model libraries' own warnings (transformers, huggingface_hub, torch, sentencepiece,
sacremoses) are kept off the terminal while models load and translate; ``set_verbose(True)``
shows them (the CLI's ``--verbose``).
"""

from __future__ import annotations

from tarjama.translate.base import TranslationBackend
from tarjama.translate.constrained import (
    REASON_CAP,
    REASON_EMPTY,
    REASON_UNSPELLABLE,
    REASON_UNSUPPORTED,
    TermConstraint,
    TokenConstraint,
    Translation,
)
from tarjama.translate.huggingface import HuggingFaceBackend
from tarjama.translate.languages import LanguageCodes, language_codes
from tarjama.translate.models import (
    DEFAULT_MODELS,
    DIRECTIONS,
    ENV_VARS,
    ModelLocation,
    ModelStatus,
    direction_of,
    download_models,
    list_models,
    locate_model,
    parse_model_spec,
    resolve_model_names,
)
from tarjama.translate.quiet import is_verbose, library_messages, set_verbose
from tarjama.translate.settings import MAX_PIECE_TOKENS, DecodingSettings
from tarjama.translate.translator import Translator

__all__ = [
    "DEFAULT_MODELS",
    "DIRECTIONS",
    "ENV_VARS",
    "MAX_PIECE_TOKENS",
    "REASON_CAP",
    "REASON_EMPTY",
    "REASON_UNSPELLABLE",
    "REASON_UNSUPPORTED",
    "DecodingSettings",
    "HuggingFaceBackend",
    "LanguageCodes",
    "ModelLocation",
    "ModelStatus",
    "TermConstraint",
    "TokenConstraint",
    "Translation",
    "TranslationBackend",
    "Translator",
    "direction_of",
    "download_models",
    "is_verbose",
    "language_codes",
    "library_messages",
    "list_models",
    "locate_model",
    "parse_model_spec",
    "resolve_model_names",
    "set_verbose",
]
