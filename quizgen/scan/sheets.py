"""Pages into students: a sheet is its pages 1/n .. n/n in order, one row of responses.

The rows are exactly what ``quizgen grade`` reads (quizgen/grade/responses.py):
``student,version,build,1,...,N,doubts``, each answer a letter, blank or ``*``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from quizgen.scan.pages import PageRef
from quizgen.scan.read import Doubt, PageResult
from quizgen.writers.sheet_layout import SheetLayout


@dataclass
class Sheet:
    """One student's sheet: its pages as read, in order, and where each came from."""

    number: int
    """1-based, in scan order: names a sheet whose student number could not be read."""
    pages: list[tuple[PageRef, PageResult]] = field(default_factory=list)
    doubts: list[tuple[PageRef, Doubt]] = field(default_factory=list)

    @property
    def version(self) -> str:
        """The version letter its QR code gives."""
        return self.pages[0][1].code.version

    @property
    def student(self) -> str:
        """The student number read, or ``sheet-N`` when none could be read at all."""
        return self.pages[0][1].student or f"sheet-{self.number}"


class Collator:
    """Gathers read pages into sheets: a page 1 starts a sheet, the next pages join it."""

    def __init__(self, layout: SheetLayout) -> None:
        self.layout = layout
        self.sheets: list[Sheet] = []
        self.numbers: dict[str, Sheet] = {}
        """The sheet each student number was first read on."""

    def add(self, ref: PageRef, page: PageResult) -> Sheet:
        """Put ``page`` on its sheet (a new one for page 1, or a stray later page)."""
        current = self.sheets[-1] if self.sheets else None
        follows = (current is not None and page.code.page > 1
                   and current.pages[-1][1].code.page == page.code.page - 1
                   and current.version == page.code.version)
        if not follows or current is None:
            current = Sheet(len(self.sheets) + 1)
            self.sheets.append(current)
            first = self.numbers.setdefault(page.student, current) if page.student else current
            if first is not current:
                current.doubts.append((ref, Doubt(None, page.student or "", "the same student "
                                                  f"number as sheet {first.number}: grade "
                                                  "refuses a number twice", b"")))
            if page.code.page > 1:
                current.doubts.append((ref, Doubt(None, "", f"page {page.code.page} of "
                                                  f"{page.code.pages} without the page before "
                                                  "it: are the pages in order?", b"")))
        elif page.student != current.pages[0][1].student:
            current.doubts.append((ref, Doubt(None, page.student or "", "this page's student "
                                              "number differs from the sheet's first page",
                                              b"")))
        current.pages.append((ref, page))
        current.doubts += [(ref, doubt) for doubt in page.doubts]
        return current


def responses_csv(layout: SheetLayout, sheets: Sequence[Sheet]) -> str:
    """The responses file of ``sheets``: grade's format with a trailing ``doubts`` column."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["student", "version", "build",
                     *(str(q) for q in range(1, layout.questions + 1)), "doubts"])
    for sheet in sheets:
        answers: dict[int, str] = {}
        for _, page in sheet.pages:
            answers.update(page.answers)
        doubts = "; ".join(
            (f"{doubt.question}: " if doubt.question else "") + doubt.message
            for _, doubt in sheet.doubts)
        missing = sorted(set(range(1, layout.questions + 1)) - set(answers))
        if missing:
            doubts = "; ".join(filter(None, [doubts, f"questions {missing[0]}-{missing[-1]} "
                                             "not scanned (a page of the sheet is missing)"]))
        writer.writerow([sheet.student, sheet.version, layout.build,
                         *(answers.get(q, "") for q in range(1, layout.questions + 1)), doubts])
    return out.getvalue()
