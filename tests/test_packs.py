"""Model packs (issue 14): ``tarjama models pack`` and ``tarjama models install``, offline.

A pack built from the stand-in models installs into an empty Hugging Face cache and
translates by hub name with ``HF_HUB_OFFLINE=1``; hostile packs (truncated, a checksum that
is not the manifest's, ``../``, absolute paths, links, devices, oversized members, no
manifest, a listed file missing) are one error each and leave the destination unchanged.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tarfile
from pathlib import Path
from unittest.mock import ANY

import pytest
from typer.testing import CliRunner

from tarjama import packs
from tarjama.cli import app
from tarjama.errors import (
    ModelNotFoundError,
    PackDamagedError,
    PackFormatError,
    PackInstallError,
    PackLimitError,
    PackUnsafeError,
    PackWriteError,
)
from tarjama.packs import MANIFEST_NAME, install_pack, pack_models
from tarjama.translate import hub

ARTICLE = Path(__file__).resolve().parent.parent / "examples" / "moscow-talks.txt"
COMMIT = "0123456789abcdef0123456789abcdef01234567"
OTHER_COMMIT = "fedcba9876543210fedcba9876543210fedcba98"
AR_EN = "tarjama-test/opus-mt-ar-en"
EN_AR = "tarjama-test/opus-mt-en-ar"


def cache_entry(cache: Path, repo_id: str, source: Path, commit: str = COMMIT) -> Path:
    """Lay out ``source``'s files as huggingface_hub does: blobs, a snapshot, refs/main."""
    repo = cache / f"models--{repo_id.replace('/', '--')}"
    snapshot = repo / "snapshots" / commit
    snapshot.mkdir(parents=True)
    (repo / "blobs").mkdir(exist_ok=True)
    for file in sorted(source.iterdir()):
        blob = repo / "blobs" / hashlib.sha256(file.read_bytes()).hexdigest()
        shutil.copyfile(file, blob)
        (snapshot / file.name).symlink_to(os.path.relpath(blob, snapshot))
    (repo / "refs").mkdir(exist_ok=True)
    (repo / "refs" / "main").write_text(commit)
    return snapshot


def tiny_model(folder: Path, seed: int = 0) -> Path:
    """A model folder in name only (config, weights, vocabulary, a README that is not
    packed): enough for everything but loading it."""
    folder.mkdir(parents=True)
    (folder / "config.json").write_text(json.dumps({"model_type": "marian", "seed": seed}))
    (folder / "model.safetensors").write_bytes(hashlib.sha256(bytes([seed])).digest() * 160)
    (folder / "vocab.json").write_text('{"</s>": 0}')
    (folder / "README.md").write_text("not needed to translate")
    return folder


def tree(root: Path) -> dict[str, object]:
    """Every entry under ``root``: a file's bytes, a link's target, a folder."""
    found: dict[str, object] = {}
    if not root.exists():
        return found
    for path in sorted(root.rglob("*")):
        key = str(path.relative_to(root))
        if path.is_symlink():
            found[key] = ("link", os.readlink(path))
        elif path.is_dir():
            found[key] = "dir"
        else:
            found[key] = path.read_bytes()
    return found


@pytest.fixture
def caches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """``use("source")`` / ``use("target")``: point HF_HUB_CACHE at one of two caches."""

    def use(name: str) -> Path:
        cache = tmp_path / f"hf-{name}"
        cache.mkdir(exist_ok=True)
        monkeypatch.setenv("HF_HUB_CACHE", str(cache))
        return cache

    return use


@pytest.fixture
def hub_pack(tmp_path: Path, caches) -> Path:
    """A pack of two tiny hub-named models, made from a source cache; the target cache is
    then the current one (empty)."""
    source = caches("source")
    cache_entry(source, AR_EN, tiny_model(tmp_path / "m-ar-en"))
    cache_entry(source, EN_AR, tiny_model(tmp_path / "m-en-ar", seed=1))
    pack = tmp_path / "packs" / "models.tar"
    pack_models({"ar-en": AR_EN, "en-ar": EN_AR}, pack)
    caches("target")
    return pack


def invoke(*arguments: str):
    return CliRunner().invoke(app, list(arguments))


# --- end to end: stand-ins, packed from one cache, installed into another, translated ---


