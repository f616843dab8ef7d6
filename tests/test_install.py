"""Installed once for any folder: a non-editable install works away from the checkout.

This is what README's "Install quizgen for every folder" does (pipx makes the same kind
of venv): the package's sources are copied alone, so only what pyproject.toml declares
gets into the wheel, installed into a fresh venv with pip (its cache keeps this to
about 40 s), and run in an empty directory: ``quizgen init``, then ``quizgen build``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.helpers import REPO


def run(*args: str | Path, cwd: Path) -> str:
    result = subprocess.run([str(arg) for arg in args], cwd=cwd, capture_output=True,
                            text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_a_wheel_install_runs_init_and_build_in_an_empty_directory(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source)
    shutil.copytree(REPO / "quizgen", source / "quizgen",
                    ignore=shutil.ignore_patterns("__pycache__"))
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    run(venv / "bin" / "python", "-m", "pip", "install", "--quiet", source, cwd=tmp_path)
    shutil.rmtree(source)  # the installed copy must stand alone

    where = run(venv / "bin" / "python", "-c", "import quizgen; print(quizgen.__file__)",
                cwd=tmp_path)
    assert where.startswith(str(venv / "lib"))
    empty = tmp_path / "my-quiz"
    empty.mkdir()
    quizgen = venv / "bin" / "quizgen"
    assert run(quizgen, "init", cwd=empty).startswith("created corpus/\n")
    built = run(quizgen, "build", "--strict", cwd=empty)
    files = list((empty / "decks").iterdir())
    assert built.endswith(f"wrote {len(files)} files to decks/\n")
    assert (empty / "decks" / "my-first-quiz.apkg").stat().st_size > 0
    assert "Which pigment gives leaves their green colour?" in (
        empty / "decks" / "quiz-A.md").read_text(encoding="utf-8")
