"""Commands people run all day import only what they use (measured in real processes)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import NOW, build_home, copy_home

pytestmark = pytest.mark.slow

PROBE = """
import json, sys
from mentorlog.cli.main import app
try:
    app(sys.argv[2:], standalone_mode=False)
finally:
    with open(sys.argv[1], "w") as out:
        json.dump(sorted(sys.modules), out)
"""


# The program as installed starts it (cli/entry.py): the quick path, or Typer's.
ENTRY_PROBE = """
import atexit, json, sys
report = sys.argv[1]
sys.argv = ["mentorlog", *sys.argv[2:]]
atexit.register(lambda: open(report, "w").write(json.dumps(sorted(sys.modules))))
from mentorlog.cli.entry import main
main()
"""


def modules_after_entry(tmp_path: Path, *args: str) -> set[str]:
    report = tmp_path / "modules.json"
    done = subprocess.run(
        [sys.executable, "-c", ENTRY_PROBE, str(report), *args], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(report.read_text()))


def modules_after(tmp_path: Path, *args: str) -> set[str]:
    report = tmp_path / "modules.json"
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(report), *args], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(report.read_text()))


def loaded(modules: set[str], package: str) -> bool:
    return any(m == package or m.startswith(package + ".") for m in modules)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The journal the probes read, built once (in this process: only the probes measure)."""
    commands = [
        ("goal", "add", "Learn", "--due", "fri"),
        ("person", "add", "alice", "--name", "Alice", "--role", "mentor", "--tz", "Asia/Tokyo"),
        ("meeting", "add", "--with", "alice", "--at", "tue 9am"),
        ("topic", "add", "Ask about the talk", "--with", "alice"),
        ("action", "add", "Send the outline", "--due", "fri", "--with", "alice"),
    ]
    home = tmp_path_factory.mktemp("imports") / "home"
    return build_home(home, [(NOW, args) for args in commands])


@pytest.fixture
def journal(built: Path, isolated_env: Path) -> None:
    copy_home(built, isolated_env)


@pytest.mark.parametrize(
    "args",
    [
        ("goal", "list"),
        ("goal", "list", "--json"),
        ("status",),
        ("person", "list"),
        ("goal", "show", "1"),
        ("meeting", "list"),
        ("agenda",),
        ("topic", "list"),
    ],
)
def test_reading_commands_import_no_heavy_or_writing_modules(
    tmp_path: Path, journal: None, args: tuple[str, ...]
) -> None:
    modules = modules_after(tmp_path, *args)
    heavy_modules = ("icalendar", "dateutil", "pydantic", "filelock", "tomllib", "tempfile")
    # Encryption is loaded only in an encrypted home.
    for heavy in (*heavy_modules, "pyrage", "keyring", "mentorlog.store.keys"):
        assert not loaded(modules, heavy), f"`{' '.join(args)}` imported {heavy}"


@pytest.mark.parametrize(
    "args",
    [("goal", "list"), ("goal", "list", "--json"), ("status",), ("person", "list"),
     ("meeting", "list"), ("topic", "list")],
)  # fmt: skip
def test_lists_read_the_tables_without_tinydb(
    tmp_path: Path, journal: None, args: tuple[str, ...]
) -> None:
    """TinyDB serves writes and single records; a list reads the tables themselves."""
    assert not loaded(modules_after(tmp_path, *args), "tinydb")


def test_json_output_does_not_import_rich(tmp_path: Path, journal: None) -> None:
    assert not loaded(modules_after(tmp_path, "goal", "list", "--json"), "rich")


def test_a_piped_goal_list_is_written_without_richs_console(tmp_path: Path, journal: None) -> None:
    """Plain text to a pipe is told and laid out without rich (render.plain, plain_grid);
    only its character widths (rich.cells) are used."""
    modules = modules_after(tmp_path, "goal", "list")
    for module in ("rich.console", "rich.text", "rich.style", "mentorlog.render.goals"):
        assert module not in modules, f"a piped `goal list` imported {module}"


