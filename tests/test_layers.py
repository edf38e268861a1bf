"""Layers point down: the data model and the readers at the bottom, stages above them, the
pipeline and the CLI on top; no import runs back up and no import circle (README,
"Architecture"). Every import counts: at module level, inside functions and under
TYPE_CHECKING alike."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[1] / "src"

#: lowest first; a module or package may import only from its own layer or below
LAYERS: list[tuple[str, ...]] = [
    # the data model and what it needs: no stage, no format (tarjama/__init__.py: the version)
    (
        "__init__", "errors", "chars", "script", "source", "names", "document", "xmlsafe",
        "spreadsheet", "writer", "decode", "bidi", "xliffspec",
    ),
    # reading and writing files: one module per format
    ("formats", "reader"),
    # the stages
    ("segment", "langid", "carry", "glossary", "translate", "memory", "terms", "align", "qa"),
    # views of a document and its files
    ("bitext", "export", "outputs", "review"),
    # the jobs as library functions
    ("pipeline", "summary", "progress", "packs", "demo"),
    # the command line
    ("cli", "__main__"),
]  # fmt: skip
LAYER_OF = {name: level for level, names in enumerate(LAYERS) for name in names}


def _modules() -> dict[str, Path]:
    modules = {}
    for path in (SOURCE / "tarjama").rglob("*.py"):
        parts = path.relative_to(SOURCE).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    return modules


MODULES = _modules()


def _unit(module: str) -> str:
    """``tarjama.glossary.tsv`` → ``glossary``; ``tarjama`` → ``__init__``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("tarjama"):
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    found.add(full if full in MODULES else node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("tarjama"))
    return found


def test_every_module_has_a_layer():
    assert sorted({_unit(m) for m in MODULES} - set(LAYER_OF)) == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_import_runs_back_up(module: str):
    own = LAYER_OF[_unit(module)]
    upward = [
        target
        for target in _imports(MODULES[module])
        if target in MODULES and LAYER_OF[_unit(target)] > own
    ]
    assert upward == []


def test_no_import_circle_between_packages_or_modules():
    graph: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        unit = _unit(module)
        graph.setdefault(unit, set()).update(
            _unit(target) for target in _imports(path) if _unit(target) != unit
        )
    graph.pop("__init__", None)  # tarjama/__init__.py holds only the version
    seen: dict[str, int] = {}  # 1: on the path, 2: done

    def visit(node: str, path: list[str]) -> None:
        seen[node] = 1
        for target in sorted(graph.get(node, ())):
            if seen.get(target) == 1:
                raise AssertionError(" -> ".join([*path, node, target]))
            if target not in seen:
                visit(target, [*path, node])
        seen[node] = 2

    for node in sorted(graph):
        if node not in seen:
            visit(node, [])
