"""Writing the documents users ask for with `--out FILE`: agendas, reports, exports."""

from __future__ import annotations

from pathlib import Path

from mentorlog.errors import StorageFailed


def write_document(path: Path, text: str) -> Path:
    """Write `text` to `path` atomically (a crash leaves the old file or the new one, never
    half of it), readable only by you, since it may hold a journal's contents. Returns the
    path written, with `~` expanded."""
    from mentorlog.store import write_atomic

    target = path.expanduser()
    if target.is_dir():
        raise StorageFailed(f"Cannot write to {path}: it is a folder; give a file name.")
    if not target.parent.is_dir():
        raise StorageFailed(f"Cannot write to {path}: the folder {target.parent} does not exist.")
    write_atomic(target, text.encode("utf-8"))
    return target
