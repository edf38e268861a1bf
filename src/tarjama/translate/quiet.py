"""Messages of the model libraries, kept off the terminal during a run unless asked for.

transformers, huggingface_hub, torch, sentencepiece and sacremoses write warnings to stderr
(through :mod:`logging` or :mod:`warnings`) about things a user of tarjama can do nothing
about — ``Recommended: pip install sacremoses.`` on every tokenizer load, generation-config
advice per batch — and every such line breaks the progress bar. Model work (locating,
loading, tokenising, decoding) runs inside :func:`library_messages`, which hides them;
``set_verbose(True)`` (the CLI's ``--verbose``) lets them through. Errors are not hidden:
log records at ERROR and above still pass, and failures are raised as exceptions.

Nothing here imports a model library.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

_verbose = False
_depth = 0  # library_messages blocks open now


def set_verbose(verbose: bool) -> None:
    """Show (``True``) or hide (``False``, the default) the warnings and log messages of
    the model libraries during model work, for the whole process."""
    global _verbose
    _verbose = bool(verbose)


def is_verbose() -> bool:
    """Whether :func:`set_verbose` asked for the libraries' messages."""
    return _verbose


@contextmanager
def library_messages() -> Iterator[None]:
    """Run a block of model work with the libraries' warnings hidden, unless
    :func:`set_verbose` asked for them. Usable as a decorator; blocks nest cheaply.

    Inside the outermost block, Python warnings are dropped and log records below ERROR
    are discarded (``logging.disable``, so that it holds for loggers a library creates or
    reconfigures inside the block, as transformers does on first import). Only library code
    runs inside such blocks; tarjama reports its own warnings in its outputs, not in logs.
    """
    global _depth
    if _verbose or _depth:
        _depth += 1
        try:
            yield
        finally:
            _depth -= 1
        return
    previous = logging.root.manager.disable
    _depth += 1
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            logging.disable(max(previous, logging.WARNING))
            try:
                yield
            finally:
                logging.disable(previous)
    finally:
        _depth -= 1
