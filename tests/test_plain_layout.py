"""The lists' fast paths to a pipe give exactly what the plain (styled) paths give.

Where nothing writes styles (output not a terminal), `render.grid.layout` leaves the styles
out, and `render.goals.goals_table` hands it plain words instead of rich `Text`s; a row whose
cells all fit on one line skips the folding. Each is held here to the path it stands beside:
the same characters, line for line.
"""

from __future__ import annotations

import functools
import io
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from types import MappingProxyType
from unittest.mock import patch

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Span, Text

from mentorlog.model import Goal
from mentorlog.model.goals import ProgressEntry
from mentorlog.render import fit, grid, plain_grid
from mentorlog.render import goals as render_goals
from mentorlog.render.console import safe, safe_line
from mentorlog.render.human import (
    due_text,
    due_words,
    progress_bar,
    progress_words,
    tagged,
    tagged_words,
)

STYLES = ["bold", "dim", "red", "bold red", "magenta", ""]
# Letters, spaces, a wide character, a newline and control codes that `Text` strips.
ALPHABET = "abc déf李\n\x07\x08"
TODAY = date(2026, 11, 21)


def plain_console(width: int) -> Console:
    return Console(file=io.StringIO(), width=width, color_system=None, force_terminal=False)


def styled_console(width: int) -> Console:
    return Console(file=io.StringIO(), width=width, color_system="truecolor", force_terminal=True)


@st.composite
def cells(draw: st.DrawFn) -> Text:
    plain = draw(st.text(alphabet=ALPHABET, max_size=30))
    text = Text(plain, style=draw(st.sampled_from(STYLES)))
    length = len(text.plain)
    for start in draw(st.lists(st.integers(0, length), max_size=3)):
        end = draw(st.integers(start, length))
        text.spans.append(Span(start, end, draw(st.sampled_from(STYLES[:-1]))))
    return text


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[grid.Column], list[grid.Row]]:
    count = draw(st.integers(1, 4))
    columns = [
        grid.Column(
            f"H{n}",
            justify=draw(st.sampled_from(["left", "right"])),
            shrink=draw(st.integers(0, 2)),
            min_width=draw(st.integers(1, 12)),
        )
        for n in range(count)
    ]
    rows: list[grid.Row] = [
        grid.Row(
            draw(st.lists(cells(), min_size=count, max_size=count)), draw(st.sampled_from(STYLES))
        )
        for _ in range(draw(st.integers(0, 6)))
    ]
    return columns, rows


@given(tables(), st.integers(20, 120))
def test_a_layout_without_styles_has_the_characters_of_the_styled_one(
    table: tuple[list[grid.Column], list[grid.Row]], width: int
) -> None:
    columns, rows = table
    styled = grid.layout(columns, rows, styled_console(width))
    plain = grid.layout(columns, rows, plain_console(width))
    assert plain.plain == styled.plain
    assert plain.spans == []
    assert len(plain) == len(plain.plain) == len(styled)
    assert plain == Text(plain.plain)
    assert styled == Text(styled.plain, spans=styled.spans)
    assert grid.plain_output(plain_console(width))
    assert not grid.plain_output(styled_console(width))


@given(tables(), st.integers(20, 120), st.booleans())
def test_plain_word_cells_lay_out_as_unstyled_texts(
    table: tuple[list[grid.Column], list[grid.Row]], width: int, styled: bool
) -> None:
    """A `str` cell is laid out as `Text(str)` is: control codes stripped, no style."""
    columns, rows = table
    console = styled_console(width) if styled else plain_console(width)
    as_words = [grid.Words([t.plain + "\x07" for t in row.cells], row.style) for row in rows]
    as_texts = [grid.Row([Text(t.plain + "\x07") for t in row.cells], row.style) for row in rows]
    words, texts = grid.layout(columns, as_words, console), grid.layout(columns, as_texts, console)
    assert words.plain == texts.plain
    assert words.spans == texts.spans


@given(st.lists(cells(), min_size=1, max_size=4), st.integers(1, 40))
def test_a_row_that_fits_is_the_one_line_folding_gives(row: list[Text], width: int) -> None:
    pieces = [grid._Piece.of(text) for text in row]
    widths = [max(width, piece.width) for piece in pieces]
    fast = grid._row_lines(pieces, widths)
    folded = grid._folded_lines(pieces, widths)
    assert [[(p.plain, p.spans) for p in line] for line in fast] == [
        [(p.plain, p.spans) for p in line] for line in folded
    ]


@given(
    st.one_of(st.none(), st.dates(date(2020, 1, 1), date(2030, 12, 31))),
    st.booleans(),
    st.integers(-10, 130),
    st.text(alphabet=ALPHABET + "\t", max_size=20),
    st.lists(st.text(alphabet="abc-\n", min_size=1, max_size=6), max_size=3),
)
def test_the_words_of_a_cell_are_those_of_its_text(
    due: date | None, open_: bool, percent: int, title: str, tags: list[str]
) -> None:
    assert due_words(due, TODAY, open_=open_) == due_text(due, TODAY, open_=open_).plain
    assert progress_words(percent) == progress_bar(percent).plain
    assert tagged_words(title, tags) == tagged(title, tags).plain


