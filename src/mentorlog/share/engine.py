"""One share round with one person's calendar, and setting a share up.

A round holds the journal lock from start to end:

1. read: the server's changes since the last round (sync-token), or a full listing with
   ETags; each object that changed is fetched and read into a view.
2. merge: per uid, the base (what both sides last agreed), ours (`shared_views` of the
   journal) and theirs (the server's) are merged; what changed on their side is applied
   to the journal in memory (`apply_theirs`).
3. upload: what the journal now shares and the server does not hold is PUT (If-Match the
   ETag we read, If-None-Match: * for a new object), what we deleted is DELETEd
   (If-Match). A 412 (someone changed it in between) fetches that object and merges
   again, up to 3 times, then the round fails.
4. save: the journal (one change: `mentorlog undo` takes it back), then the state (the
   new bases, ETags and sync-token).

Nothing reaches the journal before every upload has landed, so a failure in 1-3 leaves it
as it was. Killed between 3 and 4 (or between the two saves), the next round finds the
server holding what this one uploaded and the journal or the bases not yet matching: the
merge then gives the same result again, and the round ends where this one would have.
MENTORLOG_SHARE_STOP=STEP makes a round stop itself (SIGSTOP) at `read`, `uploaded` or
`saved`, for the tests that kill it there.
"""

from __future__ import annotations

import os
import signal
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mentorlog.errors import NotFound, ShareFailed
from mentorlog.share import dav, links
from mentorlog.share import state as state_mod
from mentorlog.share.shape import View

if TYPE_CHECKING:
    from mentorlog.store import Journal

STOP_ENV = "MENTORLOG_SHARE_STOP"
TRIES = 3
WHAT_NEEDS = {"VTODO": "actions, talking points and goals", "VJOURNAL": "milestones and notes"}


@dataclass
class Outcome:
    """What one round did."""

    handle: str
    url: str
    sent: int = 0  # objects written to the server
    deleted: int = 0  # objects deleted on the server
    received: int = 0  # changes from the other side applied to the journal
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)  # what was applied, what skipped
    skipped: list[str] = field(default_factory=list)  # components the calendar cannot hold

    def to_json(self) -> dict[str, Any]:
        return {
            "handle": self.handle,
            "url": self.url,
            "sent": self.sent,
            "deleted": self.deleted,
            "received": self.received,
            "conflicts": self.conflicts,
            "messages": self.messages,
            "skipped": self.skipped,
        }


@dataclass
class Remote:
    """An object on the server: where, its ETag, and what it says (None: unreadable)."""

    href: str
    etag: str
    view: View | None


_stopped: set[str] = set()


def _stop(step: str) -> None:
    """The test hook: stop this process (once) at the step MENTORLOG_SHARE_STOP names."""
    if os.environ.get(STOP_ENV) == step and step not in _stopped:
        _stopped.add(step)
        os.kill(os.getpid(), signal.SIGSTOP)


def open_collection(
    found: links.Link, secret: str | None = None
) -> tuple[dav.Collection, frozenset[str]]:
    """The link's calendar, checked; and the components it holds."""
    password = secret if secret is not None else links.password(found)
    collection = dav.Collection(found.url, found.user or None, password)
    return collection, collection.check()


def add(home: Path, new: links.Link, secret: str | None, *, lock_timeout: float) -> frozenset[str]:
    """Check that the link's URL is a calendar we can read, then keep the link; returns
    the components the calendar holds. A link to another URL starts the share over."""
    _, holds = open_collection(new, secret)
    links.save(home, new, lock_timeout=lock_timeout)
    return holds


def remove(home: Path, handle: str, *, lock_timeout: float) -> None:
    """Forget the share with `handle`: its link, its state, its password in the keyring."""
    from mentorlog.store import locked

    found = links.link(home, handle)
    links.remove(home, handle, lock_timeout=lock_timeout)
    with locked(home, lock_timeout):
        state_mod.forget(home, handle)
    links.forget_keyring(found)


def listing(home: Path) -> list[dict[str, Any]]:
    """Every share: handle, url, user, the last round and the conflicts it kept."""
    rows = []
    for handle, found in sorted(links.links(home).items()):
        state = state_mod.load(home, handle, found.url)
        rows.append(
            {
                **found.to_json(),
                "last_sync": state.last or None,
                "conflicts": state.conflicts,
            }
        )
    return rows


def skipped_note(holds: frozenset[str]) -> list[str]:
    """One sentence per kind of component the calendar cannot hold."""
    return [
        f"This calendar holds no {comp}: {what} are not shared."
        for comp, what in WHAT_NEEDS.items()
        if comp not in holds
    ]


