"""Hard lexical constraints: terms a translation must contain, forced in while decoding.

transformers 5 dropped constrained beam search (``force_words_ids``), so the search runs
here, over a Hugging Face model: the encoder once per batch, then the decoder one token
at a time with its key/value cache, batched over texts and beams.

The search is dynamic beam allocation (Post & Vilar, NAACL 2018) in the vectorised form
of Hu et al. (NAACL 2019). Every step each text's candidates are the usual top ``2k``
continuations plus, for each hypothesis, its best next token and every token that
advances a constraint (:mod:`~tarjama.translate.constraints`). Candidates are grouped in
banks by constraint tokens met, and the beam is dealt out round-robin, best bank first,
so that hypotheses that placed more of their terms survive next to freer ones. EOS is
only allowed once every constraint is met; a hypothesis whose remaining room is just
enough for its unmet constraints may only take tokens that place them, so with a large
enough cap every term is placed.

A text without constraints goes through exactly the steps of transformers' own beam
search (``GenerationMixin._beam_search``, or greedy search for a beam of one): the same
logits processors in the same order, the same top-``2k`` candidates, finished
hypotheses scored with the same length penalty and early stopping. Its output ids are
those of ``model.generate``.

Neither torch nor transformers is imported until a search runs.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tarjama.translate.constraints import ConstraintTables, TokenConstraint
from tarjama.translate.settings import DecodingSettings

if TYPE_CHECKING:
    import torch

    from tarjama.translate.huggingface import HuggingFaceBackend

#: Why a constraint is missing from a translation (:attr:`Translation.missed`).
REASON_UNSPELLABLE = "the model's vocabulary cannot spell it"
REASON_CAP = "output cap reached before the term could be placed"
REASON_UNSUPPORTED = "the model cannot be constrained, and its translation lacks the term"
REASON_EMPTY = "the text to translate is empty"

__all__ = [
    "REASON_CAP",
    "REASON_EMPTY",
    "REASON_UNSPELLABLE",
    "REASON_UNSUPPORTED",
    "Hypothesis",
    "TermConstraint",
    "TokenConstraint",
    "Translation",
    "constrained_search",
]

_DEAD = -1.0e9  # transformers' score for placeholder beams and closed slots


@dataclass(frozen=True)
class TermConstraint:
    """One term a translation must contain: any one of ``forms`` (alternatives, canonical first)."""

    forms: tuple[str, ...]  # target-language surface strings, e.g. ("طالبان", "وطالبان", ...)
    source: str = ""  # the term's surface in the source text (picks the piece of a split text)

    def __post_init__(self) -> None:
        if isinstance(self.forms, str):
            raise TypeError("forms is a tuple of strings, not one string")
        object.__setattr__(self, "forms", tuple(self.forms))
        if not self.forms:
            raise ValueError("a term constraint needs at least one form")


@dataclass
class Translation:
    """A translation and the constraints it could not place."""

    text: str
    #: (index into this text's constraints, reason) for each constraint not placed
    missed: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class Hypothesis:
    """What the search returns for one text."""

    ids: list[int]  # the decoder start token, then the output (padded past its end)
    unmet: list[int]  # indices of the constraints it does not contain


def constrained_search(
    backend: HuggingFaceBackend,
    texts: Sequence[str],
    caps: Sequence[int],
    settings: DecodingSettings,
    constraints: Sequence[Sequence[TokenConstraint]],
) -> list[Hypothesis]:
    """Beam search over ``backend``'s model in which each text's output contains each of
    its ``constraints`` (one alternative of each) whenever its cap leaves room.

    ``caps[i]`` bounds the new tokens of text ``i``; texts without constraints decode as
    ``model.generate`` would with that cap.
    """
    if not (len(texts) == len(caps) == len(constraints)):
        counts = f"{len(texts)} texts, {len(caps)} caps, {len(constraints)} constraint lists"
        raise ValueError(counts)
    if not texts:
        return []
    import torch

    with torch.inference_mode():
        return _Search(backend, texts, caps, settings, constraints).run()


class _ExemptTokens:
    """Wraps ``NoRepeatNGramLogitsProcessor``: a token that places a constraint is never
    blocked for repeating an n-gram (a term may well repeat words of the text)."""

    def __init__(self, inner: Any):
        self.inner = inner
        self.rows: torch.Tensor | None = None
        self.tokens: torch.Tensor | None = None

    def __call__(self, ids: torch.Tensor, scores: torch.Tensor) -> torch.Tensor:
        processed = self.inner(ids, scores)
        if self.rows is not None and processed is not scores and len(self.rows):
            processed[self.rows, self.tokens] = scores[self.rows, self.tokens]
        return processed


class _ForcedEOSAtCap:
    """``ForcedEOSTokenLogitsProcessor`` with a cap per row: a row's last token is EOS."""

    def __init__(self, eos: Any):
        import torch

        self.eos = torch.as_tensor(eos).view(-1)
        self.rows: torch.Tensor | None = None  # bool [rows]: at their last step

    def __call__(self, ids: torch.Tensor, scores: torch.Tensor) -> torch.Tensor:
        import torch

        if self.rows is None or not bool(self.rows.any()):
            return scores
        forced = torch.full_like(scores[:1], -math.inf)
        forced[:, self.eos.to(scores.device)] = 0
        return torch.where(self.rows[:, None], forced, scores)


