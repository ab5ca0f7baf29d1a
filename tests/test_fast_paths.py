"""Fast paths give exactly the answers of the libraries they stand in for.

`calendar.occurrences` works out FREQ=DAILY/WEEKLY (and MONTHLY/YEARLY on a day that every
month or year has), with INTERVAL, COUNT or UNTIL, without dateutil; every other rule still
goes to dateutil. These tests hold the fast path to dateutil's answers on the same naive
wall times, for every query the schedules make. Likewise a cadence in months is added by
hand, as dateutil's relativedelta adds it.

The plain version each test compares against: dateutil's rrule (rules, bounds, UNTIL as
`_plain_read_until`), relativedelta (months), `_the_plain_way` (the dashboard), rich's own
printing (laid-out text). The store's fast paths (its indexes) are held to the whole check
in tests/test_store_index.py.
"""

from __future__ import annotations

import functools
import io
import itertools
import json
import random
import subprocess
import sys
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from unittest.mock import patch
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrule, rrulestr
from hypothesis import given, reject
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Span, Text

from mentorlog import store
from mentorlog.calendar import occurrences as occ
from mentorlog.calendar.unmarked import over_unmarked
from mentorlog.errors import InvalidInput, NotFound
from mentorlog.model import Feedback, HeldOccurrence, Meeting, Milestone, Note, wall_text
from mentorlog.render import console as render_console
from mentorlog.services import status as status_service
from mentorlog.services.goals import list_goals
from mentorlog.services.meetings import list_meetings, next_meeting, occurrences_of
from mentorlog.services.people import list_people
from mentorlog.services.relationships import MeetingIndex, heartbeats_of, last_held, unmarked_of
from mentorlog.store import Journal
from mentorlog.timeparse import Period, get_zone
from mentorlog.timeparse.rules import read_until

BERLIN = ZoneInfo("Europe/Berlin")

starts = st.datetimes(min_value=datetime(1995, 1, 1), max_value=datetime(2045, 12, 31))
freqs = st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"])
intervals = st.integers(min_value=1, max_value=5)
limits = st.one_of(
    st.none(),
    st.integers(min_value=1, max_value=40).map(lambda n: ("COUNT", n)),
    st.datetimes(min_value=datetime(1994, 1, 1), max_value=datetime(2050, 1, 1)).map(
        lambda moment: ("UNTIL", moment)
    ),
)
# Query bounds near the start, so that dateutil's walk from the start stays short.
offsets = st.timedeltas(min_value=timedelta(days=-400), max_value=timedelta(days=2500))


def both(
    freq: str, interval: int, limit: tuple[str, object] | None, start: datetime
) -> tuple[occ._SteppedRule, rrule]:
    """The fast rule and dateutil's, built the way `_build_rule` builds each; a rule
    without a fast form (MONTHLY after the 28th, YEARLY on 29 Feb) is not an example."""
    parts = {"FREQ": freq}
    if interval != 1:
        parts["INTERVAL"] = str(interval)
    until = None
    if limit is not None and limit[0] == "COUNT":
        parts["COUNT"] = str(limit[1])
    elif limit is not None:
        assert isinstance(limit[1], datetime)
        until = limit[1]
    ours = occ._stepped_rule(dict(parts), start, until)
    if ours is None:
        reject()
    body = ";".join(f"{key}={value}" for key, value in parts.items())
    theirs = rrulestr(body, dtstart=start, cache=True)
    assert isinstance(theirs, rrule)
    if until is not None:
        theirs = theirs.replace(until=until)
    return ours, theirs


@given(starts, freqs, intervals, limits, offsets, offsets, st.booleans())
def test_between_is_dateutils(
    start: datetime,
    freq: str,
    interval: int,
    limit: tuple[str, object] | None,
    low: timedelta,
    span: timedelta,
    inc: bool,
) -> None:
    ours, theirs = both(freq, interval, limit, start)
    after, before = start + low, start + low + abs(span)
    assert ours.between(after, before, inc=inc) == theirs.between(after, before, inc=inc)


@given(starts, freqs, intervals, limits, offsets, st.booleans())
def test_xafter_is_dateutils(
    start: datetime,
    freq: str,
    interval: int,
    limit: tuple[str, object] | None,
    at: timedelta,
    inc: bool,
) -> None:
    ours, theirs = both(freq, interval, limit, start)
    moment = start + at
    assert list(itertools.islice(ours.xafter(moment, inc=inc), 6)) == list(
        itertools.islice(theirs.xafter(moment, inc=inc), 6)
    )
    assert list(ours.xafter(moment, count=3, inc=inc)) == list(
        theirs.xafter(moment, count=3, inc=inc)
    )


@given(starts, freqs, intervals)
def test_a_query_on_an_occurrence_itself(start: datetime, freq: str, interval: int) -> None:
    """Bounds that fall exactly on occurrences, where inc decides."""
    ours, theirs = both(freq, interval, ("COUNT", 10), start)
    walls = list(theirs)
    first, last = walls[2], walls[7]
    for inc in (True, False):
        assert ours.between(first, last, inc=inc) == theirs.between(first, last, inc=inc)
        assert list(ours.xafter(first, inc=inc)) == list(theirs.xafter(first, inc=inc))


def test_microseconds_of_the_start_are_dropped_as_dateutil_does() -> None:
    start = datetime(2026, 12, 1, 9, 0, 0, 123456)
    ours, theirs = both("WEEKLY", 1, ("COUNT", 3), start)
    expected = [datetime(2026, 12, 1, 9), datetime(2026, 12, 8, 9), datetime(2026, 12, 15, 9)]
    assert list(ours.xafter(start - timedelta(days=1))) == list(theirs) == expected


