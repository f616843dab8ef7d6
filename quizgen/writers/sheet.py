"""One-page answer sheets and their marking overlays: ``sheet-A.html``, ``key-sheet-A.html``.

Every mark is drawn from ``quizgen.writers.sheet_layout`` with absolute positions in mm on a
page of exactly the paper's size (``@page { margin: 0 }``), and the same layout is
written as ``sheet-layout.json``, so a scanner reads the geometry the sheet was printed
from. Solid marks (corner marks, filled key bubbles) are drawn as borders, not
backgrounds, so they print even where a browser leaves backgrounds out.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator, Mapping, Sequence

from quizgen.outputs import OutputFile
from quizgen.plan.planner import QuizPlan, QuizVersion
from quizgen.writers.base import BuildJob, Format, OutputSettings, defer_import
from quizgen.writers.sheet_layout import AnswerBubble, Box, SheetLayout, layout_json, sheet_layout

LAYOUT_FILE = "sheet-layout.json"

STYLE = """\
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font: 10pt "Helvetica Neue", Arial, "DejaVu Sans", sans-serif; color: #000;
       print-color-adjust: exact; -webkit-print-color-adjust: exact; }
.page { position: relative; overflow: hidden; break-after: page; page-break-after: always; }
.page:last-child { break-after: auto; page-break-after: auto; }
.page > * { position: absolute; margin: 0; }
.mark { width: 0; height: 0; border-style: solid; border-color: #000; }
.b { border: solid #000; border-radius: 50%; text-align: center; color: #999;
     font-size: 5.5pt; }
.b.f { color: transparent; background: #000; }
.n { width: 10mm; height: 4mm; line-height: 4mm; text-align: right; font-size: 8pt;
     font-weight: bold; }
.h { text-align: center; font-size: 7pt; font-weight: bold; }
.line { border-bottom: 0.3mm solid #000; font-size: 9pt; padding-top: 2mm; }
.title { font-size: 12pt; font-weight: bold; white-space: nowrap; overflow: hidden;
         text-overflow: ellipsis; }
.version { border: 0.6mm solid #000; border-radius: 1.5mm; text-align: center;
           font-size: 34pt; font-weight: bold; }
.build { font-size: 8.5pt; line-height: 1.35; }
.build strong { font-size: 13pt; letter-spacing: 0.05em; }
.score { border: 0.4mm solid #000; font-size: 11pt; font-weight: bold; padding: 3.5mm 2mm; }
.instructions { font-size: 7pt; line-height: 1.3; }
.idbox { border: 0.25mm solid #000; }
.label { font-size: 7.5pt; font-weight: bold; text-align: center; }
.qr svg { display: block; width: 100%; height: 100%; }
.keyname { font-size: 14pt; font-weight: bold; letter-spacing: 0.1em; }
@media screen { body { background: #ccc; } .page { background: #fff; margin: 1em auto; } }
"""


def sheet_name(letter: str) -> str:
    """``sheet-A.html`` for version A."""
    return f"sheet-{letter}.html"


def key_sheet_name(letter: str) -> str:
    """``key-sheet-A.html`` for version A."""
    return f"key-sheet-{letter}.html"


def plan_layout(plan: QuizPlan, deck: str, output: OutputSettings) -> SheetLayout:
    """The sheet layout of a plan's quiz on the chosen paper."""
    return sheet_layout(
        deck=deck, title=plan.title, build=plan.build_id,
        versions=[version.letter for version in plan.versions],
        questions=len(plan.versions[0].questions), options=plan.settings.options,
        id_digits=output.id_digits, paper=output.paper)


def _at(box: Box, cls: str, inner: str = "", extra: str = "") -> str:
    return (f'<div class="{cls}" style="left:{box.x:.2f}mm;top:{box.y:.2f}mm;'
            f'width:{box.width:.2f}mm;height:{box.height:.2f}mm;{extra}">{inner}</div>')


def _bubble(layout: SheetLayout, x: float, y: float, r: float, text: str, filled: bool) -> str:
    """A bubble centred at (x, y): its size comes from the ``.b`` rule unless ``r`` differs.

    A long quiz draws hundreds of thousands, so each is as short as it can be.
    """
    size = "" if r == layout.bubble_radius else (
        f";width:{2 * r:.2f}mm;height:{2 * r:.2f}mm;line-height:{2 * (r - layout.ring):.2f}mm")
    return (f'<div class="b{" f" if filled else ""}" style="left:{x - r:.2f}mm;'
            f'top:{y - r:.2f}mm{size}">{text}</div>')


def bubble_style(layout: SheetLayout) -> str:
    """The size and ring of a bubble of ``layout.bubble_radius``; a filled one is solid."""
    r, ring = layout.bubble_radius, layout.ring
    return (f".b {{ width: {2 * r:.2f}mm; height: {2 * r:.2f}mm; border-width: {ring:.2f}mm;"
            f" line-height: {2 * (r - ring):.2f}mm; }}\n"
            f".b.f {{ border-width: {r:.2f}mm; }}\n")


def qr_svgs(layout: SheetLayout, letter: str) -> list[str]:
    """The QR code of each page of version ``letter``'s sheet, as inline SVG.

    segno draws each symbol (quiet zone of 4 modules included; the SVG scales to its
    box). It picks the first page's mask by the standard's penalty rules; later pages,
    whose payloads differ only in the page number, reuse it: choosing a mask is most of
    the cost of a symbol, and a quiz of thousands of questions has a page per hundred.
    """
    # segno's writers import xml.sax.saxutils for its escaping, which imports
    # urllib.request (and http.client, email, ssl) to open XML by URL: 36 ms unused.
    defer_import("urllib.request")
    import segno

    svgs: list[str] = []
    mask = None
    for page in range(1, layout.pages + 1):
        code = segno.make(layout.qr_payload(letter, page), error="m", micro=False, mask=mask)
        mask = code.mask
        svgs.append(str(code.svg_inline(border=4, omitsize=True)))
    return svgs


def _answer_labels(bubbles: Iterable[AnswerBubble], layout: SheetLayout) -> Iterator[str]:
    """Question numbers left of each row, option letters above each column of rows."""
    r = layout.bubble_radius
    for bubble in bubbles:
        if bubble.option == layout.options[0]:
            yield (f'<div class="n" style="left:{bubble.x - r - 11.0:.2f}mm;'
               f'top:{bubble.y - 2.0:.2f}mm">{bubble.question}</div>')
        if (bubble.question - 1) % layout.rows_per_column == 0:
            yield _at(Box(bubble.x - r, bubble.y - r - 4.5, 2 * r, 3.5), "h", bubble.option)


def page_html(layout: SheetLayout, version: QuizVersion, page: int, qr_svg: str,
              keys: Mapping[int, str] | None = None) -> str:
    """One printed page of ``version``'s sheet, or with ``keys``, its marking overlay.

    ``keys`` maps each question number to its key letter, whose bubble is filled.
    """
    key = keys is not None
    keys = keys or {}
    fields = layout.fields
    count = layout.questions
    parts = [
        _at(Box(m.x - m.size / 2, m.y - m.size / 2, 0, 0), "mark", "",
            f"border-width:{m.size / 2:.2f}mm") for m in layout.corner_marks
    ]
    if key:
        parts.append(_at(fields["name"], "line keyname", "ANSWER KEY"))
    else:
        parts.append(_at(fields["name"], "line", "Name"))
        parts.append(_at(fields["class"], "line", "Class"))
        parts.append(_at(fields["date"], "line", "Date"))
    pages = f"<br>Page {page} of {layout.pages}" if layout.pages > 1 else ""
    parts += [
        _at(fields["title"], "title", html.escape(layout.title)),
        _at(fields["version"], "version", version.letter,
            f"line-height:{fields['version'].height - 1.2:.2f}mm"),
        _at(fields["build"], "build",
            f"Version {version.letter}<br>Build code<br><strong>{layout.build}</strong><br>"
            f"must match the quiz{pages}"),
        _at(fields["score"], "score", f"Score ______ / {count}"),
        _at(fields["instructions"], "instructions",
            "Answer key: print on a transparency or lay beside a sheet." if key else
            "Fill one bubble per question completely with a dark pen or pencil. "
            "To change an answer, erase it fully."),
        _at(layout.qr, "qr", qr_svg),
    ]
    if layout.id_digits:
        parts.append(_at(fields["student-number"], "label", "Student number"))
        parts += [_at(fields[f"id-{column}"], "idbox")
                  for column in range(1, layout.id_digits + 1)]
        parts += [_bubble(layout, b.x, b.y, b.r, str(b.digit), False)
                  for b in layout.id_bubbles]
    bubbles = layout.page_bubbles(page)
    parts += _answer_labels(bubbles, layout)
    parts += [_bubble(layout, b.x, b.y, b.r, b.option, keys.get(b.question) == b.option)
              for b in bubbles]
    size = f"width:{layout.width}mm;height:{layout.height - 0.5:.2f}mm"
    return f'<div class="page" style="{size}">\n' + "\n".join(parts) + "\n</div>"


def sheet_document(layout: SheetLayout, version: QuizVersion, *, key: bool,
                   qr: Sequence[str] | None = None) -> bytes:
    """The HTML of every page of one version's sheet, for exactly the layout's paper.

    ``qr`` is each page's QR code (``qr_svgs``), made here unless given.
    """
    return b"".join(sheet_pieces(layout, version, key=key, qr=qr))


def sheet_pieces(layout: SheetLayout, version: QuizVersion, *, key: bool,
                 qr: Sequence[str] | None = None) -> Iterator[bytes]:
    """``sheet_document`` in UTF-8 pieces, a page at a time (a long quiz has hundreds)."""
    qr = qr or qr_svgs(layout, version.letter)
    kind = "Answer key sheet" if key else "Answer sheet"
    heading = f"{layout.title} · {kind} · Version {version.letter}"
    paper = "A4" if layout.paper == "a4" else "letter"
    yield ("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
           f"<title>{html.escape(heading)}</title>\n"
           f"<style>\n@page {{ size: {paper}; margin: 0; }}\n{STYLE}{bubble_style(layout)}"
           "</style>\n"
           "</head>\n<body>\n").encode()
    keys = {number: question.key_letter
            for number, question in enumerate(version.questions, start=1)} if key else None
    for page in range(1, layout.pages + 1):
        yield (("\n" if page > 1 else "")
               + page_html(layout, version, page, qr[page - 1], keys)).encode()
    yield b"\n</body>\n</html>\n"


def layout_pieces(layout: SheetLayout) -> Iterator[bytes]:
    """``layout_json(layout)`` in UTF-8 pieces, so its bubbles' lines are never all made.

    The layout's JSON with no bubbles is the frame: its two empty lists are the only
    blank lines in it (JSON strings escape their line breaks), and each bubble list's
    lines go where its blank line is, a comma and line break apart.
    """
    from dataclasses import replace

    from quizgen.outputs import encoded
    from quizgen.writers.sheet_layout import answer_bubble_json, id_bubble_json, option_json

    frame = layout_json(replace(layout, id_bubbles=(), answer_bubbles=()))
    head, between, tail = frame.split("\n\n")
    option = option_json(layout)

    def texts() -> Iterator[str]:
        yield head + "\n"
        for index, digit in enumerate(layout.id_bubbles):
            yield (",\n" if index else "") + id_bubble_json(digit)
        yield "\n" + between + "\n"
        for index, answer in enumerate(layout.answer_bubbles):
            yield (",\n" if index else "") + answer_bubble_json(answer, option)
        yield "\n" + tail

    return encoded(texts())


def write_sheets(plan: QuizPlan, deck: str, output: OutputSettings) -> Iterator[OutputFile]:
    """sheet-layout.json, then each version's sheet and key sheet, each written as rendered."""
    from functools import partial

    layout = plan_layout(plan, deck, output)
    yield OutputFile.streamed(LAYOUT_FILE, partial(layout_pieces, layout))
    for version in plan.versions:
        qr = qr_svgs(layout, version.letter)
        yield OutputFile.streamed(sheet_name(version.letter),
                                  partial(sheet_pieces, layout, version, key=False, qr=qr))
        yield OutputFile.streamed(key_sheet_name(version.letter),
                                  partial(sheet_pieces, layout, version, key=True, qr=qr))


def _render(job: BuildJob) -> Iterable[OutputFile]:
    return write_sheets(job.plan, job.bank.deck.id, job.output)


FORMAT = Format(
    'sheet',
    'One-page bubble answer sheet per version, its key overlay, and sheet-layout.json',
    ('sheet-{version}.html', 'key-sheet-{version}.html', LAYOUT_FILE),
    _render,
    group="quiz",
)
