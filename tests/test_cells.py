"""`render.cells.cell_len` is rich's `cell_len`, without rich for the text it need not ask."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len as richs

from mentorlog.render.cells import DRAWN, MARKS, cell_len, one_cell_each
from profiles import examples

PIECES = st.sampled_from(
    ["a", " ", "Z9", "█", "░", "é", "語", "\u0301", "\x07", "\n", "😀", *MARKS]
)


@settings(max_examples=examples(300))
@given(st.lists(PIECES | st.text(max_size=4), max_size=12).map("".join))
def test_the_width_is_richs(text: str) -> None:
    assert cell_len(text) == richs(text)
    if one_cell_each(text):
        assert richs(text) == len(text)


def test_the_drawn_characters_take_one_cell_each() -> None:
    for char in DRAWN + MARKS:
        assert richs(char) == 1, char
    assert one_cell_each("██░░ 40%")
    assert not one_cell_each("café")
    assert not one_cell_each("a\tb")
    assert cell_len("語") == 2


def test_a_cell_of_several_lines_is_measured_without_rich() -> None:
    """A line break takes no cell, as rich measures it: a cell of lines of ASCII and the
    views' marks is measured by `len`."""
    assert cell_len("Weekly with Alice\n★ 3 held") == richs("Weekly with Alice\n★ 3 held") == 25
    assert cell_len("café\nx") == richs("café\nx")
