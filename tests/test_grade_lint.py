"""quizgen lint --item-stats: grading's flags shown at each fact's line in facts.yaml."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizgen.cli import cli
from quizgen.load.facts import load_bank
from tests.helpers import DATA

GRADE = DATA / "grade"


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the example class, graded: its grades/items.csv is there."""
    project = tmp_path_factory.mktemp("lint") / "grade"
    shutil.copytree(GRADE, project)
    result = CliRunner().invoke(cli, ["grade", str(project / "responses.csv"),
                                      "--answers", str(project / "decks" / "answers.csv"),
                                      "--facts", str(project / "facts.yaml"),
                                      "--corpus", str(project / "corpus"),
                                      "--out-dir", str(project / "grades")])
    assert result.exit_code == 0, result.stderr
    return project


def lint(project: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["lint", "--facts", str(project / "facts.yaml"),
                                      "--corpus", str(project / "corpus"), *args])
    return result.exit_code, result.stdout, result.stderr


def test_flags_appear_at_the_fields_to_fix(graded: Path) -> None:
    _, stdout, _ = lint(graded, "--item-stats", str(graded / "grades" / "items.csv"),
                        "--format", "json")
    findings = [f for f in json.loads(stdout)["findings"] if f["rule"].startswith("ITEM-")]
    bank = load_bank(graded / "facts.yaml", graded / "corpus")
    facts = {fact.id: fact for fact in bank.facts}
    where = {(f["rule"], f["fact"]): (f["line"], f["column"]) for f in findings}
    flour, yeast = facts["loaf-flour"], facts["yeast-gas"]
    answer = flour.where("answer")
    assert where[("ITEM-CHECK-KEY", "loaf-flour")] == (answer.line, answer.column)
    question = flour.where("question")
    assert where[("ITEM-NEGATIVE-DISCRIMINATION", "loaf-flour")] == (question.line,
                                                                     question.column)
    dead = yeast.where(f"distractors.{yeast.distractors.index('hydrogen')}")
    assert where[("ITEM-DEAD-DISTRACTOR", "yeast-gas")] == (dead.line, dead.column)
    assert {fact for _, fact in where} == {"loaf-flour", "yeast-gas"}
    check_key = next(f for f in findings if f["rule"] == "ITEM-CHECK-KEY")
    assert check_key["message"].startswith("the top 27% chose '500 grams' (")
    assert check_key["severity"] == "warning"


def test_item_stats_are_warnings_that_fail_only_strict(graded: Path, tmp_path: Path) -> None:
    # only the graded fact flags: lint the facts with every other rule off
    items = str(graded / "grades" / "items.csv")
    from quizgen.lint import RULES

    disabled = [arg for rule in RULES for arg in ("--disable", rule.id)]
    code, stdout, _ = lint(graded, "--item-stats", items, *disabled)
    assert code == 0
    assert stdout.count("[ITEM-") == 4
    assert lint(graded, "--item-stats", items, "--strict", *disabled)[0] == 1


def test_a_fact_graded_but_since_removed_is_reported_in_items_csv(graded: Path,
                                                                  tmp_path: Path) -> None:
    items = tmp_path / "items.csv"
    items.write_text((graded / "grades" / "items.csv").read_text(encoding="utf-8")
                     .replace("loaf-flour,", "old-loaf-flour,"), encoding="utf-8")
    _, stdout, _ = lint(graded, "--item-stats", str(items))
    line = next(n for n, text in enumerate(items.read_text().splitlines(), 1)
                if text.startswith("old-loaf-flour,"))
    assert (f"{items}:{line}:1: warning: [ITEM-UNKNOWN-FACT] fact 'old-loaf-flour' was graded "
            "but is not in") in stdout


def test_a_file_that_is_not_items_csv_is_an_error(graded: Path) -> None:
    code, _, stderr = lint(graded, "--item-stats", str(graded / "responses.csv"))
    assert code == 1
    assert stderr.startswith(f"{graded / 'responses.csv'}:1:1: error: not an items.csv from "
                             "`quizgen grade`: its header starts fact_id,n,p,discrimination,"
                             "omitted,flag,reason\n")
