"""Which model serves which direction, and where it is: local folder, HF cache or the hub.

Resolution order for names: ``--model DIRECTION=NAME`` > ``TARJAMA_MODEL_AR_EN`` /
``TARJAMA_MODEL_EN_AR`` > :data:`DEFAULT_MODELS`. Location order: an existing local folder,
then the HF cache, then the hub if it answers within seconds — otherwise a
:class:`~tarjama.errors.ModelNotFoundError` that says where we looked.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from tarjama.document import TRANSLATABLE
from tarjama.errors import (
    ModelLoadError,
    ModelNotFoundError,
    ModelSpecError,
    UnsupportedLanguageError,
)
from tarjama.translate import hub
from tarjama.translate.quiet import library_messages

DIRECTIONS = ("ar-en", "en-ar")
DEFAULT_MODELS = {
    "ar-en": "Helsinki-NLP/opus-mt-ar-en",
    "en-ar": "Helsinki-NLP/opus-mt-en-ar",
}
ENV_VARS = {"ar-en": "TARJAMA_MODEL_AR_EN", "en-ar": "TARJAMA_MODEL_EN_AR"}
WEIGHT_SUFFIXES = (".safetensors", ".bin")


def direction_of(source_lang: str, target_lang: str) -> str:
    """``"ar-en"`` for ``("ar", "en")``; UnsupportedLanguageError for anything else."""
    for lang in (source_lang, target_lang):
        if lang not in TRANSLATABLE:
            raise UnsupportedLanguageError(lang)
    if source_lang == target_lang:
        raise UnsupportedLanguageError(f"{source_lang}->{target_lang}")
    return f"{source_lang}-{target_lang}"


def languages_of(direction: str) -> tuple[str, str]:
    """``("ar", "en")`` for ``"ar-en"``."""
    if direction not in DIRECTIONS:
        raise ModelSpecError(direction, f"unknown direction {direction!r} (use ar-en or en-ar)")
    source, target = direction.split("-")
    return source, target


def parse_model_spec(spec: str) -> tuple[str, str]:
    """``"ar-en=NAME_OR_PATH"`` -> ``("ar-en", "NAME_OR_PATH")``."""
    direction, sep, name = spec.partition("=")
    direction, name = direction.strip().lower(), name.strip()
    if not sep:
        raise ModelSpecError(spec, "missing '='")
    if direction not in DIRECTIONS:
        raise ModelSpecError(spec, f"unknown direction {direction!r} (use ar-en or en-ar)")
    if not name:
        raise ModelSpecError(spec, "empty model name")
    return direction, name


def resolve_model_names(
    cli_specs: Sequence[str] = (), env: Mapping[str, str] = os.environ
) -> dict[str, str]:
    """Direction -> model name or path. A later CLI spec for a direction overrides earlier."""
    names = dict(DEFAULT_MODELS)
    for direction, var in ENV_VARS.items():
        if value := env.get(var, "").strip():
            names[direction] = value
    for spec in cli_specs:
        direction, name = parse_model_spec(spec)
        names[direction] = name
    return names


@dataclass(frozen=True)
class ModelLocation:
    name: str
    kind: str  # "local" | "cache" | "hub"
    path: Path | None  # None until a hub model is downloaded
    size_bytes: int | None


@dataclass(frozen=True)
class ModelStatus:
    direction: str
    name: str
    available: bool  # usable without the network
    where: str | None
    size_bytes: int | None
    kind: str | None = None


def folder_size(folder: Path) -> int:
    """Bytes of the files in ``folder``, following the HF cache's symlinks to blobs."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


_SAMPLE_BYTES = 1 << 20


