"""The snapshots in `backups/`: their names, how one is taken, and which are kept.

Only the store uses this module (it holds no journal logic and never parses a journal).

Every change keeps the journal it replaces as a snapshot: a hard link to the old file, made
just before the new one is renamed over it, so it costs no copy and the old bytes stay
exactly as they were. A snapshot is named after the moment of the change that replaced it,
in UTC, with a serial when several changes share a second:

    journal-20261121T101500Z-000.json    the journal as it was before the change at 10:15:00
    journal-20261121T101500Z-002.json    ... before the third change in that second
    journal-20261121T101500Z-000-before-migration-to-2.json   the file an upgrade replaced

Listed by name (`ls`), they run oldest to newest. Names written by earlier releases
(`journal-20261121T101500Z.json`, `journal-20261121T101500Z-2.json`,
`journal-20261121T101500.123456789Z.json`) are read too.

Kept: the newest 30 snapshots, the newest of each of the last 30 days (UTC), the one the
current journal's `undo` needs, and every before-migration snapshot. The rest are pruned
after each change; files in the folder that are not snapshots are never touched. "Newest"
is the order the changes were made in, which the journal's chain of `_meta.previous` gives
(the caller passes it when a clock went back: names then no longer sort in that order);
the time in a name counts only for the daily tier.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from mentorlog.errors import StorageFailed
from mentorlog.store.files import fsync_dir

KEEP_RECENT = 30
KEEP_DAYS = 30
MIGRATION_LABEL = "before-migration-to-"
_NAME = re.compile(
    r"journal-(?P<stamp>\d{8}T\d{6})(?:\.(?P<nanos>\d{9}))?Z(?:-(?P<serial>\d+))?"
    rf"(?:-(?P<label>{MIGRATION_LABEL}\d+))?\.json"
)


@dataclass(frozen=True, order=True)
class Snapshot:
    """One snapshot file; ordered oldest first by when it was taken."""

    taken: datetime  # UTC: when the change that replaced this journal was made
    nanos: int
    serial: int
    name: str
    label: str | None = None

    @property
    def migration(self) -> bool:
        """Whether it is the file a schema upgrade replaced (kept until deleted by hand)."""
        return self.label is not None and self.label.startswith(MIGRATION_LABEL)

    @property
    def day(self) -> date:
        return self.taken.date()


def parse_name(name: str) -> Snapshot | None:
    """The snapshot a file name denotes, or None when it is not a snapshot's name."""
    match = _NAME.fullmatch(name)
    if match is None:
        return None
    stamp = match["stamp"]
    if not stamp.isascii():  # mentorlog writes ASCII digits: other scripts' are not ours
        return None
    try:
        # What strptime("%Y%m%dT%H%M%S") reads, without importing _strptime (1 ms of
        # every change, which lists the snapshots to prune them).
        taken = datetime(
            int(stamp[0:4]), int(stamp[4:6]), int(stamp[6:8]),
            int(stamp[9:11]), int(stamp[11:13]), int(stamp[13:15]), tzinfo=UTC,
        )  # fmt: skip
    except ValueError:
        return None
    return Snapshot(
        taken=taken,
        nanos=int(match["nanos"] or 0),
        serial=int(match["serial"] or 0),
        name=name,
        label=match["label"],
    )


def snapshots(folder: Path) -> list[Snapshot]:
    """Every snapshot in `folder`, newest first (none when the folder does not exist)."""
    try:
        names = [entry.name for entry in os.scandir(folder) if entry.is_file()]
    except OSError:
        return []
    found = (parse_name(name) for name in names)
    return sorted((s for s in found if s is not None), reverse=True)


def new_name(folder: Path, at: datetime, *, label: str | None = None) -> str:
    """A free name for a snapshot taken by a change made at `at`."""
    second = at.astimezone(UTC).replace(microsecond=0)
    stamp = second.strftime("%Y%m%dT%H%M%S")
    suffix = f"-{label}" if label else ""
    # After the newest of that second, never in a gap left by pruning: names sort in the
    # order the changes were made, even when a clock stands still.
    used = [s.serial for s in snapshots(folder) if s.taken == second and not s.nanos]
    serial = max(used) + 1 if used else 0
    # Always a serial, of three digits: `ls` then lists the snapshots oldest first, the
    # newest last ("Z.json" sorted after "Z-1.json", and "-10" before "-2").
    return f"journal-{stamp}Z-{serial:03d}{suffix}.json"


