"""The CTranslate2 backend against the reference (transformers) backend on the stand-ins:
the same tokens, the same float32 outputs, every term placed in int8, the converted
model cached by fingerprint, and each way it can fail a one-line error."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tarjama.errors import (
    BackendChoiceError,
    BackendUnavailableError,
    ModelConversionError,
    ModelLoadError,
)
from tarjama.translate import DecodingSettings, HuggingFaceBackend, TermConstraint, Translator
from tarjama.translate import ct2 as ct2_module
from tarjama.translate.backends import backend_factory
from tarjama.translate.convert import converted_folder
from tarjama.translate.ct2 import CTranslate2Backend
from tarjama.translate.models import locate_model
from tarjama.translate.pieces import MarianPieces
from tarjama.translate.prefix import forced_prefix, rank_completions, unmet

pytest.importorskip("ctranslate2")

SENTENCES = {
    "en-ar": [
        "The government announced a new plan to improve public transport in the capital.",
        "Prices rose.",
        "In 2024, the economy grew by 3.5 percent; inflation fell to 10%.",
        "Will the new policy reduce prices? Many citizens are not sure!",
        "ISIS and the Taliban were discussed by Zamir Kabulov in Moscow.",
        "“Quoted” text — with dashes… and tabs\tinside",
    ],
    "ar-en": [
        "أعلنت الحكومة خطة جديدة لتحسين النقل العام في العاصمة.",
        "عاد آلاف الطلاب إلى المدارس.",
        "في عام 2024، نما الاقتصاد بنسبة 3.5 في المئة؛ وانخفض التضخم إلى 10%.",
        "قال زامير كابولوف إن NATO و UN اجتمعا في موسكو.",
        "هل ستخفض السياسة الجديدة الأسعار؟",
    ],
}


@pytest.fixture(scope="module")
def pairs(standin_models):
    """(reference, ct2 float32) backends per direction, loaded once."""
    return {
        direction: (
            HuggingFaceBackend(str(path), direction),
            # One worker: a call is one batch, as the reference decodes it. With more, a
            # call's texts are spread over the workers' batches, and a text that runs to
            # its cap may end one token earlier where its batch's longest cap is its own
            # (transformers forces EOS at a batch's last position); the loop test below
            # hands both backends the same batches.
            CTranslate2Backend(str(path), direction, compute_type="float32", threads=1),
        )
        for direction, path in standin_models.items()
    }


# --- the same tokens --------------------------------------------------------------------


@pytest.mark.parametrize("direction", ["en-ar", "ar-en"])
def test_tokens_counted_as_the_reference_counts_them(pairs, direction):
    reference, fast = pairs[direction]
    for text in SENTENCES[direction] + ["", " ", "x", "٤٬٠٥٣ ٣٫٥٪"]:
        assert fast.count_tokens(text) == reference.count_tokens(text), text
    words = SENTENCES[direction][0].split()
    assert fast.count_word_tokens(words) == reference.count_word_tokens(words)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60))
def test_source_pieces_are_marian_tokenizers_ids(pairs, text):
    reference, fast = pairs["en-ar"]
    pieces = fast.engine.pieces
    assert isinstance(pieces, MarianPieces)
    unknown = pieces.vocab["<unk>"]
    ours = [pieces.vocab.get(piece, unknown) for piece in pieces.source([text])[0]]
    assert ours == reference.tokenizer(text)["input_ids"]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ids=st.lists(st.integers(min_value=0, max_value=399), max_size=30))
def test_generated_pieces_decode_as_marian_tokenizer_decodes_them(pairs, ids):
    reference, fast = pairs["ar-en"]
    pieces = reference.tokenizer.convert_ids_to_tokens(ids)
    assert fast.engine.pieces.decode([pieces]) == reference.decode_ids([ids])


# --- the same outputs -------------------------------------------------------------------


def reference_score(backend: HuggingFaceBackend, text: str, ids: list[int]) -> float:
    """Mean log-probability per token of ``ids`` as the translation of ``text``."""
    import torch

    model, batch = backend.model, backend.encode([text])
    start = model.config.decoder_start_token_id
    with torch.inference_mode():
        logits = model(**batch, decoder_input_ids=torch.tensor([[start, *ids]])).logits
    chosen = logits.log_softmax(-1)[0, :-1].gather(1, torch.tensor(ids)[:, None])
    return chosen.mean().item()


@pytest.mark.parametrize("direction", ["en-ar", "ar-en"])
def test_float32_greedy_output_equals_the_reference(pairs, direction):
    reference, fast = pairs[direction]
    texts = SENTENCES[direction]
    # One batch, as the loop hands each backend: a batch's longest cap bounds its decoding.
    decoding = DecodingSettings(beam_size=1, batch_size=len(texts))
    caps = [decoding.output_cap(reference.count_tokens(t), 127) for t in texts]
    assert fast.generate(texts, caps, decoding) == reference.generate(texts, caps, decoding)


@pytest.mark.parametrize("direction", ["en-ar", "ar-en"])
def test_float32_beam_output_equals_the_reference_or_ties_with_it(pairs, direction):
    """A random model's next-token distribution is nearly flat (about -5.6 nats a token
    over 400), so two candidates can differ by less than the rounding of two float32
    kernels, and CTranslate2 and torch then keep different, equally good beams: each
    output is the reference's, or scores the same under the reference model to 0.1 %."""
    reference, fast = pairs[direction]
    texts = SENTENCES[direction]
    decoding = DecodingSettings(beam_size=4, batch_size=len(texts))
    caps = [decoding.output_cap(reference.count_tokens(t), 127) for t in texts]
    expected = reference.generate_ids(texts, caps, decoding)
    vocab = fast.engine.pieces.vocab
    outputs = [[vocab[p] for p in best[0]] for best in fast._nbest(texts, caps, decoding)]
    eos = reference.model.config.eos_token_id
    for text, ours, theirs in zip(texts, outputs, expected, strict=True):
        theirs = [token for token in theirs if token != eos]
        if ours != theirs:
            ours_score = reference_score(reference, text, ours)
            theirs_score = reference_score(reference, text, theirs)
            assert abs(ours_score - theirs_score) <= 1e-3 * abs(theirs_score)
            assert ours[:20] == theirs[:20]


