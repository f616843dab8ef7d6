"""Simulate a class sitting a planned quiz, for tests, the benchmark and trying ``grade``.

Each student has an ability drawn from N(0, 1); each fact an item difficulty ``b`` and
discrimination ``a``. A student answers an item right with the two-parameter logistic
probability 1 / (1 + exp(-a (ability - b))), else picks one of the wrong options at
random; a few answers are left blank or marked twice (``*``). One seeded
``random.Random`` drives everything, so a seed gives the same class every time.

Plants for testing an item analysis: ``never`` names options nobody picks (a dead
distractor); ``truth`` names an option students take for right instead of the key, as
when a fact's answer is wrong and the strongest students know better.

    python bench/simulate.py decks/answers.csv -o responses.csv --students 30 --seed 1
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import random
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from quizgen.grade.answers import LETTERS, AnswerKey, read_answers


@dataclass(frozen=True)
class ItemTruth:
    """The simulated parameters of one fact's item."""

    difficulty: float
    discrimination: float


@dataclass(frozen=True)
class SimulatedClass:
    """A simulated class: the true parameters and the responses it gave."""

    abilities: tuple[float, ...]
    items: dict[str, ItemTruth]
    rows: list[list[str]] = field(repr=False)
    """The responses file, header first."""

    def csv_text(self) -> str:
        """The responses as CSV text, in the format ``quizgen grade`` reads."""
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(self.rows)
        return buffer.getvalue()

    def write(self, path: Path) -> Path:
        """Write the responses file to ``path``."""
        path.write_text(self.csv_text(), encoding="utf-8")
        return path


def simulate_class(key: AnswerKey, students: int = 200, seed: int = 1, *,
                   truth: Mapping[str, str] | None = None,
                   never: Mapping[str, str] | None = None,
                   difficulty: tuple[float, float] = (-1.5, 1.5),
                   discrimination: tuple[float, float] = (1.0, 2.0),
                   blank_rate: float = 0.02, multiple_rate: float = 0.005) -> SimulatedClass:
    """``students`` answering ``key``'s versions in turn (A, B, C, A, ...).

    ``truth`` maps a fact id to the option students take for right (default: the key);
    ``never`` maps a fact id to an option nobody chooses.
    """
    rng = random.Random(seed)
    truth = truth or {}
    never = never or {}
    items = {item.fact_id: ItemTruth(rng.uniform(*difficulty), rng.uniform(*discrimination))
             for item in key.items}
    abilities = tuple(rng.gauss(0.0, 1.0) for _ in range(students))
    letters = sorted(key.versions)
    rows = [["student", "version", "build", *(str(n) for n in range(1, key.questions + 1))]]
    for index, ability in enumerate(abilities):
        version = letters[index % len(letters)]
        answers = []
        for question in key.versions[version]:
            draw = rng.random()
            if draw < blank_rate:
                answers.append("")
                continue
            if draw < blank_rate + multiple_rate:
                answers.append("*")
                continue
            item = items[question.fact_id]
            right = question.options.index(truth.get(question.fact_id,
                                                     question.options[question.key]))
            p = 1 / (1 + math.exp(-item.discrimination * (ability - item.difficulty)))
            if rng.random() < p:
                answers.append(LETTERS[right])
                continue
            wrong = [i for i, option in enumerate(question.options)
                     if i != right and option != never.get(question.fact_id)]
            answers.append(LETTERS[rng.choice(wrong)])
        rows.append([f"S{index + 1:05d}", version, key.build or "", *answers])
    return SimulatedClass(abilities, items, rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("answers", type=Path, help="the build's answers.csv")
    parser.add_argument("-o", "--output", type=Path, default=None,
                        help="responses file to write (default: stdout)")
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--truth", action="append", default=[], metavar="FACT=OPTION",
                        help="students take OPTION for FACT's right answer (repeatable)")
    parser.add_argument("--never", action="append", default=[], metavar="FACT=OPTION",
                        help="nobody chooses OPTION for FACT (repeatable)")
    args = parser.parse_args()
    simulated = simulate_class(read_answers(args.answers), args.students, args.seed,
                               truth=_pairs(args.truth), never=_pairs(args.never))
    if args.output is None:
        sys.stdout.write(simulated.csv_text())
    else:
        simulated.write(args.output)


def _pairs(values: list[str]) -> dict[str, str]:
    return dict(value.split("=", 1) for value in values)


if __name__ == "__main__":
    main()
