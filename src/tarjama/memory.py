"""The translation memory: reviewed sentence pairs in one SQLite file, found by exact match.

Only reviewed pairs go in (``tarjama review apply``), so a match can be used as-is
(``origin: "memory"``). A source is matched after NFC normalisation and whitespace folding
(runs of spaces, tabs and line breaks count as one space; ends are trimmed); the stored
target is returned exactly as it was stored.

A different translation for a source already stored is a **conflict**: it is reported and
the stored one is kept, unless the caller asks to overwrite (and is told it did). The file
is created on the first :meth:`TranslationMemory.store`, never by a lookup; it runs in WAL
mode, so any number of readers can look up while one writer stores.

Several stores are one transaction inside :meth:`TranslationMemory.transaction`: all of
them are kept, or none (a full disk half-way leaves the memory as it was). A file created
for a store or a transaction that fails is removed again: a failure never leaves a new,
empty memory behind.

The default file is ``memory.sqlite`` in the user data folder (``platformdirs``), or the
path in ``$TARJAMA_MEMORY``.
"""

from __future__ import annotations

import os
import re
import sqlite3
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tarjama.errors import TranslationMemoryError

#: the environment variable that overrides the default memory file
MEMORY_ENV = "TARJAMA_MEMORY"
SCHEMA_VERSION = 1

STORED = "stored"
UNCHANGED = "unchanged"
CONFLICT = "conflict"
REPLACED = "replaced"

_SPACE = re.compile(r"\s+")
#: the files SQLite keeps beside the memory in WAL mode
_SIDE_FILES = ("-wal", "-shm", "-journal")
_BUSY_TIMEOUT_MS = 5000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS pairs (
    id INTEGER PRIMARY KEY,
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    source_key TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    origin_file TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (source_lang, target_lang, source_key)
);
"""


def default_memory_path() -> Path:
    """``$TARJAMA_MEMORY``, else ``memory.sqlite`` in the user data folder."""
    if value := os.environ.get(MEMORY_ENV):
        return Path(value).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("tarjama")) / "memory.sqlite"


def normalize(text: str) -> str:
    """The lookup key: NFC, whitespace runs folded to one space, ends trimmed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


@dataclass(frozen=True)
class StoreResult:
    """What :meth:`TranslationMemory.store` did: ``stored`` (new pair), ``unchanged`` (the
    same translation was there), ``conflict`` (a different one was there and was kept) or
    ``replaced`` (a different one was there and ``overwrite`` replaced it). ``previous`` is
    the translation that was there before, for ``unchanged``/``conflict``/``replaced``."""

    status: str
    source: str
    target: str
    previous: str | None = None

    @property
    def conflict(self) -> bool:
        return self.status == CONFLICT


