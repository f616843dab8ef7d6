"""Each command imports the module that defines it, and no other command's."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from quizgen.cli import cli

_MODULES = ("quizgen.cli.check", "quizgen.cli.make", "quizgen.cli.classroom",
            "quizgen.project.commands")


def _loaded_after(args: list[str]) -> list[str]:
    code = ("import json, sys\n"
            "from quizgen.cli import cli\n"
            "try:\n"
            f"    cli({args!r})\n"
            "except SystemExit:\n"
            "    pass\n"
            f"print(json.dumps(sorted(m for m in {_MODULES!r} if m in sys.modules)))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    loaded: list[str] = json.loads(result.stdout.strip().splitlines()[-1])
    return loaded


@pytest.mark.parametrize(("args", "loaded"), [
    (["build", "--help"], ["quizgen.cli.make"]),
    (["grade", "--help"], ["quizgen.cli.classroom"]),
    (["init", "--help"], ["quizgen.project.commands"]),
    (["--version"], []),
])
def test_a_command_loads_only_its_own_module(args: list[str], loaded: list[str]) -> None:
    assert _loaded_after(args) == loaded


def test_help_lists_every_command_and_a_typo_gets_a_suggestion() -> None:
    shown = CliRunner().invoke(cli, ["--help"]).output
    for name in ("add-article", "anki", "build", "check", "grade", "init", "lint", "quiz",
                 "scan"):
        assert f"\n  {name} " in shown
    typo = CliRunner().invoke(cli, ["buil"])
    assert typo.exit_code == 2
    assert "No such command 'buil'. Did you mean 'build'?" in typo.output
