"""Checks for the free-text values people type: titles, names, notes and tags.

Text is stored as typed (control characters included: the renderer shows them harmlessly),
but it must be valid Unicode and of a sane length, and tags follow one simple shape.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from mentorlog.errors import InvalidInput
from mentorlog.limits import LONG_TEXT as LONG_TEXT
from mentorlog.limits import SHORT_TEXT as SHORT_TEXT
from mentorlog.timeparse import quote

CLEAR_WORDS = frozenset({"", "none", "-"})
# Patterns as strings, compiled (and cached by `re`) when first used: compiling them at
# import cost every command, most of which never use them.
_TAG = r"[\w./+-]{1,40}"


def text(
    value: str, what: str, *, limit: int = SHORT_TEXT, example: str = "Ship my first PR"
) -> str:
    """A required piece of text, trimmed; refused when empty, too long or not Unicode."""
    cleaned = optional_text(value, what, limit=limit)
    if cleaned is None:
        raise InvalidInput(f"The {what} is empty; write some text, e.g. {example!r}.")
    return cleaned


def optional_text(value: str | None, what: str, *, limit: int = LONG_TEXT) -> str | None:
    """Text that may be left out: None or blank gives None."""
    if value is None:
        return None
    _check_unicode(value, what)
    cleaned = value.strip()
    if len(cleaned) > limit:
        raise InvalidInput(
            f"The {what} is {len(cleaned):,} characters long; keep it to {limit:,} or fewer."
        )
    return cleaned or None


def is_clear(value: str | None) -> bool:
    """Whether an edit value asks to clear an optional field (`--due none`, `--why ''`)."""
    return value is not None and value.strip().lower() in CLEAR_WORDS


def link_id(value: str, what: str) -> int | None:
    """An edit's `--meeting ID`/`--goal ID`: a record id, or None for "none" (clear it)."""
    if is_clear(value):
        return None
    cleaned = value.strip()
    if cleaned.isascii() and cleaned.isdigit() and int(cleaned) >= 1:
        return int(cleaned)
    raise InvalidInput(f"Cannot use {quote(value)} as {what}; give its id (e.g. 3) or none.")


def tag(value: str) -> str:
    """A tag: letters, digits and `. / + - _`, at most 40, lower-cased; a leading `#` is dropped."""
    _check_unicode(value, "tag")
    cleaned = value.strip().lstrip("#").lower()
    if not re.fullmatch(_TAG, cleaned):
        raise InvalidInput(
            f"Cannot use {quote(value)} as a tag; use up to 40 letters, digits, '-', '_', '.', "
            "'/' or '+' with no spaces, e.g. 'career' or 'public-speaking'."
        )
    return cleaned


def tags(values: Iterable[str]) -> list[str]:
    """Tags checked, lower-cased and de-duplicated, in the order given."""
    seen: dict[str, None] = {}
    for value in values:
        seen.setdefault(tag(value), None)
    return list(seen)


def _check_unicode(value: str, what: str) -> None:
    # Arguments that were not valid UTF-8 arrive with lone surrogates (surrogateescape);
    # they cannot be stored as JSON, so refuse them here rather than fail at save time.
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InvalidInput(
            f"The {what} contains bytes that are not valid UTF-8; retype it or check your "
            "terminal's encoding."
        ) from exc


def retag(current: Iterable[str], add: Iterable[str], remove: Iterable[str]) -> list[str]:
    """`current` with `add` appended and `remove` taken out, each checked."""
    dropped = set(tags(remove))
    # Tags already stored are kept as they are, even if a hand edit made them odd.
    merged = dict.fromkeys([*current, *tags(add)])
    return [t for t in merged if t not in dropped]
