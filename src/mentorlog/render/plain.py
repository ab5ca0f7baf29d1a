"""Output that carries no styles, told and written without rich.

A list printed to a pipe or a file (a script's `goal list | grep`, the benchmark's) is
plain text: rich would decide that, and then write the text as it is, but importing
rich's console to decide it costs about 15 ms a command. `width` decides it the way rich's
`Console` does, as `console.stdout()` makes it (rich 15: `Console.is_terminal`,
`_detect_color_system`, `size`), for the usual cases only, and says None for every other
(Windows, a notebook, IDLE, FORCE_COLOR or TTY_COMPATIBLE set, a terminal, a pager): those
go through rich as before. tests/test_plain_output.py holds it to rich's own answer.
"""

from __future__ import annotations

import builtins
import os
import sys

from mentorlog.render import pager
from mentorlog.render.cells import cell_len


def width() -> int | None:
    """The width rich would lay stdout out for, when it would write no styles to it (not a
    terminal, no pager); None when that takes rich to tell (then use `console.stdout()`)."""
    pager.begin()  # as console.stdout() does first: a pager is a terminal's
    if pager.active() or sys.platform == "win32" or hasattr(builtins, "get_ipython"):
        return None
    if getattr(sys.stdin, "__module__", "").startswith("idlelib"):
        return None
    environ = os.environ
    if environ.get("TTY_COMPATIBLE", "") in ("0", "1") or "FORCE_COLOR" in environ:
        return None
    isatty = getattr(sys.stdout, "isatty", None)
    try:
        if isatty is None or isatty():
            return None
    except ValueError:  # closed
        return None
    columns = environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        # rich takes any digits, 0 too: only the plain positive numbers are taken here.
        return int(columns) if columns.isascii() and int(columns) > 0 else None
    # As rich: the first of the standard streams that is a terminal gives its width.
    for stream, default in ((sys.__stdin__, 0), (sys.__stdout__, 1), (sys.__stderr__, 2)):
        try:
            size = os.get_terminal_size(_fileno(stream, default))
        except (AttributeError, ValueError, OSError):
            continue
        return size.columns or 80
    return 80


def _fileno(stream: object, default: int) -> int:
    try:
        number = stream.fileno()  # type: ignore[attr-defined]
    except Exception:  # as rich: no stream, a closed one, one without a descriptor
        return default
    return number if isinstance(number, int) else default


def shown(text: str, width: int) -> str:
    """A line of text (a heading, a note; no tab) as `console.show` prints a `Text` holding
    it where nothing writes styles, `width` cells wide, without its final newline: as it is
    when it is one line that fits, else folded as rich folds it (`Text.wrap`: words, a word
    longer than a line cut), each line's trailing blanks dropped."""
    if "\n" not in text and cells(text) <= width:
        return text
    lines = text.split("\n")
    if all(cells(line) <= width for line in lines):  # nothing to fold: each line stripped
        return "\n".join(line.rstrip() for line in lines)
    from itertools import pairwise

    from rich._wrap import divide_line
    from rich.cells import cell_len, set_cell_size

    folded = []
    for line in lines:
        bounds = [0, *divide_line(line, width, fold=True), len(line)]
        for start, end in pairwise(bounds):
            part = line[start:end].rstrip()
            if cell_len(part) > width:  # as Text.truncate: a wide character past the edge
                part = set_cell_size(part, width).rstrip()
            folded.append(part)
    return "\n".join(folded)


def cells(text: str) -> int:
    """How many cells `text` takes (rich's measure; `len` for ASCII, and where each is one
    cell, `render.cells`)."""
    return len(text) if text.isascii() else cell_len(text)


def write_parts(parts: list[str]) -> bool:
    """Parts laid out already (by `shown`, or tables), each and a newline, to stdout, as
    `console.show` writes a group of them; False, having written nothing, where one holds
    what rich would change (a tab it expands, a control code it strips)."""
    text = "\n".join(parts)
    if "\t" in text or any(code in text for code in _CONTROL_CODES):
        return False
    write(text)
    return True


# What rich's `strip_control_codes` strips from a `Text`.
_CONTROL_CODES = ("\x07", "\x08", "\x0b", "\x0c", "\x0d")


def write_table(text: str) -> bool:
    """A table laid out already, and a newline, to stdout, as `console.show` writes it;
    False, having written nothing, where it holds a tab (rich expands those)."""
    return write_parts([text])


def write(text: str) -> None:
    """Text laid out already, and a newline, to stdout (as `console.show` writes it)."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()