class _Search:
    """One batch: the state of every text's beam, advanced one token per :meth:`step`."""

    def __init__(
        self,
        backend: HuggingFaceBackend,
        texts: Sequence[str],
        caps: Sequence[int],
        settings: DecodingSettings,
        constraints: Sequence[Sequence[TokenConstraint]],
    ):
        import torch
        from transformers.generation.logits_process import (
            ForcedEOSTokenLogitsProcessor,
            NoRepeatNGramLogitsProcessor,
        )

        model = backend.model
        if str(model.device) != settings.device:
            model.to(settings.device)
        device = torch.device(settings.device)
        self.model = model
        self.device = device
        batch = backend.encode(texts, settings.device)
        encoded = backend.run_encoder(batch)

        # The generation config and logits processors that model.generate would build, from
        # the same options (one length setting: max_length, the longest cap plus the start).
        options = backend.generation_options(settings, max(caps))
        config, _ = model._prepare_generation_config(None, **options)
        model._prepare_special_tokens(config, True, device=device)
        self.beams = beams = settings.beam_size
        self.greedy = beams == 1  # model.generate then runs greedy search, not beam search
        self.length_penalty = float(config.length_penalty)
        self.early_stopping = True if self.greedy else config.early_stopping
        self.eos = config._eos_token_tensor.view(-1).to(device)
        start = int(config._decoder_start_token_tensor.view(-1)[0])
        pad = config._pad_token_tensor
        fill = int(pad.view(-1)[0]) if pad is not None else int(self.eos[0])

        self.processors: list[Any] = []
        self.exempt: _ExemptTokens | None = None
        self.forced_eos: _ForcedEOSAtCap | None = None
        processors = model._get_logits_processor(
            generation_config=config,
            input_ids_seq_length=1,
            encoder_input_ids=batch["input_ids"],
            device=device,
            model_kwargs={},
        )
        for processor in processors:
            if isinstance(processor, NoRepeatNGramLogitsProcessor):
                self.exempt = processor = _ExemptTokens(processor)
            elif isinstance(processor, ForcedEOSTokenLogitsProcessor):
                self.forced_eos = processor = _ForcedEOSAtCap(processor.eos_token_id)
            self.processors.append(processor)

        # Encoder states and mask, repeated for each beam as generate() expands them.
        hidden = encoded.last_hidden_state
        mask = batch["attention_mask"]
        if beams > 1:
            hidden = hidden.repeat_interleave(beams, dim=0)
            mask = mask.repeat_interleave(beams, dim=0)
        self.encoder_outputs = type(encoded)(last_hidden_state=hidden)
        self.encoder_mask = mask

        parameters = inspect.signature(model.forward).parameters
        self.cache_name = "cache" if "cache" in parameters else "past_key_values"
        self.cache: Any = None

        count = self.count = len(texts)
        self.caps = torch.tensor(list(caps), dtype=torch.long, device=device)
        self.longest = longest = max(caps) + 1
        self.tables = ConstraintTables(constraints, device)
        self.constrained = self.tables.any
        self.node, self.met = self.tables.initial(beams)
        #: hypotheses whose last token completed a term
        self.glued = torch.zeros((len(texts), beams), dtype=torch.bool, device=device)
        self.continuations = backend.word_continuations

        self.sequences = torch.full((count, beams, longest), fill, dtype=torch.long, device=device)
        self.sequences[:, :, 0] = start
        self.scores = torch.zeros((count, beams), dtype=torch.float, device=device)
        self.scores[:, 1:] = _DEAD
        self.finished = self.sequences.clone()
        self.finished_scores = torch.full((count, beams), _DEAD, dtype=torch.float, device=device)
        self.finished_done = torch.zeros((count, beams), dtype=torch.bool, device=device)
        self.improvable = torch.ones((count, 1), dtype=torch.bool, device=device)
        self.done = torch.zeros(count, dtype=torch.bool, device=device)
        # Best hypothesis that reached its cap with constraints unmet, per text.
        self.partial = self.sequences[:, 0].clone()
        self.partial_met = self.met[:, 0].clone()
        self.partial_found = torch.zeros(count, dtype=torch.bool, device=device)
        # Last position that can hold a constraint token: a forced EOS takes the last one.
        self.last_content = self.caps - 1 - (1 if self.forced_eos is not None else 0)

    # --- the loop -----------------------------------------------------------------------

    def run(self) -> list[Hypothesis]:
        for step in range(int(self.caps.max())):
            self.step(step)
            if bool(self.done.all()):
                break
        return self.results()

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        outputs = self.model(
            encoder_outputs=self.encoder_outputs,
            attention_mask=self.encoder_mask,
            decoder_input_ids=tokens,
            use_cache=True,
            return_dict=True,
            **{self.cache_name: self.cache},
        )
        self.cache = getattr(outputs, self.cache_name)
        return outputs.logits[:, -1, :].to(copy=True, dtype=self.scores.dtype)

    def step(self, step: int) -> None:
        import torch

        count, beams = self.count, self.beams
        rows = count * beams
        length = step + 1  # tokens so far, the decoder start included
        logits = self.forward(self.sequences[:, :, step].reshape(rows, 1))
        vocab = logits.shape[-1]

        if self.constrained:
            allowed, allowed_ok = self.tables.allowed(self.node, self.met)
        if self.exempt is not None:
            self.exempt.rows = None
            if self.constrained:
                where = allowed_ok.view(rows, -1).nonzero()
                self.exempt.rows = where[:, 0]
                self.exempt.tokens = allowed.view(rows, -1)[where[:, 0], where[:, 1]]
        if self.forced_eos is not None:
            self.forced_eos.rows = (self.caps == length).repeat_interleave(beams)

        # Log-probabilities through the processors, as beam search does; greedy search
        # processes the logits themselves and takes their argmax.
        scores = logits if self.greedy else torch.log_softmax(logits, dim=-1)
        history = self.sequences[:, :, :length].reshape(rows, length)
        for processor in self.processors:
            scores = processor(history, scores)
        if self.constrained:  # EOS only once every constraint is met (or at the cap)
            unmet = ~self.met.all(-1) & (self.caps > length)[:, None]
            scores[:, self.eos] = scores[:, self.eos].masked_fill(unmet.view(rows, 1), -math.inf)
        if self.constrained:  # a placed term ends a word: no piece may glue onto it
            glued = self.glued.view(rows, 1) & self.continuations(vocab).to(scores.device)
            scores = scores.masked_fill(glued, -math.inf)
        if self.greedy:
            choice = scores.argmax(-1)
            scores = torch.log_softmax(scores, dim=-1)
        totals = scores.view(count, beams, vocab) + self.scores[:, :, None]

        top_scores, top_index = torch.topk(totals.view(count, beams * vocab), 2 * beams, dim=1)
        if self.greedy:
            second = torch.where(top_index[:, 1] == choice, top_index[:, 0], top_index[:, 1])
            top_index = torch.stack([choice, second], dim=1)
            top_scores = totals.view(count, vocab).gather(1, top_index)
        beam = top_index // vocab
        token = top_index % vocab
        score = top_scores
        invalid = torch.zeros_like(token, dtype=torch.bool)
        if self.constrained:
            beam, token, score, invalid = self._add_constraint_candidates(
                totals, allowed, allowed_ok, top_index, beam, token, score
            )
        self._select(step, beam, token, score, invalid)

    def _add_constraint_candidates(
        self,
        totals: torch.Tensor,
        allowed: torch.Tensor,
        allowed_ok: torch.Tensor,
        top_index: torch.Tensor,
        beam: torch.Tensor,
        token: torch.Tensor,
        score: torch.Tensor,
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
        """Each hypothesis of a constrained text adds its best token and every token that
        advances a constraint; duplicates of other candidates are marked invalid."""
        import torch

        count, beams, vocab = totals.shape
        best = totals.argmax(-1)
        active = self.tables.active[:, None, None].expand(count, beams, 1)
        extra_tokens = torch.cat([allowed, best[..., None]], dim=-1)
        extra_ok = torch.cat([allowed_ok, active], dim=-1)
        width = extra_tokens.shape[-1]
        extra_beam = torch.arange(beams, device=self.device)[None, :, None].expand(count, -1, width)
        extra_scores = totals.gather(2, extra_tokens.clamp(min=0))
        extra_tokens = extra_tokens.reshape(count, -1)
        extra_beam = extra_beam.reshape(count, -1)
        extra_ok = extra_ok.reshape(count, -1)
        key = extra_beam * vocab + extra_tokens  # as top_index numbers candidates
        unique = -1 - torch.arange(key.shape[1], device=self.device)  # matches nothing
        key = torch.where(extra_ok, key, unique)
        repeated = (key[:, :, None] == top_index[:, None, :]).any(-1)
        same = key[:, :, None] == key[:, None, :]
        earlier = torch.ones_like(same[0]).tril(-1)
        repeated |= (same & earlier).any(-1)
        extra_invalid = ~extra_ok | repeated
        extra_scores = extra_scores.reshape(count, -1).masked_fill(extra_invalid, -math.inf)
        return (
            torch.cat([beam, extra_beam], dim=1),
            torch.cat([token, extra_tokens.clamp(min=0)], dim=1),
            torch.cat([score, extra_scores], dim=1),
            torch.cat([torch.zeros_like(beam, dtype=torch.bool), extra_invalid], dim=1),
        )

    def _select(
        self,
        step: int,
        beam: torch.Tensor,
        token: torch.Tensor,
        score: torch.Tensor,
        invalid: torch.Tensor,
    ) -> None:
        """Finish and keep hypotheses among the candidates (all ``[texts, candidates]``)."""
        import torch

        count, beams = self.count, self.beams
        candidates = token.shape[1]
        length = step + 1
        banks = self.tables.banks
        hits = torch.isin(token, self.eos) | (self.caps <= length)[:, None]

        if self.constrained:
            node = self.node.gather(1, beam)
            met = self.met.gather(1, beam[..., None].expand(-1, -1, self.met.shape[-1]))
            state = self.tables.advance(node, met, token)
            bank = state.bank
            complete = state.complete
            # Candidates that can no longer fit their unmet constraints, and dead ones,
            # come after every other candidate of a constrained text.
            room = (self.last_content - step)[:, None]
            doomed = (state.need > 0) & (state.need > room)
            demoted = (doomed | (score <= _DEAD / 2)) & self.tables.active[:, None]
            # Rank within a bank by score; deal the beam out round-robin, best bank first.
            by_score = torch.sort(score, dim=1, descending=True, stable=True).indices
            sorted_bank = bank.gather(1, by_score)
            one_hot = torch.nn.functional.one_hot(sorted_bank, banks)
            sorted_rank = (one_hot.cumsum(1) * one_hot).sum(-1) - 1
            rank = torch.empty_like(sorted_rank).scatter_(1, by_score, sorted_rank)
            key = rank * banks + (banks - 1 - bank)
            spread = candidates * banks
            key = key + demoted * spread + invalid * (2 * spread)
            order = torch.sort(key, dim=1, stable=True).indices
            running_key = key + hits * (4 * spread)
        else:  # transformers' order: the top-2k candidates as they come
            complete = torch.ones_like(hits)
            order = torch.arange(candidates, device=self.device).expand(count, -1)
            running_key = order + hits * candidates

        # Finished hypotheses, as transformers keeps them: the top k candidates that end
        # now (with every constraint met) compete with those kept so far.
        top = order[:, :beams]
        ends = (hits & complete).gather(1, top)
        ended = score.gather(1, top) / (length**self.length_penalty)
        full = self.finished_done.all(-1, keepdim=True) & (self.early_stopping is True)
        ended = ended + full.to(torch.float32) * _DEAD
        ended = ended + (~self.improvable).to(torch.float32) * _DEAD
        ended = ended + (~ends) * _DEAD
        ended = ended + (self.caps < length)[:, None] * _DEAD  # past its cap: closed
        ended_sequences = self._extend(beam.gather(1, top), token.gather(1, top), length)
        merged = torch.cat([self.finished_scores, ended], dim=1)
        keep = torch.topk(merged, beams, dim=1).indices
        self.finished_scores = merged.gather(1, keep)
        self.finished = torch.cat([self.finished, ended_sequences], dim=1).gather(
            1, keep[..., None].expand(-1, -1, self.longest)
        )
        self.finished_done = torch.cat([self.finished_done, ends], dim=1).gather(1, keep)

        if self.constrained:
            self._keep_partial(step, beam, token, score, invalid, state)

        # The next beam: the first k candidates in order that have not ended.
        running = torch.sort(running_key, dim=1, stable=True).indices[:, :beams]
        chosen_beam = beam.gather(1, running)
        self.sequences = self._extend(chosen_beam, token.gather(1, running), length)
        self.scores = score.gather(1, running)
        if self.constrained:
            self.node = state.node.gather(1, running)
            new_met = state.met.gather(1, running[..., None].expand(-1, -1, self.met.shape[-1]))
            parent_met = met.gather(1, running[..., None].expand(-1, -1, self.met.shape[-1]))
            self.glued = new_met.sum(-1) > parent_met.sum(-1)
            self.met = new_met
        if beams > 1:
            offsets = torch.arange(count, device=self.device)[:, None] * beams
            self._reorder_cache((offsets + chosen_beam).view(-1))

        # When to stop, as transformers decides it (per text, with its own cap).
        if self.early_stopping == "never" and self.length_penalty > 0.0:
            best_length = torch.tensor(
                [float(cap) ** self.length_penalty for cap in self.caps.tolist()],
                dtype=torch.float32,
                device=self.device,
            )[:, None]
        else:
            best_length = float(length) ** self.length_penalty
        best_running = self.scores.amax(-1, keepdim=True) / best_length
        worst_finished = torch.where(
            self.finished_done,
            self.finished_scores.amin(-1, keepdim=True),
            torch.full_like(self.finished_scores, _DEAD),
        )
        self.improvable &= (best_running > worst_finished).any(-1, keepdim=True)
        self.done |= ~self.improvable[:, 0] | (self.caps <= length)
        if self.early_stopping is True:
            self.done |= self.finished_done.all(-1)

    def _extend(self, beam: torch.Tensor, token: torch.Tensor, length: int) -> torch.Tensor:
        """Sequences of the chosen beams with ``token`` appended at ``length``."""
        sequences = self.sequences.gather(1, beam[..., None].expand(-1, -1, self.longest))
        sequences[:, :, length] = token
        return sequences

    def _keep_partial(
        self,
        step: int,
        beam: torch.Tensor,
        token: torch.Tensor,
        score: torch.Tensor,
        invalid: torch.Tensor,
        state: Any,
    ) -> None:
        """At a constrained text's cap, remember its best hypothesis with constraints
        unmet: most constraints placed first, then score."""
        import torch

        last = (self.caps == step + 1) & self.tables.active
        if not bool(last.any()):
            return
        eligible = ~invalid & ~state.complete & (score > -math.inf)
        value = state.placed.double() * 1.0e12 + score.double().clamp(min=-1.0e11)
        value = value.masked_fill(~eligible, -math.inf)
        best = value.argmax(1)
        found = last & eligible.any(1)
        best = best[:, None]
        sequences = self._extend(beam.gather(1, best), token.gather(1, best), step + 1)
        met = state.met[torch.arange(self.count, device=self.device), best[:, 0]]
        self.partial = torch.where(found[:, None], sequences[:, 0], self.partial)
        self.partial_met = torch.where(found[:, None], met, self.partial_met)
        self.partial_found |= found

    def _reorder_cache(self, index: torch.Tensor) -> None:
        if hasattr(self.cache, "reorder_cache"):
            self.cache.reorder_cache(index)
        else:  # older transformers: tuples, reordered by the model class
            self.cache = self.model._reorder_cache(self.cache, index)

    def results(self) -> list[Hypothesis]:
        real = self.tables.real
        results = []
        for text in range(self.count):
            if bool(self.finished_done[text].any()) or not bool(self.partial_found[text]):
                ids = self.finished[text, 0]
                unmet: list[int] = []
                if not bool(self.finished_done[text].any()):  # never happens with a cap
                    ids = self.sequences[text, 0]
                    unmet = (real[text] & ~self.met[text, 0]).nonzero().view(-1).tolist()
            else:
                ids = self.partial[text]
                unmet = (real[text] & ~self.partial_met[text]).nonzero().view(-1).tolist()
            results.append(Hypothesis(ids=ids.tolist(), unmet=unmet))
        return results
