"""Decoding settings: one frozen object, recorded with every translation for provenance."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

#: Default longest model input, in tokens (``DecodingSettings.max_piece_tokens``).
#:
#: Decoding a piece costs more per token the longer the piece: every step attends over the
#: whole source and everything generated so far, and the decoder's key/value cache is
#: copied as it grows, so one piece costs about its length squared. Measured on a stand-in
#: the size of OPUS-MT (6+6 layers, d_model 512; beam 1, batches of 16, one CPU thread),
#: milliseconds per generated token at a piece length of 32 / 64 / 128 / 256 / 511 tokens:
#: 1.35 / 1.62 / 2.28 / 3.86 / 4.80. Up to 128 the cost per token stays within 1.7x of the
#: shortest pieces; at OPUS-MT's 512-token limit, where a 200 KB unpunctuated line (one
#: segment) used to be cut, it is 3.6x. Shorter pieces would be flatter still (1.2x at 64)
#: but would cut many ordinary long sentences; 128 tokens is about 90 English or 70 Arabic
#: words, so all but run-on sentences reach the model whole. A 128-token piece's output cap
#: (2 x 128 + 10 = 266 tokens) also stays below the model's 511 output positions, where a
#: 512-token piece had its output cut at the model limit. The pieces of a split text are
#: independent inputs, so the work grows linearly with the length of the text.
MAX_PIECE_TOKENS = 128


@dataclass(frozen=True)
class DecodingSettings:
    """How the model decodes.

    ``no_repeat_ngram_size`` is 5, counted in subword pieces: a loop is cut off after a few
    tokens, while a real sentence rarely repeats five pieces in a row. Smaller values hurt
    real output: 4 blocks "1,000,000,000" when split as ``1 , 000 , 000 , 000`` (", 000 ,
    000" twice) and 3 blocks a name said twice ("the United States"). 0 turns it off.

    ``max_consecutive_repeats`` is the text-level guard applied to every output, whatever
    the backend: a word or phrase repeated back to back more often than this is a decoder
    loop and is kept once. 0 turns it off.

    ``max_piece_tokens`` is the longest input the model is given: a longer text (a giant
    unpunctuated line, a run-on paragraph) is split at sentence ends, then clause marks,
    then between words, into pieces of at most this many tokens, translated in order and
    joined back into one translation. Each piece keeps its own output cap. See
    :data:`MAX_PIECE_TOKENS` for why 128.
    """

    beam_size: int = 4
    batch_size: int = 16
    max_length_ratio: float = 2.0
    max_length_offset: int = 10
    no_repeat_ngram_size: int = 5
    max_consecutive_repeats: int = 3
    max_piece_tokens: int = MAX_PIECE_TOKENS
    device: str = "cpu"

    def __post_init__(self) -> None:
        if self.beam_size < 1:
            raise ValueError(f"beam_size must be at least 1, not {self.beam_size}")
        if self.batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {self.batch_size}")
        if self.max_length_ratio <= 0 or self.max_length_offset < 0:
            raise ValueError("max_length_ratio must be > 0 and max_length_offset >= 0")
        if self.no_repeat_ngram_size < 0 or self.max_consecutive_repeats < 0:
            raise ValueError("no_repeat_ngram_size and max_consecutive_repeats must be >= 0")
        if self.max_piece_tokens < 1:
            raise ValueError(f"max_piece_tokens must be at least 1, not {self.max_piece_tokens}")

    def output_cap(self, source_tokens: int, model_limit: int, reserved: int = 0) -> int:
        """Most tokens the decoder may produce for a source of ``source_tokens`` tokens: at
        least ``reserved`` (the room its forced terms take), never above ``model_limit``."""
        wanted = math.ceil(self.max_length_ratio * source_tokens + self.max_length_offset)
        return max(1, min(model_limit, max(wanted, reserved)))

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
