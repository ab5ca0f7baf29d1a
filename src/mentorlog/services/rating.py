"""An average rating, on its own: the feedback service and the progress report both give
one, and a report need not import that service (with the records and meetings services it
brings) to make one.

A `Value` (services/report_values.py), not a frozen dataclass: making the dataclass was
half a millisecond of every report's start. It is equal, hashed, shown and immutable as the
dataclass was, by its fields.
"""

from __future__ import annotations

from mentorlog.services.report_values import Value

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class Rating(Value):
    """How the meetings of one relationship were rated: their average and how many."""

    __slots__ = ("average", "count")
    average: float
    count: int

    def __init__(self, average: float, count: int) -> None:
        self._set(average=average, count=count)

    def to_json(self) -> dict[str, Any]:
        return {"average": round(self.average, 2), "count": self.count}