@st.composite
def goals(draw: st.DrawFn) -> list[Goal]:
    made = []
    for n in range(draw(st.integers(1, 12))):
        made.append(
            Goal(
                id=n + 1,
                title=draw(st.text(alphabet=ALPHABET, min_size=1, max_size=70)),
                status=draw(st.sampled_from(["active", "done", "dropped"])),
                progress=draw(st.integers(0, 100)),
                due=draw(st.one_of(st.none(), st.dates(date(2025, 1, 1), date(2027, 12, 31)))),
                person=draw(st.one_of(st.none(), st.sampled_from(["alice", "bob\x07"]))),
                tags=draw(st.lists(st.sampled_from(["talk", "oss", "reading"]), max_size=2)),
            )
        )
    return made


@given(goals(), st.booleans(), st.booleans(), st.integers(30, 140))
def test_the_goals_table_in_plain_words_is_the_styled_one_unstyled(
    listed: list[Goal], show_status: bool, show_person: bool, width: int
) -> None:
    def table(console: Console) -> Text:
        with patch.object(render_goals, "stdout", return_value=console):
            return render_goals.goals_table(
                listed, TODAY, show_status=show_status, show_person=show_person
            )

    assert table(plain_console(width)).plain == table(styled_console(width)).plain


def test_a_goal_read_for_a_list_is_the_goal_without_its_history_and_stamps() -> None:
    at = datetime(2026, 11, 1, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    entry = ProgressEntry(at=at, progress=40, note="Outline accepted")
    goal = Goal(title="Give a talk", progress=40, history=[entry], tags=["talk"], due=TODAY)
    record = goal.with_identity(goal.to_record()) | {"id": 3, "uid": "u-3"}
    record |= {"created": "2026-10-01T08:00:00+02:00", "updated": "2026-11-01T09:30:00+01:00"}
    full = Goal.from_record(record)
    listed = Goal.from_record(record, brief=True)
    assert full.history == [entry], "the plain path reads the history"
    assert full.created is not None
    assert full.updated is not None
    assert listed == replace(full, history=[], created=None, updated=None)


@given(st.text(alphabet="ab é李 \t\n\x1b\x7f\x85\u00a0\u2003", max_size=20))
def test_a_line_that_needs_no_change_is_taken_as_it_is(text: str) -> None:
    """`safe_line`'s short way gives what its whole way gives."""
    assert safe_line(text) == " ".join(safe(text).split())


# -- plain_grid: rows of words laid out a column at a time -----------------------------------

# Printable cells: ASCII words, a wide character, an accent, the progress bar's blocks.
PRINTABLE = "ab cdé李█░"


@st.composite
def word_tables(draw: st.DrawFn) -> tuple[list[grid.Column], list[list[str]], list[str]]:
    count = draw(st.integers(1, 5))
    columns = [
        grid.Column(
            f"H{n}" * draw(st.integers(1, 3)),
            justify=draw(st.sampled_from(["left", "right"])),
            shrink=draw(st.integers(0, 2)),
            min_width=draw(st.integers(1, 12)),
        )
        for n in range(count)
    ]
    cell = st.one_of(
        st.text(alphabet=PRINTABLE, max_size=40),
        # The usual title: ASCII words, one space between them (plain_grid's own folding).
        st.lists(st.text(alphabet="abcdefgh", min_size=1, max_size=14), max_size=8).map(" ".join),
    )
    rows = draw(st.lists(st.lists(cell, min_size=count, max_size=count), max_size=8))
    optional = draw(st.lists(st.sampled_from([c.header for c in columns]), unique=True))
    return columns, rows, optional


@given(word_tables(), st.integers(8, 140), st.booleans())
def test_plain_words_a_column_at_a_time_are_laid_out_as_texts(
    table: tuple[list[grid.Column], list[list[str]], list[str]], width: int, styled: bool
) -> None:
    """`fitted` of `Words` where nothing writes styles (plain_grid) gives the characters the
    same cells give as `Text`s through `grid.layout`, on a plain console and a styled one."""
    columns, rows, optional = table
    words = [grid.Words(row) for row in rows]
    texts = [grid.Row([Text(cell) for cell in row]) for row in rows]
    other = styled_console(width) if styled else plain_console(width)
    fast = fit.fitted(columns, words, plain_console(width), optional)
    assert fast.plain == fit.fitted(columns, texts, other, optional).plain
    assert fast.spans == []
    if rows:
        assert plain_grid.lines(columns, rows, width, _choose(width, optional)) == fast.plain


def _choose(width: int, optional: list[str]) -> plain_grid.Choose:
    return functools.partial(fit.choose, width=width, optional=optional)


@given(
    st.lists(st.text(alphabet="abcdefgh", min_size=1, max_size=20), min_size=1, max_size=10),
    st.integers(1, 30),
)
def test_folding_words_by_rfind_is_folding_them_one_at_a_time(words: list[str], width: int) -> None:
    plain = " ".join(words)
    pieces = grid._fold(grid._Piece(plain, []), width)
    assert plain_grid.fold_words(plain, width) == [piece.plain for piece in pieces]
    assert plain_grid._fold(plain, width) == grid.fold_piece(plain, width)


@pytest.mark.parametrize("cell", ["two\nlines", "a\ttab", "bell\x07", "nbsp\u00a0here"])
def test_a_cell_that_is_not_printable_is_left_to_the_general_layout(cell: str) -> None:
    columns = [grid.Column("ID", justify="right"), grid.Column("Goal", shrink=1)]
    rows = [["1", cell], ["22", "a title long enough to fold at this width"]]
    assert plain_grid.lines(columns, rows, 20, _choose(20, [])) is None
    laid_out = fit.fitted(columns, [grid.Words(row) for row in rows], plain_console(20))
    rich_texts = [grid.Row([Text(c) for c in row]) for row in rows]
    assert laid_out.plain == fit.fitted(columns, rich_texts, plain_console(20)).plain


ODD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**60), 2**60),
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.sampled_from(["active", "done", "dropped", "2026-12-01", "2026-11-01T09:30:00+01:00"]),
    st.lists(st.one_of(st.none(), st.integers(), st.text(max_size=5)), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
GOAL_FIELDS = ("title", "why", "status", "progress", "due", "person", "tags", "completed", "uid")


@st.composite
def goal_records(draw: st.DrawFn) -> dict[str, object]:
    """A stored goal as the store writes it, or with any field a hand edit may leave."""
    record: dict[str, object] = {
        "title": draw(st.text(max_size=10)),
        "why": draw(st.one_of(st.none(), st.text(max_size=5))),
        "status": draw(st.sampled_from(["active", "done", "dropped"])),
        "progress": draw(st.integers(0, 100)),
        "due": draw(st.one_of(st.none(), st.dates().map(date.isoformat))),
        "person": draw(st.one_of(st.none(), st.text(max_size=5))),
        "tags": draw(st.lists(st.text(max_size=5), max_size=3)),
        "completed": draw(st.one_of(st.none(), st.just("2026-11-01T09:30:00+01:00"))),
        "uid": draw(st.one_of(st.none(), st.text(max_size=5))),
        "id": draw(st.integers(1, 10**6)),
    }
    for name in draw(st.lists(st.sampled_from([*GOAL_FIELDS, "id"]), unique=True, max_size=3)):
        if draw(st.booleans()):
            record[name] = draw(ODD)
        else:
            del record[name]
    return record


USUAL_GOAL = {"title": "Talk", "why": "x", "status": "active", "progress": 40, "due": None}
USUAL_GOAL |= {"person": "al", "tags": ["oss"], "completed": None, "uid": "u", "id": 3}
# Values at the edges of what the short way takes, each in the usual record.
EDGES = [
    ("why", ""), ("person", ""), ("uid", ""), ("title", 5), ("progress", 101),
    ("progress", -1), ("progress", True), ("progress", 12.5), ("id", True), ("id", 2**53),
    ("id", "3"), ("status", "Active"), ("tags", ["a", None]), ("tags", ["a", 1]),
    ("tags", "oss"), ("completed", "not a stamp"), ("due", "2026-02-30"), ("due", 20261201),
]  # fmt: skip


@given(goal_records())
@example({**USUAL_GOAL})
@example({name: value for name, value in USUAL_GOAL.items() if name != "status"})
def test_a_goal_listed_as_stored_is_the_goal_read_field_by_field(record: dict[str, object]) -> None:
    """The short way of reading a goal for a list (`Goal._listed`: the usual record's fields
    taken as they are) reads what the forgiving readers read, or leaves the record to them."""
    view = MappingProxyType(record)
    listed = Goal._listed(view)
    assert listed is None or listed == Goal._read(view, brief=True)
    assert Goal.from_record(view, brief=True) == Goal._read(view, brief=True)


def test_the_usual_goal_takes_the_short_way() -> None:
    view = MappingProxyType(USUAL_GOAL)
    assert Goal._listed(view) is not None
    assert Goal._listed(view) == Goal._read(view, brief=True)


@pytest.mark.parametrize(("name", "value"), EDGES)
def test_a_goal_at_the_edge_is_listed_as_read(name: str, value: object) -> None:
    view = MappingProxyType(USUAL_GOAL | {name: value})
    listed = Goal._listed(view)
    assert listed is None or listed == Goal._read(view, brief=True)
    assert Goal.from_record(view, brief=True) == Goal._read(view, brief=True)
