"""Print HTML in real Chromium and read the PDF back as a person or a scanner would.

One Chromium (Debian's, driven by Playwright through ``executable_path``) prints every
page the print tests need: ``page.pdf(prefer_css_page_size=True)`` is the printing path
of ``chromium --print-to-pdf``, so the page size comes from the file's own ``@page``.
poppler reads the result: ``pdfinfo`` for page count and size, ``pdftotext`` for each
page's text, ``pdftoppm`` for pixels.
"""

from __future__ import annotations

import contextlib
import functools
import re
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tests.tools import CHROMIUM

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

PAPER_POINTS = {"a4": (595, 842), "letter": (612, 792)}
"""PDF page size in points (rounded) of each ``--paper``."""


@dataclass(frozen=True)
class Printed:
    """A printed PDF: its path, page size in points, and each page's folded text."""

    pdf: Path
    size: tuple[int, int]
    pages: list[str]
    """Each page's text line by line across the page (``pdftotext -layout``)."""
    flows: list[str]
    """Each page's text in the order it was set (``pdftotext -raw``): a wrapped cell whole."""


class Printer:
    """One headless Chromium that prints HTML files to PDF."""

    def __init__(self, browser: Any) -> None:
        self._page = browser.new_page()

    def print(self, html_path: Path) -> Printed:
        """Print ``html_path`` to a PDF beside it, as the file's ``@page`` rules ask."""
        pdf = html_path.with_suffix(".pdf")
        self._page.goto(html_path.as_uri())
        self._page.pdf(path=str(pdf), prefer_css_page_size=True)
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                              check=True).stdout
        size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
        count = re.search(r"Pages:\s+(\d+)", info)
        assert size and count, info
        numbers = range(1, int(count[1]) + 1)
        return Printed(pdf, (round(float(size[1])), round(float(size[2]))),
                       [page_text(pdf, number) for number in numbers],
                       [page_text(pdf, number, layout=False) for number in numbers])

    def overflowing(self, html_path: Path, width_mm: float, selector: str) -> list[str]:
        """The text of each ``selector`` element wider than its box, laid out for print
        ``width_mm`` wide: text that would run past its column or off the page."""
        self._page.set_viewport_size({"width": round(width_mm * 96 / 25.4), "height": 1000})
        self._page.emulate_media(media="print")
        self._page.goto(html_path.as_uri())
        found: list[str] = self._page.evaluate(
            """selector => [...document.querySelectorAll(selector)]
                .filter(el => el.scrollWidth > el.clientWidth + 1
                              || el.getBoundingClientRect().right > innerWidth + 1)
                .map(el => el.textContent)""", selector)
        page_wide = self._page.evaluate("document.documentElement.scrollWidth <= innerWidth")
        return found if page_wide else [*found, "<the page itself>"]


@contextlib.contextmanager
def launched_printer() -> Iterator[Printer]:
    """A Chromium for the length of the ``with`` block, as a ``Printer``.

    Playwright's sync API allows one running instance at a time, so the fixture that
    holds it (in conftest.py) lives for one module, as other modules' browsers do.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield Printer(browser)
        finally:
            browser.close()


def print_to_pdf(html_path: Path) -> Path:
    """Print ``html_path`` with ``chromium --print-to-pdf``, as README shows; the PDF beside it."""
    pdf = html_path.with_suffix(".pdf")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", html_path.as_uri()],
            capture_output=True, timeout=120, check=True)
    return pdf


def page_text(pdf: Path, number: int, *, layout: bool = True) -> str:
    """One page's text, white space folded: line by line across the page, or as set.

    ``-layout`` keeps each printed line whole, so options side by side on one line read
    A, B, C, D as they do on paper; ``-raw`` reads the text in the order Chromium set it,
    so an option that wraps inside its cell reads whole, before the next one.
    """
    mode = ["-layout"] if layout else ["-raw"]
    text = subprocess.run(["pdftotext", *mode, "-f", str(number), "-l", str(number),
                           str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


def squeezed(text: str) -> str:
    """``text`` without any white space: compares text however a line wrapped or hyphenated."""
    return "".join(text.split())


@functools.lru_cache(maxsize=16)
def rasterize(pdf: Path, dpi: int, page: int = 1) -> NDArray[np.uint8]:
    """One page of ``pdf`` as a grey image (0 black, 255 white) at ``dpi``; read-only, cached."""
    import cv2

    stem = pdf.with_name(f"{pdf.stem}-{dpi}dpi-{page}")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-singlefile", "-f", str(page),
                    "-l", str(page), str(pdf), str(stem)], check=True)
    import numpy

    read = cv2.imread(str(stem.with_suffix(".png")), cv2.IMREAD_GRAYSCALE)
    assert read is not None
    image = numpy.asarray(read, dtype=numpy.uint8)
    image.flags.writeable = False
    return image
