"""The command line as users run it: console script, help, version and start-up cost."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizgen import __version__
from quizgen.cli import cli
from tests.helpers import REPO, TINY

SCRIPT = Path(sysconfig.get_path("scripts")) / "quizgen"
PROJECT_MAKERS = {"init", "add-article"}
"""Commands that make a project's files rather than read its facts."""
FACTLESS = {*PROJECT_MAKERS, "scan"}
"""Commands that never read facts.yaml (scan reads sheets and their layout only)."""


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(SCRIPT), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, check=False)


def test_console_script_checks_the_tiny_project() -> None:
    result = run("check", cwd=TINY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("facts.yaml: 5 facts, 2 topics, 2 articles, 2 cloze")
    assert "moon-landing      3    3/3   100%" in result.stdout


def test_console_script_reports_bad_input_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "facts.yaml").write_text("deck: [\n")
    result = run("check", "--corpus", str(TINY / "corpus"), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("facts.yaml:2:1: error: invalid YAML:")
    assert "Traceback" not in result.stderr


def test_python_dash_m_and_version() -> None:
    result = subprocess.run([sys.executable, "-m", "quizgen", "--version"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert result.stdout.strip() == f"quizgen, version {__version__}"


def test_usage_error_exits_2() -> None:
    result = CliRunner().invoke(cli, ["check", "--no-such-option"])
    assert result.exit_code == 2
    assert "No such option" in result.stderr


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help(name: str) -> None:
    command = cli.commands[name]
    assert command.help and len(command.help) > 20
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    if name not in FACTLESS:
        assert "--facts" in result.output


def test_help_does_not_import_heavy_modules() -> None:
    """``quizgen --help`` must start fast: yaml, genanki and markdown stay unloaded."""
    code = (
        "import sys\n"
        "from quizgen.cli import cli\n"
        "try:\n"
        "    cli(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in ('yaml', 'genanki', 'markdown', 'anki', 'sqlite3', 'trafilatura') "
        "if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"
