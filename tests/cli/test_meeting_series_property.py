"""Property: whatever series and whatever edit, `meeting edit` leaves every occurrence before
the edit point as it was (time, status, rating), and `export ics` read by
recurring-ical-events gives the instants `meeting list` gives. Through the CLI, each example
in a fresh home."""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import NOW, cli_environment
from inprocess import invoke
from profiles import examples

TODAY = date(2026, 11, 21)
WINDOW = ("--from", "2026-08-01", "--to", "2027-08-31")
RULES = ["weekly", "daily", "monthly", "FREQ=WEEKLY;INTERVAL=2", "FREQ=WEEKLY;BYDAY=MO,TH"]
EDITS: list[tuple[str, ...]] = [
    ("--at", "10:30"),
    ("--at", "thu 08:00"),
    ("--duration", "1h"),
    ("--title", "Renamed"),
    ("--every", "weekly"),
    ("--every", "none"),
    ("--tz", "America/New_York"),
    ("--with", "bo"),
    ("--count", "12"),
    ("--until", "2027-03-01"),
]


class Home:
    """The CLI in one fresh home."""

    def __init__(self, path: Path) -> None:
        self.env = cli_environment(path)
        self.env["MENTORLOG_NOW"] = NOW

    def __call__(self, *args: str) -> Any:
        return invoke(args, env=self.env)

    def ok(self, *args: str) -> Any:
        result = self(*args)
        assert result.exit_code == 0, (args, result.stdout, result.stderr)
        return result

    def listed(self) -> list[dict[str, Any]]:
        return list(json.loads(self.ok("meeting", "list", *WINDOW, "--json").stdout))

    def journal(self) -> bytes:
        return (Path(str(self.env["MENTORLOG_HOME"])) / "journal.json").read_bytes()


@st.composite
def series(draw: st.DrawFn) -> dict[str, Any]:
    start = TODAY - timedelta(days=draw(st.integers(1, 70)))
    limit = draw(st.sampled_from([(), ("--count", "COUNT"), ("--until", "UNTIL")]))
    if limit and limit[1] == "COUNT":
        limit = ("--count", str(draw(st.integers(2, 15))))
    elif limit:
        # An end on or after the first occurrence of every rule here (`meeting add` refuses
        # an end before it), which may fall before today or after.
        limit = ("--until", str(start + timedelta(days=draw(st.integers(7, 190)))))
    return {
        "at": f"{start} {draw(st.sampled_from(['09:00', '17:30', '23:30', '02:30']))}",
        "every": draw(st.sampled_from(RULES)),
        "limit": limit,
        "marks": draw(st.lists(st.tuples(st.integers(0, 30), st.sampled_from([0, 1, 4, 5])))),
        "split": draw(st.none() | st.integers(0, 40)),
        "edit": draw(st.sampled_from(EDITS)),
    }


def key(o: dict[str, Any]) -> tuple[Any, ...]:
    return (o["start_utc"], o["end_utc"], o["status"], o["rating"], o["title"])


def ics_instants(data: str, low: datetime, high: datetime) -> list[tuple[str, str]]:
    import icalendar
    import recurring_ical_events

    calendar = icalendar.Calendar.from_ical(data.encode("utf-8"))
    # Each end is the start plus the exact length its event gives (DURATION, or DTEND -
    # DTSTART as instants), as RFC 5545 3.3.6 says; recurring-ical-events adds it on the wall
    # clock, which differs for an occurrence that straddles a change of offset (a series at
    # the repeated 02:30 of the autumn change, say).
    lengths = {}
    for component in calendar.events:
        rid = component.get("RECURRENCE-ID")
        ident = (str(component["UID"]), rid.dt.isoformat() if rid is not None else None)
        if "DURATION" in component:
            lengths[ident] = component["DURATION"].dt
        else:
            begin, finish = component["DTSTART"].dt, component["DTEND"].dt
            lengths[ident] = finish.astimezone(UTC) - begin.astimezone(UTC)
    found = []
    for event in recurring_ical_events.of(calendar).between(low - timedelta(days=1), high):
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue  # a cancelled one-off is exported as such; `listed` leaves it out too
        start = event["DTSTART"].dt.astimezone(UTC)  # aware + timedelta is wall arithmetic
        rid = event.get("RECURRENCE-ID")
        uid = str(event["UID"])
        moved = (uid, rid.dt.isoformat()) if rid is not None else None
        end = start + lengths.get(moved or ("", None), lengths[(uid, None)])
        if low <= start.astimezone(UTC) < high:
            found.append((start.astimezone(UTC).isoformat(), end.astimezone(UTC).isoformat()))
    return sorted(found)


