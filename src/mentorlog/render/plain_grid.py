"""`fit.fitted` for rows of plain words where nothing writes styles, as one string.

A list of 10,000 goals to a pipe spent most of its time laying out: a `_Piece` per cell, the
width of every cell measured twice (once to choose the columns, once to size them), a line
built cell by cell. Here the cells stay `str`s and the work goes a column at a time: each
column is checked and measured once (a column of ASCII text or progress bars by `len`, in
C), padded with `str.ljust`/`rjust`, and the lines are joined once; only the rows with a
cell wider than its column are folded, and a title of ASCII words by `fold_words` rather
than by a pattern.

It gives exactly what `grid.layout` gives for the same `Words` (tests/test_plain_layout.py),
and takes only rows whose every cell is printable (no line break, tab or control code);
`lines` says None for any other, and the caller lays those out the general way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from mentorlog.render.cells import cell_len, one_cell_each
from mentorlog.render.grid import GAP, Column, fold_piece, shrink

# What `fit.fitted` decides from the columns and their natural widths: which columns stay
# (their indexes), and those columns as laid out (some made foldable).
Choose = Callable[[Sequence[Column], Sequence[int]], tuple[list[int], list[Column]]]


def lines(
    columns: Sequence[Column], rows: Sequence[Sequence[str]], width: int, choose: Choose
) -> str | None:
    """The header, its rule and the rows, as `grid.layout` lays them out at `width` (the
    columns `choose` keeps, as `fit.fitted` chooses them); None where a cell is not printable."""
    by_column = list(zip(*rows, strict=True)) if rows else [() for _ in columns]
    return column_lines(columns, by_column, width, choose)


def column_lines(
    columns: Sequence[Column], cells: Sequence[Sequence[str]], width: int, choose: Choose
) -> str | None:
    """`lines` of the cells given a column at a time (`cells[i]`: column i's, one a row)."""
    if not cells:
        return None  # no column, no rows to count: the general layout
    count = len(cells[0])
    sizes: list[list[int]] = []
    single: list[bool] = []  # whether each of a column's cells is as many cells as characters
    for column in cells:
        joined = "".join(column)
        if not joined.isprintable():
            return None
        lengths = list(map(len, column))
        measured = lengths
        if not joined.isascii() and not one_cell_each(joined):
            measured = [
                n if c.isascii() else cell_len(c) for c, n in zip(column, lengths, strict=True)
            ]
        # Where every character takes one cell (ASCII, the progress bar's), lengths are sizes.
        single.append(measured == lengths)
        sizes.append(measured)
    natural = [
        max(cell_len(c.header), max(size, default=0))
        for c, size in zip(columns, sizes, strict=True)
    ]
    keep, kept = choose(columns, natural)
    cells = [cells[i] for i in keep]
    sizes = [sizes[i] for i in keep]
    single = [single[i] for i in keep]
    widths = shrink(
        kept,
        [max(len(c.header), max(s, default=0)) for c, s in zip(kept, sizes, strict=True)],
        width,
    )
    right = [c.justify == "right" for c in kept]
    header = _line([c.header for c in kept], [len(c.header) for c in kept], right, widths)
    rule = "─" * min(width, sum(widths) + len(GAP) * (len(widths) - 1))
    padded = [
        _padded(column, size, one, to_right, w)
        for column, size, one, to_right, w in zip(cells, sizes, single, right, widths, strict=True)
    ]
    body = [GAP.join(parts).rstrip() for parts in zip(*padded, strict=True)]
    out = [header, rule, *(body if kept else [""] * count)]
    # The rows with a cell wider than its column fold, as grid's `_folded_lines` folds them.
    wide: dict[int, list[int]] = {}
    for i, (size, w) in enumerate(zip(sizes, widths, strict=True)):
        if max(size, default=0) > w:
            for n, s in enumerate(size):
                if s > w:
                    wide.setdefault(n, []).append(i)
    for n, folding in wide.items():
        if len(folding) == 1:
            i = folding[0]
            row = [column[n] for column in padded]
            out[n + 2] = _one_folded(i, cells[i][n], row, right, widths)
        else:
            row = [column[n] for column in cells]
            out[n + 2] = "\n".join(_folded(row, [size[n] for size in sizes], right, widths))
    return "\n".join(out)


def _one_folded(
    i: int, cell: str, padded: list[str], right: Sequence[bool], widths: list[int]
) -> str:
    """A row whose one cell, `cell` in column `i`, is wider than its column, with its cells
    padded: its first line holds them all, the next ones only the rest of `cell`."""
    width = widths[i]
    parts = _fold(cell, width)
    first, size = parts[0]
    padded[i] = _pad(first, size, right[i], width)
    lines = [GAP.join(padded).rstrip()]
    indent = sum(widths[:i]) + len(GAP) * i
    for part, size in parts[1:]:
        if right[i] and size < width:
            lines.append(" " * (indent + width - size) + part if part else "")
        else:
            lines.append(" " * indent + part if part else "")
    return "\n".join(lines)


def _pad(cell: str, size: int, to_right: bool, width: int) -> str:
    if size >= width:
        return cell
    return " " * (width - size) + cell if to_right else cell + " " * (width - size)


def _padded(
    column: Sequence[str], sizes: Sequence[int], single: bool, to_right: bool, width: int
) -> list[str]:
    """Each cell padded to `width` cells on the side away from the one it keeps to; a wider
    cell as it is (its row is folded anyway)."""
    if single:
        # As many cells as characters (ASCII, or no wide characters): str's own padding.
        return [c.rjust(width) for c in column] if to_right else [c.ljust(width) for c in column]
    if to_right:
        return [" " * (width - s) + c for c, s in zip(column, sizes, strict=True)]
    return [c + " " * (width - s) for c, s in zip(column, sizes, strict=True)]


def _line(
    cells: Sequence[str], sizes: Sequence[int], right: Sequence[bool], widths: list[int]
) -> str:
    return GAP.join(
        [
            cell
            if size >= width
            else " " * (width - size) + cell
            if to_right
            else cell + " " * (width - size)
            for cell, size, to_right, width in zip(cells, sizes, right, widths, strict=True)
        ]
    ).rstrip()


def _folded(
    row: Sequence[str], sizes: Sequence[int], right: Sequence[bool], widths: list[int]
) -> list[str]:
    parts = [
        [(cell, size)] if size <= width else _fold(cell, width)
        for cell, size, width in zip(row, sizes, widths, strict=True)
    ]
    height = max(len(p) for p in parts)
    out = []
    for n in range(height):
        line = [p[n] if n < len(p) else ("", 0) for p in parts]
        out.append(_line([c for c, _ in line], [s for _, s in line], right, widths))
    return out


def _fold(cell: str, width: int) -> list[tuple[str, int]]:
    """The cell's lines at `width`, and their widths, as grid's `_fold` makes them."""
    if width > 0 and cell.isascii() and "  " not in cell and cell[:1] != " " and cell[-1:] != " ":
        return [(part, len(part)) for part in fold_words(cell, width)]
    return fold_piece(cell, width)


def fold_words(plain: str, width: int) -> list[str]:
    """grid's `_fold` (greedy, a word longer than a line cut where it overflows) of ASCII
    words with one space between them, none before or after (the usual title), at a width
    of one cell or more: each line is the longest run of whole words that fits, found with
    `rfind`, rather than the words measured one at a time."""
    lines = []
    rest = plain
    while len(rest) > width:
        cut = rest.rfind(" ", 0, width + 1)
        if cut > 0:
            lines.append(rest[:cut])
            rest = rest[cut + 1 :]
        else:  # the first word does not fit: its first `width` characters make the line
            lines.append(rest[:width])
            rest = rest[width:]
    lines.append(rest)
    return lines