def test_translator_gives_the_reference_output_through_the_whole_loop(standin_models):
    decoding = DecodingSettings(beam_size=1, batch_size=2)
    texts = SENTENCES["en-ar"] * 2 + [" ".join(SENTENCES["en-ar"]) * 4]  # repeats, a split
    fast = Translator(standin_models, decoding, backend_factory("ctranslate2", "float32"))
    reference = Translator(standin_models, decoding, backend_factory("transformers"))
    assert fast.translate(texts, "en", "ar") == reference.translate(texts, "en", "ar")


def test_long_input_is_split_to_the_models_own_limit(short_model):
    translator = Translator({"ar-en": str(short_model)}, backend_factory=backend_factory())
    backend = translator.backend("ar-en")
    assert backend.max_input_tokens == 24
    (result,) = translator.translate([" ".join(SENTENCES["ar-en"])], "ar", "en")
    assert result.strip()


def test_multi_target_model_gets_the_arabic_token(multi_target_model):
    fast = CTranslate2Backend(str(multi_target_model), "en-ar", compute_type="float32")
    reference = HuggingFaceBackend(str(multi_target_model), "en-ar")
    assert fast.engine.pieces.source(["Prices rose."])[0][0] == ">>ara<<"
    decoding = DecodingSettings(beam_size=2)
    texts = SENTENCES["en-ar"][:3]
    assert fast.generate(texts, 20, decoding) == reference.generate(texts, 20, decoding)


# --- terms ------------------------------------------------------------------------------

NEWS_TERMS = [
    ("ISIS and the Taliban were discussed by Zamir Kabulov in Moscow.",
     [("داعش", "ISIS"), ("طالبان", "Taliban"), ("زامير كابولوف", "Zamir Kabulov")]),
    ("The Taliban said nothing.", [("طالبان", "Taliban")]),
    ("Prices rose.", []),
    ("Moscow and Kabul talked again on Tuesday, and the Kremlin agreed.",
     [("موسكو", "Moscow"), ("كابول", "Kabul"), ("الكرملين", "Kremlin")]),
]  # fmt: skip


