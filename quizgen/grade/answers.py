"""Read ``answers.csv`` (what the quiz writers print) into the key grading marks against."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from quizgen.errors import DataError, Problem, file_problem
from quizgen.grade.csvio import CsvText, Record, unsafe_cell

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
REQUIRED = ("version", "number", "fact_id", "key")
"""Columns every answers.csv has; ``build`` and ``option_A``... follow."""


@dataclass(frozen=True, slots=True)
class KeyedQuestion:
    """One printed question: its fact, its options in printed order, and the key's index."""

    fact_id: str
    options: tuple[str, ...]
    key: int
    item: int
    """Index of the fact in ``AnswerKey.items``."""
    to_item: tuple[int, ...]
    """For each printed option, its index in the item's ``options`` (the key is 0)."""


@dataclass(frozen=True, slots=True)
class Item:
    """One fact as every version asks it: the key first, then each distractor."""

    fact_id: str
    options: tuple[str, ...]
    """The key, then the distractors in the order the first version prints them."""


@dataclass(frozen=True)
class AnswerKey:
    """Every version of one build: its questions in printed order, and the items they ask."""

    path: str
    build: str | None
    """The build id; ``None`` for an answers.csv written before it had a build column."""
    versions: dict[str, tuple[KeyedQuestion, ...]]
    items: tuple[Item, ...]
    """One per fact, in the order the facts first appear in the file."""

    @property
    def questions(self) -> int:
        """Questions per version (every version has as many)."""
        return len(next(iter(self.versions.values())))


def read_answers(path: Path) -> AnswerKey:
    """Read and check ``path``; raises DataError with every problem, each at its cell."""
    if not path.exists():
        raise file_problem(path, "no such file: `quizgen build` or `quizgen quiz` writes "
                                 "answers.csv; give its path with --answers")
    return _AnswersReader(CsvText.read(path)).read()


