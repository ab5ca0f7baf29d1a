"""Text for `mentorlog share`: a round's summary and the list of shares."""

from __future__ import annotations

from datetime import date, tzinfo
from typing import Any

from mentorlog.render import dates


def _objects(count: int) -> str:
    return f"{count} object" if count == 1 else f"{count} objects"


def _changes(count: int) -> str:
    return f"{count} change" if count == 1 else f"{count} changes"


def round_line(outcome: dict[str, Any]) -> str:
    deleted = f"deleted {outcome['deleted']}, " if outcome["deleted"] else ""
    text = (
        f"Shared with {outcome['handle']} at {outcome['url']}: sent "
        f"{_objects(outcome['sent'])}, {deleted}received {_changes(outcome['received'])}"
    )
    count = len(outcome["conflicts"])
    if count:
        text += (
            f"; {count} conflict{'s' if count != 1 else ''} settled by the later edit "
            "(`mentorlog share list` shows them)"
        )
    return text + "."


def list_text(rows: list[dict[str, Any]], zone: tzinfo, today: date) -> str:
    lines = []
    for row in rows:
        last = row["last_sync"]
        when = dates.stamp(last["at"], zone, today=today) if last else "never"
        user = f" as {row['user']}" if row["user"] else ""
        lines.append(f"{row['handle']}: {row['url']}{user} (last shared: {when})")
        for c in row["conflicts"][-5:]:
            kept, other = ("ours", "theirs") if c.get("kept") == "ours" else ("theirs", "ours")
            lines.append(
                f"  conflict on {c.get('uid', '?')} {c.get('field', '?')}: kept "
                f"{str(c.get(kept))[:40]!r}, the other side had {str(c.get(other))[:40]!r}"
            )
    return "\n".join(lines)
