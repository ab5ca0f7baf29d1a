"""A lean column layout for long lists, built as one rich `Text`.

rich's `Table` measures and pads every cell through several renderables; on a list of 700
goals that alone took 170 ms of a 380 ms `goal list`. Lists only need left/right-aligned
columns, one of which wraps, so this lays them out directly: measure each cell once, give
the slack to the wrapping column, and emit one styled `Text`. The cells arrive as rich
`Text`s, but the layout works on their plain strings and style spans, and builds the result
in one go: appending to and dividing `Text`s cost 0.1 ms a row. `render.console.show` then
writes such a Text itself rather than through rich's renderer.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from mentorlog.render.cells import cell_len

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Literal

    # Imported where they are used: `render.plain_grid` lays out a piped list with this
    # module's columns and folding, and no more of rich than `cell_len`.
    from rich.console import Console
    from rich.style import Style
    from rich.text import Span, Text

    StyleType = str | Style

GAP = "  "
HARD_MIN = 4
_WORD = re.compile(r"\S+\s*")


class Column:
    """A column: its header, which side it keeps to, and whether it may fold.

    Plain classes rather than dataclasses here: every listing command imports this module,
    and building a dataclass costs about half a millisecond at import.
    """

    __slots__ = ("header", "justify", "min_width", "shrink")

    def __init__(
        self,
        header: str,
        justify: Literal["left", "right"] = "left",
        # Columns that may fold when the terminal is narrow, narrowest-first by `shrink`
        # order: 1 gives way before 2, and so on; 0 never folds.
        shrink: int = 0,
        min_width: int = 12,
    ) -> None:
        self.header = header
        self.justify = justify
        self.shrink = shrink
        self.min_width = min_width


def plain_output(console: Console) -> bool:
    """Whether the console writes plain text, no styles (its output is not a terminal):
    then a view may give `layout` `Words` rows, and the layout carries no styles."""
    return console.color_system is None and not console.is_jupyter and not console.record


class Row:
    """A row's cells, one per column, and a style over the whole row."""

    __slots__ = ("cells", "style")

    def __init__(self, cells: Sequence[Text], style: str = "") -> None:
        self.cells = cells
        self.style = style


class Words:
    """A row of plain words, one `str` per column, laid out as `Row` lays out `Text(word)`s:
    for a view printing where nothing writes styles (`plain_output`), which need not build
    the `Text`s."""

    __slots__ = ("cells", "style")

    def __init__(self, cells: Sequence[str], style: str = "") -> None:
        self.cells = cells
        self.style = style


def layout(columns: Sequence[Column], rows: Sequence[Row | Words], console: Console) -> Text:
    """Header, a rule, and the rows, fitted to the console's width.

    A row is a `Row` of rich `Text`s, or `Words`, plain `str`s (a view that prints to a
    pipe can skip building `Text`s, see `plain_output`). Where the console writes no styles at all
    (not a terminal: `plain_output`), the styles are left out of the layout from the start,
    since nothing would write them.
    """
    return _laid(columns, rows, console.width, styled=not plain_output(console)).text()


def plain_layout(columns: Sequence[Column], rows: Sequence[Words], width: int) -> str:
    """`layout`'s text where nothing writes styles, `width` cells wide, without rich: what
    `layout` gives for these rows on a console that writes none (a list to a pipe)."""
    return _laid(columns, rows, width, styled=False).plain()


def _laid(
    columns: Sequence[Column], rows: Sequence[Row | Words], width: int, *, styled: bool
) -> _Builder:
    piece = _Piece.of if styled else _Piece.bare
    cells = [[piece(cell) for cell in row.cells] for row in rows]
    widths = _fit(columns, cells, width)
    right = [c.justify == "right" for c in columns]
    out = _Builder()
    out.line(
        [_Piece(c.header, [(0, len(c.header), "bold")] if styled else []) for c in columns],
        right,
        widths,
    )
    rule = min(width, sum(widths) + len(GAP) * (len(widths) - 1))
    out.add(_Piece("─" * rule, [(0, rule, "dim")] if styled else []))
    for row, pieces in zip(rows, cells, strict=True):
        for line in _row_lines(pieces, widths):
            out.line(line, right, widths, row.style if styled else "")
    # The lines are laid out already; rich must not fold them a second time.
    return out


