"""Hard lexical constraints: the loop (with fakes) and the constrained search (with stand-ins)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tarjama.translate import (
    REASON_CAP,
    REASON_EMPTY,
    REASON_UNSPELLABLE,
    REASON_UNSUPPORTED,
    DecodingSettings,
    HuggingFaceBackend,
    LanguageCodes,
    TermConstraint,
    TokenConstraint,
    Translation,
    TranslationBackend,
    Translator,
)
from tarjama.translate.constraints import ConstraintTables
from tarjama.translate.text import collapse_repeats
from tarjama.translate.translator import CONSTRAINT_SLACK

EN_TEXTS = [
    "The government announced a new plan to improve public transport in the capital.",
    "Thousands of students returned to school after the summer holiday.",
    "Negotiations will resume next week in Cairo, the spokesman said.",
    "The central bank kept interest rates unchanged for the third time this year.",
    "Residents complained about power cuts that lasted for hours.",
]
AR_TEXTS = [
    "أعلنت الحكومة خطة جديدة لتحسين النقل العام في العاصمة.",
    "عاد آلاف الطلاب إلى المدارس بعد العطلة الصيفية.",
    "قال المتحدث إن المفاوضات ستستأنف الأسبوع المقبل في القاهرة.",
    "أبقى البنك المركزي أسعار الفائدة دون تغيير للمرة الثالثة هذا العام.",
    "اشتكى السكان من انقطاع الكهرباء الذي استمر لساعات.",
]
TALIBAN = TermConstraint(("طالبان", "وطالبان", "بطالبان"), source="Taliban")
# Per direction: single-token, multi-token, several per text, alternatives, none.
TERMS = {
    "en-ar": [
        [TermConstraint(("المدينة",), source="city")],
        [TermConstraint(("البنك المركزي",)), TALIBAN],
        [],
        [TALIBAN, TermConstraint(("الحكومة",)), TermConstraint(("المدينة القديمة",))],
        [TermConstraint(("الطلاب", "والطلاب"))],
    ],
    "ar-en": [
        [TermConstraint(("said",))],
        [TermConstraint(("central bank",)), TermConstraint(("Taliban", "the Taliban"))],
        [],
        [TermConstraint(("government",)), TermConstraint(("the capital",))],
        [TermConstraint(("students", "pupils"))],
    ],
}
SOURCES = {"en-ar": EN_TEXTS, "ar-en": AR_TEXTS}


def contains(text: str, term: TermConstraint) -> bool:
    return any(form in text for form in term.forms)


class SearchSpy:
    """Wraps HuggingFaceBackend.generate_ids_constrained: texts, caps, constraints, ids."""

    def __init__(self, backend: HuggingFaceBackend):
        self.records: list[tuple[str, int, list[TokenConstraint], list[int]]] = []
        self._inner = backend.generate_ids_constrained
        backend.generate_ids_constrained = self  # type: ignore[method-assign]

    def __call__(self, texts, max_new_tokens, settings, constraints):
        results = self._inner(texts, max_new_tokens, settings, constraints)
        for record in zip(texts, max_new_tokens, constraints, results, strict=True):
            text, cap, terms, (ids, _) = record
            self.records.append((text, cap, list(terms), ids))
        return results


class ConstrainingFake(TranslationBackend):
    """Counts words as tokens; 'translates' by upper-casing and appending each term's first
    form (or ``output``); records every call."""

    def __init__(self, name: str, direction: str, *, limit: int = 50, constrains: bool = True):
        self.name = name
        self.direction = direction
        self.limit = limit
        self.supports_constraints = constrains
        self.output: str | None = None
        self.calls: list[tuple[list[str], list[int], list[list[TermConstraint]] | None]] = []

    @property
    def revision(self) -> str:
        return "fake"

    @property
    def max_input_tokens(self) -> int:
        return self.limit

    def count_tokens(self, text: str) -> int:
        return len(text.split()) + 1

    def generate(self, texts, max_new_tokens, settings):
        self.calls.append((list(texts), list(max_new_tokens), None))
        return [self.output if self.output is not None else t.upper() for t in texts]

    def generate_constrained(self, texts, max_new_tokens, settings, constraints):
        self.calls.append((list(texts), list(max_new_tokens), [list(c) for c in constraints]))
        outputs = []
        for text, terms in zip(texts, constraints, strict=True):
            placed = " ".join(term.forms[0] for term in terms)
            output = self.output if self.output is not None else f"{text.upper()} {placed}"
            outputs.append(Translation(output.strip(), []))
        return outputs

    def describe(self) -> dict[str, Any]:
        return {"name": self.name, "revision": "fake", "path": None, "kind": "fake"}


def fake_translator(settings: DecodingSettings | None = None, **options: Any):
    backends: list[ConstrainingFake] = []

    def factory(name: str, direction: str) -> ConstrainingFake:
        backends.append(ConstrainingFake(name, direction, **options))
        return backends[-1]

    translator = Translator({"en-ar": "fake"}, settings or DecodingSettings(), factory)
    return translator, backends


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    """One torch thread: tiny models gain nothing from two, and lose a lot when the
    machine is busy (threads spinning on a shared core)."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


