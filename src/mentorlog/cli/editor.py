"""Opening the user's editor on a temporary file, for notes written at length."""

from __future__ import annotations

import contextlib
import os
import shlex
import subprocess
from pathlib import Path

from mentorlog.errors import EditorFailed

SHARED_MEMORY = "/dev/shm"


def edit(initial: str, *, suffix: str = ".md", home: Path | None = None) -> str:
    """Open $VISUAL (else $EDITOR) on a private temp file holding `initial`; return what the
    file holds when the editor exits. The journal (in `home`) is not locked meanwhile."""
    import tempfile

    command = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not command:
        raise EditorFailed(
            "No editor is set: export EDITOR (e.g. EDITOR=nano), or give the text on the "
            "command line."
        )
    folder = None if home is None else memory_folder(home)
    # 0600: notes are private
    fd, name = tempfile.mkstemp(prefix="mentorlog-", suffix=suffix, dir=folder)
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(initial)
        _run([*shlex.split(command), str(path)], command)
        return _read_back(path, command)
    finally:
        with contextlib.suppress(OSError):  # gone already, or the editor left a folder
            path.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            path.rmdir()


def _read_back(path: Path, command: str) -> str:
    """What the editor left in the file; EditorFailed when it left none to read (an editor
    that deletes its file, or makes it a folder)."""
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise EditorFailed(
            f"The editor {command!r} left no file to read ({exc.strerror or exc}); nothing "
            "was saved."
        ) from exc


def memory_folder(home: Path) -> Path | None:
    """Where the editor's temp file goes: the usual temp folder (None) for a plain home; for
    an encrypted one, a folder held in memory ($XDG_RUNTIME_DIR, else /dev/shm), so that
    the text never reaches the disk in clear."""
    from mentorlog.store.crypt import marker_path

    if not marker_path(home).exists():
        return None
    for candidate in (os.environ.get("XDG_RUNTIME_DIR", ""), SHARED_MEMORY):
        if candidate and os.path.isdir(candidate) and os.access(candidate, os.W_OK | os.X_OK):
            return Path(candidate)
    raise EditorFailed(
        "This home is encrypted, and there is no folder in memory ($XDG_RUNTIME_DIR or "
        "/dev/shm) for the editor's file, which would put the text on the disk in clear; "
        "give the text on the command line."
    )


def _run(argv: list[str], command: str) -> None:
    try:
        done = subprocess.run(argv, check=False)
    except OSError as exc:
        raise EditorFailed(
            f"Cannot start the editor {command!r} ({exc.strerror or exc}); check $VISUAL and "
            "$EDITOR. Nothing was saved."
        ) from exc
    if done.returncode != 0:
        raise EditorFailed(
            f"The editor {command!r} exited with status {done.returncode}; nothing was saved."
        )
