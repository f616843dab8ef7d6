"""Mark each student's answers against the key: number right, or formula scoring."""

from __future__ import annotations

from dataclasses import dataclass

from quizgen.grade.answers import AnswerKey
from quizgen.grade.responses import Response, Responses

NOT_ASKED = -3
"""An item the student's version did not ask (never happens when versions share facts)."""


@dataclass(frozen=True, slots=True)
class StudentScore:
    """One student's marks: counts, the reported score, and each item's chosen option."""

    student: str
    version: str
    right: int
    wrong: int
    omitted: int
    """Blank answers and multiple marks."""
    score: float
    """Number right, or with formula scoring right minus wrong/(k-1)."""
    max: int
    choices: tuple[int, ...]
    """Per item of the key: the index of the chosen option in ``Item.options`` (0 is the
    key), BLANK, MULTIPLE or NOT_ASKED."""

    @property
    def percent(self) -> float:
        """The score as a percentage of the maximum."""
        return 100 * self.score / self.max


def score_class(key: AnswerKey, responses: Responses, formula: bool = False) -> list[StudentScore]:
    """Every student's score, in file order.

    Number right gives one point per correct answer. Formula scoring subtracts 1/(k-1)
    for each wrong answer to a k-option question, so blind guessing scores 0 on average;
    blanks and multiple marks score 0 either way.
    """
    return [score_student(key, response, formula) for response in responses.students]


def score_student(key: AnswerKey, response: Response, formula: bool = False) -> StudentScore:
    """One student's marks (see ``score_class``)."""
    choices = [NOT_ASKED] * len(key.items)
    right = wrong = omitted = 0
    penalty = 0.0
    for question, choice in zip(key.versions[response.version], response.choices, strict=True):
        if choice < 0:
            omitted += 1
            choices[question.item] = choice
            continue
        chosen = question.to_item[choice]
        choices[question.item] = chosen
        if chosen == 0:
            right += 1
        else:
            wrong += 1
            penalty += 1 / (len(question.options) - 1)
    score = right - penalty if formula else right
    return StudentScore(response.student, response.version, right, wrong, omitted, score,
                        len(response.choices), tuple(choices))