def take(journal: Path, folder: Path, name: str) -> None:
    """Keep the current `journal` as the snapshot `name`: a hard link, else a copy.

    The folder is fsynced, so that the snapshot is on disk before the journal that names it
    replaces the old one.
    """
    if not folder.is_dir() and (folder.exists() or folder.is_symlink()):
        raise StorageFailed(
            f"Cannot keep a snapshot of the journal: {folder} is a file, not a folder; move it "
            "away and try again. Nothing was changed."
        )
    folder.mkdir(mode=0o700, exist_ok=True)
    target = folder / name
    try:
        os.link(journal, target)
    except FileExistsError:
        raise
    except OSError:
        shutil.copy2(journal, target)  # a file system without hard links
    fsync_dir(folder)


def prune(
    folder: Path, *, now: datetime, keep: Iterable[str] = (), order: Sequence[str] = ()
) -> list[str]:
    """Delete the snapshots that retention no longer keeps; returns the names deleted.
    `order`: snapshot names, newest change first (see `retained`)."""
    wanted = set(keep)
    found = snapshots(folder)
    kept = retained(found, now=now, keep=wanted, order=order)
    doomed = [s for s in found if s.name not in kept]
    doomed += _duplicates(folder, [s for s in found if s not in doomed], keep=wanted)
    deleted = []
    for snapshot in doomed:
        with contextlib.suppress(OSError):
            (folder / snapshot.name).unlink()
            deleted.append(snapshot.name)
    return deleted


def in_change_order(found: Iterable[Snapshot], order: Sequence[str] = ()) -> list[Snapshot]:
    """`found`, newest change first: those `order` names (newest first, as the journal's
    chain of changes gives them) in that order, then the rest newest name first."""
    by_name = {s.name: s for s in found}
    first = [by_name[name] for name in dict.fromkeys(order) if name in by_name]
    named = {s.name for s in first}
    return first + sorted((s for s in by_name.values() if s.name not in named), reverse=True)


def retained(
    found: Iterable[Snapshot],
    *,
    now: datetime,
    keep: Iterable[str] = (),
    order: Sequence[str] = (),
) -> set[str]:
    """The names retention keeps among `found`: the newest KEEP_RECENT changes, the newest of
    each of the last KEEP_DAYS days up to `now` (UTC), every migration snapshot, and `keep`.

    Newest by the order of the changes: `order` (newest first) where given, then the time in
    the names. A clock that went back makes a name sort before those of earlier changes;
    only the daily tier goes by time."""
    ordered = in_change_order(found, order)
    kept = {s.name for s in ordered[:KEEP_RECENT]}
    kept |= {s.name for s in ordered if s.migration}
    names = {s.name for s in ordered}
    kept |= {name for name in keep if name in names}
    today = now.astimezone(UTC).date()
    first_day = today - timedelta(days=KEEP_DAYS - 1)
    newest_of_day: dict[date, str] = {}
    for snapshot in ordered:  # newest first: the first seen of a day is its newest
        if first_day <= snapshot.day <= today:
            newest_of_day.setdefault(snapshot.day, snapshot.name)
    return kept | set(newest_of_day.values())


def _duplicates(folder: Path, found: list[Snapshot], *, keep: set[str]) -> list[Snapshot]:
    """Snapshots that are the same file as a newer one (left by a change killed between
    taking its snapshot and saving: the next change links the same journal again)."""
    by_file: dict[tuple[int, int], list[Snapshot]] = {}
    for snapshot in found:
        with contextlib.suppress(OSError):
            info = (folder / snapshot.name).stat()
            by_file.setdefault((info.st_dev, info.st_ino), []).append(snapshot)
    extra = []
    for same in by_file.values():
        if len(same) < 2:
            continue
        chosen = next((s for s in same if s.name in keep), max(same))
        extra += [s for s in same if s is not chosen and (chosen.migration or not s.migration)]
    return extra
