"""The docs match the program: the command reference, the guide, the README's exit codes."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import pytest

from mentorlog import errors

ROOT = Path(__file__).resolve().parents[1]
generator = runpy.run_path(str(ROOT / "docs" / "gen_reference.py"))
PATHS: list[tuple[str, ...]] = generator["command_paths"]()
COMMANDS = [p for p in PATHS if p]


def test_reference_is_in_step_with_help() -> None:
    expected = generator["render"]()
    actual = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/reference.md is stale: run `python docs/gen_reference.py`"


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) for p in COMMANDS])
def test_every_command_has_help_and_leaf_commands_an_example(path: tuple[str, ...]) -> None:
    text = generator["help_text"](path)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    summary = lines[1]  # the line after "Usage: ..."
    assert summary, f"{path} has no help text"
    assert not summary.startswith("╭"), f"{path} has no help text"
    is_group = "COMMAND [ARGS]" in lines[0]
    if not is_group:
        assert "Example: mentorlog " + " ".join(path) in text, f"{path} has no example"


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) for p in COMMANDS])
def test_every_command_is_in_the_user_guide(path: tuple[str, ...]) -> None:
    guide = (ROOT / "docs" / "guide.md").read_text(encoding="utf-8")
    assert "mentorlog " + " ".join(path) in guide


@pytest.mark.parametrize("document", ["docs/guide.md", "README.md"])
def test_examples_print_what_the_program_prints(document: str) -> None:
    examples = runpy.run_path(str(ROOT / "docs" / "guide_examples.py"))
    text = (ROOT / document).read_text(encoding="utf-8")
    assert examples["replay"](text) == text, (
        f"{document} is stale: run `python docs/guide_examples.py`"
    )


def test_readme_exit_codes_match_the_errors() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| `(\d+)` \| (.+?) \|$", readme, flags=re.MULTILINE))
    documented = {int(code) for code in table}
    actual = {cls.exit_code for cls in errors.EXIT_CODES} | {0, 1}
    assert documented == actual


def test_readme_starts_with_the_two_setup_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    head = readme[: readme.index("## Quick start")]
    assert "pip install . && mentorlog --help" in head
    assert ".ci/run" in head
