"""Scanned pages, one at a time: PDF pages rasterized with pypdfium2, images with OpenCV.

A generator yields each page as a grey ``uint8`` array (0 black, 255 white) and forgets
it before the next, so memory stays flat however many pages a class's scan has.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray

DPI = 200
"""Resolution a PDF page is rasterized at: bubbles 35 px across, fast to read."""

MAX_SIDE = 2600
"""A larger image (a phone photo) is shrunk to this longest side first: 200 dpi A4."""

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp")

Grey = NDArray[np.uint8]


@dataclass(frozen=True)
class PageRef:
    """Where a page came from: its file, and its page number in a PDF (1 for an image)."""

    path: str
    page: int
    pages: int

    def __str__(self) -> str:
        return self.path if self.pages == 1 and not self.path.lower().endswith(".pdf") \
            else f"{self.path} page {self.page}"


class UnreadableFile(Exception):
    """A scan file that is neither a PDF nor an image OpenCV can read."""


def shrunk(image: Grey) -> Grey:
    """``image`` with its longest side at most ``MAX_SIDE`` (area-averaged)."""
    side = max(image.shape[:2])
    if side <= MAX_SIDE:
        return image
    scale = MAX_SIDE / side
    size = (round(image.shape[1] * scale), round(image.shape[0] * scale))
    return np.asarray(cv2.resize(image, size, interpolation=cv2.INTER_AREA), dtype=np.uint8)


def pdf_pages(path: Path, dpi: int = DPI) -> Iterator[tuple[PageRef, Grey]]:
    """Each page of the PDF at ``path``, rasterized in grey at ``dpi``."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as error:
        raise UnreadableFile(f"{path}: not a PDF that can be read ({error})") from None
    try:
        count = len(document)
        for index in range(count):
            page = document[index]
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            grey = np.array(bitmap.to_numpy(), dtype=np.uint8).reshape(bitmap.height,
                                                                        bitmap.width, -1)
            page.close()
            yield PageRef(str(path), index + 1, count), shrunk(np.ascontiguousarray(grey[:, :, 0]))
    finally:
        document.close()


def image_page(path: Path) -> Grey:
    """The image at ``path`` in grey (EXIF orientation applied, as a viewer shows it)."""
    data = np.fromfile(str(path), dtype=np.uint8)
    image = cv2.imdecode(data, cv2.IMREAD_GRAYSCALE) if data.size else None
    if image is None:
        raise UnreadableFile(f"{path}: not an image or PDF that can be read")
    return shrunk(np.asarray(image, dtype=np.uint8))


def scan_pages(paths: list[Path]) -> Iterator[tuple[PageRef, Grey | UnreadableFile]]:
    """Every page of every file in ``paths``, in order; an unreadable file as its error."""
    for path in paths:
        try:
            with path.open("rb") as file:
                is_pdf = file.read(5) == b"%PDF-"
            if is_pdf:
                yield from pdf_pages(path)
            else:
                yield PageRef(str(path), 1, 1), image_page(path)
        except UnreadableFile as error:
            yield PageRef(str(path), 1, 1), error
