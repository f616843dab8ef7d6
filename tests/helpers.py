"""Paths shared by the tests, and README commands that other tests run verbatim."""

import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"
TINY = DATA / "tiny"


SLOW_README_COMMANDS = ("python -m mypy", "python -m ruff check", "python bench/run.py")
"""README commands too slow for tests/test_readme.py, each run verbatim by another test
through ``run_readme_command`` (test_quality.py, test_bench.py)."""


def readme_command(prefix: str) -> str:
    """The one ``$ command`` line of README.md that starts with ``prefix``."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    found = re.findall(rf"^\$ ({re.escape(prefix)}.*)$", readme, re.MULTILINE)
    assert len(found) == 1, f"README.md should show one command starting {prefix!r}: {found}"
    return str(found[0])


def run_readme_command(
    prefix: str, *extra: str, timeout: int = 600
) -> subprocess.CompletedProcess[str]:
    """Run README's command starting with ``prefix`` as shown (plus ``extra`` arguments)."""
    command = " ".join([readme_command(prefix), *extra])
    scripts = sysconfig.get_path("scripts")
    path = os.pathsep.join([str(Path(sys.executable).parent), scripts,
                            os.environ.get("PATH", "")])
    return subprocess.run(["bash", "-c", command], cwd=REPO, capture_output=True, text=True,
                          check=False, timeout=timeout, env={**os.environ, "PATH": path})


def registry_files(project: Path, versions: int, groups: tuple[str, ...] | None = None,
                   ) -> list[str]:
    """The files the registered formats (of ``groups``, default all) declare for a project."""
    from quizgen import writers
    from quizgen.load import load_bank
    from quizgen.plan.planner import QuizSettings
    from quizgen.writers.base import BuildJob, file_names

    bank = load_bank(project / "facts.yaml", project / "corpus")
    job = BuildJob(bank, QuizSettings(versions=versions))
    return sorted(name for writer in writers.formats()
                  if groups is None or writer.group in groups
                  for name in file_names(writer, job))
