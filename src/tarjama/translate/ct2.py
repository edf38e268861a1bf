"""CTranslate2 as a backend: the same Hugging Face model, converted once, decoded in C++.

The model is located as for :class:`~tarjama.translate.huggingface.HuggingFaceBackend`
(local folder, HF cache, hub), converted on first use into the user cache
(:mod:`~tarjama.translate.convert`) and loaded with ``compute_type`` (``int8`` by
default: a quarter of the memory, about twice the speed). OPUS-MT models are tokenised
with sentencepiece alone (:class:`~tarjama.translate.pieces.MarianPieces`), so a run that
finds its models converted imports neither torch nor transformers.

Decoding matches ``model.generate`` with the same settings (beam, no-repeat n-grams,
output caps): a Hugging Face model forces EOS at its length limit, so CTranslate2 is
asked for one token less there; the EOS itself is never part of the text. Batches are
submitted asynchronously, one per worker (``inter_threads``, one core each), the texts of a
call spread evenly over them.

Terms: CTranslate2 has no lexical constraints (its issue #739), so they are screened in
its n-best list, then forced through a target prefix (:mod:`~tarjama.translate.prefix`);
a text neither move can complete goes to the reference backend's constrained beam search
(:mod:`~tarjama.translate.constrained`), which keeps the guarantee.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from typing import Any

from tarjama.errors import ModelLoadError
from tarjama.translate.base import TranslationBackend, caps_for
from tarjama.translate.constrained import REASON_UNSPELLABLE, TermConstraint, Translation
from tarjama.translate.convert import ensure_converted, import_ctranslate2
from tarjama.translate.huggingface import HuggingFaceBackend, continues_word, input_limit
from tarjama.translate.models import one_line
from tarjama.translate.pieces import HuggingFacePieces, MarianPieces, Pieces, is_marian, read_json
from tarjama.translate.prefix import Alternatives, forced_prefix, rank_completions, unmet
from tarjama.translate.quiet import library_messages
from tarjama.translate.settings import DecodingSettings

COMPUTE_TYPES = ("int8", "float32")


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class _Engine:
    """A loaded model and this direction's tokens; a model that serves both directions
    (NLLB, M2M-100) is loaded once and its translator shared."""

    def __init__(self, translator: Any, pieces: Pieces, record: dict[str, Any], config: dict):
        self.translator = translator
        self.pieces = pieces
        self.record = record
        self.config = config


class CTranslate2Backend(TranslationBackend):
    supports_constraints = True

    def __init__(
        self,
        name: str,
        direction: str,
        compute_type: str = "int8",
        threads: int | None = None,
    ):
        if compute_type not in COMPUTE_TYPES:
            raise ValueError(f"compute_type is one of {', '.join(COMPUTE_TYPES)}")
        # Locates the model, converts from it, and is the fallback for hard constraints.
        self.reference = HuggingFaceBackend(name, direction)
        self.name = name
        self.direction = direction
        self.compute_type = compute_type
        # One core on each of as many batches at once: on two cores, beam 4, that decodes
        # 1.2x faster than both cores on one batch, and a single sentence 2x faster
        # (benchmarks/RESULTS.md); each worker has a workspace of its own.
        self.parallel_batches = threads or available_cpus()
        self._engine: _Engine | None = None
        self._shared: CTranslate2Backend | None = None  # the other direction, same model
        self._spelled: dict[tuple[str, ...], list[list[str]] | None] = {}

    # --- sharing and provenance ---------------------------------------------------------

    def model_key(self) -> str:
        return f"{self.reference.model_key()}|ctranslate2|{self.compute_type}"

    def share_model_with(self, other: TranslationBackend) -> None:
        if isinstance(other, CTranslate2Backend):
            self.reference.share_model_with(other.reference)
            self._shared = other

    @property
    def revision(self) -> str | None:
        return self.reference.revision

    def describe(self) -> dict[str, Any]:
        described = {**self.reference.describe(), "backend": "ctranslate2"}
        described["compute_type"] = self.compute_type
        if self._engine is not None:
            record = self._engine.record
            described["converted"] = {
                "ctranslate2": record.get("ctranslate2"),
                "source_revision": record.get("source_revision"),
            }
        return described

    # --- loading --------------------------------------------------------------------------

    @library_messages()
    def load(self) -> None:
        if self._engine is not None:
            return
        ctranslate2 = import_ctranslate2()
        location = self.reference._handle.local_location()
        assert location.path is not None
        pieces: Pieces
        if is_marian(location.path):
            try:
                pieces = MarianPieces(location.path, self.direction, self.name)
            except (OSError, RuntimeError, ValueError) as error:  # a damaged spm or vocab
                raise ModelLoadError(self.name, f"{location.path}: {one_line(error)}") from None
        else:
            pieces = HuggingFacePieces(self.reference)
        if self._shared is not None:
            translator, record = self._shared.engine.translator, self._shared.engine.record
        else:
            folder, record = ensure_converted(location, self.compute_type)
            try:
                translator = ctranslate2.Translator(
                    str(folder),
                    device="cpu",
                    compute_type=self.compute_type,
                    inter_threads=self.parallel_batches,
                    intra_threads=1,
                )
            except (OSError, RuntimeError, ValueError) as error:
                why = f"{folder}: {one_line(error)} (delete that folder to convert it again)"
                raise ModelLoadError(self.name, why) from None
        config = read_json(location.path / "config.json")
        self._engine = _Engine(translator, pieces, record, config)

    @property
    def engine(self) -> _Engine:
        self.load()
        assert self._engine is not None
        return self._engine

    @property
    def max_input_tokens(self) -> int:
        return input_limit(self._position_limit(), self.engine.pieces.model_max_length)

    @property
    def max_output_tokens(self) -> int:
        return self._position_limit() - 1

    def _position_limit(self) -> int:
        return int(self.engine.config.get("max_position_embeddings") or 512)

    def _eos_room(self) -> int:
        """1 where a Hugging Face model forces EOS at its cap (CTranslate2 then stops one
        token earlier, so that the texts match), else 0."""
        return 1 if self.engine.config.get("forced_eos_token_id") is not None else 0

    # --- tokens ---------------------------------------------------------------------------

    def count_tokens(self, text: str) -> int:
        return len(self.engine.pieces.source([text])[0])

    def count_word_tokens(self, words: Sequence[str]) -> list[int]:
        return self.engine.pieces.word_counts(words) if words else []

    def count_target_tokens(self, text: str) -> int:
        return len(self.engine.pieces.target([text])[0])

    def _continues(self, piece: Any) -> bool:
        return not self.engine.pieces.is_special(piece) and continues_word(piece)

    def _spell(self, constraint: TermConstraint) -> list[list[str]] | None:
        """The forms as target pieces (a form with unknown or special pieces dropped)."""
        if constraint.forms not in self._spelled:
            pieces = self.engine.pieces
            forms = [form.strip() for form in constraint.forms if form.strip()]
            spelled = [
                tokens
                for tokens in pieces.target(forms)
                if tokens and not any(pieces.is_special(piece) for piece in tokens)
            ]
            unique = list(dict.fromkeys(map(tuple, spelled)))
            self._spelled[constraint.forms] = [list(t) for t in unique] or None
        return self._spelled[constraint.forms]

    # --- decoding -------------------------------------------------------------------------

    def _start(self) -> list[str]:
        """Tokens every output starts with: the target-language token of NLLB, M2M-100."""
        token = self.engine.pieces.codes.forced_bos_token
        return [token] if token else []

    def _nbest(
        self,
        texts: Sequence[str],
        caps: Sequence[int],
        settings: DecodingSettings,
        prefixes: Sequence[list[str]] | None = None,
        alternatives: bool = False,
    ) -> list[list[list[str]]]:
        """Each text's hypotheses, best first, each cut to its cap; ``beam_size`` of them."""
        engine = self.engine
        sources = engine.pieces.source(texts)
        start = self._start()
        if prefixes is None:
            prefixes = [start] * len(texts)
        pending = []
        size = _chunk_size(len(texts), settings.batch_size, self.parallel_batches)
        for first in range(0, len(texts), size):
            chunk = slice(first, first + size)
            options: dict[str, Any] = {
                "beam_size": settings.beam_size,
                "num_hypotheses": settings.beam_size,
                "max_decoding_length": max(caps[chunk]) - self._eos_room(),
                "no_repeat_ngram_size": settings.no_repeat_ngram_size,
                "max_input_length": 0,  # never truncate: the loop keeps inputs in bounds
                "return_alternatives": alternatives,
                "asynchronous": True,
            }
            if any(prefixes[chunk]):
                options["target_prefix"] = [list(p) for p in prefixes[chunk]]
            pending.append(engine.translator.translate_batch(sources[chunk], **options))
        results = [result.result() for batch in pending for result in batch]
        return [
            [hypothesis[:cap] for hypothesis in result.hypotheses]
            for result, cap in zip(results, caps, strict=True)
        ]

    def _text(self, outputs: Sequence[Sequence[str]]) -> list[str]:
        skip = len(self._start())
        self.generated_tokens += sum(len(output) for output in outputs)
        return self.engine.pieces.decode([output[skip:] for output in outputs])

    @library_messages()
    def generate(
        self, texts: list[str], max_new_tokens: int | Sequence[int], settings: DecodingSettings
    ) -> list[str]:
        caps = caps_for(texts, max_new_tokens)
        if not texts:
            return []
        return self._text([nbest[0] for nbest in self._nbest(texts, caps, settings)])

    @library_messages()
    def generate_constrained(
        self,
        texts: list[str],
        max_new_tokens: int | Sequence[int],
        settings: DecodingSettings,
        constraints: Sequence[Sequence[TermConstraint]],
    ) -> list[Translation]:
        caps = caps_for(texts, max_new_tokens)
        if len(constraints) != len(texts):
            raise ValueError(f"{len(constraints)} constraint lists for {len(texts)} texts")
        if not texts:
            return []
        spelled = [[self._spell(term) for term in terms] for terms in constraints]
        terms = [[alts for alts in row if alts is not None] for row in spelled]
        outputs: list[list[str] | None] = [None] * len(texts)

        # 1. Screening: the best of the n-best that holds every term already.
        for index, nbest in enumerate(self._nbest(texts, caps, settings)):
            rank = rank_completions(nbest, 0, terms[index], self._continues)
            outputs[index] = nbest[rank if rank is not None else 0]
        forcing = [i for i in range(len(texts)) if unmet(outputs[i], terms[i], self._continues)]

        # 2. Forcing: the terms written into the best hypothesis, the rest completed.
        prefixes: dict[int, list[str]] = {}
        for index in forcing:
            start = self._start()
            limit = caps[index] - self._eos_room() - len(start)
            hypothesis = outputs[index][len(start) :]  # type: ignore[index]
            # Room for the terms (a cap always leaves it): a hypothesis that ran to its cap
            # is cut, so that the forced one still fits under the cap.
            room = sum(len(alternatives[0]) for alternatives in terms[index]) + 1
            hypothesis = hypothesis[: max(0, limit - room)]
            anchors = _anchors(texts[index], constraints[index], spelled[index])
            prefix = start + forced_prefix(hypothesis, terms[index], anchors, self._continues)
            if len(prefix) - len(start) < limit:
                prefixes[index] = prefix
        fallback = [i for i in forcing if i not in prefixes]
        for alternatives in (False, True):  # then alternatives at the first free position
            pending = [i for i in prefixes if unmet(outputs[i], terms[i], self._continues)]
            if not pending:
                break
            completions = self._nbest(
                [texts[i] for i in pending],
                [caps[i] for i in pending],
                settings,
                [prefixes[i] for i in pending],
                alternatives=alternatives,
            )
            for index, nbest in zip(pending, completions, strict=True):
                rank = rank_completions(nbest, len(prefixes[index]), terms[index], self._continues)
                if rank is not None:
                    outputs[index] = nbest[rank]
        fallback += [i for i in prefixes if unmet(outputs[i], terms[i], self._continues)]
        fallback.sort()

        # 3. What neither move placed: the reference backend's constrained beam search.
        results = [
            Translation(text, [(k, REASON_UNSPELLABLE) for k, a in enumerate(row) if a is None])
            for text, row in zip(self._text(outputs), spelled, strict=True)  # type: ignore[arg-type]
        ]
        if fallback:
            searched = self.reference.generate_constrained(
                [texts[i] for i in fallback],
                [caps[i] for i in fallback],
                settings,
                [constraints[i] for i in fallback],
            )
            for index, translation in zip(fallback, searched, strict=True):
                results[index] = translation
        return results


def _chunk_size(count: int, batch_size: int, workers: int) -> int:
    """Texts per batch: at most ``batch_size``, spread evenly over at least one batch per
    worker, so that no core idles beside a long batch (18 texts, 2 workers: 9 + 9)."""
    batches = max(math.ceil(count / batch_size), min(workers, count), 1)
    return max(1, math.ceil(count / batches))


def _anchors(
    text: str, terms: Sequence[TermConstraint], spelled: Sequence[Alternatives | None]
) -> list[float]:
    """Where each spellable term's source sits in ``text``, as a share of its length."""
    anchors = []
    for term, alternatives in zip(terms, spelled, strict=True):
        if alternatives is None:
            continue
        found = text.find(term.source) if term.source else -1
        middle = found + len(term.source) / 2 if found >= 0 else 0
        anchors.append(middle / max(1, len(text)))
    return anchors
