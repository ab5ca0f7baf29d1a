"""Shell completion offers what is in the journal, through the variables the completion
scripts `mentorlog --install-completion` installs set: bash (COMP_WORDS, COMP_CWORD) and
zsh (_TYPER_COMPLETE_ARGS), each with _MENTORLOG_COMPLETE naming the shell."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Run
from inprocess import invoke


@pytest.fixture
def journal(run: Run) -> None:
    run.ok("person", "add", "alice", "--name", "Alice Chen", "--role", "mentor",
           "--tz", "Asia/Tokyo", "--tag", "speaking")  # fmt: skip
    run.ok("person", "add", "albert", "--name", "Albert Ode", "--role", "peer",
           "--tz", "Africa/Lagos")  # fmt: skip
    run.ok("person", "add", "bo", "--name", "Bo Lindqvist", "--role", "mentee",
           "--tz", "America/New_York")  # fmt: skip
    run.ok("goal", "add", "Give a conference talk", "--with", "alice", "--tag", "career")
    run.ok("goal", "add", "Read Staff Engineer")
    run.ok("meeting", "add", "--with", "bo", "--at", "tue 10:00", "--title", "Kickoff")
    run.ok("action", "add", "Send the outline", "--with", "alice")
    run.ok("note", "add", "My secret worry about the talk", "--private")
    run.ok("note", "add", "Shared thoughts", "--with", "bo")


def bash(line: str) -> list[str]:
    """What bash offers for `line` (the word under the cursor is the last one, empty after
    a space)."""
    words = line.split()
    cword = len(words) if line.endswith(" ") else len(words) - 1
    result = invoke([], env={"_MENTORLOG_COMPLETE": "complete_bash", "COMP_WORDS": line,
                             "COMP_CWORD": str(cword)})  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout.split()


def zsh(line: str) -> str:
    result = invoke([], env={"_MENTORLOG_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": line})
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def test_handles(journal: None) -> None:
    assert bash("mentorlog person show ") == ["albert", "alice", "bo"]
    assert bash("mentorlog meeting add --with al") == ["albert", "alice"]
    assert bash("mentorlog goal list --with b") == ["bo"]
    assert '"alice":"Alice Chen"' in zsh("mentorlog person show al")
    assert '"albert":"Albert Ode"' in zsh("mentorlog person show al")


def test_ids_with_their_titles(journal: None) -> None:
    assert bash("mentorlog goal show ") == ["1", "2"]
    assert bash("mentorlog meeting show ") == ["1"]
    assert bash("mentorlog action done ") == ["1"]
    assert bash("mentorlog action add x --goal ") == ["1", "2"]
    assert bash("mentorlog agenda ") == ["1"]
    out = zsh("mentorlog goal show ")
    assert '"1":"Give a conference talk"' in out
    assert '"2":"Read Staff Engineer"' in out
    assert '"1":"Kickoff"' in zsh("mentorlog meeting notes ")
    assert '"1":"Send the outline"' in zsh("mentorlog action show ")


def test_a_private_note_shows_only_that_it_is_private(journal: None) -> None:
    out = zsh("mentorlog note show ")
    assert '"1":"(private)"' in out
    assert "secret" not in out
    assert '"2":"Shared thoughts"' in out


def test_zones_tags_roles_and_channels(journal: None) -> None:
    zones = bash("mentorlog person add x --tz Asia/To")
    assert zones == ["Asia/Tokyo", "Asia/Tomsk"]
    # The zones in use come first.
    assert bash("mentorlog when 12:00 --tz ")[:3] == [
        "Africa/Lagos",
        "America/New_York",
        "Asia/Tokyo",
    ]
    assert bash("mentorlog goal list --tag ") == ["career", "speaking"]
    assert bash("mentorlog person edit bo --role ") == ["mentor", "mentee", "peer"]
    assert bash("mentorlog person edit bo --channel ") == [
        "video",
        "call",
        "chat",
        "email",
        "in-person",
    ]
    assert bash("mentorlog meeting add --channel c") == ["call", "chat"]


def test_commands_still_complete(journal: None) -> None:
    assert bash("mentorlog per") == ["person"]
    assert "show" in bash("mentorlog goal ")


def test_no_journal_offers_nothing_and_never_fails(isolated_env: Path) -> None:
    assert bash("mentorlog person show ") == []
    isolated_env.mkdir(parents=True, exist_ok=True)
    (isolated_env / "journal.json").write_text("{not json")
    assert bash("mentorlog goal show ") == []
    assert zsh("mentorlog goal show ").strip() == "_files"
