"""Where output goes: data to stdout, messages and errors to stderr.

Human output goes through rich, which honours NO_COLOR and drops colour when the stream is
not a terminal. `--json` output never imports rich: it is one orjson document. Every piece of
user text passes through `safe`, so a title holding terminal escape sequences is shown as
visible escapes instead of being interpreted, and rich markup in it is never parsed.
"""

from __future__ import annotations

import itertools
import os
import re
import sys
from functools import cache

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any, Protocol

    from rich.color import ColorSystem
    from rich.console import Console, RenderableType
    from rich.text import Text

    class _Shown(Protocol):
        def to_json(self) -> dict[str, Any]: ...


# C0 and C1 control characters except tab and newline, plus DEL; and the invisible ones that
# reorder or hide text: bidi embeddings, overrides, isolates and marks, zero-width space,
# line and paragraph separators, word joiner and invisible operators, the BOM. (The zero-width
# joiner and non-joiner stay: emoji and some scripts need them.)
# Compiled (and cached by `re`) when first used: most commands show only printable text.
_CONTROL = r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u2069\ufeff]"
# C1 controls, which orjson writes raw and some terminals read as CSI (U+009B) and the like.
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"<U+{code:04X}>"


def safe(text: str) -> str:
    """Text with control characters made visible (ESC becomes `\\x1b`, a right-to-left
    override `<U+202E>`)."""
    return re.sub(_CONTROL, _visible, text)


def json_bytes(data: Any, *, default: Callable[[Any], Any] | None = None) -> bytes:
    """One JSON document, indented, ending in a newline, with C1 controls escaped (`\\u009b`),
    as UTF-8 (`default` as orjson's: what to make of objects it cannot write): every JSON
    output (`--json`, `export json`, `--format json`) is written with this."""
    import orjson

    document = orjson.dumps(
        data, default=default, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE
    )
    return escape_c1(document)


def escape_c1(json: bytes) -> bytes:
    """JSON bytes with C1 controls escaped (`\\u009b`); a part of a document (cut between
    values) is escaped as the whole would be."""
    if b"\xc2" not in json:
        return json
    # In UTF-8 a C1 control is 0xC2 and one byte 0x80-0x9F, and it can only be inside a JSON
    # string, where \u escapes are the same text.
    return _C1_UTF8.sub(lambda m: b"\\u%04x" % (m.group()[1]), json)


def json_text(data: Any, *, default: Callable[[Any], Any] | None = None) -> str:
    """`json_bytes` as text."""
    return json_bytes(data, default=default).decode("utf-8")


