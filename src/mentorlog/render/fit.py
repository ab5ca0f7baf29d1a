"""Lists that fit the terminal: optional columns dropped before any column folds too far.

`render.grid` folds the columns allowed to fold, down to a few cells each if it must; the
other columns keep their natural width. On a narrow terminal that left a table wider than
the screen, or a name folded four letters a line. `fitted` first drops the columns a list
can do without (in the order given) until the rest fit with every folding column at its
comfortable minimum; only if they still do not fit does every column become one that may
fold (after the usual ones), so that no line is ever wider than the terminal.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from mentorlog.render import plain_grid
from mentorlog.render.cells import cell_len
from mentorlog.render.grid import (
    GAP,
    HARD_MIN,
    Column,
    Row,
    Words,
    laid_out,
    layout,
    plain_layout,
    plain_output,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

# How narrow a column that does not usually fold may get before any column gets narrower.
LAST_MIN = 8


def fitted(
    columns: Sequence[Column],
    rows: Sequence[Row] | Sequence[Words],
    console: Console,
    optional: Sequence[str] = (),
) -> Text:
    """`grid.layout` of the columns that fit `console`'s width; `optional` names (by header)
    the columns that may go, the first to go first."""
    width = console.width
    chosen = functools.partial(choose, width=width, optional=optional)
    words = [row.cells for row in rows if isinstance(row, Words)]
    if words and len(words) == len(rows) and plain_output(console):
        # Plain words where nothing writes styles: the short way, if every cell is printable.
        plain = plain_grid.lines(columns, words, width, chosen)
        if plain is not None:
            return laid_out(plain)
    keep, kept = chosen(columns, _natural_widths(columns, rows))
    if len(keep) == len(columns):
        return layout(kept, rows, console)
    return layout(kept, [_trimmed(row, keep) for row in rows], console)


def fitted_words(
    columns: Sequence[Column], rows: Sequence[Words], width: int, optional: Sequence[str] = ()
) -> str:
    """`fitted`'s text for rows of plain words where nothing writes styles, `width` cells
    wide, without rich (a list to a pipe: `render.plain`): a column at a time where every
    cell is printable (`plain_grid`), else the general layout without its styles."""
    chosen = functools.partial(choose, width=width, optional=optional)
    text = plain_grid.lines(columns, [row.cells for row in rows], width, chosen)
    if text is not None:
        return text
    keep, kept = chosen(columns, _natural_widths(columns, rows))
    if len(keep) == len(columns):
        return plain_layout(kept, rows, width)
    return plain_layout(kept, [Words([row.cells[i] for i in keep]) for row in rows], width)


def choose(
    columns: Sequence[Column], natural: Sequence[int], width: int, optional: Sequence[str]
) -> tuple[list[int], list[Column]]:
    """The columns that stay (their indexes) and those columns as laid out, given their
    natural widths: the optional ones dropped in turn until the rest fit, and if they still
    do not, every column made one that may fold."""
    keep = list(range(len(columns)))
    if _narrowest(columns, natural) <= width:
        return keep, list(columns)
    for header in optional:
        index = next((i for i in keep if columns[i].header == header), None)
        if index is None:
            continue
        keep.remove(index)
        if _narrowest([columns[i] for i in keep], [natural[i] for i in keep]) <= width:
            break
    kept = [columns[i] for i in keep]
    if _narrowest(kept, [natural[i] for i in keep]) > width:
        # Still too wide: every column may fold, the usual ones first, then the others
        # widest first, each down to a few words' width before any goes further.
        last = max((c.shrink for c in kept), default=0)
        rigid = sorted(
            (i for i, c in zip(keep, kept, strict=True) if not c.shrink), key=lambda i: -natural[i]
        )
        rank = {i: last + n + 1 for n, i in enumerate(rigid)}
        kept = [
            c if c.shrink else Column(c.header, c.justify, rank[i], min(natural[i], LAST_MIN))
            for i, c in zip(keep, kept, strict=True)
        ]
    return keep, kept


def _trimmed(row: Row | Words, keep: Sequence[int]) -> Row | Words:
    """The row with only the cells of the columns kept."""
    if isinstance(row, Words):
        return Words([row.cells[i] for i in keep], row.style)
    return Row([row.cells[i] for i in keep], row.style)


def _natural_widths(columns: Sequence[Column], rows: Sequence[Row] | Sequence[Words]) -> list[int]:
    widths = [cell_len(c.header) for c in columns]
    for row in rows:
        cells: Sequence[str | Text] = row.cells
        for i, text in enumerate(cells):
            plain = text if isinstance(text, str) else text.plain
            size = (
                cell_len(plain)
                if "\n" not in plain
                else max(cell_len(line) for line in plain.split("\n"))
            )
            if size > widths[i]:
                widths[i] = size
    return widths


def _narrowest(columns: Sequence[Column], natural: Sequence[int]) -> int:
    """The width of the table with every folding column at its comfortable minimum."""
    cells = sum(
        min(size, max(column.min_width, HARD_MIN)) if column.shrink else size
        for column, size in zip(columns, natural, strict=True)
    )
    return cells + len(GAP) * (len(columns) - 1)