def test_piped_search_results_are_written_without_richs_console(
    tmp_path: Path, journal: None
) -> None:
    modules = modules_after(tmp_path, "search", "talk")
    assert "mentorlog.render.search_plain" in modules, "the probe found a hit"
    for module in ("rich.console", "rich.text", "mentorlog.render.search"):
        assert module not in modules, f"a piped `search` imported {module}"
    # Its hits are read from their records (`model.searched`), not built: no kind's module.
    for kind in ("topics", "goals", "meetings", "actions", "feedback"):
        assert f"mentorlog.model.{kind}" not in modules, f"a piped `search` built a {kind} record"


@pytest.mark.parametrize(
    ("args", "rich_view"),
    [
        (("status",), "mentorlog.render.status"),
        ((), "mentorlog.render.status"),
        (("meeting", "list"), "mentorlog.render.meetings"),
        (("meeting", "list", "--past"), "mentorlog.render.meetings"),
        (("action", "list"), "mentorlog.render.actions"),
        (("person", "list"), "mentorlog.render.people"),
        (("topic", "list"), "mentorlog.render.topics"),
        (("agenda",), None),  # Markdown: nothing of rich's to write it with
        (("report",), None),
    ],
)
def test_piped_views_are_written_without_rich(
    tmp_path: Path, journal: None, args: tuple[str, ...], rich_view: str | None
) -> None:
    """The dashboard, the lists, the agenda and the report to a pipe: no rich console, no
    rich text, not the rich view (render.views chooses the plain writers)."""
    modules = modules_after(tmp_path, *args)
    for module in ("rich.console", "rich.text", "rich.style", "rich.markdown"):
        assert module not in modules, f"a piped `{' '.join(args)}` imported {module}"
    if rich_view is not None:
        assert rich_view not in modules, f"a piped `{' '.join(args)}` imported {rich_view}"
    if args[:1] in (("status",), ()):
        assert "mentorlog.render.status_plain" in modules, "the probe drew the dashboard"


def test_a_write_without_dates_needs_no_date_parser(tmp_path: Path) -> None:
    modules = modules_after(tmp_path, "goal", "add", "No due date")
    assert "mentorlog.store.lock" in modules
    assert not loaded(modules, "dateutil")
    assert not loaded(modules, "icalendar")
    if sys.platform != "win32":  # the lock is a flock taken without filelock's 30 modules
        assert not loaded(modules, "filelock")


def test_only_rules_beyond_plain_steps_need_the_rule_engine(tmp_path: Path, journal: None) -> None:
    """Weekly, every two weeks, daily, monthly: worked out by arithmetic. A rule with BYDAY
    and the like goes to dateutil."""
    cli = [sys.executable, "-m", "mentorlog", "meeting", "add", "--with", "alice"]
    subprocess.run([*cli, "--at", "wed 9am", "--every", "biweekly", "--count", "6"],
                   check=True, capture_output=True)  # fmt: skip
    assert not loaded(modules_after(tmp_path, "meeting", "list"), "dateutil")
    subprocess.run([*cli, "--at", "thu 9am", "--every", "FREQ=MONTHLY;BYDAY=1TH"],
                   check=True, capture_output=True)  # fmt: skip
    modules = modules_after(tmp_path, "meeting", "list")
    assert loaded(modules, "dateutil.rrule")
    assert not loaded(modules, "icalendar")


def test_a_command_builds_only_its_own_group(tmp_path: Path, journal: None) -> None:
    """Typer reads every converted command's signature; the tree is built lazily so that a
    command pays only for its own group."""
    modules = modules_after(tmp_path, "goal", "list")
    for other in ("mentorlog.cli.meetings", "mentorlog.cli.agenda", "mentorlog.cli.people",
                  "mentorlog.services.agenda", "mentorlog.calendar.occurrences"):  # fmt: skip
        assert other not in modules, f"`goal list` imported {other}"


