"""Atomic output: a set of files appears all together or not at all.

Every file is written to a temporary sibling and flushed to disk first; a failure there
(a full disk, a quota, an I/O error) removes the temporaries and leaves every earlier file
as it was. Only then are the temporaries renamed into place. POSIX cannot rename several
files as one, so each file that already exists is kept under a hard link (a copy where the
file system has no links) until every rename has succeeded; a rename that fails half-way
puts the earlier files back and removes the new ones. Ctrl+C and SIGTERM are held during
the renames (a few system calls) and take effect right after. What remains is a process
killed outright (SIGKILL, power loss) during the renames: then some files may be new and
some old, and the backups (``.<name>.<random>.old``) are left beside them.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import stat
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path


def default_file_mode() -> int:
    """``0o666 & ~umask``: the mode ``open()`` gives a new file (mkstemp's is 0o600)."""
    umask = os.umask(0o022)  # reading the umask means setting it; put it straight back
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(files: Mapping[Path, str | bytes], *, in_place: bool = False) -> list[Path]:
    """Write every ``path → content`` pair, all or nothing (see the module docstring).

    Files get the mode a plain ``open()`` would give them, ``0o666 & ~umask``. With
    ``in_place`` a file that exists is replaced as the file it is, for a user's file edited
    in place (a glossary): through a symbolic link (renaming over the link would leave the
    real file unedited) and keeping its permission bits (a shared file may be
    group-writable, a private one unreadable to others). The paths returned are those given.
    An ``OSError`` raised here has ``filename`` set to the file it was writing.
    """
    given = list(files)
    if in_place:
        files = {_real(path): content for path, content in files.items()}
    for path in files:
        if path.is_dir():
            raise IsADirectoryError(f"{path} is a folder; an output file cannot replace it")
    staged: list[tuple[Path, str]] = []
    try:
        _stage(files, staged, in_place)
        _commit(staged)
    finally:
        for _path, temporary in staged:
            _remove(temporary)
    return given


@contextlib.contextmanager
def _naming(path: Path):
    """An ``OSError`` inside names ``path``, not a temporary file nobody knows."""
    try:
        yield
    except OSError as error:
        error.filename, error.filename2 = str(path), None
        raise


def _stage(files: Mapping[Path, str | bytes], staged: list[tuple[Path, str]], in_place: bool):
    """Write each file to a temporary sibling and flush it to disk; ``staged`` grows as it goes."""
    new_file_mode = default_file_mode()
    for path, content in files.items():
        with _naming(path):
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


def _commit(staged: list[tuple[Path, str]]) -> None:
    """Rename the temporaries into place; on any failure put every earlier file back."""
    backups: dict[Path, str | None] = {}  # path → its backup, or None where it was new
    try:
        for path, _temporary in staged:
            with _naming(path):
                backups[path] = _backup(path) if path.exists() else None
        begun: list[tuple[Path, str]] = []
        with _signals_held():  # an interrupt waits for the set, then takes effect
            try:
                for path, temporary in staged:
                    begun.append((path, temporary))  # before the rename: it may happen
                    with _naming(path):
                        os.replace(temporary, path)
            except BaseException:  # never leave half the set renamed
                for path, temporary in reversed(begun):
                    if not os.path.exists(temporary):  # this one was renamed: undo it
                        _put_back(path, backups)
                raise
        for path in {path.parent for path, _ in staged}:
            _sync_folder(path)
    finally:
        for backup in backups.values():
            if backup is not None:
                _remove(backup)


@contextlib.contextmanager
def _signals_held():
    """Ctrl+C and SIGTERM wait until the renames are done, then take effect: a set is never
    left half renamed by an interrupt. Python runs signal handlers in the main thread
    whatever thread the signal reached (torch has several), so a handler that only notes
    the signal is put in place for the few system calls, and the signal raised again
    after. Elsewhere than the main thread handlers cannot be changed: nothing is held."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []
    held = [sig for sig in (signal.SIGINT, getattr(signal, "SIGTERM", None)) if sig is not None]
    previous = {
        sig: signal.signal(sig, lambda number, _frame: pending.append(number)) for sig in held
    }
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for sig in dict.fromkeys(pending):
            signal.raise_signal(sig)


def _put_back(path: Path, backups: dict[Path, str | None]) -> None:
    """Undo one rename: the earlier file back from its backup, or the new file removed.
    A backup that cannot be put back is kept (and no longer in ``backups``): never lost."""
    backup = backups.pop(path)
    if backup is None:
        _remove(path)
        return
    with contextlib.suppress(OSError):  # if not, the earlier file survives as the backup
        os.replace(backup, path)


def _backup(path: Path) -> str:
    """A hard link (or, without links, a copy) of ``path`` beside it, to put it back."""
    descriptor, backup = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".old")
    os.close(descriptor)
    os.unlink(backup)
    try:
        os.link(path, backup, follow_symlinks=False)
    except OSError:
        shutil.copy2(path, backup, follow_symlinks=False)
    return backup


def _sync_folder(folder: Path) -> None:
    """Flush the folder's entries (the renames) to disk, where the system allows it."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some file systems do not sync folders; the renames are done all the same
    finally:
        os.close(descriptor)


def _remove(path: Path | str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def _real(path: Path) -> Path:
    return path.resolve() if path.is_symlink() else path