def safe_line(text: str) -> str:
    """`safe`, on one line: newlines and tabs become spaces (for table cells and messages)."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        # The usual title: no control character to show, no space but single ones between
        # words (a printable text has no other whitespace), so nothing to change; a list
        # of 10,000 rows asks this of every cell (tests/test_plain_layout.py).
        return text
    return " ".join(safe(text).split())


@cache
def stdout() -> Console:
    from rich.console import Console

    from mentorlog.render import pager

    pager.begin()
    # Through a pager stdout is a pipe, but the reader is at a terminal: keep its colours.
    return Console(highlight=False, emoji=False, force_terminal=pager.active() or None)


@cache
def stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, emoji=False)


def reset() -> None:
    """Forget the consoles, so the next output reads the terminal's size and settings anew
    (one process runs one command, but tests and doc replays run many)."""
    stdout.cache_clear()
    stderr.cache_clear()


def show(renderable: RenderableType) -> None:
    """Print data (a table, a panel) to stdout."""
    from rich.console import Group
    from rich.text import Text

    console = stdout()
    # A group is printed part by part, as rich would, so that the lists in it (laid out
    # already by render.grid) can take the short way.
    parts = renderable.renderables if isinstance(renderable, Group) else [renderable]
    for part in parts:
        if isinstance(part, Text) and part.no_wrap:
            if not _write_laid_out(part, console):
                console.print(part, no_wrap=True, overflow="ignore", crop=False)
        elif isinstance(part, Text) and _fits(part, console):
            # A heading or a short line: nothing for rich to wrap or pad.
            if not _write_laid_out(part, console):
                console.print(part, crop=False)
        elif console.color_system is None and not console.record:
            # Not a terminal (or no colour): rich pads tables and wrapped lines with
            # spaces; piped text ends its lines where the words end.
            with console.capture() as captured:
                console.print(part, crop=False)
            console.file.write(_strip_lines(captured.get()))
            console.file.flush()
        else:
            console.print(part, crop=False)


def _strip_lines(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.split("\n"))


def _fits(text: Text, console: Console) -> bool:
    """Whether rich would print `text` as it is: one line, within the width, no tabs to
    expand, no justification to pad it, the usual newline after it."""
    from rich.cells import cell_len

    plain = text.plain
    return (
        text.justify is None
        and text.end == "\n"
        and "\n" not in plain
        and "\t" not in plain
        and cell_len(plain) <= console.width
    )


def _write_laid_out(text: Text, console: Console) -> bool:
    """Write a Text that is laid out already straight to the console's file, exactly as
    rich's print writes it: the plain text where there is no colour, else each run of one
    style rendered as rich renders it. rich's own path re-wraps, splits into segments and
    renders each through several layers: 80 ms for a list of 750 goals, against 5 here.

    Returns False, having written nothing, where rich must do it (a Windows console, a
    notebook, a recording, a tab to expand, an empty span).
    """
    if console.legacy_windows or console.is_jupyter or console.record or console.quiet:
        return False
    if "\t" in text.plain or any(span.end <= span.start for span in text.spans):
        return False  # rich expands tabs, and splits runs at empty spans only at times
    from rich.console import COLOR_SYSTEMS

    system = console.color_system  # None: not a terminal, or no colour at all
    written = _ansi(text, console, COLOR_SYSTEMS[system]) if system else text.plain + "\n"
    console.file.write(written)
    console.file.flush()
    return True


def _ansi(text: Text, console: Console, system: ColorSystem) -> str:
    """`text` with its styles as ANSI codes, as rich's Text.render and Console print it:
    the spans combined over each run (later spans over earlier ones, all over the text's
    own style), colour dropped under NO_COLOR, and each line's runs rendered apart."""
    from operator import itemgetter

    from rich.style import Style

    null = Style.null()
    plain = text.plain
    styles = [console.get_style(text.style, default=null)]
    events = [(0, False, 0), (len(plain), True, 0)]
    for index, span in enumerate(text.spans, 1):
        styles.append(console.get_style(span.style, default=null))
        events += [(span.start, False, index), (span.end, True, index)]
    events.sort(key=itemgetter(0, 1))
    active: list[int] = []
    combined: dict[tuple[int, ...], Style] = {}
    out: list[str] = []
    for (offset, leaving, index), (next_offset, _, _) in itertools.pairwise(events):
        if leaving:
            active.remove(index)
        else:
            active.append(index)
        if next_offset <= offset:
            continue
        key = tuple(sorted(active))
        style = combined.get(key)
        if style is None:
            style = Style.combine(styles[i] for i in key)
            style = style.without_color if console.no_color else style
            combined[key] = style
        for n, line in enumerate(plain[offset:next_offset].split("\n")):
            if n:
                out.append("\n")
            if line:
                out.append(style.render(line, color_system=system) if style else line)
    out.append("\n")
    return "".join(out)


def show_plain(text: str) -> None:
    """Print text as it is (Markdown, say), with control characters made visible."""
    from mentorlog.render import pager

    pager.begin()
    sys.stdout.write(safe(text).rstrip("\n") + "\n")
    sys.stdout.flush()


def show_plain_parts(parts: Iterable[str]) -> None:
    """`show_plain` of the parts' text, written as each comes (the parts end the text with
    one newline, as `show_plain` does): a long export need never be held whole."""
    from mentorlog.render import pager

    pager.begin()
    for part in parts:
        sys.stdout.write(safe(part))
    sys.stdout.flush()