def test_the_dashboard_loads_no_service_it_does_not_ask(tmp_path: Path, journal: None) -> None:
    """`status` asks relationships (and people) for its meetings, and reads goals, actions
    and milestones from their records: the services that change meetings, goals, actions or
    records, and their checks, are not loaded."""
    modules = modules_after(tmp_path, "status")
    for other in ("mentorlog.services.meetings", "mentorlog.services.goals",
                  "mentorlog.services.actions", "mentorlog.services.records",
                  "mentorlog.services.agenda"):  # fmt: skip
        assert other not in modules, f"`status` imported {other}"
    assert "mentorlog.services.relationships" in modules  # the probe sees the dashboard's


def test_a_report_on_everyone_loads_no_service_it_does_not_ask(
    tmp_path: Path, journal: None
) -> None:
    """`report` reads its records through report_sieve and report_goals: the services that
    list or change meetings, goals, actions, feedback, notes, milestones, topics or records
    (the plain way's, held to it by tests/test_report_service.py) are not loaded."""
    modules = modules_after_entry(tmp_path, "report")
    for other in ("mentorlog.services.meetings", "mentorlog.services.goals",
                  "mentorlog.services.actions",
                  "mentorlog.services.records", "mentorlog.services.feedback",
                  "mentorlog.services.notes", "mentorlog.services.milestones",
                  "mentorlog.services.topics", "mentorlog.services.people"):  # fmt: skip
        assert other not in modules, f"`report` imported {other}"
    assert "mentorlog.services.report_sieve" in modules  # the probe sees the report's


# The dataclasses a process made, read from the classes of the modules it loaded.
DATACLASS_PROBE = """
import atexit, json, sys
report = sys.argv[1]
sys.argv = ["mentorlog", *sys.argv[2:]]

def made():
    found = set()
    for name, module in list(sys.modules.items()):
        if name.startswith("mentorlog"):
            for value in list(vars(module).values()):
                if isinstance(value, type) and "__dataclass_fields__" in vars(value):
                    found.add(value.__module__ + "." + value.__qualname__)
    open(report, "w").write(json.dumps(sorted(found)))

atexit.register(made)
from mentorlog.cli.entry import main
main()
"""