# --- the loop, with fakes ---------------------------------------------------------------


def test_each_term_goes_with_the_piece_that_holds_its_source():
    translator, backends = fake_translator(limit=8)
    text = "one two three four five. six seven eight nine ten. eleven twelve thirteen."
    terms = [
        TermConstraint(("X1",), source="twelve"),
        TermConstraint(("X2",), source="seven eight"),
        TermConstraint(("X3",), source="not in the text"),
        TermConstraint(("X4",)),
    ]
    (result,) = translator.translate_constrained([text], "en", "ar", [terms])
    (backend,) = backends
    pieces = {t: c for texts, _, cons in backend.calls for t, c in zip(texts, cons, strict=True)}
    assert len(pieces) == 3
    assert pieces["one two three four five."] == [terms[2], terms[3]]  # unmatched: first piece
    assert pieces["six seven eight nine ten."] == [terms[1]]
    assert pieces["eleven twelve thirteen."] == [terms[0]]
    assert result.missed == []
    assert all(form in result.text for form in ("X1", "X2", "X3", "X4"))


def test_missed_indices_map_back_from_pieces_to_the_text():
    translator, backends = fake_translator(limit=4)
    fake = translator.backend("en-ar")

    def miss_second(texts, caps, settings, constraints):
        return [
            Translation(t, [(len(c) - 1, REASON_CAP)] if c else [])
            for t, c in zip(texts, constraints, strict=True)
        ]

    fake.generate_constrained = miss_second  # type: ignore[method-assign]
    terms = [TermConstraint((f"T{i}",), source=word) for i, word in enumerate(["a", "e", "f"])]
    (result,) = translator.translate_constrained(["a b. c d. e f."], "en", "ar", [terms])
    # pieces "a b." (T0) and "e f." (T1, T2): each misses its last term
    assert result.missed == [(0, REASON_CAP), (2, REASON_CAP)]


def test_cache_is_keyed_by_the_terms():
    translator, backends = fake_translator()
    term = TermConstraint(("طالبان",))
    (plain,) = translator.translate(["the taliban"], "en", "ar")
    (forced,) = translator.translate_constrained(["the taliban"], "en", "ar", [[term]])
    (other,) = translator.translate_constrained(["the taliban"], "en", "ar", [[TALIBAN]])
    assert plain == "THE TALIBAN"
    assert forced.text == "THE TALIBAN طالبان" and forced.missed == []
    assert other.text == "THE TALIBAN طالبان"
    (backend,) = backends
    assert len(backend.calls) == 3  # three keys, three translations
    again = translator.translate_constrained(
        ["the taliban", " the taliban "], "en", "ar", [[term]] * 2
    )
    assert [t.text for t in again] == [forced.text] * 2
    assert translator.translate(["the taliban"], "en", "ar") == [plain]
    assert len(backend.calls) == 3
    again[0].missed.append((0, "changed by the caller"))
    assert translator.translate_constrained(["the taliban"], "en", "ar", [[term]])[0].missed == []


