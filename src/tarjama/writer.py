"""Atomic output: every file is written to a temporary sibling, then renamed into place.

A run that fails midway therefore leaves earlier outputs as they were, and a reader never
sees half a file. The files of one document are all written before any is renamed, and the
renames are checked first (a folder where a file should go): POSIX cannot rename several
files as one, so only a fault during the renames themselves could leave a mix.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path


def default_file_mode() -> int:
    """``0o666 & ~umask``: the mode ``open()`` gives a new file (mkstemp's is 0o600)."""
    umask = os.umask(0o022)  # reading the umask means setting it; put it straight back
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(files: Mapping[Path, str | bytes], *, in_place: bool = False) -> list[Path]:
    """Write every ``path → content`` pair; all-or-nothing up to the final renames.

    Files get the mode a plain ``open()`` would give them, ``0o666 & ~umask``. With
    ``in_place`` a file that exists is replaced as the file it is, for a user's file edited
    in place (a glossary): through a symbolic link (renaming over the link would leave the
    real file unedited) and keeping its permission bits (a shared file may be
    group-writable, a private one unreadable to others). The paths returned are those given.
    """
    given = list(files)
    if in_place:
        files = {_real(path): content for path, content in files.items()}
    staged: list[tuple[Path, str]] = []
    new_file_mode = default_file_mode()
    try:
        for path in files:
            if path.is_dir():
                raise IsADirectoryError(f"{path} is a folder; an output file cannot replace it")
        for path, content in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(
                dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
            )
            staged.append((path, temporary))
            data = content.encode("utf-8") if isinstance(content, str) else content
            mode = new_file_mode
            if in_place and path.exists():
                mode = stat.S_IMODE(path.stat().st_mode)
            with os.fdopen(descriptor, "wb") as handle:
                os.chmod(temporary, mode)
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        for path, temporary in staged:
            os.replace(temporary, path)
    except BaseException:
        for _path, temporary in staged:
            if os.path.exists(temporary):
                os.unlink(temporary)
        raise
    return given


def _real(path: Path) -> Path:
    return path.resolve() if path.is_symlink() else path
