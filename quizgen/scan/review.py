"""review/index.html: every doubt with a crop of its row and the page it came from.

One self-contained file (images as data: URIs, no script, no request anywhere): a
teacher opens it, checks each crop against what the responses file says, and corrects
that cell of responses.csv by hand.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence

from quizgen.scan.pages import PageRef
from quizgen.scan.sheets import Sheet

STYLE = """\
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif;
       max-width: 62rem; margin: 1.5rem auto; padding: 0 1rem; color: #111; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin: 2rem 0 .5rem; }
.sheet { border-top: 2px solid #333; padding-top: .5rem; overflow: hidden; }
.page { float: right; width: 210px; margin: 0 0 1rem 1rem; border: 1px solid #999; }
table { border-collapse: collapse; }
td, th { text-align: left; vertical-align: middle; padding: .35rem .6rem;
         border-bottom: 1px solid #ddd; }
td.value { font: bold 1.2rem ui-monospace, "DejaVu Sans Mono", monospace; }
img.crop { display: block; max-width: 100%; image-rendering: auto; }
.failed { background: #fde8e8; border-left: 4px solid #b00; padding: .5rem 1rem; }
.note { color: #444; font-style: italic; }
"""


def _img(data: bytes, mime: str, alt: str, cls: str) -> str:
    source = base64.b64encode(data).decode("ascii")
    return f'<img class="{cls}" alt="{html.escape(alt)}" src="data:{mime};base64,{source}">'


def _sheet_html(sheet: Sheet) -> str:
    where = ", ".join(str(page_ref) for page_ref, _ in sheet.pages)
    parts = [f'<section class="sheet" id="sheet-{sheet.number}">',
             f"<h2>Sheet {sheet.number}: student {html.escape(sheet.student)}, version "
             f"{html.escape(sheet.version)} <small>({html.escape(where)})</small></h2>"]
    for page_ref, page in sheet.pages:
        if page.picture:
            parts.append(_img(page.picture, "image/jpeg", f"the whole of {page_ref}", "page"))
        parts += [f'<p class="note">{html.escape(note)}</p>' for note in page.notes]
    if sheet.doubts:
        parts.append("<table><tr><th>Question</th><th>Written</th><th>Why</th>"
                     "<th>What the sheet shows</th></tr>")
        for _, doubt in sheet.doubts:
            what = "student number" if doubt.question is None and doubt.crop else (
                "page" if doubt.question is None else str(doubt.question))
            crop = _img(doubt.crop, "image/png", f"{what}: {doubt.message}", "crop") \
                if doubt.crop else ""
            written = html.escape(doubt.value) if doubt.value else "<i>blank</i>"
            parts.append(f"<tr><td>{what}</td><td class=value>{written}</td>"
                         f"<td>{html.escape(doubt.message)}</td><td>{crop}</td></tr>")
        parts.append("</table>")
    parts.append("</section>")
    return "\n".join(parts)


def review_html(title: str, sheets: Sequence[Sheet], failed: Sequence[tuple[PageRef, str]],
                pages: int) -> str:
    """The review page: failed pages first, then every sheet with a doubt or a note."""
    doubts = sum(len(sheet.doubts) for sheet in sheets)
    shown = [sheet for sheet in sheets if sheet.doubts or any(p.notes for _, p in sheet.pages)]
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
             'img-src data:; style-src \'unsafe-inline\'">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>Scan review: {html.escape(title)}</title><style>{STYLE}</style>",
             "</head><body>", f"<h1>Scan review: {html.escape(title)}</h1>",
             f"<p>{pages} page{'s' if pages != 1 else ''} scanned, {len(sheets)} sheet"
             f"{'s' if len(sheets) != 1 else ''} read, <strong>{doubts} doubt"
             f"{'s' if doubts != 1 else ''}</strong> to look at. Each doubt shows the row as "
             "scanned and what the responses file says for it: <b>*</b> counts as more than "
             "one mark, <i>blank</i> as no answer. Correct the cell in the responses file "
             "where the sheet says otherwise, then grade.</p>"]
    if failed:
        parts.append('<div class="failed"><h2>Pages that could not be read</h2><ul>')
        parts += [f"<li>{html.escape(str(ref))}: {html.escape(why)}</li>" for ref, why in failed]
        parts.append("</ul><p>Rescan them, or enter their answers by hand.</p></div>")
    parts += [_sheet_html(sheet) for sheet in shown]
    if not shown and not failed:
        parts.append("<p>Nothing to review: every mark was clear.</p>")
    parts.append("</body></html>\n")
    return "\n".join(parts)
