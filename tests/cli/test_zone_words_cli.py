"""Zones as people type them, through every option that reads one: cities, unique ends of IANA
names, abbreviations and fixed offsets (Sat 21 Nov 2026, Berlin)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from conftest import Run

CITIES = [
    ("Berlin", "Europe/Berlin"),
    ("tokyo", "Asia/Tokyo"),
    ("New York", "America/New_York"),
    ("new_york", "America/New_York"),
    ("Sao Paulo", "America/Sao_Paulo"),
    ("São Paulo", "America/Sao_Paulo"),
    ("KOLKATA", "Asia/Kolkata"),
    ("Buenos Aires", "America/Argentina/Buenos_Aires"),  # the unique end of a longer name
    ("Indiana/Knox", "America/Indiana/Knox"),
    ("Munich", "Europe/Berlin"),  # a city that is not itself a zone's name
]


@pytest.mark.parametrize(("typed", "key"), CITIES)
def test_person_add_reads_a_city_and_says_which_zone(run: Run, typed: str, key: str) -> None:
    result = run.ok("person", "add", "kai", "--name", "Kai", "--role", "peer", "--tz", typed)
    assert f"Note: Read {typed!r} as the zone {key}." in result.stderr
    assert run.json("person", "show", "kai")["tz"] == key


def test_an_exact_iana_name_needs_no_note(run: Run) -> None:
    result = run.ok("person", "add", "kai", "--name", "Kai", "--role", "peer", "--tz", "Asia/Tokyo")
    assert "Note" not in result.stderr


def test_person_edit_and_config_and_meeting_read_cities(run: Run) -> None:
    run.ok("person", "add", "kai", "--name", "Kai", "--role", "peer", "--tz", "UTC")
    edited = run.ok("person", "edit", "kai", "--tz", "Sao Paulo")
    assert "America/Sao_Paulo" in edited.stderr
    assert run.json("person", "show", "kai")["tz"] == "America/Sao_Paulo"
    configured = run.ok("config", "set", "timezone", "tokyo")
    assert "Note: Read 'tokyo' as the zone Asia/Tokyo." in configured.stderr
    assert "Set timezone = Asia/Tokyo." in configured.stderr
    meeting = run.json("meeting", "add", "--with", "kai", "--at", "2026-12-01 09:00",
                       "--tz", "Kolkata")  # fmt: skip
    assert meeting["tz"] == "Asia/Kolkata"
    assert meeting["start"] == "2026-12-01T09:00:00+05:30"


def test_when_reads_a_city(run: Run) -> None:
    found = run.json("when", "2026-07-01 12:00", "--tz", "New York")
    assert found["instant_utc"] == "2026-07-01T16:00:00+00:00"


def test_an_abbreviation_one_region_uses_is_its_zone_with_daylight_saving(run: Run) -> None:
    # New York noon in July is 18:00 in Berlin (EDT, -4), not 19:00 as a fixed UTC-5 would say.
    result = run.ok("when", "2026-07-01 12:00", "--tz", "EST", "--json")
    assert '"instant_utc": "2026-07-01T16:00:00+00:00"' in result.stdout
    assert result.stderr.startswith("Note: Read 'EST' as America/New_York, which follows")
    for abbreviation, key in [("PST", "America/Los_Angeles"), ("CET", "Europe/Berlin"),
                              ("cest", "Europe/Berlin"), ("AEST", "Australia/Sydney")]:  # fmt: skip
        shown = run.ok("config", "set", "timezone", abbreviation)
        assert f"Set timezone = {key}." in shown.stderr
        assert f"Note: Read {abbreviation!r} as {key}" in shown.stderr


@pytest.mark.parametrize(
    ("typed", "candidates"),
    [
        ("IST", "Asia/Kolkata or Europe/Dublin or Asia/Jerusalem"),
        ("BST", "Europe/London or Asia/Dhaka"),
        ("cst", "America/Chicago or Asia/Shanghai or America/Havana"),
    ],
)
def test_an_abbreviation_several_regions_use_is_refused_with_them(
    run: Run, journal_bytes: Callable[[], bytes], typed: str, candidates: str
) -> None:
    before = journal_bytes()
    result = run.fails(2, "person", "add", "kai", "--name", "Kai", "--role", "peer", "--tz", typed)
    assert result.stderr == (
        f"Error: {typed!r} is an abbreviation several places use, with different offsets; "
        f"give the IANA zone you mean, e.g. {candidates}.\n"
    )
    assert journal_bytes() == before


@pytest.mark.parametrize(
    ("typed", "key", "offset"),
    [
        ("UTC+2", "Etc/GMT-2", "+02:00"),
        ("+02:00", "Etc/GMT-2", "+02:00"),
        ("GMT+2", "Etc/GMT-2", "+02:00"),
        ("GMT-5", "Etc/GMT+5", "-05:00"),
        ("utc -3", "Etc/GMT+3", "-03:00"),
    ],
)
def test_a_fixed_offset_is_its_etc_zone_with_the_sign_right(
    run: Run, typed: str, key: str, offset: str
) -> None:
    result = run.ok("when", "2026-07-01 12:00", "--tz", typed, "--json")
    hours = int(offset[:3])
    assert f'"instant_utc": "2026-07-01T{12 - hours:02d}:00:00+00:00"' in result.stdout
    assert result.stderr.splitlines()[0] + "\n" == (
        f"Note: {typed!r} is a fixed offset (UTC{offset}) that never changes for daylight "
        f"saving; using {key}. For a place's clock give its zone or city, e.g. Berlin.\n"
    )
    assert "GMT+0" not in result.stderr


def test_an_etc_zone_typed_says_its_real_offset(run: Run) -> None:
    result = run.ok("config", "set", "timezone", "Etc/GMT+2")
    assert "Note: Etc/GMT+2 is UTC-02:00 (POSIX zones reverse the sign)" in result.stderr


def test_a_part_hour_offset_is_refused_with_the_place_on_it(run: Run) -> None:
    result = run.fails(2, "when", "9am", "--tz", "+05:30")
    assert result.stderr == (
        "Error: '+05:30' is a fixed offset that no IANA zone keeps all year; give the zone of "
        "the place, e.g. Asia/Kolkata.\n"
    )


def test_an_ambiguous_end_of_a_name_lists_the_candidates(run: Run) -> None:
    result = run.fails(2, "when", "9am", "--tz", "Eastern")
    assert result.stderr == (
        "Error: 'Eastern' could be any of several zones (Canada/Eastern, US/Eastern); give the "
        "full IANA name.\n"
    )


def test_a_handle_still_wins_over_a_city(run: Run) -> None:
    run.ok("person", "add", "berlin", "--name", "Bee", "--role", "peer", "--tz", "Asia/Tokyo")
    found = run.json("when", "2026-07-01 12:00", "--tz", "berlin")
    assert found["instant_utc"] == "2026-07-01T03:00:00+00:00"
