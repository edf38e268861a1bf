"""The translation memory: reviewed sentence pairs in one SQLite file, found by exact match.

Only reviewed pairs go in (``tarjama review apply``), so a match can be used as-is
(``origin: "memory"``). A source is matched after NFC normalisation and whitespace folding
(runs of spaces, tabs and line breaks count as one space; ends are trimmed); the stored
target is returned exactly as it was stored.

A different translation for a source already stored is a **conflict**: it is reported and
the stored one is kept, unless the caller asks to overwrite (and is told it did). The file
is created on the first :meth:`TranslationMemory.store`, never by a lookup; it runs in WAL
mode, so any number of readers can look up while one writer stores.

The default file is ``memory.sqlite`` in the user data folder (``platformdirs``), or the
path in ``$TARJAMA_MEMORY``.
"""

from __future__ import annotations

import os
import re
import sqlite3
import unicodedata
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

    def check(self) -> None:
        """Open the file (if it exists) and check it is a tarjama memory of a known version;
        raise :class:`TranslationMemoryError` otherwise. Run before work that must not be
        half done when the memory turns out to be unusable."""
        if self.path.exists():
            self._connect(create=False)
        else:
            self._check_creatable()

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
        connection = self._connect(create=True)
        assert connection is not None
        key = normalize(source)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        try:
            with connection:  # one transaction: read and write see the same row
                row = connection.execute(
                    "SELECT target FROM pairs WHERE source_lang = ? AND target_lang = ? "
                    "AND source_key = ?",
                    (source_lang, target_lang, key),
                ).fetchone()
                if row is None:
                    connection.execute(
                        "INSERT INTO pairs (source_lang, target_lang, source_key, source, "
                        "target, origin_file, created_at, updated_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (source_lang, target_lang, key, source, target, origin_file, now, now),
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
                    (source, target, origin_file, now, source_lang, target_lang, key),
                )
                return StoreResult(REPLACED, source, target, previous)
        except sqlite3.Error as error:
            raise self._error(error) from None

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
        try:
            self._prepare(connection, exists)
        except sqlite3.Error as error:
            connection.close()
            raise self._error(error) from None
        except TranslationMemoryError:
            connection.close()
            raise
        self._connection = connection
        return connection

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
        if isinstance(error, sqlite3.DatabaseError) and (
            "not a database" in text or "malformed" in text or "encrypted" in text
        ):
            return TranslationMemoryError(
                self.path, f"is not a readable translation memory (corrupt or not SQLite: {text})"
            )
        if "readonly" in text or "unable to open" in text or "locked" in text:
            return TranslationMemoryError(self.path, f"cannot be opened or written: {text}")
        return TranslationMemoryError(self.path, f"translation memory error: {text}")
