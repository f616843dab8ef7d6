"""Every version's questions, keys and options in one ``answers.csv`` for spreadsheets."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from quizgen.model import Bank
from quizgen.outputs import OutputFile
from quizgen.plan.planner import QuizPlan, option_letter
from quizgen.writers.base import BuildJob, Format

ANSWERS_CSV = "answers.csv"


def answers_header(options: int) -> list[str]:
    """``version,build,number,fact_id,key,option_A,...`` for ``options`` options.

    The build id is the one printed on every quiz page and sheet, so ``quizgen grade``
    can refuse responses to another printing.
    """
    return ["version", "build", "number", "fact_id", "key",
            *(f"option_{option_letter(index)}" for index in range(options))]


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection")."""


def csv_cell(value: object) -> str:
    """A cell as text a spreadsheet shows as written: a formula start gets a ``'`` first.

    As OWASP recommends: ``=1+1`` becomes ``'=1+1``, which Excel, LibreOffice and Google
    Sheets display as ``=1+1`` instead of evaluating it. The rule is grade's
    ``safe_cell``, so ``quizgen grade`` reads each option back exactly.
    """
    from quizgen.grade.csvio import safe_cell

    return safe_cell(str(value))


def write_answers_csv(plan: QuizPlan, bank: Bank) -> list[OutputFile]:
    """One row per question of every version, in printed order; cells via ``csv_cell``."""
    from functools import partial

    return [OutputFile.streamed(ANSWERS_CSV, partial(answers_csv_pieces, plan))]


def answers_csv_pieces(plan: QuizPlan) -> Iterable[bytes]:
    """``answers.csv`` in UTF-8, in pieces of some rows (a long quiz has 150,000 rows)."""
    from quizgen.grade.csvio import safe_cell
    from quizgen.outputs import PIECE_CHARS

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(answers_header(plan.settings.options))
    for version in plan.versions:
        # each row's cells as csv_cell makes them, with the function imported once here
        # rather than once a cell (an import statement a cell was 3% of `quizgen quiz`)
        for number, question in enumerate(version.questions, start=1):
            writer.writerow([safe_cell(str(cell)) for cell in (
                version.letter, plan.build_id, number, question.fact.id,
                question.key_letter, *question.options)])
            if buffer.tell() >= PIECE_CHARS:
                yield buffer.getvalue().encode("utf-8")
                buffer.seek(0)
                buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def _render(job: BuildJob) -> Iterable[OutputFile]:
    return write_answers_csv(job.plan, job.bank)


FORMAT = Format(
    'answers-csv',
    "Every version's questions, keys and options in one CSV (what grade reads)",
    ('answers.csv',),
    _render,
    group="quiz",
)
