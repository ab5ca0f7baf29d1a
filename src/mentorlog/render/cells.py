"""How many terminal cells a string takes, as rich's `cell_len` says, without importing rich
for the usual case.

Printable ASCII takes one cell a character, and so do the characters mentorlog draws itself
(the progress bar's `DRAWN`): `len` tells their width. Only other text (accents, wide or
combining characters, control codes) is measured by rich, imported then. A `goal list` of
ASCII titles to a pipe so imports no rich at all (tests/test_imports.py), and a column of
progress bars is measured by `len` (tests/test_cells.py holds `cell_len` to rich's).
"""

from __future__ import annotations

from collections.abc import Callable

# The progress bar's characters (render.human): one cell each, as rich measures them.
FULL, EMPTY = "█", "░"
DRAWN = FULL + EMPTY

_measured: Callable[[str], int] | None = None


def one_cell_each(text: str) -> bool:
    """Whether every character of `text` takes exactly one cell: printable ASCII, or
    `DRAWN`."""
    # Two `replace`s, in C, and not `translate`: on a column of 10,000 bars they take a
    # fifth of its time.
    return text.isprintable() and (
        text.isascii() or text.replace(FULL, "").replace(EMPTY, "").isascii()
    )


def cell_len(text: str) -> int:
    """The width of `text` in terminal cells, exactly as `rich.cells.cell_len` gives it."""
    if one_cell_each(text):
        return len(text)
    global _measured
    if _measured is None:
        from rich.cells import cell_len as measured

        _measured = measured
    return _measured(text)
