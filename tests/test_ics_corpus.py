"""The corpus of real client files (tests/data/ics_corpus, sources in its README): each is
imported, and every instant, title and cancelled occurrence compared with what
recurring-ical-events reads from the same file over WINDOW (issue 13).

Each file is one of: right (the same occurrences), refused (one sentence a user can act
on, no library internals), or a known difference, with its reason, in DIFFERENCES. The
tally is in docs/guide.md ("Calendar fidelity"); `python tests/test_ics_corpus.py` prints
it. A file that changes class fails the test, a fix as much as a regression: update the
table and the tally together.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from mentorlog.calendar import occurrences as occ
from mentorlog.calendar.ics_fields import DEFAULT_TITLE
from mentorlog.calendar.ics_import import read_calendar
from mentorlog.errors import InvalidInput
from mentorlog.model import Meeting

pytestmark = pytest.mark.slow

CORPUS = Path(__file__).resolve().parent / "data" / "ics_corpus"
FILES = sorted(str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*.ics"))
ZONE = ZoneInfo("Europe/Berlin")  # where floating times are read, by both sides
WINDOW = (datetime(1995, 1, 1, tzinfo=UTC), datetime(2031, 1, 1, tzinfo=UTC))
INTERNALS = re.compile(r"object|attribute|parm\b|Error\b|Traceback|NoneType")

_RDATE = "its extra dates (RDATE) are not kept, and the import says so"
_SHARED_UID = "events share a UID without RECURRENCE-ID: one is kept, and the import says which"
_NO_MASTER = "occurrences without their series: each is imported as a meeting of its own"
_OUTLOOK_NAME = (
    "an Outlook display name as TZID: mentorlog reads it through CLDR's table, "
    "recurring-ical-events does not know it"
)
_FLOATING_UNTIL = (
    "a floating UNTIL with a zoned DTSTART: mentorlog reads it in the event's zone, as "
    "sabre/vobject does, recurring-ical-events in UTC, a last occurrence fewer"
)
_RDATE_AND_ORPHAN = (
    "extra dates (RDATE) not kept, and an override for a time its rule does not make left "
    "out, each with a note; recurring-ical-events shows both as extra occurrences"
)
# File -> why mentorlog's occurrences differ from recurring-ical-events'.
DIFFERENCES = {
    "icalendar/calendars_invalid_duration.ics": "an invalid DURATION: mentorlog keeps the "
    "event with the default length, recurring-ical-events drops it",
    "icalendar/calendars_issue_1426.ics": _RDATE,
    "icalendar/calendars_issue_156_RDATE_with_PERIOD_TZID_khal.ics": _NO_MASTER,
    "icalendar/calendars_issue_1633_rdate_with_dates.ics": _RDATE,
    "icalendar/calendars_issue_1633_rdate_with_dates_and_tzid.ics": _RDATE,
    "icalendar/calendars_issue_165_missing_event.ics": "a rule written with spaces "
    "(BYDAY=MO, TU): mentorlog reads it, recurring-ical-events skips the series",
    "icalendar/calendars_issue_237_fail_to_parse_timezone_with_non_ascii_tzid.ics": "TZID "
    "'(UTC-03:00) Brasília': mentorlog reads its VTIMEZONE, recurring-ical-events leaves the "
    "event out",
    "icalendar/calendars_period_with_timezone.ics": _RDATE,
    "icalendar/calendars_rfc_7265_appendix_example_2_ical.ics": _RDATE,
    "icalendar/docs_tutorials_example.ics": _SHARED_UID,
    "khal/cal_lots_of_timezones.ics": _RDATE_AND_ORPHAN,
    "khal/event_dt_multi_recuid_no_master.ics": _NO_MASTER,
    "khal/event_dt_multi_uid.ics": _SHARED_UID,
    "khal/event_rdate_no_value.ics": _RDATE,
    "khal/part1.ics": _RDATE_AND_ORPHAN,
    "node-ical/Office-2012-owa.ics": _OUTLOOK_NAME,
    "node-ical/biweekly-exdate-until.ics": "a series in UTC with floating EXDATEs: "
    "recurring-ical-events moves it with Berlin's DST, RFC 5545 keeps it in UTC",
    "node-ical/daily-count-exdate-recurrence-id.ics": "an override that ends before it "
    "starts: mentorlog follows its DTSTART, recurring-ical-events puts it elsewhere",
    "node-ical/music-school-weekly-until.ics": "TZID '(GMT +01:00)': mentorlog reads a fixed "
    "+01:00 and says so, recurring-ical-events a zone with DST",
    "node-ical/non-utc-until-ny.ics": _FLOATING_UNTIL,
    "node-ical/recurrence-sequence.ics": "overrides for times the rule does not make: left "
    "out with a note, recurring-ical-events shows them as extra occurrences",
    "node-ical/tv-show-episode.ics": _SHARED_UID,
    "node-ical/windows-quoted-tz-rrule.ics": _OUTLOOK_NAME,
    "sabre-vobject/RecurrenceIterator_UntilRespectsTimezoneTest.ics": _FLOATING_UNTIL,
}

Found = set[tuple[str, datetime, str]]


def theirs(data: bytes) -> Found:
    """(uid, start in UTC, title) of every timed occurrence not cancelled."""
    import icalendar
    import recurring_ical_events

    found = set()
    for calendar in icalendar.Calendar.from_ical(data, multiple=True):
        for event in recurring_ical_events.of(calendar, skip_bad_series=True).between(*WINDOW):
            start = event.get("DTSTART")
            start = getattr(start, "dt", None)
            if event.name != "VEVENT" or not isinstance(start, datetime):
                continue
            if str(event.get("STATUS", "")).upper() == "CANCELLED":
                continue
            moment = (start if start.tzinfo else start.replace(tzinfo=ZONE)).astimezone(UTC)
            title = " ".join(str(event.get("SUMMARY", "")).split()) or DEFAULT_TITLE
            found.add((str(event.get("UID", "")), moment, title))
    return found


def ours(data: bytes, name: str, uids: set[str]) -> Found:
    """The same, as `import ics` makes meetings of the file; an invite made of an occurrence
    alone ('UID-20261201T090000') or of a split series goes under its event's UID."""
    found = set()
    for invite in read_calendar(data, name, zone=ZONE).invites:
        uid = invite.uid
        if uid not in uids:
            uid = next((u for u in uids if invite.uid.startswith(f"{u}-")), uid)
        meeting = Meeting(
            title=invite.title, people=[], start=invite.start, tz=invite.tz,
            duration=invite.duration or 45, rrule=invite.rrule, exdates=list(invite.exdates),
            overrides=list(invite.overrides),
            status="cancelled" if invite.cancelled else "scheduled",
        )  # fmt: skip
        for o in occ.occurrences(meeting, *WINDOW):
            if not o.cancelled:
                found.add((uid, o.start_utc, o.title))
    return found


