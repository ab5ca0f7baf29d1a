"""Search: words and phrases anywhere in the journal, whatever their case and accents.

Every kind of record the registry (`mentorlog.kinds`) marks as searched is searched, in the
fields it names; how text is folded and matched is in `search_text`. Each record's fields
are folded once; the character map is built only for the fields of the records that match,
and never for ASCII text (where folding is `lower()` and the map is the identity), so
searching a journal of ten thousand records stays fast.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from types import MappingProxyType
from zoneinfo import ZoneInfo

from mentorlog import timeparse
from mentorlog.errors import InvalidInput
from mentorlog.kinds import KIND, KINDS, Kind
from mentorlog.model import Record, instant_text, read_wall, searched, wall_text
from mentorlog.services import fields, search_read
from mentorlog.services.search_text import (
    SNIPPET_WIDTH,
    Snippet,
    Term,
    first_line,
    fold,
    highlights,
    made,
    parse_query,
    snippet,
    window,
)
from mentorlog.store import Journal

TYPE_CHECKING = False
if TYPE_CHECKING:  # the kinds' modules are imported only by a record built
    from typing import Any, Protocol

    from mentorlog.model import ActionItem, Feedback, Goal, Meeting, Milestone, Note, Topic

    class Searchable(Protocol):
        """What every record type offers: an id and its --json shape."""

        id: int | None

        def to_json(self) -> Record: ...


# The kinds searched, in the order results are grouped.
TYPES = tuple(kind.name for kind in KINDS if kind.search is not None)
TABLES = {name: KIND[name].table for name in TYPES}
_TYPE_NAMES = {name: kind for kind in TYPES for name in (kind, f"{kind}s")}


def tagged() -> frozenset[str]:
    """The kinds that carry tags; the others never match --tag and are not even read. (Asked
    only with --tag: the registry asks each kind's model, whose module a search that builds
    no record never imports.)"""
    return frozenset(name for name in TYPES if KIND[name].tagged)


_LINE_BREAK = re.compile(r"[\r\n]+")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


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


# -- hits ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """One record that matched: its title line and the snippet around the first match."""

    kind: str
    id: int
    title: Snippet  # the title's first line, with its matches
    source: Snippet  # the whole field the snippet is from, with every match
    field: str  # what that field is: "title", "why", "notes", ...
    in_title: bool  # the field is the title, on one line: the title shows it all
    at: str | None
    day: date | None
    private: bool
    item: Searchable  # the Goal, Meeting, ... itself
    width: int = SNIPPET_WIDTH  # how wide `snippet` is

    @property
    def snippet(self) -> Snippet:
        """About `width` characters of `source` around its first match (worked out when
        asked: the terminal's view windows the source to its own width)."""
        return window(self.source.text, self.source.spans, self.width)

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
    when: Callable[[], Dated]  # asked only of the records a filter or a hit needs it of
    people: Callable[[], set[str]]
    tags: Sequence[str] = ()
    private: bool = False
    _dated: Dated | None = None

    @property
    def dated(self) -> Dated:
        # Kept once asked (a plain attribute: `functools.cached_property` takes a lock on
        # every first read, a tenth of a search of 100,000 records).
        if self._dated is None:
            self._dated = self.when()
        return self._dated

    @property
    def at(self) -> str | None:
        return self.dated[0]

    @property
    def moment(self) -> datetime | None:
        return self.dated[1]

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
    since: date | None = None,
    width: int = SNIPPET_WIDTH,
) -> list[Hit]:
    """The records matching every term of `query`, grouped by type (in TYPES order), newest
    first within each type, kept to the given types, person, tag and day."""
    terms = parse_query(query)
    kinds = parse_types(types) or TYPES
    wanted_tag = fields.tag(tag) if tag is not None else None
    start = since
    handle = None
    if person is not None:
        # The people service (and the person model) only for --with: a plain search needs
        # neither.
        from mentorlog.services.people import get_person

        handle = get_person(journal, person).handle
    if wanted_tag is not None:
        kinds = tuple(k for k in kinds if k in tagged())
    hits: list[Hit] = []
    words = _sieve_words(terms)
    for kind in kinds:
        found = []
        for entry in _entries(journal, kind, words, tags=wanted_tag is not None):
            if (
                (start is None or (entry.day is not None and entry.day >= start))
                and (wanted_tag is None or wanted_tag in entry.tags)
                and (handle is None or handle in entry.people())
            ):
                hit = _match(entry, terms, width)
                if hit is not None:
                    # Newest first: by the time since the epoch, which orders as the instants
                    # do, compared without asking each zone its offset again at every step.
                    found.append(((entry.moment or _EPOCH) - _EPOCH, hit.id, hit))
        found.sort(key=lambda item: (item[0], item[1]), reverse=True)
        hits += [hit for _, _, hit in found]
    return hits


