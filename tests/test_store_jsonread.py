"""`store.jsonread.loads` parses as `orjson.loads` does: the same value (the same types, the
same order), or orjson's own error and message, for any bytes; the standard library's
`json` answers only where it cannot differ."""

from __future__ import annotations

import json
import random
import sys
from typing import Any

import orjson
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from mentorlog.store import jsonread
from profiles import examples


def orjson_says(raw: bytes) -> tuple[str, str]:
    try:
        return "value", repr(orjson.loads(raw))
    except orjson.JSONDecodeError as exc:
        return "error", str(exc)


def jsonread_says(raw: bytes) -> tuple[str, str]:
    try:
        return "value", repr(jsonread.loads(raw))
    except orjson.JSONDecodeError as exc:  # orjson's, not json's (which would fail here)
        return "error", str(exc)


@pytest.fixture(autouse=True)
def _a_fresh_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every example parsed with `json` first, as a command's first table is (orjson is
    imported in the test process: `loads` would hand everything to it)."""
    monkeypatch.setattr(jsonread, "_parsed", 0)
    monkeypatch.setattr(jsonread, "_expected", 0)
    monkeypatch.setattr(jsonread, "_orjson_imported", lambda: False)
    monkeypatch.setattr(jsonread, "_budget", lambda: jsonread.BUDGET)


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(-(2**64), 2**65),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=4), inner, max_size=4)
    ),
    max_leaves=12,
)
# Pieces that JSON readers disagree on, spliced into texts.
ODD = [
    b"NaN", b"Infinity", b"-Infinity", b"1e400", b"-1e400", b"1e-400", b"1.0", b"-0", b"-0.0",
    b"18446744073709551615", b"18446744073709551616", b"-9223372036854775808",
    b"-9223372036854775809", b"1" * 30, b"1" * 400, b"1" * 5000, b'"\\ud800"',
    b'"\\ud800\\udc00"', b'"\\uDFFF"', b'"\\\\ud800"', b'"\\u0000"', b'"\x01"', b'"\x7f"',
    b"\xef\xbb\xbf", b"\xed\xa0\x80", b"\xc0\x80", b"\xff", b"\x00", b"\x0c", b"\xa0",
    b"[" * 1030, b"]" * 1030, b"{", b"}", b",", b":", b'"', b"\\", b"01", b"1.", b".5",
    b"+1", b"tru", b"nul", b" ", b"\t", b"\r\n",
]  # fmt: skip


def dumped(value: Any, indent: bool) -> bytes:
    """JSON text of `value`: the store's way (orjson, indented), or `json`'s with every
    character past ASCII escaped (surrogate pairs for those past the BMP), and integers
    past 64 bits, which orjson does not write."""
    try:
        return orjson.dumps(value, option=orjson.OPT_INDENT_2 if indent else 0)
    except TypeError:
        return json.dumps(value).encode()


@given(values, st.booleans())
def test_what_orjson_writes_reads_back_the_same(value: Any, indent: bool) -> None:
    raw = dumped(value, indent)
    assert jsonread_says(raw) == orjson_says(raw)


@given(values, st.booleans())
def test_what_json_writes_reads_as_orjson_reads_it(value: Any, ascii_only: bool) -> None:
    raw = json.dumps(value, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")
    assert jsonread_says(raw) == orjson_says(raw)


@given(values, st.booleans(), st.data())
@example({"a": 1, "a ": [1, 2]}, True, None)
def test_a_mangled_text_reads_as_orjson_reads_it(value: Any, indent: bool, data: Any) -> None:
    raw = bytearray(dumped(value, indent))
    for _ in range(data.draw(st.integers(1, 3)) if data else 0):
        at = data.draw(st.integers(0, len(raw)))
        cut = data.draw(st.integers(0, 3))
        piece = data.draw(st.one_of(st.sampled_from(ODD), st.binary(max_size=3)))
        raw[at : at + cut] = piece
    assert jsonread_says(bytes(raw)) == orjson_says(bytes(raw))


@pytest.mark.parametrize("piece", ODD)
def test_each_odd_piece_reads_as_orjson_reads_it(piece: bytes) -> None:
    for raw in (piece, b"[" + piece + b"]", b'{"a": ' + piece + b"}", b'"a' + piece + b'b"'):
        assert jsonread_says(raw) == orjson_says(raw)


def test_duplicate_keys_keep_the_last_value_in_the_first_place() -> None:
    raw = b'{"a": 1, "b": 2, "a": 3}'
    assert jsonread_says(raw) == orjson_says(raw) == ("value", "{'a': 3, 'b': 2}")


def depth_of(value: Any) -> int:
    """How deep lists nest in `value`, each the only item of the one around it (`repr` of
    a thousand levels is past Python's recursion limit)."""
    depth = 0
    while isinstance(value, list):
        depth += 1
        value = value[0] if value else None
    return depth


def test_nesting_past_what_json_takes_is_orjsons_to_answer() -> None:
    for depth in (900, 1023, 1024, 1025, 3000):
        raw = b"[" * depth + b"]" * depth
        try:
            expected: tuple[str, Any] = ("value", depth_of(orjson.loads(raw)))
        except orjson.JSONDecodeError as exc:
            expected = ("error", str(exc))
        try:
            got: tuple[str, Any] = ("value", depth_of(jsonread.loads(raw)))
        except orjson.JSONDecodeError as exc:
            got = ("error", str(exc))
        assert got == expected


def test_json_reads_only_the_first_megabytes_of_a_command(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the budget, or once orjson is imported, orjson parses (and is imported)."""
    used: list[str] = []
    real = jsonread._DECODER.decode
    monkeypatch.setattr(jsonread._DECODER, "decode", lambda text: used.append("json") or real(text))
    table = dumped({str(n): {"title": "x" * 50} for n in range(20_000)}, True)
    assert jsonread.BUDGET // 3 < len(table) <= jsonread.BUDGET // 2  # two by json, then orjson
    for _ in range(3):
        assert jsonread.loads(table) == orjson.loads(table)
    assert used == ["json"] * (jsonread.BUDGET // len(table))
    monkeypatch.setattr(jsonread, "_parsed", 0)
    monkeypatch.setattr(jsonread, "_orjson_imported", lambda: True)
    jsonread.loads(b"{}")
    assert len(used) == jsonread.BUDGET // len(table)


def test_a_journal_past_the_budget_is_parsed_by_orjson_from_its_first_table(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    used: list[str] = []
    real = jsonread._DECODER.decode
    monkeypatch.setattr(jsonread._DECODER, "decode", lambda text: used.append("json") or real(text))
    jsonread.expect(100)
    assert jsonread.loads(b"{}") == {}
    assert used == ["json"]
    jsonread.expect(jsonread.BUDGET + 1)
    assert jsonread.loads(b"{}") == {}
    assert used == ["json"]


def test_the_budget_is_smaller_where_dataclasses_is_imported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Where the models imported `dataclasses`, orjson's import costs a quarter as much."""
    monkeypatch.undo()  # the real `_budget`
    assert "dataclasses" in sys.modules  # this test process imported it
    assert jsonread._budget() == jsonread.BUDGET_WITH_DATACLASSES < jsonread.BUDGET
    monkeypatch.delitem(sys.modules, "dataclasses")
    assert jsonread._budget() == jsonread.BUDGET


def test_random_journal_bytes_read_as_orjson_reads_them() -> None:
    """Bytes of a journal with a few flipped (seeded: the same every run)."""
    rng = random.Random(19)
    journal = dumped({"goals": {str(n): {"title": f"Goal {n}", "tags": ["a"], "progress": n}
                                for n in range(200)}}, True)  # fmt: skip
    for _ in range(examples(300)):
        raw = bytearray(journal)
        for _ in range(rng.randint(1, 4)):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
        assert jsonread_says(bytes(raw)) == orjson_says(bytes(raw))