@pytest.mark.parametrize("compute_type", ["int8", "float32"])
@pytest.mark.parametrize("beam_size", [1, 4])
def test_every_term_placed_as_whole_words(term_models, compute_type, beam_size):
    decoding = DecodingSettings(beam_size=beam_size, batch_size=2)
    translator = Translator(term_models, decoding, backend_factory("ctranslate2", compute_type))
    texts = [text for text, _ in NEWS_TERMS]
    constraints = [[TermConstraint((ar,), en) for ar, en in terms] for _, terms in NEWS_TERMS]
    results = translator.translate_constrained(texts, "en", "ar", constraints)
    for result, (_, terms) in zip(results, NEWS_TERMS, strict=True):
        assert result.missed == []
        for arabic, _ in terms:
            assert f" {arabic} " in f" {result.text} ", (arabic, result.text)


def test_terms_that_forcing_cannot_complete_go_to_the_reference_search(term_models, monkeypatch):
    monkeypatch.setattr(ct2_module, "rank_completions", lambda *args: None)
    translator = Translator(
        term_models, DecodingSettings(beam_size=2), backend_factory("ctranslate2", "int8")
    )
    backend = translator.backend("en-ar")
    text, terms = NEWS_TERMS[0]
    constraints = [TermConstraint((ar,), en) for ar, en in terms]
    (result,) = translator.translate_constrained([text], "en", "ar", [constraints])
    assert result.missed == []
    assert all(ar in result.text for ar, _ in terms)
    assert backend.reference._handle._model is not None  # the torch model did the search


def test_only_texts_with_terms_go_to_the_constrained_search(term_models, monkeypatch):
    calls: list[tuple[str, int]] = []
    plain, constrained = CTranslate2Backend.generate, CTranslate2Backend.generate_constrained

    def spy_plain(self, texts, caps, decoding):
        calls.append(("plain", len(texts)))
        return plain(self, texts, caps, decoding)

    def spy_constrained(self, texts, caps, decoding, constraints):
        calls.append(("constrained", len(texts)))
        assert all(constraints)
        return constrained(self, texts, caps, decoding, constraints)

    monkeypatch.setattr(CTranslate2Backend, "generate", spy_plain)
    monkeypatch.setattr(CTranslate2Backend, "generate_constrained", spy_constrained)
    translator = Translator(term_models, DecodingSettings(batch_size=8), backend_factory())
    texts = [text for text, _ in NEWS_TERMS]
    constraints = [[TermConstraint((ar,), en) for ar, en in terms] for _, terms in NEWS_TERMS]
    translator.translate_constrained(texts, "en", "ar", constraints)
    assert sorted(calls) == [("constrained", 3), ("plain", 1)]


@pytest.mark.parametrize(
    ("hypothesis", "anchors", "expected"),
    [
        # one term in the middle: at the nearest word start, then the word that was there
        (["▁a", "▁b", "c", "▁d", "▁e"], [0.5], ["▁a", "▁b", "c", "▁T", "▁d"]),
        # at the start, not inside a word that is still going on
        (["▁a", "b", "c", "▁d"], [0.3], ["▁T", "▁a"]),
        # at the end
        (["▁a", "▁b"], [1.0], ["▁a", "▁b", "▁T"]),
        # an empty hypothesis
        ([], [0.5], ["▁T"]),
    ],
)
def test_forced_prefix_puts_the_term_at_a_word_boundary(hypothesis, anchors, expected):
    continues = lambda piece: not piece.startswith("▁")  # noqa: E731
    assert forced_prefix(hypothesis, [[["▁T"]]], anchors, continues) == expected


def test_forced_prefix_keeps_a_term_already_placed_after_the_forced_one():
    continues = lambda piece: not piece.startswith("▁")  # noqa: E731
    hypothesis = ["▁a", "▁b", "▁K", "▁c"]
    terms = [[["▁T"]], [["▁K"]]]
    prefix = forced_prefix(hypothesis, terms, [0.0, 0.9], continues)
    assert prefix == ["▁T", "▁a", "▁b", "▁K", "▁c"]
    assert unmet(prefix, terms, continues) == []


def test_a_term_glued_onto_the_next_word_does_not_count():
    continues = lambda piece: not piece.startswith("▁")  # noqa: E731
    assert unmet(["▁T", "x"], [[["▁T"]]], continues) == [0]
    assert rank_completions([["▁T", "x"], ["▁T", "▁y"]], 1, [[["▁T"]]], continues) == 1


