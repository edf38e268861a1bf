"""Model packs: the models of some directions in one archive, installed without a network.

``tarjama models pack -o FILE.tar`` (:func:`pack_models`) writes, on a machine that has the
models (in the Hugging Face cache, in a folder, or downloadable), one tar archive::

    tarjama-pack.json                   the manifest (the first member)
    models/<folder>/<path>              each file of each model (<folder>: ORG--NAME)

``tarjama models install FILE.tar`` (:func:`install_pack`) checks the pack before anything
is visible: every member's name (no absolute path, no ``..``), its type (regular files
only: no link, no device), its size (the manifest's, and within :data:`MAX_PACK_BYTES`),
that the manifest lists it, and every file's sha256. It unpacks into a temporary folder
beside the destination and only then renames into place — the Hugging Face cache layout
(``models--ORG--NAME/blobs/<sha256>``, ``snapshots/<revision>/<path>`` linking to the blob,
``refs/main`` holding the revision), where ``from_pretrained("ORG/NAME")`` finds it with
``HF_HUB_OFFLINE=1``, or, with ``to``, plain model folders ``<to>/<folder>``. A bad pack is
one :class:`~tarjama.errors.PackError` and leaves the destination as it was. Installing
the same pack again changes nothing; another revision of a model goes beside the first and
``refs/main`` moves to it.

The manifest, format version 1::

    {"format": "tarjama-model-pack", "format_version": 1,
     "tarjama_version": "0.1.0", "created": "2024-03-14T09:30:00Z",
     "models": [{"name": "Helsinki-NLP/opus-mt-ar-en", "source": "hub",
                 "revision": "<the hub commit, or a local folder's fingerprint>",
                 "directions": ["ar-en"],
                 "files": [{"path": "config.json", "sha256": "…", "size": 1394,
                            "component": "transformers"}, …]}, …]}

``source`` is ``hub`` (a model with a Hugging Face name: installed into the cache) or
``local`` (packed from a folder: installed with ``to`` only). ``component`` says what a
file serves: ``transformers`` for the model every backend starts from. A converted model
for another backend (a CTranslate2 folder, say) is more files of the same model, under a
sub-folder of its own (``ctranslate2/model.bin``) with a component of its own: an
installer of format 1 verifies and installs every listed file whatever its component and
ignores keys it does not know, so adding them needs no new format version.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import lzma
import os
import re
import shutil
import tarfile
import tempfile
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from tarjama import __version__
from tarjama.errors import (
    ModelLoadError,
    PackDamagedError,
    PackError,
    PackFormatError,
    PackInstallError,
    PackLimitError,
    PackUnsafeError,
    PackWriteError,
)
from tarjama.translate import hub
from tarjama.translate.models import (
    DIRECTIONS,
    download_model,
    folder_revision,
    languages_of,
    locate_model,
)
from tarjama.writer import default_file_mode, write_atomic

PACK_FORMAT = "tarjama-model-pack"
FORMAT_VERSION = 1
MANIFEST_NAME = "tarjama-pack.json"
MODELS_FOLDER = "models"
#: The most a pack may hold, all its files together (and so any one of them): 20 GiB.
MAX_PACK_BYTES = 20 * 1024**3
#: The most files a pack may hold.
MAX_PACK_FILES = 10_000
#: The largest manifest read.
MAX_MANIFEST_BYTES = 1024**2
#: What a file serves when the manifest does not say.
DEFAULT_COMPONENT = "transformers"

_CHUNK = 1 << 20
_HEX64 = re.compile(r"[0-9a-f]{64}\Z")
_FOLDER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}\Z")
_REVISION = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}\Z")
_COMPRESSION = {".gz": "gz", ".tgz": "gz", ".xz": "xz", ".txz": "xz", ".bz2": "bz2"}
_READ_ERRORS = (tarfile.TarError, EOFError, zlib.error, lzma.LZMAError, OSError)
_NOTHING = "; nothing was installed"


# --- the manifest ------------------------------------------------------------------------


@dataclass(frozen=True)
class PackedFile:
    path: str  # relative to the model's folder, "/"-separated
    sha256: str
    size: int
    component: str = DEFAULT_COMPONENT


@dataclass(frozen=True)
class PackedModel:
    name: str  # the hub name, or (source "local") the folder's name
    source: str  # "hub" | "local"
    revision: str
    directions: tuple[str, ...]
    files: tuple[PackedFile, ...]

    @property
    def folder(self) -> str:
        """Its folder in the pack, and its name with ``--to``: ``ORG--NAME``."""
        return self.name.replace("/", "--")

    @property
    def size(self) -> int:
        return sum(file.size for file in self.files)

    def member(self, file: PackedFile) -> str:
        return f"{MODELS_FOLDER}/{self.folder}/{file.path}"


@dataclass(frozen=True)
class Manifest:
    models: tuple[PackedModel, ...]
    format_version: int = FORMAT_VERSION
    tarjama_version: str = __version__
    created: str = ""

    @property
    def size(self) -> int:
        return sum(model.size for model in self.models)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": PACK_FORMAT,
            "format_version": self.format_version,
            "tarjama_version": self.tarjama_version,
            "created": self.created,
            "models": [
                {
                    "name": model.name,
                    "source": model.source,
                    "revision": model.revision,
                    "directions": list(model.directions),
                    "files": [
                        {
                            "path": file.path,
                            "sha256": file.sha256,
                            "size": file.size,
                            "component": file.component,
                        }
                        for file in model.files
                    ],
                }
                for model in self.models
            ],
        }

    def to_bytes(self) -> bytes:
        return (json.dumps(self.to_json(), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def parse_manifest(payload: Any, pack: Path) -> Manifest:
    """The manifest of ``pack`` from its JSON; PackFormatError (or PackLimitError) if it is
    not one this version can install."""

    def bad(problem: str) -> PackFormatError:
        return PackFormatError(pack, f"{MANIFEST_NAME}: {problem}")

    if not isinstance(payload, dict) or payload.get("format") != PACK_FORMAT:
        raise bad(f'is not a tarjama model pack manifest (no "format": {PACK_FORMAT!r})')
    version = payload.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise bad(f"format_version {version!r} is not a version number")
    if version > FORMAT_VERSION:
        raise PackFormatError(
            pack,
            f"is a pack of format version {version}, made by tarjama "
            f"{payload.get('tarjama_version', '?')}; this tarjama ({__version__}) reads "
            f"version {FORMAT_VERSION}",
            fix="upgrade tarjama on this machine, or make the pack with this version",
        )
    entries = payload.get("models")
    if not isinstance(entries, list) or not entries:
        raise bad("lists no models")
    models = [_parse_model(entry, number, bad) for number, entry in enumerate(entries, 1)]
    folders: set[str] = set()
    directions: set[str] = set()
    for model in models:
        if model.folder.casefold() in folders:
            raise bad(f"lists the model {model.name!r} twice")
        folders.add(model.folder.casefold())
        for direction in model.directions:
            if direction in directions:
                raise bad(f"lists two models for {direction}")
            directions.add(direction)
    manifest = Manifest(
        models=tuple(models),
        format_version=version,
        tarjama_version=str(payload.get("tarjama_version", "")),
        created=str(payload.get("created", "")),
    )
    check_limits(manifest, pack)
    return manifest


def _parse_model(entry: Any, number: int, bad: Callable[[str], PackFormatError]) -> PackedModel:
    if not isinstance(entry, dict):
        raise bad(f"model {number} is not an object")
    name, source, revision = entry.get("name"), entry.get("source"), entry.get("revision")
    if not isinstance(name, str) or not name:
        raise bad(f"model {number} has no name")
    if source == "hub":
        if not hub.is_repo_id(name) or not _FOLDER.match(name.replace("/", "--")):
            raise bad(f"model {name!r} is marked as a Hugging Face model but its name is none")
    elif source == "local":
        if not _FOLDER.match(name):
            raise bad(f"model {name!r}: a folder name may hold only letters, digits, . _ -")
    else:
        raise bad(f"model {name!r} has source {source!r} (hub or local)")
    if not isinstance(revision, str) or not _REVISION.match(revision):
        raise bad(f"model {name!r} has revision {revision!r}, which is no folder name")
    directions = entry.get("directions")
    if (
        not isinstance(directions, list)
        or not directions
        or any(direction not in DIRECTIONS for direction in directions)
    ):
        raise bad(f"model {name!r} has directions {directions!r} (ar-en and/or en-ar)")
    files = entry.get("files")
    if not isinstance(files, list) or not files:
        raise bad(f"model {name!r} lists no files")
    parsed: list[PackedFile] = []
    seen: set[str] = set()
    for item in files:
        if not isinstance(item, dict):
            raise bad(f"model {name!r} has a file entry that is not an object")
        path, sha256, size = item.get("path"), item.get("sha256"), item.get("size")
        component = item.get("component", DEFAULT_COMPONENT)
        problem = path_problem(path) if isinstance(path, str) else "is no path"
        if problem:
            raise bad(f"model {name!r} lists the file {path!r}, which {problem}")
        if not isinstance(sha256, str) or not _HEX64.match(sha256):
            raise bad(f"{name}/{path}: sha256 {sha256!r} is not 64 hex digits")
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise bad(f"{name}/{path}: size {size!r} is not a number of bytes")
        if not isinstance(component, str):
            raise bad(f"{name}/{path}: component {component!r} is not a name")
        if path.casefold() in seen:  # two names one case-insensitive disk would merge
            raise bad(f"model {name!r} lists {path!r} twice")
        seen.add(path.casefold())
        parsed.append(PackedFile(path, sha256, size, component))
    if "config.json" not in {file.path for file in parsed}:
        raise bad(f"model {name!r} has no config.json")
    return PackedModel(name, source, revision, tuple(directions), tuple(parsed))


def path_problem(path: str) -> str | None:
    """Why ``path`` may not name a file inside a model folder, or None if it may."""
    if not path or len(path) > 1024:
        return "is empty or too long"
    if path.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", path):
        return "is an absolute path"
    if "\\" in path or ":" in path or any(ord(char) < 32 for char in path):
        return "holds a backslash, a colon or a control character"
    parts = path.split("/")
    if ".." in parts:
        return "points outside its folder (..)"
    if any(part in ("", ".") for part in parts):
        return "has an empty or '.' part"
    return None


def check_limits(manifest: Manifest, pack: Path, *, packing: bool = False) -> None:
    """PackLimitError if ``manifest`` holds more than :data:`MAX_PACK_BYTES` or
    :data:`MAX_PACK_FILES`."""
    count = sum(len(model.files) for model in manifest.models)
    verb, outcome = ("would hold", "") if packing else ("holds", _NOTHING)
    if count > MAX_PACK_FILES:
        raise PackLimitError(
            pack, f"{verb} {count} files, over the limit of {MAX_PACK_FILES}{outcome}"
        )
    if manifest.size > MAX_PACK_BYTES:
        raise PackLimitError(
            pack,
            f"{verb} {human_size(manifest.size)}, over the limit of "
            f"{human_size(MAX_PACK_BYTES)} for a pack{outcome}",
        )


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


# --- packing -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PackReport:
    path: Path
    manifest: Manifest
    size_bytes: int  # of the archive
    sha256: str  # of the archive, to compare after copying it


def pack_models(
    names: Mapping[str, str],
    output: Path,
    directions: Sequence[str] | None = None,
) -> PackReport:
    """Write the models of ``directions`` (default: both) into the archive ``output``.

    ``names`` maps each direction to a model name or folder (as
    :func:`~tarjama.translate.resolve_model_names` gives). Each model is packed from where
    :func:`~tarjama.translate.locate_model` finds it — a local folder, the HF cache, or
    downloaded first where the hub can be reached. The files packed are those
    ``models download`` fetches (weights in one format, config, generation config,
    tokenizer files). ``.tar.gz`` / ``.tgz`` and ``.tar.xz`` names are compressed. The
    archive is written to a temporary file beside ``output`` and renamed: never half a pack.
    """
    output = Path(output)
    chosen = list(dict.fromkeys(directions or DIRECTIONS))
    for direction in chosen:
        languages_of(direction)  # ModelSpecError for an unknown direction
    if output.is_dir():
        raise PackWriteError(output, "it is a folder", "give a file name, e.g. -o models.tar")
    sources: dict[Path, tuple[str, str, list[str]]] = {}  # folder -> name, kind, directions
    for direction in chosen:
        name = names[direction]
        location = locate_model(name, direction)
        if location.path is None:  # on the hub only: fetch it into the cache first
            location = download_model(name, direction)
        assert location.path is not None
        if location.path in sources:
            sources[location.path][2].append(direction)
        else:
            sources[location.path] = (name, location.kind, [direction])
    models: list[PackedModel] = []
    folders: dict[str, Path] = {}
    taken: set[str] = set()
    for folder, (name, kind, model_directions) in sources.items():
        model = _describe(folder, name, kind, tuple(model_directions), taken)
        taken.add(model.folder.casefold())
        models.append(model)
        folders[model.folder] = folder
    created = datetime.now(UTC).replace(microsecond=0)
    manifest = Manifest(models=tuple(models), created=created.strftime("%Y-%m-%dT%H:%M:%SZ"))
    check_limits(manifest, output, packing=True)
    size, sha256 = _write_archive(manifest, folders, output, int(created.timestamp()))
    return PackReport(output, manifest, size, sha256)


def _describe(
    folder: Path, name: str, kind: str, directions: tuple[str, ...], taken: set[str]
) -> PackedModel:
    """The manifest entry of the model in ``folder``: its files with their sha256."""
    present = sorted(path.name for path in folder.iterdir() if path.is_file())
    chosen = hub.files_to_download(present)
    if not chosen:
        raise ModelLoadError(
            name, f"{folder} holds no PyTorch weights (model.safetensors or pytorch_model.bin)"
        )
    files = []
    for file_name in chosen:
        sha256, size = file_digest(folder / file_name)
        files.append(PackedFile(file_name, sha256, size))
    if kind == "local":
        source, revision = "local", folder_revision(folder)
        base = re.sub(r"[^A-Za-z0-9._-]+", "-", folder.name).strip("-._") or "model"
        pack_name, number = base, 1
        while pack_name.casefold() in taken:
            number += 1
            pack_name = f"{base}-{number}"
    else:  # a snapshot of the HF cache, named by its commit
        source, revision, pack_name = "hub", folder.name, name
    return PackedModel(pack_name, source, revision, directions, tuple(files))


def file_digest(path: Path) -> tuple[str, int]:
    """sha256 (hex) and size of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


