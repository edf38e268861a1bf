"""The translation loop, shared by every backend: de-duplicate, split, sort, batch, cap, guard."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from tarjama.errors import ModelSpecError
from tarjama.translate.base import TranslationBackend
from tarjama.translate.huggingface import HuggingFaceBackend
from tarjama.translate.models import DIRECTIONS, direction_of
from tarjama.translate.settings import DecodingSettings
from tarjama.translate.text import collapse_repeats, split_to_fit

BackendFactory = Callable[[str, str], TranslationBackend]  # (name or path, direction)
Progress = Callable[[int], None]


class Translator:
    """Translates lists of texts with one backend per direction, created on first use.

    ``models`` maps a direction (``"ar-en"``, ``"en-ar"``) to a model name or path, e.g.
    the result of :func:`~tarjama.translate.models.resolve_model_names`. Nothing is
    located or loaded until :meth:`prepare` or the first :meth:`translate` call for a
    direction.
    """

    def __init__(
        self,
        models: Mapping[str, str],
        settings: DecodingSettings = DecodingSettings(),  # noqa: B008 - frozen, shared safely
        backend_factory: BackendFactory = HuggingFaceBackend,
    ):
        for direction, name in models.items():
            if direction not in DIRECTIONS:
                raise ModelSpecError(f"{direction}={name}", f"unknown direction {direction!r}")
        self.models = dict(models)
        self.settings = settings
        self._backend_factory = backend_factory
        self._backends: dict[str, TranslationBackend] = {}
        # (direction, source text) -> translation: boilerplate is translated once.
        self._cache: dict[tuple[str, str], str] = {}

    def backend(self, direction: str) -> TranslationBackend:
        """The backend for ``direction``, created now if needed, sharing a loaded model
        with the other direction when both resolve to the same model."""
        if direction in self._backends:
            return self._backends[direction]
        if direction not in self.models:
            raise ModelSpecError(direction, "no model was given for this direction")
        backend = self._backend_factory(self.models[direction], direction)
        key = backend.model_key()
        for other in self._backends.values():
            if other.model_key() == key:
                backend.share_model_with(other)
                break
        self._backends[direction] = backend
        return backend

    def prepare(self, directions: Iterable[str]) -> None:
        """Create and load the backend of each direction now, so that a missing or broken
        model is reported before any work is done; other directions stay unloaded."""
        for direction in dict.fromkeys(directions):
            self.backend(direction).load()

    def translate(
        self,
        texts: Sequence[str],
        source_lang: str,
        target_lang: str,
        progress: Progress | None = None,
    ) -> list[str]:
        """Translations of ``texts``, in input order.

        Whitespace-only texts give "" without reaching the model. Texts are stripped.
        ``progress(n)`` is called after each batch with the number of input texts it
        completed (0 when a batch held only parts of longer texts), and once up front for
        texts answered from the cache; the calls add up to ``len(texts)``.
        """
        direction = direction_of(source_lang, target_lang)
        results: list[str | None] = [None] * len(texts)
        waiting: dict[str, list[int]] = {}  # stripped text -> its positions in ``texts``
        answered = 0
        for position, text in enumerate(texts):
            key = text.strip()
            known = "" if not key else self._cache.get((direction, key))
            if known is not None:
                results[position] = known
                answered += 1
            else:
                waiting.setdefault(key, []).append(position)
        if answered and progress:
            progress(answered)
        if waiting:
            self._translate_new(direction, waiting, results, progress)
        return [result if result is not None else "" for result in results]

    def _translate_new(
        self,
        direction: str,
        waiting: dict[str, list[int]],
        results: list[str | None],
        progress: Progress | None,
    ) -> None:
        backend = self.backend(direction)
        lengths: dict[str, int] = {}

        def count(text: str) -> int:
            if text not in lengths:
                lengths[text] = backend.count_tokens(text)
            return lengths[text]

        limit = backend.max_input_tokens
        pieces_of = {key: split_to_fit(key, limit, count) for key in waiting}
        needed_by: dict[str, list[str]] = {}  # piece -> the texts that contain it
        for key, pieces in pieces_of.items():
            for piece in dict.fromkeys(pieces):
                if (direction, piece) not in self._cache:
                    needed_by.setdefault(piece, []).append(key)
        missing = {key: 0 for key in waiting}
        for keys in needed_by.values():
            for key in keys:
                missing[key] += 1

        def finish(key: str) -> int:
            parts = (self._cache[(direction, piece)] for piece in pieces_of[key])
            translation = " ".join(part for part in parts if part)
            self._cache[(direction, key)] = translation
            for position in waiting[key]:
                results[position] = translation
            return len(waiting[key])

        done = sum(finish(key) for key, count_ in missing.items() if count_ == 0)
        if done and progress:
            progress(done)

        # Longest first: similar lengths share a batch, and memory trouble shows at once.
        order = sorted(needed_by, key=count, reverse=True)
        size = self.settings.batch_size
        for start in range(0, len(order), size):
            batch = order[start : start + size]
            outputs = self._generate(backend, batch, count)
            done = 0
            for piece, output in zip(batch, outputs, strict=True):
                self._cache[(direction, piece)] = output
                for key in needed_by[piece]:
                    missing[key] -= 1
                    if missing[key] == 0:
                        done += finish(key)
            if progress:
                progress(done)

    def _generate(
        self, backend: TranslationBackend, batch: list[str], count: Callable[[str], int]
    ) -> list[str]:
        settings = self.settings
        caps = [settings.output_cap(count(text), backend.max_output_tokens) for text in batch]
        outputs = backend.generate(batch, caps, settings)
        if len(outputs) != len(batch):
            raise RuntimeError(f"backend returned {len(outputs)} outputs for {len(batch)} inputs")
        guard = settings.max_consecutive_repeats
        return [collapse_repeats(output.strip(), guard) for output in outputs]

    def provenance(self) -> dict[str, Any]:
        """The models used so far (direction -> name, revision, path, kind) and settings."""
        return {
            "models": {direction: b.describe() for direction, b in self._backends.items()},
            "decoding": self.settings.as_dict(),
        }
