"""Text for `mentorlog sync`: a round's summary, the status, the log."""

from __future__ import annotations

from datetime import date, tzinfo
from typing import Any

import orjson

from mentorlog.render import dates


def _records(count: int) -> str:
    return f"{count} record" if count == 1 else f"{count} records"


def round_lines(outcome: Any, *, first: bool) -> str:
    start = f"Set up sync with {outcome.remote}. " if first else ""
    text = (
        f"{start}Synced with {outcome.remote}: sent {_records(outcome.sent)}, "
        f"received {_records(outcome.received)}"
    )
    if outcome.conflicts:
        count = len(outcome.conflicts)
        text += (
            f"; {count} conflict{'s' if count != 1 else ''} settled by the later edit "
            "(`mentorlog sync status` lists them)"
        )
    return text + "."


def _value(value: Any) -> str:
    return orjson.dumps(value).decode()[:60]


def status_text(data: dict[str, Any], zone: tzinfo, today: date) -> str:
    last = data["last_sync"]
    lines = [
        f"Remote: {data['remote']}",
        f"Last sync: {dates.stamp(last['at'], zone, today=today) if last else 'never'}",
        f"Waiting to be sent: {_records(data['pending'])}",
    ]
    conflicts = data["conflicts"]
    if not conflicts:
        lines.append("Conflicts: none")
    else:
        lines.append(f"Conflicts ({len(conflicts)}; settle with `mentorlog sync resolve N`):")
        for c in conflicts:
            side = "this device's" if c["kept_side"] == "mine" else "the other device's"
            lines.append(
                f"  {c['number']}. {c['table']} {c['id']} ({c['uid']}) {c['field']}: kept "
                f"{side} {_value(c['kept'])}, other {_value(c['other'])}"
            )
    return "\n".join(lines)


def log_text(entries: list[dict[str, Any]]) -> str:
    lines = []
    for e in entries:
        lines.append(
            f"{e.get('at')}  sent {_records(int(e.get('sent', 0)))}, received "
            f"{_records(int(e.get('received', 0)))}, {e.get('conflicts', 0)} conflicts"
        )
        lines += [f"    {m}" for m in e.get("messages", [])]
    return "\n".join(lines)