@pytest.mark.parametrize(("freq", "start"), [("YEARLY", datetime(9990, 3, 1, 9)),
                                             ("MONTHLY", datetime(9999, 6, 15, 9)),
                                             ("DAILY", datetime(9999, 12, 25, 9))])  # fmt: skip
def test_a_series_that_runs_into_the_year_9999_ends_there(freq: str, start: datetime) -> None:
    ours, theirs = both(freq, 1, None, start)
    assert list(ours.xafter(start, inc=True)) == list(theirs.xafter(start, inc=True))
    assert ours.between(start, datetime.max, inc=True) == list(theirs)


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=WEEKLY",
        "FREQ=WEEKLY;INTERVAL=2",
        "FREQ=DAILY;COUNT=5",
        "FREQ=WEEKLY;UNTIL=20270301T000000Z",
        "FREQ=MONTHLY",
        "FREQ=YEARLY;INTERVAL=2",
    ],
)
def test_the_rules_people_use_take_the_fast_path(rule: str) -> None:
    built, _ = occ._build_rule(rule, datetime(2026, 12, 1, 9), BERLIN)
    assert isinstance(built, occ._SteppedRule)


@pytest.mark.parametrize(
    ("rule", "start"),
    [
        ("FREQ=WEEKLY;BYDAY=TU,TH", datetime(2026, 12, 1, 9)),
        ("FREQ=MONTHLY;BYDAY=1TU", datetime(2026, 12, 1, 9)),
        ("FREQ=MONTHLY", datetime(2026, 1, 31, 9)),  # skips the short months
        ("FREQ=YEARLY", datetime(2028, 2, 29, 9)),  # leap days only
        ("FREQ=WEEKLY;WKST=SU;INTERVAL=2", datetime(2026, 12, 1, 9)),
        ("FREQ=WEEKLY;COUNT=0", datetime(2026, 12, 1, 9)),
        ("FREQ=HOURLY", datetime(2026, 12, 1, 9)),
    ],
)
def test_other_rules_go_to_dateutil(rule: str, start: datetime) -> None:
    built, _ = occ._build_rule(rule, start, BERLIN)
    assert isinstance(built, rrule)


@pytest.mark.slow
def test_expanding_a_weekly_meeting_does_not_import_dateutil() -> None:
    probe = (
        "import sys\n"
        "from datetime import datetime, UTC\n"
        "from mentorlog.model import Meeting\n"
        "from mentorlog.calendar import occurrences as o\n"
        "m = Meeting(title='x', people=[], start=datetime(2026, 12, 1, 9), tz='Europe/Berlin',\n"
        "            rrule='FREQ=WEEKLY;INTERVAL=2;UNTIL=20271201T000000Z', exdates=[])\n"
        "a, b = datetime(2026, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC)\n"
        "assert len(o.occurrences(m, a, b)) == 27, len(o.occurrences(m, a, b))\n"
        "assert o.next_occurrence(m, a) and o.previous_occurrence(m, b)\n"
        "assert 'dateutil' not in sys.modules, sorted(sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


# --- whole schedules: the same occurrences with and without the fast path --------------------

ZONES = ["America/New_York", "Europe/Berlin", "Australia/Sydney", "Asia/Kolkata", "UTC"]
RULES = [
    "FREQ=WEEKLY",
    "FREQ=WEEKLY;INTERVAL=2",
    "FREQ=DAILY;INTERVAL=3",
    "FREQ=MONTHLY",
    "FREQ=WEEKLY;COUNT=12",
    "FREQ=WEEKLY;UNTIL=20270315T080000Z",
    "FREQ=DAILY;UNTIL=20270330",
]
instants = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2028, 1, 1), timezones=st.just(UTC)
)


@st.composite
def meetings(draw: st.DrawFn) -> Meeting:
    # Starts at the hours where Berlin, New York and Sydney change their clocks included.
    start = draw(st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 6, 1)))
    start = start.replace(hour=draw(st.sampled_from([0, 1, 2, 3, 9, 23])), second=0, microsecond=0)
    start = start.replace(day=min(start.day, 28))
    rule = draw(st.sampled_from(RULES))
    skipped = draw(st.lists(st.integers(min_value=0, max_value=30), max_size=4))
    step = {"DAILY": timedelta(days=3), "MONTHLY": timedelta(days=31)}.get(
        rule.split(";")[0].removeprefix("FREQ="), timedelta(weeks=2 if "INTERVAL=2" in rule else 1)
    )
    return Meeting(
        title="1:1",
        people=["alice"],
        start=start,
        tz=draw(st.sampled_from(ZONES)),
        rrule=rule,
        exdates=[start + step * k for k in skipped if "MONTHLY" not in rule],
    )


@given(meetings(), instants)
def test_a_schedule_is_the_same_without_the_fast_path(m: Meeting, moment: datetime) -> None:
    def ask() -> tuple[object, ...]:
        occ._build_rule.cache_clear()
        return (
            occ.previous_occurrence(m, moment),
            occ.previous_occurrence(m, moment, include_cancelled=True),
            occ.next_occurrence(m, moment),
            occ.occurrences(m, moment - timedelta(days=40), moment + timedelta(days=40)),
        )

    fast = ask()
    with patch.object(occ, "_stepped_rule", return_value=None):
        slow = ask()
    occ._build_rule.cache_clear()
    assert fast == slow


