"""An average rating, on its own: the feedback service and the progress report both give
one, and a report need not import that service (with the records and meetings services it
brings) to make one."""

from __future__ import annotations

from dataclasses import dataclass

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


@dataclass(frozen=True)
class Rating:
    """How the meetings of one relationship were rated: their average and how many."""

    average: float
    count: int

    def to_json(self) -> dict[str, Any]:
        return {"average": round(self.average, 2), "count": self.count}
