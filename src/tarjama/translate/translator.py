"""The translation loop, shared by every backend: de-duplicate, split, sort, batch, cap, guard."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from tarjama.errors import ModelSpecError
from tarjama.translate.backends import BackendFactory
from tarjama.translate.base import TranslationBackend
from tarjama.translate.constrained import (
    REASON_EMPTY,
    REASON_UNSUPPORTED,
    TermConstraint,
    Translation,
)
from tarjama.translate.huggingface import HuggingFaceBackend
from tarjama.translate.models import DIRECTIONS, direction_of
from tarjama.translate.quiet import library_messages
from tarjama.translate.settings import DecodingSettings
from tarjama.translate.text import CountWords, collapse_repeats, split_spans

Progress = Callable[[int], None]
Job = tuple[str, tuple[TermConstraint, ...]]  # (text, the terms its translation must contain)

#: Output tokens a constrained text's cap keeps beyond its terms' longest forms: EOS, a
#: forced language token, and a little room to move.
CONSTRAINT_SLACK = 4


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
        # (direction, source text, its terms) -> translation: boilerplate is translated once.
        self._cache: dict[tuple[str, str, tuple[TermConstraint, ...]], Translation] = {}
        self._form_lengths: dict[tuple[str, str], int] = {}  # (direction, form) -> tokens

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
        with library_messages():
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

        Whitespace-only texts give "" without reaching the model. Texts are stripped. A
        text longer than :meth:`piece_budget` tokens is split (sentence ends, then clause
        marks, then spaces) into pieces that are translated apart, each with its own output
        cap, and joined back in order into its one translation.

        ``progress(n)`` is called after each batch with the number of input texts it
        completed (0 when a batch held only parts of longer texts), and once up front for
        texts answered from the cache; the calls add up to ``len(texts)``.
        """
        direction = direction_of(source_lang, target_lang)
        jobs = [(text, ()) for text in texts]
        return [result.text for result in self._translate(direction, jobs, progress)]

    def translate_constrained(
        self,
        texts: Sequence[str],
        source_lang: str,
        target_lang: str,
        constraints: Sequence[Sequence[TermConstraint]],
        progress: Progress | None = None,
    ) -> list[Translation]:
        """Translations of ``texts`` that contain their terms: ``constraints[i]`` lists the
        terms of ``texts[i]`` (possibly none), each placed as one of its forms.

        Everything else is as in :meth:`translate`. A term that could not be placed is
        listed in :attr:`Translation.missed` (its index in ``constraints[i]`` and why); a
        backend that cannot constrain its output translates freely and misses every term
        its translation happens to lack. When a long text is split, no cut falls inside
        a term's ``source`` while another will do, and each term goes with the piece that
        holds the first occurrence of its ``source`` (the first piece if none does).
        """
        if len(constraints) != len(texts):
            raise ValueError(f"{len(constraints)} constraint lists for {len(texts)} texts")
        direction = direction_of(source_lang, target_lang)
        jobs = [(text, tuple(terms)) for text, terms in zip(texts, constraints, strict=True)]
        return self._translate(direction, jobs, progress)

    def _translate(
        self, direction: str, jobs: Sequence[Job], progress: Progress | None
    ) -> list[Translation]:
        results: list[Translation | None] = [None] * len(jobs)
        waiting: dict[Job, list[int]] = {}  # (stripped text, terms) -> its positions
        answered = 0
        for position, (text, terms) in enumerate(jobs):
            job = (text.strip(), terms)
            if not job[0]:
                known: Translation | None = Translation(
                    "", [(index, REASON_EMPTY) for index in range(len(terms))]
                )
            else:
                known = self._cache.get((direction, *job))
            if known is not None:
                results[position] = known
                answered += 1
            else:
                waiting.setdefault(job, []).append(position)
        if answered and progress:
            progress(answered)
        if waiting:
            # One block for the whole call: the backend's own blocks nest in it for free.
            with library_messages():
                self._translate_new(direction, waiting, results, progress)
        return [_copy(result) if result is not None else Translation("") for result in results]

    def _translate_new(
        self,
        direction: str,
        waiting: dict[Job, list[int]],
        results: list[Translation | None],
        progress: Progress | None,
    ) -> None:
        backend = self.backend(direction)
        lengths: dict[str, int] = {}

        def count(text: str) -> int:
            if text not in lengths:
                lengths[text] = backend.count_tokens(text)
            return lengths[text]

        budget = self.piece_budget(backend)
        count_words = backend.count_word_tokens
        plans = {job: _plan(job, budget, count, count_words) for job in waiting}
        needed_by: dict[Job, list[Job]] = {}  # piece -> the jobs that contain it
        for job, plan in plans.items():
            for piece in dict.fromkeys(piece for piece, _ in plan):
                if (direction, *piece) not in self._cache:
                    needed_by.setdefault(piece, []).append(job)
        missing = {job: 0 for job in waiting}
        for jobs in needed_by.values():
            for job in jobs:
                missing[job] += 1

        def finish(job: Job) -> int:
            texts: list[str] = []
            missed: list[tuple[int, str]] = []
            for piece, indices in plans[job]:
                part = self._cache[(direction, *piece)]
                if part.text:
                    texts.append(part.text)
                missed.extend((indices[index], reason) for index, reason in part.missed)
            text = " ".join(texts)
            if len(plans[job]) > 1:  # a loop may run across the pieces' seam
                text = self._guard(text, job[1], missed)
            translation = Translation(text, sorted(missed))
            self._cache[(direction, *job)] = translation
            for position in waiting[job]:
                results[position] = translation
            return len(waiting[job])

        done = sum(finish(job) for job, count_ in missing.items() if count_ == 0)
        if done and progress:
            progress(done)

        # Longest first: similar lengths share a batch, and memory trouble shows at once.
        # Texts with terms are batched apart: only they go through the constrained search.
        order = sorted(needed_by, key=lambda piece: count(piece[0]), reverse=True)
        routes = [
            [piece for piece in order if not piece[1]],
            [piece for piece in order if piece[1]],
        ]
        size = self.settings.batch_size * max(1, backend.parallel_batches)
        batches = [route[i : i + size] for route in routes for i in range(0, len(route), size)]
        for batch in batches:
            outputs = self._generate(backend, batch, count)
            done = 0
            for piece, output in zip(batch, outputs, strict=True):
                self._cache[(direction, *piece)] = output
                for job in needed_by[piece]:
                    missing[job] -= 1
                    if missing[job] == 0:
                        done += finish(job)
            if progress:
                progress(done)

    def piece_budget(self, backend: TranslationBackend) -> int:
        """Most tokens of one input to ``backend``: a longer text is split into pieces of
        at most this many (:attr:`DecodingSettings.max_piece_tokens`, or less for a model
        with a smaller input limit)."""
        return max(1, min(self.settings.max_piece_tokens, backend.max_input_tokens))

    def _generate(
        self, backend: TranslationBackend, batch: list[Job], count: Callable[[str], int]
    ) -> list[Translation]:
        settings = self.settings
        texts = [text for text, _ in batch]
        caps = [
            settings.output_cap(count(text), backend.max_output_tokens, self._room(backend, terms))
            for text, terms in batch
        ]
        if any(terms for _, terms in batch) and backend.supports_constraints:
            terms_of = [list(terms) for _, terms in batch]
            outputs = backend.generate_constrained(texts, caps, settings, terms_of)
        else:
            plain = backend.generate(texts, caps, settings)
            outputs = [
                Translation(text, _unplaced(text, terms))
                for text, (_, terms) in zip(plain, batch, strict=False)
            ]
        if len(outputs) != len(batch):
            raise RuntimeError(f"backend returned {len(outputs)} outputs for {len(batch)} inputs")
        return [
            Translation(self._guard(output.text.strip(), terms, output.missed), list(output.missed))
            for output, (_, terms) in zip(outputs, batch, strict=True)
        ]

    def _guard(
        self, text: str, terms: Sequence[TermConstraint], missed: Sequence[tuple[int, str]]
    ) -> str:
        """``text`` with decoder loops cut (the repetition guard), never losing a placed term."""
        unplaced = {index for index, _ in missed}
        placed = [
            form
            for index, term in enumerate(terms)
            if index not in unplaced
            for form in term.forms
            if form in text
        ]
        return collapse_repeats(text, self.settings.max_consecutive_repeats, keep=placed)

    def _room(self, backend: TranslationBackend, terms: Sequence[TermConstraint]) -> int:
        """Output tokens that ``terms`` need at most, with slack for EOS and a language token."""
        if not terms:
            return 0
        longest = 0
        for term in terms:
            longest += max(self._target_tokens(backend, form) for form in term.forms)
        return longest + CONSTRAINT_SLACK

    def _target_tokens(self, backend: TranslationBackend, form: str) -> int:
        key = (backend.direction, form)
        if key not in self._form_lengths:
            self._form_lengths[key] = backend.count_target_tokens(form)
        return self._form_lengths[key]

    @property
    def generated_tokens(self) -> int:
        """Tokens in the model outputs of this translator so far, over both directions."""
        return sum(backend.generated_tokens for backend in self._backends.values())

    def provenance(self) -> dict[str, Any]:
        """The models used so far (direction -> name, revision, path, kind) and settings."""
        return {
            "models": {direction: b.describe() for direction, b in self._backends.items()},
            "decoding": self.settings.as_dict(),
        }


