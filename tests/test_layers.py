"""The layout shows the architecture, and this test keeps it so (README, "Architecture"):
every import of the program points down the layers below, no two modules import each other
however indirectly (imports made inside functions counted too), and no module passes 500
lines."""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import mentorlog

ROOT = Path(mentorlog.__file__).parent
# Bottom to top. A module may import its own layer and the layers below it, never above.
LAYERS = {
    "mentorlog": 0,  # __version__
    "mentorlog.errors": 0,
    "mentorlog.lazy": 0,
    "mentorlog.cached": 0,
    "mentorlog.store": 1,
    "mentorlog.timeparse": 1,
    "mentorlog.model": 2,
    "mentorlog.kinds": 3,
    "mentorlog.config": 3,
    "mentorlog.system_zone": 3,
    "mentorlog.calendar": 4,
    "mentorlog.services": 5,
    "mentorlog.sync": 5,  # services-level: sync over git
    "mentorlog.share": 5,  # services-level: sharing over CalDAV
    "mentorlog.render": 6,
    "mentorlog.cli": 7,
    "mentorlog.__main__": 8,
}


def modules() -> dict[str, Path]:
    found = {}
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = modules()


def module_of(name: str) -> str:
    """The module that `name` (a module, or `module.attribute`) is or lives in."""
    while name not in MODULES:
        name = name.rpartition(".")[0]
    return name


def imports_of(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {module_of(a.name) for a in node.names if a.name.startswith("mentorlog")}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("mentorlog"):
            found |= {module_of(f"{node.module}.{a.name}") for a in node.names}
    return found


def layer(module: str) -> int:
    for prefix in sorted(LAYERS, key=len, reverse=True):
        if module == prefix or module.startswith(f"{prefix}."):
            return LAYERS[prefix]
    raise AssertionError(f"{module} is in no layer: add its package to LAYERS")


def test_every_import_points_down() -> None:
    upward = [
        f"{module} imports {used}"
        for module, path in MODULES.items()
        for used in imports_of(path)
        if layer(used) > layer(module)
    ]
    assert upward == []


def test_no_import_cycle() -> None:
    # A package's __init__ only re-exports its modules: an import of the package is an
    # import of what it re-exports, which the modules themselves are checked for.
    graph = {
        module: {used for used in imports_of(path) if MODULES[used].name != "__init__.py"}
        - {module}
        for module, path in MODULES.items()
    }
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError as cycle:
        raise AssertionError(f"import cycle: {' -> '.join(cycle.args[1])}") from None


def test_no_module_over_500_lines() -> None:
    long = {m: n for m, p in MODULES.items() if (n := len(p.read_text().splitlines())) > 500}
    assert long == {}
