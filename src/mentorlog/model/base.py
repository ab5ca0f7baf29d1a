"""What every record shares: the store's identity fields (the forgiving readers that
`from_record` methods use are in `readers`).

The store keeps fields this version does not know, so `to_record` only ever returns the
fields the model owns.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from mentorlog.model.readers import Record, _opt_instant, _opt_int, _opt_str, instant_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Self


@dataclass(kw_only=True)
class Stored:
    """What the store gives every record: an id shown to users, a UUID, and two timestamps."""

    id: int | None = None
    uid: str | None = None
    created: datetime | None = None
    updated: datetime | None = None

    @staticmethod
    def id_of(record: Mapping[str, Any]) -> int | None:
        return _opt_int(record, "id")

    @classmethod
    def brief_identity(cls, record: Mapping[str, Any]) -> Record:
        """`identity` without the stamps (None), for a list that shows neither."""
        return {"id": cls.id_of(record), "uid": _opt_str(record, "uid")}

    @classmethod
    def identity(cls, record: Mapping[str, Any]) -> Record:
        """The store-owned fields of a record, as keyword arguments for `from_record`."""
        return {
            "id": cls.id_of(record),
            "uid": _opt_str(record, "uid"),
            "created": _opt_instant(record, "created"),
            "updated": _opt_instant(record, "updated"),
        }

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Self:
        """The record read as this kind: every kind's model defines it."""
        raise NotImplementedError

    def to_json(self) -> Record:
        """The stable `--json` shape: every kind's model defines it."""
        raise NotImplementedError

    def with_identity(self, fields: Record) -> Record:
        """`fields` between the id and uid before them and the timestamps after, for --json."""
        identity = {"id": self.id, "uid": self.uid}
        stamps = {"created": instant_text(self.created), "updated": instant_text(self.updated)}
        return identity | fields | stamps


class _Dated:
    """For records dated by an `at` instant (feedback, notes)."""

    @staticmethod
    def at_of(record: Mapping[str, Any]) -> datetime | None:
        """The instant it was recorded, as from_record reads it: its `at`, else when it was
        created."""
        return _opt_instant(record, "at") or _opt_instant(record, "created")
