"""Three devices, random rounds of random changes, then all sync until quiet: the three
journals are identical and no write is lost silently (real git, the real CLI)."""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from profiles import examples
from sync_devices import Device, bare_repo

pytestmark = pytest.mark.slow

START = datetime.fromisoformat("2026-11-21T09:00:00+01:00")
WORDS = st.text(alphabet="abcdefgh ", min_size=1, max_size=8).map(lambda s: s.strip() or "x")
DEVICE = st.integers(0, 2)
OPS = st.one_of(
    st.tuples(st.just("add"), DEVICE, WORDS),
    st.tuples(st.just("edit"), DEVICE, st.integers(0, 9), st.sampled_from(["title", "why"]), WORDS),
    st.tuples(st.just("progress"), DEVICE, st.integers(0, 9), st.integers(0, 99)),
    st.tuples(st.just("delete"), DEVICE, st.integers(0, 9)),
    st.tuples(st.just("action"), DEVICE, st.integers(0, 9), WORDS),
    st.tuples(st.just("sync"), DEVICE),
)


class World:
    def __init__(self, folder: Path) -> None:
        remote = bare_repo(folder / "remote.git")
        self.devices = [Device(folder / name) for name in ("laptop", "desktop", "tablet")]
        self.clock = START
        self.writes: list[tuple[str, str, Any, datetime]] = []  # uid, field, value, when
        self.added: set[str] = set()
        for device in self.devices:
            self.tick(device).ok("sync", "init", str(remote))

    def tick(self, device: Device) -> Device:
        self.clock += timedelta(minutes=1)
        return device.at(self.clock.isoformat())

    def goals(self, device: Device) -> list[dict[str, Any]]:
        return sorted(device.json("goal", "list", "--status", "all"), key=lambda g: g["id"])

    def run(self, op: tuple[Any, ...]) -> None:
        kind, device = op[0], self.tick(self.devices[op[1]])
        if kind == "sync":
            device.ok("sync")
            return
        if kind == "add":
            goal = device.json("goal", "add", op[2])
            self.added.add(goal["uid"])
            self.writes.append((goal["uid"], "title", op[2], self.clock))
            return
        found = self.goals(device)
        if not found:
            return
        goal = found[op[2] % len(found)]
        gid = str(goal["id"])
        if kind == "edit":
            device.ok("goal", "edit", gid, f"--{op[3]}", op[4])
            self.writes.append((goal["uid"], op[3], op[4], self.clock))
        elif kind == "progress":
            device.ok("goal", "progress", gid, str(op[3]))
            self.writes.append((goal["uid"], "progress", op[3], self.clock))
        elif kind == "delete":
            device.ok("goal", "delete", gid)
        else:
            device.ok("action", "add", op[3], "--goal", gid)

    def settle(self) -> None:
        for _ in range(2):
            for device in self.devices:
                self.tick(device).ok("sync")


@settings(max_examples=examples(4), deadline=None)
@given(st.lists(OPS, min_size=5, max_size=20))
def test_three_devices_end_identical_and_lose_no_write(ops: list[tuple[Any, ...]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        world = World(Path(folder))
        for op in ops:
            world.run(op)
        world.settle()
        first, *others = world.devices
        final = first.records()
        for device in others:
            assert device.records() == final
        goals = final.get("goals", {})
        deleted = set(final.get("_tombstones", {}))
        assert world.added - deleted == set(goals)
        for action in final.get("actions", {}).values():
            ids = {g["id"] for g in goals.values()}
            assert action.get("goal") is None or action["goal"] in ids
        conflicts = [c for d in world.devices for c in d.json("sync", "status")["conflicts"]]
        latest: dict[tuple[str, str], tuple[Any, datetime]] = {}
        for uid, name, value, when in world.writes:
            latest[(uid, name)] = (value, when)
        for (uid, name), (value, _) in latest.items():
            if uid not in goals:
                continue
            kept = goals[uid].get(name)
            parked = [c for c in conflicts if c["uid"] == uid and c["field"] == name]
            assert kept == value or any(value in (c["kept"], c["other"]) for c in parked), (
                uid,
                name,
                value,
                kept,
            )
