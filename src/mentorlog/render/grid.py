"""A lean column layout for long lists, built as one rich `Text`.

rich's `Table` measures and pads every cell through several renderables; on a list of 700
goals that alone took 170 ms of a 380 ms `goal list`. Lists only need left/right-aligned
columns, one of which wraps, so this lays them out directly: measure each cell once, give
the slack to the wrapping column, and emit one styled `Text` (about 30 ms for 700 rows).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

GAP = "  "
HARD_MIN = 4
_WORD = re.compile(r"\S+\s*")


@dataclass(frozen=True)
class Column:
    header: str
    justify: Literal["left", "right"] = "left"
    # Columns that may fold when the terminal is narrow, narrowest-first by `shrink` order:
    # 1 gives way before 2, and so on; 0 never folds.
    shrink: int = 0
    min_width: int = 12


@dataclass
class Row:
    cells: Sequence[Text]
    style: str = ""


def layout(columns: Sequence[Column], rows: Sequence[Row], console: Console) -> Text:
    """Header, a rule, and the rows, fitted to the console's width."""
    widths = _fit(columns, rows, console.width)
    lines = [_line([Text(c.header, style="bold") for c in columns], columns, widths)]
    rule = min(console.width, sum(widths) + len(GAP) * (len(widths) - 1))
    lines.append(Text("─" * rule, style="dim"))
    for row in rows:
        for line in _row_lines(row, columns, widths, console):
            if row.style:
                line.stylize(row.style)
            lines.append(line)
    result = Text("\n").join(lines)
    # The lines are laid out already; rich must not fold them a second time.
    result.no_wrap = True
    result.overflow = "ignore"
    return result


def _fit(columns: Sequence[Column], rows: Sequence[Row], width: int) -> list[int]:
    """Natural widths; any excess over `width` is taken from the folding columns in order."""
    widths = [
        max([len(c.header), *(_widest_line(row.cells[i]) for row in rows)])
        for i, c in enumerate(columns)
    ]
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


def _widest_line(cell: Text) -> int:
    if "\n" not in cell.plain:
        return cell.cell_len
    return max(cell_len(line) for line in cell.plain.split("\n"))


def _fold(cell: Text, width: int) -> list[Text]:
    """Greedy word wrap at `width` cells, cutting words longer than a line.

    rich's `Text.wrap` handles justification and more, at several times the cost; a list
    of hundreds of goals folds most of its titles, so this plain version earns its place.
    """
    breaks: list[int] = []
    used = 0
    for match in _WORD.finditer(cell.plain):
        word = match.group().rstrip()
        size = cell_len(word)
        if used and used + size > width:
            breaks.append(match.start())
            used = 0
        start = match.start()
        while size > width:  # a word longer than the column: cut it where it overflows
            cut = _cut_at(word, width)
            start += cut
            breaks.append(start)
            word = word[cut:]
            size = cell_len(word)
        used += size + (len(match.group()) - len(match.group().rstrip()))
    lines = cell.divide(breaks)
    for line in lines:
        line.rstrip()
    return list(lines)


def _cut_at(word: str, width: int) -> int:
    """How many characters of `word` fit in `width` cells (at least one)."""
    total = 0
    for n, char in enumerate(word):
        total += cell_len(char)
        if total > width:
            return max(1, n)
    return len(word)


def _row_lines(
    row: Row, columns: Sequence[Column], widths: list[int], console: Console
) -> list[Text]:
    wrapped: list[list[Text]] = []
    for cell, width in zip(row.cells, widths, strict=True):
        lines = cell.split("\n") if "\n" in cell.plain else [cell]
        wrapped.append(
            [
                part
                for line in lines
                for part in ([line] if line.cell_len <= width else _fold(line, width))
            ]
        )
    height = max(len(parts) for parts in wrapped)
    return [
        _line([parts[n] if n < len(parts) else Text("") for parts in wrapped], columns, widths)
        for n in range(height)
    ]


def _line(cells: Sequence[Text], columns: Sequence[Column], widths: list[int]) -> Text:
    line = Text()
    last = len(cells) - 1
    for n, (cell, column, width) in enumerate(zip(cells, columns, widths, strict=True)):
        pad = " " * max(0, width - cell.cell_len)
        if column.justify == "right":
            line.append(pad)
            line.append_text(cell)
        else:
            line.append_text(cell)
            if n != last:
                line.append(pad)
        if n != last:
            line.append(GAP)
    line.rstrip()
    return line
