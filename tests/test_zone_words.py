"""Zones as typed: properties of `read_zone` over every IANA name and over any text."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from mentorlog.errors import InvalidInput
from mentorlog.timeparse import read_zone
from mentorlog.timeparse.zones import _zone_keys

REGIONAL = sorted(
    name for name in _zone_keys().values() if name.split("/")[0] in ("Europe", "Asia", "America")
)


@given(st.sampled_from(REGIONAL))
def test_an_iana_name_reads_as_itself_without_a_note(name: str) -> None:
    notes: list[str] = []
    assert read_zone(name, notes).key == name
    assert notes == []


@given(st.sampled_from(REGIONAL))
def test_a_city_typed_loosely_is_that_zone_or_a_list_of_candidates(name: str) -> None:
    city = name.rsplit("/", 1)[1].replace("_", " ").upper()
    notes: list[str] = []
    refusal = ""
    try:
        zone = read_zone(city, notes)
    except InvalidInput as refused:
        refusal = str(refused)
    if refusal:
        assert "could be any of several zones" in refusal
        return
    instant = datetime(2026, 7, 1, tzinfo=UTC)
    # The zone chosen keeps the same clock as the one named (a link to it, at least).
    assert instant.astimezone(zone).utcoffset() == instant.astimezone(read_zone(name)).utcoffset()
    if zone.key.lower() == city.lower():  # a zone of that very name ('Jamaica')
        assert notes == []
    else:
        assert notes == [f"Read {city!r} as the zone {zone.key}."]


@given(st.integers(-12, 14), st.sampled_from(["UTC", "GMT", ""]))
def test_a_whole_hour_offset_keeps_its_sign(hours: int, prefix: str) -> None:
    text = f"{prefix}{'+' if hours >= 0 else '-'}{abs(hours)}"
    zone = read_zone(text, [])
    offset = datetime(2026, 1, 1, tzinfo=UTC).astimezone(zone).utcoffset()
    assert offset is not None
    assert offset.total_seconds() == hours * 3600


@given(st.text(max_size=80))
def test_any_text_is_a_zone_or_one_clear_refusal(text: str) -> None:
    refusal = "."
    try:
        read_zone(text, [])
    except InvalidInput as refused:
        refusal = str(refused)
    assert refusal.endswith((".", "?"))
