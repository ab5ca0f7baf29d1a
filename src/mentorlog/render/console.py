"""Where output goes: data to stdout, messages and errors to stderr.

Human output goes through rich, which honours NO_COLOR and drops colour when the stream is
not a terminal. `--json` output never imports rich: it is one orjson document. Every piece of
user text passes through `safe`, so a title holding terminal escape sequences is shown as
visible escapes instead of being interpreted, and rich markup in it is never parsed.
"""

from __future__ import annotations

import itertools
import re
import sys
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from rich.color import ColorSystem
    from rich.console import Console, RenderableType
    from rich.text import Text

# C0 and C1 control characters except tab and newline, plus DEL; and the invisible ones that
# reorder or hide text: bidi embeddings, overrides, isolates and marks, zero-width space,
# line and paragraph separators, word joiner and invisible operators, the BOM. (The zero-width
# joiner and non-joiner stay: emoji and some scripts need them.)
_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u2069\ufeff]"
)
# C1 controls, which orjson writes raw and some terminals read as CSI (U+009B) and the like.
_C1 = re.compile(r"[\x80-\x9f]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"<U+{code:04X}>"


def safe(text: str) -> str:
    """Text with control characters made visible (ESC becomes `\\x1b`, a right-to-left
    override `<U+202E>`)."""
    return _CONTROL.sub(_visible, text)


def json_text(data: Any) -> str:
    """One JSON document, indented, ending in a newline, with C1 controls escaped (`\\u009b`):
    every JSON output (`--json`, `export json`, `--format json`) is written with this."""
    import orjson

    text = orjson.dumps(data, option=orjson.OPT_INDENT_2).decode("utf-8")
    # A C1 control can only be inside a JSON string, where \u escapes are the same text.
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def safe_line(text: str) -> str:
    """`safe`, on one line: newlines and tabs become spaces (for table cells and messages)."""
    return " ".join(safe(text).split())


@cache
def stdout() -> Console:
    from rich.console import Console

    return Console(highlight=False, emoji=False)


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
        else:
            console.print(part, crop=False)


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
    sys.stdout.write(safe(text).rstrip("\n") + "\n")
    sys.stdout.flush()


def print_json(data: Any) -> None:
    """Print exactly one JSON document to stdout."""
    sys.stdout.write(json_text(data))
    sys.stdout.flush()


def message(text: str, *, style: str | None = None) -> None:
    """A message for the person at the terminal, on stderr."""
    stderr().print(safe(text), style=style, markup=False, soft_wrap=True)


def sentence(text: str) -> str:
    """`text` ending in a full stop, unless it already ends in punctuation."""
    stripped = text.rstrip()
    return stripped if stripped.endswith((".", "?", "!", "…")) else f"{stripped}."


def success(text: str) -> None:
    message(text, style="green")


class _Shown(Protocol):
    def to_json(self) -> dict[str, Any]: ...


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
