"""What every command shares: the home, the settings, the user's zone, the clock, the journal."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from mentorlog import config as config_mod
from mentorlog import limits, store
from mentorlog.errors import InvalidInput
from mentorlog.timeparse import quote

TYPE_CHECKING = False
if TYPE_CHECKING:  # the quick path (cli/quick.py) makes its Session without Typer
    import typer

NOW_ENV = "MENTORLOG_NOW"
LOCK_TIMEOUT_ENV = "MENTORLOG_LOCK_TIMEOUT"


class Session:
    """One invocation's view of the world, built lazily so that `--help` costs nothing (a
    plain class: a dataclass costs 0.2 ms to create, in every command)."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self._config: config_mod.Config | None = None
        self._zone: ZoneInfo | None = None
        self._zone_source = ""
        self._now: datetime | None = None

    def __repr__(self) -> str:
        return f"Session(home={self.home!r})"

    @property
    def config(self) -> config_mod.Config:
        if self._config is None:
            self._config = config_mod.load_config(self.home)
        return self._config

    @property
    def zone(self) -> ZoneInfo:
        """The user's zone: config, else MENTORLOG_TZ, else the system's, else UTC."""
        if self._zone is None:
            self._zone, self._zone_source = config_mod.user_zone(self.config)
        return self._zone

    @property
    def zone_source(self) -> str:
        """Where the zone came from: config, MENTORLOG_TZ, system or fallback."""
        _ = self.zone
        return self._zone_source

    @property
    def now(self) -> datetime:
        """This instant in the user's zone; MENTORLOG_NOW pretends it is another."""
        if self._now is None:
            self._now = _pretend_now(self.zone) or datetime.now(self.zone)
        return self._now

    @property
    def lock_timeout(self) -> float:
        raw = os.environ.get(LOCK_TIMEOUT_ENV, "").strip()
        if not raw:
            return store.DEFAULT_LOCK_TIMEOUT
        try:
            seconds = float(raw)
        except ValueError:
            seconds = -1.0
        if not 0 <= seconds <= 3600:
            raise InvalidInput(
                f"{LOCK_TIMEOUT_ENV} is {quote(raw)}; set it to a number of seconds from 0 to "
                "3600, e.g. 30."
            )
        return seconds

    @contextlib.contextmanager
    def reading(self) -> Iterator[store.Journal]:
        with store.open_journal(self.home) as journal:
            yield journal

    @contextlib.contextmanager
    def writing(self) -> Iterator[store.Journal]:
        """The journal under the lock; saved when the block ends without an error."""
        timeout = self.lock_timeout
        with store.open_journal(self.home, write=True, lock_timeout=timeout) as journal:
            yield journal


def _pretend_now(zone: ZoneInfo) -> datetime | None:
    raw = os.environ.get(NOW_ENV, "").strip()
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        moment = None
    if moment is None:
        raise InvalidInput(
            f"{NOW_ENV} is {quote(raw)}, not an ISO 8601 instant such as "
            "2026-11-21T09:00:00+01:00; unset it to use the clock."
        )
    if not limits.date_in_range(moment):
        raise InvalidInput(
            f"{NOW_ENV} is {quote(raw)}, outside the years mentorlog takes "
            f"({limits.MIN_YEAR} to {limits.MAX_YEAR}); unset it to use the clock."
        )
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(zone)


def session(ctx: typer.Context) -> Session:
    """The Session that the root command stored on the context."""
    root = ctx.find_root()
    if not isinstance(root.obj, Session):
        root.obj = Session(config_mod.user_home())
    return root.obj
