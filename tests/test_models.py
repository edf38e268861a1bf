"""Model names, locations, listing and downloading — all without the network."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

from tarjama.errors import ModelLoadError, ModelNotFoundError, ModelSpecError
from tarjama.translate import (
    DEFAULT_MODELS,
    HuggingFaceBackend,
    download_models,
    hub,
    list_models,
    locate_model,
    resolve_model_names,
)

COMMIT = "0123456789abcdef0123456789abcdef01234567"


def fake_cache_entry(cache: Path, repo_id: str, source: Path, commit: str = COMMIT) -> Path:
    """Lay out ``source``'s files as the HF cache does: blobs, a snapshot, refs/main."""
    repo = cache / f"models--{repo_id.replace('/', '--')}"
    snapshot = repo / "snapshots" / commit
    snapshot.mkdir(parents=True)
    (repo / "blobs").mkdir()
    for index, file in enumerate(sorted(source.iterdir())):
        blob = repo / "blobs" / f"blob{index}"
        shutil.copyfile(file, blob)
        (snapshot / file.name).symlink_to(blob)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(commit)
    return snapshot


@pytest.fixture
def hf_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "hf-cache"
    cache.mkdir()
    monkeypatch.setenv("HF_HUB_CACHE", str(cache))
    return cache


@pytest.fixture
def online(monkeypatch: pytest.MonkeyPatch):
    """Offline mode off; the reachability check answers whatever the test sets."""
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)

    def set_reachable(reachable: bool, why_not: str = "") -> None:
        monkeypatch.setattr(hub, "hub_reachable", lambda timeout=3.0: (reachable, why_not))

    return set_reachable


# --- names -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "reason"),
    [
        ("ar-en", "missing '='"),
        ("Helsinki-NLP/opus-mt-ar-en", "missing '='"),
        ("fr-en=some/model", "unknown direction 'fr-en'"),
        ("=some/model", "unknown direction ''"),
        ("ar-en=", "empty model name"),
        ("en-ar=   ", "empty model name"),
    ],
)
def test_bad_model_specs(spec, reason):
    with pytest.raises(ModelSpecError, match=reason) as caught:
        resolve_model_names([spec], env={})
    assert "DIRECTION=NAME_OR_PATH" in str(caught.value)


def test_names_come_from_cli_then_env_then_defaults():
    env = {"TARJAMA_MODEL_AR_EN": "env/ar-en", "TARJAMA_MODEL_EN_AR": "env/en-ar"}
    assert resolve_model_names(env={}) == DEFAULT_MODELS
    assert resolve_model_names(env=env) == {"ar-en": "env/ar-en", "en-ar": "env/en-ar"}
    cli = [" AR-EN = /models/a=b ", "ar-en=cli/first", "ar-en=cli/ar-en"]
    assert resolve_model_names(cli, env) == {"ar-en": "cli/ar-en", "en-ar": "env/en-ar"}
    blank = {"TARJAMA_MODEL_AR_EN": "  "}
    assert resolve_model_names(env=blank)["ar-en"] == DEFAULT_MODELS["ar-en"]


def test_a_spec_may_hold_a_path_with_equals_signs():
    assert resolve_model_names(["en-ar=/m/x=1"], env={})["en-ar"] == "/m/x=1"