def test_only_texts_with_terms_go_to_the_search_and_caps_leave_room_for_them():
    settings = DecodingSettings(batch_size=8, max_length_ratio=1.0, max_length_offset=0)
    translator, backends = fake_translator(settings)
    long_form = " ".join(f"w{i}" for i in range(12))  # 12 words + 1 = 13 target tokens
    texts = ["one two", "three four", "five six"]
    terms = [[TermConstraint((long_form, "short"))], [], [TermConstraint(("a b",))] * 2]
    results = translator.translate_constrained(texts, "en", "ar", terms)
    (backend,) = backends
    free, searched = backend.calls
    assert free == (["three four"], [3], None)  # a text without terms decodes freely
    batch, caps, cons = searched
    assert batch == ["one two", "five six"] and cons == [list(terms[0]), list(terms[2])]
    assert caps == [13 + CONSTRAINT_SLACK, 2 * 3 + CONSTRAINT_SLACK]
    assert [r.missed for r in results] == [[], [], []]


def test_batches_without_terms_use_plain_generation():
    translator, backends = fake_translator()
    results = translator.translate_constrained(["a b", "c"], "en", "ar", [[], []])
    assert [r.text for r in results] == ["A B", "C"]
    (backend,) = backends
    assert [cons for _, _, cons in backend.calls] == [None]


def test_backend_that_cannot_constrain_reports_the_terms_it_lacks():
    translator, backends = fake_translator(constrains=False)
    terms = [TermConstraint(("nothing",)), TermConstraint(("zz", "WORD"))]
    (result,) = translator.translate_constrained(["word"], "en", "ar", [terms])
    assert result.text == "WORD"
    assert result.missed == [(0, REASON_UNSUPPORTED)]
    with pytest.raises(NotImplementedError):
        TranslationBackend.generate_constrained(backends[0], ["x"], 5, DecodingSettings(), [[]])


def test_repetition_guard_never_removes_a_term():
    translator, backends = fake_translator()
    translator.backend("en-ar").output = "a b a b a b a b end"
    (kept,) = translator.translate_constrained(["x"], "en", "ar", [[TermConstraint(("b a",))]])
    assert kept.text == "a b a b a b a b end"
    (cut,) = translator.translate_constrained(["y"], "en", "ar", [[TermConstraint(("a b",))]])
    assert cut.text == "a b end"
    assert collapse_repeats("x y x y x y x y", 3, keep=["y x"]) == "x y x y x y x y"
    assert collapse_repeats("x y x y x y x y", 3, keep=["x y", "absent"]) == "x y"


def test_empty_texts_and_argument_checks():
    translator, backends = fake_translator()
    term = TermConstraint(("a",))
    results = translator.translate_constrained(["", "  "], "en", "ar", [[term], []])
    assert results == [Translation("", [(0, REASON_EMPTY)]), Translation("", [])]
    assert backends == []
    with pytest.raises(ValueError, match="2 constraint lists for 1 texts"):
        translator.translate_constrained(["a"], "en", "ar", [[], []])
    with pytest.raises(TypeError):
        TermConstraint("طالبان")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        TermConstraint(())
    assert TermConstraint(["a", "b"]).forms == ("a", "b")  # type: ignore[arg-type]


def test_constraint_tables_follow_alternatives_and_shared_prefixes():
    import torch

    new_york = TokenConstraint(((5, 6),))
    new_jersey = TokenConstraint(((5, 7), (8,)))
    tables = ConstraintTables([[new_york, new_jersey], []])
    node, met = tables.initial(1)
    tokens, ok = tables.allowed(node, met)
    assert sorted(tokens[0, 0][ok[0, 0]].tolist()) == [5, 8]
    assert not ok[1].any()

    def walk(sequence: list[int]) -> dict[str, Any]:
        node, met = tables.initial(1)
        for token in sequence:
            state = tables.advance(node, met, torch.tensor([[token], [token]]))
            node, met = state.node, state.met
        fields = ("bank", "need", "complete", "placed")
        return {"met": state.met[0, 0].tolist()} | {
            f: getattr(state, f)[0, 0].item() for f in fields
        }

    # "New Jersey" after "New": the shared prefix is followed
    assert walk([5, 7]) == {
        "met": [False, True],
        "bank": 2,
        "need": 2,
        "complete": False,
        "placed": 1,
    }
    # one token of "New York" made: its second token, then "New Jersey"'s one-token form
    assert walk([5]) | {"met": None} == {
        "met": None,
        "bank": 1,
        "need": 2,
        "complete": False,
        "placed": 0,
    }
    assert walk([5, 9, 6])["need"] == 3  # leaving "New" resets its progress
    assert walk([8, 5, 6]) == {
        "met": [True, True],
        "bank": 4,
        "need": 0,
        "complete": True,
        "placed": 2,
    }


