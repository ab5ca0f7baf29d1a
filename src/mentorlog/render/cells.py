"""How many terminal cells a string takes, as rich's `cell_len` says, without importing rich
for the usual case.

Printable ASCII takes one cell a character, and so do the characters mentorlog draws itself
(the progress bar's `DRAWN`, and the `MARKS` its views write: a dot between facts, a star
for a milestone, an ellipsis, a rule): `len` tells their width. Only other text (accents,
wide or combining characters, control codes) is measured by rich, imported then (with
`typing`, 3.5 ms). A `goal list` of ASCII titles, or the dashboard, to a pipe so imports no
rich at all (tests/test_imports.py), and a column of progress bars is measured by `len`
(tests/test_cells.py holds `cell_len` to rich's, and each of these characters to one cell).
"""

from __future__ import annotations

from collections.abc import Callable

# The progress bar's characters (render.human): one cell each, as rich measures them.
FULL, EMPTY = "█", "░"
DRAWN = FULL + EMPTY
# The other characters the views write themselves: one cell each, as rich measures them.
MARKS = "·★☆…—→←─"
_WITHOUT_OURS = str.maketrans("", "", DRAWN + MARKS)

_measured: Callable[[str], int] | None = None


def one_cell_each(text: str) -> bool:
    """Whether every character of `text` takes exactly one cell: printable ASCII, `DRAWN`
    or `MARKS`."""
    # The bars by two `replace`s, in C, before `translate`: on a column of 10,000 bars they
    # take a fifth of its time.
    return text.isprintable() and (
        text.isascii()
        or text.replace(FULL, "").replace(EMPTY, "").isascii()
        or text.translate(_WITHOUT_OURS).isascii()
    )


def cell_len(text: str) -> int:
    """The width of `text` in terminal cells, exactly as `rich.cells.cell_len` gives it."""
    if one_cell_each(text):
        return len(text)
    if "\n" in text:  # a line break takes no cell (a cell of several lines)
        bare = text.replace("\n", "")
        if one_cell_each(bare):
            return len(bare)
    global _measured
    if _measured is None:
        from rich.cells import cell_len as measured

        _measured = measured
    return _measured(text)
