"""Hugging Face models converted for CTranslate2 once, kept in the user cache.

A converted model lives in ``$TARJAMA_CACHE/ctranslate2/<name>-<fingerprint>/<compute
type>/`` (default cache: the platform's user cache folder for tarjama, e.g.
``~/.cache/tarjama``). The fingerprint is the source model's revision (the HF snapshot's
commit, or the content fingerprint of a local folder), so a model that changes is
converted again, never served stale. The folder is written under a temporary name and
renamed into place when complete: a killed conversion leaves nothing half-written that
a later run would load. ``tarjama.json`` in it records what it was made from.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from tarjama.errors import BackendUnavailableError, ModelConversionError
from tarjama.translate.huggingface import no_progress_bars
from tarjama.translate.models import ModelLocation, location_revision, one_line
from tarjama.translate.quiet import library_messages

CACHE_VARIABLE = "TARJAMA_CACHE"
RECORD = "tarjama.json"


def cache_root() -> Path:
    if os.environ.get(CACHE_VARIABLE):
        return Path(os.environ[CACHE_VARIABLE]).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("tarjama"))


def import_ctranslate2() -> Any:
    try:
        import ctranslate2
    except ImportError:
        raise BackendUnavailableError("ctranslate2", "ctranslate2") from None
    return ctranslate2


def converted_folder(location: ModelLocation, compute_type: str) -> Path:
    """Where ``location``'s model converted for ``compute_type`` is (or will be) kept."""
    assert location.path is not None
    safe_name = re.sub(r"[^A-Za-z0-9._-]+", "--", str(location.name)).strip("-.")[-80:] or "model"
    fingerprint = location_revision(location) or "unversioned"
    return cache_root() / "ctranslate2" / f"{safe_name}-{fingerprint[:16]}" / compute_type


def ensure_converted(location: ModelLocation, compute_type: str) -> tuple[Path, dict[str, Any]]:
    """The converted model's folder and its record, converting it first if needed."""
    folder = converted_folder(location, compute_type)
    if not (folder / "model.bin").is_file() or not (folder / RECORD).is_file():
        _convert(location, compute_type, folder)
    record = json.loads((folder / RECORD).read_text(encoding="utf-8"))
    return folder, record


def _convert(location: ModelLocation, compute_type: str, folder: Path) -> None:
    ctranslate2 = import_ctranslate2()
    folder.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{compute_type}-", dir=folder.parent))
    try:
        with library_messages(), no_progress_bars():
            from ctranslate2.converters import TransformersConverter

            converter = TransformersConverter(str(location.path))
            converter.convert(str(scratch / "model"), quantization=compute_type, force=True)
        record = {
            "source": str(location.name),
            "source_path": str(location.path),
            "source_revision": location_revision(location),
            "compute_type": compute_type,
            "ctranslate2": ctranslate2.__version__,
        }
        (scratch / "model" / RECORD).write_text(json.dumps(record, indent=1), encoding="utf-8")
        try:
            os.replace(scratch / "model", folder)
        except OSError:
            if not (folder / RECORD).is_file():  # not another run's finished conversion
                raise
    except Exception as error:  # the converter's failures reach users as one line
        raise ModelConversionError(location.name, "ctranslate2", one_line(error)) from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
