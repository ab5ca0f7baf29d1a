"""A package's names loaded with their module, when one is first asked for (PEP 562).

`mentorlog.model`, `mentorlog.timeparse` and `mentorlog.store` sit on the start-up path of
every command, and most commands need few of their modules: each package maps the names it
offers to the module that defines them, and `attributes` makes the module `__getattr__`
that imports that module the first time one of its names is asked for. Type checkers read
the same names from the package's `if TYPE_CHECKING:` imports.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar, overload


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


T = TypeVar("T")


class cached(Generic[T]):
    """`functools.cached_property` without its lock: Python 3.11's takes an RLock on every
    first read, which on the dashboard's hundreds of occurrences (each with its start and
    end in UTC) cost more than working the value out. The value is stored in the instance's
    `__dict__` under the same name, which later reads find first (a frozen dataclass too).
    One thread works out an attribute at a time here, so nothing is lost without the lock:
    two threads at once would each work it out and store the same value."""

    def __init__(self, func: Callable[[Any], T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> cached[T]: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...

    def __get__(self, instance: object | None, owner: type | None = None) -> T | cached[T]:
        if instance is None:
            return self
        value = self.func(instance)
        instance.__dict__[self.name] = value
        return value
