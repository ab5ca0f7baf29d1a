"""Fast paths give exactly the answers of the libraries they stand in for.

`services.occurrences` works out FREQ=DAILY/WEEKLY (and MONTHLY/YEARLY on a day that every
month or year has), with INTERVAL, COUNT or UNTIL, without dateutil; every other rule still
goes to dateutil. These tests hold the fast path to dateutil's answers on the same naive
wall times, for every query the schedules make. Likewise a cadence in months is added by
hand, as dateutil's relativedelta adds it.
"""

from __future__ import annotations

import io
import itertools
import json
import random
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
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
from mentorlog.errors import InvalidInput
from mentorlog.model import Feedback, Meeting, Milestone, Note
from mentorlog.render import console as render_console
from mentorlog.services import occurrences as occ
from mentorlog.services import status as status_service
from mentorlog.services.goals import list_goals
from mentorlog.services.meetings import heartbeats, list_meetings, occurrences_of
from mentorlog.services.people import list_people
from mentorlog.store import Journal
from mentorlog.timeparse import Period

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
        "from mentorlog.services import occurrences as o\n"
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
    entries = [
        *(status_service._date(e.at, now) for g in goals for e in g.history),
        *(m.on for m in milestones),
        *(status_service._date(Note.from_record(r).at, now) for r in journal.all("notes")),
        *(status_service._date(Feedback.from_record(r).at, now) for r in journal.all("feedback")),
    ]
    week = now + status_service.NEXT_MEETINGS
    return (
        [o.to_json() for o in occurrences_of(meetings, now, week) if not o.cancelled],
        {h: b.to_json() for h, b in heartbeats(meetings, people, now).items()},
        status_service.streak(meetings, [d for d in entries if d is not None], now),
        status_service.streak(meetings, [], now),
    )


def _the_short_way(journal: Journal, now: datetime) -> tuple[Any, ...]:
    state = status_service.build_status(journal, now=now)
    index = status_service._Meetings(journal.all("meetings"))
    return (
        [o.to_json() for o in state.meetings],
        {h: b.to_json() for h, b in state.beats.items()},
        state.streak,
        status_service._streak(index.met, [], now),
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
        bound = occ._read_until(until)
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


@given(st.text(alphabet="ab é李", max_size=30), st.sampled_from(["", *STYLES]))
def test_a_line_that_fits_is_written_as_rich_prints_it(plain: str, style: str) -> None:
    text = Text(plain, style=style)
    ours, theirs = io.StringIO(), io.StringIO()
    kwargs: dict[str, Any] = {"width": 40, "force_terminal": True, "color_system": "truecolor"}
    assert render_console._fits(text, Console(file=ours, **kwargs))
    assert render_console._write_laid_out(text, Console(file=ours, **kwargs))
    Console(file=theirs, **kwargs).print(text, crop=False)
    assert ours.getvalue() == theirs.getvalue()
