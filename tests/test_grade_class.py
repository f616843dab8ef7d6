"""A simulated class with a planted wrong key and a dead distractor, graded end to end."""

from __future__ import annotations

import csv
import io
import subprocess
import sysconfig
from pathlib import Path

import numpy as np
import pytest

from bench.simulate import simulate_class
from quizgen.defaults import BUILD_VERSIONS
from quizgen.grade import read_answers
from quizgen.grade.answers import LETTERS
from quizgen.load.facts import load_bank
from quizgen.plan.planner import QuizSettings, plan_quiz
from quizgen.writers.answers_csv import write_answers_csv
from tests.helpers import DATA, REPO

SCRIPT = Path(sysconfig.get_path("scripts")) / "quizgen"
MISKEYED = "loaf-flour"
DEAD = ("yeast-gas", "hydrogen")


def quizgen(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(SCRIPT), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, check=False)


def miskey(answers: Path, fact_id: str) -> str:
    """Rewrite answers.csv so ``fact_id``'s key is its first distractor in every version."""
    rows = list(csv.DictReader(io.StringIO(answers.read_text(encoding="utf-8"))))
    wrong = ""
    for row in rows:
        if row["fact_id"] == fact_id:
            options = [row[f"option_{letter}"] for letter in "ABCD"]
            right = options[LETTERS.index(row["key"])]
            wrong = wrong or next(option for option in options if option != right)
            row["key"] = LETTERS[options.index(wrong)]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    answers.write_text(buffer.getvalue(), encoding="utf-8")
    return wrong


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """200 simulated students on 3 versions planned from the quiz fixture, then graded."""
    work = tmp_path_factory.mktemp("class")
    bank = load_bank(DATA / "quiz" / "facts.yaml", DATA / "quiz" / "corpus")
    plan = plan_quiz(bank, QuizSettings(versions=3))
    answers = work / "answers.csv"
    answers.write_bytes(write_answers_csv(plan, bank)[0].data)
    simulated = simulate_class(read_answers(answers), 200, seed=2025, never=dict([DEAD]))
    simulated.write(work / "responses.csv")
    wrong_key = miskey(answers, MISKEYED)
    result = quizgen("grade", "responses.csv", "--answers", "answers.csv", "--facts",
                     str(DATA / "quiz" / "facts.yaml"), "--corpus", str(DATA / "quiz" / "corpus"),
                     cwd=work)
    assert result.returncode == 0, result.stderr
    with (work / "grades" / "items.csv").open(newline="", encoding="utf-8") as handle:
        items = {row["fact_id"]: row for row in csv.DictReader(handle)}
    return {"items": items, "simulated": simulated, "stdout": result.stdout,
            "wrong_key": wrong_key, "work": work}


def flags(row: dict[str, str]) -> list[str]:
    return row["flag"].split(";") if row["flag"] else []


def test_the_wrong_key_is_flagged_check_key_and_nothing_else_is(graded: dict[str, object]) -> None:
    items = graded["items"]
    assert isinstance(items, dict)
    assert "check-key" in flags(items[MISKEYED])
    assert f"'{graded['wrong_key']}'" in items[MISKEYED]["reason"]
    assert [fact for fact, row in items.items() if "check-key" in flags(row)] == [MISKEYED]
    assert "negative-discrimination" in flags(items[MISKEYED])


def test_the_planted_distractor_is_dead(graded: dict[str, object]) -> None:
    items = graded["items"]
    assert isinstance(items, dict)
    row = items[DEAD[0]]
    assert "dead-distractor" in flags(row)
    assert f"'{DEAD[1]}' (0)" in row["reason"]
    counts = {row[f"distractor_{n}"]: int(row[f"distractor_{n}_count"]) for n in (1, 2, 3)}
    assert counts[DEAD[1]] == 0


def test_estimated_p_follows_the_simulated_difficulty(graded: dict[str, object]) -> None:
    items, simulated = graded["items"], graded["simulated"]
    assert isinstance(items, dict)
    facts = [fact for fact in items if fact != MISKEYED]
    p = [float(items[fact]["p"]) for fact in facts]
    easiness = [-simulated.items[fact].difficulty for fact in facts]  # type: ignore[attr-defined]
    assert np.corrcoef(p, easiness)[0, 1] > 0.9


def test_terminal_summary_fits_one_screen(graded: dict[str, object]) -> None:
    stdout = graded["stdout"]
    assert isinstance(stdout, str)
    lines = stdout.splitlines()
    assert len(lines) <= 24 and max(map(len, lines)) <= 200
    assert lines[0] == "graded 200 students: 3 versions of 12 questions, build " \
        f"{read_answers(Path(str(graded['work'])) / 'answers.csv').build}, number right"
    assert lines[1].startswith("mean ") and "KR-20" in lines[1]
    assert any(MISKEYED in line and "check-key" in line for line in lines)
    assert lines[-3:] == [f"wrote grades/{name}" for name in ("scores.csv", "items.csv",
                                                               "report.html")]


def test_grading_a_simulated_class_on_the_shipped_build(tmp_path: Path) -> None:
    bank = load_bank(REPO / "facts.yaml", REPO / "corpus")
    plan = plan_quiz(bank, QuizSettings(versions=BUILD_VERSIONS))
    answers = tmp_path / "answers.csv"
    answers.write_bytes(write_answers_csv(plan, bank)[0].data)
    simulate_class(read_answers(answers), 200, seed=1).write(tmp_path / "responses.csv")
    result = quizgen("grade", str(tmp_path / "responses.csv"), "--answers", str(answers),
                     "--out-dir", str(tmp_path / "grades"), cwd=REPO)
    assert result.returncode == 0, result.stderr
    scores = list(csv.reader((tmp_path / "grades" / "scores.csv").open(encoding="utf-8")))
    assert scores[0][:5] == ["student", "version", "score", "max", "percent"]
    assert len(scores) == 201 and len(scores[0]) == 5 + len(bank.facts)
    items = list(csv.DictReader((tmp_path / "grades" / "items.csv").open(encoding="utf-8")))
    assert [row["fact_id"] for row in items] == [q.fact.id for q in plan.versions[0].questions]
    report = (tmp_path / "grades" / "report.html").read_text(encoding="utf-8")
    assert "<dt>Class size</dt><dd>200</dd>" in report
    assert f"{plan.title}: marks and item analysis" in report


def test_many_flags_still_fit_one_screen(tmp_path: Path) -> None:
    from quizgen.grade import grade
    from quizgen.grade.model import fact_info
    from quizgen.grade.summary import SHOWN_FLAGS, grade_summary

    bank = load_bank(REPO / "facts.yaml", REPO / "corpus")
    answers = tmp_path / "answers.csv"
    answers.write_bytes(write_answers_csv(plan_quiz(bank, QuizSettings(versions=3)), bank)[0]
                        .data)
    responses = simulate_class(read_answers(answers), 200, seed=1).write(tmp_path / "r.csv")
    grading = grade(responses, answers)
    flagged = len(grading.flagged())
    assert flagged > SHOWN_FLAGS
    written = [tmp_path / name for name in ("scores.csv", "items.csv", "report.html")]
    lines = grade_summary(grading, fact_info(bank), written).splitlines()
    assert len(lines) <= 24
    assert f"  ... and {flagged - SHOWN_FLAGS} more in the report" in lines