def test_a_report_makes_no_dataclass_it_only_reads(tmp_path: Path, journal: None) -> None:
    """`report` reads its action items, talking points, milestones, feedback, notes and goals
    as rows (`services/report_rows.py`), its period without `cli/params.py`, and its rating,
    cadence and occurrences as plain classes: none of their dataclasses is made (about half
    a millisecond each at every start). The meetings (and the people, whose module theirs
    imports) are still built as models."""
    report = tmp_path / "dataclasses.json"
    done = subprocess.run(
        [sys.executable, "-c", DATACLASS_PROBE, str(report), "report"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    made = set(json.loads(report.read_text()))
    assert "mentorlog.model.meetings.Meeting" in made  # the probe sees the models made
    for name in (
        "mentorlog.cli.params.Repeat",
        "mentorlog.services.rating.Rating",
        "mentorlog.timeparse.recurrence.Period",
        "mentorlog.calendar.occurrence.Occurrence",
        "mentorlog.model.actions.ActionItem",
        "mentorlog.model.topics.Topic",
        "mentorlog.model.milestones.Milestone",
        "mentorlog.model.feedback.Feedback",
        "mentorlog.model.notes.Note",
        "mentorlog.model.goals.Goal",
        "mentorlog.model.goals.ProgressEntry",
    ):
        assert name not in made, f"`report` made the dataclass {name}"
    modules = modules_after_entry(tmp_path, "report")
    for module in ("mentorlog.cli.params", "mentorlog.model.goals", "mentorlog.model.notes"):
        assert module not in modules, f"`report` imported {module}"


@pytest.mark.parametrize(
    "line", ["mentorlog goal show ", "mentorlog person show a", "mentorlog when 9:00 --tz Eu"]
)
def test_completion_reads_the_journal_without_heavy_modules(
    tmp_path: Path, journal: None, monkeypatch: pytest.MonkeyPatch, line: str
) -> None:
    """A Tab press runs the program: it reads journal.json with orjson, no rich, no rules."""
    monkeypatch.setenv("_MENTORLOG_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", line)
    monkeypatch.setenv("COMP_CWORD", str(len(line.split()) - (0 if line.endswith(" ") else 1)))
    modules = modules_after(tmp_path)
    assert "mentorlog.cli.completion" in modules
    for heavy in ("rich", "icalendar", "dateutil", "filelock", "tempfile"):
        assert not loaded(modules, heavy), f"completing `{line}` imported {heavy}"


@pytest.mark.parametrize(
    "args",
    [(), ("status",), ("goal", "list"), ("goal", "list", "--json"), ("person", "list"),
     ("meeting", "list"), ("action", "list"), ("topic", "list"), ("agenda",),
     ("search", "talk"), ("report",), ("export", "json"), ("export", "ics"),
     ("goal", "add", "Quick"), ("undo",), ("undo", "--list")],
)  # fmt: skip
def test_the_quick_path_loads_no_typer_or_click(
    tmp_path: Path, journal: None, args: tuple[str, ...]
) -> None:
    """The commands people run all day start without Typer (and its click): the quick path
    (cli/quick.py) reads their command line from the generated spec."""
    modules = modules_after_entry(tmp_path, *args)
    for package in ("typer", "click", "mentorlog.cli.main", "mentorlog.cli.quick_gen"):
        assert not loaded(modules, package), f"`mentorlog {' '.join(args)}` imported {package}"
    assert "mentorlog.cli.quick" in modules


@pytest.mark.parametrize(
    "args", [("goal", "list"), ("status",), ("meeting", "list"), ("search", "talk")]
)
def test_views_of_ascii_and_their_own_marks_import_no_rich(
    tmp_path: Path, journal: None, args: tuple[str, ...]
) -> None:
    """Rows of ASCII text and the characters the views draw themselves (a rule, a dot, a
    star: `render.cells.MARKS`) are measured by `len`: rich, and `typing` under it (3.5 ms),
    are not imported to measure them."""
    modules = modules_after_entry(tmp_path, *args)
    assert not loaded(modules, "rich"), f"`mentorlog {' '.join(args)}` imported rich"
    assert "typing" not in modules, f"`mentorlog {' '.join(args)}` imported typing"


def test_what_the_quick_path_does_not_take_goes_to_typer(tmp_path: Path, journal: None) -> None:
    modules = modules_after_entry(tmp_path, "goal", "show", "1")
    assert loaded(modules, "typer")
    assert "mentorlog.cli.main" in modules


@pytest.mark.parametrize("args", [("goal", "list"), ("search", "talk")])
def test_a_quick_list_of_ascii_text_imports_no_rich(
    tmp_path: Path, journal: None, args: tuple[str, ...]
) -> None:
    """Printable ASCII takes a cell a character (`render.cells`): rich.cells is imported only
    for other text, to measure it."""
    modules = modules_after_entry(tmp_path, *args)
    assert not loaded(modules, "rich"), f"`mentorlog {' '.join(args)}` imported rich"


@pytest.mark.parametrize("args", [("goal", "list"), ("goal", "add", "Quick")])
def test_goals_without_a_person_load_no_people_service(
    tmp_path: Path, journal: None, args: tuple[str, ...]
) -> None:
    """The goals service asks the people service only for a person given (`--with`); its
    module, the kinds table and shlex under it are not loaded otherwise."""
    modules = modules_after_entry(tmp_path, *args)
    for module in ("mentorlog.services.people", "mentorlog.kinds", "shlex"):
        assert module not in modules, f"`mentorlog {' '.join(args)}` imported {module}"
    service = "mentorlog.services.goal_rows" if args[1] == "list" else "mentorlog.services.goals"
    assert service in modules
    shared = modules_after_entry(tmp_path, "goal", "list", "--with", "alice")
    assert "mentorlog.services.people" in shared


def test_a_list_of_usual_goals_builds_no_model(tmp_path: Path, journal: None) -> None:
    """`goal list` reads its rows from the stored goals (`services.goal_rows`): neither the
    goal model nor `dataclasses` (8 ms) is imported, nor orjson (9 ms, with its own imports:
    a small journal is parsed with `json`, `store.jsonread`), nor `typing` (3.5 ms: the
    modules on its way import it for type checkers only). `--json` shows the history, and
    builds the goals."""
    modules = modules_after_entry(tmp_path, "goal", "list")
    unwanted = ("mentorlog.model.goals", "mentorlog.services.goals", "dataclasses", "orjson")
    for module in (*unwanted, "typing"):
        assert module not in modules, f"`mentorlog goal list` imported {module}"
    shown = modules_after_entry(tmp_path, "goal", "list", "--json")
    assert "mentorlog.model.goals" in shown


def test_a_markdown_export_of_usual_records_builds_only_the_peoples_model(
    tmp_path: Path, journal: None, isolated_env: Path
) -> None:
    """`export md` writes the usual record of every kind but people from its stored fields
    (`render.journal_md_fast`): only the people's model is built (each model's class is
    half a millisecond at start), and the kinds' registry and the view are plain classes. A
    hand-edited record is read by its model, imported then."""
    others = [f"mentorlog.model.{name}" for name in ("goals", "meetings", "actions", "topics")]
    modules = modules_after_entry(tmp_path, "export", "md")
    for module in (*others, "mentorlog.services.journal_rows"):
        assert module not in modules, f"`mentorlog export md` imported {module}"
    assert "mentorlog.model.people" in modules
    path = isolated_env / "journal.json"
    data = json.loads(path.read_text())
    data["goals"]["1"]["progress"] = "40"  # a hand edit: the goal is read by its model
    path.write_text(json.dumps(data, indent=2))
    edited = modules_after_entry(tmp_path, "export", "md")
    assert "mentorlog.model.goals" in edited
    assert "mentorlog.model.meetings" not in edited


@pytest.mark.parametrize(
    "args",
    [("agenda",), ("status",), ("meeting", "list"), ("person", "list"), ("action", "list"),
     ("topic", "list")],
)  # fmt: skip
def test_views_read_without_the_services_that_write(
    tmp_path: Path, journal: None, args: tuple[str, ...]
) -> None:
    """Views read people, meetings, goals, action items and talking points through the
    services' reading modules (`people_read`, `meetings_read`, `goals_read`, `actions_read`,
    `topics_read`): the services that write them, with their inputs' dataclasses and
    patterns, are not imported."""
    modules = modules_after_entry(tmp_path, *args)
    writing = ("people", "meetings", "goals", "actions", "topics", "records")
    for module in (f"mentorlog.services.{name}" for name in writing):
        assert module not in modules, f"`mentorlog {' '.join(args)}` imported {module}"


def test_an_agenda_saved_takes_the_meetings_service(tmp_path: Path, journal: None) -> None:
    assert "mentorlog.services.meetings" in modules_after_entry(tmp_path, "agenda", "--save")


def test_a_search_without_a_person_loads_no_people_service(tmp_path: Path, journal: None) -> None:
    """`search` asks the people service only for --with."""
    modules = modules_after_entry(tmp_path, "search", "talk")
    for module in ("mentorlog.services.people", "mentorlog.model.people", "shlex"):
        assert module not in modules, f"`search talk` imported {module}"
    assert "mentorlog.services.search" in modules
    assert "mentorlog.services.people" in modules_after_entry(
        tmp_path, "search", "talk", "--with", "alice"
    )


@pytest.mark.parametrize(
    "args",
    [("report",), ("export", "md"), ("export", "json"), ("export", "ics"), ("agenda",),
     ("action", "list"), ("person", "list"), ("topic", "list")],
)  # fmt: skip
def test_commands_that_draw_without_rich_import_no_typing(
    tmp_path: Path, journal: None, args: tuple[str, ...]
) -> None:
    """The modules on their way (the models, the services, the Markdown writers, `cached`)
    import `typing` for type checkers only: 3.5 ms of each run. (rich imports it, and so do
    tinydb and icalendar: a command that needs them pays it.)"""
    modules = modules_after_entry(tmp_path, *args)
    assert "typing" not in modules, f"`mentorlog {' '.join(args)}` imported typing"