class _HashingWriter:
    """A file to write the archive to that hashes and counts what goes through it."""

    def __init__(self, raw: BinaryIO):
        self.raw = raw
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.raw.write(data)
        self.digest.update(data)
        self.size += len(data)
        return len(data)

    def tell(self) -> int:
        return self.size

    def flush(self) -> None:
        self.raw.flush()


class _HashingReader:
    """A model file as tarfile reads it, hashed on the way (did it change since?)."""

    def __init__(self, raw: BinaryIO):
        self.raw = raw
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.digest.update(data)
        return data


def _write_mode(output: Path) -> str:
    suffixes = [suffix.lower() for suffix in output.suffixes]
    compression = _COMPRESSION.get(suffixes[-1]) if suffixes else None
    return f"w:{compression}" if compression else "w"


def _member_info(name: str, size: int, mtime: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, mtime, 0o644
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def _write_archive(
    manifest: Manifest, folders: Mapping[str, Path], output: Path, mtime: int
) -> tuple[int, str]:
    """Stream the archive into a temporary sibling of ``output``, flush it, rename it."""
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(
            dir=output.parent, prefix=f".{output.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise PackWriteError(output, error.strerror or str(error)) from None
    try:
        with os.fdopen(descriptor, "wb") as raw:
            sink = _HashingWriter(raw)
            with tarfile.open(fileobj=sink, mode=_write_mode(output)) as tar:
                data = manifest.to_bytes()
                tar.addfile(_member_info(MANIFEST_NAME, len(data), mtime), io.BytesIO(data))
                for model in manifest.models:
                    for file in model.files:
                        _add_file(
                            tar, folders[model.folder] / file.path, model, file, mtime, output
                        )
            raw.flush()
            os.fsync(raw.fileno())
        os.chmod(temporary, default_file_mode())
        os.replace(temporary, output)
    except OSError as error:
        raise PackWriteError(output, error.strerror or str(error)) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    return sink.size, sink.digest.hexdigest()


def _add_file(
    tar: tarfile.TarFile, path: Path, model: PackedModel, file: PackedFile, mtime: int, out: Path
) -> None:
    with path.open("rb") as handle:
        reader = _HashingReader(handle)
        try:
            tar.addfile(_member_info(model.member(file), file.size, mtime), reader)
        except OSError as error:
            if "unexpected end of data" not in str(error):
                raise
            reader.digest = hashlib.sha256()  # shorter than when it was hashed
    if reader.digest.hexdigest() != file.sha256:
        raise PackError(
            out,
            f"{path} changed while it was being packed",
            fix="run `tarjama models pack` again when nothing is writing to the model",
        )


# --- installing --------------------------------------------------------------------------


@dataclass(frozen=True)
class InstalledModel:
    model: PackedModel
    #: the snapshot folder in the HF cache, or the model folder under ``to``
    path: Path
    #: "installed" (new here), "added" (a new revision beside others), "unchanged"
    state: str
    #: what ``--model DIRECTION=…`` takes to use it: the hub name, or the folder
    spec: str


@dataclass(frozen=True)
class InstallReport:
    pack: Path
    manifest: Manifest
    #: the HF cache, or the ``to`` folder
    destination: Path
    kind: str  # "cache" | "folder"
    models: list[InstalledModel] = field(default_factory=list)


@dataclass
class _Target:
    model: PackedModel
    path: Path  # the final snapshot or folder
    state: str
    repo: Path | None = None  # the cache's models--ORG--NAME folder


def install_pack(pack: Path, to: Path | None = None) -> InstallReport:
    """Verify ``pack`` and install its models: into the Hugging Face cache, or with ``to``
    as folders ``<to>/<ORG--NAME>``. See the module docstring for what is checked; any
    failure raises a :class:`~tarjama.errors.PackError` and installs nothing."""
    pack = Path(pack)
    if not pack.exists():
        raise PackError(pack, "no such file", fix="check the path of the pack")
    if not pack.is_file():
        raise PackError(pack, "is not a file", fix="pass the .tar that `tarjama models pack` wrote")
    with _open_pack(pack) as tar:
        members = _scan(pack, tar)
        manifest = _read_manifest(pack, tar, members)
        expected = _check_members(pack, manifest, members)
        root, existed = _destination(pack, manifest, to)
        try:
            targets = [_plan(pack, model, root, cache=to is None) for model in manifest.models]
            pending = [target for target in targets if target.state != "unchanged"]
            _check_space(pack, root, pending)
            staging = _staging(pack, root)
            try:
                _extract(pack, tar, members, expected, {t.model.folder for t in pending}, staging)
                _commit(pack, pending, staging, root, cache=to is None)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
        except BaseException:
            if not existed:  # a destination made for this install goes again (if empty)
                with contextlib.suppress(OSError):
                    root.rmdir()
            raise
    installed = [
        InstalledModel(
            target.model,
            target.path,
            target.state,
            target.model.name if to is None else str(target.path),
        )
        for target in targets
    ]
    return InstallReport(pack, manifest, root, "cache" if to is None else "folder", installed)


@contextlib.contextmanager
def _open_pack(pack: Path) -> Iterator[tarfile.TarFile]:
    try:
        tar = tarfile.open(pack, "r:*")  # noqa: SIM115 - closed by the with below
    except PermissionError as error:
        raise PackError(
            pack, f"cannot be read: {error.strerror}", "check its permissions"
        ) from None
    except _READ_ERRORS as error:
        reason = "" if isinstance(error, tarfile.ReadError) else f" ({_reason(error)})"
        raise PackDamagedError(
            pack, f"is not a tar archive (plain, .gz, .bz2 or .xz), or not a whole one{reason}"
        ) from None
    with tar:
        yield tar


def _reason(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def _member_name(pack: Path, member: tarfile.TarInfo) -> str:
    """The member's name, ``./`` prefixes dropped; PackUnsafeError for a path that is
    absolute or climbs out with ``..``."""
    name = member.name
    while name.startswith("./"):
        name = name[2:]
    if name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name):
        raise PackUnsafeError(pack, f"member {member.name!r} has an absolute path")
    if ".." in re.split(r"[/\\]", name):
        raise PackUnsafeError(pack, f"member {member.name!r} points outside the pack (..)")
    return name.rstrip("/")


def _kind(member: tarfile.TarInfo) -> str:
    if member.issym():
        return f"a symbolic link (to {member.linkname})"
    if member.islnk():
        return f"a hard link (to {member.linkname})"
    if member.ischr() or member.isblk():
        return "a device"
    if member.isfifo():
        return "a named pipe"
    return f"not a regular file (tar type {member.type!r})"


def _scan(pack: Path, tar: tarfile.TarFile) -> dict[str, tarfile.TarInfo]:
    """Every member, header by header, refused at its header if unsafe or too large (so a
    compressed bomb is never inflated); name -> member, in archive order."""
    members: dict[str, tarfile.TarInfo] = {}
    total = 0
    data_filter = getattr(tarfile, "data_filter", None)  # Python 3.11.4+
    try:
        for member in tar:
            name = _member_name(pack, member)
            if not member.isreg() and not member.isdir():
                raise PackUnsafeError(pack, f"member {member.name!r} is {_kind(member)}")
            if data_filter is not None:  # the standard library's own rules, on top of ours
                try:
                    data_filter(member, "/tarjama-pack-root")
                except tarfile.FilterError as error:
                    raise PackUnsafeError(pack, f"member {member.name!r}: {error}") from None
            if member.isdir():
                continue
            if name in members:
                raise PackUnsafeError(pack, f"member {member.name!r} appears twice")
            if len(members) > MAX_PACK_FILES:
                raise PackLimitError(pack, f"holds more than {MAX_PACK_FILES} files{_NOTHING}")
            total += member.size
            if member.size > MAX_PACK_BYTES or total > MAX_PACK_BYTES:
                what = f"member {member.name!r} ({human_size(member.size)})"
                if member.size <= MAX_PACK_BYTES:
                    what = f"the members up to {member.name!r} ({human_size(total)})"
                raise PackLimitError(
                    pack,
                    f"{what} would inflate past the limit of {human_size(MAX_PACK_BYTES)} "
                    f"for a pack{_NOTHING}",
                )
            members[name] = member
    except _READ_ERRORS as error:  # (a PackError is none of these: it passes through)
        raise PackDamagedError(
            pack, f"cannot be read to its end ({_reason(error)}): it is truncated or damaged"
        ) from None
    return members


def _read_manifest(
    pack: Path, tar: tarfile.TarFile, members: Mapping[str, tarfile.TarInfo]
) -> Manifest:
    member = members.get(MANIFEST_NAME)
    if member is None:
        raise PackFormatError(
            pack, f"holds no {MANIFEST_NAME}: it is no tarjama model pack, or a damaged one"
        )
    if member.size > MAX_MANIFEST_BYTES:
        raise PackLimitError(
            pack,
            f"{MANIFEST_NAME} is {human_size(member.size)}, over the limit of "
            f"{human_size(MAX_MANIFEST_BYTES)}{_NOTHING}",
        )
    try:
        handle = tar.extractfile(member)
        assert handle is not None
        data = handle.read()
    except _READ_ERRORS as error:
        raise PackDamagedError(pack, f"{MANIFEST_NAME} cannot be read ({_reason(error)})") from None
    try:
        payload = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise PackFormatError(pack, f"{MANIFEST_NAME} is not valid JSON ({error})") from None
    return parse_manifest(payload, pack)


def _check_members(
    pack: Path, manifest: Manifest, members: Mapping[str, tarfile.TarInfo]
) -> dict[str, tuple[PackedModel, PackedFile]]:
    """Each member listed, of the listed size; each listed file present."""
    expected = {
        model.member(file): (model, file) for model in manifest.models for file in model.files
    }
    for name, member in members.items():
        if name == MANIFEST_NAME:
            continue
        if name not in expected:
            raise PackUnsafeError(pack, f"member {member.name!r} is not listed in {MANIFEST_NAME}")
        listed = expected[name][1].size
        if member.size != listed:
            raise PackDamagedError(
                pack, f"member {name!r} is {member.size} bytes; the manifest says {listed}"
            )
    for name in expected:
        if name not in members:
            raise PackDamagedError(
                pack, f"the manifest lists {name!r}, which the pack does not hold (truncated?)"
            )
    return expected


def _destination(pack: Path, manifest: Manifest, to: Path | None) -> tuple[Path, bool]:
    """The folder to install into, created if need be, and whether it was there before."""
    if to is None:
        for model in manifest.models:
            if model.source == "local":
                raise PackInstallError(
                    pack,
                    f"holds {model.name!r}, a model packed from a folder: it has no Hugging "
                    "Face name, so it cannot go into the Hugging Face cache",
                    fix=f"install the pack as folders with --to DIR (this one becomes "
                    f"DIR/{model.folder})",
                )
        root = hub.hub_cache_dir()
    else:
        root = Path(to).expanduser()
    existed = root.is_dir()
    try:
        root.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise PackInstallError(
            pack, f"cannot install into {root}: it is a file", fix="pass a folder with --to DIR"
        ) from None
    except OSError as error:
        raise PackInstallError(
            pack,
            f"cannot create {root}: {error.strerror or error}",
            fix="check the permissions, or install elsewhere with --to DIR",
        ) from None
    return root, existed


def _plan(pack: Path, model: PackedModel, root: Path, *, cache: bool) -> _Target:
    """Where ``model`` goes and whether it is there already."""
    if cache:
        repo = root / f"models--{model.folder}"
        snapshot = repo / "snapshots" / model.revision
        complete = all(_has_size(snapshot / file.path, file.size) for file in model.files)
        if complete and _read_ref(repo) == model.revision:
            return _Target(model, snapshot, "unchanged", repo)
        return _Target(model, snapshot, "added" if repo.exists() else "installed", repo)
    folder = root / model.folder
    if not folder.exists() and not folder.is_symlink():
        return _Target(model, folder, "installed")
    differs = next((file.path for file in model.files if not _same(folder / file.path, file)), None)
    if differs is None:
        return _Target(model, folder, "unchanged")
    raise PackInstallError(
        pack,
        f"{folder} exists and holds another version of {model.name!r} ({differs} differs)",
        fix="remove it or move it aside, or install into another folder with --to DIR",
    )


def _has_size(path: Path, size: int) -> bool:
    try:
        return path.is_file() and path.stat().st_size == size
    except OSError:
        return False


def _same(path: Path, file: PackedFile) -> bool:
    if not _has_size(path, file.size):
        return False
    try:
        return file_digest(path)[0] == file.sha256
    except OSError:
        return False


def _read_ref(repo: Path) -> str | None:
    try:
        return (repo / "refs" / "main").read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None


def _check_space(pack: Path, root: Path, pending: Sequence[_Target]) -> None:
    needed = sum(target.model.size for target in pending)
    try:
        free = shutil.disk_usage(root).free
    except OSError:
        return
    if needed > free:
        raise PackInstallError(
            pack,
            f"needs {human_size(needed)} in {root}, which has {human_size(free)} free",
            fix="free some space, or install elsewhere with --to DIR",
        )


def _staging(pack: Path, root: Path) -> Path:
    try:
        return Path(tempfile.mkdtemp(prefix=".tarjama-install-", dir=root))
    except OSError as error:
        raise PackInstallError(
            pack,
            f"cannot create files in {root}: {error.strerror or error}",
            fix="check the folder's permissions, or install elsewhere with --to DIR",
        ) from None


def _install_error(pack: Path, root: Path, error: OSError) -> PackInstallError:
    return PackInstallError(
        pack,
        f"cannot install into {root} ({error.filename or root}: {error.strerror or error}); "
        "nothing was installed",
        fix="free some space or check the folder's permissions, then install again",
    )


def _extract(
    pack: Path,
    tar: tarfile.TarFile,
    members: Mapping[str, tarfile.TarInfo],
    expected: Mapping[str, tuple[PackedModel, PackedFile]],
    wanted: set[str],
    staging: Path,
) -> None:
    """Verify every file's sha256 (and size); write those of the ``wanted`` models into
    ``staging/blobs/<sha256>``. Nothing outside ``staging`` is touched."""
    blobs = staging / "blobs"
    blobs.mkdir()
    for name, member in members.items():
        if name == MANIFEST_NAME:
            continue
        model, file = expected[name]
        blob = blobs / file.sha256
        keep = model.folder in wanted and not blob.exists()
        temporary = blobs / f"{file.sha256}.part"
        sink = None
        try:
            sink = temporary.open("wb") if keep else None
        except OSError as error:
            raise _install_error(pack, staging.parent, error) from None
        try:
            digest, size = _copy_member(pack, tar, member, sink, staging.parent)
            if sink is not None:
                sink.flush()
                os.fsync(sink.fileno())
        except OSError as error:
            raise _install_error(pack, staging.parent, error) from None
        finally:
            if sink is not None:
                sink.close()
        if size != file.size:
            raise PackDamagedError(
                pack, f"member {name!r} ends after {size} of its {file.size} bytes (truncated)"
            )
        if digest != file.sha256:
            raise PackDamagedError(
                pack,
                f"member {name!r} has sha256 {digest}, but the manifest says {file.sha256}",
            )
        if keep:
            os.replace(temporary, blob)


def _copy_member(
    pack: Path, tar: tarfile.TarFile, member: tarfile.TarInfo, sink: BinaryIO | None, root: Path
) -> tuple[str, int]:
    """sha256 and length of a member's data, copied into ``sink`` if given. A read error
    is the pack's (PackDamagedError); a write error is left to the caller."""
    digest = hashlib.sha256()
    size = 0
    try:
        source = tar.extractfile(member)
        assert source is not None
    except _READ_ERRORS as error:
        raise PackDamagedError(pack, f"member {member.name!r}: {_reason(error)}") from None
    while size < member.size:
        try:
            chunk = source.read(min(_CHUNK, member.size - size))
        except _READ_ERRORS as error:
            raise PackDamagedError(
                pack,
                f"member {member.name!r} cannot be read after {size} of its {member.size} "
                f"bytes ({_reason(error)}): the pack is truncated",
            ) from None
        if not chunk:
            break
        digest.update(chunk)
        size += len(chunk)
        if sink is not None:
            sink.write(chunk)
    return digest.hexdigest(), size


def _commit(
    pack: Path, pending: Sequence[_Target], staging: Path, root: Path, *, cache: bool
) -> None:
    """Move the verified files into place, model by model; on a failure undo every move."""
    undo: list[Callable[[], None]] = []
    try:
        for number, target in enumerate(pending):
            work = staging / f"model-{number}"
            if cache:
                _commit_cache(target, staging / "blobs", work, undo)
            else:
                _build_folder(target.model, staging / "blobs", work)
                os.rename(work, target.path)
                undo.append(lambda path=target.path: shutil.rmtree(path, ignore_errors=True))
    except BaseException as error:  # an interrupt too: never leave half of it
        for step in reversed(undo):
            with contextlib.suppress(OSError):
                step()
        if isinstance(error, OSError):
            raise _install_error(pack, root, error) from None
        raise


def _build_folder(model: PackedModel, blobs: Path, folder: Path) -> None:
    for file in model.files:
        destination = folder / file.path
        destination.parent.mkdir(parents=True, exist_ok=True)
        _place(blobs / file.sha256, destination)


def _place(blob: Path, destination: Path) -> None:
    """``destination`` holds ``blob``'s bytes: a hard link where the disk allows, else a copy."""
    try:
        os.link(blob, destination)
    except OSError:
        shutil.copyfile(blob, destination)


def _link_snapshot(model: PackedModel, snapshot: Path, blobs: Path) -> None:
    """A snapshot folder as the HF cache has it: each file a relative link to its blob
    (``../../blobs/<sha256>``), or the blob's bytes where the disk has no symbolic links."""
    for file in model.files:
        link = snapshot / file.path
        link.parent.mkdir(parents=True, exist_ok=True)
        _snapshot_file(link, file, blobs)


def _snapshot_file(link: Path, file: PackedFile, blobs: Path) -> None:
    ups = "/".join([".."] * (1 + len(file.path.split("/"))))
    try:
        os.symlink(f"{ups}/blobs/{file.sha256}", link)
    except OSError:
        _place(blobs / file.sha256, link)


def _commit_cache(
    target: _Target, staged: Path, work: Path, undo: list[Callable[[], None]]
) -> None:
    model, repo = target.model, target.repo
    assert repo is not None
    if not repo.exists():  # all of it built aside, then one rename
        (work / "blobs").mkdir(parents=True)
        for sha256 in {file.sha256 for file in model.files}:
            _place(staged / sha256, work / "blobs" / sha256)
        _link_snapshot(model, work / "snapshots" / model.revision, work / "blobs")
        (work / "refs").mkdir()
        (work / "refs" / "main").write_text(model.revision, encoding="utf-8")  # no newline
        os.rename(work, repo)
        undo.append(lambda: shutil.rmtree(repo, ignore_errors=True))
        return
    (repo / "blobs").mkdir(exist_ok=True)
    for sha256 in {file.sha256 for file in model.files}:
        blob = repo / "blobs" / sha256
        if not blob.exists():
            _place(staged / sha256, blob)
            undo.append(lambda blob=blob: blob.unlink(missing_ok=True))
    snapshot = target.path
    if not snapshot.exists():
        _link_snapshot(model, work, repo / "blobs")
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        os.rename(work, snapshot)
        undo.append(lambda: shutil.rmtree(snapshot, ignore_errors=True))
    else:  # a snapshot with files missing (an interrupted download): complete it
        for file in model.files:
            link = snapshot / file.path
            if not _has_size(link, file.size):
                link.parent.mkdir(parents=True, exist_ok=True)
                spare = link.with_name(f".{link.name}.tarjama-new")
                spare.unlink(missing_ok=True)
                _snapshot_file(spare, file, repo / "blobs")
                os.replace(spare, link)
    ref = repo / "refs" / "main"
    before = _read_ref(repo)
    if before != model.revision:
        write_atomic({ref: model.revision})
        if before is None:
            undo.append(lambda: ref.unlink(missing_ok=True))
        else:
            undo.append(lambda: write_atomic({ref: before}))
