"""`mentorlog person ...` through the real CLI."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from conftest import Run

ALICE = ("person", "add", "alice", "--name", "Alice Chen", "--role", "mentor", "--tz", "Asia/Tokyo")


@pytest.fixture
def alice(run: Run) -> None:
    run.ok(*ALICE, "--cadence", "2w", "--channel", "video", "--email", "alice@example.org")


def test_add_stores_every_field_and_confirms_on_stderr(run: Run) -> None:
    result = run.ok(
        *ALICE,
        "--email", "alice@example.org",
        "--channel", "Video",
        "--cadence", "biweekly",
        "--hours", "8am-4pm",
        "--days", "mon-thu",
        "--expectations", "Monthly career check-ins; async questions welcome",
        "--tag", "Career", "--tag", "#python",
    )  # fmt: skip
    assert result.stdout == ""
    assert result.stderr.strip() == "Added alice (Alice Chen), your mentor in Asia/Tokyo."
    [person] = run.json("person", "list")
    assert person == {
        "id": 1,
        "uid": person["uid"],
        "handle": "alice",
        "name": "Alice Chen",
        "role": "mentor",
        "tz": "Asia/Tokyo",
        "email": "alice@example.org",
        "channel": "video",
        "cadence": "2w",
        "hours": "08:00-16:00",
        "days": ["mon", "tue", "wed", "thu"],
        "expectations": "Monthly career check-ins; async questions welcome",
        "tags": ["career", "python"],
        "archived": False,
        "created": "2026-11-21T11:15:00+01:00",
        "updated": "2026-11-21T11:15:00+01:00",
    }


def test_add_defaults_to_nine_to_five_on_weekdays(run: Run) -> None:
    run.ok(*ALICE)
    person = run.json("person", "show", "alice")
    assert (person["hours"], person["days"], person["cadence"]) == (
        "09:00-17:00",
        ["mon", "tue", "wed", "thu", "fri"],
        None,
    )


def test_add_json_prints_the_new_record(run: Run) -> None:
    result = run.ok(*ALICE, "--json")
    assert '"handle": "alice"' in result.stdout
    assert "Added alice" in result.stderr


BAD_ADDS = {
    "uppercase handle": (
        ("person", "add", "Alice", "--name", "A", "--role", "mentor", "--tz", "UTC"),
        "Cannot use 'Alice' as a handle: use 1 to 32 lowercase letters, digits, '-' or '_', "
        "starting with a letter; try 'alice'.",
    ),
    "handle with space": (
        ("person", "add", "Bo Li", "--name", "Bo", "--role", "peer", "--tz", "UTC"),
        "Cannot use 'Bo Li' as a handle: use 1 to 32 lowercase letters, digits, '-' or '_', "
        "starting with a letter; try 'bo-li'.",
    ),
    "handle starting with a digit": (
        ("person", "add", "42", "--name", "N", "--role", "peer", "--tz", "UTC"),
        "Cannot use '42' as a handle: use 1 to 32 lowercase letters, digits, '-' or '_', "
        "starting with a letter, e.g. 'alice'.",
    ),
    "reserved handle": (
        ("person", "add", "me", "--name", "Me", "--role", "peer", "--tz", "UTC"),
        "The handle 'me' is reserved (me, none and all have a meaning in commands); choose "
        "another, e.g. 'alice'.",
    ),
    "missing options": (
        ("person", "add", "bob", "--name", "Bob"),
        "A person needs --role and --tz, e.g. mentorlog person add alice --name 'Alice Chen' "
        "--role mentor --tz Asia/Tokyo.",
    ),
    "bad role": (
        ("person", "add", "bob", "--name", "Bob", "--role", "boss", "--tz", "UTC"),
        "Cannot use 'boss' as a role; choose one of mentor, mentee, peer.",
    ),
    "bad zone": (
        ("person", "add", "bob", "--name", "Bob", "--role", "peer", "--tz", "Mars/Olympus"),
        "Unknown time zone 'Mars/Olympus'; use an IANA name such as 'Europe/Berlin' or "
        "'America/New_York'.",
    ),
    "misspelt zone": (
        ("person", "add", "bob", "--name", "Bob", "--role", "peer", "--tz", "Europe/Berln"),
        "Unknown time zone 'Europe/Berln'; did you mean 'Europe/Berlin'?",
    ),
    "bad email": (
        ("person", "add", "bob", "--name", "Bob", "--role", "peer", "--tz", "UTC",
         "--email", "bob-at-home"),
        "Cannot use 'bob-at-home' as an email address; write it like alice@example.org.",
    ),
    "bad channel": (
        ("person", "add", "bob", "--name", "Bob", "--role", "peer", "--tz", "UTC",
         "--channel", "pigeon"),
        "Cannot use 'pigeon' as a channel; choose one of video, call, chat, email, in-person.",
    ),
    "bad cadence": (
        ("person", "add", "bob", "--name", "Bob", "--role", "peer", "--tz", "UTC",
         "--cadence", "sometimes"),
        "Cannot read 'sometimes' as a cadence; write it like weekly, 2w or monthly.",
    ),
    "bad hours": (
        ("person", "add", "bob", "--name", "Bob", "--role", "peer", "--tz", "UTC",
         "--hours", "25:00-26:00"),
        "Cannot read '25:00-26:00' as working hours; write them like 09:00-17:00 or 9am-5pm.",
    ),
    "bad days": (
        ("person", "add", "bob", "--name", "Bob", "--role", "peer", "--tz", "UTC",
         "--days", "mon-funday"),
        "Cannot read 'mon-funday' as working days; write them like mon-fri or mon,wed,fri.",
    ),
    "bad tag": (
        ("person", "add", "bob", "--name", "Bob", "--role", "peer", "--tz", "UTC",
         "--tag", "two words"),
        "Cannot use 'two words' as a tag; use up to 40 letters, digits, '-', '_', '.', '/' or "
        "'+' with no spaces, e.g. 'career' or 'public-speaking'.",
    ),
    "empty name": (
        ("person", "add", "bob", "--name", "  ", "--role", "peer", "--tz", "UTC"),
        "The name is empty; write some text, e.g. 'Alice Chen'.",
    ),
}  # fmt: skip


@pytest.mark.parametrize(("args", "message"), BAD_ADDS.values(), ids=BAD_ADDS.keys())
def test_bad_input_is_one_sentence_exit_2_and_changes_nothing(
    run: Run, journal_bytes: Callable[[], bytes], args: tuple[str, ...], message: str
) -> None:
    run.ok(*ALICE)
    before = journal_bytes()
    result = run.fails(2, *args)
    assert result.stderr == f"Error: {message}\n"
    assert journal_bytes() == before


def test_handles_are_unique_whatever_the_case(run: Run, alice: None) -> None:
    result = run.fails(4, *ALICE)
    assert result.stderr == (
        "Error: There is already a person with handle 'alice'; pick another handle or use "
        "`mentorlog person edit alice`.\n"
    )


def test_unknown_handle_suggests_the_closest(run: Run, alice: None) -> None:
    result = run.fails(3, "person", "show", "alce")
    assert result.stderr == (
        "Error: No person with handle 'alce'. Did you mean 'alice'? "
        "See `mentorlog person list --all`.\n"
    )


def test_unknown_handle_in_an_empty_journal_says_how_to_add(run: Run) -> None:
    result = run.fails(3, "person", "show", "bob")
    assert "the journal has nobody yet; add someone with `mentorlog person add`" in result.stderr


def test_list_shows_their_local_time_and_offset(run: Run, alice: None) -> None:
    run.ok("person", "add", "bo", "--name", "Bo", "--role", "mentee", "--tz", "America/New_York")
    out = run.ok("person", "list").stdout
    # 11:15 in Berlin is 19:15 in Tokyo (+8h) and 05:15 in New York (-6h).
    assert "Sat 19:15 +8h" in out
    assert "Sat 05:15 -6h" in out
    assert "never" in out  # last met
    assert out.index("alice") < out.index("bo ")


def test_list_when_empty_says_how_to_start(run: Run) -> None:
    result = run.ok("person", "list")
    assert result.stdout == ""
    assert "Nobody here yet" in result.stderr
    assert run.json("person", "list") == []


def test_show_has_the_whole_relationship(run: Run, alice: None) -> None:
    run.ok("goal", "add", "Give a talk", "--with", "alice", "--due", "in 3 weeks")
    run.ok("goal", "add", "Private goal")
    out = run.ok("person", "show", "ALICE").stdout
    assert "Alice Chen (alice) · mentor" in out
    assert "Asia/Tokyo: Sat 19:15 there now, +8h (outside working hours)" in out
    assert "09:00-17:00, mon-fri" in out
    assert "every 2 weeks" in out
    assert "alice@example.org" in out
    assert "Goals with Alice Chen" in out
    assert "Give a talk" in out
    assert "Private goal" not in out


def test_show_json_is_the_record(run: Run, alice: None) -> None:
    person = run.json("person", "show", "alice")
    assert person["handle"] == "alice"
    assert person["cadence"] == "2w"


def test_edit_changes_and_clears_fields(run: Run, alice: None) -> None:
    run.ok(
        "person", "edit", "alice",
        "--tz", "europe/lisbon",
        "--cadence", "monthly",
        "--email", "none",
        "--role", "peer",
        "--tag", "career", "--tag", "ml",
    )  # fmt: skip
    run.ok("person", "edit", "alice", "--untag", "career", "--channel", "")
    person = run.json("person", "show", "alice")
    assert (person["tz"], person["cadence"], person["email"], person["role"]) == (
        "Europe/Lisbon",
        "1m",
        None,
        "peer",
    )
    assert person["tags"] == ["ml"]
    assert person["channel"] is None


def test_edit_with_nothing_to_change_is_an_error(
    run: Run, alice: None, journal_bytes: Callable[[], bytes]
) -> None:
    before = journal_bytes()
    result = run.fails(2, "person", "edit", "alice")
    assert "Nothing to change" in result.stderr
    assert journal_bytes() == before


def test_edit_bad_values_change_nothing(
    run: Run, alice: None, journal_bytes: Callable[[], bytes]
) -> None:
    before = journal_bytes()
    run.fails(2, "person", "edit", "alice", "--name", "Alicia", "--tz", "Nowhere/Land")
    assert journal_bytes() == before
    assert run.json("person", "show", "alice")["name"] == "Alice Chen"


def test_archive_hides_and_unarchive_restores(run: Run, alice: None) -> None:
    result = run.ok("person", "archive", "alice")
    assert "Archived alice" in result.stderr
    assert run.json("person", "list") == []
    [archived] = run.json("person", "list", "--all")
    assert archived["archived"] is True
    assert "(archived)" in run.ok("person", "list", "--all").stdout
    run.fails(4, "person", "archive", "alice")
    conflict = run.fails(4, *ALICE)
    assert "(archived; bring them back with `mentorlog person unarchive`)" in conflict.stderr
    run.ok("person", "unarchive", "alice")
    assert [p["handle"] for p in run.json("person", "list")] == ["alice"]


def test_hostile_text_is_shown_harmlessly(run: Run) -> None:
    run.ok(
        "person", "add", "eve", "--name", "Eve \x1b[31mRED\x1b[0m [bold]x[/bold]",
        "--role", "peer", "--tz", "UTC",
    )  # fmt: skip
    out = run.ok("person", "list").stdout
    assert "\x1b" not in out
    assert "\\x1b[31mRED" in out
    assert "[bold]x[/bold]" in out
    assert run.json("person", "show", "eve")["name"] == "Eve \x1b[31mRED\x1b[0m [bold]x[/bold]"


def test_invalid_utf8_in_an_argument_is_refused(run: Run) -> None:
    bad = b"Al\xffce".decode("utf-8", "surrogateescape")
    result = run.fails(2, "person", "add", "al", "--name", bad, "--role", "peer", "--tz", "UTC")
    assert "contains bytes that are not valid UTF-8" in result.stderr


# -- delete ----------------------------------------------------------------------------------


@pytest.fixture
def busy_alice(run: Run) -> None:
    """alice with a goal, a meeting of her own, one shared with bo, an action, a topic,
    feedback, a milestone and a note (shared with bo)."""
    for handle, name in (("alice", "Alice Chen"), ("bo", "Bo Lindqvist")):
        run.ok("person", "add", handle, "--name", name, "--role", "peer", "--tz", "UTC")
    run.ok("goal", "add", "Talk", "--with", "alice")
    run.ok("meeting", "add", "--with", "alice", "--at", "tue 10:00")
    run.ok("meeting", "add", "--with", "alice", "--with", "bo", "--at", "wed 10:00")
    run.ok("action", "add", "Send slides", "--with", "alice")
    run.ok("topic", "add", "Ask about the talk", "--with", "alice")
    run.ok("feedback", "add", "Good pacing", "--from", "alice")
    run.ok("milestone", "add", "Draft", "--with", "alice")
    run.ok("note", "add", "Both liked it", "--with", "alice", "--with", "bo")


def test_delete_is_refused_while_they_have_records(
    run: Run, busy_alice: None, journal_bytes: Callable[[], bytes]
) -> None:
    before = journal_bytes()
    assert run.fails(4, "person", "delete", "alice").stderr.strip() == (
        "Error: Cannot delete alice: they still have 1 goal, 2 meetings, 1 action item, "
        "1 talking point, 1 feedback entry, 1 milestone and 1 note; delete those with them "
        "(--cascade) or move them to another person (--reassign HANDLE)."
    )
    assert journal_bytes() == before


def test_delete_cascade_removes_theirs_and_keeps_what_others_share(
    run: Run, busy_alice: None
) -> None:
    done = run.ok("person", "delete", "alice", "--cascade")
    assert "Deleted alice (Alice Chen). Deleted with it: goal 1, meeting 1," in done.stderr
    assert "No longer linked to it, the rest kept: meeting 2, note 1." in done.stderr
    assert [p["handle"] for p in run.json("person", "list")] == ["bo"]
    assert [(m["meeting"], m["people"]) for m in run.json("meeting", "list")] == [(2, ["bo"])]
    assert [n["people"] for n in run.json("note", "list")] == [["bo"]]
    for kind in ("goal", "action", "topic", "feedback", "milestone"):
        args = (kind, "list", "--status", "all") if kind == "goal" else (kind, "list")
        assert run.json(*args) == [], kind
    run.ok("undo")
    assert [p["handle"] for p in run.json("person", "list")] == ["alice", "bo"]
    assert len(run.json("meeting", "list")) == 2


def test_delete_reassign_moves_everything_to_another_person(run: Run, busy_alice: None) -> None:
    result = run.json("person", "delete", "alice", "--reassign", "bo")
    assert result["reassigned_to"] == "bo"
    assert run.json("goal", "show", "1")["person"] == "bo"
    assert [m["people"] for m in run.json("meeting", "list")] == [["bo"], ["bo"]]
    assert run.json("topic", "show", "1")["person"] == "bo"
    assert run.json("action", "show", "1")["person"] == "bo"
    assert run.json("note", "show", "1")["people"] == ["bo"]


def test_a_person_without_records_is_deleted_at_once(run: Run) -> None:
    run.ok("person", "add", "zed", "--name", "Zed", "--role", "peer", "--tz", "UTC")
    deleted = run.json("person", "delete", "zed")
    assert (deleted["kind"], deleted["deleted"]["handle"]) == ("person", "zed")
    assert run.json("person", "list", "--all") == []


BAD_DELETES = {
    "unknown": (("person", "delete", "alce"), 3, "handle 'alce'. Did you mean 'alice'?"),
    "unknown target": (("person", "delete", "alice", "--reassign", "zed"), 3, "handle 'zed'"),
    "to themselves": (("person", "delete", "alice", "--reassign", "alice"), 2, "name someone else"),
    "both ways": (("person", "delete", "alice", "--cascade", "--reassign", "bo"), 2, "not both"),
}  # fmt: skip


@pytest.mark.parametrize(("args", "code", "message"), BAD_DELETES.values(), ids=BAD_DELETES)
def test_bad_deletes_change_nothing(
    run: Run,
    busy_alice: None,
    journal_bytes: Callable[[], bytes],
    args: tuple[str, ...],
    code: int,
    message: str,
) -> None:
    before = journal_bytes()
    assert message in run.fails(code, *args).stderr
    assert journal_bytes() == before
