"""Journals of realistic shape for the benchmarks, written straight in the store's format.

`build(n)` returns a journal of exactly `n` records as the store keeps it: each table a
{"id": record} dict, and `_meta` with the schema and the id counters. The mix, per size:

    people 1% (at least 3, at most 50), goals 15% (with progress history), meetings 10%
    (half of them recurring weekly or every two weeks, some with cancelled and held
    occurrences; one series still running per person, the others ended), action items
    30%, talking points 15%, feedback 10%, milestones 5%, and notes what is left, about
    14% (a fifth of them private). 10,000 records hold 1,000 meetings.

Records are spread over the two years before `NOW` (twenty for 100,000 records: see
`history`), with some meetings and due dates ahead of it. Old goals were mostly finished or
dropped, old action items mostly done. Everything is drawn from a seeded generator, so one
size always gives the same journal. Its tables are the registry's (`mentorlog.kinds`);
beyond that it needs only the standard library (orjson, where this Python has it, writes
it faster).

    python benchmarks/journal_gen.py 1000 /tmp/bench-home     # writes journal.json there
    python benchmarks/journal_gen.py 1000 /tmp/goals --goals-only   # 1,000 active goals

`build_goals(n)` is the journal of `goal list` on equal work with `task list` (run.py
--peers): `n` active goals, shared with a few people, and nothing else.
"""

from __future__ import annotations

import json
import random
import sys
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import journal_words as words

from mentorlog.kinds import KINDS

Record = dict[str, Any]

# The store's schema these records follow (3; since 2 every goal history entry names its event,
# notes say `private` as a boolean, id counters run past the highest ids). run.py asks the
# mentorlog it measures for its own, so that no journal is migrated on every command.
SCHEMA = 3
APP_VERSION = "0.1.0"
USER_TZ = "Europe/Berlin"
# The benchmarks run with MENTORLOG_NOW set to this instant (a Saturday).
NOW = datetime(2026, 11, 21, 11, 15, tzinfo=ZoneInfo(USER_TZ))
# Two years of history, and longer beyond 10,000 records, so that a week holds as much as
# a busy mentor's week does (about a hundred records) at every size: a journal of 100,000
# records is twenty years of it, not a thousand records a week.
HISTORY = timedelta(days=730)
DENSE = 10_000


def history(n: int) -> timedelta:
    """How far back a journal of `n` records goes."""
    return HISTORY * max(1.0, n / DENSE)


AHEAD = timedelta(days=90)
TABLES = tuple(kind.table for kind in KINDS)
# Shares of all the records; the notes take what is left after the people.
SHARES = {
    "goals": 0.15,
    "meetings": 0.10,
    "actions": 0.30,
    "topics": 0.15,
    "feedback": 0.10,
    "milestones": 0.05,
    "notes": 0.15,
}
# The word `benchmarks/run.py` searches for; it appears in a few percent of the records.
SEARCH_WORD = "talk"