class TranslationMemory:
    """A translation memory file; ``path`` defaults to :func:`default_memory_path`.

    Opening does nothing; the first lookup opens the file if it exists (a missing file
    has no matches), the first store creates it. Use as a context manager, or call
    :meth:`close`.
    """

    def __init__(self, path: Path | str | None = None):
        self.path = Path(path).expanduser() if path is not None else default_memory_path()
        self._connection: sqlite3.Connection | None = None
        #: the file was created by this object and holds nothing committed yet
        self._new_file = False
        #: inside :meth:`transaction`: stores do not commit
        self._batch = False

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    # --- reading ------------------------------------------------------------------------

    def lookup(self, source_text: str, source_lang: str, target_lang: str) -> str | None:
        """The stored translation of ``source_text``, or None."""
        connection = self._connect(create=False)
        if connection is None:
            return None
        row = self._execute(
            connection,
            "SELECT target FROM pairs WHERE source_lang = ? AND target_lang = ? AND source_key = ?",
            (source_lang, target_lang, normalize(source_text)),
        ).fetchone()
        return row[0] if row else None

    def __len__(self) -> int:
        connection = self._connect(create=False)
        if connection is None:
            return 0
        return self._execute(connection, "SELECT COUNT(*) FROM pairs", ()).fetchone()[0]

    def check(self, *, write: bool = False) -> None:
        """Open the file (if it exists) and check it is a tarjama memory of a known version;
        raise :class:`TranslationMemoryError` otherwise. Run before work that must not be
        half done when the memory turns out to be unusable.

        ``write``: also check that it can be written, as a store will: the file (or, for a
        new one, its folder) writable, and the write lock free (no other writer holds it
        longer than the busy timeout). Nothing is written; a new file is not created."""
        if not self.path.exists():  # (a folder exists: _connect says it is one)
            self._check_creatable()
            return
        connection = self._connect(create=False)
        if not write or connection is None:
            return
        if not os.access(self.path, os.W_OK):
            raise TranslationMemoryError(self.path, "cannot be written: the file is read-only")
        if not os.access(self.path.parent, os.W_OK | os.X_OK):
            raise TranslationMemoryError(
                self.path, "cannot be written: its folder is read-only (SQLite writes beside it)"
            )
        try:
            connection.execute("BEGIN IMMEDIATE")  # the write lock, as a store takes it
            connection.execute("ROLLBACK")
        except sqlite3.Error as error:
            raise self._error(error) from None

    @contextmanager
    def transaction(self) -> Iterator[TranslationMemory]:
        """Every :meth:`store` inside is one transaction, committed when the block ends; if
        the block raises or the commit fails, nothing of it is kept (and a file created for
        it is removed). A failed commit raises :class:`TranslationMemoryError`."""
        if self._batch:
            raise RuntimeError("TranslationMemory.transaction() does not nest")
        connection = self._connect(create=True)
        assert connection is not None
        try:
            connection.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            self._discard_new_file()
            raise self._error(error) from None
        self._batch = True
        try:
            yield self
            connection.commit()
        except BaseException as error:
            self._rollback(connection)
            if isinstance(error, sqlite3.Error):
                raise self._error(error) from None
            raise
        finally:
            self._batch = False
        self._new_file = False

    # --- writing ------------------------------------------------------------------------

    def store(
        self,
        source: str,
        target: str,
        source_lang: str,
        target_lang: str,
        origin_file: str | None = None,
        *,
        overwrite: bool = False,
    ) -> StoreResult:
        """Store a reviewed pair; see :class:`StoreResult` for what can happen."""
        if not self._batch:
            with self.transaction():  # one transaction: read and write see the same row
                return self.store(
                    source, target, source_lang, target_lang, origin_file, overwrite=overwrite
                )
        connection = self._connect(create=True)
        assert connection is not None
        key = normalize(source)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        where = (source_lang, target_lang, key)
        try:
            row = connection.execute(
                "SELECT target FROM pairs WHERE source_lang = ? AND target_lang = ? "
                "AND source_key = ?",
                where,
            ).fetchone()
            if row is None:
                connection.execute(
                    "INSERT INTO pairs (source_lang, target_lang, source_key, source, "
                    "target, origin_file, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (*where, source, target, origin_file, now, now),
                )
                return StoreResult(STORED, source, target)
            previous = row[0]
            if normalize(previous) == normalize(target):
                return StoreResult(UNCHANGED, source, target, previous)
            if not overwrite:
                return StoreResult(CONFLICT, source, target, previous)
            connection.execute(
                "UPDATE pairs SET source = ?, target = ?, origin_file = ?, updated_at = ? "
                "WHERE source_lang = ? AND target_lang = ? AND source_key = ?",
                (source, target, origin_file, now, *where),
            )
            return StoreResult(REPLACED, source, target, previous)
        except sqlite3.Error as error:
            raise self._error(error) from None

    def _rollback(self, connection: sqlite3.Connection) -> None:
        # the transaction is gone either way: SQLite rolls back what it cannot write
        with suppress(sqlite3.Error):
            connection.rollback()
        self._discard_new_file()

    def _discard_new_file(self) -> None:
        """Remove the file (and its WAL files) if this object created it and nothing was
        ever committed to it: a failed first store leaves no empty memory behind."""
        if not self._new_file:
            return
        self.close()
        self._new_file = False
        for path in (self.path, *(self.path.with_name(self.path.name + s) for s in _SIDE_FILES)):
            with suppress(OSError):  # gone already, or the folder turned read-only
                path.unlink()

    # --- the connection -----------------------------------------------------------------

    def _connect(self, *, create: bool) -> sqlite3.Connection | None:
        if self._connection is not None:
            return self._connection
        if self.path.is_dir():
            raise TranslationMemoryError(self.path, "is a folder, not a translation memory file")
        exists = self.path.exists()
        if not exists and not create:
            return None
        if not exists:
            self._check_creatable()
        try:
            connection = sqlite3.connect(self.path, timeout=_BUSY_TIMEOUT_MS / 1000)
        except sqlite3.Error as error:
            raise self._error(error) from None
        self._connection = connection
        self._new_file = not exists
        try:
            self._prepare(connection, exists)
        except sqlite3.Error as error:
            self._failed_open()
            raise self._error(error) from None
        except TranslationMemoryError:
            self._failed_open()
            raise
        return connection

    def _failed_open(self) -> None:
        if self._new_file:
            self._discard_new_file()
        else:
            self.close()

    def _prepare(self, connection: sqlite3.Connection, exists: bool) -> None:
        connection.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
        listing = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        tables = {row[0] for row in listing}
        if exists and tables and not {"schema_version", "pairs"} <= tables:
            raise TranslationMemoryError(
                self.path, "is an SQLite database, but not a tarjama translation memory"
            )
        if not tables:
            connection.execute("PRAGMA journal_mode = WAL")
            with connection:
                connection.executescript(_SCHEMA)
                connection.execute(
                    "INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,)
                )
            return
        row = connection.execute("SELECT MAX(version) FROM schema_version").fetchone()
        version = row[0] if row else None
        if version is None or version > SCHEMA_VERSION:
            raise TranslationMemoryError(
                self.path,
                f"translation memory schema version {version} is not one this tarjama reads "
                f"(it reads version {SCHEMA_VERSION})",
                fix="upgrade tarjama, or pass another file with --memory PATH",
            )

    def _check_creatable(self) -> None:
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise TranslationMemoryError(
                self.path, f"cannot create its folder: {error.strerror or error}"
            ) from None
        if not os.access(folder, os.W_OK | os.X_OK):
            raise TranslationMemoryError(self.path, "cannot create it: its folder is read-only")

    def _execute(self, connection: sqlite3.Connection, sql: str, parameters: tuple):
        try:
            return connection.execute(sql, parameters)
        except sqlite3.Error as error:
            raise self._error(error) from None

    def _error(self, error: sqlite3.Error) -> TranslationMemoryError:
        text = str(error)
        if getattr(error, "sqlite_errorname", None) == "SQLITE_FULL":
            return TranslationMemoryError(
                self.path,
                f"cannot be written: {text}",
                fix="free some space, or pass a memory on another disk with --memory PATH, "
                "and run again",
            )
        if isinstance(error, sqlite3.DatabaseError) and (
            "not a database" in text or "malformed" in text or "encrypted" in text
        ):
            return TranslationMemoryError(
                self.path, f"is not a readable translation memory (corrupt or not SQLite: {text})"
            )
        if "readonly" in text or "unable to open" in text or "locked" in text:
            return TranslationMemoryError(self.path, f"cannot be opened or written: {text}")
        return TranslationMemoryError(self.path, f"translation memory error: {text}")
