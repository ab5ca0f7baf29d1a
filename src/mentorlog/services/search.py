"""Search: words and phrases anywhere in the journal, whatever their case and accents.

Text is compared folded: Unicode NFKD with the combining marks dropped, then case-folded
(and decomposed once more, since folding can produce new decomposable letters), so "cafe"
finds "Café" and "CAFÉ", and "strasse" finds "Straße". Folding works character by
character (`fold(a + b) == fold(a) + fold(b)`), which is what lets a match found in folded
text be mapped back to the characters of the original that produced it: highlights are
placed on the text as written, even where folding changed its length ("ß" -> "ss",
"e" + U+0301 -> "e").

Each record's fields are folded once; the character map is built only for the fields of
the records that match, and never for ASCII text (where folding is `lower()` and the map is
the identity), so searching a journal of ten thousand records stays fast.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from mentorlog import timeparse
from mentorlog.errors import InvalidInput
from mentorlog.model import (
    ActionItem,
    Feedback,
    Goal,
    Meeting,
    Milestone,
    Note,
    Record,
    Topic,
    wall_text,
)
from mentorlog.services import fields
from mentorlog.services.people import get_person
from mentorlog.store import Journal, read_stamp

TYPES = ("goal", "meeting", "action", "topic", "feedback", "milestone", "note")
TABLES = {
    "goal": "goals",
    "meeting": "meetings",
    "action": "actions",
    "topic": "topics",
    "feedback": "feedback",
    "milestone": "milestones",
    "note": "notes",
}
_TYPE_NAMES = {name: kind for kind in TYPES for name in (kind, f"{kind}s")}
# Only these carry tags; the others never match --tag and are not even read.
TAGGED = frozenset({"goal", "feedback", "note"})
SNIPPET_WIDTH = 72
# How far the window may move to start or end at a space rather than inside a word.
_SNAP = 12
_QUOTES = re.compile(r"[\"\u201c\u201d]")
_LINE_BREAK = re.compile(r"[\r\n]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_ASCII_OR_NOT = re.compile(r"[\x00-\x7f]+|[^\x00-\x7f]+")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

Span = tuple[int, int]


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


def parse_types(values: Iterable[str]) -> tuple[str, ...]:
    """Record types from --type values (singular or plural, any case, comma-separated), in
    the order results are grouped."""
    chosen: dict[str, None] = {}
    for value in values:
        # "goal," is one type; "" and "," are none, and refused like any unknown type.
        parts = [p.strip() for p in value.split(",") if p.strip()] or [value]
        for part in parts:
            kind = _TYPE_NAMES.get(part.lower())
            if kind is None:
                raise InvalidInput(
                    f"Cannot use {timeparse.quote(part)} as a record type; choose from "
                    f"{', '.join(TYPES)} (plurals work too)."
                )
            chosen.setdefault(kind, None)
    return tuple(kind for kind in TYPES if kind in chosen)


# -- hits ------------------------------------------------------------------------------------


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


class Searchable(Protocol):
    """What every record type offers: an id and its --json shape."""

    id: int | None

    def to_json(self) -> Record: ...


@dataclass(frozen=True)
class Hit:
    """One record that matched: its title line and the snippet around the first match."""

    kind: str
    id: int
    title: Snippet  # the title's first line, with its matches
    snippet: Snippet  # about SNIPPET_WIDTH characters of `source` around its first match
    source: Snippet  # the whole field the snippet is from, with every match
    field: str  # what that field is: "title", "why", "notes", ...
    in_title: bool  # the field is the title, on one line: the title shows it all
    at: str | None
    day: date | None
    private: bool
    item: Searchable  # the Goal, Meeting, ... itself

    def to_json(self) -> dict[str, Any]:
        return {
            "type": self.kind,
            "id": self.id,
            "title": self.title.plain,
            "snippet": self.snippet.plain,
            "at": self.at,
            "record": self.item.to_json(),
        }


@dataclass
class _Entry:
    """A record as search sees it: its searchable fields (the title field first), when it
    happened, who and which tags it concerns."""

    kind: str
    item: Searchable
    fields: list[tuple[str, str]]
    at: str | None
    moment: datetime | None
    people: Callable[[], set[str]]
    tags: Sequence[str] = ()
    private: bool = False

    @property
    def day(self) -> date | None:
        return self.moment.date() if self.moment is not None else None


def search(
    journal: Journal,
    query: str,
    *,
    now: datetime,
    types: Iterable[str] = (),
    person: str | None = None,
    tag: str | None = None,
    since: str | None = None,
    width: int = SNIPPET_WIDTH,
) -> list[Hit]:
    """The records matching every term of `query`, grouped by type (in TYPES order), newest
    first within each type, kept to the given types, person, tag and day."""
    terms = parse_query(query)
    kinds = parse_types(types) or TYPES
    wanted_tag = fields.tag(tag) if tag is not None else None
    start = (
        timeparse.parse_date(since, today=now.date(), prefer="past", what="--since date")
        if since is not None
        else None
    )
    handle = get_person(journal, person).handle if person is not None else None
    if wanted_tag is not None:
        kinds = tuple(k for k in kinds if k in TAGGED)
    hits: list[Hit] = []
    for kind in kinds:
        found = []
        for entry in _entries(journal, kind):
            if (
                (start is None or (entry.day is not None and entry.day >= start))
                and (wanted_tag is None or wanted_tag in entry.tags)
                and (handle is None or handle in entry.people())
            ):
                hit = _match(entry, terms, width)
                if hit is not None:
                    found.append((entry.moment or _EPOCH, hit.id, hit))
        found.sort(key=lambda item: (item[0], item[1]), reverse=True)
        hits += [hit for _, _, hit in found]
    return hits


def _match(entry: _Entry, terms: Sequence[Term], width: int) -> Hit | None:
    folded = [fold(text) for _, text in entry.fields]
    counts = [0] * len(folded)
    for term in terms:
        found = False
        for index, text in enumerate(folded):
            if term.found_in(text):
                counts[index] += 1
                found = True
        if not found:
            return None
    best = counts.index(max(counts))
    label, text = entry.fields[best]
    source = Snippet(text, tuple(highlights(text, terms)))
    title_text = entry.fields[0][1]
    title_line = first_line(title_text)
    item = entry.item
    return Hit(
        kind=entry.kind,
        id=item.id or 0,
        title=Snippet(title_line, tuple(highlights(title_line, terms))),
        snippet=window(text, source.spans, width),
        source=source,
        field=label,
        in_title=best == 0 and _LINE_BREAK.search(title_text.strip()) is None,
        at=entry.at,
        day=entry.day,
        private=entry.private,
        item=item,
    )


def first_line(text: str) -> str:
    return _LINE_BREAK.split(text.strip(), maxsplit=1)[0].strip()


# -- highlights and snippets -----------------------------------------------------------------


def highlights(text: str, terms: Iterable[Term]) -> list[Span]:
    """Where the terms occur in `text`, as spans of the original characters, merged.

    A span covers every character whose folded form the match touches, and the marks that
    follow its last one, so that "é" written as e + U+0301 is highlighted whole.
    """
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


# -- what each type offers -------------------------------------------------------------------


def _entries(journal: Journal, kind: str) -> Iterator[_Entry]:
    build = _BUILDERS[kind]
    for record in journal.all(TABLES[kind]):
        yield build(journal, record)


def _goal(journal: Journal, record: Mapping[str, Any]) -> _Entry:
    goal = Goal.from_record(record)
    texts = [("title", goal.title), ("why", goal.why or "")]
    texts += [("progress note", entry.note) for entry in goal.history if entry.note]
    return _Entry(
        "goal",
        goal,
        texts,
        goal.created,
        read_stamp(goal.created),
        lambda: {goal.person} if goal.person else set(),
        goal.tags,
    )


def _meeting(journal: Journal, record: Mapping[str, Any]) -> _Entry:
    meeting = Meeting.from_record(record)
    # A series is dated by the last occurrence marked held, else its first: its rule is not
    # expanded here.
    held = [h.start for h in meeting.held]
    wall = max([wall_text(meeting.start), *held])
    zone = timeparse.known_zone(meeting.tz) or ZoneInfo("UTC")
    try:
        start = datetime.fromisoformat(wall).replace(tzinfo=zone)
    except ValueError:
        start = meeting.start.replace(tzinfo=zone)
    texts = [
        ("title", meeting.title),
        ("notes", meeting.notes or ""),
        ("agenda", meeting.agenda or ""),
    ]
    return _Entry("meeting", meeting, texts, start.isoformat(), start, lambda: set(meeting.people))


def _action(journal: Journal, record: Mapping[str, Any]) -> _Entry:
    action = ActionItem.from_record(record)

    def people() -> set[str]:
        # Meetings and goals decide whom an action concerns; only --with needs them.
        from mentorlog.services.actions import involved

        return involved(journal, action)

    return _Entry(
        "action",
        action,
        [("text", action.text)],
        action.created,
        read_stamp(action.created),
        people,
    )


def _topic(journal: Journal, record: Mapping[str, Any]) -> _Entry:
    topic = Topic.from_record(record)
    return _Entry(
        "topic",
        topic,
        [("text", topic.text)],
        topic.created,
        read_stamp(topic.created),
        lambda: {topic.person},
    )


def _feedback(journal: Journal, record: Mapping[str, Any]) -> _Entry:
    feedback = Feedback.from_record(record)
    return _Entry(
        "feedback",
        feedback,
        [("text", feedback.text)],
        feedback.at,
        read_stamp(feedback.at),
        lambda: {feedback.person},
        feedback.tags,
    )


def _milestone(journal: Journal, record: Mapping[str, Any]) -> _Entry:
    milestone = Milestone.from_record(record)
    on = milestone.on
    return _Entry(
        "milestone",
        milestone,
        [("title", milestone.title), ("note", milestone.note or "")],
        on.isoformat(),
        datetime(on.year, on.month, on.day, tzinfo=UTC),
        lambda: {milestone.person} if milestone.person else set(),
    )


def _note(journal: Journal, record: Mapping[str, Any]) -> _Entry:
    note = Note.from_record(record)
    return _Entry(
        "note",
        note,
        [("text", note.text), ("prompt", note.prompt or "")],
        note.at,
        read_stamp(note.at),
        lambda: set(note.people),
        note.tags,
        note.private,
    )


_BUILDERS: dict[str, Callable[[Journal, Mapping[str, Any]], _Entry]] = {
    "goal": _goal,
    "meeting": _meeting,
    "action": _action,
    "topic": _topic,
    "feedback": _feedback,
    "milestone": _milestone,
    "note": _note,
}