class _Maker:
    """Builds the records of one journal from one seeded generator."""

    def __init__(self, n: int, seed: int) -> None:
        self.rng = random.Random(seed * 1_000_003 + n)
        self.n = n
        self.user_zone = ZoneInfo(USER_TZ)
        self.start = NOW - history(n)
        self.handles: list[str] = []
        self.zones: dict[str, str] = {}

    # -- helpers -------------------------------------------------------------------------

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def moment(self, low: datetime | None = None, high: datetime | None = None) -> datetime:
        """A random instant in [low, high] (default: the journal's history), in the user's
        zone, to the second."""
        low = low or self.start
        high = high or NOW
        span = max(0, int((high - low).total_seconds()))
        instant = low.astimezone(UTC) + timedelta(seconds=self.rng.randint(0, span))
        return instant.astimezone(self.user_zone).replace(microsecond=0)

    @staticmethod
    def stamp(moment: datetime) -> str:
        return moment.isoformat(timespec="seconds")

    def stamps(self, created: datetime, updated: datetime | None = None) -> Record:
        return {
            "uid": self.uid(),
            "created": self.stamp(created),
            "updated": self.stamp(updated or created),
        }

    def handle(self) -> str:
        return self.rng.choice(self.handles)

    def maybe_handle(self, chance: float) -> str | None:
        return self.handle() if self.rng.random() < chance else None

    def tags(self, most: int) -> list[str]:
        return self.rng.sample(words.TAGS, self.rng.randint(0, most))

    def sentence(self) -> str:
        return f"{self.rng.choice(words.VERBS)} {self.rng.choice(words.THINGS)}"

    # -- tables --------------------------------------------------------------------------

    def people(self, count: int) -> Iterator[Record]:
        for index in range(count):
            first = words.FIRST[index % len(words.FIRST)]
            handle = (
                first if index < len(words.FIRST) else f"{first}{index // len(words.FIRST) + 1}"
            )
            zone = self.rng.choice(words.ZONES)
            self.handles.append(handle)
            self.zones[handle] = zone
            created = self.moment(high=self.start + timedelta(days=60))
            yield {
                "handle": handle,
                "name": f"{first.capitalize()} {self.rng.choice(words.LAST)}",
                "role": self.rng.choice(("mentor", "mentee", "mentee", "peer")),
                "tz": zone,
                "email": f"{handle}@example.org" if self.rng.random() < 0.7 else None,
                "channel": self.rng.choice(("video", "call", "chat", "in-person", None)),
                "cadence": self.rng.choice(words.CADENCES),
                "hours": self.rng.choice(("09:00-17:00", "08:00-16:00", "10:00-18:30")),
                "days": ["mon", "tue", "wed", "thu", "fri"],
                "expectations": "Every two weeks on video; async questions welcome."
                if self.rng.random() < 0.5
                else None,
                "tags": self.tags(1),
                "archived": self.rng.random() < 0.1,
                **self.stamps(created),
            }

    def goals(self, count: int, *, active: bool = False) -> Iterator[Record]:
        for _ in range(count):
            created = self.moment()
            odds = (0.05, 0.65, 0.3) if created < NOW - timedelta(days=365) else (0.6, 0.3, 0.1)
            status = self.rng.choices(("active", "done", "dropped"), odds)[0]
            status = "active" if active else status
            history: list[Record] = []
            progress = 0
            at = created
            for _ in range(self.rng.randint(0, 5)):
                at = self.moment(at, min(NOW, at + timedelta(days=60)))
                progress = min(100, progress + self.rng.randint(5, 30))
                note = self.rng.choice((None, "Outline accepted", "First draft done", None))
                history.append({"at": self.stamp(at), "progress": progress, "note": note,
                                "event": "progress"})  # fmt: skip
            completed = None
            if status != "active":
                at = self.moment(at, min(NOW, at + timedelta(days=60)))
                completed = self.stamp(at)
                progress = 100 if status == "done" else progress
                history.append({"at": completed, "progress": progress, "note": None,
                                "event": status})  # fmt: skip
            due = (created + timedelta(days=self.rng.randint(14, 240))).date()
            yield {
                "title": self.rng.choice(words.GOALS),
                "why": "It is the next step towards the role I want."
                if self.rng.random() < 0.4
                else None,
                "status": status,
                "progress": progress,
                "due": due.isoformat() if self.rng.random() < 0.7 else None,
                "person": self.maybe_handle(0.8),
                "tags": self.tags(2),
                "history": history,
                "completed": completed,
                **self.stamps(created, at),
            }

    def meetings(self, count: int) -> Iterator[Record]:
        recurring = count // 2
        # A series still running with each person, at most: the others ended.
        running = min(recurring, len(self.handles))
        for index in range(count):
            who = self.handles[index % len(self.handles)] if index < running else self.handle()
            people = [who]
            if self.rng.random() < 0.1:
                people.append(self.handle())
            people = list(dict.fromkeys(people))
            zone_name = self.rng.choice((USER_TZ, self.zones[who]))
            if index < recurring:
                yield self.series(people, zone_name, running=index < running)
            else:
                yield self.one_off(people, zone_name)

    def _wall_start(self, low: datetime, high: datetime, zone_name: str) -> datetime:
        moment = self.moment(low, high).astimezone(ZoneInfo(zone_name))
        hour = self.rng.choice((8, 9, 10, 11, 14, 15, 16, 17))
        return moment.replace(hour=hour, minute=self.rng.choice((0, 30)), second=0, tzinfo=None)

    def _meeting(self, people: list[str], zone_name: str, start: datetime) -> Record:
        return {
            "title": f"Mentoring with {people[0].capitalize()}"
            if self.rng.random() < 0.7
            else f"{self.rng.choice(('Career', 'Talk prep', 'Code review'))} check-in",
            "people": people,
            "start": start.isoformat(timespec="seconds"),
            "tz": zone_name,
            "duration": self.rng.choice((30, 45, 45, 60)),
            "rrule": None,
            "exdates": [],
            "channel": self.rng.choice(("video", "call", None)),
            "link": "https://meet.example.org/abc-defg-hij" if self.rng.random() < 0.5 else None,
            "place": None,
            "status": "scheduled",
            "sequence": self.rng.choice((0, 0, 1, 2)),
            "notes": "Talked about the next steps." if self.rng.random() < 0.3 else None,
            "agenda": None,
            "agenda_for": None,
            "rating": None,
            "held": [],
            "overrides": [],
            "follows": None,
        }

    def series(self, people: list[str], zone_name: str, *, running: bool) -> Record:
        weeks = self.rng.choice((1, 2))
        if running:
            start = self._wall_start(self.start, NOW - timedelta(days=60), zone_name)
            total = None
        else:
            start = self._wall_start(self.start, NOW, zone_name)
            total = self.rng.randint(4, 26)
        record = self._meeting(people, zone_name, start)
        rule = "FREQ=WEEKLY" if weeks == 1 else "FREQ=WEEKLY;INTERVAL=2"
        if total is not None:
            if self.rng.random() < 0.5:
                rule += f";COUNT={total}"
            else:
                end = start + timedelta(weeks=weeks * (total - 1), hours=1)
                end_utc = end.replace(tzinfo=ZoneInfo(zone_name)).astimezone(UTC)
                rule += f";UNTIL={end_utc:%Y%m%dT%H%M%SZ}"
        record["rrule"] = rule
        # The occurrences so far (bounded, so a running series costs nothing here).
        zone = ZoneInfo(zone_name)
        walls: list[datetime] = []
        wall = start
        while (total is None or len(walls) < total) and wall.replace(tzinfo=zone) < NOW:
            walls.append(wall)
            wall += timedelta(weeks=weeks)
        if walls and self.rng.random() < 0.3:
            cancelled = self.rng.sample(walls, min(len(walls), self.rng.randint(1, 3)))
            record["exdates"] = [w.isoformat(timespec="seconds") for w in sorted(cancelled)]
        kept = [w for w in walls if w.isoformat(timespec="seconds") not in record["exdates"]]
        if kept and self.rng.random() < 0.6:
            for held in kept[-self.rng.randint(1, 8) :]:
                at = held.replace(tzinfo=zone) + timedelta(hours=self.rng.randint(1, 30))
                rating = self.rng.choice((None, 3, 4, 4, 5))
                record["held"].append({"start": held.isoformat(timespec="seconds"),
                                       "at": self.stamp(at.astimezone(self.user_zone)),
                                       "rating": rating})  # fmt: skip
                record["rating"] = rating or record["rating"]
        created = start.replace(tzinfo=zone) - timedelta(days=self.rng.randint(1, 10))
        record.update(self.stamps(created.astimezone(self.user_zone)))
        return record

    def one_off(self, people: list[str], zone_name: str) -> Record:
        start = self._wall_start(self.start, NOW + AHEAD, zone_name)
        record = self._meeting(people, zone_name, start)
        zone = ZoneInfo(zone_name)
        if start.replace(tzinfo=zone) < NOW:
            roll = self.rng.random()
            if roll < 0.6:
                record["status"] = "held"
                record["rating"] = self.rng.choice((None, 3, 4, 5))
            elif roll < 0.7:
                record["status"] = "cancelled"
        elif self.rng.random() < 0.05:
            record["status"] = "cancelled"
        created = start.replace(tzinfo=zone) - timedelta(days=self.rng.randint(1, 20))
        record.update(self.stamps(created.astimezone(self.user_zone)))
        return record

    def actions(self, count: int, meetings: int, goals: int) -> Iterator[Record]:
        for _ in range(count):
            created = self.moment()
            done = created < NOW - timedelta(days=21) and self.rng.random() < 0.98
            owner = "me" if self.rng.random() < 0.6 else self.handle()
            due = created + timedelta(days=self.rng.randint(2, 30))
            completed = self.moment(created, min(NOW, due + timedelta(days=5))) if done else None
            yield {
                "text": self.sentence(),
                "owner": owner,
                "due": due.date().isoformat() if self.rng.random() < 0.8 else None,
                "status": "done" if done else "open",
                "meeting": self.rng.randint(1, meetings)
                if meetings and self.rng.random() < 0.4
                else None,
                "goal": self.rng.randint(1, goals) if goals and self.rng.random() < 0.3 else None,
                "person": self.maybe_handle(0.7) if owner == "me" else owner,
                "completed": self.stamp(completed) if completed else None,
                **self.stamps(created, completed),
            }

    def topics(self, count: int) -> Iterator[Record]:
        for _ in range(count):
            created = self.moment()
            done = created < NOW - timedelta(days=14) and self.rng.random() < 0.85
            completed = self.moment(created) if done else None
            yield {
                "text": f"Ask about {self.rng.choice(words.THINGS)}",
                "person": self.handle(),
                "status": "done" if done else "open",
                "completed": self.stamp(completed) if completed else None,
                **self.stamps(created, completed),
            }

    def feedback(self, count: int, meetings: int, goals: int) -> Iterator[Record]:
        for _ in range(count):
            at = self.moment()
            yield {
                "text": self.rng.choice(words.SAYINGS),
                "direction": self.rng.choice(("given", "received")),
                "person": self.handle(),
                "meeting": self.rng.randint(1, meetings)
                if meetings and self.rng.random() < 0.3
                else None,
                "goal": self.rng.randint(1, goals) if goals and self.rng.random() < 0.2 else None,
                "rating": self.rng.choice((None, None, 3, 4, 5)),
                "tags": self.tags(2),
                "at": self.stamp(at),
                **self.stamps(at),
            }

    def milestones(self, count: int, goals: int) -> Iterator[Record]:
        for _ in range(count):
            at = self.moment()
            goal = self.rng.randint(1, goals) if goals and self.rng.random() < 0.5 else None
            yield {
                "title": f"{self.rng.choice(('Gave', 'Shipped', 'Finished', 'Published'))} "
                f"{self.rng.choice(words.THINGS)}",
                "goal": goal,
                "person": self.maybe_handle(0.6),
                "on": at.date().isoformat(),
                "note": "Celebrated with the team." if self.rng.random() < 0.3 else None,
                "source": "goal done" if goal and self.rng.random() < 0.3 else None,
                **self.stamps(at),
            }

    def notes(self, count: int) -> Iterator[Record]:
        for _ in range(count):
            at = self.moment()
            reflection = self.rng.random() < 0.2
            lines = self.rng.sample(words.NOTES, self.rng.randint(1, 3))
            yield {
                "text": "\n".join(lines),
                "people": [h for h in [self.maybe_handle(0.6)] if h],
                "tags": self.tags(2),
                "private": self.rng.random() < 0.2,
                "prompt": self.rng.choice(words.PROMPTS) if reflection else None,
                "at": self.stamp(at),
                **self.stamps(at),
            }