class _AnswersReader:
    def __init__(self, source: CsvText) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def fail(self, record: Record, index: int, message: str) -> None:
        self.problems.append(self.source.problem(record, index, message))

    def read(self) -> AnswerKey:
        records = iter(self.source.records())
        header = next(records, None)
        if header is None:
            raise DataError([Problem(self.source.path, 1, 1, "the file is empty: "
                                     "`quizgen build` or `quizgen quiz` writes answers.csv")])
        columns = self.columns(header)
        rows = [record for record in records if self.row_fits(record, len(header.cells))]
        if self.problems:
            raise DataError(self.problems)
        if not rows:
            raise DataError([Problem(self.source.path, header.line + 1, 1,
                                     "no questions: the file has only its header")])
        key = self.key(columns, rows)
        if self.problems:
            raise DataError(self.problems)
        return key

    def columns(self, header: Record) -> dict[str, int]:
        names = [cell.strip() for cell in header.cells]
        columns: dict[str, int] = {}
        for index, name in enumerate(names):
            columns.setdefault(name, index)
        options = [f"option_{letter}" for letter in LETTERS]
        expected = "version,build,number,fact_id,key,option_A,option_B,..."
        missing = [name for name in (*REQUIRED, "option_A", "option_B") if name not in columns]
        if missing:
            raise DataError([self.source.problem(header, 0, (
                f"not an answers file: the header lacks {', '.join(missing)}; "
                f"`quizgen build` writes answers.csv with the header {expected}"))])
        for index, name in enumerate(names):
            if columns[name] != index:
                self.fail(header, index, f"the header repeats the column '{name}'")
            elif name not in (*REQUIRED, "build", *options):
                self.fail(header, index, f"the header has an unknown column '{name}': an "
                                         f"answers.csv header is {expected}")
        for index, name in enumerate(options):
            if name in columns and index and options[index - 1] not in columns:
                self.fail(header, columns[name], f"{name} without {options[index - 1]}")
        if self.problems:
            raise DataError(self.problems)
        return columns

    def row_fits(self, record: Record, width: int) -> bool:
        if len(record.cells) == width:
            return True
        self.fail(record, min(len(record.cells), width),
                  f"{len(record.cells)} cells, but the header has {width}")
        return False

    def key(self, columns: dict[str, int], rows: list[Record]) -> AnswerKey:
        option_columns = [columns[f"option_{letter}"] for letter in LETTERS
                          if f"option_{letter}" in columns]
        builds: dict[str, Record] = {}
        versions: dict[str, list[tuple[Record, str, tuple[str, ...], int]]] = {}
        counted: dict[str, int] = {}
        for record in rows:
            cell = record.cells
            version = cell[columns["version"]].strip()
            if len(version) != 1 or version not in LETTERS:
                self.fail(record, columns["version"],
                          f"version '{version}' is not a letter A to Z")
                continue
            if "build" in columns:
                builds.setdefault(cell[columns["build"]].strip(), record)
            questions = versions.setdefault(version, [])
            counted[version] = expected = counted.get(version, 0) + 1
            number = cell[columns["number"]].strip()
            if number != str(expected):
                self.fail(record, columns["number"],
                          f"question number '{number}' of version {version}: expected "
                          f"{expected} (each version numbers its questions 1, 2, ...)")
            options = tuple(unsafe_cell(cell[index].strip()) for index in option_columns)
            while options and not options[-1]:
                options = options[:-1]
            if len(options) < 2 or not all(options):
                gap = options.index("") if "" in options else len(options)
                self.fail(record, option_columns[min(gap, len(option_columns) - 1)],
                          f"option {LETTERS[gap]} is empty: a question has options A, B, ... "
                          "with none left out")
                continue
            repeated = next((index for index, option in enumerate(options)
                             if option in options[:index]), None)
            if repeated is not None:
                self.fail(record, option_columns[repeated],
                          f"option {LETTERS[repeated]} '{options[repeated]}' repeats option "
                          f"{LETTERS[options.index(options[repeated])]}")
                continue
            fact_id = cell[columns["fact_id"]].strip()
            if not fact_id:
                self.fail(record, columns["fact_id"], "no fact_id")
                continue
            letter = cell[columns["key"]].strip().upper()
            if not letter:
                self.fail(record, columns["key"], "no key: give the letter of the right option")
                continue
            if len(letter) != 1 or LETTERS.find(letter) not in range(len(options)):
                self.fail(record, columns["key"], f"key '{letter}' is not one of the options "
                                                  f"A to {LETTERS[len(options) - 1]}")
                continue
            questions.append((record, fact_id, options, LETTERS.index(letter)))
        if len(builds) > 1:
            first, *others = builds.items()
            for build, record in others:
                self.fail(record, columns["build"], f"build '{build}' differs from build "
                                                    f"'{first[0]}' on line {first[1].line}: "
                                                    "one answers.csv is one build")
        if not versions:
            raise DataError(self.problems)
        build = next(iter(builds), "") if "build" in columns else ""
        return AnswerKey(self.source.path, build or None, *self.items(columns, versions, counted))

    def items(self, columns: dict[str, int],
              versions: dict[str, list[tuple[Record, str, tuple[str, ...], int]]],
              counted: dict[str, int]) -> tuple[dict[str, tuple[KeyedQuestion, ...]],
                                                tuple[Item, ...]]:
        index_of: dict[str, int] = {}
        options_of: list[list[str]] = []
        first_seen: dict[str, tuple[str, Record]] = {}
        keyed: dict[str, tuple[KeyedQuestion, ...]] = {}
        for version, rows in sorted(versions.items()):
            asked: dict[str, int] = {}
            questions = []
            for record, fact_id, options, key in rows:
                if fact_id in asked:
                    self.fail(record, columns["fact_id"], f"fact '{fact_id}' is asked twice in "
                                                          f"version {version} (also line "
                                                          f"{asked[fact_id]})")
                    continue
                asked[fact_id] = record.line
                if fact_id not in index_of:
                    index_of[fact_id] = len(options_of)
                    options_of.append([options[key]])
                    first_seen[fact_id] = (version, record)
                item = options_of[index_of[fact_id]]
                if options[key] != item[0]:
                    seen_version, seen = first_seen[fact_id]
                    self.fail(record, columns["key"], f"the key of '{fact_id}' is "
                                                      f"'{options[key]}' here but '{item[0]}' in "
                                                      f"version {seen_version} (line "
                                                      f"{seen.line})")
                    continue
                item.extend(option for option in options if option not in item)
                questions.append(KeyedQuestion(fact_id, options, key, index_of[fact_id],
                                               tuple(item.index(option) for option in options)))
            keyed[version] = tuple(questions)
        first = min(counted)
        for version, rows in sorted(versions.items()):
            if counted[version] != counted[first] and rows:
                self.fail(rows[0][0], columns["version"],
                          f"version {version} has {counted[version]} questions but version "
                          f"{first} has {counted[first]}: every version asks as many")
        items = tuple(Item(fact_id, tuple(options_of[index]))
                      for fact_id, index in index_of.items())
        return keyed, items
