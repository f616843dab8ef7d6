"""``scores.csv`` and ``items.csv``: the class's marks and the item analysis, for spreadsheets.

Every cell that comes from the user's files (student, fact id, option text, a reason
quoting an option) passes through ``safe_cell``, so a spreadsheet never runs it as a
formula; numbers quizgen formats itself are written as they are.
"""

from __future__ import annotations

from collections.abc import Sequence

from quizgen.grade.answers import AnswerKey
from quizgen.grade.csvio import csv_bytes, safe_cell
from quizgen.grade.flags import Flag
from quizgen.grade.scoring import NOT_ASKED, StudentScore
from quizgen.grade.stats import ItemStats

SCORES_CSV = "scores.csv"
ITEMS_CSV = "items.csv"
ITEMS_HEAD = ("fact_id", "n", "p", "discrimination", "omitted", "flag", "reason")
"""The first columns of items.csv; the options and their counts follow."""
FLAG_SEPARATOR = ";"
REASON_SEPARATOR = "\n"


def number(value: float | None, digits: int = 3) -> str:
    """A figure as a cell: fixed decimals, empty when undefined."""
    return "" if value is None else f"{value:.{digits}f}"


def score_cell(score: float, formula: bool) -> str:
    """A score as a cell: an integer for number right, two decimals for formula scoring."""
    return f"{score:.2f}" if formula else str(int(score))


def scores_csv(key: AnswerKey, scores: Sequence[StudentScore], formula: bool) -> bytes:
    """``student,version,score,max,percent``, then 1/0 per fact id (empty: not asked)."""
    rows = [["student", "version", "score", "max", "percent",
             *(safe_cell(item.fact_id) for item in key.items)]]
    cell = {0: "1", NOT_ASKED: ""}  # any other choice (a distractor, blank, *) is 0
    for score in scores:
        marks = [cell.get(choice, "0") for choice in score.choices]
        rows.append([safe_cell(score.student), score.version, score_cell(score.score, formula),
                     str(score.max), f"{score.percent:.1f}", *marks])
    return csv_bytes(rows)


def items_csv(items: Sequence[ItemStats], flags: dict[str, tuple[Flag, ...]]) -> bytes:
    """One row per fact: its figures and flags, then the key and each distractor with counts.

    Option columns are ``key,key_count,distractor_1,distractor_1_count,...``, as many as
    the item with the most options needs; several flags are joined with ``;`` and their
    reasons with line breaks, in the same order.
    """
    distractors = max((len(item.options) - 1 for item in items), default=0)
    head = [*ITEMS_HEAD, "key", "key_count"]
    for index in range(1, distractors + 1):
        head += [f"distractor_{index}", f"distractor_{index}_count"]
    rows = [head]
    for item in items:
        item_flags = flags.get(item.fact_id, ())
        row = [safe_cell(item.fact_id), str(item.n), number(item.p), number(item.discrimination),
               str(item.omitted), FLAG_SEPARATOR.join(flag.name for flag in item_flags),
               safe_cell(REASON_SEPARATOR.join(flag.reason for flag in item_flags))]
        for option, count in zip(item.options, item.counts, strict=True):
            row += [safe_cell(option), str(count)]
        row += [""] * (len(head) - len(row))
        rows.append(row)
    return csv_bytes(rows)
