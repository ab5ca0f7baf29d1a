"""The text side of search: folding text for comparison, the terms of a query, and where
they occur in the original text (highlights and the snippet around them).

Text is compared folded: Unicode NFKD with the combining marks dropped, then case-folded
(and decomposed once more, since folding can produce new decomposable letters), so "cafe"
finds "Café" and "CAFÉ", and "strasse" finds "Straße". Folding works character by
character (`fold(a + b) == fold(a) + fold(b)`), which is what lets a match found in folded
text be mapped back to the characters of the original that produced it: highlights are
placed on the text as written, even where folding changed its length ("ß" -> "ss",
"e" + U+0301 -> "e").
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from mentorlog.errors import InvalidInput

SNIPPET_WIDTH = 72
# How far the window may move to start or end at a space rather than inside a word.
_SNAP = 12
_QUOTES = re.compile(r"[\"\u201c\u201d]")
_LINE_BREAK = re.compile(r"[\r\n]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_ASCII_OR_NOT = re.compile(r"[\x00-\x7f]+|[^\x00-\x7f]+")

Span = tuple[int, int]

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TypeVar

    T = TypeVar("T")


# -- folding ---------------------------------------------------------------------------------


def _is_mark(char: str) -> bool:
    # Marks with a combining class are the ones canonical reordering moves; dropping all of
    # them (and the few nonspacing marks of class 0) keeps folding character by character.
    return char >= "\u0300" and (
        unicodedata.combining(char) != 0 or unicodedata.category(char) == "Mn"
    )


@functools.lru_cache(maxsize=8192)
def _unmarked(run: str) -> str:
    return "".join(c for c in run if not _is_mark(c))


def _decompose(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    if decomposed.isascii():
        return decomposed
    # Marks are never ASCII: only the non-ASCII runs need looking at, one character each.
    return _NON_ASCII.sub(lambda run: _unmarked(run.group()), decomposed)


def fold(text: str) -> str:
    """`text` as search compares it: compatibility-decomposed, unaccented, case-folded."""
    if text.isascii():
        return text.lower()
    return _decompose(_decompose(text).casefold())


@functools.lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    return fold(char)


class Owners:
    """For each character of a folded text, the index of the original character that
    produced it; kept as runs, since an ASCII run folds one character to one."""

    def __init__(self) -> None:
        self._folded: list[int] = []  # where each run starts in the folded text
        self._original: list[int] = []  # ... and in the original
        self._step: list[int] = []  # 1 in an ASCII run, 0 for one character's folding

    def add(self, folded: int, original: int, step: int) -> None:
        self._folded.append(folded)
        self._original.append(original)
        self._step.append(step)

    def __call__(self, index: int) -> int:
        run = bisect.bisect_right(self._folded, index) - 1
        return self._original[run] + (index - self._folded[run]) * self._step[run]


def fold_with_owners(text: str) -> tuple[str, Callable[[int], int]]:
    """`fold(text)`, and a function giving for each of its characters the index in `text`
    of the character that produced it."""
    if text.isascii():
        return text.lower(), int
    pieces: list[str] = []
    owners = Owners()
    length = 0
    for run in _ASCII_OR_NOT.finditer(text):
        if run.group().isascii():
            owners.add(length, run.start(), 1)
            pieces.append(run.group().lower())
            length += len(pieces[-1])
            continue
        for index, char in enumerate(run.group(), run.start()):
            piece = _fold_char(char)
            if piece:
                owners.add(length, index, 0)
                pieces.append(piece)
                length += len(piece)
    return "".join(pieces), owners


# -- the query -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """A folded word, or a phrase: folded words in this order, any whitespace between."""

    words: tuple[str, ...]
    pattern: re.Pattern[str] = field(compare=False)

    @classmethod
    def of(cls, words: Sequence[str]) -> Term:
        return cls(tuple(words), re.compile(r"\s+".join(re.escape(w) for w in words)))

    def found_in(self, folded: str) -> bool:
        if len(self.words) == 1:
            return self.words[0] in folded
        return self.pattern.search(folded) is not None


def parse_query(query: str) -> list[Term]:
    """The terms of a query: each word, and each "quoted phrase" (an unclosed quote runs to
    the end). Terms are folded; duplicates and terms that fold to nothing are dropped."""
    terms: dict[tuple[str, ...], Term] = {}
    for index, part in enumerate(_QUOTES.split(query)):
        quoted = index % 2 == 1
        groups = [part.split()] if quoted else [[word] for word in part.split()]
        for group in groups:
            # Folding can add spaces (U+00B4 is " " and a mark), so split again after it.
            words = fold(" ".join(group)).split()
            if words:
                terms.setdefault(tuple(words), Term.of(words))
    if not terms:
        raise InvalidInput(
            "The search query is empty; give one or more words, or a quoted phrase, e.g. "
            "mentorlog search 'lightning talk'."
        )
    return list(terms.values())


# -- snippets -----------------------------------------------------------------------------


def made(cls: type[T], fields: dict[str, Any]) -> T:
    """An instance of the frozen dataclass `cls` holding `fields` (every field it has, by
    name), as its `__init__` would make it, without setting each field through
    `object.__setattr__` as a frozen `__init__` does: making a search's hits (and their
    snippets) that way took more than matching them (tests/test_search_read.py holds the
    two ways together)."""
    instance = object.__new__(cls)
    instance.__dict__.update(fields)
    return instance


def snippet(text: str, spans: tuple[Span, ...]) -> Snippet:
    """`Snippet(text, spans)`, made quickly (`made`)."""
    return made(Snippet, {"text": text, "spans": spans, "cut_start": False, "cut_end": False})


@dataclass(frozen=True)
class Snippet:
    """Original text with the spans to highlight in it, and whether it was cut at either end."""

    text: str
    spans: tuple[Span, ...] = ()
    cut_start: bool = False
    cut_end: bool = False

    @property
    def plain(self) -> str:
        """One line: whitespace collapsed, `…` where the text was cut."""
        body = " ".join(self.text.split())
        return f"{'…' if self.cut_start else ''}{body}{'…' if self.cut_end else ''}"


def first_line(text: str) -> str:
    return _LINE_BREAK.split(text.strip(), maxsplit=1)[0].strip()


# -- highlights and snippets -----------------------------------------------------------------


def highlights(text: str, terms: Iterable[Term]) -> list[Span]:
    """Where the terms occur in `text`, as spans of the original characters, merged.

    A span covers every character whose folded form the match touches, and the marks that
    follow its last one, so that "é" written as e + U+0301 is highlighted whole.
    """
    if text.isascii():
        return _ascii_highlights(text, terms)
    return _highlights(text, terms)


def _ascii_highlights(text: str, terms: Iterable[Term]) -> list[Span]:
    """`_highlights` of ASCII text, which folds character for character, to no mark: each
    match's own span (tests/test_search_read.py holds the two together)."""
    folded = text.lower()
    spans = [m.span() for term in terms for m in term.pattern.finditer(folded)]
    return _merge(span for span in spans if span[0] != span[1])