def folder_revision(folder: Path) -> str:
    """A short fingerprint of a local model folder's contents.

    Small files (config, tokenizer, vocabulary, spm) are hashed whole. Weight files are
    hashed by size and three 1 MiB windows (start, middle, end): enough to tell a fine-tuned
    model from its base, without reading gigabytes on every run.
    """
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
        size = path.stat().st_size
        digest.update(f"\0{path.name}\0{size}\0".encode())
        with path.open("rb") as handle:
            if not path.name.endswith(WEIGHT_SUFFIXES) or size <= 3 * _SAMPLE_BYTES:
                digest.update(handle.read())
                continue
            for offset in (0, (size - _SAMPLE_BYTES) // 2, size - _SAMPLE_BYTES):
                handle.seek(offset)
                digest.update(handle.read(_SAMPLE_BYTES))
    return digest.hexdigest()[:12]


def location_revision(location: ModelLocation) -> str | None:
    """Commit hash for cached hub models (the snapshot folder), a fingerprint for folders."""
    if location.path is None:
        return None
    if location.kind in ("cache", "hub"):  # a snapshot folder is named by its commit
        return location.path.name
    return folder_revision(location.path)


def _local_folder(name: str) -> Path | None:
    """The folder ``name`` points at, if it exists; a clear error if it is no model folder."""
    candidate = Path(name).expanduser()
    if not candidate.exists():
        return None
    folder = candidate.resolve()
    if not folder.is_dir():
        raise ModelLoadError(name, f"{folder} is a file, not a model folder")
    if not (folder / "config.json").is_file():
        raise ModelLoadError(name, f"folder {folder} has no config.json")
    return folder


def _find_offline(name: str) -> ModelLocation | None:
    """Local folder or cached snapshot, without touching the network."""
    if folder := _local_folder(name):
        return ModelLocation(name, "local", folder, folder_size(folder))
    if snapshot := hub.cached_snapshot(name):
        return ModelLocation(name, "cache", snapshot, folder_size(snapshot))
    return None


def looks_like_path(name: str) -> bool:
    """A name meant as a folder: it holds a path separator or starts with ``.``, ``~``, ``/``
    (``Helsinki-NLP/opus-mt-ar-en`` holds one too; callers check for a hub id first)."""
    return name.startswith((".", "~", "/")) or any(sep in name for sep in ("/", "\\", os.sep))


def _not_an_id_fix(name: str, direction: str) -> str:
    """The fix for a name that is neither an existing folder nor a hub id."""
    if looks_like_path(name):
        return (
            f"check the path; it must name an existing model folder (config.json, weights, "
            f"tokenizer), as in --model {direction}=/path/to/model"
        )
    return (
        f"pass a Hugging Face model id such as {DEFAULT_MODELS[direction]} or an existing "
        f"model folder with --model {direction}=NAME_OR_PATH"
    )


def _download_fix(direction: str) -> str:
    """The fix when a download cannot happen: never "run models download" again."""
    copy = f"or copy a model folder here and pass it with --model {direction}=/path/to/model"
    if variable := hub.offline_variable():
        return f"unset {variable} to allow downloads, {copy}"
    return (
        f"check the network connection, HF_ENDPOINT (now {hub.hub_endpoint()}) and any "
        f"proxy settings (HTTPS_PROXY), {copy}"
    )


@library_messages()
def locate_model(name: str, direction: str) -> ModelLocation:
    """Where ``name`` can be loaded from; ModelNotFoundError (within seconds) if nowhere."""
    if found := _find_offline(name):
        return found
    looked_in = [f"local folder {Path(name).expanduser().absolute()} (does not exist)"]
    if not hub.is_repo_id(name):
        raise ModelNotFoundError(
            name,
            direction,
            looked_in,
            "and it is no Hugging Face model id",
            fix=_not_an_id_fix(name, direction),
        )
    looked_in.append(f"Hugging Face cache {hub.hub_cache_dir()} (not there)")
    reason = _hub_unavailable()
    if not reason:
        return ModelLocation(name, "hub", None, None)
    looked_in.append(f"{hub.hub_endpoint()} ({reason})")
    raise ModelNotFoundError(name, direction, looked_in, _cannot_download())


def _hub_unavailable() -> str:
    """Why the hub cannot be used now, or "" if it can."""
    if variable := hub.offline_variable():
        return f"offline: {variable} is set"
    reachable, why_not = hub.hub_reachable()
    return "" if reachable else f"unreachable: {why_not}"


def _cannot_download() -> str:
    if variable := hub.offline_variable():
        return f"unset {variable} to let tarjama download it"
    return "it cannot be downloaded now"


@library_messages()
def list_models(names: Mapping[str, str]) -> list[ModelStatus]:
    """One status per direction; never touches the network."""
    statuses = []
    for direction, name in names.items():
        try:
            found = _find_offline(name)
        except ModelLoadError:
            found = None
        if found is None:
            statuses.append(ModelStatus(direction, name, False, None, None))
        else:
            where, size = str(found.path), found.size_bytes
            statuses.append(ModelStatus(direction, name, True, where, size, found.kind))
    return statuses


@library_messages()  # its warnings, not its download progress bars
def download_model(name: str, direction: str) -> ModelLocation:
    """Fetch ``name`` into the HF cache (weights, config, tokenizer only) and locate it."""
    if folder := _local_folder(name):
        return ModelLocation(name, "local", folder, folder_size(folder))
    cache = hub.hub_cache_dir()
    looked_in = [f"Hugging Face cache {cache}"]
    if not hub.is_repo_id(name):
        looked_in.insert(0, f"local folder {Path(name).expanduser().absolute()} (does not exist)")
        fix = _not_an_id_fix(name, direction)
        raise ModelNotFoundError(name, direction, looked_in, "it is no folder or model id", fix)
    if reason := _hub_unavailable():
        if snapshot := hub.cached_snapshot(name, cache):  # nothing new, but usable
            return ModelLocation(name, "cache", snapshot, folder_size(snapshot))
        looked_in.append(f"{hub.hub_endpoint()} ({reason})")
        reason = "it cannot be downloaded now"
        raise ModelNotFoundError(name, direction, looked_in, reason, _download_fix(direction))
    looked_in.append(hub.hub_endpoint())
    try:
        files = hub.files_to_download(hub.list_repo_files(name))
        if files:
            snapshot = hub.snapshot_download(name, files, cache)
    except Exception as error:  # HTTP, auth, disk: one line for the user, not a traceback
        reason = f"download failed: {one_line(error)}"
        fix = _download_fix(direction)
        raise ModelNotFoundError(name, direction, looked_in, reason, fix) from None
    if not files:
        raise ModelLoadError(name, "its repository has no PyTorch weights to download")
    return ModelLocation(name, "cache", snapshot, folder_size(snapshot))


def one_line(error: BaseException, limit: int = 300) -> str:
    """The first line of an error message, shortened: what users see instead of a traceback."""
    lines = str(error).strip().splitlines()
    reason = lines[0] if lines else type(error).__name__
    return reason if len(reason) <= limit else reason[: limit - 3] + "..."


def download_models(names: Mapping[str, str]) -> list[ModelStatus]:
    """Download each direction's model (once per distinct name); statuses as list_models."""
    located: dict[str, ModelLocation] = {}
    statuses = []
    for direction, name in names.items():
        if name not in located:
            located[name] = download_model(name, direction)
        found = located[name]
        where = str(found.path) if found.path else None
        statuses.append(ModelStatus(direction, name, True, where, found.size_bytes, found.kind))
    return statuses
