"""Tokens as strings, for a backend that takes and returns them (CTranslate2).

:class:`MarianPieces` tokenises an OPUS-MT model's text with its own ``source.spm``,
``target.spm`` and ``vocab.json`` through sentencepiece alone: what ``MarianTokenizer``
does, without importing transformers and torch, which cost seconds at start-up (the first
translation of a run must be out in under 3 s). :class:`HuggingFacePieces` wraps the
transformers tokenizer for the other families (NLLB, M2M-100, mBART-50).

Both answer the same questions: the source pieces of a text (language prefix and EOS
included), the target pieces of a term, the text of generated pieces, and which pieces
continue the word before them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from tarjama.translate.languages import LanguageCodes, language_codes

MARIAN_FILES = ("source.spm", "target.spm", "vocab.json")
_SPIECE_UNDERLINE = "▁"


class Pieces(Protocol):
    codes: LanguageCodes
    model_max_length: int | None  # the tokenizer's input limit, if it has one

    def source(self, texts: Sequence[str]) -> list[list[str]]: ...

    def word_counts(self, words: Sequence[str]) -> list[int]: ...

    def target(self, texts: Sequence[str]) -> list[list[str]]: ...

    def decode(self, outputs: Sequence[Sequence[str]]) -> list[str]: ...

    def is_special(self, piece: str) -> bool: ...


def is_marian(folder: Path) -> bool:
    """Whether ``folder`` holds an OPUS-MT model that :class:`MarianPieces` can tokenise
    (one shared vocabulary, as every OPUS-MT ar↔en model has)."""
    if not all((folder / name).is_file() for name in MARIAN_FILES):
        return False
    config = read_json(folder / "tokenizer_config.json")
    return not config.get("separate_vocabs", False)


def read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


class MarianPieces:
    """``MarianTokenizer`` over sentencepiece alone (see the module docstring)."""

    eos = "</s>"

    def __init__(self, folder: Path, direction: str, model_name: str):
        import sentencepiece

        self.vocab: dict[str, int] = json.loads((folder / "vocab.json").read_text("utf-8"))
        self._source = sentencepiece.SentencePieceProcessor(model_file=str(folder / "source.spm"))
        self._target = sentencepiece.SentencePieceProcessor(model_file=str(folder / "target.spm"))
        config = read_json(folder / "tokenizer_config.json")
        defaults = {"eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>"}
        self.special = {str(config.get(key) or default) for key, default in defaults.items()}
        self.codes = language_codes(self.vocab, direction, model_name)
        self.model_max_length = config.get("model_max_length")

    def source(self, texts: Sequence[str]) -> list[list[str]]:
        prefix = self.codes.prefix
        return [self._encode(f"{prefix} {text}" if prefix else text) + [self.eos] for text in texts]

    def _encode(self, text: str) -> list[str]:
        # MarianTokenizer.remove_language_code: a leading ">>xxx<<" is a token of its own.
        code: list[str] = []
        if text.startswith(">>") and (end := text.find("<<")) != -1:
            code, text = [text[: end + 2]], text[end + 2 :]
        return code + self._source.encode(text, out_type=str)

    def word_counts(self, words: Sequence[str]) -> list[int]:
        return [len(self._encode(word)) for word in words]

    def target(self, texts: Sequence[str]) -> list[list[str]]:
        return [self._target.encode(text, out_type=str) for text in texts]

    def is_special(self, piece: str) -> bool:
        return piece in self.special or piece not in self.vocab

    def decode(self, outputs: Sequence[Sequence[str]]) -> list[str]:
        """MarianTokenizer's ``batch_decode(skip_special_tokens=True)`` of the pieces."""
        texts = []
        for pieces in outputs:
            kept = [piece for piece in pieces if piece not in self.special]
            text = self._target.decode_pieces(kept).replace(_SPIECE_UNDERLINE, " ")
            texts.append(text.strip())
        return texts


class HuggingFacePieces:
    """The transformers tokenizer of a
    :class:`~tarjama.translate.huggingface.HuggingFaceBackend` (NLLB, M2M-100, mBART-50)."""

    def __init__(self, backend: Any):
        self._backend = backend
        tokenizer = backend.tokenizer
        self.codes = backend.codes
        self._special = set(tokenizer.all_special_tokens)
        self.model_max_length = getattr(tokenizer, "model_max_length", None)

    def source(self, texts: Sequence[str]) -> list[list[str]]:
        batch = self._backend.encode(texts)
        tokenizer = self._backend.tokenizer
        rows = zip(batch["input_ids"].tolist(), batch["attention_mask"].tolist(), strict=True)
        return [
            tokenizer.convert_ids_to_tokens([i for i, m in zip(ids, mask, strict=True) if m])
            for ids, mask in rows
        ]

    def word_counts(self, words: Sequence[str]) -> list[int]:
        return self._backend.count_word_tokens(words)

    def target(self, texts: Sequence[str]) -> list[list[str]]:
        tokenizer = self._backend.tokenizer
        return [tokenizer.convert_ids_to_tokens(ids) for ids in self._backend.target_ids(texts)]

    def is_special(self, piece: str) -> bool:
        return piece in self._special

    def decode(self, outputs: Sequence[Sequence[str]]) -> list[str]:
        tokenizer = self._backend.tokenizer
        return self._backend.decode_ids([tokenizer.convert_tokens_to_ids(list(p)) for p in outputs])
