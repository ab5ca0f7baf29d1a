"""Journals for the sharing tests, built through the real CLI, and their views read back."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from conftest import NOW, USER_TZ, Run
from mentorlog import store
from mentorlog.share.apply import apply_theirs
from mentorlog.share.merge import merge_views
from mentorlog.share.shape import same
from mentorlog.share.views import View, from_ics, shared_views, to_ics

CLOCK = datetime.fromisoformat(NOW)
# The clock as the CLI gives it to services: in the user's zone.
USER_NOW = CLOCK.astimezone(ZoneInfo(USER_TZ))


def home() -> Path:
    return Path(os.environ["MENTORLOG_HOME"])


def views_of(handle: str, *, me: str = "") -> dict[str, View]:
    """What the journal in the test's home shares with `handle`."""
    with store.open_journal(home()) as journal:
        return shared_views(journal, handle, now=CLOCK, me=me)


def by_kind(views: dict[str, View], kind: str) -> list[View]:
    return sorted((v for v in views.values() if v["kind"] == kind), key=repr)


def relationship(run: Run) -> None:
    """A mentee (ana, New York) and a mentor (bob, London), with something of every kind."""
    run.ok(
        "person", "add", "ana", "--name", "Ana Li", "--role", "mentee", "--tz", "America/New_York"
    )
    run.ok(
        "person", "add", "bob", "--name", "Bob Stone", "--role", "mentor", "--tz", "Europe/London"
    )
    run.ok(
        "meeting", "add", "--with", "ana", "--at", "2026-11-24 09:00", "--tz", "ana",
        "--every", "weekly", "--title", "Weekly sync",
    )  # fmt: skip
    run.ok("meeting", "add", "--with", "ana", "--at", "2026-11-25 15:00", "--title", "One-off")
    run.ok("meeting", "add", "--with", "bob", "--at", "2026-11-26 10:00", "--title", "BOBMEETING")
    run.ok("action", "add", "Send the CV", "--owner", "ana", "--due", "2026-11-30")
    run.ok("action", "add", "Review the CV", "--with", "ana")
    run.ok("action", "add", "BOBACTION", "--owner", "bob")
    run.ok("topic", "add", "Conference talk", "--with", "ana")
    run.ok("topic", "add", "DONETOPIC", "--with", "ana")
    run.ok("topic", "done", "2")
    run.ok("note", "add", "PRIVATENOTE about her", "--with", "ana", "--private")
    run.ok("note", "add", "Shared note", "--with", "ana")
    run.ok("note", "add", "BOTHNOTE", "--with", "ana", "--with", "bob")
    run.ok("goal", "add", "Get promoted", "--with", "ana", "--due", "2027-03-01")
    run.ok("goal", "add", "BOBGOAL", "--with", "bob")
    run.ok("milestone", "add", "First talk", "--with", "ana", "--on", "2026-11-20")
    run.ok("feedback", "add", "FEEDBACKTEXT great talk", "--to", "ana")
    run.ok("reflect", "REFLECTIONTEXT on her growth", "--with", "ana")
    run.ok("action", "add", "DELETEDACTION", "--with", "ana")
    run.ok("action", "delete", "4")


def apply_here(handle: str, before: View | None, after: View | None, *, me: str = "") -> list[str]:
    """Apply one change from the other side to the journal in the test's home, and save it."""
    with store.open_journal(home(), write=True) as journal:
        return apply_theirs(journal, handle, before, after, now=USER_NOW, me=me)


def view_of(handle: str, text: str) -> View:
    """The one view shared with `handle` whose text or title is `text`."""
    found = [v for v in views_of(handle).values() if text in (v.get("text"), v.get("title"))]
    assert len(found) == 1, (text, found)
    return found[0]


class Server:
    """A CalDAV collection in memory (uid -> object bytes), and one home's rounds against
    it as the engine runs them: merge each object three ways against the last agreed view,
    upload what changed here, apply what changed there, keep the merged views as the base."""

    def __init__(self) -> None:
        self.objects: dict[str, bytes] = {}

    def round(
        self,
        folder: Path,
        handle: str,
        base: dict[str, View],
        *,
        me: str = "",
        now: datetime = USER_NOW,
    ) -> tuple[int, list[str]]:
        """One round for the journal in `folder` sharing with `handle`: (objects written or
        deleted on the server, sentences of what was applied)."""
        written, said = 0, []
        with store.open_journal(folder, write=True) as journal:
            ours = shared_views(journal, handle, now=now, me=me)
            theirs = {uid: from_ics(raw, uid_hint=uid) for uid, raw in self.objects.items()}
            for uid in sorted({*ours, *theirs, *base}):
                old, mine, other = base.get(uid), ours.get(uid), theirs.get(uid)
                merged = merge_views(old, mine, other).view
                if merged != other:
                    written += 1
                    if merged is None:
                        del self.objects[uid]
                    else:
                        self.objects[uid] = to_ics(merged)
                if not same(merged, mine):
                    said += apply_theirs(journal, handle, old, merged, now=now, me=me)
                if merged is None:
                    base.pop(uid, None)
                else:
                    base[uid] = merged
        return written, said