@pytest.mark.slow
def test_pack_from_the_cache_installs_offline_and_translates_by_hub_name(
    tmp_path: Path, caches, standin_models
):
    source = caches("source")
    cache_entry(source, AR_EN, standin_models["ar-en"])
    cache_entry(source, EN_AR, standin_models["en-ar"], OTHER_COMMIT)
    models = ["--model", f"ar-en={AR_EN}", "--model", f"en-ar={EN_AR}"]
    pack = tmp_path / "opus-mt.tar"
    packed = invoke("models", "pack", *models, "-o", str(pack))
    assert packed.exit_code == 0, packed.output
    assert f"packed {AR_EN} (ar-en): revision {COMMIT[:12]}" in packed.stdout
    assert f"sha256 {hashlib.sha256(pack.read_bytes()).hexdigest()}" in packed.stdout

    target = caches("target")  # the offline machine: an empty cache, HF_HUB_OFFLINE=1
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    before = invoke("models", "list", *models)
    assert [line.split("\t")[2] for line in before.stdout.splitlines()[1:]] == ["no", "no"]
    installed = invoke("models", "install", str(pack))
    assert installed.exit_code == 0, installed.output
    assert f"installed {AR_EN} (ar-en), revision {COMMIT[:12]}" in installed.stdout
    assert f"ar-en: use it with --model ar-en={AR_EN}" in installed.stdout
    snapshot = target / f"models--{AR_EN.replace('/', '--')}" / "snapshots" / COMMIT
    assert hub.cached_snapshot(AR_EN) == snapshot
    after = invoke("models", "list", *models)
    rows = [line.split("\t") for line in after.stdout.splitlines()[1:]]
    assert [row[2] for row in rows] == ["yes", "yes"]
    assert rows[0][4] == str(snapshot)

    # the files are the stand-in's, byte for byte, behind the links the HF cache uses
    for file in standin_models["ar-en"].iterdir():
        if (snapshot / file.name).exists():
            assert (snapshot / file.name).is_symlink()
            assert (snapshot / file.name).read_bytes() == file.read_bytes()

    # from_pretrained by hub name, offline
    from transformers import AutoConfig, AutoTokenizer

    config = AutoConfig.from_pretrained(AR_EN, cache_dir=str(target), local_files_only=True)
    assert config.model_type == "marian"
    tokenizer = AutoTokenizer.from_pretrained(AR_EN, cache_dir=str(target), local_files_only=True)
    assert tokenizer("مرحبا")["input_ids"]

    # and tarjama translate, by hub name
    out = tmp_path / "out"
    result = invoke("translate", str(ARTICLE), "-o", str(out), *models, "--beam-size", "2")
    assert result.exit_code == 0, result.output
    header = json.loads((out / "moscow-talks.segments.jsonl").read_text().splitlines()[0])
    described = header["models"]["ar-en"]
    assert described.pop("converted") == {"ctranslate2": ANY, "source_revision": COMMIT}
    assert described == {
        "name": AR_EN,
        "revision": COMMIT,
        "path": str(snapshot),
        "kind": "cache",
        "backend": "ctranslate2",
        "compute_type": "int8",
    }
    assert header["models"]["en-ar"]["revision"] == OTHER_COMMIT

    # installing it again changes nothing
    listing = tree(target)
    again = invoke("models", "install", str(pack))
    assert again.exit_code == 0, again.output
    assert again.stdout.count("already installed:") == 2
    assert tree(target) == listing


# --- what a pack holds ---------------------------------------------------------------------


def test_the_manifest_comes_first_and_lists_every_file_with_its_sha256(hub_pack: Path):
    with tarfile.open(hub_pack) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile(MANIFEST_NAME).read())
        contents = {name: tar.extractfile(name).read() for name in names[1:]}
    assert names[0] == MANIFEST_NAME
    assert manifest["format"] == "tarjama-model-pack" and manifest["format_version"] == 1
    assert manifest["tarjama_version"] and manifest["created"].endswith("Z")
    first, second = manifest["models"]
    assert (first["name"], first["source"], first["revision"]) == (AR_EN, "hub", COMMIT)
    assert (first["directions"], second["directions"]) == (["ar-en"], ["en-ar"])
    # what models download would fetch: no README
    assert [f["path"] for f in first["files"]] == ["config.json", "model.safetensors", "vocab.json"]
    for model in manifest["models"]:
        for file in model["files"]:
            data = contents[f"models/{model['name'].replace('/', '--')}/{file['path']}"]
            assert file["sha256"] == hashlib.sha256(data).hexdigest()
            assert file["size"] == len(data) and file["component"] == "transformers"
    assert len(names) == 1 + 3 + 3