# --- the calls nobody marked: told apart by their wall times, then built ----------------------


@given(
    meetings(),
    st.integers(min_value=-3 * 24 * 60, max_value=120 * 24 * 60),
    st.integers(min_value=1, max_value=60),
    st.sets(st.integers(min_value=0, max_value=12), max_size=6),
    st.sampled_from(["scheduled", "scheduled", "scheduled", "held", "cancelled"]),
    st.sampled_from([False, False, False, True]),
    st.integers(min_value=1, max_value=8 * 60),
)
def test_the_calls_nobody_marked_are_those_of_every_occurrence(
    m: Meeting,
    after: int,
    days: int,
    marked: set[int],
    status: str,
    one_off: bool,
    minutes: int,
) -> None:
    """calendar.unmarked.over_unmarked, which builds only the occurrences it keeps, against
    every occurrence of the window built and asked its status and end: series with held
    marks and exdates, one-offs, cancelled meetings, any length, any window."""
    moment = m.start.replace(tzinfo=UTC) + timedelta(minutes=after)
    start = moment - timedelta(days=days)
    low, high = start.replace(tzinfo=None) - timedelta(days=3), moment.replace(tzinfo=None)
    walls = occ.rule_walls(m, low, high)
    held = [HeldOccurrence(start=wall_text(w), at=None) for i, w in enumerate(walls) if i in marked]
    m = replace(
        m,
        held=held,
        duration=minutes,
        status=status,  # type: ignore[arg-type]
        rrule=None if one_off else m.rrule,
        exdates=[] if one_off else m.exdates,
    )
    plain = [
        o
        for o in occ.occurrences(m, start, moment)
        if o.status == "scheduled" and o.end_utc <= moment.astimezone(UTC)
    ]
    assert over_unmarked(m, start, moment) == plain


def test_a_call_that_ends_as_now_is_over() -> None:
    m = Meeting(
        title="1:1", people=["alice"], start=datetime(2026, 11, 2, 9), tz="Europe/Berlin",
        duration=30, rrule="FREQ=WEEKLY",
    )  # fmt: skip
    ends = datetime(2026, 11, 16, 8, 30, tzinfo=UTC)  # 09:00 Berlin, UTC+1, and 30 minutes
    since = ends - timedelta(days=30)
    keys = [o.key for o in over_unmarked(m, since, ends)]
    assert keys == ["2026-11-02T09:00:00", "2026-11-09T09:00:00", "2026-11-16T09:00:00"]
    assert len(over_unmarked(m, since, ends - timedelta(seconds=1))) == 2


# --- a cadence in months ------------------------------------------------------------------------


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2900, 12, 31)),
    st.integers(min_value=1, max_value=120),
)
def test_months_are_added_as_relativedelta_adds_them(day: date, months: int) -> None:
    period = Period(months, "m")
    assert period.after(day) == day + relativedelta(months=months)
    assert period.before(day) == day - relativedelta(months=months)


# --- the dashboard builds only the meetings its questions reach ---------------------------------

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _journal_gen() -> Any:
    sys.path.insert(0, str(BENCHMARKS))
    import journal_gen

    return journal_gen


def _the_plain_way(journal: Journal, now: datetime) -> tuple[Any, ...]:
    """What the dashboard said when it built every record: its meetings, heartbeats and
    streak, computed over all of them."""
    meetings = list_meetings(journal)
    people = list_people(journal)
    goals = list_goals(journal, status="all")
    milestones = [Milestone.from_record(r) for r in journal.all("milestones")]
    instants = [
        *(e.at for g in goals for e in g.history),
        *(Note.from_record(r).at for r in journal.all("notes")),
        *(Feedback.from_record(r).at for r in journal.all("feedback")),
    ]
    entries = [
        *(m.on for m in milestones),
        *(at.astimezone(now.tzinfo).date() for at in instants if at is not None),
    ]
    week = now + status_service.NEXT_MEETINGS
    return (
        [o.to_json() for o in occurrences_of(meetings, now, week) if not o.cancelled],
        heartbeats_of(meetings, people, now),
        status_service.streak(meetings, [d for d in entries if d is not None], now),
        status_service.streak(meetings, [], now),
        unmarked_of(meetings, now),
    )


def _the_short_way(journal: Journal, now: datetime) -> tuple[Any, ...]:
    state = status_service.build_status(journal, now=now)
    index = MeetingIndex(journal.all("meetings"))
    return (
        [o.to_json() for o in state.meetings],
        state.beats,  # the same occurrences, of the same meetings
        state.streak,
        status_service._streak(status_service._met(index), [], now),
        state.unmarked,
    )


@pytest.mark.parametrize(("n", "seed"), [(120, 1), (600, 2), (3_000, 3)])
def test_the_dashboard_says_what_it_said_over_every_meeting(
    n: int, seed: int, isolated_env: Path
) -> None:
    journal_gen = _journal_gen()
    isolated_env.mkdir(parents=True, exist_ok=True)
    (isolated_env / "journal.json").write_text(json.dumps(journal_gen.build(n, seed=seed)))
    rng = random.Random(seed)
    moments = [journal_gen.NOW, journal_gen.NOW - timedelta(days=200)]
    moments += [
        journal_gen.NOW + timedelta(hours=rng.randint(-24 * 800, 24 * 120)) for _ in range(6)
    ]
    with store.open_journal(isolated_env) as journal:
        for now in moments:
            assert _the_short_way(journal, now) == _the_plain_way(journal, now), now


