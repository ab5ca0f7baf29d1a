"""The base of a report's values: immutable, with slots, equal by their fields.

A report's parts (a gap, a cadence check, a person's meetings, a goal's line...) were frozen
dataclasses, and making a dataclass compiles its methods at every start: about 4 M
instructions, half a millisecond, each, and a report made ten of them to print. These
classes write their own `__init__` (typed, for mypy) and take equality, hashing, `repr`
and immutability from `Value`, which reads their `__slots__` (tests/test_report_service.py
compares whole reports by value).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


_setattr = object.__setattr__


class Value:
    """Immutable once made (`_set` is for `__init__`), equal to a value of the same class
    whose fields are equal, in the order of `__slots__`."""

    __slots__: tuple[str, ...] = ()

    def _set(self, **fields: Any) -> None:
        for name, value in fields.items():
            _setattr(self, name, value)

    def _fields(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a {type(self).__name__} is immutable: cannot set {name}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a {type(self).__name__} is immutable: cannot delete {name}")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Value)
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({shown})"
