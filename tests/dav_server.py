"""A real CalDAV server for the share tests: Radicale, started as a process of its own on
127.0.0.1 on a free port, with a temp storage folder, plain htpasswd users and a rights file.

The test waits until the server answers HTTP (a readiness signal, never a sleep), and the
server is killed when the test ends. Its storage folder is a vdir (one .ics file per
object), which the tests grep for private markers and hand to khal and todoman.

Users: `mentor` and `mentee` read and write everything under `/shared/`; `reader` may read
it but not write (403 on a PUT); `outsider` may not even read it (403); every user owns
`/<login>/`.
"""

from __future__ import annotations

import contextlib
import functools
import socket
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from waiting import wait_for

USERS = {"mentor": "mentor-pw", "mentee": "mentee-pw", "reader": "reader-pw", "outsider": "x"}

RIGHTS = """\
[root]
user: .+
collection:
permissions: R

[principal]
user: .+
collection: {user}
permissions: RW

[own]
user: .+
collection: {user}/.+
permissions: RrWw

[shared-readers]
user: reader
collection: shared(/.*)?
permissions: Rr

[shared]
user: mentor|mentee
collection: shared(/.*)?
permissions: RrWw
"""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class DavServer:
    folder: Path
    port: int = 0
    proc: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def storage(self) -> Path:
        return self.folder / "collections"

    def url(self, path: str) -> str:
        return f"{self.base}/{path.strip('/')}/"

    def start(self) -> DavServer:
        """Start (or start again, same storage and port) and wait until it answers."""
        self.folder.mkdir(parents=True, exist_ok=True)
        users = self.folder / "users"
        users.write_text("".join(f"{u}:{p}\n" for u, p in USERS.items()))
        rights = self.folder / "rights"
        rights.write_text(RIGHTS)
        for _ in range(5):  # the free port may be taken between probe and bind: try another
            self.port = self.port or free_port()
            self.proc = subprocess.Popen(
                [
                    sys.executable, "-m", "radicale",
                    "--server-hosts", f"127.0.0.1:{self.port}",
                    "--storage-filesystem-folder", str(self.storage),
                    "--auth-type", "htpasswd",
                    "--auth-htpasswd-filename", str(users),
                    "--auth-htpasswd-encryption", "plain",
                    "--auth-delay", "0",
                    "--rights-type", "from_file",
                    "--rights-file", str(rights),
                    "--logging-level", "warning",
                    "--no-storage-use-cache-subfolder-for-item",
                ],
                stdout=subprocess.DEVNULL,
                stderr=(self.folder / "radicale.log").open("ab"),
            )  # fmt: skip
            proc = self.proc
            wait_for(functools.partial(self._up_or_gone, proc), "Radicale to answer")
            if proc.poll() is None:
                return self
            self.port = 0
        log = (self.folder / "radicale.log").read_text()
        raise AssertionError(f"Radicale did not start: {log}")

    def _up_or_gone(self, proc: subprocess.Popen[bytes]) -> bool:
        return proc.poll() is not None or self._answers()

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=5) as conn:
                conn.sendall(b"OPTIONS / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
                return conn.recv(12).startswith(b"HTTP/")
        except OSError:
            return False

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def client(self, user: str = "mentor") -> object:
        import caldav

        return caldav.DAVClient(url=self.base, username=user, password=USERS[user])

    def make_calendar(
        self, path: str, *, components: tuple[str, ...] = (), user: str = "mentor"
    ) -> str:
        """Create the calendar collection `path` (its parent too); return its URL."""
        import caldav

        client = caldav.DAVClient(url=self.base, username=user, password=USERS[user])
        parent, _, name = path.strip("/").rpartition("/")
        if parent:
            with contextlib.suppress(Exception):  # exists already
                client.mkcol(self.url(parent), "")
        calendar = caldav.Calendar(client=client, parent=caldav.Calendar(client, self.url(parent)))
        calendar._create(name=name, id=name, supported_calendar_component_set=list(components))
        return self.url(path)

    def files(self) -> list[Path]:
        return sorted(p for p in self.storage.rglob("*.ics"))

    def put(self, url: str, body: bytes, *, user: str = "mentee") -> str:
        """PUT an object the way a plain client does; returns its URL."""
        client = self.client(user)
        target = url if url.endswith(".ics") else f"{url}{uuid.uuid4()}.ics"
        response = client.put(target, body.decode(), {"Content-Type": "text/calendar"})  # type: ignore[attr-defined]
        assert response.status in (201, 204), response.status
        return target


class PreconditionProxy:
    """A proxy in front of a DavServer that passes every request on but answers each PUT
    and DELETE with 412 Precondition Failed, as a server does when the object keeps
    changing between our read and our write. Runs in a thread; `close` stops it."""

    def __init__(self, server: DavServer) -> None:
        import http.client
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        target = server.port
        refused: list[str] = []

        class Handler(BaseHTTPRequestHandler):
            def _pass_on(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                if self.command in ("PUT", "DELETE"):
                    refused.append(self.path)
                    self.send_response(412)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                conn = http.client.HTTPConnection("127.0.0.1", target, timeout=60)
                headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
                conn.request(self.command, self.path, body=body, headers=headers)
                answer = conn.getresponse()
                data = answer.read()
                self.send_response(answer.status)
                for name, value in answer.getheaders():
                    if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                conn.close()

            do_GET = do_PUT = do_DELETE = do_PROPFIND = do_REPORT = do_OPTIONS = _pass_on

            def log_message(self, *args: object) -> None:
                return

        self.refused = refused
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, real: str) -> str:
        """The proxy's address for the real server's URL `real`."""
        path = real.partition("//")[2].partition("/")[2]
        return f"http://127.0.0.1:{self.port}/{path}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
