"""`cached`: `functools.cached_property` without its lock."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar, overload

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
