"""Parsing a small journal as orjson parses it, without importing orjson.

orjson parses a journal twice as fast as the standard library's `json`, but importing it
takes about 9 ms (it imports `dataclasses`, `inspect`, `uuid` and `platform` at start),
more than `json` takes to parse a journal of 1,000 records. So the first megabytes a
command reads are parsed with `json` (whose C scanner is in every Python), and orjson is
imported for the rest, for larger journals from their first table (`expect`), and for
writing (`BUDGET`).

What `json` accepts and orjson does not, or reads otherwise, never reaches the caller from
`json`: a text orjson would refuse or read another way is handed to orjson, which then
answers as it always did (its value, or its `JSONDecodeError` and message). That is:

- bytes that are not UTF-8, or that start with a byte order mark (orjson refuses them);
  decoding as strict UTF-8 refuses the same bytes;
- `NaN`, `Infinity` and `-Infinity` (orjson refuses them; `json` reads them as floats);
- integers past 64 bits (orjson reads them as floats or refuses them; `json` as integers);
- any number with a fraction or an exponent (the store writes none: a hand edit's is read
  by orjson, so that no rounding of ours ever differs from its);
- an escaped surrogate, `\\uD800` to `\\uDFFF` (orjson refuses a lone one; `json` keeps
  it), and anything nested too deep for `json` (orjson's limit is 1,024);
- and every text `json` refuses, so that the message is orjson's.

`tests/test_store_jsonread.py` holds `loads` to `orjson.loads` over arbitrary JSON texts,
hand-mangled bytes and each case above.
"""

from __future__ import annotations

import json
import re
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# How many bytes a command parses with `json` before it imports orjson for the rest: about
# where `json`'s slower parsing (about 2 ms a megabyte more) has cost what orjson's import
# would: 9 ms, or 4 ms where `dataclasses` is imported already (the models import it).
BUDGET = 3_500_000
BUDGET_WITH_DATACLASSES = 1_000_000
_parsed = 0  # bytes parsed with `json` so far
_expected = 0  # the largest journal file read so far: its tables may all be parsed
# An escaped surrogate (or what looks like one after an escaped backslash: orjson decides).
_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F]")
_SMALLEST, _PAST_LARGEST = -(2**63), 2**64


class _Doubt(Exception):
    """A value `json` would read where orjson might not read the same."""


def _integer(text: str) -> int:
    value = int(text)
    if _SMALLEST <= value < _PAST_LARGEST:
        return value
    raise _Doubt


def _doubt(text: str) -> Any:
    raise _Doubt


_DECODER = json.JSONDecoder(parse_int=_integer, parse_float=_doubt, parse_constant=_doubt)


def expect(size: int) -> None:
    """A journal file of `size` bytes was read: where its tables would take more than the
    budget, orjson parses from the first (`json` would only add to orjson's import)."""
    global _expected
    _expected = max(_expected, size)


def _orjson_imported() -> bool:
    return "orjson" in sys.modules


def _budget() -> int:
    return BUDGET_WITH_DATACLASSES if "dataclasses" in sys.modules else BUDGET


def loads(raw: bytes | memoryview) -> Any:
    """`orjson.loads(raw)`: the same value, or the same error (orjson's `JSONDecodeError`,
    a `json.JSONDecodeError`)."""
    global _parsed
    if not _orjson_imported() and max(_expected, _parsed + len(raw)) <= _budget():
        _parsed += len(raw)
        try:
            if _SURROGATE.search(raw) is None:
                return _DECODER.decode(str(raw, "utf-8"))
        except (_Doubt, ValueError, RecursionError):
            # ValueError: not UTF-8 (UnicodeDecodeError), or not JSON (JSONDecodeError)
            pass
    import orjson

    return orjson.loads(raw)