class _Piece:
    """A cell's text, or a part of one, with its styles as (start, end, style) spans."""

    __slots__ = ("plain", "spans", "width")

    def __init__(self, plain: str, spans: list[tuple[int, int, StyleType]]) -> None:
        self.plain = plain
        self.spans = spans
        # Its width in cells: a printable ASCII character takes one (a check far cheaper than
        # measuring), others are measured as rich measures them.
        self.width = len(plain) if plain.isascii() and plain.isprintable() else cell_len(plain)

    @classmethod
    def of(cell: type[_Piece], text: Text | str) -> _Piece:
        if isinstance(text, str):
            return cell(_plain_cell(text), [])
        # As Text.append_text does: the text's own style first, under its spans.
        spans = [(0, len(text.plain), text.style)] if text.style else []
        spans += [(s.start, s.end, s.style) for s in text.spans]
        return cell(text.plain, spans)

    @classmethod
    def bare(cell: type[_Piece], text: Text | str) -> _Piece:
        """The cell's text without its styles (for a console that writes none)."""
        return cell(_plain_cell(text) if isinstance(text, str) else text.plain, [])

    def slice(self, start: int, end: int) -> _Piece:
        """The characters in [start, end), their trailing whitespace dropped, as rstrip does."""
        part = self.plain[start:end].rstrip()
        end = start + len(part)
        spans = [
            (max(a, start) - start, min(b, end) - start, style)
            for a, b, style in self.spans
            if a < end and b > start
        ]
        return _Piece(part, spans)

    def lines(self) -> list[_Piece]:
        if "\n" not in self.plain:
            return [self]
        parts = self.plain.split("\n")
        if self.plain.endswith("\n"):
            parts.pop()  # as Text.split does: no blank line after a final newline
        pieces, start = [], 0
        for part in parts:
            # Text.split keeps each line as it is; only folding strips.
            end = start + len(part)
            spans = [
                (max(a, start) - start, min(b, end) - start, style)
                for a, b, style in self.spans
                if a < end and b > start
            ]
            pieces.append(_Piece(part, spans))
            start = end + 1
        return pieces


class _Builder:
    """The laid-out text: lines of plain text and the spans over them."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.spans: list[Span] = []
        self.offset = 0

    def add(self, line: _Piece) -> None:
        if self.parts:
            self.parts.append("\n")
            self.offset += 1
        self.parts.append(line.plain)
        if line.spans:
            from rich.text import Span

            offset = self.offset
            self.spans += [Span(offset + a, offset + b, st) for a, b, st in line.spans]
        self.offset += len(line.plain)

    def add_plain(self, plain: str) -> None:
        """A line without styles (as `add` adds one)."""
        if self.parts:
            self.parts.append("\n")
            self.offset += 1
        self.parts.append(plain)
        self.offset += len(plain)

    def line(
        self,
        cells: Sequence[_Piece],
        right: Sequence[bool],
        widths: list[int],
        style: str = "",
    ) -> None:
        """One line of cells, each padded to its column's width on the side away from the
        one it keeps to, GAP between them, the end stripped of blanks (as Text.rstrip)."""
        if not style and not any(cell.spans for cell in cells):
            self.add_plain(_plain_line(cells, right, widths))
            return
        text: list[str] = []
        spans: list[tuple[int, int, StyleType]] = []
        at = 0
        for cell, to_right, width in zip(cells, right, widths, strict=True):
            plain = cell.plain
            pad = width - cell.width
            if to_right and pad > 0:
                text.append(" " * pad)
                at += pad
            if cell.spans:
                spans += [(at + a, at + b, st) for a, b, st in cell.spans]
            text.append(plain)
            at += len(plain)
            if not to_right and pad > 0:
                text.append(" " * pad)
                at += pad
            text.append(GAP)
            at += len(GAP)
        # The pad and gap after the last cell go with the rstrip.
        plain = "".join(text).rstrip()
        end = len(plain)
        if not spans and not style:
            self.add(_Piece(plain, []))
            return
        # As Text.rstrip does: spans past the end go, those across it are cut.
        kept = [(a, min(b, end), st) for a, b, st in spans if a < end and b > a]
        if style and end:
            kept.append((0, end, style))
        self.add(_Piece(plain, kept))

    def plain(self) -> str:
        return "".join(self.parts)

    def text(self) -> Text:
        """The laid-out text as a rich `Text` that rich will not fold again."""
        return laid_out(self.plain(), self.spans)


def laid_out(plain: str, spans: list[Span] | None = None) -> Text:
    """Text laid out already, as a rich `Text` that rich will not fold again."""
    from rich.text import Text

    text = Text("", no_wrap=True, overflow="ignore", spans=spans)
    if any(code in plain for code in _CONTROL_CODES):
        text.plain = plain  # rich strips them (the cells had them stripped already)
    else:
        # The cells are stripped of control codes already, and rich would look for them
        # again in the whole text, character by character (30 ms for 10,000 rows): the
        # text is set as `Text.__init__` sets it, without the search.
        text._text = [plain]
        text._length = len(plain)
    return text


def _plain_line(cells: Sequence[_Piece], right: Sequence[bool], widths: list[int]) -> str:
    """`_Builder.line` for cells without styles: the same characters, built in one join."""
    return GAP.join(
        [
            cell.plain
            if cell.width >= width
            else " " * (width - cell.width) + cell.plain
            if to_right
            else cell.plain + " " * (width - cell.width)
            for cell, to_right, width in zip(cells, right, widths, strict=True)
        ]
    ).rstrip()


def _fit(columns: Sequence[Column], cells: Sequence[Sequence[_Piece]], width: int) -> list[int]:
    """Natural widths; any excess over `width` is taken from the folding columns in order."""
    widths = [
        max([len(c.header), *(_widest_line(row[i]) for row in cells)])
        for i, c in enumerate(columns)
    ]
    return shrink(columns, widths, width)


def shrink(columns: Sequence[Column], widths: list[int], width: int) -> list[int]:
    """The natural `widths`, any excess over `width` taken from the folding columns in order
    (in place)."""
    excess = sum(widths) + len(GAP) * (len(columns) - 1) - width
    folding = sorted((c.shrink, i) for i, c in enumerate(columns) if c.shrink)
    # First down to each column's comfortable minimum; if that is not enough, further, to
    # HARD_MIN, so that a table never runs past the terminal's edge.
    for floor in (lambda c: c.min_width, lambda c: HARD_MIN):
        for _, i in folding:
            if excess <= 0:
                return widths
            cut = min(excess, max(0, widths[i] - floor(columns[i])))
            widths[i] -= cut
            excess -= cut
    return widths


def _widest_line(cell: _Piece) -> int:
    if "\n" not in cell.plain:
        return cell.width
    return max(cell_len(line) for line in cell.plain.split("\n"))


def _fold(cell: _Piece, width: int) -> list[_Piece]:
    """Greedy word wrap at `width` cells, cutting words longer than a line.

    rich's `Text.wrap` handles justification and more, at several times the cost; a list
    of hundreds of goals folds most of its titles, so this plain version earns its place.
    """
    plain = cell.plain
    breaks: list[int] = []
    used = 0
    # A printable ASCII character takes one cell: no need to measure each word.
    measure = len if plain.isascii() and plain.isprintable() else cell_len
    for match in _WORD.finditer(plain):
        start, stop = match.span()
        word = plain[start:stop].rstrip()
        blank = stop - start - len(word)  # the whitespace after it
        size = measure(word)
        if used and used + size > width:
            breaks.append(start)
            used = 0
        while size > width:  # a word longer than the column: cut it where it overflows
            cut = _cut_at(word, width)
            start += cut
            breaks.append(start)
            word = word[cut:]
            size = cell_len(word)
        used += size + blank
    # As Text.divide: the pieces between the breaks (a break at 0 makes an empty first one).
    bounds = [0, *breaks, len(plain)]
    return [cell.slice(a, b) for a, b in itertools.pairwise(bounds)]


def fold_piece(plain: str, width: int) -> list[tuple[str, int]]:
    """`_fold` of a cell without styles: each line's text and its width in cells."""
    return [(piece.plain, piece.width) for piece in _fold(_Piece(plain, []), width)]


