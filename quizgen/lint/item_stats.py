"""Item statistics from ``quizgen grade`` as lint findings, each at its fact in facts.yaml.

``quizgen lint --item-stats grades/items.csv`` reads the flags grading wrote and puts
each where the curator edits: a suspect key at the fact's answer, a dead distractor at
that distractor, the others at the question.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from quizgen.errors import INFO, WARNING, DataError, Problem
from quizgen.grade.csvio import CsvText, unsafe_cell
from quizgen.grade.flags import (
    CHECK_KEY,
    DEAD_DISTRACTOR,
    DEAD_SHARE,
    NEGATIVE_DISCRIMINATION,
    TOO_EASY,
    TOO_HARD,
    is_dead,
)
from quizgen.grade.tables import FLAG_SEPARATOR, ITEMS_HEAD, REASON_SEPARATOR
from quizgen.lint.core import Finding
from quizgen.model import Bank, Fact


@dataclass(frozen=True)
class ItemRule:
    """How one grading flag shows in lint: its rule id, severity and the field it marks."""

    id: str
    severity: str
    field: str


ITEM_RULES = {
    CHECK_KEY: ItemRule("ITEM-CHECK-KEY", WARNING, "answer"),
    NEGATIVE_DISCRIMINATION: ItemRule("ITEM-NEGATIVE-DISCRIMINATION", WARNING, "question"),
    TOO_HARD: ItemRule("ITEM-TOO-HARD", WARNING, "question"),
    TOO_EASY: ItemRule("ITEM-TOO-EASY", INFO, "question"),
    DEAD_DISTRACTOR: ItemRule("ITEM-DEAD-DISTRACTOR", WARNING, "distractors"),
}
UNKNOWN_FACT = "ITEM-UNKNOWN-FACT"


def item_stats_findings(bank: Bank, items_csv: Path) -> list[Finding]:
    """A finding for every flag in ``items_csv``; raises DataError if it is not one."""
    source = CsvText.read(items_csv)
    records = iter(source.records())
    header = next(records, None)
    names = [cell.strip() for cell in header.cells] if header else []
    if header is None or names[: len(ITEMS_HEAD)] != list(ITEMS_HEAD):
        raise DataError([Problem(source.path, 1, 1, "not an items.csv from `quizgen grade`: "
                                                    f"its header starts {','.join(ITEMS_HEAD)}")])
    column = {name: index for index, name in enumerate(names)}
    facts = {fact.id: fact for fact in bank.facts}
    findings: list[Finding] = []
    problems: list[Problem] = []
    for record in records:
        cells = record.cells + [""] * (len(names) - len(record.cells))
        fact_id = unsafe_cell(cells[column["fact_id"]].strip())
        flags = [flag for flag in cells[column["flag"]].split(FLAG_SEPARATOR) if flag]
        if not flags:
            continue
        unknown = [flag for flag in flags if flag not in ITEM_RULES]
        if unknown:
            problems.append(source.problem(record, column["flag"], f"unknown flag "
                                           f"'{unknown[0]}': flags are {', '.join(ITEM_RULES)}"))
            continue
        fact = facts.get(fact_id)
        if fact is None:
            findings.append(Finding(source.path, record.line, 1, (
                f"fact '{fact_id}' was graded but is not in {bank.facts_path} any more: "
                "removed or renamed since the quiz"), WARNING, UNKNOWN_FACT, fact_id))
            continue
        reasons = unsafe_cell(cells[column["reason"]]).split(REASON_SEPARATOR)
        if len(reasons) != len(flags):
            reasons = [" ".join(reasons)] * len(flags)
        for flag, reason in zip(flags, reasons, strict=True):
            rule = ITEM_RULES[flag]
            for field, message in _fields(fact, rule, flag, reason, cells, column):
                where = fact.where(field)
                findings.append(Finding(str(bank.facts_path), where.line, where.column,
                                        f"{message} (from {items_csv})", rule.severity,
                                        rule.id, fact.id))
    if problems:
        raise DataError(problems)
    return findings


def _fields(fact: Fact, rule: ItemRule, flag: str, reason: str, cells: Sequence[str],
            column: dict[str, int]) -> list[tuple[str, str]]:
    """Where a flag points, with its message.

    A dead distractor that is one of the fact's own is marked at that distractor; any
    other flag at the rule's field, with the reason grading gave.
    """
    count_cell = cells[column["n"]].strip()
    n = int(count_cell) if count_cell.isdigit() else 0
    if flag != DEAD_DISTRACTOR or not n:
        return [(rule.field, reason)]
    fields = []
    index = 1
    while f"distractor_{index}" in column:
        text = unsafe_cell(cells[column[f"distractor_{index}"]].strip())
        count = cells[column[f"distractor_{index}_count"]].strip()
        if text and count.isdigit() and is_dead(int(count), n) and text in fact.distractors:
            fields.append((f"distractors.{fact.distractors.index(text)}",
                           f"distractor '{text}' was chosen by {count} of {n} students, fewer "
                           f"than {DEAD_SHARE:.0%}: replace it with a mistake students really "
                           "make"))
        index += 1
    return fields or [(rule.field, reason)]


def with_item_stats(findings: list[Finding], bank: Bank, items_csv: Path | None) -> list[Finding]:
    """``findings`` and those of ``items_csv`` (when given), in report order."""
    if items_csv is None:
        return findings
    return sorted([*findings, *item_stats_findings(bank, items_csv)], key=Finding.sort_key)