@pytest.mark.parametrize(("n", "seed"), [(300, 4), (2_000, 6)])
def test_the_last_meeting_held_is_the_one_over_every_meeting(
    n: int, seed: int, isolated_env: Path
) -> None:
    """What the agenda starts "since last time" at: the last occurrence held, with any of
    some people, before a moment."""
    journal_gen = _journal_gen()
    isolated_env.mkdir(parents=True, exist_ok=True)
    (isolated_env / "journal.json").write_text(json.dumps(journal_gen.build(n, seed=seed)))
    rng = random.Random(seed)
    with store.open_journal(isolated_env) as journal:
        meetings = list_meetings(journal)
        handles = sorted({h for m in meetings for h in m.people})
        index = MeetingIndex(journal.all("meetings"))
        for _ in range(12):
            before = journal_gen.NOW + timedelta(hours=rng.randint(-24 * 700, 24 * 30))
            who = set(rng.sample(handles, rng.choice((1, 2))))
            found = [
                held
                for m in meetings
                if who & set(m.people) and (held := last_held(m, before)) is not None
            ]
            plain = max(found, key=lambda o: o.start_utc, default=None)
            short = index.last_held(who, before)
            assert (short.start_utc if short else None) == (plain.start_utc if plain else None)


@pytest.mark.parametrize(("n", "seed"), [(300, 7), (2_000, 8)])
def test_the_next_meeting_not_over_is_the_one_over_every_meeting(
    n: int, seed: int, isolated_env: Path
) -> None:
    """What the agenda plans for: the occurrence under way or next, of anyone's meetings or
    one person's; moments are drawn inside meetings too, where one is under way."""
    journal_gen = _journal_gen()
    isolated_env.mkdir(parents=True, exist_ok=True)
    (isolated_env / "journal.json").write_text(json.dumps(journal_gen.build(n, seed=seed)))
    rng = random.Random(seed)
    with store.open_journal(isolated_env) as journal:
        meetings = list_meetings(journal)
        handles = sorted({h for m in meetings for h in m.people})
        index = MeetingIndex(journal.all("meetings"))
        starts = [
            o.start
            for o in occurrences_of(meetings, journal_gen.NOW, journal_gen.NOW + timedelta(days=14))
        ]
        moments = [
            journal_gen.NOW + timedelta(hours=rng.randint(-24 * 700, 24 * 60)) for _ in range(8)
        ]
        moments += [
            start + timedelta(minutes=rng.randint(0, 40)) for start in rng.sample(starts, 6)
        ]
        for now in moments:
            for who in (None, rng.choice(handles)):
                try:
                    plain = next_meeting(journal, now=now, person=who, meetings=meetings)
                except NotFound:
                    plain = None
                short = index.next_not_over(now, who)
                assert (short.to_json() if short else None) == (plain.to_json() if plain else None)


@pytest.mark.parametrize("shown", [0, 3, 10, None])
def test_the_dashboard_builds_only_the_goals_it_shows(
    shown: int | None, isolated_env: Path
) -> None:
    """The goals shown, how many there are and which are overdue, read from the records,
    are those of every active goal built."""
    journal_gen = _journal_gen()
    isolated_env.mkdir(parents=True, exist_ok=True)
    (isolated_env / "journal.json").write_text(json.dumps(journal_gen.build(1_500, seed=9)))
    with store.open_journal(isolated_env) as journal:
        for now in (journal_gen.NOW, journal_gen.NOW + timedelta(days=90)):
            plain = list_goals(journal, status="active")
            state = status_service.build_status(journal, now=now, goals_shown=shown)
            assert state.goals == plain[:shown]
            assert state.goal_count == len(plain)
            today = now.date()
            overdue = [g.id for g in plain if g.due is not None and g.due < today]
            assert state.overdue_goals == overdue
            assert overdue


