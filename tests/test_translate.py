"""The translation loop (with fake backends) and the Hugging Face backend (with stand-ins)."""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from tarjama.errors import (
    ModelLanguageError,
    ModelLoadError,
    ModelNotFoundError,
    ModelSpecError,
    UnsupportedLanguageError,
)
from tarjama.translate import (
    DecodingSettings,
    HuggingFaceBackend,
    LanguageCodes,
    TermConstraint,
    TranslationBackend,
    Translator,
    language_codes,
    library_messages,
    set_verbose,
)
from tarjama.translate.text import collapse_repeats, split_to_fit

AR_TEXTS = [
    "أعلنت الحكومة خطة جديدة لتحسين النقل العام في العاصمة.",
    "عاد آلاف الطلاب إلى المدارس.",
    "قال المتحدث إن المفاوضات ستستأنف الأسبوع المقبل في القاهرة، وفقا للأرقام الرسمية.",
]
EN_TEXTS = [
    "The government announced a new plan to improve public transport in the capital.",
    "Thousands of students returned to school.",
    "Negotiations will resume next week in Cairo, the spokesman said.",
]
SOURCES = {"ar-en": AR_TEXTS, "en-ar": EN_TEXTS}


class FakeBackend(TranslationBackend):
    """Counts words as tokens and 'translates' by upper-casing; records every call."""

    def __init__(self, name: str, direction: str, limit: int = 50, output: str | None = None):
        self.name = name
        self.direction = direction
        self.limit = limit
        self.output = output
        self.calls: list[tuple[list[str], list[int]]] = []

    @property
    def revision(self) -> str:
        return "fake"

    @property
    def max_input_tokens(self) -> int:
        return self.limit

    def count_tokens(self, text: str) -> int:
        return len(text.split()) + 1  # + EOS

    def generate(
        self, texts: list[str], max_new_tokens: int | Sequence[int], settings: DecodingSettings
    ) -> list[str]:
        caps = list(max_new_tokens) if not isinstance(max_new_tokens, int) else [max_new_tokens]
        self.calls.append((list(texts), caps))
        return [self.output if self.output is not None else t.upper() for t in texts]

    def describe(self) -> dict[str, Any]:
        return {"name": self.name, "revision": "fake", "path": None, "kind": "fake"}

    def generated(self) -> list[str]:
        return [text for texts, _ in self.calls for text in texts]


class FakeFactory:
    def __init__(self, **options: Any):
        self.options = options
        self.backends: list[FakeBackend] = []

    def __call__(self, name: str, direction: str) -> FakeBackend:
        backend = FakeBackend(name, direction, **self.options)
        self.backends.append(backend)
        return backend


def fake_translator(settings: DecodingSettings | None = None, **options: Any):
    factory = FakeFactory(**options)
    models = {"ar-en": "fake-ar-en", "en-ar": "fake-en-ar"}
    return Translator(models, settings or DecodingSettings(), factory), factory


class GenerationSpy:
    """Wraps HuggingFaceBackend.generate_ids to record texts, caps and generated ids."""

    def __init__(self, backend: HuggingFaceBackend):
        self.records: list[tuple[str, int, list[int]]] = []
        self._inner = backend.generate_ids
        backend.generate_ids = self  # type: ignore[method-assign]

    def __call__(self, texts, max_new_tokens, settings):
        ids = self._inner(texts, max_new_tokens, settings)
        self.records.extend(zip(texts, max_new_tokens, ids, strict=True))
        return ids


# --- the loop, with fake backends ------------------------------------------------------


def test_order_kept_and_each_text_translated_once():
    translator, factory = fake_translator()
    texts = ["b c", "a", "b c", "d e f", "a"]
    assert translator.translate(texts, "en", "ar") == ["B C", "A", "B C", "D E F", "A"]
    assert translator.translate(["a", "d e f"], "en", "ar") == ["A", "D E F"]
    (backend,) = factory.backends
    assert sorted(backend.generated()) == ["a", "b c", "d e f"]


def test_empty_and_whitespace_inputs_never_reach_the_model():
    translator, factory = fake_translator()
    assert translator.translate([], "ar", "en") == []
    assert translator.translate(["", "  ", "\n\t"], "ar", "en") == ["", "", ""]
    assert factory.backends == []


def test_constructing_a_translator_creates_no_backend():
    factory = FakeFactory()
    Translator({"ar-en": "no/such-model", "en-ar": "/no/such/folder"}, backend_factory=factory)
    assert factory.backends == []
    # The real backend neither locates nor loads on construction either.
    HuggingFaceBackend("/no/such/folder", "ar-en")