def test_names_read_the_process_environment(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TARJAMA_MODEL_EN_AR", "from/env")
    assert resolve_model_names()["en-ar"] == "from/env"


# --- locations -------------------------------------------------------------------------


def test_local_folder_wins(standin_models):
    location = locate_model(str(standin_models["ar-en"]), "ar-en")
    assert location.kind == "local"
    assert location.path == standin_models["ar-en"].resolve()
    assert location.size_bytes and location.size_bytes > 10_000


def test_local_folder_without_config_is_a_load_error(tmp_path: Path):
    with pytest.raises(ModelLoadError, match="has no config.json"):
        locate_model(str(tmp_path), "ar-en")
    (tmp_path / "weights.bin").write_bytes(b"x")
    with pytest.raises(ModelLoadError, match="is a file"):
        locate_model(str(tmp_path / "weights.bin"), "ar-en")


def test_missing_model_offline_says_where_it_looked_and_what_to_do(hf_cache: Path):
    with pytest.raises(ModelNotFoundError) as caught:
        locate_model("Helsinki-NLP/opus-mt-ar-en", "ar-en")
    message = str(caught.value)
    assert "'Helsinki-NLP/opus-mt-ar-en' for ar-en not found" in message
    assert str(Path("Helsinki-NLP/opus-mt-ar-en").absolute()) in message
    assert str(hf_cache) in message
    assert "https://huggingface.co (offline: HF_HUB_OFFLINE is set)" in message
    assert "unset HF_HUB_OFFLINE" in message
    assert "tarjama models download" in message and "--model ar-en=" in message


def test_missing_model_with_unreachable_hub(hf_cache: Path, online):
    online(False, "cannot connect to huggingface.co:443 (Name or service not known)")
    with pytest.raises(ModelNotFoundError) as caught:
        locate_model("Helsinki-NLP/opus-mt-en-ar", "en-ar")
    message = str(caught.value)
    assert "unreachable: cannot connect to huggingface.co:443" in message
    assert str(hf_cache) in message


def test_reachable_hub_means_download_on_first_use(hf_cache: Path, online):
    online(True)
    location = locate_model("Helsinki-NLP/opus-mt-en-ar", "en-ar")
    assert (location.kind, location.path, location.size_bytes) == ("hub", None, None)


def test_a_missing_path_is_not_looked_up_on_the_hub(hf_cache: Path, online, tmp_path: Path):
    online(True)
    with pytest.raises(ModelNotFoundError, match="no Hugging Face model id"):
        locate_model(str(tmp_path / "no" / "such" / "model"), "ar-en")


@pytest.mark.slow
def test_cached_model_loads_from_its_snapshot(hf_cache: Path, standin_models):
    snapshot = fake_cache_entry(hf_cache, "someone/opus-mt-ar-en", standin_models["ar-en"])
    location = locate_model("someone/opus-mt-ar-en", "ar-en")
    assert (location.kind, location.path) == ("cache", snapshot)
    backend = HuggingFaceBackend("someone/opus-mt-ar-en", "ar-en")
    assert backend.describe() == {
        "name": "someone/opus-mt-ar-en",
        "revision": COMMIT,
        "path": str(snapshot),
        "kind": "cache",
        "backend": "transformers",
        "compute_type": "float32",
    }
    assert backend.count_tokens("مرحبا") > 1  # loaded from the cache, offline


def test_list_models_reports_what_is_here(hf_cache: Path, standin_models):
    fake_cache_entry(hf_cache, "someone/cached", standin_models["en-ar"])
    names = {"ar-en": str(standin_models["ar-en"]), "en-ar": "someone/cached"}
    local, cached = list_models(names)
    assert (local.available, local.kind, local.where) == (
        True,
        "local",
        str(standin_models["ar-en"].resolve()),
    )
    assert (cached.available, cached.kind) == (True, "cache")
    assert cached.size_bytes and cached.size_bytes > 10_000
    (missing,) = list_models({"ar-en": "someone/elsewhere"})
    assert (missing.available, missing.where, missing.size_bytes) == (False, None, None)


# --- downloads -------------------------------------------------------------------------


def test_download_offline_fails_fast_unless_cached(hf_cache: Path, standin_models):
    with pytest.raises(ModelNotFoundError, match="HF_HUB_OFFLINE"):
        download_models({"ar-en": "someone/not-cached"})
    fake_cache_entry(hf_cache, "someone/cached", standin_models["ar-en"])
    (status,) = download_models({"ar-en": "someone/cached"})
    assert (status.available, status.kind) == (True, "cache")


def test_download_fetches_only_what_the_model_needs(
    hf_cache: Path, online, monkeypatch: pytest.MonkeyPatch, standin_models
):
    online(True)
    repo_files = [
        "config.json",
        "generation_config.json",
        "pytorch_model.bin",
        "model.safetensors",
        "tf_model.h5",
        "rust_model.ot",
        "README.md",
        "source.spm",
        "target.spm",
        "vocab.json",
        "tokenizer_config.json",
        "onnx/encoder_model.onnx",
    ]
    requests: list[list[str]] = []

    def fake_snapshot_download(repo_id: str, files: list[str], cache_dir: Path) -> Path:
        requests.append(files)
        return fake_cache_entry(cache_dir, repo_id, standin_models["en-ar"])

    monkeypatch.setattr(hub, "list_repo_files", lambda repo_id: repo_files)
    monkeypatch.setattr(hub, "snapshot_download", fake_snapshot_download)
    statuses = download_models({"ar-en": "someone/both", "en-ar": "someone/both"})
    assert requests == [
        [
            "config.json",
            "generation_config.json",
            "model.safetensors",
            "source.spm",
            "target.spm",
            "tokenizer_config.json",
            "vocab.json",
        ]
    ]
    assert [s.direction for s in statuses] == ["ar-en", "en-ar"]
    assert all(s.available and s.kind == "cache" for s in statuses)


@pytest.mark.slow
def test_first_use_of_a_hub_model_downloads_then_loads_it(
    hf_cache: Path, online, monkeypatch: pytest.MonkeyPatch, standin_models
):
    online(True)
    repo_files = sorted(p.name for p in standin_models["ar-en"].iterdir())
    monkeypatch.setattr(hub, "list_repo_files", lambda repo_id: repo_files)
    monkeypatch.setattr(
        hub,
        "snapshot_download",
        lambda repo_id, files, cache_dir: fake_cache_entry(
            cache_dir, repo_id, standin_models["ar-en"]
        ),
    )
    backend = HuggingFaceBackend("someone/new-model", "ar-en")
    assert backend.describe()["kind"] == "hub"
    assert backend.revision is None  # not fetched yet
    assert backend.count_tokens("مرحبا") > 1
    assert backend.describe()["kind"] == "hub"
    assert backend.revision == COMMIT


@pytest.mark.parametrize(
    ("repo_files", "weights"),
    [
        (["config.json", "pytorch_model.bin", "tf_model.h5"], ["pytorch_model.bin"]),
        (
            ["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"]
            + ["model.safetensors.index.json", "pytorch_model.bin"],
            ["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"]
            + ["model.safetensors.index.json"],
        ),
        (["config.json", "tf_model.h5", "flax_model.msgpack"], []),
    ],
)
def test_files_to_download_prefers_safetensors(repo_files, weights):
    chosen = hub.files_to_download(repo_files + ["sentencepiece.bpe.model"])
    if not weights:
        assert chosen == []
    else:
        assert [f for f in chosen if f in repo_files and f != "config.json"] == weights
        assert "sentencepiece.bpe.model" in chosen


# --- the reachability check itself, against local sockets -------------------------------


def test_reachability_check_against_local_ports(monkeypatch: pytest.MonkeyPatch):
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{port}")
        assert hub.hub_reachable(timeout=1.0) == (True, "")
    reachable, why_not = hub.hub_reachable(timeout=1.0)  # the port is closed now
    assert not reachable
    assert f"127.0.0.1:{port}" in why_not


def test_regression_local_revision_tells_weights_of_the_same_shape_apart(standin_models, tmp_path):
    """Two stand-ins share config and file sizes; only their weights differ."""
    from tarjama.translate.models import folder_revision

    first, second = standin_models["ar-en"], standin_models["en-ar"]
    copy = shutil.copytree(first, tmp_path / "copy")
    assert folder_revision(first) != folder_revision(second)
    assert folder_revision(copy) == folder_revision(first)  # content, not location


# --- fix hints ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["./models/opus-ar-en", "~/no-such-model", "/no/such/model", "models/ar-en/v2"]
)
def test_regression_missing_local_path_says_check_the_path(hf_cache: Path, online, name: str):
    online(True)
    with pytest.raises(ModelNotFoundError) as caught:
        locate_model(name, "ar-en")
    message = str(caught.value)
    assert f"model {name!r} for ar-en not found" in message
    assert str(Path(name).expanduser().absolute()) in message
    assert "check the path" in message and "--model ar-en=" in message
    assert "models download" not in message


