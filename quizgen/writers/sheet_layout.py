"""The answer sheet's geometry: one source for the printed sheet and for any scanner.

``sheet_layout`` places every mark of a sheet in millimetres from the page's top-left
corner (x to the right, y down): the four corner marks, the QR code, the write-in
fields, the student-number grid and every answer bubble. The sheet writer draws its
HTML from this layout and writes it as ``sheet-layout.json`` (``layout_json``);
``read_layout`` turns that file back into the same dataclasses, so a scanner reads the
geometry it was printed from. README's "Answer sheets" section documents the schema.

The QR code on each page holds ``qr_payload(...)``: ``QUIZGEN-SHEET/1 <deck id>
<version> <build id> <page>/<pages>``, parsed back by ``parse_qr_payload``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, overload

from quizgen.defaults import MAX_ID_DIGITS

SCHEMA = "quizgen-sheet-layout/1"
"""The ``schema`` of sheet-layout.json; a change a reader must know about bumps it."""

QR_PREFIX = "QUIZGEN-SHEET/1"
"""The first word of every sheet's QR payload."""

PAPERS: Mapping[str, tuple[float, float]] = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
"""Width and height in mm of each ``--paper``."""

QUESTIONS_PER_PAGE = 100
ROWS_PER_COLUMN = 25

BUBBLE_RADIUS = 2.2
"""Outer radius of every bubble's ring, in mm; the ring is ``RING`` thick."""
RING = 0.3
MARK_SIZE = 6.0
"""Side of the solid square corner marks, in mm."""
MARK_INSET = 11.0
"""Distance of each corner mark's centre from the two page edges it is nearest."""
MARGIN = 20.0
"""Distance of the content (fields, grids, rows) from the page edges."""
QR_SIZE = 24.0
"""Side of the QR code's square, quiet zone included."""

BUBBLE_PITCH = 6.0
"""Centre-to-centre distance of the bubbles of one answer row or one digit row."""
MAX_ROW_PITCH = 7.0
"""Centre-to-centre distance of answer rows at most; on short paper (Letter) rows close
up so that 25 of them end 30 mm above the page's foot."""
GROUP_GAP = 1.6
"""Extra space after every fifth answer row, so a student keeps their place."""
DIGIT_PITCH = 5.4
ANSWERS_TOP = 103.0
"""Centre of the first answer row."""


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle: top-left corner, width and height, in mm."""

    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class CornerMark:
    """A solid black square near a page corner: its centre and side, in mm."""

    corner: str
    """``top-left``, ``top-right``, ``bottom-left`` or ``bottom-right``."""
    x: float
    y: float
    size: float


@dataclass(frozen=True, slots=True)
class DigitBubble:
    """One bubble of the student-number grid: ``column`` 1 is the leftmost digit."""

    column: int
    digit: int
    x: float
    y: float
    r: float


@dataclass(frozen=True, slots=True)
class AnswerBubble:
    """One answer bubble: the option letter of question ``question`` on page ``page``."""

    page: int
    question: int
    option: str
    x: float
    y: float
    r: float


Place = tuple[str, float, float, float]
"""Where one answer bubble is drawn: its option letter, centre x and y, and radius."""


@dataclass(frozen=True)
class SheetLayout:
    """Everything printed on an answer sheet that a reader needs to find, in mm."""

    deck: str
    title: str
    build: str
    versions: tuple[str, ...]
    questions: int
    options: tuple[str, ...]
    """The option letters of every question: ``("A", "B", "C", "D")`` for 4 options."""
    id_digits: int
    paper: str
    width: float
    height: float
    pages: int
    corner_marks: tuple[CornerMark, ...]
    qr: Box
    fields: Mapping[str, Box]
    """Write-in and printed areas: name, class, date, title, version, build, score,
    instructions, and ``id-1`` ... the boxes above the student-number columns."""
    id_bubbles: tuple[DigitBubble, ...]
    answer_bubbles: Sequence[AnswerBubble]
    """Every answer bubble, page by page: a tuple as read back (``read_layout``), made as
    they are read (``PagedBubbles``) as laid out by ``sheet_layout``."""
    bubble_radius: float = BUBBLE_RADIUS
    ring: float = RING
    questions_per_page: int = QUESTIONS_PER_PAGE
    rows_per_column: int = ROWS_PER_COLUMN

    def page_bubbles(self, page: int) -> tuple[AnswerBubble, ...]:
        """The answer bubbles printed on ``page`` (1-based), in the layout's order."""
        if isinstance(self.answer_bubbles, PagedBubbles):
            return self.answer_bubbles.page(page)
        return self._by_page.get(page, ())

    @cached_property
    def _by_page(self) -> dict[int, tuple[AnswerBubble, ...]]:
        pages: dict[int, list[AnswerBubble]] = {}
        for bubble in self.answer_bubbles:
            pages.setdefault(bubble.page, []).append(bubble)
        return {page: tuple(bubbles) for page, bubbles in pages.items()}

    def page_rows(self, page: int) -> list[tuple[int, Sequence[Place]]]:
        """The answer bubbles of ``page`` as rows: each question's number and places.

        In the layout's order: what the sheet draws, without making a bubble object each.
        """
        if isinstance(self.answer_bubbles, PagedBubbles):
            return self.answer_bubbles.rows(page)
        rows: list[tuple[int, list[Place]]] = []
        for bubble in self.page_bubbles(page):
            if not rows or rows[-1][0] != bubble.question:
                rows.append((bubble.question, []))
            rows[-1][1].append((bubble.option, bubble.x, bubble.y, bubble.r))
        return list(rows)

    def qr_payload(self, version: str, page: int) -> str:
        """What the QR code of ``version``'s sheet holds on ``page``."""
        return qr_payload(self.deck, version, self.build, page, self.pages)


