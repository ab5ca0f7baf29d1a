"""`cached`: `functools.cached_property` without its lock (and without importing `typing`
at run time: it is on the start-up path of most commands)."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, Generic, TypeVar, overload

    T = TypeVar("T")
else:  # the same names at run time without importing `typing` (3.5 ms a command)

    class Generic:
        """`typing.Generic` as far as `cached` uses it: `Generic[T]` is this class."""

        def __class_getitem__(cls, item: object) -> type:
            return cls

    T = None

    def overload(function: object) -> object:
        """`typing.overload`: the implementation, defined last, is what runs."""
        return function


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
    def __get__(self, instance: object, owner: type | None = None) -> T: ...  # noqa: F811

    def __get__(  # noqa: F811 - ruff cannot tell the run-time `overload` is typing's
        self, instance: object | None, owner: type | None = None
    ) -> T | cached[T]:
        if instance is None:
            return self
        value = self.func(instance)
        instance.__dict__[self.name] = value
        return value