def _plan(
    job: Job, limit: int, count: Callable[[str], int], count_words: CountWords | None = None
) -> list[tuple[Job, list[int]]]:
    """The pieces of a job that fit ``limit``, each with its terms, and the index in the
    job's terms of each: a term goes with the piece that holds the first occurrence of its
    ``source`` (the splitter cuts inside no occurrence while it has another choice), or
    with the first piece if the text does not contain it."""
    text, terms = job
    sources = [term.source for term in terms if term.source]
    spans = split_spans(text, limit, count, count_words, keep=sources)
    pieces = [text[start:end] for start, end in spans]
    if not terms:
        return [((piece, ()), []) for piece in pieces]
    starts = [start for start, _ in spans]
    assigned: list[list[int]] = [[] for _ in pieces]
    for index, term in enumerate(terms):
        found = text.find(term.source) if term.source else -1
        where = max(0, bisect_right(starts, found) - 1) if found >= 0 else 0
        assigned[where].append(index)
    return [
        ((piece, tuple(terms[index] for index in indices)), indices)
        for piece, indices in zip(pieces, assigned, strict=True)
    ]


def _unplaced(text: str, terms: Sequence[TermConstraint]) -> list[tuple[int, str]]:
    """Terms that a free translation lacks (no form appears in it)."""
    return [
        (index, REASON_UNSUPPORTED)
        for index, term in enumerate(terms)
        if not any(form in text for form in term.forms)
    ]


def _copy(translation: Translation) -> Translation:
    return Translation(translation.text, list(translation.missed))
