"""Grade a class: responses and the build's answers.csv -> scores, item analysis, a report.

``grade`` reads and checks both files (every problem at once, as DataError), marks each
student and computes the item figures and flags; ``grade_outputs`` renders scores.csv,
items.csv and report.html for ``write_outputs``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizgen.grade.answers import AnswerKey, read_answers
    from quizgen.grade.model import FactInfo, Grading
    from quizgen.grade.responses import Responses, read_responses
    from quizgen.model import Bank
    from quizgen.outputs import OutputFile

__all__ = ["FactInfo", "Grading", "grade", "grade_class", "grade_outputs", "read_answers",
           "read_responses"]

_EXPORTED = {"FactInfo": "model", "Grading": "model", "read_answers": "answers",
             "read_responses": "responses"}
"""The names re-exported from a submodule, imported on first use (PEP 562): the build's
``answers.csv`` needs only ``quizgen.grade.csvio``, and importing this package used to
import all of grading with it (15-20 ms of the shipped build)."""


def __getattr__(name: str) -> object:
    if name not in _EXPORTED:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"{__name__}.{_EXPORTED[name]}"), name)


def grade(responses_path: Path, answers_path: Path, formula: bool = False) -> Grading:
    """Read the answers file, then the responses against it, and grade the class."""
    from quizgen.grade.answers import read_answers
    from quizgen.grade.responses import read_responses

    key = read_answers(answers_path)
    return grade_class(key, read_responses(responses_path, key), formula)


def grade_class(key: AnswerKey, responses: Responses, formula: bool = False) -> Grading:
    """Mark every student and analyse every item (number right unless ``formula``)."""
    from quizgen.grade.flags import flags_for
    from quizgen.grade.model import Grading
    from quizgen.grade.scoring import score_class
    from quizgen.grade.stats import class_statistics, item_statistics

    scores = tuple(score_class(key, responses, formula))
    items = tuple(item_statistics(key, scores))
    flags = {item.fact_id: found for item in items if (found := flags_for(item))}
    return Grading(key, responses, formula, scores, items, flags,
                   class_statistics(scores, items, key.questions))


def grade_outputs(grading: Grading, bank: Bank | None = None,
                  title: str | None = None) -> list[OutputFile]:
    """``scores.csv``, ``items.csv`` and ``report.html`` for ``grading``.

    ``bank`` gives the report each flagged fact's question and line in the facts file.
    """
    from quizgen.grade.model import fact_info
    from quizgen.grade.report_html import REPORT_HTML, report_html
    from quizgen.grade.tables import ITEMS_CSV, SCORES_CSV, items_csv, scores_csv
    from quizgen.outputs import OutputFile

    facts = fact_info(bank) if bank is not None else {}
    title = title or (bank.deck.title if bank is not None else "Quiz")
    return [
        OutputFile(SCORES_CSV, scores_csv(grading.key, grading.scores, grading.formula)),
        OutputFile(ITEMS_CSV, items_csv(grading.items, grading.flags)),
        OutputFile(REPORT_HTML, report_html(grading, facts, title)),
    ]
