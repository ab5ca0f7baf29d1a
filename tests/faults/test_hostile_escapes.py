"""Terminal escape sequences in everything mentorlog shows, typed through the CLI or edited
into the journal by hand: shown as visible escapes, never interpreted, plain or in colour;
`--json` keeps the exact text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
from faultkit import Done, Mentorlog, write_journal
from hostile import (
    COLOUR,
    ESCAPES,
    JSON_READS,
    STAMP,
    assert_harmless,
    check_all_harmless,
    copy_of,
    human_reads,
    rec,
    seeded_home,
)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_home(tmp_path_factory)


@pytest.fixture
def ml(isolated_env: Path, seeded: Path) -> Mentorlog:
    """A mentorlog on a seeded journal of its own."""
    return copy_of(seeded, isolated_env)


@pytest.fixture(scope="module")
def escapes_home(tmp_path_factory: pytest.TempPathFactory) -> Mentorlog:
    """A journal where everything typed holds escape sequences, made through the CLI."""
    ml = Mentorlog(tmp_path_factory.mktemp("escapes") / "home")
    e = ESCAPES
    for args in [
        ["person", "add", "bob", "--name", f"Bob{e}", "--role", "mentor", "--tz", "Asia/Tokyo"],
        ["person", "edit", "bob", "--expectations", f"Expect{e}"],
        ["goal", "add", f"Goal{e}", "--why", f"Why{e}", "--with", "bob", "--due", "2026-12-01"],
        ["goal", "progress", "1", "+5", "--note", f"Step{e}"],
        ["meeting", "add", "--with", "bob", "--at", "2026-11-25 09:00", "--title", f"Meet{e}"],
        ["meeting", "add", "--with", "bob", "--at", "2026-11-20 09:00", "--title", f"Past{e}"],
        ["meeting", "notes", "2", f"Notes{e}"],
        ["meeting", "done", "2", "--rating", "4"],
        ["action", "add", f"Act{e}", "--owner", "bob", "--due", "2026-11-20"],
        ["action", "add", f"Mine{e}", "--meeting", "1", "--goal", "1"],
        ["topic", "add", f"Topic{e}", "--with", "bob"],
        ["feedback", "add", f"Heard{e}", "--from", "bob", "--rating", "4"],
        ["feedback", "add", f"Said{e}", "--to", "bob", "--meeting", "2"],
        ["milestone", "add", f"Mile{e}", "--goal", "1", "--with", "bob", "--on", "2026-11-19"],
        ["note", "add", f"Note{e}", "--with", "bob"],
        ["agenda", "1", "--save"],
    ]:
        ml.ok(*args)
    return ml


def test_escapes_typed_into_titles_are_shown_harmlessly(escapes_home: Mentorlog) -> None:
    check_all_harmless(escapes_home, human_reads("bob", ESCAPES))
    shown = escapes_home.ok("goal", "show", "1").out
    assert "Goal\\x1b[2J\\x1b]0;pwned\\x07\\x9b31m\\x0dX\\x08\\x7f" in shown


def test_escapes_in_messages_are_shown_harmlessly(escapes_home: Mentorlog, tmp_path: Path) -> None:
    ml = copy_of(escapes_home.home, tmp_path / "home")
    done = ml.ok("goal", "edit", "1", "--title", f"Again{ESCAPES}", env=COLOUR)
    assert_harmless(done, colour=True)
    done = ml.fails(3, "person", "show", f"bob{ESCAPES}")
    assert_harmless(Done(done.args, 0, done.out, done.err), colour=False)


def test_json_keeps_the_exact_text_escapes_and_all(escapes_home: Mentorlog) -> None:
    goal = escapes_home.json("goal", "show", "1")
    assert goal["title"] == f"Goal{ESCAPES}"
    assert goal["why"] == f"Why{ESCAPES}"
    assert goal["history"][0]["note"] == f"Step{ESCAPES}"
    assert escapes_home.json("person", "show", "bob")["name"] == f"Bob{ESCAPES}"
    assert escapes_home.json("meeting", "show", "2")["notes"].endswith(f"\nNotes{ESCAPES}")
    texts = {f["text"] for f in escapes_home.json("feedback", "list")}
    assert texts == {f"Heard{ESCAPES}", f"Said{ESCAPES}"}
    hits = escapes_home.json("search", "pwned")
    assert hits, "the search for text inside the escapes finds the records"
    for done in escapes_home.many(JSON_READS):
        assert done.code == 0, str(done)
        orjson.loads(done.out)  # one JSON document, escapes as JSON escapes
        assert "\x1b" not in done.out, " ".join(done.args)


def escapes_everywhere() -> dict[str, Any]:
    """Every string field of every table holds escapes, handles and zones included (a
    handle edited by hand is never checked by `person add`)."""
    e = "\x1b[2J\x1b]0;pwned\x07"
    h = f"bob{e}"
    return {
        "people": {
            "1": rec(handle=h, name=f"Bob{e}", role=f"mentor{e}", tz="UTC", email=f"b{e}",
                     channel=f"video{e}", cadence=f"2w{e}", hours=f"09:00-17:00{e}",
                     days=[f"mon{e}", "tue"], expectations=f"x{e}", tags=[f"t{e}"]),
        },
        "goals": {
            "1": rec(title=f"G{e}", why=f"w{e}", status=f"active{e}", progress=5,
                     due="2026-12-01", person=h, tags=[f"t{e}"], completed=f"c{e}",
                     history=[{"at": f"{STAMP}{e}", "progress": 5, "note": f"n{e}"}]),
        },
        "meetings": {
            "1": rec(title=f"M{e}", people=[h, f"ghost{e}"], start="2026-11-25T09:00:00",
                     tz="UTC", duration=45, rrule="FREQ=WEEKLY", channel=f"video{e}",
                     link=f"https://x.org/{e}", notes=f"no{e}", agenda=f"ag{e}",
                     agenda_for=f"2026-11-25T09:00:00{e}", status=f"odd{e}",
                     held=[{"start": f"2026-11-18T09:00:00{e}", "at": STAMP, "rating": 4}]),
            "2": rec(title=f"P{e}", people=[h], start="2026-11-20T09:00:00", tz="UTC",
                     duration=45, status="held", notes=f"pn{e}"),
        },
        "actions": {
            "1": rec(text=f"A{e}", owner=h, due="2026-11-20", status="open", meeting=1,
                     goal=1, person=h),
            "2": rec(text=f"B{e}", owner="me", status="open", person=h),
            "3": rec(text=f"C{e}", owner=f"stranger{e}", status="open"),
        },
        "topics": {"1": rec(text=f"T{e}", person=h, status="open")},
        "feedback": {
            "1": rec(text=f"F{e}", direction="received", person=h, at=STAMP, rating=4,
                     tags=[f"t{e}"]),
            "2": rec(text=f"F2{e}", direction=f"sideways{e}", person=f"ghost{e}", at=f"x{e}"),
        },
        "milestones": {
            "1": rec(title=f"Ms{e}", on="2026-11-19", goal=1, person=h, note=f"mn{e}",
                     source=f"s{e}"),
        },
        "notes": {
            "1": rec(text=f"N{e}", at=STAMP, people=[h], tags=[f"t{e}"], private=False,
                     prompt=f"p{e}"),
        },
    }  # fmt: skip


def test_escapes_edited_into_any_field_are_shown_harmlessly(ml: Mentorlog) -> None:
    write_journal(ml.home, escapes_everywhere())
    check_all_harmless(ml, human_reads("bob\x1b[2J\x1b]0;pwned\x07", "pwned"))
