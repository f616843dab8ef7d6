"""The terminal summary of a graded class: one screen, the full story is in report.html."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path

from quizgen.grade.model import FactInfo, Grading

SHOWN_FLAGS = 8
"""Flagged items listed on the terminal; the rest are counted, and all are in the report."""


def grade_summary(grading: Grading, facts: dict[str, FactInfo],
                  written: Sequence[Path] = (), unchanged: Collection[Path] = ()) -> str:
    """Class figures, the flagged items with their reasons, and the files written.

    A file among ``unchanged`` was already on disk as it is: it is reported as unchanged.
    """
    stats = grading.summary
    key = grading.key
    versions = len(key.versions)
    scoring = "formula scoring" if grading.formula else "number right"
    build = f", build {key.build}" if key.build else ""

    def figure(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.2f}"

    median = f"{stats.median:.2f}" if grading.formula else f"{stats.median:g}"

    lines = [
        f"graded {stats.students} student{'s' if stats.students != 1 else ''}: {versions} "
        f"version{'s' if versions != 1 else ''} of {key.questions} questions{build}, "
        f"{scoring}",
        f"mean {stats.mean:.1f} of {stats.max_score} "
        f"({100 * stats.mean / stats.max_score:.0f}%), median {median}, "
        f"SD {stats.sd:.2f}; reliability KR-20 {figure(stats.kr20)}, SEM {figure(stats.sem)}",
    ]
    flagged = grading.flagged()
    if not flagged:
        lines.append("no item flagged")
    else:
        lines.append(f"{len(flagged)} item{'s' if len(flagged) != 1 else ''} flagged:")
        for item, flags in flagged[:SHOWN_FLAGS]:
            info = facts.get(item.fact_id)
            where = f"{info.path}:{info.line}" if info else "not in the facts file"
            lines.append(f"  {where}: {item.fact_id}: {', '.join(flag.name for flag in flags)}")
            lines.append(f"    {flags[0].reason}")
        if len(flagged) > SHOWN_FLAGS:
            lines.append(f"  ... and {len(flagged) - SHOWN_FLAGS} more in the report")
    lines += [f"{'unchanged' if path in unchanged else 'wrote'} {path}" for path in written]
    return "\n".join(lines)
