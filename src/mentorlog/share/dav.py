"""Talking to a CalDAV calendar collection: the only module that imports `caldav`.

`caldav` (imported inside the functions, for start-up time) gives the HTTP session, the
authentication dance (Basic or Digest, whichever the server asks for), the WebDAV XML and
the sync-collection REPORT (RFC 6578) with its fallback: where a server has no sync-token,
or forgot ours, we get a full listing with ETags instead. On top of it this module keeps
to a few calls, each a precondition-checked request: GET, PUT with If-Match (or
If-None-Match: * for a new object), DELETE with If-Match.

Every failure the network, the server or the library can produce leaves here as
`ShareFailed` with one sentence (a 412 on PUT or DELETE as `Changed`, which the engine
answers by fetching the object again).
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from mentorlog.errors import ShareFailed

TIMEOUT = 30  # seconds for one request: a server that answers nothing in that time is down
COMPONENTS = ("VEVENT", "VTODO", "VJOURNAL")
_SAFE_NAME = re.compile(r"[A-Za-z0-9@._-]{1,200}")


class Changed(Exception):
    """The object changed on the server since we read it (HTTP 412 on If-Match)."""


@dataclass(frozen=True)
class Listing:
    """What the collection holds, or what changed in it since a sync-token.

    `etags`: href (the URL's path) -> ETag of each object listed: every object when
    `complete`, else those added or changed since the token. `deleted`: hrefs removed
    since the token (empty when complete: what is not listed is gone). `token`: the
    sync-token to give next time (None when the server has none)."""

    etags: dict[str, str]
    deleted: frozenset[str]
    complete: bool
    token: str | None


def href_for(collection_path: str, uid: str) -> str:
    """The href a new object with `uid` gets: `<uid>.ics` when that is a safe file name
    (every client can read it back), else a digest of the uid."""
    name = uid if _SAFE_NAME.fullmatch(uid) else hashlib.sha256(uid.encode()).hexdigest()[:40]
    return f"{collection_path.rstrip('/')}/{quote(name)}.ics"


class Collection:
    """An open calendar collection at `url`."""

    def __init__(self, url: str, user: str | None, password: str | None) -> None:
        try:
            from caldav.collection import Calendar
            from caldav.davclient import DAVClient
        except ImportError as exc:
            raise ShareFailed(
                "Sharing needs the caldav library, which is not installed here: install "
                "mentorlog with `pip install 'mentorlog[share]'` (or `pip install caldav`)."
            ) from exc

        self.url = url if url.endswith("/") else url + "/"
        self.path = unquote(urlsplit(self.url).path)
        self.user = user
        with self.talking("connect to"):
            self.client = DAVClient(
                url=self.url,
                username=user or None,
                password=password,
                timeout=TIMEOUT,
                enable_rfc6764=False,
            )
            self.calendar = Calendar(client=self.client, url=self.url)

    # -- the collection ----------------------------------------------------------------

    def check(self) -> frozenset[str]:
        """Make sure `url` is a calendar collection we can read; return the components it
        holds (VEVENT, VTODO, VJOURNAL)."""
        with self.talking("read"):
            response = self.client.propfind(
                self.url, ["resourcetype", "supported-calendar-component-set"], depth=0
            )
        if response.status == 404:
            raise self.not_a_calendar("nothing is there")
        if response.status not in (200, 207):
            raise self.not_a_calendar(f"it answered {response.status}")
        props = _props_of(response.results, self.path)
        kinds = props.get("{DAV:}resourcetype") or []
        if "{urn:ietf:params:xml:ns:caldav}calendar" not in kinds:
            raise self.not_a_calendar("it is a folder or a file, not a calendar")
        found = props.get("{urn:ietf:params:xml:ns:caldav}supported-calendar-component-set")
        if not found:  # RFC 4791 5.2.3: absent means every component
            return frozenset(COMPONENTS)
        return frozenset(str(c).upper() for c in found) & frozenset(COMPONENTS)

    def listing(self, token: str | None) -> Listing:
        """The changes since `token` (sync-collection REPORT), or a full listing with ETags
        where the server has no sync-token or no longer knows ours."""
        with self.talking("list"):
            found: Any = self.calendar.get_objects_by_sync_token(token or None, load_objects=False)
        new_token = found.sync_token if isinstance(found.sync_token, str) else None
        fake = new_token is None or new_token.startswith("fake-")
        complete = token is None or fake
        etags: dict[str, str] = {}
        for obj in found:
            href = _path_of(obj.url)
            etag = (getattr(obj, "props", None) or {}).get("{DAV:}getetag")
            if href.rstrip("/") != self.path.rstrip("/"):
                etags[href] = str(etag) if etag else ""
        deleted = frozenset(_path_of(u) for u in found.deleted_urls or ())
        for href in deleted:
            etags.pop(href, None)
        # A made-up token (caldav's fallback) is never stored: the next round asks the
        # server for a real one again.
        return Listing(etags, deleted, complete, None if fake else new_token)

    # -- objects -----------------------------------------------------------------------

    def get(self, href: str) -> tuple[bytes, str] | None:
        """The object's bytes and ETag; None when it is gone."""
        with self.talking("read"):
            response = self.client.request(self._url(href), "GET")
            if response.status == 404:
                return None
            if response.status != 200:
                raise self.failed(f"answered {response.status} to reading {href}")
            body = response.raw.encode("utf-8")
        return body, str(response.headers.get("etag") or "")

    def put(self, href: str, body: bytes, *, etag: str | None) -> str:
        """Write the object; `etag` None: only if nothing is there yet. Returns the new
        ETag ("" when the server gives none). Changed on a 412."""
        condition = {"If-Match": etag} if etag else {"If-None-Match": "*"}
        headers = {"Content-Type": "text/calendar; charset=utf-8", **condition}
        with self.talking("write to"):
            response = self.client.put(self._url(href), body.decode("utf-8"), headers)
        if response.status == 412:
            raise Changed(href)
        if response.status not in (200, 201, 204):
            raise self.failed(f"refused to store {href} ({response.status})")
        return str(response.headers.get("etag") or "")

    def delete(self, href: str, *, etag: str | None) -> None:
        """Delete the object if it is as we last saw it (Changed on a 412)."""
        headers = {"If-Match": etag} if etag else {}
        with self.talking("write to"):
            response = self.client.delete(self._url(href), headers)
        if response.status == 412:
            raise Changed(href)
        if response.status not in (200, 204, 404):
            raise self.failed(f"refused to delete {href} ({response.status})")

    def _url(self, href: str) -> str:
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}{quote(href)}"

    # -- errors ------------------------------------------------------------------------

    @contextlib.contextmanager
    def talking(self, doing: str) -> Iterator[None]:
        """Turn whatever caldav and the HTTP library raise into ShareFailed."""
        from caldav.lib import error

        try:
            yield
        except ShareFailed:
            raise
        except error.AuthorizationError as exc:
            raise self.refused(exc.status, doing) from exc
        except error.NotFoundError as exc:
            raise self.not_a_calendar("nothing is there") from exc
        except error.DAVError as exc:
            raise self.failed(f"answered with an error ({exc.reason})") from exc
        except OSError as exc:  # requests' and niquests' errors are OSErrors
            raise self.unreachable(exc) from exc
        except Exception as exc:  # lxml's XML errors, a library bug: never a traceback
            if _is_http_error(exc):
                raise self.unreachable(exc) from exc
            raise self.failed(f"sent what is not CalDAV ({type(exc).__name__})") from exc

    def unreachable(self, exc: BaseException) -> ShareFailed:
        reason = _short(exc)
        return ShareFailed(
            f"Cannot reach the CalDAV server at {self.url} ({reason}); check the address and "
            "your connection, then try again; the journal is unchanged."
        )

    def refused(self, status: int | None, doing: str) -> ShareFailed:
        who = f"the user {self.user!r}" if self.user else "no user"
        if status == 403:
            return ShareFailed(
                f"The CalDAV server does not let {who} {doing} {self.url} (403 Forbidden); ask "
                "the calendar's owner to share it with that user, writable."
            )
        return ShareFailed(
            f"The CalDAV server at {self.url} refused {who} and the password (401); check the "
            "user and password (MENTORLOG_DAV_PASSWORD, --password-command or the keyring)."
        )

    def not_a_calendar(self, why: str) -> ShareFailed:
        return ShareFailed(
            f"{self.url} is not a CalDAV calendar collection ({why}); give the URL of the "
            "calendar itself, as the server shows it for CalDAV or DAVx5."
        )

    def failed(self, what: str) -> ShareFailed:
        return ShareFailed(
            f"The CalDAV server at {self.url} {what}; try again later; the journal is unchanged."
        )


def _path_of(url: Any) -> str:
    """The path of a caldav URL (or a string), unquoted: how hrefs are kept."""
    path = getattr(url, "path", None)
    return unquote(str(path) if path is not None else urlsplit(str(url)).path)


def _props_of(results: Any, path: str) -> dict[str, Any]:
    """The properties of the collection itself in a PROPFIND's results."""
    for result in results or []:
        if unquote(str(result.href)).rstrip("/") == path.rstrip("/"):
            return dict(result.properties)
    return dict(results[0].properties) if results else {}


def _is_http_error(exc: BaseException) -> bool:
    module = type(exc).__module__.split(".")[0]
    return module in ("niquests", "requests", "urllib3", "urllib3_future")


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "refused" in text.lower():
        return "connection refused"
    if "timed out" in text.lower() or "timeout" in type(exc).__name__.lower():
        return "timed out"
    if "name" in text.lower() and "resolv" in text.lower():
        return "unknown host"
    return text[:120]