def test_batches_sorted_longest_first_and_capped():
    settings = DecodingSettings(batch_size=2, max_length_ratio=2.0, max_length_offset=10)
    translator, factory = fake_translator(settings)
    texts = ["one", "one two three four", "one two", "one two three"]
    translator.translate(texts, "en", "ar")
    (backend,) = factory.backends
    assert [texts for texts, _ in backend.calls] == [
        ["one two three four", "one two three"],
        ["one two", "one"],
    ]
    caps = [cap for _, batch_caps in backend.calls for cap in batch_caps]
    assert caps == [2 * 5 + 10, 2 * 4 + 10, 2 * 3 + 10, 2 * 2 + 10]


def test_progress_adds_up_to_the_number_of_inputs():
    translator, _ = fake_translator(DecodingSettings(batch_size=2))
    translator.translate(["seen"], "ar", "en")
    calls: list[int] = []
    texts = ["seen", "", "a", "b", "a", "c d", "e"]
    translator.translate(texts, "ar", "en", progress=calls.append)
    assert calls[0] == 2  # the cached text and the empty one, up front
    assert sum(calls) == len(texts)


def test_long_input_is_split_not_truncated():
    translator, factory = fake_translator(limit=12)
    sentences = [
        f"the minister said on day {i} that the road will open, god willing." for i in range(4)
    ]
    text = " ".join(sentences) + " " + " ".join(f"w{i}" for i in range(30))
    (result,) = translator.translate([text], "en", "ar")
    (backend,) = factory.backends
    pieces = backend.generated()
    assert len(pieces) >= len(text.split()) // 11  # 11 words + EOS fit in 12 tokens
    assert all(backend.count_tokens(piece) <= 12 for piece in pieces)
    assert result.split() == text.upper().split()


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        ("the the the the the cat", "the cat"),
        ("a b a b a b a b a b end", "a b end"),
        ("very very very good", "very very very good"),
    ],
)
def test_repetition_guard_applies_to_every_backend(output, expected):
    translator, _ = fake_translator(output=output)
    assert translator.translate(["x"], "en", "ar") == [expected]


def test_provenance_lists_used_models_and_settings():
    translator, _ = fake_translator(DecodingSettings(beam_size=2))
    translator.translate(["x"], "ar", "en")
    provenance = translator.provenance()
    assert list(provenance["models"]) == ["ar-en"]
    assert provenance["models"]["ar-en"]["name"] == "fake-ar-en"
    assert provenance["decoding"]["beam_size"] == 2
    json.dumps(provenance)  # it is written into reports


@pytest.mark.parametrize(
    ("source", "target", "bad"), [("fr", "en", "fr"), ("ar", "de", "de"), ("ar", "ar", "ar->ar")]
)
def test_unsupported_language_pair(source, target, bad):
    translator, _ = fake_translator()
    with pytest.raises(UnsupportedLanguageError, match=bad):
        translator.translate(["x"], source, target)


def test_unknown_or_missing_direction():
    with pytest.raises(ModelSpecError):
        Translator({"ar-fr": "x"})
    translator = Translator({"ar-en": "x"}, backend_factory=FakeFactory())
    with pytest.raises(ModelSpecError, match="en-ar"):
        translator.translate(["x"], "en", "ar")


def test_prepare_creates_only_the_given_directions_once():
    translator, factory = fake_translator()
    translator.prepare([])
    assert factory.backends == []
    translator.prepare(["en-ar", "en-ar"])
    translator.prepare(["en-ar"])
    assert [backend.direction for backend in factory.backends] == ["en-ar"]
    FakeBackend("x", "en-ar").load()  # the default load() does nothing, and may be called
    with pytest.raises(ModelSpecError, match="en-ar"):
        Translator({"ar-en": "x"}, backend_factory=FakeFactory()).prepare(["en-ar"])


def test_regression_prepare_reports_a_missing_local_model_at_once(tmp_path: Path):
    missing = tmp_path / "no-such-model"
    translator = Translator({"ar-en": str(missing), "en-ar": "/elsewhere/never-looked-up"})
    with pytest.raises(ModelNotFoundError, match="check the path") as caught:
        translator.prepare(["ar-en"])
    assert str(missing) in str(caught.value)


# --- text helpers ----------------------------------------------------------------------


def words(text: str) -> int:
    return len(text.split())


