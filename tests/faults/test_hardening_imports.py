"""What an attacker's files and a wrong clock found (issue 18, items 4, 5, 8, 9, 10, 11, 12):
every way in (import json, import ics, the CLI, MENTORLOG_NOW) refuses what is outside the
limits (README, "Limits") with one sentence and exit 2, nothing changed; and a journal that
already holds such a value (an old import, a hand edit) is read without a crash."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

import orjson
import pytest
from faultkit import Mentorlog, Process, write_journal
from hostile import rec
from hypothesis import given, settings
from hypothesis import strategies as st

from mentorlog import limits
from mentorlog.errors import InvalidInput
from profiles import examples

UID = "00000000-0000-4000-8000-0000000000"


def export(tables: dict[str, list[dict[str, Any]]], **extra: Any) -> bytes:
    document = {"format": "mentorlog", "schema": 3, "tables": tables, "tombstones": []}
    return orjson.dumps(document | extra)


def goal(number: int = 1, **fields: Any) -> dict[str, Any]:
    return {"id": number, "uid": f"{UID}{number:02d}", "title": "A goal"} | fields


def person(**fields: Any) -> dict[str, Any]:
    base = {"id": 1, "uid": f"{UID}90", "handle": "bob", "name": "Bob", "tz": "UTC"}
    return base | {"role": "mentor"} | fields


@pytest.fixture
def ml(isolated_env: Path) -> Mentorlog:
    ml = Mentorlog(isolated_env)
    ml.ok("person", "add", "ann", "--name", "Ann", "--role", "mentor", "--tz", "UTC")
    return ml


def refused(ml: Mentorlog, data: bytes, *, name: str = "in.json", kind: str = "json") -> str:
    """Import `data`, which must be refused with exit 2 and the journal left as it was."""
    path = ml.cwd / name
    path.write_bytes(data)
    before = ml.journal_bytes()
    done = ml.fails(2, "import", kind, name)
    assert ml.journal_bytes() == before
    return done.err


# -- 4. ids and id counters ------------------------------------------------------------------


@pytest.mark.parametrize("counter", [2**31, 2**63 - 1, 2**64 - 1])
def test_an_id_counter_past_the_largest_id_is_refused(ml: Mentorlog, counter: int) -> None:
    err = refused(ml, export({"goals": [goal()]}, next_ids={"goals": counter}))
    assert err == (
        f"Error: Cannot import in.json: its next_ids for 'goals' is {counter}, past the largest "
        "id (2,147,483,647); give a file written by `mentorlog export json`.\n"
    )


@pytest.mark.parametrize("record_id", [2**31, 2**63 - 1])
def test_a_record_id_past_the_largest_is_refused_with_the_record_named(
    ml: Mentorlog, record_id: int
) -> None:
    err = refused(ml, export({"goals": [goal(1), goal(2, id=record_id)]}))
    assert err.startswith(
        f"Error: Cannot import in.json: record number 2 in its table 'goals' (uid '{UID}02') is "
        f"refused: its id {record_id} is not a whole number from 1 to 2,147,483,647;"
    )


def test_a_link_to_an_id_past_the_largest_is_refused(ml: Mentorlog) -> None:
    action = {"id": 1, "uid": f"{UID}50", "text": "Do", "goal": 2**40}
    err = refused(ml, export({"actions": [action]}))
    assert f"its goal {2**40} is not an id from 1 to 2,147,483,647" in err


@pytest.mark.parametrize("counter", [9223372036854775807, 18446744073709551615])
def test_a_hand_edited_counter_past_the_largest_id_starts_over(
    isolated_env: Path, counter: int
) -> None:
    meta = {"app": "mentorlog", "schema": 3, "next_ids": {"goals": counter}}
    later = rec(title="Later", status="active") | {"uid": f"{UID}77"}
    write_journal(isolated_env, {"goals": {"1": rec(title="Old"), "5": later}}, meta=meta)
    ml = Mentorlog(isolated_env)
    assert ml.ok("goal", "add", "New").err == "Added goal 6: New\n"
    assert [g["id"] for g in ml.json("goal", "list")] == [1, 5, 6]
    assert ml.load()["_meta"]["1"]["next_ids"]["goals"] == 7


@pytest.mark.parametrize("key", [str(2**31), str(2**60), str(10**30)])
def test_a_hand_edited_record_id_past_the_largest_is_refused(isolated_env: Path, key: str) -> None:
    write_journal(isolated_env, {"goals": {"1": rec(title="Old"), key: rec(title="Huge")}})
    ml = Mentorlog(isolated_env)
    before = ml.journal_bytes()
    shown = key if len(key) <= 20 else key[:19] + "\u2026"
    for args in (["goal", "list"], ["goal", "add", "New"]):
        done = ml.fails(5, *args)
        assert done.err.startswith(
            f"Error: The journal {ml.journal} is damaged (its table 'goals' holds a record under "
            f"the id {shown}, past the largest id, 2,147,483,647); it was left untouched:"
        )
    assert ml.journal_bytes() == before


# -- 5 and 8. years ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        (
            {"created": "9999-12-31T23:59:59+00:00"},
            "its created '9999-12-31T23:59:59+00:00' has the year 9999",
        ),
        ({"due": "0001-01-01"}, "its due '0001-01-01' has the year 1"),
        ({"history": [{"at": "1899-12-31T00:00:00+00:00", "progress": 5}]}, "its history.at"),
    ],
)
def test_a_date_outside_the_years_is_refused(
    ml: Mentorlog, fields: dict[str, Any], said: str
) -> None:
    err = refused(ml, export({"goals": [goal(**fields)]}))
    assert said in err
    assert "(a year from 1900 to 2999 is needed)" in err


def test_a_rule_ending_outside_the_years_is_refused(ml: Mentorlog) -> None:
    meeting = {
        "id": 1,
        "uid": f"{UID}60",
        "people": ["ann"],
        "start": "2026-12-02T09:00:00",
        "tz": "UTC",
        "rrule": "FREQ=WEEKLY;UNTIL=99991231T000000Z",
    }
    err = refused(ml, export({"meetings": [meeting]}))
    assert "its rrule 'FREQ=WEEKLY;UNTIL=99991231T000000Z' ends in a year outside 1900-2999" in err


ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n{zones}BEGIN:VEVENT\r\nUID:e1\r\n"
    "DTSTART:{start}\r\nDTEND:20261202T100000Z\r\n{extra}SUMMARY:Sync\r\n"
    "ATTENDEE:mailto:ann@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def ics(start: str = "20261202T090000Z", extra: str = "", zones: str = "") -> bytes:
    return ICS.format(start=start, extra=extra, zones=zones).encode()


@pytest.mark.parametrize(
    ("start", "extra", "said"),
    [
        (
            "00010101T000000Z",
            "RRULE:FREQ=WEEKLY\r\n",
            "its DTSTART on line 6 ('00010101T000000Z') is in the year 1",
        ),
        ("20261202T090000Z", "RRULE:FREQ=WEEKLY;UNTIL=99991231T000000Z\r\n", "its RRULE on line 8"),
        ("20261202T090000Z", "EXDATE:20261209T090000Z,30001209T090000Z\r\n", "in the year 3000"),
        ("20261202T090000Z", "RDATE:18991209T090000Z\r\n", "its RDATE on line 8"),
        ("20261202T090000Z", "RECURRENCE-ID:00011209T090000Z\r\n", "its RECURRENCE-ID on line 8"),
    ],
)
def test_an_event_date_outside_the_years_is_refused(
    ml: Mentorlog, start: str, extra: str, said: str
) -> None:
    err = refused(ml, ics(start, extra), name="in.ics", kind="ics")
    assert said in err
    assert "outside the years mentorlog takes (1900 to 2999)" in err


def test_an_outlook_zone_starting_in_1601_is_still_read(ml: Mentorlog) -> None:
    zone = (
        "BEGIN:VTIMEZONE\r\nTZID:W. Europe Standard Time\r\nBEGIN:STANDARD\r\n"
        "DTSTART:16010101T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n"
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
    )
    (ml.cwd / "z.ics").write_bytes(ics(zones=zone))
    assert ml.ok("import", "ics", "z.ics", "--with", "ann").code == 0


@pytest.mark.parametrize(
    ("table", "record", "reads"),
    [
        (
            "notes",
            rec(text="Late", at="9999-12-31T23:59:59+00:00"),
            [["export", "md"], ["note", "list"], ["report"]],
        ),
        (
            "meetings",
            rec(
                people=["ann"],
                start="0001-01-01T00:00:00",
                tz="America/New_York",
                rrule="FREQ=WEEKLY",
            ),
            [["export", "ics"], ["meeting", "list"], ["agenda", "1"], ["status"]],
        ),
        (
            "meetings",
            rec(
                people=["ann"],
                start="2026-12-02T09:00:00",
                tz="UTC",
                rrule="FREQ=WEEKLY",
                exdates=["9999-12-30T09:00:00"],
                overrides=[{"of": "9999-12-29T09:00:00", "start": "0001-01-01T00:00:00"}],
            ),
            [["export", "ics"], ["meeting", "show", "1"], ["meeting", "list", "--past"]],
        ),
        (
            "goals",
            rec(title="G", due="9999-12-31", completed="0001-01-01T00:00:00+00:00"),
            [
                ["goal", "list", "--status", "all"],
                ["goal", "show", "1"],
                ["status"],
                ["export", "md"],
                ["export", "ics", "--include", "goals"],
            ],
        ),
    ],
)
def test_a_journal_holding_edge_dates_is_read_without_a_crash(
    isolated_env: Path, table: str, record: dict[str, Any], reads: list[list[str]]
) -> None:
    ann = rec(handle="ann", name="Ann", role="mentor", tz="UTC")
    write_journal(isolated_env, {"people": {"1": ann}, table: {"1": record}})
    ml = Mentorlog(isolated_env)
    for args in reads:
        ml.ok(*args)


@pytest.mark.parametrize(
    "now", ["9999-12-31T23:59:59+00:00", "0001-01-01T00:00:00+00:00", "1899-12-31T23:59:59"]
)
def test_a_now_outside_the_years_is_refused(ml: Mentorlog, now: str) -> None:
    before = ml.journal_bytes()
    for args in (["goal", "add", "G"], ["status"]):
        done = ml.fails(2, *args, env={"MENTORLOG_NOW": now})
        assert done.err == (
            f"Error: MENTORLOG_NOW is '{now}', outside the years mentorlog takes (1900 to "
            "2999); unset it to use the clock.\n"
        )
    assert ml.journal_bytes() == before


# -- 9. what an import reads ---------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["json", "ics"])
def test_a_fifo_is_refused_at_once_in_a_real_process(isolated_env: Path, kind: str) -> None:
    child = Process(isolated_env)
    fifo = child.cwd / "pipe"
    os.mkfifo(fifo)
    # No one ever writes to the pipe: an import that opened it to read would wait forever,
    # and the timeout would fail the test.
    done = child("import", kind, str(fifo), timeout=120)
    assert done.code == 2, str(done)
    assert done.err == (
        f"Error: Cannot import {fifo}: it is a pipe (FIFO), not a regular file; save what it "
        "gives to a file and import that.\n"
    )
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert not child.journal.exists()


@pytest.mark.slow
@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_dev_zero_is_refused_in_a_real_process(isolated_env: Path) -> None:
    child = Process(isolated_env)
    done = child("import", "json", "/dev/zero", timeout=120)
    assert done.code == 2, str(done)
    assert done.err == (
        "Error: Cannot import /dev/zero: it is a device, not a regular file; save what it "
        "gives to a file and import that.\n"
    )


def test_a_json_file_over_the_cap_is_refused_without_reading_it(ml: Mentorlog) -> None:
    with (ml.cwd / "huge.json").open("wb") as out:
        out.truncate(limits.MAX_IMPORT_BYTES + 1)  # sparse: no disk space used
    before = ml.journal_bytes()
    done = ml.fails(2, "import", "json", "huge.json")
    assert done.err == (
        "Error: Cannot import huge.json: it is 20.0 MB, more than the 20 MB an import reads; "
        "export fewer records or split the file.\n"
    )
    assert ml.journal_bytes() == before


# -- 10. text lengths ------------------------------------------------------------------------------


def test_a_title_over_the_cap_is_refused_with_the_record_named(ml: Mentorlog) -> None:
    title = "x" * (limits.IMPORTED_SHORT_TEXT + 1)
    err = refused(ml, export({"goals": [goal(1), goal(2, title=title)]}))
    assert err == (
        f"Error: Cannot import in.json: record number 2 in its table 'goals' (uid '{UID}02') is "
        "refused: its title is 501 characters long (at most 500); give a file written by "
        "`mentorlog export json`.\n"
    )


def test_a_body_over_the_cap_is_refused_even_deep_in_a_record(ml: Mentorlog) -> None:
    note = "x" * (limits.IMPORTED_LONG_TEXT + 1)
    err = refused(ml, export({"goals": [goal(history=[{"at": None, "note": note}])]}))
    assert "its history.note is 400,001 characters long (at most 400,000)" in err


def test_text_at_the_caps_is_imported(ml: Mentorlog) -> None:
    title = "t" * limits.IMPORTED_SHORT_TEXT
    (ml.cwd / "ok.json").write_bytes(export({"goals": [goal(title=title)]}))
    ml.ok("import", "json", "ok.json")
    assert [g["title"] for g in ml.json("goal", "list")] == [title]


def test_a_long_ics_uid_is_refused(ml: Mentorlog) -> None:
    data = ics().replace(b"UID:e1", b"UID:" + b"u" * 501)
    err = refused(ml, data, name="in.ics", kind="ics")
    assert "its UID on line 5 is 501 characters long, more than the 500 an import takes" in err


# -- 11. the work per .ics file --------------------------------------------------------------------


def test_too_many_components_are_refused(ml: Mentorlog) -> None:
    event = "BEGIN:VEVENT\r\nEND:VEVENT\r\n"
    body = "BEGIN:VCALENDAR\r\n" + event * limits.MAX_ICS_COMPONENTS + "END:VCALENDAR\r\n"
    err = refused(ml, body.encode(), name="in.ics", kind="ics")
    assert "begins its component number 50,001, more than the 50,000 an import reads" in err


def test_too_many_properties_in_one_component_are_refused(ml: Mentorlog) -> None:
    lines = "ATTENDEE:mailto:ann@example.org\r\n" * limits.MAX_ICS_PROPERTIES
    err = refused(ml, ics(extra=lines), name="in.ics", kind="ics")
    assert "is property number 1,001 of one 'VEVENT', more than the 1,000 an import reads" in err


def test_a_zone_with_too_many_transitions_is_refused(ml: Mentorlog) -> None:
    part = (
        "BEGIN:DAYLIGHT\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0000\r\n"
        "TZOFFSETTO:+0100\r\nEND:DAYLIGHT\r\n"
    )
    zone = f"BEGIN:VTIMEZONE\r\nTZID:Odd\r\n{part * 10_000}END:VTIMEZONE\r\n"
    err = refused(ml, ics(zones=zone), name="in.ics", kind="ics")
    assert "is transition number 1,001 of one VTIMEZONE, more than the 1,000" in err


def test_rdates_count_as_transitions(ml: Mentorlog) -> None:
    dates = ",".join(f"{1970 + n // 12}{1 + n % 12:02d}01T000000" for n in range(1_001))
    part = (
        f"BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nRDATE:{dates}\r\n"
        "TZOFFSETFROM:+0000\r\nTZOFFSETTO:+0000\r\nEND:STANDARD\r\n"
    )
    zone = f"BEGIN:VTIMEZONE\r\nTZID:Odd\r\n{part}END:VTIMEZONE\r\n"
    err = refused(ml, ics(zones=zone), name="in.ics", kind="ics")
    assert "is transition number 1,001 of one VTIMEZONE" in err


# -- 12. links and emails ----------------------------------------------------------------------

OSC52 = "https://x.org/\x1b]52;c;cHduZWQ=\x07"


@pytest.mark.parametrize(
    "link",
    [
        OSC52,
        "https://x.org/\x9b31m",
        "javascript:alert(1)",
        "https://x.org/a b",
        "file:///etc/passwd",
    ],
)
def test_a_bad_link_is_refused_on_the_command_line(ml: Mentorlog, link: str) -> None:
    before = ml.journal_bytes()
    args = ["meeting", "add", "--with", "ann", "--at", "2026-12-02 09:00", "--link", link]
    assert "as a link (" in ml.fails(2, *args).err
    assert ml.journal_bytes() == before


@pytest.mark.parametrize("email", ["a\x1b[2J@x.org", "a\x85@x.org", "a@b", "a b@x.org"])
def test_a_bad_email_is_refused_on_the_command_line(ml: Mentorlog, email: str) -> None:
    done = ml.fails(2, "person", "edit", "ann", "--email", email)
    assert "as an email address; write it like alice@example.org." in done.err


def test_links_that_calls_use_are_taken(ml: Mentorlog) -> None:
    for link in ("https://meet.example.org/a", "tel:+15551234567", "zoommtg://zoom.us/join?c=1"):
        ml.ok("meeting", "add", "--with", "ann", "--at", "2026-12-02 09:00", "--link", link)


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        (
            {"link": OSC52},
            "its link 'https://x.org/\\x1b]52;c;cHduZWQ=\\x07' is refused: it holds a control "
            "character",
        ),
        (
            {"link": "javascript:alert(1)"},
            "is refused: it is not a web (http, https), mailto, tel, sip or call-app link",
        ),
    ],
)
def test_a_bad_link_is_refused_on_import(ml: Mentorlog, fields: dict[str, Any], said: str) -> None:
    meeting = {
        "id": 1,
        "uid": f"{UID}60",
        "people": ["ann"],
        "start": "2026-12-02T09:00:00",
        "tz": "UTC",
    }
    err = refused(ml, export({"meetings": [meeting | fields]}))
    assert said in err


def test_a_bad_email_is_refused_on_import(ml: Mentorlog) -> None:
    err = refused(ml, export({"people": [person(email="bob\x1b]52;c;x\x07@x.org")]}))
    assert "its email 'bob\\x1b]52;c;x\\x07@x.org' is refused: it holds a control character" in err


@pytest.mark.parametrize(
    "line",
    [
        "URL:" + OSC52,
        "ATTENDEE;CN=Ann\x1b[2J:mailto:ann@example.org",
        "LOCATION:https://x.org/\x9bm",
    ],
)
def test_a_control_character_in_an_invitation_link_or_address_is_refused(
    ml: Mentorlog, line: str
) -> None:
    err = refused(ml, ics(extra=line + "\r\n"), name="in.ics", kind="ics")
    assert "which no link or address has; the file is damaged or hostile" in err


# -- the checks themselves, over any input ---------------------------------------------------

TEXT = st.text(st.characters(codec="utf-8"), max_size=40)


@given(scheme=st.sampled_from([*limits.URL_SCHEMES, "javascript", "file", "data", ""]), rest=TEXT)
def test_a_link_taken_has_an_allowed_scheme_and_nothing_invisible(scheme: str, rest: str) -> None:
    link = f"{scheme}:{rest}"
    if limits.problem_with_url(link) is None:
        assert link.partition(":")[0].lower() in limits.URL_SCHEMES
        assert not re.search(r"[\x00-\x1f\x7f-\x9f]", link)
        assert not any(ch.isspace() for ch in link)


@given(local=TEXT, domain=TEXT)
def test_an_email_taken_has_one_at_a_dotted_domain_and_nothing_invisible(
    local: str, domain: str
) -> None:
    email = f"{local}@{domain}"
    if limits.problem_with_email(email) is None:
        assert email.count("@") == 1
        assert "." in email.partition("@")[2]
        assert not re.search(r"[\x00-\x1f\x7f-\x9f\s]", email)


@given(
    year=st.integers(min_value=0, max_value=99_999),
    rest=st.sampled_from(["-01-01", "-12-31T23:59:59+00:00"]),
)
def test_a_stored_date_is_refused_exactly_outside_the_years(year: int, rest: str) -> None:
    problem = limits.problem_with_year(f"{year:04d}{rest}")
    assert (problem is None) == (limits.MIN_YEAR <= year <= limits.MAX_YEAR)


@settings(max_examples=examples(100))
@given(
    lines=st.lists(
        st.text(st.characters(codec="utf-8", exclude_characters="\r\n"), max_size=30), max_size=30
    )
)
def test_the_limits_pass_refuses_in_one_sentence_or_not_at_all(lines: list[str]) -> None:
    from mentorlog.calendar.ics_limits import check_limits

    text = (
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n"
        + "\r\n".join(lines)
        + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    refusal = ""
    try:
        check_limits(text, "f.ics")
    except InvalidInput as exc:
        refusal = str(exc)
    assert refusal == "" or (refusal.startswith("Cannot ") and "f.ics" in refusal)
    assert refusal == "" or refusal.endswith(".")