class PagedBubbles(Sequence[AnswerBubble]):
    """The answer bubbles of ``sheet_layout``, each made as it is read.

    One page's places, question by question, are repeated on every page. A 50,000-question
    quiz has 200,000 bubbles: held as objects they took 20 MiB of a build, though each
    page differs from the first only in its numbers.
    """

    __slots__ = ("_per_question", "_places", "_questions", "_radius")

    def __init__(self, places: Sequence[Sequence[tuple[str, float, float]]], questions: int,
                 radius: float) -> None:
        self._places = tuple(tuple((letter, x, y, radius) for letter, x, y in row)
                             for row in places)
        """Each question's bubbles on a page (``Place``), by the question's place there."""
        self._questions = questions
        self._radius = radius
        self._per_question = len(self._places[0]) if self._places else 0

    def rows(self, page: int) -> list[tuple[int, Sequence[Place]]]:
        """``SheetLayout.page_rows``: each question of ``page`` and its bubbles' places."""
        first = (page - 1) * len(self._places)
        if page < 1 or first >= self._questions:
            return []
        numbers = range(first + 1, min(self._questions, first + len(self._places)) + 1)
        return list(zip(numbers, self._places[:len(numbers)], strict=True))

    def page(self, page: int) -> tuple[AnswerBubble, ...]:
        """The bubbles of ``page`` (1-based); none for a page past the last."""
        return tuple(AnswerBubble(page, number, letter, x, y, radius)
                     for number, places in self.rows(page) for letter, x, y, radius in places)

    def __iter__(self) -> Iterator[AnswerBubble]:
        for page in range(1, -(-self._questions // max(1, len(self._places))) + 1):
            yield from self.page(page)

    def __len__(self) -> int:
        return self._questions * self._per_question

    @overload
    def __getitem__(self, index: int) -> AnswerBubble: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[AnswerBubble, ...]: ...

    def __getitem__(self, index: int | slice) -> AnswerBubble | tuple[AnswerBubble, ...]:
        if isinstance(index, slice):
            return tuple(self[item] for item in range(*index.indices(len(self))))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("bubble index out of range")
        question, option = divmod(index, self._per_question)
        page, on_page = divmod(question, len(self._places))
        letter, x, y, radius = self._places[on_page][option]
        return AnswerBubble(page + 1, question + 1, letter, x, y, radius)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    def __repr__(self) -> str:
        return f"PagedBubbles({len(self)} bubbles)"


@dataclass(frozen=True)
class SheetCode:
    """What a sheet's QR code says: which deck, version, build and page it belongs to."""

    deck: str
    version: str
    build: str
    page: int
    pages: int


def qr_payload(deck: str, version: str, build: str, page: int = 1, pages: int = 1) -> str:
    """``QUIZGEN-SHEET/1 <deck> <version> <build> <page>/<pages>``: deck ids have no spaces."""
    return f"{QR_PREFIX} {deck} {version} {build} {page}/{pages}"


def parse_qr_payload(text: str) -> SheetCode | None:
    """The sheet a QR payload names, or ``None`` when it is not a quizgen sheet's."""
    words = text.split(" ")
    if len(words) != 5 or words[0] != QR_PREFIX:
        return None
    page, _, pages = words[4].partition("/")
    if not (page.isdigit() and pages.isdigit()):
        return None
    return SheetCode(words[1], words[2], words[3], int(page), int(pages))


def _mm(value: float) -> float:
    """Positions are kept to 0.01 mm: far finer than any printer, and stable in JSON."""
    return round(value, 2)


def sheet_layout(
    *, deck: str, title: str, build: str, versions: Sequence[str], questions: int,
    options: int = 4, id_digits: int = 8, paper: str = "a4",
) -> SheetLayout:
    """Place every mark of the answer sheet for ``questions`` questions on ``paper``.

    A page holds 100 questions in four columns of 25 rows; a longer quiz gets more
    pages, each with the same header, student-number grid and corner marks.
    """
    if paper not in PAPERS:
        raise ValueError(f"unknown paper {paper!r}; choose {', '.join(PAPERS)}")
    if not 0 <= id_digits <= MAX_ID_DIGITS:
        raise ValueError(f"id_digits must be 0 to {MAX_ID_DIGITS}, not {id_digits}")
    width, height = PAPERS[paper]
    left, top, right = MARGIN, MARGIN, width - MARGIN
    letters = tuple(chr(ord("A") + index) for index in range(options))
    marks = tuple(
        CornerMark(f"{vertical}-{horizontal}", _mm(x), _mm(y), MARK_SIZE)
        for vertical, y in (("top", MARK_INSET), ("bottom", height - MARK_INSET))
        for horizontal, x in (("left", MARK_INSET), ("right", width - MARK_INSET))
    )
    fields = {
        "title": Box(left, top, 95.0, 7.0),
        "name": Box(left, top + 10.0, 95.0, 8.0),
        "class": Box(left, top + 21.0, 55.0, 8.0),
        "date": Box(left + 59.0, top + 21.0, 36.0, 8.0),
        "version": Box(left, top + 33.0, 20.0, 20.0),
        "build": Box(left + 23.0, top + 33.0, 40.0, 20.0),
        "score": Box(left, top + 57.0, 48.0, 13.0),
        "instructions": Box(left + 52.0, top + 57.0, 43.0, 14.0),
    }
    qr = Box(left + 70.0, top + 31.0, QR_SIZE, QR_SIZE)
    grid_left = right - id_digits * BUBBLE_PITCH
    id_bubbles: list[DigitBubble] = []
    if id_digits:
        fields["student-number"] = Box(_mm(grid_left - 8.0), top, id_digits * BUBBLE_PITCH + 8.0,
                                       5.0)
        for column in range(1, id_digits + 1):
            x = grid_left + (column - 0.5) * BUBBLE_PITCH
            fields[f"id-{column}"] = Box(_mm(x - 2.6), top + 6.0, 5.2, 7.0)
            id_bubbles += [DigitBubble(column, digit, _mm(x), _mm(top + 17.0 + digit * DIGIT_PITCH),
                                       BUBBLE_RADIUS) for digit in range(10)]
    groups = (ROWS_PER_COLUMN - 1) // 5
    row_pitch = min(MAX_ROW_PITCH, (height - 30.0 - ANSWERS_TOP - groups * GROUP_GAP)
                    / (ROWS_PER_COLUMN - 1))
    column_pitch = (right - left) / (QUESTIONS_PER_PAGE // ROWS_PER_COLUMN)
    places = []  # one page's rows, reused by every page (a long quiz has many)
    for on_page in range(min(questions, QUESTIONS_PER_PAGE)):
        column, row = divmod(on_page, ROWS_PER_COLUMN)
        y = _mm(ANSWERS_TOP + row * row_pitch + (row // 5) * GROUP_GAP)
        first = left + column * column_pitch + 12.5
        places.append([(letter, _mm(first + k * BUBBLE_PITCH), y)
                       for k, letter in enumerate(letters)])
    return SheetLayout(
        deck=deck, title=title, build=build, versions=tuple(versions), questions=questions,
        options=letters, id_digits=id_digits, paper=paper, width=width, height=height,
        pages=max(1, -(-questions // QUESTIONS_PER_PAGE)), corner_marks=marks, qr=qr,
        fields=fields, id_bubbles=tuple(id_bubbles),
        answer_bubbles=PagedBubbles(places, questions, BUBBLE_RADIUS),
    )


def _box(box: Box) -> dict[str, float]:
    return {"x": box.x, "y": box.y, "width": box.width, "height": box.height}


def layout_json(layout: SheetLayout) -> str:
    """sheet-layout.json: the layout's fields, one bubble a line so diffs stay readable."""
    head = {
        "schema": SCHEMA,
        "units": "mm from the page's top-left corner; x to the right, y down",
        "deck": layout.deck, "title": layout.title, "build": layout.build,
        "versions": list(layout.versions),
        "qr_payload": (f"{QR_PREFIX} {layout.deck} {{version}} {layout.build} "
                       f"{{page}}/{layout.pages}"),
        "questions": layout.questions, "options": list(layout.options),
        "id_digits": layout.id_digits,
        "page": {"paper": layout.paper, "width": layout.width, "height": layout.height},
        "pages": layout.pages, "questions_per_page": layout.questions_per_page,
        "rows_per_column": layout.rows_per_column,
        "bubble_radius": layout.bubble_radius, "ring": layout.ring,
        "corner_marks": [{"corner": m.corner, "x": m.x, "y": m.y, "size": m.size}
                         for m in layout.corner_marks],
        "qr": _box(layout.qr),
        "fields": {name: _box(box) for name, box in layout.fields.items()},
    }
    text = json.dumps(head, indent=2, ensure_ascii=False)[:-2]
    id_lines = ",\n".join(id_bubble_json(bubble) for bubble in layout.id_bubbles)
    option = option_json(layout)
    answer_lines = ",\n".join(answer_bubble_json(bubble, option)
                               for bubble in layout.answer_bubbles)
    return (f"{text},\n  \"id_bubbles\": [\n{id_lines}\n  ],\n"
            f"  \"answer_bubbles\": [\n{answer_lines}\n  ]\n}}\n")


# one f-string a bubble: a long quiz has hundreds of thousands (floats print as in json)
def id_bubble_json(b: DigitBubble) -> str:
    """One line of sheet-layout.json's ``id_bubbles``."""
    return (f'    {{"column": {b.column}, "digit": {b.digit}, "x": {b.x!r}, "y": {b.y!r}, '
            f'"r": {b.r!r}}}')


def option_json(layout: SheetLayout) -> dict[str, str]:
    """Each option letter of ``layout`` as a JSON string, for ``answer_bubble_json``."""
    return {letter: json.dumps(letter) for letter in layout.options}


def answer_bubble_json(b: AnswerBubble, option: Mapping[str, str]) -> str:
    """One line of sheet-layout.json's ``answer_bubbles`` (``option``: ``option_json``)."""
    return (f'    {{"page": {b.page}, "question": {b.question}, "option": '
            f'{option.get(b.option) or json.dumps(b.option)}, "x": {b.x!r}, "y": {b.y!r}, '
            f'"r": {b.r!r}}}')


def read_layout(text: str) -> SheetLayout:
    """The layout a sheet-layout.json holds; ValueError when it is not one."""
    data: dict[str, Any] = json.loads(text)
    if data.get("schema") != SCHEMA:
        raise ValueError(f"not a {SCHEMA} file (schema {data.get('schema')!r})")

    def box(value: Mapping[str, float]) -> Box:
        return Box(value["x"], value["y"], value["width"], value["height"])

    return SheetLayout(
        deck=data["deck"], title=data["title"], build=data["build"],
        versions=tuple(data["versions"]), questions=data["questions"],
        options=tuple(data["options"]), id_digits=data["id_digits"],
        paper=data["page"]["paper"], width=data["page"]["width"],
        height=data["page"]["height"], pages=data["pages"],
        corner_marks=tuple(CornerMark(**mark) for mark in data["corner_marks"]),
        qr=box(data["qr"]),
        fields={name: box(value) for name, value in data["fields"].items()},
        id_bubbles=tuple(DigitBubble(**bubble) for bubble in data["id_bubbles"]),
        answer_bubbles=tuple(AnswerBubble(**bubble) for bubble in data["answer_bubbles"]),
        bubble_radius=data["bubble_radius"], ring=data["ring"],
        questions_per_page=data["questions_per_page"], rows_per_column=data["rows_per_column"],
    )