def _highlights(text: str, terms: Iterable[Term]) -> list[Span]:
    folded, owner = fold_with_owners(text)
    spans: list[Span] = []
    for term in terms:
        for match in term.pattern.finditer(folded):
            if match.end() == match.start():
                continue
            start, end = owner(match.start()), owner(match.end() - 1) + 1
            while end < len(text) and _fold_char(text[end]) == "":
                end += 1
            spans.append((start, end))
    return _merge(spans)


def _merge(spans: Iterable[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def window(text: str, spans: Sequence[Span], width: int = SNIPPET_WIDTH) -> Snippet:
    """About `width` characters of `text` around its first span, cut at spaces where one is
    near, with the spans that fall inside it."""
    if len(text) <= width or not spans:
        start, end = 0, min(len(text), width)
    else:
        first_start, first_end = spans[0]
        if first_end - first_start >= width:
            start, end = first_start, first_end
        else:
            start = max(0, first_start - (width - (first_end - first_start)) // 3)
            end = min(len(text), start + width)
            start = max(0, end - width)
            start, end = _snap(text, start, end, first_start, first_end)
    shown = [
        (max(s, start) - start, min(e, end) - start) for s, e in spans if s < end and e > start
    ]
    return Snippet(
        text=text[start:end],
        spans=tuple(shown),
        cut_start=bool(text[:start].strip()),
        cut_end=bool(text[end:].strip()),
    )


def _snap(text: str, start: int, end: int, keep_start: int, keep_end: int) -> tuple[int, int]:
    """Move the cuts to a nearby space, never past the span to keep, never inside a letter
    and its marks."""
    if start > 0 and not text[start - 1].isspace():
        space = _first_space(text, start, min(keep_start, start + _SNAP))
        if space is not None:
            start = space + 1
    if end < len(text) and not text[end].isspace():
        space = _last_space(text, max(keep_end, end - _SNAP), end)
        if space is not None:
            end = space
    while start > 0 and _is_mark(text[start]):
        start -= 1
    while end < len(text) and _is_mark(text[end]):
        end += 1
    return start, end


def _first_space(text: str, start: int, stop: int) -> int | None:
    return next((i for i in range(start, stop) if text[i].isspace()), None)


def _last_space(text: str, start: int, stop: int) -> int | None:
    return next((i for i in range(stop - 1, start - 1, -1) if text[i].isspace()), None)
