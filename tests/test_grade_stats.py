"""Grading statistics against a hand-worked example and independent numpy computations."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.simulate import simulate_class
from quizgen.grade import Grading, grade, read_answers
from quizgen.grade.stats import corrected_point_biserial, kr20, top_group
from quizgen.load.facts import load_bank
from quizgen.plan.planner import QuizSettings, plan_quiz
from quizgen.writers.answers_csv import write_answers_csv
from tests.helpers import DATA

# Five students, three items (1 = right):   item1 item2 item3  total
WORKED = [[1, 1, 1],                      #   S1                   3
          [1, 1, 0],                      #   S2                   2
          [1, 0, 0],                      #   S3                   1
          [0, 1, 0],                      #   S4                   1
          [0, 0, 0]]                      #   S5                   0
# p = .6, .6, .2; sum pq = .24 + .24 + .16 = .64; totals 3,2,1,1,0: mean 1.4, var 5.2/5 = 1.04
# KR-20 = 3/2 (1 - .64/1.04) = 3/2 * 5/13 = 15/26; SEM = sqrt(1.04 (1 - 15/26)) = sqrt(.44)
# Item 1 against its rest score (2,1,0,1,0): sum dx dr = .6, sum dx^2 = 1.2, sum dr^2 = 2.8,
# r = .6 / sqrt(3.36) = sqrt(3/28); item 2 likewise; item 3, rest (2,2,1,1,0):
# .8 / sqrt(.8 * 2.8) = sqrt(2/7).
WORKED_KR20 = 15 / 26
WORKED_SEM = math.sqrt(0.44)
WORKED_DISCRIMINATION = [math.sqrt(3 / 28), math.sqrt(3 / 28), math.sqrt(2 / 7)]


def write_worked_example(directory: Path) -> tuple[Path, Path]:
    """The worked example as real files: one version of three 4-option questions, key A."""
    answers = directory / "answers.csv"
    answers.write_text("version,build,number,fact_id,key,option_A,option_B,option_C,option_D\n"
                       + "".join(f"A,b1,{n},item-{n},A,right {n},w{n}1,w{n}2,w{n}3\n"
                                 for n in (1, 2, 3)), encoding="utf-8")
    responses = directory / "responses.csv"
    rows = [f"S{index},A,b1," + ",".join("A" if mark else "B" for mark in marks)
            for index, marks in enumerate(WORKED, start=1)]
    responses.write_text("student,version,build,1,2,3\n" + "\n".join(rows) + "\n",
                         encoding="utf-8")
    return responses, answers


def test_worked_example_by_hand(tmp_path: Path) -> None:
    grading = grade(*write_worked_example(tmp_path))
    assert [item.p for item in grading.items] == pytest.approx([0.6, 0.6, 0.2], abs=1e-12)
    assert [item.discrimination for item in grading.items] == pytest.approx(
        WORKED_DISCRIMINATION, abs=1e-9)
    summary = grading.summary
    assert summary.kr20 == pytest.approx(WORKED_KR20, abs=1e-9)
    assert summary.sem == pytest.approx(WORKED_SEM, abs=1e-9)
    assert (summary.mean, summary.median) == (pytest.approx(1.4), 1)
    assert summary.sd == pytest.approx(math.sqrt(1.04), abs=1e-12)
    assert kr20(WORKED) == pytest.approx(WORKED_KR20, abs=1e-9)


def test_formula_scoring_subtracts_a_third_per_wrong_answer(tmp_path: Path) -> None:
    responses, answers = write_worked_example(tmp_path)
    text = responses.read_text().replace("S3,A,b1,A,B,B", "S3,A,b1,A,,*")
    responses.write_text(text)
    grading = grade(responses, answers, formula=True)
    scores = {score.student: score.score for score in grading.scores}
    # S1 3 right; S2 2 right 1 wrong; S3 1 right, a blank and a double mark; S5 3 wrong
    assert scores == pytest.approx({"S1": 3, "S2": 2 - 1 / 3, "S3": 1, "S4": 1 - 2 / 3,
                                    "S5": -1}, abs=1e-12)
    assert grading.items[1].omitted == 1 and grading.items[2].omitted == 1


@pytest.fixture(scope="module")
def simulated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Grading, Path, Path]:
    """200 students on the quiz fixture's three versions, graded."""
    directory = tmp_path_factory.mktemp("simulated")
    bank = load_bank(DATA / "quiz" / "facts.yaml", DATA / "quiz" / "corpus")
    plan = plan_quiz(bank, QuizSettings(versions=3))
    answers = directory / "answers.csv"
    answers.write_bytes(write_answers_csv(plan, bank)[0].data)
    responses = simulate_class(read_answers(answers), 200, seed=3).write(
        directory / "responses.csv")
    return grade(responses, answers), responses, answers


