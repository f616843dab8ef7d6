"""From bubble readings to answers, digits and doubts: shown, never guessed.

Each bubble is *filled*, *empty* or *doubtful* (a faint, partial or erased mark: a
tick, a cross, half a fill, an eraser's smear). A row with one filled bubble and
nothing doubtful is that letter; with none, blank. Anything else is a doubt, written
as the marking rules read it (``*`` where more than one bubble may be marked, blank
where no bubble is clearly marked) and listed for the teacher to look at.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from quizgen.scan.measure import Reading

FILLED_COVER = 0.7
"""A bubble at least this much marked inside is filled: a solid fill, pen or pencil,
covers 80 % or more; a tick, a cross or half a fill 35-65 %."""
EMPTY_COVER = 0.08
EMPTY_TONE = 0.04
"""A bubble under both is empty: paper, its printed letter, scanner noise."""

MULTIPLE = "*"


class Mark(Enum):
    """What a bubble holds."""

    EMPTY = "empty"
    FILLED = "filled"
    DOUBTFUL = "doubtful"


def mark(reading: Reading) -> Mark:
    """Classify one bubble by how much of it, and how darkly, the student marked."""
    if reading.cover >= FILLED_COVER:
        return Mark.FILLED
    if reading.cover < EMPTY_COVER and reading.tone < EMPTY_TONE:
        return Mark.EMPTY
    return Mark.DOUBTFUL


@dataclass(frozen=True)
class Row:
    """A row's reading: the value written, and why it needs a look (None if it does not)."""

    value: str
    doubt: str | None


def describe(labels: Sequence[str], marks: Sequence[Mark]) -> str:
    """``B filled, C faint or partly marked``: what is in a doubtful row, bubble by bubble."""
    words = {Mark.FILLED: "filled", Mark.DOUBTFUL: "faint or partial mark"}
    return ", ".join(f"{label} {words[m]}" for label, m in zip(labels, marks, strict=True)
                     if m is not Mark.EMPTY)


def decide_row(labels: Sequence[str], readings: Sequence[Reading]) -> Row:
    """One answer row: its letter, blank, or the rule's value with a doubt."""
    marks = [mark(reading) for reading in readings]
    filled = [label for label, m in zip(labels, marks, strict=True) if m is Mark.FILLED]
    doubtful = marks.count(Mark.DOUBTFUL)
    if not doubtful and len(filled) <= 1:
        return Row(filled[0] if filled else "", None)
    value = MULTIPLE if len(filled) + doubtful > 1 else ""
    return Row(value, describe(labels, marks))


def decide_number(columns: Sequence[Sequence[Reading]]) -> tuple[str | None, str | None]:
    """The student number from its grid (digit bubbles 0-9 per column), and a doubt.

    Columns left blank at either end are allowed (a shorter number); a blank column
    inside it, two marks in a column or a doubtful bubble make the number unreadable:
    it is then given with ``?`` for each such column.
    """
    digits: list[str] = []
    problems: list[str] = []
    for number, readings in enumerate(columns, start=1):
        marks = [mark(reading) for reading in readings]
        filled = [str(d) for d, m in enumerate(marks) if m is Mark.FILLED]
        if Mark.DOUBTFUL in marks or len(filled) > 1:
            digits.append("?")
            problems.append(f"column {number}: " + describe([str(d) for d in range(10)], marks))
        else:
            digits.append(filled[0] if filled else " ")
    used = [i for i, digit in enumerate(digits) if digit != " "]
    text = "".join(digits[used[0]: used[-1] + 1]) if used else ""
    gaps = [str(i + 1) for i in range(used[0], used[-1] + 1) if digits[i] == " "] if used else []
    if gaps:
        problems.append(f"column{'s' if len(gaps) > 1 else ''} {', '.join(gaps)} left blank "
                        "inside the number")
        text = text.replace(" ", "?")
    if not text:
        return None, "student number left blank"
    if problems:
        return text, "student number unreadable: " + "; ".join(problems)
    return text, None