def test_a_name_that_is_neither_a_path_nor_a_model_id_says_what_is_expected(hf_cache: Path):
    with pytest.raises(ModelNotFoundError) as caught:
        locate_model("opus mt ar en", "ar-en")
    message = str(caught.value)
    assert "Hugging Face model id such as Helsinki-NLP/opus-mt-ar-en" in message
    assert "models download" not in message


@pytest.mark.parametrize("failure", ["unreachable", "download-error", "offline"])
def test_regression_failed_download_does_not_suggest_models_download(
    hf_cache: Path, online, monkeypatch: pytest.MonkeyPatch, failure: str
):
    if failure == "unreachable":
        online(False, "cannot connect to huggingface.co:443 (Name or service not known)")
    elif failure == "download-error":
        online(True)

        def refuse(repo_id: str) -> list[str]:
            raise ConnectionError("Connection reset by peer\nmore lines")

        monkeypatch.setattr(hub, "list_repo_files", refuse)
    else:
        monkeypatch.setenv("HF_HUB_OFFLINE", "1")  # `online` cleared it
    with pytest.raises(ModelNotFoundError) as caught:
        download_models({"en-ar": "someone/opus-mt-en-ar"})
    message = str(caught.value)
    assert "models download" not in message
    assert "copy a model folder" in message and "--model en-ar=" in message
    if failure == "offline":
        assert "unset HF_HUB_OFFLINE" in message
    else:
        assert "HF_ENDPOINT" in message and "proxy" in message and "network" in message
    if failure == "download-error":
        assert "download failed: Connection reset by peer" in message and "\n" not in message


def test_a_missing_path_given_to_models_download_says_check_the_path(hf_cache: Path):
    with pytest.raises(ModelNotFoundError) as caught:
        download_models({"ar-en": "./no/such/folder"})
    assert "check the path" in str(caught.value)
    assert "models download" not in str(caught.value)


def test_model_not_found_error_takes_a_fix():
    default = ModelNotFoundError("x/y", "ar-en", ["somewhere"])
    custom = ModelNotFoundError("x/y", "ar-en", ["somewhere"], "why", fix="do this")
    assert "tarjama models download" in str(default)
    assert str(custom).endswith("; why — do this") and custom.fix == "do this"