def independent_matrix(responses: Path, answers: Path) -> tuple[list[str], np.ndarray,
                                                                 np.ndarray]:
    """Fact ids, 0/1 scores (students x facts) and choices, read with csv alone."""
    with answers.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    facts = list(dict.fromkeys(row["fact_id"] for row in rows))
    keyed = {(row["version"], int(row["number"])): row for row in rows}
    with responses.open(newline="", encoding="utf-8") as handle:
        students = list(csv.reader(handle))[1:]
    scores = np.zeros((len(students), len(facts)))
    for s, student in enumerate(students):
        for number, answer in enumerate(student[3:], start=1):
            row = keyed[(student[1], number)]
            scores[s, facts.index(row["fact_id"])] = answer == row["key"]
    return facts, scores, np.array(students, dtype=object)


def test_item_statistics_match_numpy(simulated: tuple[Grading, Path, Path]) -> None:
    grading, responses, answers = simulated
    facts, scores, _ = independent_matrix(responses, answers)
    assert [item.fact_id for item in grading.items] == facts
    totals = scores.sum(axis=1)
    for j, item in enumerate(grading.items):
        x = scores[:, j]
        assert item.p == pytest.approx(x.mean(), abs=1e-12)
        expected = np.corrcoef(x, totals - x)[0, 1]
        assert item.discrimination == pytest.approx(expected, abs=1e-9)
    k = scores.shape[1]
    variance = totals.var()  # population variance, as KR-20's p(1-p) terms are
    expected_kr20 = k / (k - 1) * (1 - (scores.mean(axis=0) * (1 - scores.mean(axis=0))).sum()
                                   / variance)
    assert grading.summary.kr20 == pytest.approx(expected_kr20, abs=1e-9)
    assert grading.summary.sem == pytest.approx(totals.std() * np.sqrt(1 - expected_kr20),
                                                abs=1e-9)
    assert grading.summary.mean == pytest.approx(totals.mean(), abs=1e-9)
    assert grading.summary.median == pytest.approx(np.median(totals), abs=1e-9)
    assert grading.summary.sd == pytest.approx(totals.std(), abs=1e-9)


def test_top_group_option_counts_match_numpy(simulated: tuple[Grading, Path, Path]) -> None:
    grading, responses, answers = simulated
    _, scores, students = independent_matrix(responses, answers)
    totals = scores.sum(axis=1)
    size = round(0.27 * len(totals))
    top = np.argsort(-totals, kind="stable")[:size]
    for j, item in enumerate(grading.items):
        assert item.top_n == size
        assert item.top_counts[0] == int(scores[top, j].sum())
        assert item.counts[0] == int(scores[:, j].sum())
    assert sum(item.omitted for item in grading.items) == int(
        sum((cell in ("", "*")) for row in students for cell in row[3:]))


binary_matrices = st.integers(2, 12).flatmap(lambda k: st.lists(
    st.lists(st.integers(0, 1), min_size=k, max_size=k), min_size=2, max_size=40))


@settings(max_examples=150, deadline=None)
@given(binary_matrices)
def test_statistics_agree_with_numpy_for_any_class(matrix: list[list[int]]) -> None:
    scores = np.array(matrix, dtype=float)
    totals = scores.sum(axis=1)
    for j in range(scores.shape[1]):
        x, rest = scores[:, j], totals - scores[:, j]
        found = corrected_point_biserial([row[j] for row in matrix], [sum(r) for r in matrix])
        if x.std() == 0 or rest.std() == 0:
            assert found is None
        else:
            assert found == pytest.approx(np.corrcoef(x, rest)[0, 1], abs=1e-9)
            assert -1 - 1e-12 <= found <= 1 + 1e-12
    reliability = kr20(matrix)
    if totals.var() == 0:
        assert reliability is None
    else:
        k = scores.shape[1]
        pq = (scores.mean(axis=0) * (1 - scores.mean(axis=0))).sum()
        assert reliability == pytest.approx(k / (k - 1) * (1 - pq / totals.var()), abs=1e-9)
        assert reliability <= 1 + 1e-12


@given(st.lists(st.integers(0, 50), min_size=1, max_size=60))
def test_top_group_is_the_best_27_percent(totals: list[int]) -> None:
    top = top_group(totals)
    assert len(top) == max(1, round(0.27 * len(totals)))
    rest = [totals[i] for i in range(len(totals)) if i not in top]
    assert not rest or min(totals[i] for i in top) >= max(rest)