def test_a_compressed_pack_installs_too(tmp_path: Path, caches):
    source = caches("source")
    cache_entry(source, AR_EN, tiny_model(tmp_path / "m"))
    pack = tmp_path / "one.tar.gz"
    report = pack_models({"ar-en": AR_EN, "en-ar": EN_AR}, pack, ["ar-en"])
    assert [m.name for m in report.manifest.models] == [AR_EN]
    with pack.open("rb") as handle:
        assert handle.read(2) == b"\x1f\x8b"
    target = caches("target")
    (installed,) = install_pack(pack).models
    assert installed.state == "installed"
    assert installed.path == target / f"models--{AR_EN.replace('/', '--')}" / "snapshots" / COMMIT


def test_one_model_for_both_directions_is_packed_once(tmp_path: Path, caches):
    source = caches("source")
    cache_entry(source, AR_EN, tiny_model(tmp_path / "m"))
    report = pack_models({"ar-en": AR_EN, "en-ar": AR_EN}, tmp_path / "p.tar")
    (model,) = report.manifest.models
    assert model.directions == ("ar-en", "en-ar")


def test_a_local_folder_installs_with_to_and_says_how_to_use_it(tmp_path: Path, caches):
    caches("target")
    folder = tiny_model(tmp_path / "my model (news)")
    pack = tmp_path / "local.tar"
    result = invoke("models", "pack", "-m", f"en-ar={folder}", "-d", "en-ar", "-o", str(pack))
    assert result.exit_code == 0, result.output
    assert "packed my-model-news (en-ar)" in result.stdout

    refused = invoke("models", "install", str(pack))
    assert refused.exit_code == 1
    assert "packed from a folder" in refused.stderr and "--to DIR" in refused.stderr

    models = tmp_path / "models"
    installed = invoke("models", "install", str(pack), "--to", str(models))
    assert installed.exit_code == 0, installed.output
    target = models / "my-model-news"
    assert f"en-ar: use it with --model en-ar={target}" in installed.stdout
    assert sorted(p.name for p in target.iterdir()) == [
        "config.json",
        "model.safetensors",
        "vocab.json",
    ]
    assert (target / "model.safetensors").read_bytes() == (
        folder / "model.safetensors"
    ).read_bytes()
    assert [p.name for p in models.iterdir()] == ["my-model-news"]  # no staging left

    again = invoke("models", "install", str(pack), "--to", str(models))
    assert again.exit_code == 0 and "already installed:" in again.stdout

    (target / "vocab.json").write_text('{"edited": 1}')
    clash = invoke("models", "install", str(pack), "--to", str(models))
    assert clash.exit_code == 1
    assert "exists and holds another version" in clash.stderr and "vocab.json" in clash.stderr
    assert (target / "vocab.json").read_text() == '{"edited": 1}'


def test_a_hub_model_installed_with_to_is_a_plain_folder(tmp_path: Path, hub_pack: Path):
    report = install_pack(hub_pack, tmp_path / "folders")
    first = tmp_path / "folders" / AR_EN.replace("/", "--")
    assert [item.spec for item in report.models][0] == str(first)
    assert (first / "config.json").is_file() and not (first / "config.json").is_symlink()


def test_another_revision_goes_beside_the_first_and_moves_refs_main(tmp_path: Path, caches):
    source = caches("source")
    cache_entry(source, AR_EN, tiny_model(tmp_path / "old"))
    old = tmp_path / "old.tar"
    pack_models({"ar-en": AR_EN}, old, ["ar-en"])
    shutil.rmtree(source)
    source = caches("source")
    cache_entry(source, AR_EN, tiny_model(tmp_path / "new", seed=5), OTHER_COMMIT)
    new = tmp_path / "new.tar"
    pack_models({"ar-en": AR_EN}, new, ["ar-en"])

    target = caches("target")
    assert install_pack(old).models[0].state == "installed"
    assert install_pack(new).models[0].state == "added"
    repo = target / f"models--{AR_EN.replace('/', '--')}"
    assert sorted(p.name for p in (repo / "snapshots").iterdir()) == sorted([COMMIT, OTHER_COMMIT])
    assert (repo / "refs" / "main").read_text() == OTHER_COMMIT
    assert hub.cached_snapshot(AR_EN) == repo / "snapshots" / OTHER_COMMIT
    # config.json is shared by both revisions' links only if its bytes are: here they differ
    assert len(list((repo / "blobs").iterdir())) == 5  # 3 + the new config and weights


