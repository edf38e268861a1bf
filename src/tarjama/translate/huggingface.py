"""A Hugging Face seq2seq model (OPUS-MT/Marian, NLLB, M2M-100, mBART-50) as a backend.

torch and transformers are imported on first use, never at import time. The loaded
tokenizer and model, the encoded batch and the encoder outputs stay reachable
(:attr:`~HuggingFaceBackend.tokenizer`, :attr:`~HuggingFaceBackend.model`,
:meth:`~HuggingFaceBackend.encode`, :meth:`~HuggingFaceBackend.run_encoder`) so that a
custom decoder can reuse them; :mod:`~tarjama.translate.constrained` does, to force terms
into translations.

Every step that runs the libraries (locating, loading, tokenising, decoding) runs inside
:func:`~tarjama.translate.quiet.library_messages`: their warnings stay off the terminal
unless :func:`~tarjama.translate.quiet.set_verbose` asked for them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING, Any
from unicodedata import category

from tarjama.errors import ModelLoadError
from tarjama.script import TATWEEL
from tarjama.translate.base import TranslationBackend, caps_for
from tarjama.translate.constrained import (
    REASON_CAP,
    REASON_UNSPELLABLE,
    Hypothesis,
    TermConstraint,
    TokenConstraint,
    Translation,
    constrained_search,
)
from tarjama.translate.languages import LanguageCodes, language_codes
from tarjama.translate.models import (
    ModelLocation,
    download_model,
    languages_of,
    locate_model,
    location_revision,
    one_line,
)
from tarjama.translate.quiet import library_messages
from tarjama.translate.settings import DecodingSettings

if TYPE_CHECKING:
    import torch


class ModelHandle:
    """A model located and loaded on first use; one handle can serve both directions."""

    def __init__(self, name: str, direction: str):
        self.name = name
        self.direction = direction
        self._location: ModelLocation | None = None
        self._tokenizer: Any = None
        self._model: Any = None

    @property
    def location(self) -> ModelLocation:
        if self._location is None:
            with library_messages():
                self._location = locate_model(self.name, self.direction)
        return self._location

    def local_location(self) -> ModelLocation:
        """The location, downloading a hub model into the HF cache first."""
        if self.location.path is None:
            with library_messages():
                fetched = download_model(self.name, self.direction)
            self._location = replace(fetched, kind="hub")  # fetched by this run
        return self.location

    @property
    def tokenizer(self) -> Any:
        if self._tokenizer is None:
            with library_messages():  # e.g. MarianTokenizer's "pip install sacremoses"
                from transformers import AutoTokenizer

                self._tokenizer = self._load(AutoTokenizer)
        return self._tokenizer

    @property
    def model(self) -> Any:
        if self._model is None:
            with library_messages():
                from transformers import AutoModelForSeq2SeqLM

                self._model = self._load(AutoModelForSeq2SeqLM).eval()
        return self._model

    def _load(self, auto_class: Any) -> Any:
        # Always from a folder: a name would make transformers ask the hub for updates.
        path = self.local_location().path
        try:
            with no_progress_bars():
                return auto_class.from_pretrained(str(path))
        except Exception as error:  # any failure reaches users as one line, not a traceback
            raise ModelLoadError(self.name, f"{path}: {one_line(error)}") from None


@contextmanager
def no_progress_bars() -> Iterator[None]:
    """transformers draws a "Loading weights" bar; the caller has its own progress display."""
    from transformers.utils import logging as transformers_logging

    was_enabled = transformers_logging.is_progress_bar_enabled()
    transformers_logging.disable_progress_bar()
    try:
        yield
    finally:
        if was_enabled:
            transformers_logging.enable_progress_bar()


def input_limit(positions: int, tokenizer_limit: object) -> int:
    """Longest input: the model's positions, or the tokenizer's ``model_max_length`` if it
    is smaller (transformers writes "no limit" as a huge integer)."""
    if isinstance(tokenizer_limit, int) and 0 < tokenizer_limit < 1_000_000:
        return min(positions, tokenizer_limit)
    return positions


def continues_word(piece: str) -> bool:
    """Whether a sentencepiece glues onto the word before it: no leading "▁", and it starts
    with a letter, a digit, a combining mark (tashkeel such as tanwin ``ً``) or tatweel.
    Marks count because a mark then a letter ("أعضاءًill") fuses the term all the same."""
    if not piece or piece.startswith("▁"):
        return False
    first = piece[0]
    return first.isalnum() or first == TATWEEL or category(first).startswith("M")


class HuggingFaceBackend(TranslationBackend):
    """``AutoTokenizer`` + ``AutoModelForSeq2SeqLM`` for one direction, loaded on first use."""

    supports_constraints = True

    def __init__(self, name: str, direction: str):
        languages_of(direction)  # reject unknown directions now
        self.name = name
        self.direction = direction
        self._handle = ModelHandle(name, direction)
        self._codes: LanguageCodes | None = None
        self._spelled: dict[tuple[str, ...], TokenConstraint | None] = {}  # forms -> tokens

    # --- sharing and provenance --------------------------------------------------------

    def model_key(self) -> str:
        location = self._handle.location
        return str(location.path) if location.path else location.name

    def share_model_with(self, other: TranslationBackend) -> None:
        if isinstance(other, HuggingFaceBackend):
            self._handle = other._handle

    @property
    def revision(self) -> str | None:
        return location_revision(self._handle.location)

    def describe(self) -> dict[str, Any]:
        location = self._handle.location
        return {
            "name": self.name,
            "revision": self.revision,
            "path": str(location.path) if location.path else None,
            "kind": location.kind,
            "backend": "transformers",
            "compute_type": "float32",
        }

    # --- the loaded objects, for this loop and for custom decoders ----------------------

    @library_messages()
    def load(self) -> None:
        """Locate (downloading if needed) and load the tokenizer and model, and check that
        the model can be told to produce this direction's target language."""
        self.tokenizer  # noqa: B018 - the properties load on first access
        self.model  # noqa: B018
        self.codes  # noqa: B018

    @property
    def tokenizer(self) -> Any:
        return self._handle.tokenizer

    @property
    def model(self) -> Any:
        return self._handle.model

    @property
    def codes(self) -> LanguageCodes:
        if self._codes is None:
            vocab = self.tokenizer.get_vocab()
            self._codes = language_codes(vocab, self.direction, self.name)
        return self._codes

    @property
    def max_input_tokens(self) -> int:
        tokenizer_limit = getattr(self.tokenizer, "model_max_length", None)
        return input_limit(self._position_limit(), tokenizer_limit)

    @property
    def max_output_tokens(self) -> int:
        return self._position_limit() - 1  # the decoder start token takes a position

    def _position_limit(self) -> int:
        return int(getattr(self.model.config, "max_position_embeddings", 512))

    def _source_texts(self, texts: Sequence[str]) -> list[str]:
        prefix = self.codes.prefix
        return [f"{prefix} {text}" for text in texts] if prefix else list(texts)

    def _select_source_language(self) -> None:
        # The tokenizer may be shared with the other direction: set it before every use.
        if self.codes.src_lang is not None:
            self.tokenizer.src_lang = self.codes.src_lang

    @library_messages()
    def count_tokens(self, text: str) -> int:
        self._select_source_language()
        # verbose=False: counting over-long texts (to split them) is expected, not an error.
        ids = self.tokenizer(self._source_texts([text])[0], verbose=False)["input_ids"]
        return len(ids)

    @library_messages()
    def count_word_tokens(self, words: Sequence[str]) -> list[int]:
        """Tokens each of ``words`` takes inside an input, in one batched tokenizer call:
        no special or language tokens (:meth:`count_tokens` of ``""`` counts those). For a
        SentencePiece model (OPUS-MT, NLLB, M2M-100, mBART) the pieces of a text are the
        pieces of its words, so these add up to the text's count."""
        if not words:
            return []
        self._select_source_language()
        encoded = self.tokenizer(list(words), add_special_tokens=False, verbose=False)
        return [len(ids) for ids in encoded["input_ids"]]

    @library_messages()
    def encode(self, texts: Sequence[str], device: str = "cpu") -> Any:
        """The padded batch the model reads (``input_ids``, ``attention_mask``); never truncated."""
        self._select_source_language()
        texts = self._source_texts(texts)
        batch = self.tokenizer(texts, return_tensors="pt", padding=True, verbose=False)
        longest = int(batch["input_ids"].shape[1])
        if longest > self.max_input_tokens:
            raise ValueError(
                f"an input of {longest} tokens exceeds the model limit of "
                f"{self.max_input_tokens}; split it first"
            )
        return batch.to(device)

    @library_messages()
    def run_encoder(self, batch: Any) -> Any:
        """Encoder outputs for an :meth:`encode` batch, computed once per batch; a custom
        decoder can feed them to ``model(encoder_outputs=..., decoder_input_ids=...)``."""
        import torch

        with torch.inference_mode():
            encoder = self.model.get_encoder()
            return encoder(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"])

    def generation_options(self, settings: DecodingSettings, max_new_tokens: int) -> dict[str, Any]:
        """The ``model.generate`` options for ``settings``; the constrained search reads the
        same ones, so that both decode alike.

        The length is given once, as ``max_length`` (the decoder start token plus
        ``max_new_tokens``), and ``max_new_tokens`` is cleared: OPUS-MT's generation config
        sets ``max_length=512``, and passing ``max_new_tokens`` beside it made transformers
        warn "Both max_new_tokens and max_length seem to have been set" on every batch.
        """
        options: dict[str, Any] = {
            "num_beams": settings.beam_size,
            "max_length": max_new_tokens + 1,
            "max_new_tokens": None,
            "no_repeat_ngram_size": settings.no_repeat_ngram_size,
            "do_sample": False,
            "num_return_sequences": 1,
        }
        if settings.beam_size > 1:
            options["early_stopping"] = True
        if self.codes.forced_bos_token is not None:
            bos = self.tokenizer.convert_tokens_to_ids(self.codes.forced_bos_token)
            options["forced_bos_token_id"] = bos
        return options

    @library_messages()
    def generate_ids(
        self, texts: Sequence[str], max_new_tokens: int | Sequence[int], settings: DecodingSettings
    ) -> list[list[int]]:
        """Generated token ids per text (no decoder start token), each within its cap."""
        import torch

        caps = caps_for(texts, max_new_tokens)
        if not texts:
            return []
        model = self.model
        if str(model.device) != settings.device:
            model.to(settings.device)
        batch = self.encode(texts, settings.device)
        encoded = self.run_encoder(batch)
        options = self.generation_options(settings, max(caps))
        with torch.inference_mode():
            output = model.generate(
                encoder_outputs=encoded, attention_mask=batch["attention_mask"], **options
            )
        trimmed = [self._trim(row, cap) for row, cap in zip(output, caps, strict=True)]
        self.generated_tokens += sum(map(len, trimmed))
        return trimmed

    # --- constrained decoding -----------------------------------------------------------

    @library_messages()
    def target_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """Token ids of ``texts`` as the model writes them (target side), no special tokens."""
        if not texts:
            return []
        encoded = self.tokenizer(text_target=list(texts), add_special_tokens=False, verbose=False)
        return [list(ids) for ids in encoded["input_ids"]]

    def count_target_tokens(self, text: str) -> int:
        return len(self.target_ids([text])[0])

    @library_messages()
    def word_continuations(self, size: int) -> Any:
        """A bool tensor over the first ``size`` token ids: True for pieces that continue
        the word before them (:func:`continues_word`). After a placed term the decoder may
        not choose one, so a term never fuses with the next word ("للكرملينrices")."""
        import torch

        if getattr(self, "_continuations", None) is None or len(self._continuations) < size:
            pieces = self.tokenizer.convert_ids_to_tokens(list(range(size)))
            special = set(self.tokenizer.all_special_ids)
            self._continuations = torch.tensor(
                [
                    index not in special and isinstance(piece, str) and continues_word(piece)
                    for index, piece in enumerate(pieces)
                ],
                dtype=torch.bool,
            )
        return self._continuations[:size]

    @library_messages()
    def spell(self, constraint: TermConstraint) -> TokenConstraint | None:
        """The forms of ``constraint`` as target token sequences; a form the vocabulary can
        only spell with ``<unk>`` (or with other special tokens) is dropped, and None is
        returned when no form is left. Spelled once per set of forms: a term that recurs across
        the segments and pieces of a run is not tokenised again for each batch."""
        if constraint.forms in self._spelled:
            return self._spelled[constraint.forms]
        forms = [form.strip() for form in constraint.forms if form.strip()]
        special = set(self.tokenizer.all_special_ids)
        alternatives = [
            tuple(ids)
            for ids in self.target_ids(forms)
            if ids and not any(token in special for token in ids)
        ]
        spelled = TokenConstraint(tuple(dict.fromkeys(alternatives))) if alternatives else None
        self._spelled[constraint.forms] = spelled
        return spelled

    @library_messages()
    def generate_ids_constrained(
        self,
        texts: Sequence[str],
        max_new_tokens: int | Sequence[int],
        settings: DecodingSettings,
        constraints: Sequence[Sequence[TokenConstraint]],
    ) -> list[tuple[list[int], list[int]]]:
        """(generated ids, indices of unmet constraints) per text: ids as
        :meth:`generate_ids` gives them, from the constrained search, which decodes a text
        without constraints exactly as ``model.generate`` would with its cap."""
        caps = caps_for(texts, max_new_tokens)
        if len(constraints) != len(texts):
            raise ValueError(f"{len(constraints)} constraint lists for {len(texts)} texts")
        hypotheses: list[Hypothesis] = constrained_search(self, texts, caps, settings, constraints)
        results = [
            (self._trim_ids(hypothesis.ids, cap), hypothesis.unmet)
            for hypothesis, cap in zip(hypotheses, caps, strict=True)
        ]
        self.generated_tokens += sum(len(ids) for ids, _ in results)
        return results

    @library_messages()
    def generate_constrained(
        self,
        texts: list[str],
        max_new_tokens: int | Sequence[int],
        settings: DecodingSettings,
        constraints: Sequence[Sequence[TermConstraint]],
    ) -> list[Translation]:
        if len(constraints) != len(texts):
            raise ValueError(f"{len(constraints)} constraint lists for {len(texts)} texts")
        token_constraints: list[list[TokenConstraint]] = []
        positions: list[list[int]] = []  # index of each token constraint in its text's list
        missed: list[list[tuple[int, str]]] = []
        for text_constraints in constraints:
            spelled, where, unspellable = [], [], []
            for index, constraint in enumerate(text_constraints):
                tokens = self.spell(constraint)
                if tokens is None:
                    unspellable.append((index, REASON_UNSPELLABLE))
                else:
                    spelled.append(tokens)
                    where.append(index)
            token_constraints.append(spelled)
            positions.append(where)
            missed.append(unspellable)
        results = self.generate_ids_constrained(texts, max_new_tokens, settings, token_constraints)
        decoded = self.decode_ids([ids for ids, _ in results])
        translations = []
        for text, (_, unmet), where, text_missed in zip(
            decoded, results, positions, missed, strict=True
        ):
            text_missed.extend((where[index], REASON_CAP) for index in unmet)
            translations.append(Translation(text, sorted(text_missed)))
        return translations

    def _trim(self, row: torch.Tensor, cap: int) -> list[int]:
        return self._trim_ids(row.tolist(), cap)

    def _trim_ids(self, row: list[int], cap: int) -> list[int]:
        """Drop the decoder start token and padding; stop at EOS; hold to this text's cap."""
        config = self.model.generation_config
        ids = row[1:]
        eos = config.eos_token_id
        eos_ids = set(eos) if isinstance(eos, list) else {eos}
        for position, token in enumerate(ids):
            if token in eos_ids:
                ids = ids[: position + 1]
                break
        return ids[:cap]

    @library_messages()
    def generate(
        self, texts: list[str], max_new_tokens: int | Sequence[int], settings: DecodingSettings
    ) -> list[str]:
        return self.decode_ids(self.generate_ids(texts, max_new_tokens, settings))

    def decode_ids(self, ids: list[list[int]]) -> list[str]:
        # Marian decodes with its source spm unless told otherwise; outputs are target side.
        options = {"use_source_tokenizer": False} if hasattr(self.tokenizer, "spm_target") else {}
        decoded = self.tokenizer.batch_decode(ids, skip_special_tokens=True, **options)
        return [text.strip() for text in decoded]
