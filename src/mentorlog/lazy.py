"""A package's names loaded with their module, when one is first asked for (PEP 562).

`mentorlog.model`, `mentorlog.timeparse` and `mentorlog.store` sit on the start-up path of
every command, and most commands need few of their modules: each package maps the names it
offers to the module that defines them, and `attributes` makes the module `__getattr__`
that imports that module the first time one of its names is asked for. Type checkers read
the same names from the package's `if TYPE_CHECKING:` imports.

(`cached`, the lock-free cached property, is in `mentorlog.cached`: it needs `typing` at
run time, which this module, on every command's start-up path, does not import.)
"""

from __future__ import annotations

import importlib
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import Any


def attributes(package: str, where: Mapping[str, str]) -> Callable[[str], Any]:
    """The `__getattr__` of `package`, whose name `n` is defined in `package.where[n]`."""

    def __getattr__(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{module}"), name)
        setattr(sys.modules[package], name, value)  # asked once: the next read is plain
        return value

    return __getattr__