# --- packing errors ------------------------------------------------------------------------


def test_pack_of_a_missing_model_names_it_and_writes_nothing(tmp_path: Path, caches):
    caches("source")
    pack = tmp_path / "p.tar"
    with pytest.raises(ModelNotFoundError, match="someone/absent"):
        pack_models({"ar-en": "someone/absent"}, pack, ["ar-en"])
    assert list(tmp_path.iterdir()) == [tmp_path / "hf-source"]


def test_pack_into_a_folder_is_refused(tmp_path: Path, caches):
    caches("source")
    with pytest.raises(PackWriteError, match="it is a folder"):
        pack_models({"ar-en": AR_EN}, tmp_path, ["ar-en"])


def test_install_of_a_missing_file(tmp_path: Path):
    result = invoke("models", "install", str(tmp_path / "absent.tar"))
    assert result.exit_code == 1
    assert (
        result.stderr.strip()
        == f"error: {tmp_path / 'absent.tar'}: no such file — check the path of the pack"
    )


# --- hostile packs ---------------------------------------------------------------------------


def _member(name: str, data: bytes = b"", **attributes) -> tuple[tarfile.TarInfo, bytes]:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    for key, value in attributes.items():
        setattr(info, key, value)
    return info, data


def write_pack(path: Path, members, mode: str = "w") -> Path:
    with tarfile.open(path, mode) as tar:
        for info, data in members:
            tar.addfile(info, io.BytesIO(data) if info.isreg() else None)
    return path


def members_of(pack: Path) -> list[tuple[tarfile.TarInfo, bytes]]:
    with tarfile.open(pack) as tar:
        return [(m, tar.extractfile(m).read() if m.isreg() else b"") for m in tar.getmembers()]


def manifest_of(pack: Path) -> dict:
    return json.loads(members_of(pack)[0][1])


def with_manifest(members, manifest: dict):
    data = json.dumps(manifest).encode()
    return [_member(MANIFEST_NAME, data), *members[1:]]


WEIGHTS = f"models/{AR_EN.replace('/', '--')}/model.safetensors"


def _truncated(pack: Path, tmp: Path) -> Path:
    data = pack.read_bytes()
    offset = data.index(hashlib.sha256(b"\x00").digest())  # inside the first weights
    (tmp / "bad.tar").write_bytes(data[: offset + 1000])
    return tmp / "bad.tar"


def _truncated_headers(pack: Path, tmp: Path) -> Path:
    (tmp / "bad.tar").write_bytes(pack.read_bytes()[:700])  # inside the manifest
    return tmp / "bad.tar"


def _flipped(pack: Path, tmp: Path) -> Path:
    members = members_of(pack)
    for index, (info, data) in enumerate(members):
        if info.name == WEIGHTS:
            members[index] = (info, bytes([data[0] ^ 1]) + data[1:])
    return write_pack(tmp / "bad.tar", members)


def _extra(name: str, **attributes):
    def build(pack: Path, tmp: Path) -> Path:
        return write_pack(tmp / "bad.tar", [*members_of(pack), _member(name, b"x", **attributes)])

    return build


def _replaced(**attributes):
    """The weights member turned into a link, a device, …"""

    def build(pack: Path, tmp: Path) -> Path:
        members = [
            _member(WEIGHTS, **attributes) if info.name == WEIGHTS else (info, data)
            for info, data in members_of(pack)
        ]
        return write_pack(tmp / "bad.tar", members)

    return build


def _oversized(pack: Path, tmp: Path) -> Path:
    members = members_of(pack)
    for index, (info, data) in enumerate(members):
        if info.name == WEIGHTS:
            members[index] = _member(WEIGHTS, data + b"more than the manifest says")
    return write_pack(tmp / "bad.tar", members)


def _no_manifest(pack: Path, tmp: Path) -> Path:
    return write_pack(tmp / "bad.tar", members_of(pack)[1:])


