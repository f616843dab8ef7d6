"""CSV files read with each record's line and each field's column, and cells made safe.

The ``csv`` module parses; it does not say where a field starts. Columns are only
needed for the few records that have a problem, so they are worked out then, by
walking that record's text as the default dialect reads it (see ``field_columns``).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from quizgen.errors import DataError, Problem, file_problem

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""Cells a spreadsheet may run as a formula (OWASP, 'CSV injection')."""


@dataclass(frozen=True)
class Record:
    """One CSV record: its cells and the line (1-based) where it starts."""

    line: int
    cells: list[str]


class CsvText:
    """A CSV file decoded as UTF-8 (a byte-order mark allowed), read record by record."""

    def __init__(self, path: Path | str, text: str) -> None:
        self.path = str(path)
        self.text = text
        self._lines: list[str] | None = None

    @classmethod
    def read(cls, path: Path) -> CsvText:
        """Read ``path``; raises DataError at the first byte that is not UTF-8."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise file_problem(path, f"cannot read the file: {exc.strerror}") from None
        try:
            return cls(path, data.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            before = data[: exc.start].decode("utf-8-sig", errors="replace")
            line = before.count("\n") + 1
            column = len(before) - before.rfind("\n")
            raise DataError([Problem(str(path), line, column,
                                     "the file is not UTF-8 text: save it as 'CSV UTF-8'")]
                            ) from None

    def records(self) -> Iterator[Record]:
        """Every record that has a non-blank cell, with its starting line."""
        reader = csv.reader(io.StringIO(self.text, newline=""), strict=True)
        line = 1
        try:
            for cells in reader:
                if any(cell.strip() for cell in cells):
                    yield Record(line, cells)
                line = reader.line_num + 1
        except csv.Error as exc:
            raise DataError([Problem(self.path, reader.line_num, 1,
                                     f"unreadable CSV: {exc}")]) from None

    def column(self, record: Record, index: int) -> int:
        """The 1-based character column where cell ``index`` of ``record`` starts.

        An index past the last cell gives the column just after the record's text, where
        the missing cell would start.
        """
        if self._lines is None:
            self._lines = _LINE_BREAK.split(self.text)
        columns = field_columns(self._lines[record.line - 1])
        if index < len(columns):
            return columns[index]
        return len(self._lines[record.line - 1]) + 1

    def problem(self, record: Record, index: int, message: str) -> Problem:
        """A Problem at cell ``index`` of ``record``."""
        return Problem(self.path, record.line, self.column(record, index), message)


def field_columns(line: str) -> list[int]:
    """1-based start columns of the fields of one line, read as ``csv``'s default dialect.

    Quoted fields may hold commas and doubled quotes. A quoted field that runs on past
    the line ends the list there: only the fields that start on this line have columns.
    """
    columns = [1]
    quoted = False
    index = 0
    while index < len(line):
        char = line[index]
        if quoted:
            if char == '"':
                if index + 1 < len(line) and line[index + 1] == '"':
                    index += 1
                else:
                    quoted = False
        elif char == '"':
            quoted = True
        elif char == ",":
            columns.append(index + 2)
        index += 1
    return columns


def safe_cell(text: str) -> str:
    """``text`` as a cell no spreadsheet runs: a leading ``'`` before ``= + - @`` tab or CR.

    Text that already looks escaped gets one more ``'``, so ``unsafe_cell`` gives it back.
    """
    escaped = text.startswith(_FORMULA_START) or (
        text.startswith("'") and text.lstrip("'").startswith(_FORMULA_START))
    return f"'{text}" if escaped else text


def unsafe_cell(text: str) -> str:
    """The text ``safe_cell`` was given: drops the ``'`` it added, and only that."""
    if text.startswith("'") and text.lstrip("'").startswith(_FORMULA_START):
        return text[1:]
    return text


def csv_bytes(rows: list[list[str]]) -> bytes:
    """Rows as UTF-8 CSV, one line each (cells already made safe by the caller)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")