def show_safe_parts(parts: Iterable[str]) -> None:
    """`show_plain_parts` of parts built only from text `safe` already made visible (and
    fixed text): written as they are. `safe` leaves such text as it is (each character it
    changes, it makes ASCII that it leaves alone), so scanning it again finds nothing: at
    100,000 records `export md` writes 15 MB (tests/test_export_md_fast.py holds its
    documents to `safe`)."""
    from mentorlog.render import pager

    pager.begin()
    write = sys.stdout.write
    for part in parts:
        write(part)
    sys.stdout.flush()


def show_document(text: str) -> None:
    """Print a Markdown document (an agenda, a report); at a terminal, folded to its width:
    paragraphs and list items wrap, list items under their own indent, so that it is still
    the same Markdown. Piped, or with `--out FILE`, the document is as written."""
    from mentorlog.render import pager

    pager.begin()
    if pager.active() or _at_terminal():
        from mentorlog.render.fold import fold_markdown

        text = fold_markdown(text, terminal_width())
    show_plain(text)


def _at_terminal() -> bool:
    try:
        return os.isatty(sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):  # a test's stdout, a closed one
        return False


def terminal_width() -> int:
    """The width rich lays tables out for: COLUMNS, else the terminal's, else 80."""
    import shutil

    return shutil.get_terminal_size((80, 24)).columns


def print_json(data: Any, *, default: Callable[[Any], Any] | None = None) -> None:
    """Print exactly one JSON document to stdout (`default` as orjson's: what to make of
    objects it cannot write)."""
    from mentorlog.render import pager

    pager.begin()
    document = json_bytes(data, default=default)
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:
        # The bytes as orjson makes them, not decoded into a str and copied again with the
        # newline: an export of 100,000 records is 50 MB, three times over.
        sys.stdout.flush()
        buffer.write(document)
        buffer.flush()
        return
    sys.stdout.write(document.decode("utf-8"))
    sys.stdout.flush()


def print_json_parts(parts: Iterable[bytes]) -> None:
    """`print_json` of a document made in parts (`services.transfer_stream`), each written
    as it comes."""
    from mentorlog.render import pager

    pager.begin()
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    for part in parts:
        if buffer is not None:
            buffer.write(escape_c1(part))
        else:
            sys.stdout.write(escape_c1(part).decode("utf-8"))
    (buffer or sys.stdout).flush()


def message(text: str, *, style: str | None = None) -> None:
    """A message for the person at the terminal, on stderr."""
    line = safe(text)
    if "\t" not in line and not _styled(sys.stderr):
        # What rich prints there: the line as it is (no colour, no wrapping), without
        # importing rich, a seventh of a `goal add` (tests/test_console_plain.py).
        sys.stderr.write(f"{line}\n")
        sys.stderr.flush()
        return
    stderr().print(line, style=style, markup=False, soft_wrap=True)


def _styled(stream: Any) -> bool:
    """Whether rich would take `stream` for a terminal, and write styles to it (as its
    Console.is_terminal decides: TTY_COMPATIBLE, then FORCE_COLOR, then the stream)."""
    compatible = os.environ.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        return compatible == "1"
    force = os.environ.get("FORCE_COLOR")
    if force is not None:
        return force != ""
    isatty = getattr(stream, "isatty", None)
    try:
        return False if isatty is None else bool(isatty())
    except ValueError:  # a closed stream
        return False


def sentence(text: str) -> str:
    """`text` ending in a full stop, unless it already ends in punctuation."""
    stripped = text.rstrip()
    return stripped if stripped.endswith((".", "?", "!", "…")) else f"{stripped}."


def success(text: str) -> None:
    message(text, style="green")


def done(record: _Shown, text: str, json: bool) -> None:
    """What a writing command did: the record on stdout with --json, and the sentence on
    stderr either way."""
    if json:
        print_json(record.to_json())
    success(text)


def celebrate(text: str) -> None:
    """An achievement: one line with a star, in colour; never a wall of emoji."""
    message(f"★ {text}", style="bold magenta")


def warn(text: str) -> None:
    message(f"Note: {text}", style="yellow")


def error(text: str) -> None:
    from rich.text import Text

    line = Text.assemble(("Error: ", "bold red"), safe(text))
    stderr().print(line, soft_wrap=True)
