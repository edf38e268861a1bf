"""The translation memory: exact match after normalisation, conflicts, the file and its errors."""

from __future__ import annotations

import sqlite3
import unicodedata
from pathlib import Path

import pytest

from tarjama.errors import TranslationMemoryError
from tarjama.memory import (
    CONFLICT,
    MEMORY_ENV,
    REPLACED,
    STORED,
    UNCHANGED,
    TranslationMemory,
    default_memory_path,
    normalize,
)

AR = "قالَ المبعوثُ إنّ المحادثات ستستمر."
EN = "The envoy said the talks would go on."


@pytest.fixture
def memory(tmp_path: Path):
    with TranslationMemory(tmp_path / "tm" / "memory.sqlite") as tm:
        yield tm


def test_lookup_on_a_missing_file_finds_nothing_and_creates_nothing(tmp_path: Path):
    path = tmp_path / "none" / "memory.sqlite"
    tm = TranslationMemory(path)
    assert tm.lookup(AR, "ar", "en") is None and len(tm) == 0
    assert not path.exists() and not path.parent.exists()


def test_store_then_lookup_after_whitespace_and_nfc_normalisation(memory: TranslationMemory):
    result = memory.store(AR, EN, "ar", "en", origin_file="news/a.txt")
    assert (result.status, result.previous) == (STORED, None)
    assert memory.lookup(AR, "ar", "en") == EN
    assert memory.lookup(f"  {AR.replace(' ', chr(10) + ' ', 1)}\t", "ar", "en") == EN
    decomposed = unicodedata.normalize("NFD", "café au lait")
    memory.store(decomposed, "قهوة بالحليب", "en", "ar")
    assert memory.lookup("café  au lait", "en", "ar") == "قهوة بالحليب"
    assert memory.lookup(AR, "en", "ar") is None  # directions are separate
    assert memory.lookup(AR[:-1], "ar", "en") is None  # exact match only
    assert len(memory) == 2


def test_normalize_folds_whitespace_and_composes():
    assert normalize(" a\u00a0 b\n\tc ") == "a b c"
    assert normalize("e\u0301") == "\u00e9"


def test_same_translation_is_unchanged_a_different_one_is_a_conflict(memory: TranslationMemory):
    memory.store(AR, EN, "ar", "en")
    assert memory.store(AR, f"{EN}  ", "ar", "en").status == UNCHANGED
    conflict = memory.store(AR, "The envoy said talks continue.", "ar", "en")
    assert conflict.status == CONFLICT and conflict.conflict
    assert conflict.previous == EN
    assert memory.lookup(AR, "ar", "en") == EN  # never silently overwritten


def test_overwrite_replaces_and_says_so(memory: TranslationMemory):
    memory.store(AR, EN, "ar", "en")
    result = memory.store(AR, "New.", "ar", "en", overwrite=True)
    assert (result.status, result.previous) == (REPLACED, EN)
    assert memory.lookup(AR, "ar", "en") == "New."


def test_file_has_schema_version_timestamps_and_wal(memory: TranslationMemory):
    memory.store(AR, EN, "ar", "en", origin_file="news/a.txt")
    connection = sqlite3.connect(memory.path)
    assert connection.execute("SELECT version FROM schema_version").fetchall() == [(1,)]
    created, updated, origin = connection.execute(
        "SELECT created_at, updated_at, origin_file FROM pairs"
    ).fetchone()
    assert created.startswith("20") and created == updated and origin == "news/a.txt"
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    connection.close()


def test_readers_see_a_writers_pairs_while_it_is_open(tmp_path: Path):
    path = tmp_path / "memory.sqlite"
    writer, reader = TranslationMemory(path), TranslationMemory(path)
    writer.store(AR, EN, "ar", "en")
    assert reader.lookup(AR, "ar", "en") == EN
    writer.store("جملة أخرى.", "Another sentence.", "ar", "en")
    assert reader.lookup("جملة أخرى.", "ar", "en") == "Another sentence."
    writer.close()
    reader.close()


def test_default_path_is_the_env_variable_or_the_user_data_folder(monkeypatch, tmp_path: Path):
    monkeypatch.setenv(MEMORY_ENV, str(tmp_path / "env.sqlite"))
    assert default_memory_path() == tmp_path / "env.sqlite"
    assert TranslationMemory().path == tmp_path / "env.sqlite"
    monkeypatch.delenv(MEMORY_ENV)
    from platformdirs import user_data_dir

    assert default_memory_path() == Path(user_data_dir("tarjama")) / "memory.sqlite"


def test_a_corrupt_file_is_a_clear_catalogue_error(tmp_path: Path):
    path = tmp_path / "memory.sqlite"
    path.write_bytes(b"this is not SQLite at all\x00" * 200)
    with pytest.raises(TranslationMemoryError) as caught:
        TranslationMemory(path).lookup(AR, "ar", "en")
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and "corrupt or not SQLite" in message
    assert "--memory PATH" in message and "\n" not in message
    with pytest.raises(TranslationMemoryError):
        TranslationMemory(path).store(AR, EN, "ar", "en")
    assert path.read_bytes().startswith(b"this is not SQLite")  # left as it was


def test_another_sqlite_database_or_a_newer_schema_is_refused(tmp_path: Path):
    other = tmp_path / "other.sqlite"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE notes (text TEXT)")
    connection.commit()
    connection.close()
    with pytest.raises(TranslationMemoryError, match="not a tarjama translation memory"):
        TranslationMemory(other).lookup(AR, "ar", "en")
    newer = tmp_path / "newer.sqlite"
    TranslationMemory(newer).store(AR, EN, "ar", "en")
    connection = sqlite3.connect(newer)
    connection.execute("UPDATE schema_version SET version = 99")
    connection.commit()
    connection.close()
    with pytest.raises(TranslationMemoryError, match="schema version 99"):
        TranslationMemory(newer).lookup(AR, "ar", "en")


def test_a_folder_is_not_a_memory(tmp_path: Path):
    with pytest.raises(TranslationMemoryError, match="is a folder"):
        TranslationMemory(tmp_path).store(AR, EN, "ar", "en")