def fresh_zones() -> None:
    """Forget the VTIMEZONEs read so far: icalendar keeps each one it reads, by TZID, for the
    rest of the process (its `tzp` cache, which has no public way to clear it), so a file
    read earlier by the same test worker would decide how a later file's zone of the same
    name reads. Each file is read as a `mentorlog import ics` process reads it: alone."""
    from icalendar.timezone import tzp

    tzp._TZP__tz_cache.clear()  # type: ignore[attr-defined]


def classify(name: str) -> tuple[str, str]:
    """('right' | 'refused' | 'differs', detail) for one file of the corpus."""
    fresh_zones()
    data = (CORPUS / name).read_bytes()
    try:
        read_calendar(data, name, zone=ZONE)
    except InvalidInput as exc:
        return "refused", exc.message
    try:
        expected = theirs(data)
    except Exception as exc:  # the other reader's failure, not ours
        return "differs", f"recurring-ical-events: {type(exc).__name__}"
    imported = ours(data, name, {uid for uid, _, _ in expected})
    kept = {uid for uid, _, _ in imported}
    # Events left out with a note (all-day, over 24 hours, rules mentorlog cannot keep)
    # are compared by their notes, not here.
    expected = {o for o in expected if o[0] in kept}
    if imported == expected:
        return "right", ""
    return "differs", f"{len(expected - imported)} missing, {len(imported - expected)} extra"


@pytest.mark.parametrize("name", FILES)
def test_each_file_is_right_refused_with_a_sentence_or_a_known_difference(name: str) -> None:
    kind, detail = classify(name)
    if kind == "refused":
        assert detail.endswith((".", "?")), detail
        assert "\n" not in detail
        assert not INTERNALS.search(detail), detail
    assert (kind == "differs") == (name in DIFFERENCES), (kind, detail)


def test_the_corpus_holds_files_of_every_source() -> None:
    assert {name.split("/")[0] for name in FILES} == {
        "icalendar",
        "khal",
        "node-ical",
        "sabre-vobject",
    }
    assert len(FILES) > 200


if __name__ == "__main__":
    tally: Counter[str] = Counter()
    for file in FILES:
        result, why = classify(file)
        if result == "differs":
            result = "explained"
        tally[result] += 1
        if "-v" in sys.argv and result != "right":
            print(result, file, why)
    print(dict(tally), len(FILES))
