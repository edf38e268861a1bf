"""The contract between the translation loop and a model: one backend per direction."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any

from tarjama.translate.settings import DecodingSettings


class TranslationBackend(ABC):
    """One model translating ONE direction (``"ar-en"`` or ``"en-ar"``).

    The :class:`~tarjama.translate.translator.Translator` owns batching, caching, splitting
    and length caps; a backend only counts tokens and decodes a batch.
    """

    name: str
    direction: str

    @property
    @abstractmethod
    def revision(self) -> str | None:
        """Commit hash or content fingerprint of the model, for provenance."""

    @property
    @abstractmethod
    def max_input_tokens(self) -> int:
        """Longest input, in tokens as :meth:`count_tokens` counts them, the model accepts."""

    @property
    def max_output_tokens(self) -> int:
        """Most tokens the decoder can produce; by default the input limit."""
        return self.max_input_tokens

    @abstractmethod
    def count_tokens(self, text: str) -> int:
        """Tokens the model sees for ``text``, special and language tokens included."""

    @abstractmethod
    def generate(
        self, texts: list[str], max_new_tokens: int | Sequence[int], settings: DecodingSettings
    ) -> list[str]:
        """Translate ``texts`` (each within :attr:`max_input_tokens`), in order.

        ``max_new_tokens`` caps every output, or each output in turn when a sequence.
        """

    @abstractmethod
    def describe(self) -> dict[str, Any]:
        """``name``, ``revision``, ``path`` and ``kind`` of the model, for provenance."""

    def load(self) -> None:  # noqa: B027 - optional: backends that load nothing need nothing
        """Locate and load the model now, raising what a first :meth:`generate` would raise
        (:class:`~tarjama.errors.ModelNotFoundError`, :class:`~tarjama.errors.ModelLoadError`
        ...), so that a run can fail before it writes anything. Loading twice is a no-op."""

    def model_key(self) -> str:
        """Backends with equal keys can serve both directions from one loaded model."""
        return self.name

    def share_model_with(self, other: TranslationBackend) -> None:  # noqa: B027 - optional
        """Use ``other``'s (possibly not yet loaded) model instead of loading a copy."""
