"""Two mentorlog homes sharing one CalDAV calendar on a real Radicale (tests/dav_server.py):
the mentee's (`mentee`, logging in as `mentee`, sharing with the person `ana`) and the
mentor's (`mentor`, logging in as `mentor`, sharing with the person `ben`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from dav_server import USERS, DavServer
from sync_devices import Device

T0 = "2026-11-21T10:00:00+01:00"


class ShareDevice(Device):
    """A home whose commands log in to the CalDAV server as `user`."""

    def __init__(self, home: Path, user: str, other: str, now: str = T0) -> None:
        super().__init__(home, now)
        self.user = user
        self.other = other  # the handle of the other person in this home
        self.password = USERS[user]

    def __call__(self, *args: str, env: dict[str, str | None] | None = None):  # type: ignore[no-untyped-def]
        extra = {"MENTORLOG_DAV_PASSWORD": self.password, **(env or {})}
        return super().__call__(*args, env=extra)

    def link(self, url: str) -> None:
        self.ok("share", "add", self.other, "--url", url, "--user", self.user)

    def sync(self) -> str:
        return self.ok("share", "sync", self.other).stderr


def pair(tmp: Path, server: DavServer, url: str) -> tuple[ShareDevice, ShareDevice]:
    """The mentee's home (sharing with ana, her mentor) and the mentor's (sharing with ben,
    his mentee), both linked to `url`."""
    mentee = ShareDevice(tmp / "mentee-home", "mentee", "ana")
    mentee.ok("person", "add", "ana", "--name", "Ana Ruiz", "--role", "mentor", "--tz", "UTC")
    mentor = ShareDevice(tmp / "mentor-home", "mentor", "ben")
    mentor.ok("person", "add", "ben", "--name", "Ben Ode", "--role", "mentee", "--tz", "UTC")
    mentee.link(url)
    mentor.link(url)
    return mentee, mentor


def objects(server: DavServer, url: str, user: str = "mentee") -> dict[str, tuple[str, str]]:
    """What the calendar at `url` holds, read by a plain caldav client: UID -> (the
    object's URL, its text)."""
    import caldav
    import icalendar

    client = server.client(user)
    calendar = caldav.Calendar(client=client, url=url)
    found: dict[str, tuple[str, str]] = {}
    for obj in calendar.get_objects_by_sync_token(load_objects=True):
        if obj.data is None:  # listed as removed
            continue
        text = str(obj.data)
        cal = icalendar.Calendar.from_ical(text)
        uids = {str(c["UID"]) for c in cal.walk() if "UID" in c}
        for uid in uids:
            found[uid] = (str(obj.url), text)
    return found


def edit_object(
    server: DavServer,
    url: str,
    summary: str,
    change: Callable[[Any], None],
    *,
    user: str = "mentee",
) -> None:
    """Change, as a phone's app would, the object whose SUMMARY is `summary`: `change` gets
    the parsed VCALENDAR and edits it in place; it goes back with a plain PUT."""
    import icalendar

    for href, text in objects(server, url, user).values():
        cal = icalendar.Calendar.from_ical(text)
        if any(str(c.get("SUMMARY", "")) == summary for c in cal.walk()):
            change(cal)
            server.put(href, cal.to_ical(), user=user)
            return
    raise AssertionError(f"no object with SUMMARY {summary!r} on {url}")


def summaries(server: DavServer, url: str) -> list[str]:
    import icalendar

    found = []
    for _, text in objects(server, url).values():
        cal = icalendar.Calendar.from_ical(text)
        found += [str(c["SUMMARY"]) for c in cal.walk() if "SUMMARY" in c]
    return sorted(found)