# --- the converted model ----------------------------------------------------------------


def test_conversion_is_cached_by_fingerprint(standin_models, tmp_path, monkeypatch):
    monkeypatch.setenv("TARJAMA_CACHE", str(tmp_path / "cache"))
    model = tmp_path / "model"
    import shutil

    shutil.copytree(standin_models["ar-en"], model)
    backend = CTranslate2Backend(str(model), "ar-en")
    backend.load()
    folder = converted_folder(locate_model(str(model), "ar-en"), "int8")
    record = json.loads((folder / "tarjama.json").read_text())
    assert record["source_revision"] == backend.revision
    assert record["compute_type"] == "int8"
    assert backend.describe()["converted"]["source_revision"] == backend.revision
    written = (folder / "model.bin").stat().st_mtime_ns
    CTranslate2Backend(str(model), "ar-en").load()  # converted already: loaded as it is
    assert (folder / "model.bin").stat().st_mtime_ns == written

    revision = backend.revision
    config = json.loads((model / "config.json").read_text())
    config["dropout"] = 0.25  # the model changed: a new fingerprint, a new conversion
    (model / "config.json").write_text(json.dumps(config))
    changed = CTranslate2Backend(str(model), "ar-en")
    changed.load()
    assert changed.revision != revision
    assert converted_folder(locate_model(str(model), "ar-en"), "int8") != folder


def test_regression_failed_conversion_leaves_nothing_half_written(
    standin_models, tmp_path, monkeypatch
):
    from ctranslate2.converters import TransformersConverter

    def broken(self, output_dir, **options):
        Path(output_dir).mkdir(parents=True)
        (Path(output_dir) / "model.bin").write_bytes(b"half")
        raise RuntimeError("disk full\nsecond line")

    monkeypatch.setenv("TARJAMA_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(TransformersConverter, "convert", broken)
    backend = CTranslate2Backend(str(standin_models["ar-en"]), "ar-en")
    with pytest.raises(ModelConversionError) as caught:
        backend.load()
    assert "\n" not in str(caught.value) and "disk full" in str(caught.value)
    assert "--backend transformers" in str(caught.value)
    assert not list((tmp_path / "cache").rglob("model.bin"))


def test_broken_model_folder_is_a_one_line_load_error(tmp_path):
    (tmp_path / "config.json").write_text('{"model_type": "marian"}')
    for name in ("source.spm", "target.spm"):
        (tmp_path / name).write_bytes(b"not a sentencepiece model")
    (tmp_path / "vocab.json").write_text('{"</s>": 0, "<unk>": 1}')
    with pytest.raises(ModelLoadError) as caught:
        CTranslate2Backend(str(tmp_path), "ar-en").load()
    assert str(tmp_path) in str(caught.value) and "\n" not in str(caught.value)


def test_missing_ctranslate2_is_a_one_line_error_naming_the_package(monkeypatch):
    monkeypatch.setitem(sys.modules, "ctranslate2", None)
    with pytest.raises(BackendUnavailableError, match="pip install ctranslate2"):
        backend_factory("ctranslate2")


@pytest.mark.parametrize(
    ("backend", "compute_type", "message"),
    [
        ("transformers", "int8", "float32 only"),
        ("onnx", None, "unknown backend"),
        ("ctranslate2", "int4", "unknown compute type"),
    ],
)
def test_backend_choices_that_do_not_exist(backend, compute_type, message):
    with pytest.raises(BackendChoiceError, match=message):
        backend_factory(backend, compute_type)


def test_provenance_records_backend_compute_type_and_conversion(standin_models):
    translator = Translator(standin_models, backend_factory=backend_factory())
    translator.translate(["Prices rose."], "en", "ar")
    model = translator.provenance()["models"]["en-ar"]
    assert (model["backend"], model["compute_type"]) == ("ctranslate2", "int8")
    assert model["converted"]["source_revision"] == model["revision"]
    reference = Translator(standin_models)
    reference.translate(["Prices rose."], "en", "ar")
    described = reference.provenance()["models"]["en-ar"]
    assert (described["backend"], described["compute_type"]) == ("transformers", "float32")
