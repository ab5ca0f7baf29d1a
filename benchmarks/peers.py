"""Taskwarrior, jrnl, todoman and khal, set up with as many tasks, entries, to-dos or events as
a mentorlog journal has, each in a folder of its own, so that `run.py --peers` can time them
side by side on equal work.

None is needed: `find` returns None when a program is not there, and run.py notes it.
Taskwarrior (`task`, a Debian package: `apt-get install -y taskwarrior`) gets its tasks through
`task import` of one JSON array, with a private TASKRC and TASKDATA. jrnl, todoman and khal
come from PyPI, into a virtual environment of their own (`install`, run by
`run.py --install-peers`: benchmarks/.peers); each gets a private config found through
XDG_CONFIG_HOME. jrnl gets a plain-text journal written directly; todoman a VTODO file per
action item of the mentorlog journal, khal a VEVENT file per meeting of it, the same items.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from journal_gen import NOW, history


@dataclass
class Peer:
    """A program ready to time: its environment, and the commands to time, by label."""

    name: str
    env: dict[str, str]
    commands: dict[str, list[str]] = field(default_factory=dict)


# The peers from PyPI, and where `install` puts them.
PYPI_PEERS = ("jrnl", "todoman", "khal")
VENV = Path(__file__).resolve().parent / ".peers"


def find(program: str, given: str | None) -> str | None:
    """The path of `program`: `given` if it is one, else the one in benchmarks/.peers, else
    the one on PATH, else None."""
    if given:
        return given if Path(given).is_file() and os.access(given, os.X_OK) else None
    installed = VENV / "bin" / program
    if installed.is_file() and os.access(installed, os.X_OK):
        return str(installed)
    return shutil.which(program)


def install(venv: Path = VENV) -> list[str]:
    """Install jrnl, todoman and khal from PyPI into a virtual environment of their own (not
    mentorlog's: their dependencies must not change what is measured); what went wrong, if
    anything. Taskwarrior is a system package: `apt-get install -y taskwarrior`."""
    problems = []
    if not (venv / "bin" / "pip").exists():
        done = subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True)
        if done.returncode != 0:
            return [f"could not make {venv}: {done.stderr.decode(errors='replace').strip()}"]
    done = subprocess.run(
        [str(venv / "bin" / "pip"), "install", "--quiet", *PYPI_PEERS], capture_output=True
    )
    if done.returncode != 0:
        lines = done.stderr.decode(errors="replace").strip().splitlines()
        problems.append(f"pip install {' '.join(PYPI_PEERS)}: {lines[-1] if lines else '?'}")
    if shutil.which("task") is None:
        problems.append("Taskwarrior is not installed: apt-get install -y taskwarrior")
    return problems


def _words(rng: random.Random) -> str:
    subjects = ("slides", "review", "talk outline", "blog post", "release notes", "demo")
    verbs = ("Draft", "Finish", "Send", "Check", "Rehearse", "Read")
    return f"{rng.choice(verbs)} the {rng.choice(subjects)} #{rng.randint(1, 999)}"


# -- Taskwarrior -------------------------------------------------------------------------------


def task_setup(task: str, folder: Path, n: int, env: dict[str, str]) -> Peer:
    """A Taskwarrior database of `n` pending tasks in `folder`."""
    data = folder / "data"
    data.mkdir(parents=True, exist_ok=True)
    rc = folder / "taskrc"
    rc.write_text(
        f"data.location={data}\nconfirmation=off\nverbose=nothing\nhooks=off\n"
        "news.version=99.99.99\n",
        encoding="utf-8",
    )
    rng = random.Random(n)
    tasks = []
    for _ in range(n):
        entry = NOW.astimezone(UTC) - timedelta(
            seconds=rng.randint(0, int(history(n).total_seconds()))
        )
        item = {
            "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "description": _words(rng),
            "status": "pending",
            "entry": f"{entry:%Y%m%dT%H%M%SZ}",
            "project": rng.choice(("career", "talk", "oss", "reading")),
        }
        if rng.random() < 0.5:
            item["due"] = f"{entry + timedelta(days=rng.randint(2, 60)):%Y%m%dT%H%M%SZ}"
        if rng.random() < 0.4:
            item["tags"] = [rng.choice(("mentor", "followup", "blocked"))]
        tasks.append(item)
    source = folder / "tasks.json"
    source.write_text(json.dumps(tasks), encoding="utf-8")
    peer_env = env | {"TASKRC": str(rc), "TASKDATA": str(data)}
    subprocess.run(
        [task, "import", str(source)],
        env=peer_env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=True,
        timeout=600,
    )
    return Peer(
        "task",
        peer_env,
        {
            "task list": [task, "list"],
            "task /talk/ list": [task, "/talk/", "list"],
            "task add": [task, "add", "Run the benchmark again"],
        },
    )


# -- jrnl ----------------------------------------------------------------------------------------


def jrnl_setup(jrnl: str, folder: Path, n: int, env: dict[str, str]) -> Peer:
    """A jrnl journal of `n` entries in `folder`, with its own config."""
    config = folder / "config" / "jrnl"
    config.mkdir(parents=True, exist_ok=True)
    journal = folder / "journal.txt"
    (config / "jrnl.yaml").write_text(
        "colors:\n  body: none\n  date: none\n  tags: none\n  title: none\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\n"
        "highlight: false\nindent_character: '|'\n"
        f"journals:\n  default:\n    journal: {journal}\n"
        "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\n"
        "timeformat: '%Y-%m-%d %H:%M'\nversion: v4.1\n",
        encoding="utf-8",
    )
    rng = random.Random(n)
    start = (NOW - history(n)).replace(tzinfo=None)
    step = history(n) / max(1, n)
    lines = []
    for index in range(n):
        moment = start + step * index
        lines.append(
            f"[{moment:%Y-%m-%d %H:%M}] {_words(rng)}. Talked with @{rng.choice(('alice', 'bob'))} "
            "about the next steps; feeling good about it.\n\n"
        )
    journal.write_text("".join(lines), encoding="utf-8")
    peer_env = env | {
        "XDG_CONFIG_HOME": str(folder / "config"),
        "XDG_DATA_HOME": str(folder / "data"),
    }
    return Peer(
        "jrnl",
        peer_env,
        {
            "jrnl -n 10": [jrnl, "-n", "10"],
            "jrnl -contains talk": [jrnl, "-contains", "talk"],
            "jrnl add": [jrnl, "Met alice. Went through the talk outline together."],
        },
    )


# -- todoman and khal: the journal's own action items and meetings ------------------------------


def _ics_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _journal(home: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((home / "journal.json").read_text(encoding="utf-8"))
    return loaded


def todoman_setup(todo: str, folder: Path, home: Path, env: dict[str, str]) -> Peer:
    """A todoman list holding the action items of the mentorlog journal in `home`, one VTODO
    file each (done ones COMPLETED), so that `todo list` shows the open ones, as
    `mentorlog action list` does."""
    tasks = folder / "lists" / "actions"
    tasks.mkdir(parents=True, exist_ok=True)
    stamp = f"{NOW.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    for key, record in _journal(home)["actions"].items():
        lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//mentorlog benchmarks//EN",
            "BEGIN:VTODO",
            f"UID:{record.get('uid') or key}",
            f"DTSTAMP:{stamp}",
            f"SUMMARY:{_ics_text(record['text'])}",
        ]
        if record.get("due"):
            lines.append(f"DUE;VALUE=DATE:{record['due'].replace('-', '')}")
        done = record.get("status") == "done"
        lines.append(f"STATUS:{'COMPLETED' if done else 'NEEDS-ACTION'}")
        if done:
            lines.append("PERCENT-COMPLETE:100")
        lines += ["END:VTODO", "END:VCALENDAR", ""]
        (tasks / f"{key}.ics").write_text("\r\n".join(lines), encoding="utf-8")
    config = folder / "config" / "todoman"
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.py").write_text(
        f'path = "{folder / "lists"}/*"\n'
        'date_format = "%Y-%m-%d"\ntime_format = "%H:%M"\ndefault_list = "actions"\n'
        f'cache_path = "{folder / "cache.sqlite3"}"\n',
        encoding="utf-8",
    )
    peer_env = env | {"XDG_CONFIG_HOME": str(folder / "config"), "XDG_CONFIG_DIRS": ""}
    return Peer("todoman", peer_env, {"todo list": [todo, "list"]})


def khal_setup(khal: str, folder: Path, home: Path, env: dict[str, str]) -> Peer:
    """A khal calendar holding the meetings of the mentorlog journal in `home`, one VEVENT file
    each with its rule (weekly and fortnightly series included), so that `khal list` over the
    next 30 days shows what `mentorlog meeting list` shows."""
    events = folder / "calendar"
    events.mkdir(parents=True, exist_ok=True)
    stamp = f"{NOW.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    for key, record in _journal(home)["meetings"].items():
        start = datetime.fromisoformat(record["start"])
        end = start + timedelta(minutes=int(record.get("duration") or 60))
        zone = record.get("tz") or "UTC"
        lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//mentorlog benchmarks//EN",
            "BEGIN:VEVENT",
            f"UID:{record.get('uid') or key}",
            f"DTSTAMP:{stamp}",
            f"SUMMARY:{_ics_text(record['title'])}",
            f"DTSTART;TZID={zone}:{start:%Y%m%dT%H%M%S}",
            f"DTEND;TZID={zone}:{end:%Y%m%dT%H%M%S}",
        ]
        if record.get("rrule"):
            lines.append(f"RRULE:{record['rrule']}")
        for wall in record.get("exdates") or []:
            lines.append(f"EXDATE;TZID={zone}:{datetime.fromisoformat(wall):%Y%m%dT%H%M%S}")
        if record.get("status") == "cancelled":
            lines.append("STATUS:CANCELLED")
        lines += ["END:VEVENT", "END:VCALENDAR", ""]
        (events / f"{key}.ics").write_text("\r\n".join(lines), encoding="utf-8")
    config = folder / "config" / "khal"
    config.mkdir(parents=True, exist_ok=True)
    (config / "config").write_text(
        "[calendars]\n[[meetings]]\n"
        f"path = {events}\n"
        "type = calendar\n"
        "[locale]\n"
        "local_timezone = Europe/Berlin\ndefault_timezone = Europe/Berlin\n"
        "timeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
        "[sqlite]\n"
        f"path = {folder / 'khal.db'}\n",
        encoding="utf-8",
    )
    peer_env = env | {
        "XDG_CONFIG_HOME": str(folder / "config"),
        "XDG_CONFIG_DIRS": "",
        "XDG_DATA_HOME": str(folder / "data"),
    }
    day = f"{NOW:%Y-%m-%d}"
    return Peer("khal", peer_env, {"khal list": [khal, "list", day, "30d"]})
