"""Decoding settings: one frozen object, recorded with every translation for provenance."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any


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
    """

    beam_size: int = 4
    batch_size: int = 16
    max_length_ratio: float = 2.0
    max_length_offset: int = 10
    no_repeat_ngram_size: int = 5
    max_consecutive_repeats: int = 3
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

    def output_cap(self, source_tokens: int, model_limit: int, reserved: int = 0) -> int:
        """Most tokens the decoder may produce for a source of ``source_tokens`` tokens: at
        least ``reserved`` (the room its forced terms take), never above ``model_limit``."""
        wanted = math.ceil(self.max_length_ratio * source_tokens + self.max_length_offset)
        return max(1, min(model_limit, max(wanted, reserved)))

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