def _match(entry: _Entry, terms: Sequence[Term], width: int) -> Hit | None:
    fields = entry.fields
    if len(fields) == 1:  # the usual record: one text (an action's, a note's ...)
        folded = fold(fields[0][1])
        if not all(term.found_in(folded) for term in terms):
            return None
        best = 0
    else:
        folded_fields = [fold(text) for _, text in fields]
        counts = [0] * len(folded_fields)
        for term in terms:
            found = False
            for index, folded in enumerate(folded_fields):
                if term.found_in(folded):
                    counts[index] += 1
                    found = True
            if not found:
                return None
        best = counts.index(max(counts))
    label, text = fields[best]
    source = snippet(text, tuple(highlights(text, terms)))
    title_text = fields[0][1]
    if "\n" in title_text or "\r" in title_text:
        title_line = first_line(title_text)
        one_line = best == 0 and _LINE_BREAK.search(title_text.strip()) is None
    else:  # `first_line` of a title on one line, without its regular expression
        title_line = title_text.strip()
        one_line = best == 0
    # The usual hit is in its one-line title: the title's highlights are the source's.
    title = (
        source if title_line == text else snippet(title_line, tuple(highlights(title_line, terms)))
    )
    item = entry.item
    at, moment = entry.dated
    return made(  # Hit(**these), made quickly
        Hit,
        {
            "kind": entry.kind,
            "id": item.id or 0,
            "title": title,
            "source": source,
            "field": label,
            "in_title": one_line,
            "at": at,
            "day": moment.date() if moment is not None else None,
            "private": entry.private,
            "item": item,
            "width": width,
        },
    )


# -- what each type offers -------------------------------------------------------------------


def _entries(
    journal: Journal, kind: str, words: Sequence[str] = (), *, tags: bool = False
) -> Iterator[_Entry]:
    """The records of a kind as search sees them (their tags read only with `tags`); with
    `words`, only those whose text holds every one (`_may_match`)."""
    of = KIND[kind]
    sieved = journal.sieved(of.table, words) if _in_bytes(words) else None
    if sieved is None:
        records = [r for r in journal.all(of.table) if not words or _may_match(r, words)]
    else:  # those whose JSON holds the words, and those whose bytes cannot tell
        records = sieved[0] + [r for r in sieved[1] if _may_match(r, words)]
    return _read(journal, of, records, tags)


def _read(
    journal: Journal, of: Kind, records: Iterable[Mapping[str, Any]], tags: bool
) -> Iterator[_Entry]:
    """Each record as search sees it, read from the record (`model.searched`, as its
    kind's `from_record` reads each field), built only for its `--json` shape or, for an
    action item, whom it concerns (`_built` is the plain way, every record built)."""
    when, who = search_read.when(of), search_read.who(of)
    tagged, private = tags and of.tagged, of.private
    for record in records:
        item = search_read.Unbuilt(of, record)
        yield _Entry(
            of.name,
            item,
            search_read.texts(of, record),
            functools.partial(when, record),
            functools.partial(who, journal, record)
            if who is not None
            else functools.partial(_built_people, journal, of, item),
            searched.tags_of(record) if tagged else (),
            searched.private_of(record) if private else False,
        )


def _built_people(journal: Journal, kind: Kind, item: search_read.Unbuilt) -> set[str]:
    return _who(kind)(journal, item.built())


def _built(
    journal: Journal, of: Kind, records: Iterable[Mapping[str, Any]], tags: bool
) -> Iterator[_Entry]:
    """`_read` the plain way: every record built into its model, and read from that."""
    when, who = _when(of), _who(of)
    for record in records:
        item = of.model.from_record(record)
        yield _Entry(
            of.name,
            item,
            _texts(of, item),
            functools.partial(when, item),
            functools.partial(who, journal, item),
            getattr(item, "tags", ()) if of.tagged else (),
            bool(getattr(item, "private", False)) if of.private else False,
        )


