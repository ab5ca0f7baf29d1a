"""timeparse and calendar import only what lies below them, at any depth of a function."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import mentorlog

SRC = Path(mentorlog.__file__).parent
# What each package may import from mentorlog: itself and the layers below it.
ALLOWED = {
    "timeparse": ("mentorlog.timeparse", "mentorlog.errors", "mentorlog.limits", "mentorlog.lazy"),
    "calendar": (
        "mentorlog.calendar",
        "mentorlog.timeparse",
        "mentorlog.model",
        "mentorlog.errors",
        "mentorlog.limits",
        "mentorlog.lazy",
        "mentorlog.cached",
        "mentorlog.store",
        "mentorlog.__version__",
    ),
}


def imported(path: Path) -> set[str]:
    """Every mentorlog module a file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "mentorlog":
                found |= {f"mentorlog.{alias.name}" for alias in node.names}
            else:
                found.add(node.module)
    return {name for name in found if name.split(".")[0] == "mentorlog"}


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_a_package_imports_nothing_above_it(package: str) -> None:
    files = sorted((SRC / package).glob("*.py"))
    assert files
    upward = {
        f"{path.name}: {name}"
        for path in files
        for name in imported(path)
        if not name.startswith(ALLOWED[package])
    }
    assert not upward
