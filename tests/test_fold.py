"""Markdown folded to a terminal's width (render.fold): never wider, the same words, and
still the same Markdown structure (items stay items, headings stay one line)."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st
from rich.cells import cell_len

from mentorlog.render.fold import fold_markdown

WORD = st.text(alphabet=st.sampled_from("abcdefghij-*#.:/()`'é王★"), min_size=1, max_size=30)
LINE = st.one_of(
    st.just(""),
    st.lists(WORD, min_size=1, max_size=25).map(" ".join),
    st.tuples(
        st.sampled_from(["- ", "- [ ] ", "  - ", "1. ", "# ", "## "]),
        st.lists(WORD, min_size=1, max_size=25).map(" ".join),
    ).map("".join),
)


def body(text: str) -> str:
    """The text but its headings, without whitespace and the backslashes that keep a folded
    word from starting a new item or heading."""
    words = (w for line in text.split("\n") if not line.startswith("#") for w in line.split())
    return "".join(words).replace(BACKSLASH, "")


BACKSLASH = chr(92)


@given(st.lists(LINE, max_size=12).map("\n".join), st.integers(min_value=20, max_value=120))
@example(text=": : : : ::: # #::::::", width=20)  # the words carried along begin a heading
@example(text=": : : : ::: - #::::::", width=20)  # ... or an item
def test_folded_lines_fit_and_keep_every_word(text: str, width: int) -> None:
    folded = fold_markdown(text, width)
    assert all(cell_len(line) <= width for line in folded.split("\n"))
    assert body(folded) == body(text)
    headings = [line for line in text.split("\n") if line.startswith("#")]
    shown = [line for line in folded.split("\n") if line.startswith("#")]
    assert len(shown) == len(headings)
    for short, full in zip(shown, headings, strict=True):
        assert short == full or (short.endswith("…") and full.startswith(short[:-1]))
    # No line a fold began reads as a new item or heading.
    items = [line for line in text.split("\n") if re.match(r"\s*([-*+>]|\d+[.)])\s", line)]
    folded_items = [line for line in folded.split("\n") if re.match(r"\s*([-*+>]|\d+[.)])\s", line)]
    assert len(folded_items) == len(items)


@given(st.lists(LINE, max_size=12).map("\n".join))
def test_text_that_fits_is_left_alone(text: str) -> None:
    width = max([20, *(cell_len(line) for line in text.split("\n"))])
    assert fold_markdown(text, width) == text


def test_a_list_item_goes_on_under_its_text() -> None:
    item = "- [ ] Send the abstract draft to Alice for review before Friday (action 1)"
    assert fold_markdown(item, 40).split("\n") == [
        "- [ ] Send the abstract draft to Alice",
        "      for review before Friday",
        "      (action 1)",  # "1)" would begin a line as an ordered item: "(action" comes along
    ]
    paragraph = "A cadence is kept when no gap is longer\nthan the cadence plus grace."
    assert fold_markdown(paragraph, 30).split("\n") == [
        "A cadence is kept when no gap",
        "is longer than the cadence",
        "plus grace.",
    ]
