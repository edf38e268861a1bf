"""ZIP packages (Word, EPUB, OpenDocument) opened safely: one rule for every package format.

A package is refused, with one line naming the file and the fix, when it is not a ZIP at
all (a ``.docx`` that is really a ``.doc``, or password-protected: Word encrypts into an
OLE compound file), when it is damaged, when a member is encrypted, when it holds more
members than :data:`MAX_MEMBERS`, or when its members would inflate past
:data:`MAX_TOTAL_BYTES` (or one member past :data:`MAX_MEMBER_BYTES`, or by a ratio over
:data:`MAX_RATIO`): a ZIP bomb is stopped by the sizes its directory declares and, since
those can lie, again while reading. Member names with ``..``, absolute paths or backslashes
are never extracted (nothing is: members are read into memory only).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from tarjama.errors import FormatError

#: a package may hold this many members (a 500-page report with images holds a few hundred)
MAX_MEMBERS = 10_000
#: what all members may inflate to together
MAX_TOTAL_BYTES = 512 * 1024 * 1024
#: what one member may inflate to (document.xml of a 1,000-page book is ~30 MB)
MAX_MEMBER_BYTES = 256 * 1024 * 1024
#: how many times larger than stored a member may get (XML compresses ~10-30x; bombs 1000x+)
MAX_RATIO = 200
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


class Package:
    """The members of a checked ZIP package, read on demand within the limits above."""

    def __init__(self, path: Path, data: bytes, description: str, save_as: str):
        self.path = path
        if data.startswith(_OLE_MAGIC):
            raise FormatError(
                path,
                f"is not {description} tarjama can open: it is password-protected or in the "
                "old binary format",
                f"remove the password, or save it again as {save_as}",
            )
        if not data.startswith(_ZIP_MAGIC):
            raise FormatError(
                path,
                f"is not {description}: it is not a ZIP package",
                f"save it again as {save_as} (File › Save As), or give it its real extension",
            )
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as error:
            raise self.damaged(str(error)) from None
        if len(infos) > MAX_MEMBERS:
            raise self.too_large(f"it holds {len(infos)} members (the limit is {MAX_MEMBERS})")
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise FormatError(
                    path,
                    f"is an encrypted package (member {info.filename!r})",
                    f"remove the password, or save it again as {save_as}",
                )
            _check_size(self, info)
            total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise self.too_large(
                f"its members would inflate to {total:,} bytes (the limit is {MAX_TOTAL_BYTES:,})"
            )
        self._infos = {info.filename: info for info in infos}

    def has(self, name: str) -> bool:
        return name in self._infos

    def read(self, name: str) -> bytes:
        """Member ``name``, inflated with a hard stop at its declared size and the limits."""
        info = self._infos.get(name)
        if info is None:
            raise self.damaged(f"the member {name!r} is missing")
        limit = min(info.file_size, MAX_MEMBER_BYTES)
        try:
            with self._zip.open(info) as member:
                data = member.read(limit + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
            raise self.damaged(f"{name}: {error}") from None
        if len(data) > limit:
            raise self.too_large(f"the member {name!r} inflates past the size it declares")
        return data

    def members(self) -> dict[str, bytes]:
        """Every member by name (for a writer that rewrites the package)."""
        return {name: self.read(name) for name in self._infos}

    def infos(self) -> list[zipfile.ZipInfo]:
        return list(self._infos.values())

    def damaged(self, reason: str) -> FormatError:
        return FormatError(
            self.path,
            f"is a damaged package ({reason})",
            "open it in the program that made it and save it again, or copy it again",
        )

    def too_large(self, reason: str) -> FormatError:
        return FormatError(
            self.path,
            f"is refused as a possible ZIP bomb: {reason}",
            "if the file is genuine, split it into smaller documents",
        )


def _check_size(package: Package, info: zipfile.ZipInfo) -> None:
    if info.file_size > MAX_MEMBER_BYTES:
        raise package.too_large(
            f"the member {info.filename!r} would inflate to {info.file_size:,} bytes "
            f"(the limit is {MAX_MEMBER_BYTES:,})"
        )
    ratio = info.file_size / info.compress_size if info.compress_size else 0
    if ratio > MAX_RATIO and info.file_size > 1024 * 1024:  # small ones may compress well
        raise package.too_large(
            f"the member {info.filename!r} inflates {int(ratio)} times (the limit is {MAX_RATIO})"
        )


def write_package(members: dict[str, bytes], template: Package) -> bytes:
    """A new package with ``members``, in the template's order and compression, but a
    ``mimetype`` member first and stored (uncompressed), as EPUB and OpenDocument readers
    require; members the template lacks come last, compressed."""
    infos = sorted(template.infos(), key=lambda info: info.filename != "mimetype")
    known = {info.filename for info in infos}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for info in infos:
            if info.filename not in members:
                continue
            copy = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            copy.compress_type = (
                zipfile.ZIP_STORED if info.filename == "mimetype" else info.compress_type
            )
            copy.external_attr = info.external_attr
            out.writestr(copy, members[info.filename])
        for name, data in members.items():
            if name not in known:
                out.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
