"""The contract between the translation loop and a model: one backend per direction."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any

from tarjama.translate.constrained import TermConstraint, Translation
from tarjama.translate.settings import DecodingSettings


def caps_for(texts: Sequence[str], max_new_tokens: int | Sequence[int]) -> list[int]:
    """One output cap per text, from one cap for all or a cap each."""
    if isinstance(max_new_tokens, int):
        return [max_new_tokens] * len(texts)
    caps = list(max_new_tokens)
    if len(caps) != len(texts):
        raise ValueError(f"{len(caps)} output caps for {len(texts)} texts")
    return caps


class TranslationBackend(ABC):
    """One model translating ONE direction (``"ar-en"`` or ``"en-ar"``).

    The :class:`~tarjama.translate.translator.Translator` owns batching, caching, splitting
    and length caps; a backend only counts tokens and decodes a batch.
    """

    name: str
    direction: str
    #: Whether :meth:`generate_constrained` forces terms into the output; the translation
    #: loop checks it before asking for constraints.
    supports_constraints: bool = False
    #: Batches the backend decodes at once (one per worker): the loop hands it that many
    #: batches' texts in one call, and the backend spreads them over its workers.
    parallel_batches: int = 1
    #: Tokens in the outputs this backend produced so far (throughput in the run summary).
    generated_tokens: int = 0

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

    def count_word_tokens(self, words: Sequence[str]) -> list[int]:
        """Tokens each of ``words`` takes inside a longer input, without the special and
        language tokens an input gets once (``count_tokens("")``). The loop splits a long
        text by adding these up, so that it tokenises each distinct word once instead of
        every candidate piece; the pieces it makes are then counted with
        :meth:`count_tokens`, so an estimate that is off costs a re-split, never a piece
        over the limit. By default ``count_tokens(word) - count_tokens("")``."""
        base = self.count_tokens("")
        return [max(0, self.count_tokens(word) - base) for word in words]

    def count_target_tokens(self, text: str) -> int:
        """Tokens ``text`` takes as output (a term that must fit under an output cap); by
        default counted as :meth:`count_tokens` counts inputs."""
        return self.count_tokens(text)

    def generate_constrained(
        self,
        texts: list[str],
        max_new_tokens: int | Sequence[int],
        settings: DecodingSettings,
        constraints: Sequence[Sequence[TermConstraint]],
    ) -> list[Translation]:
        """Translate ``texts`` as :meth:`generate` does, each containing one form of each of
        its ``constraints`` (``constraints[i]`` for ``texts[i]``, possibly none).

        A constraint that cannot be placed is listed in :attr:`Translation.missed` with its
        reason. Only backends with :attr:`supports_constraints` implement this.
        """
        raise NotImplementedError(f"{type(self).__name__} cannot constrain its output")

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