@pytest.mark.parametrize(
    ("text", "limit", "pieces"),
    [
        ("Short one.", 5, ["Short one."]),
        ("One two. Three four! Five six?", 4, ["One two. Three four!", "Five six?"]),
        ("قال الوزير؟ ثم غادر. وانتهى", 2, ["قال الوزير؟", "ثم غادر.", "وانتهى"]),
        ("a, b, c; d e f g", 3, ["a, b, c;", "d e f", "g"]),
        ("3.5 percent of example.com", 10, ["3.5 percent of example.com"]),
    ],
)
def test_split_to_fit(text, limit, pieces):
    assert split_to_fit(text, limit, words) == pieces


def test_split_to_fit_cuts_a_giant_word_between_characters():
    pieces = split_to_fit("x" * 25, 10, len)
    assert pieces == ["x" * 10, "x" * 10, "x" * 5]


@pytest.mark.parametrize(
    ("text", "max_repeats", "expected"),
    [
        ("no loop here", 3, "no loop here"),
        ("ha ha ha", 3, "ha ha ha"),
        ("ha ha ha ha", 3, "ha"),
        ("in the city in the city in the city in the city today", 3, "in the city today"),
        ("في المدينة في المدينة في المدينة في المدينة", 3, "في المدينة"),
        ("ha ha ha ha", 0, "ha ha ha ha"),
    ],
)
def test_collapse_repeats(text, max_repeats, expected):
    assert collapse_repeats(text, max_repeats) == expected


# --- language codes --------------------------------------------------------------------

NLLB = {"eng_Latn", "arb_Arab", "fra_Latn", "▁the"}
M2M = {"__en__", "__ar__", "__fr__", "▁the"}
MBART = {"en_XX", "ar_AR", "▁the"}


@pytest.mark.parametrize(
    ("vocab", "direction", "codes"),
    [
        ({"▁the", "▁city"}, "ar-en", LanguageCodes()),
        ({">>ara<<", ">>arb<<", ">>fra<<"}, "en-ar", LanguageCodes(prefix=">>ara<<")),
        ({">>arb<<", ">>fra<<"}, "en-ar", LanguageCodes(prefix=">>arb<<")),
        ({">>eng<<", ">>ara<<"}, "ar-en", LanguageCodes(prefix=">>eng<<")),
        (NLLB, "ar-en", LanguageCodes(src_lang="arb_Arab", forced_bos_token="eng_Latn")),
        (NLLB, "en-ar", LanguageCodes(src_lang="eng_Latn", forced_bos_token="arb_Arab")),
        (M2M, "ar-en", LanguageCodes(src_lang="ar", forced_bos_token="__en__")),
        (MBART, "en-ar", LanguageCodes(src_lang="en_XX", forced_bos_token="ar_AR")),
    ],
)
def test_language_codes_read_from_the_vocabulary(vocab, direction, codes):
    assert language_codes(vocab, direction, "some-model") == codes


def test_language_tokens_without_the_target_are_a_clear_error():
    with pytest.raises(ModelLanguageError, match=r"none of >>ara<<.*--model en-ar="):
        language_codes({">>fra<<", ">>deu<<"}, "en-ar", "opus-mt-en-mul")


# --- Hugging Face backend with stand-in models -----------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("direction", ["ar-en", "en-ar"])
def test_standin_translates_in_both_directions_in_input_order(standin_models, direction):
    source, target = direction.split("-")
    texts = SOURCES[direction]
    forward = Translator(standin_models).translate(texts, source, target)
    backward = Translator(standin_models).translate(texts[::-1], source, target)
    assert len(forward) == len(texts)
    assert all(isinstance(out, str) and out.strip() for out in forward)
    assert backward == forward[::-1]


@pytest.mark.slow
@pytest.mark.parametrize("beam_size", [1, 4])
def test_outputs_stay_within_their_length_cap(standin_models, beam_size):
    settings = DecodingSettings(beam_size=beam_size, batch_size=2, max_length_offset=3)
    translator = Translator(standin_models, settings)
    backend = translator.backend("en-ar")
    spy = GenerationSpy(backend)
    outputs = translator.translate(EN_TEXTS + ["Prices rose."], "en", "ar")
    assert all(outputs)
    assert len(spy.records) == 4
    for text, cap, ids in spy.records:
        expected = settings.output_cap(backend.count_tokens(text), backend.max_output_tokens)
        assert cap == expected
        assert 0 < len(ids) <= cap


