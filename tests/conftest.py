"""Session fixtures: no network, a private HF cache, stand-in models built once."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

# Set before anything imports huggingface_hub or transformers (they read these at import):
# no test may touch the network, the user's HF cache or the user's model choice.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
_HF_HOME = tempfile.mkdtemp(prefix="tarjama-test-hf-")
os.environ["HF_HOME"] = _HF_HOME
for _var in ("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE", "HF_ENDPOINT"):
    os.environ.pop(_var, None)
for _var in ("TARJAMA_MODEL_AR_EN", "TARJAMA_MODEL_EN_AR"):
    os.environ.pop(_var, None)
# Models converted for CTranslate2 go to a cache of the session's own, not the user's.
os.environ["TARJAMA_CACHE"] = os.path.join(_HF_HOME, "tarjama-cache")


def pytest_configure(config: pytest.Config) -> None:
    # MarianTokenizer recommends sacremoses on every load; irrelevant to random stand-ins.
    config.addinivalue_line("filterwarnings", "ignore:Recommended. pip install sacremoses")


@pytest.fixture(scope="session", autouse=True)
def offline_hub():
    """Every test runs offline, with an empty HF cache of its own."""
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    yield Path(_HF_HOME)
    shutil.rmtree(_HF_HOME, ignore_errors=True)


@pytest.fixture(autouse=True)
def private_memory(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Each test gets an empty translation memory of its own, never the user's."""
    path = tmp_path_factory.mktemp("memory") / "memory.sqlite"
    monkeypatch.setenv("TARJAMA_MEMORY", str(path))
    return path


@pytest.fixture(scope="session")
def standin_models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Random-weight Marian models for both directions: {"ar-en": path, "en-ar": path}."""
    from standins import build_standin_marian

    root = tmp_path_factory.mktemp("standins")
    return {
        "ar-en": build_standin_marian(root / "ar-en", "ar", "en"),
        "en-ar": build_standin_marian(root / "en-ar", "en", "ar", seed=1),
    }


@pytest.fixture(scope="session")
def term_models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Stand-ins whose vocabularies can spell every name of ``glossaries/news.tsv``
    (the default ones have no "K", say), for tests of glossary constraints."""
    from standins import build_standin_marian

    glossary = Path(__file__).parents[1] / "glossaries" / "news.tsv"
    rows = glossary.read_text(encoding="utf-8").splitlines()
    names = [" ".join(row.split("\t")[:2]) for row in rows[1:] if row and row[0] != "#"]
    root = tmp_path_factory.mktemp("term-standins")
    return {
        "ar-en": build_standin_marian(root / "ar-en", "ar", "en", extra_corpus=names),
        "en-ar": build_standin_marian(root / "en-ar", "en", "ar", seed=1, extra_corpus=names),
    }


@pytest.fixture(scope="session")
def multi_target_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An en->mul stand-in whose vocabulary holds >>ara<< and >>fra<<, like OPUS-MT's."""
    from standins import build_standin_marian

    root = tmp_path_factory.mktemp("multi-target")
    return build_standin_marian(root / "en-mul", "en", "ar", target_tokens=(">>ara<<", ">>fra<<"))


@pytest.fixture(scope="session")
def short_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An ar->en stand-in that takes at most 24 tokens, to force splitting."""
    from standins import build_standin_marian

    root = tmp_path_factory.mktemp("short")
    return build_standin_marian(root / "ar-en-short", "ar", "en", max_positions=24, seed=2)
