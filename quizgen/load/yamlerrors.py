"""PyYAML's parse errors as located problems, with a hint for the commonest slips.

PyYAML stops at the first syntax error, so one is all a file can report; this module
places it at the real line and column (PyYAML reports unacceptable characters by byte
offset only) and, for an unclosed quote, where the quote opened.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

try:
    from yaml import CBaseLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import BaseLoader as _BaseLoader  # type: ignore[assignment]

from quizgen.errors import DataError, file_problem

_INDENT_PROBLEMS = ("did not find expected key", "did not find expected '-' indicator",
                    "expected <block end>")


def yaml_problem(exc: yaml.YAMLError, path: Path | str, text: str,
                 first_line: int = 1) -> DataError:
    """A parse error of ``text`` as a DataError at the line and column where it is."""
    if isinstance(exc, yaml.reader.ReaderError):
        line, column = _byte_position(text, exc.position)
        what = "a NUL byte" if exc.character == 0 else f"control character U+{exc.character:04X}"
        return file_problem(path, f"invalid YAML: {what} is not allowed in YAML text; "
                                  "remove it", line + first_line - 1, column)
    if not isinstance(exc, yaml.MarkedYAMLError):
        return file_problem(path, f"invalid YAML: {exc}", first_line, 1)
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + first_line if mark else first_line
    column = mark.column + 1 if mark else 1
    problem = str(exc.problem or exc.context)
    if exc.context == "while scanning a quoted scalar" and exc.context_mark:
        return file_problem(path, f"invalid YAML: this quoted text is never closed "
                                  f"({problem} at line {line})",
                            exc.context_mark.line + first_line, exc.context_mark.column + 1)
    if opened := _runaway_quote(text, mark.line if mark else 0):
        return file_problem(path, f"invalid YAML: this quote is not closed on its line, so "
                                  f"it runs on to line {line}, where: {problem}",
                            opened.line + first_line, opened.column + 1)
    message = problem
    if exc.problem and exc.context and exc.context_mark:
        message += f" ({exc.context} at line {exc.context_mark.line + first_line})"
    message += _hint(problem, text, line - first_line)
    return file_problem(path, f"invalid YAML: {message}", line, column)


def _hint(problem: str, text: str, index: int) -> str:
    """Advice after PyYAML's words for an unquoted ': ' or a line indented differently."""
    if problem.startswith("mapping values are not allowed"):
        return ": a ': ' inside a value starts a new key; put the text in quotes"
    if not problem.startswith(_INDENT_PROBLEMS):
        return ""
    lines = text.split("\n")
    if index >= len(lines):
        return ""
    indent = _indent(lines[index])
    for before in range(index - 1, -1, -1):
        content = lines[before].strip()
        if content and not content.startswith("#"):
            if _indent(lines[before]) != indent:
                return (f": line {index + 1} is indented differently from line {before + 1}; "
                        "entries of one mapping or list must line up")
            return ""
    return ""


def _runaway_quote(text: str, error_line: int) -> Any:
    """Where a quoted scalar opened that spans lines and ends on ``error_line`` (0-based).

    A missing closing quote makes the quote run on to the next quote character, and the
    parser fails only there: the opening is where the fix goes.
    """
    last: yaml.Token | None = None
    try:
        for token in yaml.scan(text, Loader=_BaseLoader):
            if token.start_mark.line > error_line:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'"):
                last = token
    except yaml.YAMLError:
        pass
    if (last is not None and last.end_mark.line == error_line
            and last.start_mark.line < error_line):
        return last.start_mark
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _byte_position(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column (in characters) of a UTF-8 byte offset in ``text``."""
    before = text.encode("utf-8")[:offset].decode("utf-8", errors="ignore")
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
