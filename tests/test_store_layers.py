"""The store package sits at the bottom: it imports nothing of mentorlog above it (only
`errors`, `limits` and `__version__`), and its modules import each other without a cycle, counting
the imports made inside functions too."""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import mentorlog.store

PACKAGE = Path(mentorlog.store.__file__).parent
ALLOWED = (
    "mentorlog.store",
    "mentorlog.errors",
    "mentorlog.limits",
    "mentorlog.lazy",
    "mentorlog.__version__",
)


def imports_of(path: Path) -> set[str]:
    """Every mentorlog name `path` imports, anywhere in it: modules, or `module.name`."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("mentorlog")}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("mentorlog"):
            module = node.module or ""
            found |= {f"{module}.{alias.name}" for alias in node.names}
    return found


def store_module(name: str) -> str | None:
    """The store module `name` (a module or `module.attribute`) is, or is in; else None."""
    for candidate in (name, name.rpartition(".")[0]):
        if (
            candidate.startswith("mentorlog.store.")
            and (PACKAGE / f"{candidate.removeprefix('mentorlog.store.')}.py").exists()
        ):
            return candidate
    return None


def modules() -> dict[str, Path]:
    return {f"mentorlog.store.{path.stem}": path for path in PACKAGE.glob("*.py")}


def test_the_store_imports_nothing_above_it() -> None:
    for module, path in modules().items():
        for name in imports_of(path):
            allowed = any(name == a or name.startswith(f"{a}.") for a in ALLOWED)
            assert allowed, f"{module} imports {name}"


def test_the_store_modules_import_each_other_without_a_cycle() -> None:
    graph: dict[str, set[str]] = {}
    for module, path in modules().items():
        if module == "mentorlog.store.__init__":
            continue  # the package's face: it re-exports the modules, none imports it
        names = imports_of(path)
        for name in names:
            face = name == "mentorlog.store" or name.rpartition(".")[0] == "mentorlog.store"
            assert not face or store_module(name), f"{module} imports {name} from the package"
        used = {store_module(name) for name in names}
        graph[module] = {m for m in used if m is not None and m != module}
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError as cycle:
        raise AssertionError(f"import cycle in the store: {cycle.args[1]}") from None


def test_the_store_modules_stay_small() -> None:
    for module, path in modules().items():
        assert len(path.read_text().splitlines()) <= 500, module