@pytest.mark.slow
def test_long_input_is_split_for_a_short_model(short_model):
    translator = Translator({"ar-en": str(short_model), "en-ar": str(short_model)})
    backend = translator.backend("ar-en")
    spy = GenerationSpy(backend)
    text = " ".join(AR_TEXTS)
    assert backend.count_tokens(text) > backend.max_input_tokens == 24
    (result,) = translator.translate([text], "ar", "en")
    assert result.strip()
    pieces = [piece for piece, _, _ in spy.records]
    assert len(pieces) > 2
    assert all(backend.count_tokens(piece) <= 24 for piece in pieces)
    assert sorted(word for piece in pieces for word in piece.split()) == sorted(text.split())


@pytest.mark.slow
def test_both_directions_share_one_loaded_model(short_model):
    translator = Translator({"ar-en": str(short_model), "en-ar": str(short_model)})
    ar_en, en_ar = translator.backend("ar-en"), translator.backend("en-ar")
    assert ar_en.model is en_ar.model
    assert ar_en.tokenizer is en_ar.tokenizer


@pytest.mark.slow
def test_multi_target_model_gets_the_arabic_token(multi_target_model):
    backend = HuggingFaceBackend(str(multi_target_model), "en-ar")
    ara = backend.tokenizer.convert_tokens_to_ids(">>ara<<")
    batch = backend.encode(["Prices rose.", "The court postponed the trial."])
    assert batch["input_ids"][:, 0].tolist() == [ara, ara]
    plain = len(backend.tokenizer("Prices rose.").input_ids)
    assert backend.count_tokens("Prices rose.") == plain + 1  # + >>ara<<
    (output,) = backend.generate(["Prices rose."], 12, DecodingSettings(beam_size=1))
    assert output.strip()


@pytest.mark.slow
def test_multi_target_model_without_english_token_is_refused(multi_target_model):
    translator = Translator({"ar-en": str(multi_target_model)})
    with pytest.raises(ModelLanguageError, match=">>eng<<"):
        translator.translate(AR_TEXTS[:1], "ar", "en")


@pytest.mark.slow
def test_provenance_names_the_local_model_and_its_fingerprint(standin_models):
    translator = Translator(standin_models)
    translator.translate(AR_TEXTS[:1], "ar", "en")
    model = translator.provenance()["models"]["ar-en"]
    assert model["kind"] == "local"
    assert model["path"] == str(standin_models["ar-en"].resolve())
    assert len(model["revision"]) == 12 and int(model["revision"], 16) >= 0


@pytest.mark.slow
def test_broken_model_folder_is_a_one_line_load_error(tmp_path: Path):
    (tmp_path / "config.json").write_text('{"model_type": "marian"}')
    translator = Translator({"ar-en": str(tmp_path)})
    with pytest.raises(ModelLoadError) as caught:
        translator.translate(["مرحبا"], "ar", "en")
    assert str(tmp_path) in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.slow
def test_regression_prepare_loads_a_broken_model_before_any_translation(tmp_path: Path):
    (tmp_path / "config.json").write_text('{"model_type": "marian"}')
    translator = Translator({"ar-en": str(tmp_path)})
    with pytest.raises(ModelLoadError, match=str(tmp_path)):
        translator.prepare(["ar-en"])


@pytest.mark.slow
def test_prepare_loads_tokenizer_and_model_of_the_needed_direction_only(standin_models):
    translator = Translator(standin_models)
    translator.prepare(["ar-en"])
    backend = translator.backend("ar-en")
    assert backend._handle._tokenizer is not None and backend._handle._model is not None
    assert list(translator._backends) == ["ar-en"]


def test_importing_the_package_does_not_import_torch():
    code = "import tarjama.translate, sys; print('torch' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


# --- library warnings stay off the terminal (issue 8) -----------------------------------


