"""Scanned answer sheets into responses: every doubtful mark shown, never guessed.

``scan(paths, layout)`` reads every page of the scans (PDFs, images) one at a time:
its corner marks and perspective (align), its way up and QR code (qr), each bubble's
darkness against the page's own blank bubbles (measure), the answers, the student
number and the doubts (decide), then gathers pages into sheets (sheets). The result
renders as grade's responses format and as a review page (review).

Needs the ``scan`` extra (OpenCV, numpy, pypdfium2); nothing outside this package
imports them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from quizgen.scan.pages import PageRef, UnreadableFile, scan_pages
from quizgen.scan.read import PageError, read_page
from quizgen.scan.review import review_html
from quizgen.scan.sheets import Collator, Sheet, responses_csv
from quizgen.writers.sheet_layout import SheetLayout


@dataclass
class ScanResult:
    """Every sheet read, the pages that could not be, and how many pages there were."""

    layout: SheetLayout
    sheets: list[Sheet] = field(default_factory=list)
    failed: list[tuple[PageRef, str]] = field(default_factory=list)
    pages: int = 0

    @property
    def doubts(self) -> int:
        """How many doubts need a look."""
        return sum(len(sheet.doubts) for sheet in self.sheets)

    def responses(self) -> str:
        """The responses file (grade's format, with a ``doubts`` column)."""
        return responses_csv(self.layout, self.sheets)

    def review(self) -> str:
        """The review page's HTML."""
        return review_html(self.layout.title, self.sheets, self.failed, self.pages)


def scan(paths: list[Path], layout: SheetLayout,
         progress: Callable[[PageRef], None] | None = None) -> ScanResult:
    """Read every page of ``paths`` against ``layout``, one at a time.

    A page that cannot be read is listed in ``failed`` with the reason; the rest are read.
    """
    result = ScanResult(layout)
    collator = Collator(layout)
    for ref, image in scan_pages(paths):
        result.pages += 1
        if progress is not None:
            progress(ref)
        if isinstance(image, UnreadableFile):
            result.failed.append((ref, str(image).removeprefix(f"{ref.path}: ")))
            continue
        try:
            page = read_page(image, layout)
        except PageError as error:
            result.failed.append((ref, str(error)))
            continue
        collator.add(ref, page)
    result.sheets = collator.sheets
    return result