def counts(n: int) -> dict[str, int]:
    """How many records of each table a journal of `n` records holds: each table its share
    of `n` (so 10,000 records hold 1,000 meetings), and the notes what the people leave."""
    if n < 10:
        raise ValueError("a benchmark journal needs at least 10 records")
    sizes = {"people": max(3, min(50, round(n * 0.01)))}
    sizes.update({name: int(n * share) for name, share in SHARES.items() if name != "notes"})
    sizes["notes"] = n - sum(sizes.values())
    return sizes


def build(n: int, *, seed: int = 1, schema: int = SCHEMA) -> dict[str, Any]:
    """A journal of exactly `n` records, as the store keeps it in `journal.json`."""
    sizes = counts(n)
    maker = _Maker(n, seed)
    makers: dict[str, Callable[[int], Iterator[Record]]] = {
        "people": maker.people,
        "goals": maker.goals,
        "meetings": maker.meetings,
        "actions": lambda k: maker.actions(k, sizes["meetings"], sizes["goals"]),
        "topics": maker.topics,
        "feedback": lambda k: maker.feedback(k, sizes["meetings"], sizes["goals"]),
        "milestones": lambda k: maker.milestones(k, sizes["goals"]),
        "notes": maker.notes,
    }
    # Every kind of the registry, in its order (a kind without a maker fails here).
    made = {table: list(makers[table](sizes[table])) for table in TABLES}
    journal: dict[str, Any] = {
        "_meta": {
            "1": {
                "app": "mentorlog",
                "schema": schema,
                "next_ids": {name: len(made[name]) + 1 for name in TABLES},
                "app_version": APP_VERSION,
            }
        }
    }
    for name in TABLES:
        journal[name] = {str(index): record for index, record in enumerate(made[name], 1)}
    return journal