def opus_generation_config(folder: Path) -> Path:
    """Give a stand-in OPUS-MT's generation config (max_length 512, num_beams 4): beside
    it, tarjama's max_new_tokens made transformers warn on every batch."""
    path = folder / "generation_config.json"
    config = json.loads(path.read_text(encoding="utf-8"))
    config.pop("_from_model_config", None)
    config.update({"max_length": 512, "num_beams": 4})
    path.write_text(json.dumps(config, indent=2), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def opus_configured(standin_models, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("opus-configured")
    copies = {}
    for direction, folder in standin_models.items():
        copy = Path(shutil.copytree(folder, root / direction))
        copies[direction] = str(opus_generation_config(copy))
    return copies


class Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


LIBRARIES = ("transformers", "huggingface_hub", "torch", "sentencepiece", "sacremoses")


@pytest.fixture
def library_output(capfd, caplog):
    """What the libraries say during a test: records reaching their loggers (whatever
    handlers they have), Python warnings, stderr, and records reaching the root logger.
    The warnings filter is "always", so nothing is hidden by an earlier one."""
    recorder = Recorder()
    loggers = [logging.getLogger(name) for name in LIBRARIES]
    for logger in loggers:
        logger.addHandler(recorder)
    caplog.set_level(logging.WARNING)
    capfd.readouterr()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")

            def said() -> dict[str, Any]:
                """What was said since the last call."""
                heard = {
                    "logged": [record.getMessage() for record in recorder.records],
                    "warned": [str(warning.message) for warning in caught],
                    "stderr": capfd.readouterr().err,
                    "root": [record.getMessage() for record in caplog.records],
                }
                recorder.records.clear()
                caught.clear()
                caplog.clear()
                return heard

            yield said
    finally:
        for logger in loggers:
            logger.removeHandler(recorder)
        set_verbose(False)


SILENT = {"logged": [], "warned": [], "stderr": "", "root": []}


@pytest.mark.slow
@pytest.mark.parametrize("beam_size", [1, 4])
@pytest.mark.parametrize("constrained", [False, True], ids=["plain", "constrained"])
def test_regression_no_library_warning_reaches_the_terminal(
    opus_configured, library_output, constrained, beam_size
):
    settings = DecodingSettings(beam_size=beam_size, batch_size=2)
    translator = Translator(opus_configured, settings)
    translator.prepare(["en-ar", "ar-en"])  # loading says nothing either
    if constrained:
        terms = [[TermConstraint(("الحكومة",))], [], [TermConstraint(("القاهرة",))]]
        results = translator.translate_constrained(EN_TEXTS, "en", "ar", terms)
        assert [result.missed for result in results] == [[], [], []]
    else:
        assert all(translator.translate(EN_TEXTS, "en", "ar"))
    assert all(translator.translate(AR_TEXTS, "ar", "en"))  # two batches, both directions
    assert library_output() == SILENT


@pytest.mark.slow
@pytest.mark.parametrize("constrained", [False, True], ids=["plain", "constrained"])
def test_regression_one_length_setting_leaves_generate_nothing_to_warn_about(
    opus_configured, library_output, constrained
):
    set_verbose(True)  # let everything through: the cause itself is gone
    translator = Translator(opus_configured, DecodingSettings(beam_size=2, batch_size=2))
    if constrained:
        translator.translate_constrained(EN_TEXTS, "en", "ar", [[TermConstraint(("الحكومة",))]] * 3)
    else:
        translator.translate(EN_TEXTS, "en", "ar")
    said = library_output()
    assert not any("max_new_tokens" in message for message in said["logged"] + said["root"])
    assert "max_new_tokens" not in said["stderr"]
    options = translator.backend("en-ar").generation_options(DecodingSettings(), 30)
    assert options["max_length"] == 31 and options["max_new_tokens"] is None


@pytest.mark.slow
def test_sacremoses_advice_is_hidden_unless_verbose(
    standin_models, library_output, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setitem(sys.modules, "sacremoses", None)  # as if it were not installed
    Translator(standin_models).prepare(["ar-en"])
    assert library_output() == SILENT
    set_verbose(True)
    Translator(standin_models).prepare(["ar-en"])
    assert any("pip install sacremoses" in message for message in library_output()["warned"])


def test_library_messages_hide_warnings_and_logs_unless_verbose(library_output):
    def speak() -> None:
        with library_messages():
            logging.getLogger("transformers.generation.utils").warning("advice")
            logging.getLogger("huggingface_hub.file_download").warning("advice")
            warnings.warn("deprecated", FutureWarning, stacklevel=1)
            with library_messages():  # blocks nest
                logging.getLogger("torch").warning("advice")
            logging.getLogger("transformers").error("an error still shows")

    speak()
    said = library_output()
    assert said["warned"] == []
    assert said["logged"] == ["an error still shows"]
    assert logging.root.manager.disable == logging.NOTSET  # put back
    set_verbose(True)
    speak()
    said = library_output()
    assert said["warned"] == ["deprecated"]
    assert said["logged"] == ["advice", "advice", "advice", "an error still shows"]
