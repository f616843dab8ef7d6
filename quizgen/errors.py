"""Problems found in the user's data, and the one exception family that carries them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ERROR = "error"
WARNING = "warning"
INFO = "info"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, located as ``path:line:column`` (1-based)."""

    path: str
    line: int
    column: int
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"


class QuizgenError(Exception):
    """Base class of every error quizgen reports to the user without a traceback."""


class DataError(QuizgenError):
    """The user's facts or corpus have problems; nothing was written."""

    def __init__(self, problems: list[Problem], hint: str = "") -> None:
        self.problems = sorted(problems)
        self.hint = hint
        """A sentence on what to do next, printed after the problems (may be empty)."""
        super().__init__("\n".join(str(p) for p in self.problems))


def file_problem(path: Path | str, message: str, line: int = 1, column: int = 1) -> DataError:
    """A DataError with a single problem, for failures that stop reading a file at once."""
    return DataError([Problem(str(path), line, column, message)])
