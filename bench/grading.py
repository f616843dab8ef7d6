"""The grading figure: ``quizgen grade`` on a simulated class of N students, Q questions.

A synthetic bank of Q facts (synth.py) is planned into 3 versions by ``quizgen quiz``,
a class is simulated on its answers.csv (simulate.py), and ``quizgen grade`` is timed
as its own process: wall time, CPU time (user + system) and peak RSS (MiB).
"""

from __future__ import annotations

import statistics
import subprocess
from dataclasses import dataclass
from pathlib import Path

from child import time_child
from simulate import simulate_class
from synth import generate

from quizgen.grade import read_answers

TARGET_SECONDS = 5.0


@dataclass(frozen=True)
class GradeMeasure:
    """Median wall and CPU seconds and the largest peak RSS over the runs."""

    students: int
    questions: int
    seconds: float
    cpu_seconds: float
    peak_mib: float


def measure_grading(quizgen: str, work: Path, students: int, questions: int,
                    repeat: int) -> GradeMeasure:
    """Set up the class in ``work`` and time ``quizgen grade`` on it ``repeat`` times."""
    generate(questions, work)
    subprocess.run([quizgen, "quiz", "--versions", "3"], cwd=work, check=True,
                   stdout=subprocess.DEVNULL)
    simulate_class(read_answers(work / "decks" / "answers.csv"), students, seed=1).write(
        work / "responses.csv")
    runs = [time_child([quizgen, "grade", "responses.csv"], work) for _ in range(repeat)]
    return GradeMeasure(students, questions, statistics.median(r[0] for r in runs),
                        statistics.median(r[1] for r in runs), max(r[2] for r in runs))


def grading_table(measure: GradeMeasure) -> str:
    """The grading figure as a Markdown table row with its target."""
    return "\n".join([
        "| grading | measured | target |", "|---|---:|---:|",
        f"| quizgen grade: {measure.students:,} students, {measure.questions} questions, "
        f"3 versions | {measure.seconds:.2f} s ({measure.cpu_seconds:.2f} s CPU), "
        f"{measure.peak_mib:.0f} MiB | < {TARGET_SECONDS:.0f} s |"])