@settings(
    max_examples=examples(20),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(case=series())
# A cancelled occurrence that becomes a one-off of its own (exported STATUS:CANCELLED).
@example(
    case={
        "at": "2026-11-20 09:00", "every": "daily", "limit": (), "marks": [(1, 4)],
        "split": 1, "edit": ("--every", "none"),
    }
)  # fmt: skip
# A new rule that makes the stored start (a Friday, no Monday or Thursday) an occurrence.
@example(
    case={
        "at": "2026-11-20 09:00", "every": "FREQ=WEEKLY;BYDAY=MO,TH", "limit": (), "marks": [],
        "split": None, "edit": ("--every", "weekly"),
    }
)  # fmt: skip
# A rule whose stored start (a Friday) is no occurrence of it, made a one-off.
@example(
    case={
        "at": "2026-11-20 09:00", "every": "FREQ=WEEKLY;BYDAY=MO,TH", "limit": (), "marks": [],
        "split": None, "edit": ("--every", "none"),
    }
)  # fmt: skip
# Nothing before the first upcoming occurrence, which the edit moves earlier on its day.
@example(
    case={
        "at": "2026-11-20 17:30", "every": "FREQ=WEEKLY;BYDAY=MO,TH", "limit": (), "marks": [],
        "split": None, "edit": ("--at", "10:30"),
    }
)  # fmt: skip
def test_an_edit_never_changes_what_came_before(case: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        home = Home(Path(tmp) / "home")
        home.ok("person", "add", "alice", "--name", "Alice", "--role", "mentor", "--tz",
                "Europe/Berlin")  # fmt: skip
        home.ok("person", "add", "bo", "--name", "Bo", "--role", "mentee", "--tz", "Asia/Tokyo")
        home.ok("meeting", "add", "--with", "alice", "--at", case["at"], "--tz", "Europe/Berlin",
                "--every", case["every"], *case["limit"])  # fmt: skip
        _mark(home, case["marks"])
        everything = [o for o in home.listed() if o["meeting"] == 1]
        edit = ["meeting", "edit", "1", *case["edit"]]
        split_at = None
        if case["split"] is not None and everything:
            chosen = everything[case["split"] % len(everything)]
            split_at = chosen["start_utc"]
            edit += ["--from", chosen["start"][:16].replace("T", " ")]
        else:
            upcoming = [o for o in everything if o["start_utc"] >= _now_utc()]
            split_at = upcoming[0]["start_utc"] if upcoming else None
        before = home.journal()
        result = home(*edit)
        if result.exit_code != 0:  # refused (a mark would be lost, a count used up...)
            assert result.exit_code in (2, 4), result.stderr
            assert home.journal() == before
            return
        after = home.listed()
        if split_at is not None:
            # Meeting 1 keeps what came before; what continues it comes after all of that
            # (the first changed occurrence may move earlier on its day: an edit of it).
            # (The day of the first changed occurrence is left out of the comparison: with
            # nothing before it, meeting 1 is edited in place and it may move earlier on it.)
            split_day = next(o["start"][:10] for o in everything if o["start_utc"] == split_at)
            kept = [key(o) for o in everything if o["start_utc"] < split_at]
            assert [
                key(o)
                for o in after
                if o["meeting"] == 1 and o["start_utc"] < split_at and o["start"][:10] != split_day
            ] == [
                key(o)
                for o in everything
                if o["start_utc"] < split_at and o["start"][:10] != split_day
            ]
            later = [o["start_utc"] for o in after if o["meeting"] != 1]
            assert not kept or not later or min(later) > kept[-1][0]
        low, high = datetime(2026, 8, 1, tzinfo=UTC), datetime(2027, 8, 1, tzinfo=UTC)
        listed = sorted(
            (o["start_utc"], o["end_utc"])
            for o in after
            if o["status"] != "cancelled" and low.isoformat() <= o["start_utc"] < high.isoformat()
        )
        assert ics_instants(home.ok("export", "ics").stdout, low, high) == listed


def _mark(home: Home, marks: list[tuple[int, int]]) -> None:
    """Mark past occurrences held (rated 1-5, or unrated for 0) or cancelled (4 = cancel)."""
    past = [o for o in home.listed() if o["start_utc"] < _now_utc()]
    for index, kind in marks:
        if not past:
            return
        chosen = past[index % len(past)]
        when = chosen["start"][:16].replace("T", " ")
        if kind == 4:
            home("meeting", "cancel", "1", "--occurrence", when)
        else:
            rating = ("--rating", str(kind)) if kind else ()
            home("meeting", "done", "1", "--occurrence", when, *rating)


def _now_utc() -> str:
    return datetime.fromisoformat(NOW).astimezone(ZoneInfo("UTC")).isoformat()