def run_round(home: Path, handle: str, *, now: datetime, lock_timeout: float) -> Outcome:
    """One round with the calendar shared with `handle` (see the module's docstring)."""
    from mentorlog.config import load_config
    from mentorlog.services.people import find_person
    from mentorlog.store import JournalPaths, locked
    from mentorlog.store.journal import Journal, load_or_new, save_open

    found = links.link(home, handle)
    collection, holds = open_collection(found)
    outcome = Outcome(handle, found.url)
    with locked(home, lock_timeout):
        paths = JournalPaths(home)
        data, schema = load_or_new(paths)
        journal = Journal(paths, data, writable=True, schema_on_disk=schema)
        if find_person(journal, handle) is None:  # never share "nothing" over everything
            raise NotFound(
                f"No person with handle {handle!r} any more; run `mentorlog share remove "
                f"{handle}` to stop sharing with them."
            )
        state = state_mod.load(home, handle, found.url)
        if not state.last:  # named on the first round only, not every time
            outcome.skipped = skipped_note(holds)
        listing = collection.listing(state.token)
        me = load_config(home).name
        one = Round(collection, journal, handle, holds, now, state, outcome, me)
        one.read(listing)
        _stop("read")
        one.merge()
        one.upload()
        _stop("uploaded")
        if journal.changed:
            count = outcome.received
            what = f"{count} change" if count == 1 else f"{count} changes"
            journal.describe(f"share sync with {handle} ({what})", now=now)
            save_open(journal)
        _stop("saved")
        state.token = listing.token
        state.conflicts = (state.conflicts + outcome.conflicts)[-100:]
        state.last = {"at": now.isoformat(timespec="seconds"), **_counts(outcome)}
        state_mod.save(home, handle, state)
    return outcome


def _counts(outcome: Outcome) -> dict[str, int]:
    return {
        "sent": outcome.sent,
        "deleted": outcome.deleted,
        "received": outcome.received,
        "conflicts": len(outcome.conflicts),
    }