# --- the constrained search, with stand-in models ---------------------------------------


@pytest.fixture(scope="module")
def placeholder_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An en->ar stand-in whose tokenizer can spell carry placeholders (XZQ0, ...)."""
    from standins import build_standin_marian

    root = tmp_path_factory.mktemp("placeholders")
    extra = ("Carried: XZQ0 XZQ1 XZQ2 XZQ3.",)
    return build_standin_marian(root / "en-ar", "en", "ar", seed=3, extra_corpus=extra)


@pytest.mark.slow
@pytest.mark.parametrize("beam_size", [1, 4])
@pytest.mark.parametrize("direction", ["en-ar", "ar-en"])
def test_every_term_is_placed(standin_models, direction, beam_size):
    source, target = direction.split("-")
    settings = DecodingSettings(beam_size=beam_size, batch_size=8)
    translator = Translator(standin_models, settings)
    spy = SearchSpy(translator.backend(direction))
    texts, terms = SOURCES[direction], TERMS[direction]
    results = translator.translate_constrained(texts, source, target, terms)
    for result, text_terms in zip(results, terms, strict=True):
        assert result.missed == []
        assert all(contains(result.text, term) for term in text_terms), result.text
    # Outputs stay within their caps, and a cap leaves room for the terms.
    backend = translator.backend(direction)
    assert len(spy.records) == sum(map(bool, terms))  # only texts with terms are searched
    for _, cap, token_terms, ids in spy.records:
        assert 0 < len(ids) <= cap <= backend.max_output_tokens
        assert cap >= sum(term.longest for term in token_terms)


@pytest.mark.slow
@pytest.mark.parametrize("beam_size", [1, 4])
def test_placeholders_are_placed(placeholder_model, beam_size):
    translator = Translator({"en-ar": str(placeholder_model)}, DecodingSettings(beam_size))
    texts = ["The minister met XZQ0 on Tuesday.", "XZQ1 and XZQ2 said prices rose."]
    terms = [[TermConstraint(("XZQ0",))], [TermConstraint(("XZQ1",)), TermConstraint(("XZQ2",))]]
    results = translator.translate_constrained(texts, "en", "ar", terms)
    assert [r.missed for r in results] == [[], []]
    assert "XZQ0" in results[0].text
    assert "XZQ1" in results[1].text and "XZQ2" in results[1].text
    # The same text without its terms is another cache entry, and another translation.
    plain = translator.translate(texts, "en", "ar")
    assert all("XZQ" not in text for text in plain)
    assert translator.translate_constrained(texts, "en", "ar", terms) == results


@pytest.mark.slow
def test_unspellable_forms_are_dropped_and_reported(standin_models):
    backend = HuggingFaceBackend(str(standin_models["en-ar"]), "en-ar")
    assert backend.spell(TermConstraint(("XZQ0",))) is None  # no X, Z or Q in its vocabulary
    terms = [
        TermConstraint(("XZQ0",)),
        TermConstraint(("QXZ", "الحكومة")),  # one alternative left
    ]
    (result,) = backend.generate_constrained(EN_TEXTS[:1], 30, DecodingSettings(), [terms])
    assert result.missed == [(0, REASON_UNSPELLABLE)]
    assert "الحكومة" in result.text


@pytest.mark.slow
@pytest.mark.parametrize("beam_size", [1, 4])
def test_a_cap_too_small_reports_the_terms_it_left_out(standin_models, beam_size):
    backend = HuggingFaceBackend(str(standin_models["en-ar"]), "en-ar")
    settings = DecodingSettings(beam_size=beam_size)
    short = TermConstraint(("المدينة",))  # one token
    long = TermConstraint(("البنك المركزي",))  # seven tokens
    terms = [[long, short], [TermConstraint(("المدينة القديمة",))]]
    results = backend.generate_constrained(EN_TEXTS[:2], [5, 3], settings, terms)
    long, short = backend.spell(long), backend.spell(short)
    assert results[0].missed == [(0, REASON_CAP)]
    assert "المدينة" in results[0].text
    assert results[1].missed == [(0, REASON_CAP)]
    ids = backend.generate_ids_constrained(EN_TEXTS[:2], [5, 3], settings, [[], []])
    assert [len(row) for row, _ in ids] <= [5, 3]


@pytest.mark.slow
def test_a_forced_term_is_never_blocked_as_a_repeated_ngram(standin_models):
    settings = DecodingSettings(beam_size=4, no_repeat_ngram_size=2)
    translator = Translator(standin_models, settings)
    term = TermConstraint(("said said said",))  # repeats the bigram "said said"
    (result,) = translator.translate_constrained(AR_TEXTS[2:3], "ar", "en", [[term]])
    assert result.missed == []
    assert "said said said" in result.text


@pytest.mark.slow
def test_long_text_split_places_each_term_in_its_piece(short_model):
    translator = Translator({"ar-en": str(short_model)}, DecodingSettings(beam_size=2))
    backend = translator.backend("ar-en")
    spy = SearchSpy(backend)
    free: list[str] = []
    generate_ids = backend.generate_ids

    def free_spy(texts, caps, settings):
        free.extend(texts)
        return generate_ids(texts, caps, settings)

    backend.generate_ids = free_spy  # type: ignore[method-assign]
    text = " ".join(AR_TEXTS)
    terms = [TermConstraint(("students",), source="الطلاب"), TermConstraint(("bank",))]
    (result,) = translator.translate_constrained([text], "ar", "en", [terms])
    assert result.missed == []
    assert "students" in result.text and "bank" in result.text
    searched = {piece: len(cons) for piece, _, cons, _ in spy.records}
    pieces = {piece: 0 for piece in free} | searched  # pieces without terms decode freely
    assert len(pieces) > 2 and all(searched.values())
    assert all(backend.count_tokens(piece) <= 24 for piece in pieces)
    first = next(piece for piece in pieces if text.startswith(piece))
    students = next(piece for piece in pieces if "الطلاب" in piece)
    assert first != students
    expected = {piece: 0 for piece in pieces} | {first: 1, students: 1}
    assert pieces == expected


# --- exactly transformers' search when a text has no terms ------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("no_repeat", [0, 3])
@pytest.mark.parametrize("beam_size", [1, 4])
@pytest.mark.parametrize("direction", ["en-ar", "ar-en"])
def test_no_terms_gives_the_ids_of_model_generate(standin_models, direction, beam_size, no_repeat):
    backend = HuggingFaceBackend(str(standin_models[direction]), direction)
    settings = DecodingSettings(beam_size=beam_size, no_repeat_ngram_size=no_repeat)
    texts = SOURCES[direction]
    caps = [7, 30, 12, 25, 18]
    mine = backend.generate_ids_constrained(texts, caps, settings, [[]] * len(texts))
    assert [unmet for _, unmet in mine] == [[]] * len(texts)
    same_cap = backend.generate_ids_constrained(texts, 25, settings, [[]] * len(texts))
    assert [ids for ids, _ in same_cap] == backend.generate_ids(texts, 25, settings)
    for index, cap in enumerate(caps):  # each text with its own cap, as generate() would
        assert mine[index][0] == backend.generate_ids(texts, cap, settings)[index]


@pytest.mark.slow
@pytest.mark.parametrize("beam_size", [1, 4])
def test_regression_search_and_generate_read_one_length_setting(
    standin_models, tmp_path: Path, beam_size
):
    """Under OPUS-MT's generation config (max_length 512, num_beams 4) both decoders take
    the length from the one max_length tarjama passes, and still agree."""
    import shutil

    from test_translate import opus_generation_config

    folder = opus_generation_config(Path(shutil.copytree(standin_models["en-ar"], tmp_path / "m")))
    backend = HuggingFaceBackend(str(folder), "en-ar")
    settings = DecodingSettings(beam_size=beam_size)
    caps = [7, 30, 12, 25, 18]
    mine = backend.generate_ids_constrained(EN_TEXTS, caps, settings, [[]] * len(EN_TEXTS))
    for index, cap in enumerate(caps):
        expected = backend.generate_ids(EN_TEXTS, cap, settings)[index]
        assert mine[index] == (expected, [])
        assert 0 < len(expected) <= cap
    options = backend.generation_options(settings, 12)
    assert (options["max_length"], options["max_new_tokens"]) == (13, None)


@pytest.mark.slow
@pytest.mark.parametrize("beam_size", [1, 3])
def test_equality_holds_when_hypotheses_end_early(standin_models, beam_size):
    import torch

    backend = HuggingFaceBackend(str(standin_models["en-ar"]), "en-ar")  # a model of its own
    eos = backend.model.config.eos_token_id
    settings = DecodingSettings(beam_size=beam_size)
    lengths = []
    for bias in (-2.0, 0.1, 0.2, 0.3):  # EOS likely enough that hypotheses end early
        with torch.no_grad():
            backend.model.final_logits_bias[0, eos] = bias
        expected = backend.generate_ids(EN_TEXTS, 40, settings)
        mine = backend.generate_ids_constrained(EN_TEXTS, 40, settings, [[]] * len(EN_TEXTS))
        assert [ids for ids, _ in mine] == expected
        lengths += [len(ids) for ids in expected]
    assert min(lengths) < 40 and any(ids[-1] == eos for ids in expected)


@pytest.mark.slow
def test_texts_without_terms_are_unaffected_by_their_neighbours(standin_models):
    backend = HuggingFaceBackend(str(standin_models["en-ar"]), "en-ar")
    settings = DecodingSettings(beam_size=4)
    terms = [[TermConstraint(("الحكومة",))], [], [TALIBAN], [], []]
    token_terms = [[backend.spell(term) for term in text_terms] for text_terms in terms]
    mine = backend.generate_ids_constrained(EN_TEXTS, 20, settings, token_terms)
    expected = backend.generate_ids(EN_TEXTS, 20, settings)
    for index in (1, 3, 4):
        assert mine[index] == (expected[index], [])
    assert mine[0][1] == mine[2][1] == []


@pytest.mark.slow
@pytest.mark.parametrize("beam_size", [1, 4])
def test_forced_language_token_is_kept_and_terms_still_placed(multi_target_model, beam_size):
    backend = HuggingFaceBackend(str(multi_target_model), "en-ar")
    backend._codes = LanguageCodes(forced_bos_token=">>ara<<")  # as NLLB forces its language
    ara = backend.tokenizer.convert_tokens_to_ids(">>ara<<")
    settings = DecodingSettings(beam_size=beam_size)
    expected = backend.generate_ids(EN_TEXTS[:3], 15, settings)
    mine = backend.generate_ids_constrained(EN_TEXTS[:3], 15, settings, [[]] * 3)
    assert [ids for ids, _ in mine] == expected
    assert all(ids[0] == ara for ids in expected)
    terms = [[TermConstraint(("المدينة القديمة",))], [], [TALIBAN]]
    results = backend.generate_constrained(EN_TEXTS[:3], 15, settings, terms)
    assert [r.missed for r in results] == [[], [], []]
    assert "المدينة القديمة" in results[0].text and contains(results[2].text, TALIBAN)


@pytest.mark.parametrize(
    ("piece", "glues"),
    [
        ("▁Moscow", False),  # starts a word
        ("▁", False),
        ("rices", True),  # "للكرملينrices"
        ("ين", True),
        ("9", True),
        ("ًًً", True),  # tanwin: "أعضاءًill" fused the term with what followed (TICO-19)
        ("ّ", True),  # shadda
        ("ـ", True),  # tatweel
        (".", False),
        (")", False),
        ("", False),
    ],
)
def test_a_mark_after_a_placed_term_counts_as_gluing(piece, glues):
    from tarjama.translate.huggingface import continues_word

    assert continues_word(piece) is glues
