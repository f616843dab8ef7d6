"""The code stays typed and lint-clean: README's mypy (strict) and ruff commands pass."""

from __future__ import annotations

from tests.helpers import run_readme_command


def test_mypy_strict_passes() -> None:
    result = run_readme_command("python -m mypy")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout


def test_ruff_passes() -> None:
    result = run_readme_command("python -m ruff check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All checks passed!" in result.stdout
