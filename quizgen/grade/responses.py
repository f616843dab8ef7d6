"""Read a class's responses: ``student,version,build,1,2,...,N``, one row per student.

Each answer is a letter, empty for no answer, or ``*`` for more than one mark. A
``doubts`` column may follow the answers (``quizgen scan`` writes one); grading
ignores it. Every problem is collected with its cell, so a teacher fixes them in one go.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from pathlib import Path

from quizgen.errors import DataError, Problem
from quizgen.grade.answers import LETTERS, AnswerKey
from quizgen.grade.csvio import CsvText, Record

BLANK = -1
"""No answer given."""
MULTIPLE = -2
"""More than one mark (``*``): no credit, counted as omitted."""
NOTE = "note"
"""Severity of a remark that does not stop grading."""
HEAD = ("student", "version", "build")
TRAILING = ("doubts",)
"""Columns allowed after the answers (``quizgen scan``'s review column)."""

_CHOICE = {"": BLANK, "*": MULTIPLE, **{letter: index for index, letter in enumerate(LETTERS)}}


@dataclass(frozen=True, slots=True)
class Response:
    """One student's answers, each a printed option index, BLANK or MULTIPLE."""

    student: str
    version: str
    line: int
    choices: tuple[int, ...]


@dataclass(frozen=True)
class Responses:
    """Every student's responses, in file order, and the notes on reading them."""

    path: str
    students: tuple[Response, ...]
    notes: tuple[Problem, ...]


def read_responses(path: Path, key: AnswerKey) -> Responses:
    """Read and check ``path`` against ``key``; raises DataError with every problem."""
    return _ResponsesReader(CsvText.read(path), key).read()


class _ResponsesReader:
    def __init__(self, source: CsvText, key: AnswerKey) -> None:
        self.source = source
        self.key = key
        self.problems: list[Problem] = []
        self.width = 0
        """Cells in the header: the answers and any trailing columns."""
        self.built: Record | None = None
        """The first row that gives a build."""
        self.limits = {version: [len(question.options) for question in questions]
                       for version, questions in key.versions.items()}

    def fail(self, record: Record, index: int, message: str) -> None:
        self.problems.append(self.source.problem(record, index, message))

    def read(self) -> Responses:
        records = iter(self.source.records())
        header = next(records, None)
        questions = self.key.questions
        if header is None:
            expected = ",".join([*HEAD, "1", "2", "..."])
            raise DataError([Problem(self.source.path, 1, 1,
                                     f"the file is empty: expected a header {expected}")])
        self.check_header(header, questions)
        students: list[Response] = []
        seen: dict[str, int] = {}
        unbuilt: list[Record] = []
        for record in records:
            response = self.row(record, questions, unbuilt)
            student = record.cells[0].strip()
            if student in seen:
                self.fail(record, 0, f"student '{student}' appears twice (also on line "
                                     f"{seen[student]})")
                continue
            if student:
                seen[student] = record.line
            if response is not None:
                students.append(response)
        if not students and not self.problems:
            self.problems.append(Problem(self.source.path, header.line + 1, 1,
                                         "no students: the file has only its header"))
        if self.problems:
            raise DataError(self.problems)
        return Responses(self.source.path, tuple(students), self.notes(unbuilt))

    def check_header(self, header: Record, questions: int) -> None:
        cells = [cell.strip().lower() for cell in header.cells]
        expected = [*HEAD, *(str(number) for number in range(1, questions + 1))]
        for index, name in enumerate(cells[: len(expected)]):
            if name != expected[index]:
                self.fail(header, index, f"header cell '{header.cells[index].strip()}': "
                                         f"expected '{expected[index]}' (the header is "
                                         f"{','.join(expected[:5])},...,{questions})")
                raise DataError(self.problems)
        if len(cells) < len(expected):
            self.fail(header, len(cells), f"the header numbers {max(len(cells) - 3, 0)} "
                                          f"questions, but each version in "
                                          f"{self.key.path} has {questions}")
        for index in range(len(expected), len(cells)):
            if cells[index] not in TRAILING:
                self.fail(header, index, f"header cell '{header.cells[index].strip()}': "
                                         f"{self.key.path} has only {questions} questions")
        if self.problems:
            raise DataError(self.problems)
        self.width = len(cells)

    def row(self, record: Record, questions: int, unbuilt: list[Record]) -> Response | None:
        cells = record.cells
        answers_end = len(HEAD) + questions
        if len(cells) < answers_end:
            answered = max(len(cells) - len(HEAD), 0)
            self.fail(record, len(cells), f"{answered} answer{'s' if answered != 1 else ''}, "
                                          f"but the quiz has {questions} questions: leave a "
                                          "cell empty for no answer")
            return None
        extra = [index for index in range(self.width, len(cells)) if cells[index].strip()]
        if extra:
            self.fail(record, extra[0], f"more than {questions} answers: the quiz has "
                                        f"{questions} questions")
            return None
        student = cells[0].strip()
        if not student:
            self.fail(record, 0, "no student: give a name or a student number")
        version = cells[1].strip().upper()
        if version not in self.key.versions:
            known = ", ".join(self.key.versions)
            self.fail(record, 1, f"version '{cells[1].strip()}' is not in {self.key.path}, "
                                 f"which has version{'s' if len(known) > 1 else ''} {known}")
            return None
        build = cells[2].strip()
        if not build:
            unbuilt.append(record)
        elif self.built is None:
            self.built = record
        elif self.key.build is not None and build != self.key.build:
            self.fail(record, 2, f"build '{build}' does not match {self.key.path} (build "
                                 f"'{self.key.build}'): this sheet is from another printing "
                                 "of the quiz")
        choices = self.choices(record, version, cells[len(HEAD): answers_end])
        if not student or choices is None:
            return None
        return Response(student, version, record.line, choices)

    def choices(self, record: Record, version: str, cells: list[str]) -> tuple[int, ...] | None:
        limits = self.limits[version]
        # One comprehension per row, the careful look only when it finds a bad cell:
        # 10,000 students by 100 questions is a million cells.
        choices = [_CHOICE.get(cell) for cell in cells]
        if None in choices:
            choices = [_CHOICE.get(cell.strip().upper()) if choice is None else choice
                       for choice, cell in zip(choices, cells, strict=True)]
        if None not in choices and all(map(operator.lt, choices, limits)):  # type: ignore[arg-type]
            return tuple(choices)  # type: ignore[arg-type]
        for number, (choice, cell) in enumerate(zip(choices, cells, strict=True)):
            if choice is None or choice >= limits[number]:
                self.fail(record, len(HEAD) + number,
                          self.bad_answer(cell.strip(), number + 1, version, limits[number]))
        return None

    def bad_answer(self, cell: str, number: int, version: str, options: int) -> str:
        last = LETTERS[options - 1]
        if len(cell) == 1 and cell.upper() in LETTERS:
            return (f"question {number}: '{cell}' is not an option: question {number} of "
                    f"version {version} has options A to {last}")
        return (f"question {number}: '{cell}' is not an answer: write one letter A to {last}, "
                "leave the cell empty for no answer, or * for more than one mark")

    def notes(self, unbuilt: list[Record]) -> tuple[Problem, ...]:
        notes = []
        if self.built is not None and self.key.build is None:
            notes.append(Problem(self.source.path, self.built.line,
                                 self.source.column(self.built, 2),
                                 f"{self.key.path} records no build (it was written before "
                                 "answers.csv had one): the builds on the sheets are not "
                                 "checked", NOTE))
        if not unbuilt:
            return tuple(notes)
        first = unbuilt[0]
        rows = f"{len(unbuilt)} row{'s' if len(unbuilt) != 1 else ''}"
        if self.key.build is None:
            message = (f"{rows} give no build, and {self.key.path} records none: the sheets "
                       "are assumed to be from this printing")
        else:
            message = (f"{rows} give no build (first on line {first.line}): assumed "
                       f"{self.key.path}'s build {self.key.build}")
        notes.append(Problem(self.source.path, first.line, self.source.column(first, 2),
                             message, NOTE))
        return tuple(sorted(notes))
