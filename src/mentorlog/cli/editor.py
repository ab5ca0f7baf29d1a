"""Opening the user's editor on a temporary file, for notes written at length."""

from __future__ import annotations

import contextlib
import os
import shlex
import subprocess
from pathlib import Path

from mentorlog.errors import EditorFailed


def edit(initial: str, *, suffix: str = ".md") -> str:
    """Open $VISUAL (else $EDITOR) on a private temp file holding `initial`; return what the
    file holds when the editor exits. The journal is not locked meanwhile."""
    import tempfile

    command = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not command:
        raise EditorFailed(
            "No editor is set: export EDITOR (e.g. EDITOR=nano), or give the text on the "
            "command line."
        )
    fd, name = tempfile.mkstemp(prefix="mentorlog-", suffix=suffix)  # 0600: notes are private
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
