"""The sync tree's layout and bytes: one canonical JSON file per record.

    <table>/<file>.json        one record, as the journal stores it (links by uid, see
                               `convert`), `file` being its uid when that is a safe name
    _tombstones/<file>.json    {table, uid, at}: a deleted record
    _meta.json                 {format, schema, next_ids}

These are the files' plaintexts. What is stored is the plaintext itself in a plain home,
and an age file of it in an encrypted one: `sealed.Codec` does that, and remembers what
each stored file holds, since age output is not deterministic.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Any

import orjson

from mentorlog.errors import JournalRefused

FORMAT = "mentorlog-sync"
SCHEMA_KEY = "schema"
META_PATH = "_meta.json"
TOMBSTONE_DIR = "_tombstones"
_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")

Tree = dict[str, dict[str, Any]]  # path -> the record it holds (decoded)


def canonical(value: Mapping[str, Any]) -> bytes:
    """Canonical JSON: sorted keys, two-space indent, a trailing newline."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2) + b"\n"


def file_name(uid: str) -> str:
    """The file a uid is kept in: the uid itself when safe, else a digest of it (the uid is
    inside the record either way)."""
    if _SAFE.fullmatch(uid) and not uid.endswith((".", ".lock")):
        return uid
    return "~" + hashlib.sha256(uid.encode()).hexdigest()[:40]


def record_path(table: str, uid: str) -> str:
    return f"{table}/{file_name(uid)}.json"


def tombstone_path(uid: str) -> str:
    return f"{TOMBSTONE_DIR}/{file_name(uid)}.json"


def to_bytes(value: Mapping[str, Any]) -> bytes:
    """The plaintext of a tree file (what a plain home stores as it is)."""
    return canonical(value)


def from_bytes(path: str, plain: bytes, where: str) -> dict[str, Any]:
    """A file of the tree read back from its plaintext; JournalRefused naming `where` if it
    is not one."""
    try:
        value = orjson.loads(plain)
    except orjson.JSONDecodeError:
        value = None
    if not isinstance(value, dict) or not _fits(path, value):
        raise JournalRefused(
            f"The sync repository {where} holds {path}, which is not a mentorlog sync file; "
            "point `mentorlog sync init` at a repository only mentorlog writes."
        )
    return value


def _fits(path: str, value: dict[str, Any]) -> bool:
    if path == META_PATH:
        return value.get("format") == FORMAT
    folder, _, name = path.partition("/")
    uid = value.get("uid")
    if not name.endswith(".json") or "/" in name or not isinstance(uid, str) or not uid:
        return False
    if name != f"{file_name(uid)}.json":
        return False
    if folder == TOMBSTONE_DIR:
        return isinstance(value.get("table"), str)
    return isinstance(value.get("id"), int)


def blob_id(data: bytes) -> str:
    """The id git gives a file with these bytes (so unchanged files are never re-read)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()
