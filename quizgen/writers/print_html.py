"""Print-ready HTML of each quiz and key: ``quiz-A.html``, ``key-A.html``, ...

Each Markdown block is rendered with the ``markdown`` package into its own element,
styled by inline CSS (no network): a question never breaks across pages, and every
printed page carries the title, version letter, build id and page number in its
margins, so a key cannot be matched to the wrong quiz. The paper size is left to the
printer, so A4 and US Letter both work.

Rendering is the writers' hot spot at scale (six documents of one block per question),
so blocks are converted in chunks, split apart again at a raw HTML comment that user
text cannot produce, by a ``markdown`` instance without the inline patterns that only
unescaped user text could trigger. Each block's HTML is byte-identical to converting
it alone with a default ``Markdown``; tests/test_quiz_writers.py checks that.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from quizgen.model import Bank
from quizgen.outputs import OutputFile
from quizgen.planner import QuizPlan
from quizgen.writers.blocks import GRID, HEADER, Block
from quizgen.writers.key_markdown import key_blocks, key_file_name
from quizgen.writers.quiz_markdown import quiz_blocks, quiz_file_name

if TYPE_CHECKING:
    from markdown import Markdown

_GRID_CELL = re.compile(r"\b\d+-[A-E]\b")
"""A ``12-C`` entry of the marking grid: kept on one line when the grid wraps."""

STYLE = """\
@page { margin: 16mm 16mm 18mm; }
* { box-sizing: border-box; }
html { font: 11pt/1.4 Georgia, "DejaVu Serif", "Times New Roman", serif; color: #000; }
body { margin: 0 auto; max-width: 46em; padding: 0 0.5em; }
h1, h2, .badge, .grid { font-family: "Helvetica Neue", Arial, "DejaVu Sans", sans-serif; }
h1 { font-size: 18pt; margin: 0 0 0.2em; padding-right: 3em; }
h2 { font-size: 12pt; margin: 1.1em 0 0.4em; padding-bottom: 0.15em;
     border-bottom: 1px solid #888; }
p { margin: 0.3em 0; }
.header { position: relative; margin-bottom: 0.8em; }
.header p:nth-of-type(n+2) { margin: 0.7em 0; }
.badge { position: absolute; top: 0; right: 0; width: 2.2em; height: 2.2em;
         border: 2px solid #000; border-radius: 0.3em; font-size: 16pt; font-weight: bold;
         text-align: center; line-height: 2.1em; }
.section { break-after: avoid; page-break-after: avoid; }
.question, .answer { break-inside: avoid; page-break-inside: avoid; margin: 0 0 0.9em; }
.question ul, .answer ul { margin: 0.25em 0 0; padding-left: 1.6em; }
.question ul { list-style: none; }
.question li { margin: 0.15em 0; }
.answer ul { font-size: 10pt; color: #222; }
.grid { break-inside: avoid; border: 1px solid #000; padding: 0.4em 0.6em;
        margin: 0.6em 0 1em; word-spacing: 0.4em; }
.grid .cell { white-space: nowrap; }
@media screen { body { padding: 1.5em; } }
"""


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string, safe inside a ``<style>`` element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return '"' + escaped.replace("<", "\\3c ") + '"'


def page_style(title: str, letter: str, build_id: str) -> str:
    """``@page`` margin boxes repeating title, version, build id and page number."""
    return (
        "@page {\n"
        f"  @top-left {{ content: {css_string(title)}; font: 9pt sans-serif; }}\n"
        f"  @top-right {{ content: {css_string(f'Version {letter} · build {build_id}')};"
        " font: bold 9pt sans-serif; }\n"
        '  @bottom-center { content: "Page " counter(page) " of " counter(pages);'
        " font: 9pt sans-serif; }\n"
        "}\n"
    )


BLOCKS_PER_CONVERT = 100
"""Blocks rendered by one ``convert``. Larger chunks gain nothing, and a whole document
would be slow: the block parser pops each paragraph off the front of a list."""

BLOCK_BREAK = "<!-- quizgen:block -->"
"""Raw HTML between blocks converted together; no block contains it, since ``inline``
turns every ``<`` of user text into ``&lt;``."""

UNREACHABLE_INLINE_PATTERNS = (
    "backtick", "reference", "link", "image_link", "image_reference", "short_reference",
    "short_image_ref", "autolink", "automail", "linebreak", "html",
)
"""Inline patterns of ``markdown`` that no block can trigger: they need an unescaped
backtick, ``[`` or ``<`` (``inline`` escapes them all) or a line ending in two spaces
(user text is folded onto one line, and no block template ends a line so)."""


def block_renderer() -> Markdown:
    """A ``Markdown`` that renders writer blocks as a default one does, with fewer patterns."""
    from markdown import Markdown

    renderer = Markdown(output_format="html")
    for name in UNREACHABLE_INLINE_PATTERNS:
        renderer.inlinePatterns.deregister(name)
    return renderer


def render_blocks(blocks: Sequence[Block], renderer: Markdown) -> list[str]:
    """Each block's HTML, as ``renderer.convert`` renders the block alone."""
    separator = f"\n\n{BLOCK_BREAK}\n\n"
    rendered: list[str] = []
    for start in range(0, len(blocks), BLOCKS_PER_CONVERT):
        chunk = blocks[start:start + BLOCKS_PER_CONVERT]
        renderer.reset()
        parts = renderer.convert(separator.join(block.markdown for block in chunk)).split(
            BLOCK_BREAK)
        if len(parts) != len(chunk):
            raise RuntimeError(f"{len(chunk)} blocks rendered as {len(parts)}")
        rendered.extend(part.strip() for part in parts)
    return rendered


def html_document(
    blocks: Sequence[Block], *, title: str, heading: str, letter: str, build_id: str,
    renderer: Markdown,
) -> str:
    """A self-contained HTML page: each block rendered from Markdown in its own element."""
    body: list[str] = []
    for block, rendered in zip(blocks, render_blocks(blocks, renderer), strict=True):
        if block.kind == GRID:
            rendered = _GRID_CELL.sub(r'<span class="cell">\g<0></span>', rendered)
        if block.kind == HEADER:
            badge = f'<div class="badge" aria-label="Version {letter}">{letter}</div>'
            rendered = f"{badge}\n{rendered}"
        body.append(f'<div class="{block.kind}">\n{rendered}\n</div>')
    return (
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{html.escape(heading)}</title>\n"
        f"<style>\n{STYLE}{page_style(title, letter, build_id)}</style>\n"
        "</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


def write_print_html(plan: QuizPlan, bank: Bank) -> list[OutputFile]:
    """``quiz-V.html`` and ``key-V.html`` for every version of the plan."""
    renderer = block_renderer()
    files: list[OutputFile] = []
    for version in plan.versions:
        common = {"title": plan.title, "letter": version.letter, "build_id": plan.build_id}
        quiz = html_document(
            quiz_blocks(plan, version, bank), renderer=renderer,
            heading=f"{plan.title} · Version {version.letter}", **common,
        )
        key = html_document(
            key_blocks(plan, version, bank), renderer=renderer,
            heading=f"{plan.title} · Answer key · Version {version.letter}", **common,
        )
        files.append(OutputFile(quiz_file_name(version.letter, "html"), quiz.encode("utf-8")))
        files.append(OutputFile(key_file_name(version.letter, "html"), key.encode("utf-8")))
    return files
