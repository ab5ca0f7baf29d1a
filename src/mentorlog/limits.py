"""Every limit on what comes in, in one place: years, ids, text lengths, link and email
shapes, file sizes and the work one .ics file may ask for (README, "Limits").

Typed input, `import json`, `import ics` and anything that later brings records from
elsewhere (sync, share) check against these, so that nothing a later command reads can make
it crash, hang or fill the memory. The checks here raise nothing: they say what is wrong in
words a refusal can quote (`problem_with_*`), and the caller names the record and the field.
Plain Python only: the store and the date parser sit on this module.
"""

from __future__ import annotations

import re
from datetime import date

# The years a date may have, typed or imported (outside, zone and rule arithmetic overflows).
MIN_YEAR, MAX_YEAR = 1900, 2999
# Ids and id counters: whole numbers from 1 to the largest 32-bit signed integer.
MAX_ID = 2**31 - 1
# Text typed on the command line: a title or name, and a body (a note, a why...).
SHORT_TEXT = 200
LONG_TEXT = 20_000
# Text brought in from a file (import json / ics, later sync and share), per field: a title
# or name, and a body. Bodies may be longer than typed ones: meeting notes grow by appending
# (up to 20 typed bodies) and a saved agenda gathers many items.
IMPORTED_SHORT_TEXT = 500
IMPORTED_LONG_TEXT = 20 * LONG_TEXT
IMPORTED_AGENDA_TEXT = 100 * LONG_TEXT
# Links and emails.
MAX_URL = 2_000
MAX_EMAIL = 254
# The web, email, and the apps calls are joined with (phone, SIP, Zoom, Teams, FaceTime).
URL_SCHEMES = ("http", "https", "mailto", "tel", "sip", "sips", "zoommtg", "msteams", "facetime")
# Files an import reads.
MAX_IMPORT_BYTES = 20 * 1024 * 1024
# The work one .ics file may ask for.
MAX_ICS_COMPONENTS = 50_000  # BEGIN lines of any kind
MAX_ICS_PROPERTIES = 1_000  # content lines in one component
MAX_ICS_TRANSITIONS = 1_000  # STANDARD/DAYLIGHT parts and RDATEs in one VTIMEZONE

# Patterns as strings, compiled (and cached by `re`) when first used: compiling them at
# import cost every command, most of which never use them.
_C0_C1 = r"[\x00-\x1f\x7f-\x9f]"
_EMAIL = r"[^@\s]+@[^@\s.][^@\s]*\.[^@\s]+"
# Compiled now: an import checks the year of every stamp it reads.
_YEAR = re.compile(r"\s*([+-]?\d+)-")


def year_in_range(year: int) -> bool:
    """Whether a year is one mentorlog takes (MIN_YEAR to MAX_YEAR)."""
    return MIN_YEAR <= year <= MAX_YEAR


def date_in_range(moment: date) -> bool:
    """Whether a date or datetime falls in the years mentorlog takes."""
    return MIN_YEAR <= moment.year <= MAX_YEAR


def years_text() -> str:
    return f"a year from {MIN_YEAR} to {MAX_YEAR}"


def id_in_range(value: object) -> bool:
    """Whether a value is an id (or id counter) mentorlog takes: a whole number, 1..MAX_ID."""
    return type(value) is int and 1 <= value <= MAX_ID


def problem_with_year(value: str) -> str | None:
    """What is wrong with the year of a stored date or time ("2026-12-01T09:00:00"), or None
    when it is fine or is not a date at all (the readers take those as missing)."""
    match = _YEAR.match(value)
    if match is None:
        return None
    year = int(match.group(1))
    return None if year_in_range(year) else f"the year {year} ({years_text()} is needed)"


def problem_with_length(value: str, limit: int) -> str | None:
    """What is wrong with a text's length, or None."""
    if len(value) <= limit:
        return None
    return f"{len(value):,} characters long (at most {limit:,})"


def problem_with_url(value: str) -> str | None:
    """What is wrong with a link (a scheme of URL_SCHEMES, no spaces or control characters)."""
    if len(value) > MAX_URL:
        return f"{len(value):,} characters long (at most {MAX_URL:,})"
    if re.search(_C0_C1, value):
        return "it holds a control character"
    if any(ch.isspace() for ch in value):
        return "it holds a space"
    scheme, colon, rest = value.partition(":")
    if not colon or scheme.lower() not in URL_SCHEMES or not rest.strip("/"):
        return "it is not a web (http, https), mailto, tel, sip or call-app link"
    return None


def problem_with_email(value: str) -> str | None:
    """What is wrong with an email address (one @, a dotted domain, no spaces or controls)."""
    if len(value) > MAX_EMAIL:
        return f"{len(value):,} characters long (at most {MAX_EMAIL})"
    if re.search(_C0_C1, value):
        return "it holds a control character"
    if not re.fullmatch(_EMAIL, value):
        return "it is not an email address like name@example.org"
    return None
