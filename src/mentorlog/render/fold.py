"""Markdown folded to a width, still the same Markdown: for agendas and reports on screen.

A paragraph line or a list item longer than the width is wrapped at spaces; the lines a
list item continues on are indented under its text, so a Markdown reader still sees one
item; a heading is cut short with an ellipsis. Words longer than a line (a long link) are
cut, so that no line is wider than the terminal.
"""

from __future__ import annotations

import re

from rich.cells import cell_len

# A list item's marker, checkbox included: "- ", "  - [ ] ", "1. ".
_MARKER = re.compile(r"^(\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?)")
_MIN_WIDTH = 20


def fold_markdown(text: str, width: int) -> str:
    """`text` with every line no wider than `width` cells (at least 20)."""
    width = max(width, _MIN_WIDTH)
    out: list[str] = []
    lines = text.split("\n")
    n = 0
    while n < len(lines):
        line = lines[n]
        n += 1
        if cell_len(line) <= width:
            out.append(line)
            continue
        if _is_paragraph(line):
            # The rest of the paragraph folds with it, rather than each line on its own.
            while n < len(lines) and _is_paragraph(lines[n]):
                line = f"{line} {lines[n]}"
                n += 1
        if line.startswith("#"):
            # A heading must stay one line to stay a heading: it is cut short instead.
            out.append(line[: _fitting(line, width - 1)] + "…")
            continue
        marker = _MARKER.match(line)
        if marker:
            first = marker.group(1)
            rest = " " * cell_len(first)
            body = line[len(first) :]
        else:
            indent = line[: len(line) - len(line.lstrip())]
            first, rest, body = indent, indent, line[len(indent) :]
        out += _wrap(body, width, first, rest)
    return "\n".join(out)


def _is_paragraph(line: str) -> bool:
    """A line of running text: not blank, a heading, a list item, a quote, a table or code."""
    return bool(line.strip()) and not (
        line[0].isspace() or line.startswith(("#", ">", "|", "```")) or _MARKER.match(line)
    )


def _wrap(body: str, width: int, first: str, rest: str) -> list[str]:
    lines: list[str] = []
    prefix = first
    current = ""
    for word in body.split():
        while True:
            if lines and not current and _starts_block(word):
                word = _escaped(word)  # a line the fold began (after a cut word, say)
            room = width - cell_len(prefix)
            candidate = f"{current} {word}" if current else word
            if cell_len(candidate) <= room:
                current = candidate
                break
            if current:
                if _starts_block(word):
                    # A line must not begin with what Markdown reads as a new item or
                    # heading: the words before come along, back to one that begins
                    # none ("# #x" must not start a line either), else the word is escaped.
                    words = current.split(" ")
                    keep = len(words) - 1
                    while keep > 0 and _starts_block(words[keep]):
                        keep -= 1
                    if keep > 0:
                        lines.append(prefix + " ".join(words[:keep]))
                        prefix, current = rest, " ".join(words[keep:])
                        continue
                    word = _escaped(word)
                lines.append(prefix + current)
                prefix, current = rest, ""
                continue
            # A word longer than a whole line: cut it where it overflows.
            cut = _fitting(word, room)
            lines.append(prefix + word[:cut])
            prefix, word = rest, word[cut:]
    if current or not lines:
        lines.append(prefix + current)
    return lines


_BLOCK = re.compile(r"#.*|[-*+>]|\d+[.)]")


def _escaped(word: str) -> str:
    """The word with a backslash that keeps it from beginning a block: "\\#", "\\-"; "1\\."
    (a backslash before a digit is no escape)."""
    return f"{word[:-1]}\\{word[-1]}" if word[0].isdigit() else f"\\{word}"


def _starts_block(word: str) -> bool:
    """Whether `word` at the start of a line would begin a heading, an item or a quote."""
    return _BLOCK.fullmatch(word) is not None


def _fitting(word: str, room: int) -> int:
    total = 0
    for n, char in enumerate(word):
        total += cell_len(char)
        if total > room:
            return max(1, n)
    return len(word)
