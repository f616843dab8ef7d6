"""``quizgen build``: every output in one all-or-nothing step, reproducible byte for byte."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizgen.cli import cli
from quizgen.load.facts import load_bank
from quizgen.progress import StageProgress
from tests.helpers import REPO, registry_files
from tests.test_cli import SCRIPT

SHIPPED = load_bank(REPO / "facts.yaml", REPO / "corpus")
FACTS = len(SHIPPED.facts)
NOTES = FACTS + sum(1 for fact in SHIPPED.facts if fact.cloze)
"""Counts of the shipped facts, derived so that curating them does not break these tests."""
ANWSER_LINE = next(number for number, line in enumerate(
    (REPO / "facts.yaml").read_text(encoding="utf-8").splitlines(), 1)
    if line == "    answer: Liang Wenfeng")

DECK_FILES = ["deepseek-ai-race.apkg", "deepseek-ai-race.manifest.json"]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the shipped facts, corpus and committed decks/."""
    target = tmp_path / "project"
    target.mkdir()
    shutil.copy(REPO / "facts.yaml", target)
    for name in ("corpus", "decks"):
        shutil.copytree(REPO / name, target / name)
    return target


def contents(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


def test_committed_decks_are_the_build_of_the_shipped_facts(project: Path) -> None:
    """decks/ is what `quizgen build` makes of facts.yaml today: rebuild and commit it."""
    committed = contents(project / "decks")
    assert sorted(committed) == registry_files(project, versions=3)
    result = subprocess.run([str(SCRIPT), "build"], cwd=project, capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no progress bar or warning in a pipe
    assert f"unchanged decks/deepseek-ai-race.apkg ({NOTES} notes from {FACTS} facts: 0 new, " \
           "0 updated, 0 retired)" in result.stdout
    assert result.stdout.endswith(f"{len(committed)} files unchanged in decks/\n")
    assert f"DeepSeek and the AI Race: 3 versions of {FACTS} questions, seed 2025" in result.stdout
    assert contents(project / "decks") == committed


def test_build_writes_what_anki_and_quiz_write(project: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    runner = CliRunner()
    built = runner.invoke(cli, ["build", "--out-dir", "built", "--versions", "2",
                                "--seed", "9", "--count", "20"])
    assert built.exit_code == 0, built.output
    assert "no previous manifest: every fact is new" in built.output
    assert runner.invoke(cli, ["anki", "-o", "apart/deepseek-ai-race.apkg"]).exit_code == 0
    assert runner.invoke(cli, ["quiz", "--out-dir", "apart", "--versions", "2", "--seed", "9",
                               "--count", "20"]).exit_code == 0
    built_files, apart_files = contents(project / "built"), contents(project / "apart")
    assert sorted(built_files) == registry_files(project, versions=2)
    assert sorted(apart_files) == registry_files(project, versions=2, groups=("anki", "quiz"))
    # the deck's note times differ by the second each command ran; everything else agrees
    for name in apart_files:
        if name not in DECK_FILES:
            assert built_files[name] == apart_files[name], name


def test_an_edited_fact_is_reported_and_only_its_note_restamped(project: Path,
                                                                monkeypatch: pytest.MonkeyPatch
                                                                ) -> None:
    monkeypatch.chdir(project)
    facts = project / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    assert "answer: Liang Wenfeng\n" in text
    facts.write_text(text.replace("answer: Liang Wenfeng\n", "answer: Wenfeng Liang\n", 1),
                     encoding="utf-8")
    result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 0, result.output
    assert f"wrote decks/deepseek-ai-race.apkg ({NOTES} notes from {FACTS} facts: 0 new, " \
           "1 updated, 0 retired)" in result.stdout
    # the answer is in every file but the committed counts: all are rewritten
    files = registry_files(project, versions=3)
    assert result.stdout.endswith(f"wrote {len(files)} files to decks/\n")
    assert "  updated: " in result.stdout


@pytest.mark.parametrize(("args", "facts_edit", "code", "message"), [
    ([], ("answer: Liang Wenfeng\n", "anwser: Liang Wenfeng\n"), 1,
     f"facts.yaml:{ANWSER_LINE}:5: error: fact 'deepseek-founder': unknown key 'anwser' "
     "(did you mean 'answer'?)"),
    (["--count", str(FACTS + 1)], None, 2,
     f"Invalid value for '--count': {FACTS + 1} questions asked for, but there are only "
     f"{FACTS} facts"),
    (["--topic", "cost"], None, 2, "unknown topic 'cost' (did you mean 'costs'?)"),
])
def test_a_failed_build_leaves_decks_untouched(
    project: Path, monkeypatch: pytest.MonkeyPatch, args: list[str],
    facts_edit: tuple[str, str] | None, code: int, message: str,
) -> None:
    monkeypatch.chdir(project)
    if facts_edit:
        facts = project / "facts.yaml"
        facts.write_text(facts.read_text(encoding="utf-8").replace(*facts_edit, 1),
                         encoding="utf-8")
    before = contents(project / "decks")
    mtimes = {path.name: path.stat().st_mtime_ns for path in (project / "decks").iterdir()}
    result = CliRunner().invoke(cli, ["build", *args])
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert contents(project / "decks") == before
    assert {p.name: p.stat().st_mtime_ns for p in (project / "decks").iterdir()} == mtimes


class Terminal(io.StringIO):
    """A text stream that says it is a terminal, as click's progress bar checks."""

    def isatty(self) -> bool:
        return True


STAGES = ("loading facts", "building notes", "writing files")


def run_stages(stream: io.StringIO, delay: float) -> StageProgress:
    with StageProgress("quizgen build", STAGES, stream, delay=delay) as progress:
        for stage in STAGES:
            progress.advance(stage)
        progress.detail("quiz-A.md")
    return progress


def test_progress_shows_each_stage_on_a_terminal_once_the_run_is_slow(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CI", raising=False)
    terminal = Terminal()
    assert run_stages(terminal, delay=0).shown
    frames = terminal.getvalue().split("\r")[1:]
    # one frame on showing, one per stage, one for the detail, one for "done"
    assert len(frames) == len(STAGES) + 3
    for stage, frame in zip(STAGES, frames[1:], strict=False):
        assert frame.startswith("\x1b[?25lquizgen build  [") and frame.rstrip().endswith(stage)
    assert frames[-2].rstrip().endswith("writing files: quiz-A.md")
    assert "100%  done" in frames[-1] and frames[-1].endswith("\x1b[?25h\n")


@pytest.mark.parametrize(("stream", "ci", "delay"), [
    (Terminal(), None, 5.0),     # a quick run on a terminal: nothing
    (io.StringIO(), None, 0.0),  # a pipe or file: nothing, however long
    (Terminal(), "true", 0.0),   # CI, even with a terminal: nothing
])
def test_progress_stays_silent_in_pipes_ci_and_quick_runs(
    monkeypatch: pytest.MonkeyPatch, stream: io.StringIO, ci: str | None, delay: float,
) -> None:
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    assert not run_stages(stream, delay).shown
    assert stream.getvalue() == ""
