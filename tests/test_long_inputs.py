"""Long inputs (issue 8): a giant line is split into pieces the model decodes at a flat cost
per token, tokenised once, never truncated, joined back into one translation."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from tarjama.translate import (
    MAX_PIECE_TOKENS,
    DecodingSettings,
    TermConstraint,
    Translation,
    TranslationBackend,
    Translator,
)
from tarjama.translate.text import split_characters, split_spans, split_to_fit
from test_translate import GenerationSpy, opus_generation_config

VOCABULARY_EN = [
    *("the", "government", "announced", "new", "plan", "to", "improve", "public", "transport"),
    *("in", "capital", "prices", "of", "fuel", "and", "bread", "rose", "sharply", "last"),
    *("month", "according", "official", "figures", "foreign", "minister"),
]
VOCABULARY_AR = [
    *("أعلنت", "الحكومة", "خطة", "جديدة", "لتحسين", "النقل", "العام", "في", "العاصمة"),
    *("ارتفعت", "أسعار", "الوقود"),
]


def unpunctuated(words: int, vocabulary: tuple[str, ...] | list[str], seed: int = 0) -> str:
    """A line of ``words`` words and no punctuation at all, as scraped text can be."""
    rng = random.Random(seed)
    return " ".join(rng.choice(vocabulary) for _ in range(words))


def build_opus_like(folder: Path, source: str, target: str, seed: int = 0) -> Path:
    """A stand-in with OPUS-MT's input limit (512) and generation config: ``max_length``
    512 and ``num_beams`` 4 in generation_config.json, which is what made transformers warn
    on every batch when tarjama passed ``max_new_tokens``."""
    from standins import build_standin_marian

    return opus_generation_config(
        build_standin_marian(folder, source, target, max_positions=512, seed=seed)
    )


@pytest.fixture(scope="module")
def opus_like(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("opus-like")
    return {
        "en-ar": build_opus_like(root / "en-ar", "en", "ar", seed=1),
        "ar-en": build_opus_like(root / "ar-en", "ar", "en", seed=2),
    }


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


class CountingBackend(TranslationBackend):
    """A word is a token (+1 for EOS); 'translates' by upper-casing; counts tokenisations."""

    def __init__(self, name: str, direction: str, limit: int = 512, loop: str | None = None):
        self.name = name
        self.direction = direction
        self.limit = limit
        self.loop = loop
        self.counted: list[str] = []  # every text count_tokens was asked about
        self.word_calls: list[list[str]] = []
        self.batches: list[tuple[list[str], list[int], list[list[TermConstraint]] | None]] = []
        self.supports_constraints = True

    @property
    def revision(self) -> str:
        return "fake"

    @property
    def max_input_tokens(self) -> int:
        return self.limit

    def count_tokens(self, text: str) -> int:
        self.counted.append(text)
        return len(text.split()) + 1

    def count_word_tokens(self, words):
        self.word_calls.append(list(words))
        return [1] * len(words)

    def generate(self, texts, max_new_tokens, settings):
        self.batches.append((list(texts), list(max_new_tokens), None))
        return [self.loop if self.loop is not None else text.upper() for text in texts]

    def generate_constrained(self, texts, max_new_tokens, settings, constraints):
        self.batches.append((list(texts), list(max_new_tokens), [list(c) for c in constraints]))
        return [
            Translation(" ".join([text.upper(), *(term.forms[0] for term in terms)]))
            for text, terms in zip(texts, constraints, strict=True)
        ]

    def describe(self) -> dict[str, Any]:
        return {"name": self.name, "revision": "fake", "path": None, "kind": "fake"}


def counting_translator(settings: DecodingSettings | None = None, **options: Any):
    backends: list[CountingBackend] = []

    def factory(name: str, direction: str) -> CountingBackend:
        backends.append(CountingBackend(name, direction, **options))
        return backends[-1]

    models = {"en-ar": "fake-en-ar", "ar-en": "fake-ar-en"}
    return Translator(models, settings or DecodingSettings(), factory), backends


def pieces_of(backend: CountingBackend) -> list[str]:
    return [text for texts, _, _ in backend.batches for text in texts]


# --- the split, with a backend that counts words ----------------------------------------


def test_regression_giant_unpunctuated_line_is_split_into_pieces_within_the_limit():
    # No repetition guard: a random line repeats a word four times here and there, and the
    # guard would (rightly) keep it once in the 'translation'.
    translator, backends = counting_translator(DecodingSettings(max_consecutive_repeats=0))
    text = unpunctuated(40_000, VOCABULARY_EN)  # about 250 KB: one segment, no punctuation
    (result,) = translator.translate([text], "en", "ar")
    (backend,) = backends
    pieces = pieces_of(backend)
    budget = translator.piece_budget(backend)
    assert budget == MAX_PIECE_TOKENS < backend.max_input_tokens
    assert len(pieces) >= 40_000 // (budget - 1)
    assert all(backend.count_tokens(piece) <= budget for piece in pieces)
    # Every word reaches exactly one piece, in order; nothing truncated or rewritten.
    spans = split_spans(text, budget, lambda t: len(t.split()) + 1)
    in_order = [text[start:end] for start, end in spans]
    assert set(in_order) == set(pieces)
    assert [word for piece in in_order for word in piece.split()] == text.split()
    # One translation string for the one input: its pieces' translations joined in order.
    assert isinstance(result, str)
    assert result.split() == text.upper().split()


def test_regression_a_giant_line_is_tokenised_once_not_once_per_word():
    translator, backends = counting_translator()
    text = unpunctuated(20_000, VOCABULARY_EN)
    translator.translate([text], "en", "ar")
    (backend,) = backends
    pieces = set(pieces_of(backend))
    # The whole text once, "" once (the per-input tokens), each piece once: the old split
    # counted every candidate piece again after each word it added.
    assert backend.counted.count(text) == 1
    assert len(backend.counted) <= len(pieces) + 2
    assert sum(len(piece) for piece in backend.counted) <= 2 * len(text) + len(backend.counted)
    (distinct,) = backend.word_calls  # each distinct word, in one call
    assert sorted(distinct) == sorted(set(VOCABULARY_EN))


def test_long_text_prefers_sentence_then_clause_boundaries():
    words = lambda text: len(text.split())  # noqa: E731
    first = " ".join(["alpha"] * 5) + "."
    clause = " ".join(["beta"] * 4) + ","
    tail = " ".join(["gamma"] * 7)
    text = f"{first} {clause} {tail}"
    assert split_to_fit(text, 9, words) == [first, clause, tail]
    assert split_to_fit(text, 12, words) == [first, f"{clause} {tail}"]
    assert split_to_fit(text, 20, words) == [text]


def test_pieces_are_slices_of_the_text_and_whitespace_is_kept_inside():
    words = lambda text: len(text.split())  # noqa: E731
    text = "  one\ttwo  three\nfour five six  "
    spans = split_spans(text, 2, words)
    assert [text[start:end] for start, end in spans] == ["one\ttwo", "three\nfour", "five six"]
    assert split_spans("   ", 2, words) == []


def test_a_wrong_estimate_costs_a_resplit_never_a_piece_over_the_limit():
    def real(text: str) -> int:
        return 3 * len(text.split()) + 1  # every word is three tokens

    def estimate(words):
        return [1] * len(words)  # the backend says one

    text = unpunctuated(500, VOCABULARY_EN) + ". " + unpunctuated(300, VOCABULARY_EN, seed=1)
    spans = split_spans(text, 40, real, estimate)
    pieces = [text[start:end] for start, end in spans]
    assert all(real(piece) <= 40 for piece in pieces)
    assert [word for piece in pieces for word in piece.split()] == text.split()


def test_regression_a_giant_word_is_cut_without_counting_the_rest_of_it_each_time():
    probes: list[int] = []

    def count(text: str) -> int:
        probes.append(len(text))
        return len(text)

    pieces = split_characters("x" * 100_000, 0, 100_000, 100, count)
    assert pieces == [(start, start + 100) for start in range(0, 100_000, 100)]
    # The old bisection tokenised the whole remaining word for every piece: quadratic.
    assert max(probes) <= 200
    assert len(probes) <= 12 * len(pieces)


def test_a_giant_word_inside_a_long_text_is_cut_between_characters():
    words = lambda text: sum(1 + len(word) // 10 for word in text.split())  # noqa: E731
    blob = "a1b2c3d4e5" * 100  # one "word" of 101 tokens
    text = f"before the blob {blob} after the blob"
    pieces = split_to_fit(text, 20, words)
    assert all(words(piece) <= 20 for piece in pieces)
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "")


def test_a_cut_never_falls_inside_a_term_while_another_will_do():
    words = lambda text: len(text.split())  # noqa: E731
    text = "one two three Zamir Kabulov said four five six seven"
    assert split_to_fit(text, 4, words) == [
        "one two three Zamir",
        "Kabulov said four five",
        "six seven",
    ]
    kept = split_to_fit(text, 4, words, keep=["Zamir Kabulov"])
    assert "Zamir Kabulov" in kept[1]
    assert all(words(piece) <= 4 for piece in kept)
    assert " ".join(kept) == text


def test_glossary_term_in_a_long_segment_goes_with_the_piece_that_holds_it():
    translator, backends = counting_translator(limit=30)  # 29 words a piece, + EOS
    before = unpunctuated(28, VOCABULARY_EN)  # a plain cut would fall inside the name
    after = unpunctuated(200, VOCABULARY_EN, seed=3)
    text = f"{before} Zamir Kabulov {after}"
    kabulov = TermConstraint(("زامير كابولوف",), source="Zamir Kabulov")
    elsewhere = TermConstraint(("غائب",), source="not in the text")
    (result,) = translator.translate_constrained([text], "en", "ar", [[elsewhere, kabulov]])
    (backend,) = backends
    sent: dict[str, list[TermConstraint]] = {}
    for texts, _, constraints in backend.batches:
        for piece, terms in zip(texts, constraints or [[]] * len(texts), strict=True):
            sent[piece] = terms
    holding = [piece for piece in sent if "Zamir Kabulov" in piece]
    assert len(holding) == 1 and sent[holding[0]] == [kabulov]
    first = next(piece for piece in sent if text.startswith(piece))
    assert sent[first] == [elsewhere]
    assert all(terms == [] for piece, terms in sent.items() if piece not in (first, holding[0]))
    assert result.missed == []
    assert "زامير كابولوف" in result.text and "غائب" in result.text


def test_regression_a_loop_across_the_seam_of_two_pieces_is_cut():
    translator, _ = counting_translator(limit=10, loop="and then and then")
    text = unpunctuated(25, VOCABULARY_EN)  # three pieces, each 'translated' by the loop
    (result,) = translator.translate([text], "en", "ar")
    assert result == "and then"  # each piece repeats it twice; the joined text six times


def test_the_piece_size_is_a_setting_and_never_exceeds_the_model_limit():
    translator, _ = counting_translator(DecodingSettings(max_piece_tokens=16), limit=12)
    assert translator.piece_budget(translator.backend("en-ar")) == 12
    translator, _ = counting_translator(DecodingSettings(max_piece_tokens=16))
    assert translator.piece_budget(translator.backend("en-ar")) == 16
    assert DecodingSettings().as_dict()["max_piece_tokens"] == MAX_PIECE_TOKENS  # provenance
    with pytest.raises(ValueError, match="max_piece_tokens"):
        DecodingSettings(max_piece_tokens=0)


def test_a_text_within_the_piece_size_is_not_split():
    translator, backends = counting_translator()
    text = unpunctuated(MAX_PIECE_TOKENS - 1, VOCABULARY_EN)  # + EOS: exactly the budget
    translator.translate([text], "en", "ar")
    assert pieces_of(backends[0]) == [text]
    assert backends[0].word_calls == []  # no word counting when the text fits


# --- with a stand-in model that takes 512 tokens, as OPUS-MT does -----------------------


@pytest.mark.slow
def test_regression_giant_line_reaches_the_model_in_pieces_within_its_caps(opus_like):
    settings = DecodingSettings(beam_size=1)
    translator = Translator(opus_like, settings)
    backend = translator.backend("en-ar")
    spy = GenerationSpy(backend)
    text = unpunctuated(900, VOCABULARY_EN)
    assert backend.count_tokens(text) > backend.max_input_tokens == 512
    (result,) = translator.translate([text], "en", "ar")
    assert isinstance(result, str) and result.strip()
    pieces = [piece for piece, _, _ in spy.records]
    assert len(pieces) > 4
    budget = translator.piece_budget(backend)
    assert budget == MAX_PIECE_TOKENS
    for piece, cap, ids in spy.records:
        tokens = backend.count_tokens(piece)
        assert tokens <= budget
        assert cap == settings.output_cap(tokens, backend.max_output_tokens) < 511  # not clipped
        assert 0 < len(ids) <= cap
    assert sorted(w for piece in pieces for w in piece.split()) == sorted(text.split())
    # The word counts the split adds up match the tokenizer's count of each piece.
    overhead = backend.count_tokens("")
    for piece in pieces:
        assert overhead + sum(backend.count_word_tokens(piece.split())) == (
            backend.count_tokens(piece)
        )


@pytest.mark.slow
@pytest.mark.parametrize("beam_size", [1, 2])
def test_glossary_term_of_a_giant_line_is_placed_by_its_piece(opus_like, beam_size):
    translator = Translator(opus_like, DecodingSettings(beam_size=beam_size))
    backend = translator.backend("ar-en")
    records: list[tuple[str, int]] = []
    inner = backend.generate_ids_constrained

    def spy(texts, caps, settings, constraints):
        records.extend((text, len(terms)) for text, terms in zip(texts, constraints, strict=True))
        return inner(texts, caps, settings, constraints)

    backend.generate_ids_constrained = spy  # type: ignore[method-assign]
    before = unpunctuated(300, VOCABULARY_AR)
    after = unpunctuated(300, VOCABULARY_AR, seed=1)
    text = f"{before} عاد آلاف الطلاب إلى المدارس {after}"
    students = TermConstraint(("students",), source="الطلاب")
    (result,) = translator.translate_constrained([text], "ar", "en", [[students]])
    assert result.missed == []
    assert "students" in result.text
    # Only the piece holding the term's source is searched; the others decode freely.
    assert [terms for piece, terms in records if "الطلاب" in piece] == [1]
    assert len(records) == 1
