"""README.md stays true: every command it shows runs, and prints what it shows.

Each ``$ command`` line of a ``console`` block runs with bash in a fresh copy of the
repository, with this environment's scripts first on PATH. The lines shown after it
must appear in its output in order; ``...`` inside a line matches anything, and a line
that is only ``...`` stands for lines left out. A block preceded by
``<!-- exit N -->`` must exit with N; any other, with 0.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sysconfig
from dataclasses import dataclass
from pathlib import Path

import pytest

from quizgen.lint.registry import rules_markdown
from tests.helpers import REPO, SLOW_README_COMMANDS

README = (REPO / "README.md").read_text(encoding="utf-8")

@dataclass(frozen=True)
class Example:
    """One ``$ command`` from README.md, the output shown after it, and its exit status."""

    command: str
    shown: tuple[str, ...]
    exit_code: int


def examples(readme: str) -> list[Example]:
    """Every command of every ``console`` block in ``readme``."""
    found: list[Example] = []
    for block in re.finditer(r"(?:<!-- exit (\d+) -->\n)?```console\n(.*?)```", readme,
                             re.DOTALL):
        exit_code = int(block[1] or 0)
        for chunk in re.split(r"^\$ ", block[2], flags=re.MULTILINE)[1:]:
            command, *shown = chunk.rstrip("\n").split("\n")
            found.append(Example(command, tuple(shown), exit_code))
    return found


def shows(output: str, shown: tuple[str, ...]) -> bool:
    """Whether ``output`` has each shown line, in order, ``...`` matching anything."""
    lines = output.splitlines()
    position = 0
    for expected in shown:
        if expected == "...":
            continue
        pattern = re.compile(".*".join(map(re.escape, expected.split("..."))) + r"\Z")
        while position < len(lines) and not pattern.match(lines[position]):
            position += 1
        if position == len(lines):
            return False
        position += 1
    return True


def test_readme_shows_commands() -> None:
    commands = [example.command for example in examples(README)]
    assert "quizgen build" in commands and "quizgen check" in commands
    assert len(commands) >= 8


def test_readme_lists_every_lint_rule() -> None:
    assert rules_markdown() in README


@pytest.fixture(scope="module")
def repo_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository as a user has it: sources, facts, corpus, decks, tests."""
    target = tmp_path_factory.mktemp("readme") / "quizgen"
    shutil.copytree(REPO, target, ignore=shutil.ignore_patterns(
        ".git", ".venv", "*.egg-info", "__pycache__", ".*_cache"))
    return target


@pytest.mark.parametrize("example", [
    example for example in examples(README) if not example.command.startswith(SLOW_README_COMMANDS)
], ids=lambda example: example.command[:60])
def test_readme_command_runs_as_shown(example: Example, repo_copy: Path) -> None:
    scripts = sysconfig.get_path("scripts")
    env = {**os.environ, "PATH": f"{scripts}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("QUIZGEN_REFRESH_GOLDEN", None)
    result = subprocess.run(["bash", "-c", example.command], cwd=repo_copy, env=env,
                            capture_output=True, text=True, timeout=300, check=False)
    output = result.stdout + result.stderr
    assert result.returncode == example.exit_code, output
    assert shows(result.stdout + "\n" + result.stderr, example.shown), output
    assert "Traceback" not in output
    if "QUIZGEN_REFRESH_GOLDEN=1" in example.command:  # the committed goldens were current
        golden, refreshed = (root / "tests" / "golden" / "quiz" for root in (REPO, repo_copy))
        assert sorted(p.name for p in refreshed.iterdir()) == sorted(
            p.name for p in golden.iterdir())
        for path in golden.iterdir():
            assert (refreshed / path.name).read_bytes() == path.read_bytes(), path.name
