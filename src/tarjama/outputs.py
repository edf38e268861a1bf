"""Where a run's outputs go: their names (unique within a run), the folder check, the write."""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tarjama.document import AR, EN, Document
from tarjama.errors import OutputCollisionError, OutputWriteError
from tarjama.export.html import side_by_side_html
from tarjama.export.jsonl import segments_jsonl
from tarjama.export.parallel import parallel_version
from tarjama.formats import get_format
from tarjama.names import SEGMENTS_SUFFIX, path_key, version_name
from tarjama.writer import write_atomic

if TYPE_CHECKING:
    from tarjama.reader import InputFile


def output_paths(document: Document, output_dir: Path, stem: str) -> dict[str, Path]:
    """``<stem>.en.txt``/``.ar.txt`` (the input's own format: ``.md``, ``.docx``, …), the
    side-by-side page ``<stem>.html`` (``<stem>.side-by-side.html`` for a web page, whose
    versions are ``.html`` themselves) and ``<stem>.segments.jsonl``."""
    fmt = get_format(document.format)
    suffix = fmt.version_suffix(document.path)
    return {
        EN: output_dir / version_name(stem, EN, suffix),
        AR: output_dir / version_name(stem, AR, suffix),
        "html": output_dir / f"{stem}{fmt.page_suffix()}",
        "jsonl": output_dir / f"{stem}{SEGMENTS_SUFFIX}",
    }


def output_contents(
    document: Document,
    paths: dict[str, Path],
    targets: Sequence[str],
    protected: set[str],
    written: set[str] | None = None,
) -> dict[Path, str | bytes]:
    """The versions, page and records of ``document`` by path, nothing written yet; refuse
    any path whose :func:`path_key` is in ``protected`` (the inputs) or in ``written``
    (paths this run has written)."""
    check_output_names(document, paths, targets, protected, written)
    contents: dict[Path, str | bytes] = {}
    for lang in targets:
        contents[paths[lang]] = parallel_version(document, lang)
    title = document.path.name if document.path else "document"
    contents[paths["html"]] = side_by_side_html(document, title)
    contents[paths["jsonl"]] = segments_jsonl(document)
    return contents


def check_output_names(
    document: Document,
    paths: dict[str, Path],
    targets: Sequence[str],
    protected: set[str],
    written: set[str] | None = None,
    extra: Sequence[Path] = (),
) -> None:
    """:class:`OutputCollisionError` naming ``document``'s source if one of its output
    paths (``extra``: its exports) is an input (``protected``), was written by this run
    (``written``), or is a folder: found before the document is translated."""
    chosen = [paths[lang] for lang in targets] + [paths["html"], paths["jsonl"], *extra]
    for path in chosen:
        key = path_key(path)
        if key in protected:
            raise OutputCollisionError(
                path, "its output would overwrite an input file", document.path
            )
        if written is not None and key in written:
            raise OutputCollisionError(
                path, "its output would overwrite another output of this run", document.path
            )
        if path.is_dir():
            raise OutputCollisionError(path, "a folder stands where its output goes", document.path)


def write_outputs(
    document: Document,
    paths: dict[str, Path],
    targets: Sequence[str],
    protected: set[str],
    written: set[str] | None = None,
) -> list[Path]:
    """Write :func:`output_contents` atomically, all together; ``written`` is updated."""
    contents = output_contents(document, paths, targets, protected, written)
    paths_written = write_atomic(contents)
    if written is not None:
        written.update(path_key(path) for path in contents)
    return paths_written


def _stem_candidates(file: InputFile) -> list[str]:
    """Names for ``file``'s outputs, plainest first: ``a``, ``a-md``, ``d1-a``, ``d1-a-md``.

    The parent is the folder above the mirrored sub-folders: ``d1`` for ``d1/a.txt`` named
    alone, ``news`` for ``news/world/a.txt`` found in the folder argument ``news``.
    """
    stem, extension = file.path.stem, file.path.suffix.lstrip(".")
    parents = Path(os.path.abspath(file.path)).parents  # abspath: "../a.txt" has a real parent
    depth = len(file.relative_dir.parts)
    parent = parents[depth].name if depth < len(parents) else ""
    names = [stem, f"{stem}-{extension}" if extension else stem]
    if parent:
        names += [f"{parent}-{stem}", f"{parent}-{names[1]}"]
    return list(dict.fromkeys(names))


def output_stems(files: Sequence[InputFile]) -> list[Path]:
    """Output stems relative to the output folder, unique within the run (ignoring case).

    A file keeps its plain stem where no other file of the run has it; files that share a
    name get the extension (``a-txt``, ``a-md``), then the parent folder's name (``d1-a``,
    ``d2-a``), then both, and last a number (``a-2``).
    """
    candidates = [_stem_candidates(file) for file in files]
    level = [0] * len(files)

    def key(index: int, name: str) -> str:
        return str(files[index].relative_dir / name).casefold()

    while True:
        keys = [key(i, candidates[i][level[i]]) for i in range(len(files))]
        groups: dict[str, list[int]] = {}
        for i, name_key in enumerate(keys):
            groups.setdefault(name_key, []).append(i)
        movers = []
        for group in groups.values():
            if len(group) < 2:
                continue
            can_move = [i for i in group if level[i] + 1 < len(candidates[i])]
            # A name stays with the files that had it at the plainest level, if they can.
            lowest = min(level[i] for i in group)
            movers += [i for i in can_move if level[i] > lowest] or can_move
        if not movers:
            break
        for i in movers:
            level[i] += 1
    counts = Counter(keys)
    taken = set(keys)
    first: set[str] = set()
    stems: list[Path] = []
    for i, file in enumerate(files):
        name = candidates[i][level[i]]
        if counts[keys[i]] > 1 and keys[i] in first:
            number = 2
            while key(i, f"{name}-{number}") in taken:
                number += 1
            name = f"{name}-{number}"
            taken.add(key(i, name))
        first.add(keys[i])
        stems.append(file.relative_dir / name)
    return stems


def check_output_dir(folder: Path) -> None:
    """Create ``folder`` if needed and make sure files can be created in it; else raise
    :class:`OutputWriteError` naming it. Run before any work, so that a bad ``-o`` costs
    seconds, not a whole run."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputWriteError(
            folder, "it is a file, not a folder", "pass a folder with -o (it is created if missing)"
        ) from None
    except OSError as error:
        raise OutputWriteError(folder, f"cannot create it: {error.strerror or error}") from None
    try:
        descriptor, probe = tempfile.mkstemp(dir=folder, prefix=".tarjama-probe-")
    except OSError as error:
        raise OutputWriteError(
            folder, f"cannot create files in it: {error.strerror or error}"
        ) from None
    os.close(descriptor)
    os.unlink(probe)