@dataclass
class Round:
    """One round's work on an open journal and collection."""

    collection: dav.Collection
    journal: Journal
    handle: str
    holds: frozenset[str]
    now: datetime
    state: state_mod.State
    outcome: Outcome
    me: str = ""  # the user's name (config `name`), which a peer knows them by
    server: dict[str, Remote] = field(default_factory=dict)  # uid -> on the server now
    ours: dict[str, View] = field(default_factory=dict)  # uid -> what the journal shares
    merged: dict[str, View | None] = field(default_factory=dict)  # uid -> merged (None: gone)

    def shared(self) -> dict[str, View]:
        """What the journal shares now, of what the calendar can hold."""
        from mentorlog.share.views import component_of, shared_views

        found = shared_views(self.journal, self.handle, now=self.now, me=self.me)
        return {uid: v for uid, v in found.items() if component_of(v) in self.holds}

    # -- 1. read -------------------------------------------------------------------------

    def read(self, listing: dav.Listing) -> None:
        """What the server holds now: the bases of what did not change, the objects that
        changed fetched and read."""
        entries = self.state.entries
        by_href = self.state.by_href()
        self.server = {uid: Remote(e.href, e.etag, e.base) for uid, e in entries.items()}
        gone = set(listing.deleted)
        if listing.complete:
            gone |= {href for href in by_href if href not in listing.etags}
        for href in gone:
            self.server.pop(by_href.get(href, ""), None)
        for href, etag in sorted(listing.etags.items()):
            known = by_href.get(href)
            if known is not None and etag and entries[known].etag == etag:
                continue  # as we last saw it
            fetched = self.fetch(href, known)
            if known is not None and (fetched is None or fetched[0] != known):
                self.server.pop(known, None)  # gone, or the href now holds another record
            if fetched is not None:
                self.server[fetched[0]] = fetched[1]

    def fetch(self, href: str, known: str | None) -> tuple[str, Remote] | None:
        """The object at `href`, read: its uid and what it holds; None when it is gone."""
        from zoneinfo import ZoneInfo

        from mentorlog.share.views import from_ics

        got = self.collection.get(href)
        if got is None:
            return None
        raw, etag = got
        hint = known or href.rsplit("/", 1)[-1].removesuffix(".ics")
        try:
            zone = self.now.tzinfo if isinstance(self.now.tzinfo, ZoneInfo) else None
            view = from_ics(raw, uid_hint=hint, zone=zone)
        except ShareFailed as exc:
            name = href.rsplit("/", 1)[-1]
            raise ShareFailed(
                f"{exc.message.rstrip('.')} (the object is {name} in {self.collection.url}); "
                "the journal is unchanged."
            ) from exc
        return str(view["uid"]), Remote(href, etag, view)

    # -- 2. merge ------------------------------------------------------------------------

    def merge(self) -> None:
        """Merge every uid; apply to the journal what the merge takes from their side."""
        self.ours = self.shared()
        uids = self.state.entries.keys() | self.ours.keys() | self.server.keys()
        for uid in sorted(uids):
            self.merged[uid] = self.merge_one(uid)
        self.ours = self.shared()

    def merge_one(self, uid: str) -> View | None:
        from mentorlog.share.apply import apply_theirs
        from mentorlog.share.merge import merge_views
        from mentorlog.share.shape import FOREIGN, same

        entry = self.state.entries.get(uid)
        base = entry.base if entry is not None else None
        remote = self.server.get(uid)
        theirs = remote.view if remote is not None else None
        ours = self.ours.get(uid)
        if theirs is not None and theirs.get("kind") == FOREIGN:
            return theirs  # not ours to change: left on the server as it is
        if base is None and ours is None and theirs is not None and self.in_journal(uid):
            # The uid of a record this share never held (private, about someone else,
            # deleted here): not something new from the other side, and never a way to
            # change that record from the calendar.
            return theirs
        if same(ours, theirs):
            return ours
        merged = merge_views(base, ours, theirs)
        view = merged.view
        self.outcome.conflicts += merged.conflicts
        if not same(view, ours):
            said = apply_theirs(self.journal, self.handle, base, view, now=self.now, me=self.me)
            self.outcome.received += 1
            self.outcome.messages += said
        return view

    # -- 3. upload -----------------------------------------------------------------------

    def upload(self) -> None:
        """Make the server hold what the journal shares; the new bases into the state."""
        entries: dict[str, state_mod.Entry] = {}
        for uid in sorted(self.merged.keys() | self.ours.keys()):
            entry = self.settle(uid)
            if entry is not None:
                entries[uid] = entry
        self.state.entries = entries

    def settle(self, uid: str) -> state_mod.Entry | None:
        """Bring one uid's object on the server in line with the journal; its entry for
        the state (None: nothing on the server)."""
        for _ in range(TRIES):
            try:
                return self.write(uid)
            except dav.Changed:
                self.refetch(uid)
        raise ShareFailed(
            f"A shared object on {self.collection.url} kept changing while we wrote it (412 "
            f"{TRIES} times running); run `mentorlog share sync` again; the journal is "
            "unchanged."
        )

    def write(self, uid: str) -> state_mod.Entry | None:
        from mentorlog.share.shape import same
        from mentorlog.share.views import to_ics

        want = self.ours.get(uid)
        remote = self.server.get(uid)
        if want is None:
            if remote is None:
                return None
            if self.merged.get(uid) is not None:
                if not self.in_journal(uid):
                    # A foreign object, or one the journal refused: it stays on the
                    # calendar, forgotten until it changes there, never deleted by us.
                    return None
                # A record the journal no longer shares (a talking point ticked done, a
                # note made private): agreed as it is now, so the next round deletes it.
                return state_mod.Entry(remote.href, remote.etag, remote.view or {})
            self.collection.delete(remote.href, etag=remote.etag or None)
            self.outcome.deleted += 1
            return None
        if remote is not None and same(remote.view, want):
            return state_mod.Entry(remote.href, remote.etag, want)
        href = remote.href if remote is not None else dav.href_for(self.collection.path, uid)
        etag = self.collection.put(href, to_ics(want), etag=remote.etag if remote else None)
        self.outcome.sent += 1
        return state_mod.Entry(href, etag, want)

    def in_journal(self, uid: str) -> bool:
        """Whether the journal holds a record with `uid`, or a deletion of one."""
        if uid in self.journal.tombstoned():
            return True
        tables = self.journal.tables()
        return any(r.get("uid") == uid for t in tables for r in self.journal.all(t))

    def refetch(self, uid: str) -> None:
        """Someone changed `uid` on the server since we read it: read it, merge again."""
        remote = self.server.get(uid)
        href = remote.href if remote is not None else dav.href_for(self.collection.path, uid)
        fetched = self.fetch(href, uid)
        if fetched is None:
            self.server.pop(uid, None)
        else:
            self.server[uid] = fetched[1]
        self.merged[uid] = self.merge_one(uid)
        self.ours = self.shared()
