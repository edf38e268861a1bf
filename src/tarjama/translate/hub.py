"""The Hugging Face Hub as seen from here: cache folder, offline mode, reachability, downloads.

Everything is read at call time (not from ``huggingface_hub.constants``, which freezes the
environment at import), and nothing waits on the network longer than a few seconds:
``from_pretrained`` with an unreachable hub retries for close to a minute, so we decide
first whether the hub can be reached at all.
"""

from __future__ import annotations

import os
import socket
import threading
import urllib.request
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_ENDPOINT = "https://huggingface.co"
REACHABILITY_TIMEOUT_S = 3.0

_TRUE = {"1", "true", "yes", "on"}

#: Files a seq2seq model and its tokenizer need, besides the weights.
_NEEDED_FILES = {
    "config.json",
    "generation_config.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "added_tokens.json",
    "vocab.json",
    "target_vocab.json",
    "vocab.txt",
    "merges.txt",
}
_NEEDED_SUFFIXES = (".spm", ".model")  # SentencePiece: source.spm, sentencepiece.bpe.model


def offline_variable() -> str | None:
    """``HF_HUB_OFFLINE`` or ``TRANSFORMERS_OFFLINE`` if the user set one: no network."""
    for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        if os.environ.get(var, "").strip().lower() in _TRUE:
            return var
    return None


def hub_endpoint() -> str:
    return (os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")


def hub_cache_dir() -> Path:
    """The HF hub cache folder, resolved the way ``huggingface_hub`` does, but now."""
    env = os.environ
    for var in ("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE"):
        if env.get(var):
            return Path(env[var]).expanduser()
    if env.get("HF_HOME"):
        return Path(env["HF_HOME"]).expanduser() / "hub"
    xdg = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg).expanduser() / "huggingface" / "hub"


def hub_reachable(timeout: float = REACHABILITY_TIMEOUT_S) -> tuple[bool, str]:
    """Can we open a TCP connection to the hub (or the HTTPS proxy) within ``timeout``?

    Returns ``(reachable, why_not)``. A failed DNS lookup answers at once; the thread bounds
    a resolver that hangs.
    """
    url = urlsplit(hub_endpoint())
    host = url.hostname or ""
    port = url.port or (443 if url.scheme == "https" else 80)
    proxy = urllib.request.getproxies().get(url.scheme)
    if proxy and not urllib.request.proxy_bypass(host):
        proxy_url = urlsplit(proxy if "://" in proxy else f"http://{proxy}")
        host = proxy_url.hostname or ""
        port = proxy_url.port or (443 if proxy_url.scheme == "https" else 80)
    outcome: list[str] = []

    def connect() -> None:
        try:
            socket.create_connection((host, port), timeout=timeout).close()
            outcome.append("")
        except OSError as error:
            outcome.append(f"cannot connect to {host}:{port} ({error})")

    worker = threading.Thread(target=connect, daemon=True)
    worker.start()
    worker.join(timeout + 0.5)
    if not outcome:
        return False, f"cannot connect to {host}:{port} (no answer within {timeout:g} s)"
    return outcome[0] == "", outcome[0]


def is_repo_id(name: str) -> bool:
    from huggingface_hub.utils import HFValidationError, validate_repo_id

    try:
        validate_repo_id(name)
    except HFValidationError:
        return False
    return True


def cached_snapshot(repo_id: str, cache_dir: Path | None = None) -> Path | None:
    """The cached snapshot folder of ``repo_id`` that holds a config.json, or None."""
    from huggingface_hub import try_to_load_from_cache

    cache_dir = cache_dir or hub_cache_dir()
    if not is_repo_id(repo_id):
        return None
    found = try_to_load_from_cache(repo_id, "config.json", cache_dir=str(cache_dir))
    if isinstance(found, str):
        return Path(found).parent
    # No refs/main (fetched at a pinned revision): take the newest snapshot there is.
    snapshots = cache_dir / f"models--{repo_id.replace('/', '--')}" / "snapshots"
    configs = sorted(snapshots.glob("*/config.json"), key=lambda p: p.stat().st_mtime)
    return configs[-1].parent if configs else None


def files_to_download(repo_files: Iterable[str]) -> list[str]:
    """The files of a repository a PyTorch seq2seq model needs, preferring safetensors.

    Top-level only (no onnx/ or tf/ variants); one weight format, never both.
    """
    top = [f for f in repo_files if "/" not in f]
    safetensors = [f for f in top if f.endswith(".safetensors")]
    if safetensors:
        weights = safetensors + [f for f in top if f == "model.safetensors.index.json"]
    else:
        weights = [f for f in top if f.startswith("pytorch_model") and f.endswith(".bin")]
        weights += [f for f in top if f == "pytorch_model.bin.index.json"]
    if not weights:
        return []
    others = [f for f in top if f in _NEEDED_FILES or f.endswith(_NEEDED_SUFFIXES)]
    return sorted(set(weights + others))


def list_repo_files(repo_id: str) -> list[str]:
    from huggingface_hub import HfApi

    return HfApi(endpoint=hub_endpoint()).list_repo_files(repo_id)


def snapshot_download(repo_id: str, files: list[str], cache_dir: Path) -> Path:
    from huggingface_hub import snapshot_download as hf_snapshot_download

    folder = hf_snapshot_download(
        repo_id, allow_patterns=files, cache_dir=str(cache_dir), endpoint=hub_endpoint()
    )
    return Path(folder)