# -- the sieve: records that cannot match are passed by unbuilt -----------------------------
#
# Building every record into its model (reading its stamps, its history) was most of a
# search, and most records do not match. A record's searched fields are its own strings,
# or `str` of a value a hand edit left, as the model reads it; `repr` of the record holds
# every one of them: `str` of any other value as it is (`str` of a list or a dict is the
# `repr` of its items), and each string with its quotes and its unprintable characters,
# backslashes and quotes escaped. Folding goes character by character (`search_text`), and
# no character `repr` escapes folds to nothing or to a letter or a digit (checked over every
# code point: tests/test_fast_paths.py), so every word of letters and digits found in a
# folded field is found in the folded `repr`: a record without one of them cannot match.
# Only such words are asked (a word with a quote, a bracket or a backslash could match the
# escaped text and not the value). One `repr` in C, where walking each record's values took
# most of a search of 10,000 records; the sieve is held to the search over every record.


def _sieve_words(terms: Sequence[Term]) -> list[str]:
    return [word for term in terms for word in term.words if word.isalnum()]


def _in_bytes(words: Sequence[str]) -> bool:
    """Whether the words can be looked for in the records' JSON as the store wrote it,
    rather than in each record parsed (`Journal.sieved`): ASCII words of letters and
    digits, where the JSON of a record of ASCII text holds every word its text holds, as
    `repr` does, but for what the two write otherwise: `null` where `str` of a list holding
    one writes None (a word within "none"), and a float's exponent (`1e-5` for `1e-05`: a
    word beginning with a digit). The other differences, escaped control characters and
    DEL, make a record one `raw_records.holding` always takes."""
    return bool(words) and all(
        word.isascii() and not word[0].isdigit() and word not in "none" for word in words
    )


_PROXY = len("mappingproxy(")


def _may_match(record: Mapping[str, Any], words: Sequence[str]) -> bool:
    text = repr(record)
    if type(record) is MappingProxyType:
        text = text[_PROXY:-1]  # the record's own dict (the name could match a word)
    folded = fold(text)
    return all(word in folded for word in words)


def _texts(kind: Kind, item: object) -> list[tuple[str, str]]:
    """The fields search reads, as the registry names them; a list field gives one text a
    member (a goal's progress notes)."""
    texts: list[tuple[str, str]] = []
    for label, attribute in kind.search or ():
        value = getattr(item, attribute)
        if isinstance(value, list):
            texts += [(label, text) for text in value]
        else:
            texts.append((label, value or ""))
    return texts


# When each kind happened, as shown and as sorted.
Dated = tuple[str | None, datetime | None]


def _created(item: Any) -> Dated:
    return instant_text(item.created), item.created


def _at(item: Any) -> Dated:
    return instant_text(item.at), item.at


def _meeting_when(meeting: Meeting) -> Dated:
    # A series is dated by the last occurrence marked held, else its first: its rule is not
    # expanded here.
    held = [h.start for h in meeting.held]
    wall = max([wall_text(meeting.start), *held])
    zone = timeparse.known_zone(meeting.tz) or ZoneInfo("UTC")
    start = (read_wall(wall) or meeting.start).replace(tzinfo=zone)
    return start.isoformat(), start


def _milestone_when(milestone: Milestone) -> Dated:
    on = milestone.on
    return on.isoformat(), datetime(on.year, on.month, on.day, tzinfo=UTC)


# The kinds dated otherwise than by their `at` instant, else their creation (`_when`).
_WHEN: dict[str, Callable[[Any], Dated]] = {
    "meeting": _meeting_when,
    "milestone": _milestone_when,
}


def _when(kind: Kind) -> Callable[[Any], Dated]:
    """When a record of `kind` happened, as shown and as sorted."""
    if kind.name in _WHEN:
        return _WHEN[kind.name]
    return _at if "at" in kind.model.__dataclass_fields__ else _created


# Whom each kind concerns, for --with.


def _person(journal: Journal, item: Goal | Topic | Feedback | Milestone) -> set[str]:
    return {item.person} if item.person else set()


def _people(journal: Journal, item: Meeting | Note) -> set[str]:
    return set(item.people)


def _involved(journal: Journal, action: ActionItem) -> set[str]:
    # Meetings and goals decide whom an action concerns; only --with needs them.
    from mentorlog.services.actions_read import involved

    return involved(journal, action)


# The kinds whose people are found otherwise than by their `people` or `person` field.
_WHO: dict[str, Callable[[Journal, Any], set[str]]] = {"action": _involved}


def _who(kind: Kind) -> Callable[[Journal, Any], set[str]]:
    """Whom a record of `kind` concerns, for --with."""
    if kind.name in _WHO:
        return _WHO[kind.name]
    return _people if "people" in kind.model.__dataclass_fields__ else _person
