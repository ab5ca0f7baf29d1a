"""Running mentorlog as a real process with its stdout on a pseudo-terminal."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

CLI = [sys.executable, "-m", "mentorlog"]


def at_a_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run mentorlog with stdout (only) on a pseudo-terminal; all it and its pager wrote
    there, once both ended (the terminal reads EOF when the last writer closes it)."""
    master, slave = pty.openpty()
    process = subprocess.Popen(
        [*CLI, *args], stdout=slave, stderr=subprocess.PIPE, env={**os.environ, **env}
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: every writer closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    code = process.wait()
    assert process.stderr is not None
    assert process.stderr.read() == b""
    return code, b"".join(chunks).decode().replace("\r\n", "\n")
