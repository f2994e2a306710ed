"""The README documents every command, flag and setting users can rely on."""

import re

from fonds.cli import COMMANDS
from fonds.settings import Settings
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text()


def test_every_setting_is_documented() -> None:
    for name in Settings.model_fields:
        assert f"FONDS_{name.upper()}" in README, f"FONDS_{name.upper()} is not in the README"


def test_every_command_is_documented() -> None:
    for command in COMMANDS:
        assert f"`fonds {command}" in README


def test_the_quick_start_is_two_commands_and_ci_runs_the_test_one() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in quick_start.strip().splitlines()]
    assert commands == ["make serve", "make test"]
    assert re.search(r"^make test$", (ROOT / ".ci" / "run").read_text(), re.MULTILINE)