def test_entries_past_the_longest_streak_are_passed_by(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the streak followed back only 12 weeks, most entries lie past its horizon; no
    meetings, so that only the entries make the weeks."""
    monkeypatch.setattr(status_service, "MAX_STREAK", 12)
    journal_gen = _journal_gen()
    data = journal_gen.build(2_000, seed=5)
    data["meetings"] = {}
    isolated_env.mkdir(parents=True, exist_ok=True)
    (isolated_env / "journal.json").write_text(json.dumps(data))
    streaks = []
    with store.open_journal(isolated_env) as journal:
        for days in (0, -30, -365, 40):
            now = journal_gen.NOW + timedelta(days=days)
            short, plain = _the_short_way(journal, now), _the_plain_way(journal, now)
            assert short == plain, now
            streaks.append(short[2].weeks)
    assert streaks.count(12) >= 2, streaks


@pytest.mark.parametrize(
    ("field", "value"),
    [("tz", "Mars/Base"), ("rrule", "FREQ=SOMETIMES"), ("rrule", "FREQ=WEEKLY;UNTIL=2026")],
)
@pytest.mark.parametrize("status", ["scheduled", "cancelled"])
def test_a_broken_meeting_far_away_still_stops_the_dashboard(
    field: str, value: str, status: str, isolated_env: Path
) -> None:
    """As it did when every meeting was expanded: the error names the meeting to fix."""
    data = _journal_gen().build(300)
    far = data["meetings"]["7"]
    far.update({field: value, "status": status, "start": "2031-01-07T09:00:00"})
    isolated_env.mkdir(parents=True, exist_ok=True)
    (isolated_env / "journal.json").write_text(json.dumps(data))
    now = _journal_gen().NOW
    with store.open_journal(isolated_env) as journal:
        with pytest.raises(InvalidInput) as plain:
            occurrences_of(list_meetings(journal), now, now + timedelta(days=7))
        with pytest.raises(InvalidInput) as short:
            status_service.build_status(journal, now=now)
    assert short.value.message == plain.value.message
    assert "meeting 7" in short.value.message.lower()


@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1)),
    st.sampled_from(["FREQ=WEEKLY;BYDAY=MO,TH", "FREQ=MONTHLY;BYMONTHDAY=31", *RULES]),
    st.one_of(
        st.none(),
        st.integers(min_value=1, max_value=30).map(lambda n: f";COUNT={n}"),
        st.sampled_from([";UNTIL=20300101T000000Z", ";UNTIL=20250601"]),
    ),
    st.sampled_from(ZONES),
)
def test_wall_bounds_hold_every_occurrence(
    start: datetime, rule: str, limit: str | None, tz: str
) -> None:
    start = start.replace(microsecond=0)
    if limit is not None and ("COUNT" in rule or "UNTIL" in rule):
        limit = None
    text = rule + (limit or "")
    first, last = occ.wall_bounds(start, text, tz)
    body, _, until = text.partition(";UNTIL=")
    expanded = rrulestr(body, dtstart=start)
    assert isinstance(expanded, rrule)
    walls = list(itertools.islice(expanded, 400))
    if until:
        bound = read_until(until)
        assert bound is not None
        walls = [w for w in walls if w <= bound.replace(tzinfo=None) + timedelta(days=1)]
    assert first == start
    if last is not None:
        assert all(w <= last for w in walls)
    if limit is not None and limit.startswith(";COUNT") and last is not None:
        assert last == walls[-1]


# --- laid-out text is written as rich would print it --------------------------------------------

STYLES = ["bold", "dim", "red", "bold red", "green", "magenta", "underline blue", "italic"]


@st.composite
def laid_out_texts(draw: st.DrawFn) -> Text:
    lines = draw(st.lists(st.text(alphabet="ab ─█░é李\t", max_size=12), min_size=1, max_size=4))
    plain = "\n".join(lines)
    spans = [
        Span(start, start + draw(st.integers(min_value=0, max_value=len(plain) - start)), style)
        for start, style in draw(
            st.lists(
                st.tuples(st.integers(min_value=0, max_value=len(plain)), st.sampled_from(STYLES)),
                max_size=6,
            )
        )
    ]
    base = draw(st.sampled_from(["", *STYLES]))
    return Text(plain, style=base, spans=spans, no_wrap=True, overflow="ignore")


@given(
    laid_out_texts(),
    st.sampled_from([None, "standard", "256", "truecolor"]),
    st.booleans(),
)
def test_laid_out_text_is_written_as_rich_prints_it(
    text: Text, system: str | None, no_color: bool
) -> None:
    def console(out: io.StringIO) -> Console:
        return Console(
            file=out,
            width=40,
            force_terminal=system is not None,
            color_system=system,  # type: ignore[arg-type]
            no_color=no_color,
            highlight=False,
            emoji=False,
        )

    ours, theirs = io.StringIO(), io.StringIO()
    if not render_console._write_laid_out(text, console(ours)):
        # Left to rich: a tab to expand, or an empty span (render.grid makes neither).
        assert "\t" in text.plain or any(s.end <= s.start for s in text.spans)
        return
    console(theirs).print(text, no_wrap=True, overflow="ignore", crop=False)
    assert ours.getvalue() == theirs.getvalue()


# At most 20 characters, of which '李' takes two cells: a line of 40 cells at most.
@given(st.text(alphabet="ab é李", max_size=20), st.sampled_from(["", *STYLES]))
def test_a_line_that_fits_is_written_as_rich_prints_it(plain: str, style: str) -> None:
    text = Text(plain, style=style)
    ours, theirs = io.StringIO(), io.StringIO()
    kwargs: dict[str, Any] = {"width": 40, "force_terminal": True, "color_system": "truecolor"}
    assert render_console._fits(text, Console(file=ours, **kwargs))
    assert render_console._write_laid_out(text, Console(file=ours, **kwargs))
    Console(file=theirs, **kwargs).print(text, crop=False)
    assert ours.getvalue() == theirs.getvalue()


@pytest.mark.parametrize("plain", ["a" * 41, "李" * 21, "a" * 39 + "李", "two\nlines", "a\tb"])
def test_a_line_that_does_not_fit_is_left_to_rich(plain: str) -> None:
    console = Console(file=io.StringIO(), width=40, force_terminal=True)
    assert not render_console._fits(Text(plain), console)


# --- the streak reads an entry's day only when a week asks for it -------------------------------

# Zones from the furthest ahead of UTC to the furthest behind, and one off the hour.
STREAK_ZONES = ["Pacific/Kiritimati", "Asia/Kathmandu", "Europe/Berlin", "UTC",
                "America/St_Johns", "Pacific/Pago_Pago"]  # fmt: skip
# The horizon lies 9 weeks back: entries from 11 weeks back reach past it.
SHORT_STREAK = 8


@st.composite
def stamps(draw: st.DrawFn, now: datetime) -> Any:
    """A stored instant as a hand edit or any version may have left it: mostly ISO 8601 with
    an offset (up to a minute short of a day either way), else without one, in the basic
    format, not a date at all, missing, or not text."""
    moment = now + draw(st.timedeltas(timedelta(weeks=-11), timedelta(weeks=1)))
    offset = timedelta(minutes=draw(st.integers(-(24 * 60 - 1), 24 * 60 - 1)))
    local = moment.astimezone(timezone(offset))
    kind = draw(st.sampled_from(["offset"] * 6 + ["naive", "Z", "basic", "space", "junk",
                                                   "missing", "number"]))  # fmt: skip
    if kind == "offset":
        return local.isoformat(timespec=draw(st.sampled_from(["seconds", "microseconds"])))
    if kind == "naive":
        return local.replace(tzinfo=None).isoformat()
    if kind == "Z":
        return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if kind == "basic":
        return local.strftime("%Y%m%dT%H%M%S") + draw(st.sampled_from(["", "Z", "+0530"]))
    if kind == "space":
        return local.isoformat(sep=" ")
    if kind == "junk":
        return draw(st.sampled_from(["", "soon", f"{local:%Y-%m-%d}Tlater", f"{local:%Y-%m}"]))
    if kind == "missing":
        return None
    return int(f"{local:%Y%m%d}")  # read as its text, 20261121: a date in the basic format


@st.composite
def entry_journals(draw: st.DrawFn) -> tuple[datetime, list[list[Any]], list[date]]:
    zone = ZoneInfo(draw(st.sampled_from(STREAK_ZONES)))
    now = draw(st.datetimes(datetime(2024, 1, 1), datetime(2028, 1, 1))).replace(tzinfo=zone)
    sources = draw(st.lists(st.lists(stamps(now), max_size=30), min_size=1, max_size=3))
    days = draw(st.lists(st.dates(now.date() - timedelta(weeks=11), now.date() + timedelta(7)),
                         max_size=3))  # fmt: skip
    return now, sources, days


def _no_meeting(start: datetime, end: datetime) -> bool:
    return False


@given(entry_journals())
def test_the_weeks_with_entries_are_those_of_every_entry_read(
    journal: tuple[datetime, list[list[Any]], list[date]],
) -> None:
    """Each week the streak can ask about is active exactly when the day of one of its
    entries, read in the user's zone, falls in it (not after today); and the streak is the
    one over every entry read."""
    now, sources, days = journal
    read = [
        status_service._date(str(s), now) for source in sources for s in source if s is not None
    ]
    every = [*days, *(day for day in read if day is not None)]
    today = now.date()
    active = {status_service._monday(day) for day in every if day <= today}
    this_monday = status_service._monday(today)
    with patch.object(status_service, "MAX_STREAK", SHORT_STREAK):
        weeks = status_service._EntryWeeks(days, [functools.partial(list, s) for s in sources], now)
        for back in range(SHORT_STREAK + 1):
            monday = this_monday - timedelta(weeks=back)
            assert weeks.entered(monday) == (monday in active), monday
        fresh = status_service._EntryWeeks(days, [functools.partial(list, s) for s in sources], now)
        assert status_service._run(fresh.entered, _no_meeting, now) == status_service._streak(
            _no_meeting, every, now
        )


def test_an_instant_near_midnight_counts_in_the_week_of_its_day_in_your_zone() -> None:
    """Monday 00:30 in Berlin is Sunday 23:30 UTC: the text says Sunday, the week is the
    one that begins that Monday; and Sunday 23:30 in Berlin written in Tokyo's time reads
    Monday."""
    now = datetime(2026, 11, 21, 11, 15, tzinfo=BERLIN)
    weeks = status_service._EntryWeeks(
        [], [lambda: ["2026-11-08T23:30:00+00:00", "2026-10-26T07:30:00+09:00"]], now
    )
    assert weeks.entered(date(2026, 11, 9))
    assert not weeks.entered(date(2026, 11, 2))
    assert weeks.entered(date(2026, 10, 19))  # Sun 25 Oct 23:30 in Berlin
    assert not weeks.entered(date(2026, 10, 26))


@pytest.mark.parametrize(
    ("zone", "stamp", "monday"),
    [
        # Written Saturday late at UTC-23:00: Monday noon at UTC+14.
        ("Pacific/Kiritimati", "2026-11-14T23:30:00-23:00", date(2026, 11, 16)),
        # Written Tuesday just after midnight at UTC+23:00: Sunday afternoon at UTC-11.
        ("Pacific/Pago_Pago", "2026-11-24T00:30:00+23:00", date(2026, 11, 16)),
    ],
)
def test_an_instant_two_days_from_its_text_date_counts_in_its_week(
    zone: str, stamp: str, monday: date
) -> None:
    now = datetime(2026, 11, 28, 12, 0, tzinfo=ZoneInfo(zone))
    day = status_service._date(stamp, now)
    assert day is not None
    assert abs((day - date.fromisoformat(stamp[:10])).days) == 2
    weeks = status_service._EntryWeeks([], [lambda: [stamp]], now)
    assert [weeks.entered(monday + timedelta(weeks=n)) for n in (-1, 0, 1)] == [
        False,
        True,
        False,
    ]


def test_a_source_is_read_only_when_a_week_needs_it() -> None:
    now = datetime(2026, 11, 21, 11, 15, tzinfo=BERLIN)
    asked: list[str] = []

    def source(name: str, stamp: str) -> Callable[[], list[Any]]:
        def read() -> list[Any]:
            asked.append(name)
            return [stamp]

        return read

    weeks = status_service._EntryWeeks(
        [date(2026, 11, 17)],
        [source("progress", "2026-11-11T10:00:00+01:00"), source("notes", "2026-11-04T10:00Z")],
        now,
    )
    assert weeks.entered(date(2026, 11, 16))
    assert asked == []
    assert weeks.entered(date(2026, 11, 9))
    assert asked == ["progress"]
    assert weeks.entered(date(2026, 11, 2))
    assert asked == ["progress", "notes"]
    assert not weeks.entered(date(2026, 10, 26))


def test_the_dashboard_leaves_notes_and_feedback_unread_when_progress_fills_the_weeks(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """So that a store that parses a table only when asked for it need not parse them."""
    monkeypatch.setattr(status_service, "MAX_STREAK", 3)
    history = [
        {"at": f"2026-11-{day:02d}T10:00:00+01:00", "progress": day, "event": "progress"}
        for day in (1, 4, 11, 18)
    ]
    isolated_env.mkdir(parents=True, exist_ok=True)
    data = _journal_gen().build(50)
    data["goals"]["1"]["history"] = history
    (isolated_env / "journal.json").write_text(json.dumps(data))
    asked: list[str] = []
    every = Journal.all

    def all_of(journal: Journal, table: str) -> list[dict[str, Any]]:
        asked.append(table)
        return every(journal, table)

    now = datetime(2026, 11, 21, 11, 15, tzinfo=BERLIN)
    with store.open_journal(isolated_env) as journal:
        plain = _the_plain_way(journal, now)
        monkeypatch.setattr(Journal, "all", all_of)
        state = status_service.build_status(journal, now=now)
    assert state.streak == plain[2] == status_service.Streak(3, True, date(2026, 11, 2))
    assert "notes" not in asked
    assert "feedback" not in asked


# --- the bounds of many meetings, read a rule at a time -----------------------------------------

RULE_BODIES = [
    "FREQ=WEEKLY",
    "FREQ=DAILY;INTERVAL=3",
    "FREQ=WEEKLY;INTERVAL=2;COUNT=5",
    "freq=weekly;count=3",
    "FREQ=WEEKLY; INTERVAL=2",
    "RRULE:FREQ=WEEKLY",
    "FREQ=MONTHLY",
    "FREQ=YEARLY;COUNT=2",
    "FREQ=WEEKLY;BYDAY=MO,TH",
    "FREQ=WEEKLY;COUNT=0",
    "FREQ=WEEKLY;INTERVAL=0",
    "FREQ=SOMETIMES",
    "INTERVAL=2",
    "FREQ=WEEKLY;UNTIL=20270101T000000Z",
    "FREQ=WEEKLY;;",
    "",
    "FREQ=WEEKLY;X",
]
UNTILS = ["20270301T000000Z", "20270301t083000z", "20270301T083000", "20270301", "2027",
          "20271301T000000Z", "20270301T000000+0100", "99991231T235959Z", "2027 0301",
          "20270301T000000Z;COUNT=2"]  # fmt: skip


def _plain_wall_bounds(start: datetime, rule: str | None, tz: str) -> Any:
    """wall_bounds as it read every rule whole."""
    zone = get_zone(tz)
    if rule is None:
        return start, start
    return occ._bounds_from(start, rule, zone)


def _outcome(read: Any, *args: Any) -> Any:
    try:
        return read(*args)
    except InvalidInput as exc:
        return exc.message
    except OverflowError:  # a dateutil rule with an UNTIL at the end of time (as ever)
        return OverflowError


@given(
    st.datetimes(datetime(1990, 1, 1), datetime(9999, 12, 1)),
    st.one_of(st.none(), st.sampled_from(RULE_BODIES)),
    st.one_of(st.none(), st.sampled_from(UNTILS)),
    st.sampled_from([*ZONES, "Mars/Base"]),
)
def test_the_bounds_of_a_meeting_are_those_of_its_whole_rule(
    start: datetime, body: str | None, until: str | None, tz: str
) -> None:
    rule = body if body is None or until is None else f"{body};UNTIL={until}"
    assert _outcome(occ.wall_bounds, start, rule, tz) == _outcome(
        _plain_wall_bounds, start, rule, tz
    )


def _plain_read_until(value: str) -> datetime | None:
    """_read_until as it read the fields by hand."""
    try:
        if len(value) == 8 and value.isdigit():
            day = date(int(value[:4]), int(value[4:6]), int(value[6:]))
            return datetime.combine(day, datetime.max.time().replace(microsecond=0))
        if len(value) in (15, 16) and value[8] == "T":
            digits = value[:8] + value[9:15]
            if not (digits.isascii() and digits.isdigit()):
                return None
            fields = [int(digits[i:j]) for i, j in ((0, 4), (4, 6), (6, 8), (8, 10), (10, 12),
                                                    (12, 14))]  # fmt: skip
            moment = datetime(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5])
            if len(value) == 16:
                return moment.replace(tzinfo=UTC) if value[15] == "Z" else None
            return moment
    except ValueError:
        return None
    return None


@given(
    st.one_of(
        st.text(alphabet="0123456789TZz+:- \uff12", max_size=17),  # and a fullwidth 2
        st.from_regex(r"[0-9]{8}T[0-9]{6}Z?", fullmatch=True),
        st.datetimes(datetime(1, 1, 1), datetime(9999, 12, 31)).map(
            lambda m: m.strftime("%Y%m%dT%H%M%S") if m.year >= 1000 else f"{m:%m%dT%H%M%S}0000"
        ),
    )
)
def test_an_until_is_read_as_before(value: str) -> None:
    assert read_until(value) == _plain_read_until(value)


def test_the_last_meeting_of_two_at_once_is_the_first_in_the_journal(
    isolated_env: Path,
) -> None:
    """Heartbeats break a tie as the plain function does: the meeting first in the journal,
    here a one-off at the very time of a weekly call (which is asked first, as it may have
    met the latest)."""
    data = _journal_gen().build(50)
    first = dict(data["meetings"]["1"], rrule=None, exdates=[], held=[], status="held",
                 start="2026-11-19T10:00:00", tz="Europe/Berlin")  # fmt: skip
    weekly = dict(first, uid=str(uuid.uuid4()), title="Weekly", status="scheduled",
                  rrule="FREQ=WEEKLY", start="2026-10-01T10:00:00")  # fmt: skip
    data["meetings"] = {"1": first, "2": weekly}
    isolated_env.mkdir(parents=True, exist_ok=True)
    (isolated_env / "journal.json").write_text(json.dumps(data))
    now = datetime(2026, 11, 21, 11, 15, tzinfo=BERLIN)
    with store.open_journal(isolated_env) as journal:
        state = status_service.build_status(journal, now=now)
        plain = heartbeats_of(list_meetings(journal), list_people(journal), now)
    handle = first["people"][0]
    assert state.beats == plain
    last = state.beats[handle].last
    assert last is not None
    assert last.meeting.id == 1


# --- search builds only the records that can match -------------------------------------------

_SIEVE_TEXT = st.text(alphabet="abnNAB1é\n\t'[\\\" ßẞ", max_size=12)
_SIEVE_VALUES = st.one_of(
    _SIEVE_TEXT,
    st.none(),
    st.integers(min_value=-20, max_value=20),
    st.floats(allow_nan=False, allow_infinity=False, width=16),
    st.booleans(),
    st.lists(st.one_of(_SIEVE_TEXT, st.none(), st.floats(allow_nan=False)), max_size=3),
    st.dictionaries(_SIEVE_TEXT, _SIEVE_TEXT, max_size=2),
)


@st.composite
def sieve_journals(draw: st.DrawFn) -> Journal:
    """Records with searched fields holding anything a hand edit can leave there."""
    tables: dict[str, dict[str, dict[str, object]]] = {"_meta": {"1": {"schema": 3}}}
    for table, searched in (
        ("goals", ("title", "why")),
        ("notes", ("text", "prompt")),
        ("milestones", ("title", "note")),
    ):
        for n in range(draw(st.integers(min_value=0, max_value=3))):
            record: dict[str, object] = {key: draw(_SIEVE_VALUES) for key in searched}
            if table == "goals":
                record["history"] = [
                    {"at": "2026-11-01T10:00:00+00:00", "progress": 5, "note": draw(_SIEVE_VALUES)}
                ]
            tables.setdefault(table, {})[str(n + 1)] = record
    return Journal(store.JournalPaths(Path("/nonexistent")), tables, writable=False)


@given(
    sieve_journals(),
    st.lists(st.text(alphabet="anbAB1é'[\\\"ßẞ", min_size=1, max_size=3), min_size=1, max_size=3),
    st.booleans(),
)
def test_search_finds_what_it_found_building_every_record(
    journal: Journal, words: list[str], phrase: bool
) -> None:
    from mentorlog.services import search as search_service

    query = '"' + " ".join(words) + '"' if phrase else " ".join(words)
    try:
        sieved = [h.to_json() for h in search_service.search(journal, query, now=_SEARCH_NOW)]
    except InvalidInput:
        reject()
    with patch.object(search_service, "_sieve_words", lambda terms: []):
        every = [h.to_json() for h in search_service.search(journal, query, now=_SEARCH_NOW)]
    assert sieved == every


_SEARCH_NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


@pytest.mark.parametrize("query", ["nb", "none", "05", "key", "true", "b'", "'a"])
def test_search_reads_hand_edited_values_as_the_models_do(query: str) -> None:
    """`str` of a list or an object escapes line breaks and shows None and the keys: the
    sieve must let those records through, as the search over every record finds them."""
    from mentorlog.services import search as search_service

    goals = {
        "1": {"title": ["a\nb", None], "why": {"key": 1e-05}},
        "2": {"title": True, "why": ["x"]},
    }
    journal = Journal(
        store.JournalPaths(Path("/nonexistent")),
        {"_meta": {"1": {"schema": 3}}, "goals": goals},
        writable=False,
    )
    sieved = [h.to_json() for h in search_service.search(journal, query, now=_SEARCH_NOW)]
    with patch.object(search_service, "_sieve_words", lambda terms: []):
        every = [h.to_json() for h in search_service.search(journal, query, now=_SEARCH_NOW)]
    assert sieved == every
    assert every


def test_a_cached_attribute_is_worked_out_once_and_read_from_the_instance() -> None:
    """cached.cached, which Occurrence.start_utc and the schedules' tables use in place of
    functools.cached_property: the same value, worked out once, then the instance's own."""
    from mentorlog.cached import cached

    calls: list[int] = []

    class Thing:
        @cached
        def value(self) -> int:
            calls.append(1)
            return 41 + len(calls)

    thing = Thing()
    assert thing.value == thing.value == 42
    assert calls == [1]
    assert thing.__dict__["value"] == 42
    assert isinstance(Thing.value, cached)
    assert Thing().value == 43  # each instance its own