def _lacks_a_listed_file(pack: Path, tmp: Path) -> Path:
    members = [(i, d) for i, d in members_of(pack) if i.name != WEIGHTS]
    return write_pack(tmp / "bad.tar", members)


def _manifest_edit(edit):
    def build(pack: Path, tmp: Path) -> Path:
        manifest = manifest_of(pack)
        edit(manifest)
        return write_pack(tmp / "bad.tar", with_manifest(members_of(pack), manifest))

    return build


def _newer(manifest: dict) -> None:
    manifest["format_version"] = 2


def _climbing_path(manifest: dict) -> None:
    manifest["models"][0]["files"][0]["path"] = "../../config.json"


def _lying_size(manifest: dict) -> None:
    manifest["models"][0]["files"][1]["size"] = 30 * 1024**3


def _not_a_tar(pack: Path, tmp: Path) -> Path:
    (tmp / "bad.tar").write_bytes(b"PK\x03\x04 a zip file, say" * 40)
    return tmp / "bad.tar"


HOSTILE = {
    "truncated": (_truncated, PackDamagedError, "truncated"),
    "truncated-in-the-manifest": (_truncated_headers, PackDamagedError, "truncated"),
    "checksum-mismatch": (_flipped, PackDamagedError, f"member '{WEIGHTS}' has sha256 "),
    "dot-dot-member": (_extra("models/x/../../../evil.txt"), PackUnsafeError, "outside the pack"),
    "dot-dot-top": (_extra("../evil.txt"), PackUnsafeError, "outside the pack (..)"),
    "absolute-path": (_extra("/tmp/tarjama-evil.txt"), PackUnsafeError, "absolute path"),
    "symlink-outside": (
        _replaced(type=tarfile.SYMTYPE, linkname="/etc/passwd"),
        PackUnsafeError,
        "is a symbolic link (to /etc/passwd)",
    ),
    "hardlink": (
        _replaced(type=tarfile.LNKTYPE, linkname="tarjama-pack.json"),
        PackUnsafeError,
        "is a hard link",
    ),
    "device": (_replaced(type=tarfile.CHRTYPE, devmajor=1, devminor=3), PackUnsafeError, "device"),
    "unlisted-member": (_extra("models/notes.txt"), PackUnsafeError, "is not listed in"),
    "oversized-member": (_oversized, PackDamagedError, "bytes; the manifest says 5120"),
    "no-manifest": (_no_manifest, PackFormatError, "holds no tarjama-pack.json"),
    "listed-file-missing": (
        _lacks_a_listed_file,
        PackDamagedError,
        f"the manifest lists '{WEIGHTS}', which the pack does not hold",
    ),
    "newer-format": (_manifest_edit(_newer), PackFormatError, "format version 2"),
    "manifest-path-climbs": (_manifest_edit(_climbing_path), PackFormatError, "outside its folder"),
    "manifest-over-the-limit": (
        _manifest_edit(_lying_size),
        PackLimitError,
        "over the limit of 20.0 GB",
    ),
    "not-a-tar": (_not_a_tar, PackDamagedError, "is not a tar archive"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_pack_is_one_error_and_installs_nothing(case: str, tmp_path: Path, hub_pack: Path):
    build, error_class, message = HOSTILE[case]
    target = Path(os.environ["HF_HUB_CACHE"])
    cache_entry(target, "someone/already-here", tiny_model(tmp_path / "here", seed=9))
    listing = tree(target)
    bad = build(hub_pack, tmp_path)
    with pytest.raises(error_class) as caught:
        install_pack(bad)
    assert message in str(caught.value)
    assert str(caught.value).startswith(f"{bad}: ")
    result = invoke("models", "install", str(bad))
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {bad}: ") and " — " in line
    assert tree(target) == listing  # nothing installed, no staging folder left
    assert not Path("/tmp/tarjama-evil.txt").exists() and not (tmp_path / "evil.txt").exists()


def test_damaged_packs_say_copy_it_again(tmp_path: Path, hub_pack: Path):
    with pytest.raises(PackDamagedError) as caught:
        install_pack(_flipped(hub_pack, tmp_path))
    message = str(caught.value)
    expected = next(
        f["sha256"]
        for f in manifest_of(hub_pack)["models"][0]["files"]
        if f["path"] == "model.safetensors"
    )
    assert f"the manifest says {expected}" in message
    assert "the pack is damaged: copy it again" in message and "nothing was installed" in message


def test_a_member_that_would_inflate_past_the_limit_is_refused_at_its_header(
    tmp_path: Path, hub_pack: Path, monkeypatch: pytest.MonkeyPatch
):
    members = members_of(hub_pack)
    bomb = write_pack(
        tmp_path / "bomb.tar.gz", [*members[:1], _member(WEIGHTS, bytes(64 * 1024))], "w:gz"
    )
    assert bomb.stat().st_size < 2048  # zeros compress: the header is what tells
    monkeypatch.setattr(packs, "MAX_PACK_BYTES", 32 * 1024)
    with pytest.raises(PackLimitError, match=r"would inflate past the limit of 32.0 KB"):
        install_pack(bomb)
    assert tree(Path(os.environ["HF_HUB_CACHE"])) == {}


def test_a_corrupt_member_at_the_end_leaves_the_cache_unchanged(tmp_path: Path, hub_pack: Path):
    """The first model's files verify; the last member of the second does not: nothing of
    either is installed."""
    members = members_of(hub_pack)
    last, data = members[-1]
    assert last.name.startswith(f"models/{EN_AR.replace('/', '--')}/")
    members[-1] = (last, data[:-1] + bytes([data[-1] ^ 0xFF]))
    bad = write_pack(tmp_path / "bad.tar", members)
    target = Path(os.environ["HF_HUB_CACHE"])
    cache_entry(target, "someone/already-here", tiny_model(tmp_path / "here", seed=9))
    listing = tree(target)
    with pytest.raises(PackDamagedError, match="has sha256"):
        install_pack(bad)
    assert tree(target) == listing
    assert hub.cached_snapshot(AR_EN) is None


def test_a_failed_rename_puts_back_what_was_installed_before_it(
    hub_pack: Path, monkeypatch: pytest.MonkeyPatch
):
    target = Path(os.environ["HF_HUB_CACHE"])
    renames: list[str] = []
    real_rename = os.rename

    def rename(source, destination):
        renames.append(str(destination))
        if len(renames) == 2:
            raise OSError(28, "No space left on device", str(destination))
        real_rename(source, destination)

    monkeypatch.setattr(packs.os, "rename", rename)
    with pytest.raises(PackInstallError, match="No space left on device"):
        install_pack(hub_pack)
    assert len(renames) == 2
    assert tree(target) == {}  # the first model, renamed in, was taken out again


def test_an_installed_cache_entry_has_the_huggingface_layout(hub_pack: Path):
    target = Path(os.environ["HF_HUB_CACHE"])
    install_pack(hub_pack)
    repo = target / f"models--{AR_EN.replace('/', '--')}"
    assert sorted(p.name for p in repo.iterdir()) == ["blobs", "refs", "snapshots"]
    assert (repo / "refs" / "main").read_text() == COMMIT  # no newline: HF reads it as is
    config = repo / "snapshots" / COMMIT / "config.json"
    assert os.readlink(config).startswith("../../blobs/")
    blob = config.resolve()
    assert blob.parent == repo / "blobs"
    assert blob.name == hashlib.sha256(blob.read_bytes()).hexdigest()
    assert sorted(p.name for p in target.iterdir()) == [
        f"models--{AR_EN.replace('/', '--')}",
        f"models--{EN_AR.replace('/', '--')}",
    ]


def test_a_destination_made_for_a_failed_install_is_removed_again(tmp_path: Path, hub_pack: Path):
    bad = _flipped(hub_pack, tmp_path)
    with pytest.raises(PackDamagedError):
        install_pack(bad, tmp_path / "new" / "models")
    assert not (tmp_path / "new" / "models").exists()


def test_a_snapshot_with_files_missing_is_completed(hub_pack: Path):
    """As an interrupted download leaves it: the snapshot is there, a file is not."""
    install_pack(hub_pack)
    snapshot = hub.cached_snapshot(AR_EN)
    weights = snapshot / "model.safetensors"
    expected = weights.read_bytes()
    weights.unlink()
    (item, _other) = install_pack(hub_pack).models
    assert item.state == "added" and _other.state == "unchanged"
    assert weights.is_symlink() and weights.read_bytes() == expected
    assert not [p for p in snapshot.iterdir() if p.name.startswith(".")]
