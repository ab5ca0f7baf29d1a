"""The errors mentorlog raises, each with its exit code.

Domain code raises these and never prints or exits; `mentorlog.cli.main` is the one place
that turns them into a line on stderr and an exit status. The codes are documented in the
README's exit-code table, and tests assert them through the class attributes.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import ClassVar


class MentorlogError(Exception):
    """Base of every error a user can cause or meet; its message is one sentence."""

    exit_code: ClassVar[int] = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InvalidInput(MentorlogError):
    """A value on the command line could not be read: a date, zone, duration, handle..."""

    exit_code = 2


class NotFound(MentorlogError):
    """No record with that id, handle or key."""

    exit_code = 3


class Conflict(MentorlogError):
    """The request clashes with what is stored: a handle taken, a goal already done."""

    exit_code = 4


class JournalRefused(MentorlogError):
    """The journal or config file is unreadable, not ours, or from a newer mentorlog."""

    exit_code = 5


class JournalBusy(MentorlogError):
    """Another mentorlog command held the journal's lock for longer than the timeout."""

    exit_code = 6


class StorageFailed(MentorlogError):
    """The journal could not be written: disk full, read-only folder, no permission."""

    exit_code = 7


class EditorFailed(MentorlogError):
    """No editor is set, it could not be started, or it exited with an error."""

    exit_code = 8


class SyncFailed(MentorlogError):
    """`mentorlog sync` could not reach its remote, git is missing, or a push failed; the
    journal is as it was."""

    exit_code = 9


class KeyUnavailable(MentorlogError):
    """An encrypted home's key could not be had: no key, a wrong passphrase three times, no
    way to ask for one, or files encrypted to another key. Nothing was changed."""

    exit_code = 10


class ShareFailed(MentorlogError):
    """Sharing with a CalDAV calendar failed: the server could not be reached, refused the
    user and password, the URL is not a calendar, an object kept changing under us, or the
    server sent malformed data; the journal is as it was."""

    exit_code = 11


class Interrupted(MentorlogError):
    """The user pressed Ctrl-C; the journal is whole, before or after the command."""

    exit_code = 130


EXIT_CODES: tuple[type[MentorlogError], ...] = (
    InvalidInput,
    NotFound,
    Conflict,
    JournalRefused,
    JournalBusy,
    StorageFailed,
    EditorFailed,
    SyncFailed,
    KeyUnavailable,
    ShareFailed,
    Interrupted,
)
