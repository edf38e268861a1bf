"""Which backend decodes: the choice behind ``--backend`` and ``--compute-type``.

``ctranslate2`` (the default of the command line) decodes the converted model in C++,
int8 by default; ``transformers`` runs the model in torch, float32: the reference that
the tests compare the fast path with.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from tarjama.errors import BackendChoiceError
from tarjama.translate.base import TranslationBackend
from tarjama.translate.convert import import_ctranslate2
from tarjama.translate.ct2 import COMPUTE_TYPES, CTranslate2Backend
from tarjama.translate.huggingface import HuggingFaceBackend

BackendFactory = Callable[[str, str], TranslationBackend]  # (name or path, direction)
BACKENDS = ("ctranslate2", "transformers")
DEFAULT_BACKEND = "ctranslate2"
DEFAULT_COMPUTE_TYPE = {"ctranslate2": "int8", "transformers": "float32"}


def backend_factory(
    backend: str = DEFAULT_BACKEND, compute_type: str | None = None
) -> BackendFactory:
    """A factory of ``backend`` backends at ``compute_type`` (None: the backend's default).

    Raises :class:`~tarjama.errors.BackendChoiceError` for a combination that does not
    exist and :class:`~tarjama.errors.BackendUnavailableError` when ctranslate2 is missing.
    """
    if backend not in BACKENDS:
        raise BackendChoiceError(f"unknown backend {backend!r}", f"choose one of {BACKENDS}")
    compute_type = compute_type or DEFAULT_COMPUTE_TYPE[backend]
    if compute_type not in COMPUTE_TYPES:
        raise BackendChoiceError(
            f"unknown compute type {compute_type!r}", f"choose one of {COMPUTE_TYPES}"
        )
    if backend == "transformers":
        if compute_type != "float32":
            raise BackendChoiceError(
                f"the transformers backend runs float32 only, not {compute_type}",
                "use --backend ctranslate2 for int8",
            )
        return HuggingFaceBackend
    import_ctranslate2()  # a missing package fails now, before any file is read
    return partial(CTranslate2Backend, compute_type=compute_type)