def _cut_at(word: str, width: int) -> int:
    """How many characters of `word` fit in `width` cells (at least one)."""
    total = 0
    for n, char in enumerate(word):
        total += cell_len(char)
        if total > width:
            return max(1, n)
    return len(word)


_EMPTY = _Piece("", [])
# What rich's `strip_control_codes` strips.
_CONTROL_CODES = ("\x07", "\x08", "\x0b", "\x0c", "\x0d")


def _plain_cell(text: str) -> str:
    """A plain cell's text as `Text(text)` would hold it (control codes stripped)."""
    if text.isprintable() or not any(code in text for code in _CONTROL_CODES):
        # The usual cell (a fast check), or one whose line breaks are all it holds that
        # is not printable: no control code to strip, and nothing of rich to import.
        return text
    from rich.control import strip_control_codes

    return strip_control_codes(text)


def _row_lines(cells: Sequence[_Piece], widths: list[int]) -> Sequence[Sequence[_Piece]]:
    """The lines of a row: the usual row is one line, every cell within its column, and is
    taken as it is; others are split and folded (`_folded_lines`, which gives the same one
    line for the usual row: tests/test_plain_layout.py)."""
    for cell, width in zip(cells, widths, strict=True):
        if "\n" in cell.plain or cell.width > width:
            return _folded_lines(cells, widths)
    return (cells,)


def _folded_lines(cells: Sequence[_Piece], widths: list[int]) -> list[list[_Piece]]:
    wrapped: list[list[_Piece]] = [
        [cell]
        if cell.width <= width and "\n" not in cell.plain
        else [
            part
            for line in cell.lines()
            for part in ([line] if line.width <= width else _fold(line, width))
        ]
        for cell, width in zip(cells, widths, strict=True)
    ]
    height = max(len(parts) for parts in wrapped)
    return [[parts[n] if n < len(parts) else _EMPTY for parts in wrapped] for n in range(height)]