def build_goals(n: int, *, seed: int = 1, schema: int = SCHEMA) -> dict[str, Any]:
    """A journal of `n` active goals (and a few people they are shared with), nothing else:
    `goal list` prints one row per goal, as `task list` prints one per pending task, so the
    two do equal work (run.py --peers)."""
    maker = _Maker(n, seed)
    people = list(maker.people(counts(max(10, n))["people"]))
    goals = list(maker.goals(n, active=True))
    made = {table: [] for table in TABLES} | {"people": people, "goals": goals}
    journal: dict[str, Any] = {
        "_meta": {
            "1": {
                "app": "mentorlog",
                "schema": schema,
                "next_ids": {name: len(made[name]) + 1 for name in TABLES},
                "app_version": APP_VERSION,
            }
        }
    }
    for name in TABLES:
        journal[name] = {str(index): record for index, record in enumerate(made[name], 1)}
    return journal


def write(
    home: Path, n: int, *, seed: int = 1, schema: int = SCHEMA, goals_only: bool = False
) -> Path:
    """Write a journal of `n` records as `home/journal.json` (home made 0700); its path.
    With `goals_only`, `n` active goals and a few people instead (`build_goals`)."""
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = home / "journal.json"
    journal = (build_goals if goals_only else build)(n, seed=seed, schema=schema)
    try:  # the store's own codec, when this Python has it: 100,000 records in 0.2 s, not 2
        import orjson

        payload = orjson.dumps(journal, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    except ImportError:
        payload = (json.dumps(journal, indent=2, ensure_ascii=False) + "\n").encode()
    path.write_bytes(payload)
    path.chmod(0o600)
    return path


def main(argv: list[str]) -> int:
    schema = SCHEMA
    goals_only = "--goals-only" in argv
    argv = [arg for arg in argv if arg != "--goals-only"]
    if len(argv) == 4 and argv[2] == "--schema" and argv[3].isdigit():
        schema, argv = int(argv[3]), argv[:2]
    if len(argv) != 2 or not argv[0].isdigit():
        print(
            "usage: python benchmarks/journal_gen.py N HOME [--schema N] [--goals-only]",
            file=sys.stderr,
        )
        return 2
    path = write(Path(argv[1]), int(argv[0]), schema=schema, goals_only=goals_only)
    print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
