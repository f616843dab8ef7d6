"""Print-ready HTML of each quiz and key: ``quiz-A.html``, ``key-A.html``, ...

Each Markdown block is rendered with the ``markdown`` package into its own element,
styled by inline CSS (no network): a question never breaks across pages, short options
stand side by side in a CSS grid (``options_across``), and every printed page carries a
name slot, the version letter, page N of M, the title and the build code in its
margins, so a loose page names its student and a key cannot be matched to the wrong
quiz. ``@page`` sets the paper (``--paper``), so a browser prints A4 or Letter unasked.

Rendering is the writers' hot spot at scale (two blocks per question in each version),
so ``PlanPrinter`` renders each distinct piece of Markdown once, many per ``convert``,
with a ``markdown`` instance lacking the inline patterns that only unescaped user text
could trigger; and text that ``markdown`` prints as it is (``literal_html``, most text)
is not rendered or kept at all. Every page is byte-identical to converting each block alone with a
default ``Markdown`` (the print header for the quiz's, the options list classed
``across-N``, the key's grid as ``grid_html``); tests/test_quiz_writers.py checks that
on adversarial text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from quizgen.model import Bank, Fact
from quizgen.outputs import OutputFile
from quizgen.plan.planner import PlannedQuestion, QuizPlan, QuizVersion, option_letter
from quizgen.writers.base import BuildJob, Format
from quizgen.writers.blocks import ANSWER, GRID, HEADER, QUESTION, Block, inline, is_plain
from quizgen.writers.key_markdown import (
    GRID_ROW,
    answer_note_lines,
    answer_notes_markdown,
    article_citations,
    grid_rows,
    key_file_name,
    key_heading_blocks,
    sources_line,
)
from quizgen.writers.quiz_markdown import (
    numbered_questions,
    quiz_file_name,
    section_block,
)

if TYPE_CHECKING:
    from markdown import Markdown


STYLE = """\
@page { margin: 13mm 13mm 12mm; }
* { box-sizing: border-box; }
html { font: 10pt/1.22 Georgia, "DejaVu Serif", "Times New Roman", serif; color: #000; }
body { margin: 0; }
h1, h2, .badge, .grid { font-family: "Helvetica Neue", Arial, "DejaVu Sans", sans-serif; }
h1 { font-size: 16pt; margin: 0 0 0.15em; padding-right: 3em; }
h2 { font-size: 11pt; margin: 0.6em 0 0.3em; padding-bottom: 0.1em;
     border-bottom: 1px solid #888; }
p { margin: 0.25em 0; }
.header { position: relative; margin-bottom: 0.6em; }
.header p { font-family: "Helvetica Neue", Arial, "DejaVu Sans", sans-serif; font-size: 9.5pt; }
.header p:nth-of-type(1) { padding-right: 4.5em; }
.header p:nth-of-type(2) { margin: 0.8em 0 0.6em; font-size: 10.5pt; }
.header p:nth-of-type(3) { font-size: 11pt; font-weight: bold; margin-bottom: 0.5em; }
.badge { position: absolute; top: 0; right: 0; width: 2.2em; height: 2.2em;
         border: 2px solid #000; border-radius: 0.3em; font-size: 16pt; font-weight: bold;
         text-align: center; line-height: 2.1em; }
.section { break-after: avoid; page-break-after: avoid; }
.question, .answer { break-inside: avoid; page-break-inside: avoid; margin: 0 0 0.35em; }
.question p { margin: 0; }
.question ul { display: grid; grid-template-columns: repeat(var(--across, 1), minmax(0, 1fr));
               column-gap: 1.5em; row-gap: 0.1em; list-style: none; margin: 0.1em 0 0;
               padding-left: 1.6em; }
.question li { margin: 0; overflow-wrap: anywhere; }
.across-1 { --across: 1; } .across-2 { --across: 2; } .across-3 { --across: 3; }
.across-4 { --across: 4; } .across-5 { --across: 5; }
.answer ul { margin: 0.15em 0 0; padding-left: 1.6em; font-size: 9pt; color: #222; }
.answer p { margin: 0; }
.grid { break-inside: avoid; margin: 0.5em 0 1em; }
.grid table { border-collapse: collapse; font-size: 10pt; }
.grid th, .grid td { border: 1px solid #000; padding: 0.15em 0.55em; text-align: center; }
.grid td { font-weight: bold; font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; }
.grid th[scope=row] { text-align: right; font-weight: normal; }
@media screen { body { max-width: 48em; margin: 0 auto; padding: 1.5em; } }
"""

ACROSS_WIDTH = 88
"""Characters of body text one line holds on A4 (the narrower paper) in DejaVu Serif,
the widest face the font stack reaches, less the options' indent: 176 mm at ~2 mm a
character. Options are set side by side only where the longest fits its cell."""

ACROSS_GAP = 3
"""Characters between two options side by side (the 1.5em column gap)."""

WRAP_SLACK = 8
"""Characters a wrapped line may lose at its end, breaking between words."""


def options_across(options: Sequence[str]) -> int:
    """How many options to set side by side: all of them, two, or one per line.

    All in one row when the longest fits one line of a cell of that row. Else two a row
    (A B, then C D: still in reading order) when the longest fits two lines of a half-width
    cell: two rows of at most two lines never take more room than four options one a
    line. Else one a line. Chosen from the text's length, so the layout is a pure
    function of the plan; a cell that wraps more than estimated only grows taller.
    """
    longest = max(len(" ".join(option.split())) for option in options) + len("A. ")

    def cell(across: int) -> int:
        return (ACROSS_WIDTH - (across - 1) * ACROSS_GAP) // across

    if longest <= cell(len(options)):
        return len(options)
    if len(options) > 2 and longest <= 2 * cell(2) - WRAP_SLACK:
        return 2
    return 1


_WHITE_SPACE = re.compile(r"\s")
_CSS_UNSAFE = re.compile(r'["\\<>&]|[^\S ]|[^ -~\xa0-\uffff]')


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string, safe inside a ``<style>`` element.

    Each white space character becomes a space (a title on two lines prints on one);
    every other character outside a safe set (printable characters but the double quote,
    backslash, ``<``, ``>`` and ``&``) is written as a CSS escape, so no character can
    end the string (a carriage return or form feed does, unescaped) or the style element.
    """
    one_line = _WHITE_SPACE.sub(" ", text)
    return '"' + _CSS_UNSAFE.sub(_css_escape, one_line) + '"'


def _css_escape(match: re.Match[str]) -> str:
    char = match.group(0)
    if char.isprintable() and char not in '"\\<>&':
        return char
    return f"\\{ord(char):x} "


BUILD_NOTE = "quiz, key and sheet must match"
"""What the build code in every page's margin is for."""

PAPER_CSS = {"a4": "A4", "letter": "letter"}
"""The CSS ``@page`` size of each ``--paper``."""


def page_style(title: str, letter: str, build_id: str, *, paper: str = "a4",
               key: bool = False) -> str:
    """``@page`` size and margin boxes: who and which version, page N of M, the build code.

    A loose page still names its student and version, and the build code printed on
    quiz, key and sheet alike shows at a glance that they belong together.
    """
    owner = "ANSWER KEY: for the teacher" if key else "Name: ______________________________"
    return (
        f"@page {{ size: {PAPER_CSS[paper]};\n"
        f"  @top-left {{ content: {css_string(owner)}; font: 9.5pt sans-serif; }}\n"
        f"  @top-right {{ content: {css_string(f'Version {letter} · page ')} counter(page)"
        ' " of " counter(pages); font: bold 9.5pt sans-serif; }\n'
        f"  @bottom-left {{ content: {css_string(title)}; font: 8.5pt sans-serif; }}\n"
        f"  @bottom-right {{ content: {css_string(f'Build {build_id}: {BUILD_NOTE}')};"
        " font: 8.5pt sans-serif; }\n"
        "}\n"
    )


BLOCKS_PER_CONVERT = 100
"""Blocks rendered by one ``convert``. Larger chunks gain nothing, and a whole document
would be slow: the block parser pops each paragraph off the front of a list."""

FRAGMENTS_PER_CONVERT = 500
"""One-line fragments rendered by one ``convert``, as the items of one list."""

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


def render_markdown(texts: Sequence[str], renderer: Markdown) -> list[str]:
    """Each Markdown text's HTML, as ``renderer.convert`` renders the text alone."""
    separator = f"\n\n{BLOCK_BREAK}\n\n"
    rendered: list[str] = []
    for start in range(0, len(texts), BLOCKS_PER_CONVERT):
        chunk = texts[start:start + BLOCKS_PER_CONVERT]
        renderer.reset()
        parts = renderer.convert(separator.join(chunk)).split(BLOCK_BREAK)
        if len(parts) != len(chunk):
            raise RuntimeError(f"{len(chunk)} blocks rendered as {len(parts)}")
        rendered.extend(part.strip() for part in parts)
    return rendered


def render_list_items(items: Sequence[str], renderer: Markdown) -> list[str] | None:
    """The HTML inside each ``<li>`` of ``- item`` lines rendered as one tight list.

    ``None`` when an item renders as more than one line of text (a nested list, a
    heading, a rule, ...), which would need its own context to render as it would alone.
    """
    opening, closing = "<li>", "</li>"
    renderer.reset()
    lines = renderer.convert("\n".join(f"- {item}" for item in items)).split("\n")
    rendered = lines[1:-1]
    if (lines[0] != "<ul>" or lines[-1] != "</ul>" or len(rendered) != len(items)
            or not all(line.startswith(opening) and line.endswith(closing)
                       for line in rendered)):
        return None
    return [line[len(opening):-len(closing)] for line in rendered]


def render_fragments(fragments: Sequence[str], renderer: Markdown) -> list[str]:
    """The HTML of each one-line Markdown fragment as it renders after an option's letter.

    The fragments are rendered as the items of one list, ``- A. fragment``, so a fragment
    cannot start a heading, list or rule of its own; their text is escaped by ``inline``,
    so no pattern crosses from a block's own Markdown into a fragment set after it.
    """
    lead = "A. "
    rendered: list[str] = []
    for start in range(0, len(fragments), FRAGMENTS_PER_CONVERT):
        chunk = fragments[start:start + FRAGMENTS_PER_CONVERT]
        items = render_list_items([f"{lead}{fragment}" for fragment in chunk], renderer)
        if items is None or not all(item.startswith(lead) for item in items):
            raise RuntimeError("escaped one-line fragments did not render as list items")
        rendered.extend(item[len(lead):] for item in items)
    return rendered


def render_notes(notes: Sequence[tuple[str, str]], renderer: Markdown) -> list[str]:
    """The HTML of each answer's notes: the list of its explanation and its sources line.

    Each distinct sources line is rendered once, as a fragment; explanations are
    rendered as the items of one list per batch and split apart again. Where an
    explanation would render as more than text, that batch's notes are rendered whole,
    one by one.
    """
    sources = list(dict.fromkeys(source for _, source in notes))
    source_html = dict(zip(sources, render_fragments(sources, renderer), strict=True))
    rendered: list[str] = []
    for start in range(0, len(notes), FRAGMENTS_PER_CONVERT):
        chunk = notes[start:start + FRAGMENTS_PER_CONVERT]
        items = render_list_items([explanation for explanation, _ in chunk], renderer)
        if items is None:
            rendered.extend(render_markdown(
                [answer_notes_markdown(explanation, source) for explanation, source in chunk],
                renderer))
        else:
            rendered.extend(
                f"<ul>\n<li>{item}</li>\n<li>Source: {source_html[source]}</li>\n</ul>"
                for item, (_, source) in zip(items, chunk, strict=True))
    return rendered


def literal_html(text: str) -> bool:
    """Whether ``text`` is its own HTML: ``markdown`` prints its ``inline`` form unchanged.

    So it is for plain words (``is_plain``: ``inline`` leaves them as they are, and they
    hold no character any inline pattern starts with) of printable characters (the
    preprocessor drops its placeholder characters STX and ETX) without a ``>`` (which
    the serializer writes ``&gt;``), as a fragment after an option's letter and as a list
    item alike. tests/test_print_fast_paths.py checks this against ``markdown``.
    """
    return ">" not in text and text.isprintable() and is_plain(text)


def options_list_tag(options: Sequence[str]) -> str:
    """The ``<ul>`` that holds a question's options, classed by how many go side by side."""
    return f'<ul class="across-{options_across(options)}">'


def print_quiz_header(plan: QuizPlan, version: QuizVersion) -> Block:
    """The printed quiz's first lines: the Markdown header, with how to answer on paper.

    Class and date go on one line (the name goes in every page's margin), then
    the score line, and the instructions name the matching answer sheet.
    """
    count = len(version.questions)
    noun = "question" if count == 1 else "questions"
    letter = version.letter
    return Block(HEADER, f"# {inline(plan.title)}\n\n"
                         f"**Version {letter}** · {count} {noun} · build code {plan.build_id},"
                         " the same on its key and answer sheet\n\n"
                         "Class: ______________________ "
                         "Date: ______________________\n\n"
                         f"Score: ______ / {count}\n\n"
                         "Choose the one best answer to each question and circle its letter. "
                         f"If you were given answer sheet {letter}, fill in one bubble per "
                         "question there instead, and write only on the sheet.")


def grid_html(version: QuizVersion) -> str:
    """The marking grid of ``key_grid`` as an HTML table: ten letters a row, aligned."""
    columns = min(GRID_ROW, len(version.questions))
    head = "".join(f'<th scope="col">{n}</th>' for n in range(1, columns + 1))
    rows = "".join(
        f'<tr><th scope="row">{label}</th>'
        + "".join(f"<td>{cell}</td>" for cell in cells[:columns]) + "</tr>\n"
        for label, cells in grid_rows(version))
    return (f"<p><strong>Grid</strong> (row 11-20, column 3 is question 13):</p>\n"
            f'<table>\n<tr><th scope="col">Questions</th>{head}</tr>\n{rows}</table>')


class PlanPrinter:
    """HTML of a plan's blocks, rendered through ``markdown`` with each distinct piece once.

    A question's text, options and explanation recur in every version and in the key,
    with only its number, option order or key letter changed. So question and answer
    blocks are set in the HTML ``markdown`` gives them, from pieces each rendered once:
    the escaped user text and the notes under each answer. Text that is its own HTML
    (``literal_html``) is set as it is, so only the other pieces are rendered and kept
    (at 50,000 facts, keeping every piece took 17 MiB and rendering them 5 s of CPU).
    Other blocks (headings, grids) are rendered whole; tests/test_quiz_writers.py checks
    every page against converting each block alone.
    """

    def __init__(self, plan: QuizPlan, bank: Bank) -> None:
        self.plan = plan
        self._bank = bank
        self._renderer = block_renderer()
        texts = [text for text in dict.fromkeys(
            text for version in plan.versions for question in version.questions
            for text in (question.fact.question, *question.options)) if not literal_html(text)]
        self._fragment_html = dict(zip(
            texts, render_fragments([inline(text) for text in texts], self._renderer),
            strict=True))
        """The HTML of each text of the plan that is not its own (``fragment``)."""
        self._citations = article_citations(bank)
        facts = {question.fact.id: question.fact for question in plan.versions[0].questions}
        unusual = [fact for fact in facts.values() if not literal_html(fact.explanation)]
        self._notes_html = dict(zip(
            (fact.id for fact in unusual),
            render_notes([answer_note_lines(self._citations, fact) for fact in unusual],
                         self._renderer),
            strict=True))
        """The notes of each fact whose explanation is not its own HTML (``notes``)."""
        self._source_html: dict[str | tuple[str, ...], str] = {}
        """The HTML of each distinct sources line, rendered as a fragment once, by the
        article it cites (or the tuple of those it cites)."""
        self._block_html: dict[str, str] = {}

    def fragment(self, text: str) -> str:
        """The HTML of one text of the plan, as ``render_fragments`` renders it."""
        return self._fragment_html.get(text, text)  # the texts it lacks are literal

    def notes(self, fact: Fact) -> str:
        """The HTML of ``fact``'s notes, as ``render_notes`` renders them."""
        rendered = self._notes_html.get(fact.id)
        if rendered is not None:
            return rendered
        sources = fact.sources
        cited = (sources[0].article if len(sources) == 1 else  # most facts: one quote
                 tuple(dict.fromkeys(source.article for source in sources)))
        source_html = self._source_html.get(cited)
        if source_html is None:
            line = inline(sources_line(self._citations, fact))
            source_html = self._source_html[cited] = render_fragments([line], self._renderer)[0]
        return f"<ul>\n<li>{fact.explanation}</li>\n<li>Source: {source_html}</li>\n</ul>"

    def whole(self, block: Block) -> tuple[str, str]:
        """A block's kind and HTML, rendered whole (once for all versions)."""
        if block.markdown not in self._block_html:
            self._block_html[block.markdown] = render_markdown([block.markdown], self._renderer)[0]
        return block.kind, self._block_html[block.markdown]

    def question_html(self, number: int, question: PlannedQuestion) -> str:
        """A question block as ``markdown`` renders ``question_markdown``, laid out compactly.

        The one change is the options list's class, ``across-N`` (``options_across``).
        """
        options = "".join(f"<li>{option_letter(index)}. {self.fragment(option)}</li>\n"
                          for index, option in enumerate(question.options))
        return (f"<p><strong>{number}.</strong> {self.fragment(question.fact.question)}"
                f"</p>\n{options_list_tag(question.options)}\n{options}</ul>")

    def answer_html(self, number: int, question: PlannedQuestion) -> str:
        """An answer block as ``markdown`` renders ``answer_markdown``."""
        return (f"<p><strong>{number}. {question.key_letter}</strong> "
                f"{self.fragment(question.fact.answer)}</p>\n"
                f"{self.notes(question.fact)}")

    def quiz_body(self, version: QuizVersion) -> Iterator[tuple[str, str]]:
        """Each block of ``quiz_blocks`` as its kind and HTML."""
        yield self.whole(print_quiz_header(self.plan, version))
        for topic, number, question in numbered_questions(version):
            if topic is not None:
                yield self.whole(section_block(self._bank, topic))
            yield QUESTION, self.question_html(number, question)

    def key_body(self, version: QuizVersion) -> Iterator[tuple[str, str]]:
        """Each block of ``key_blocks`` as its kind and HTML."""
        for block in key_heading_blocks(self.plan, version):
            yield (GRID, grid_html(version)) if block.kind == GRID else self.whole(block)
        for number, question in enumerate(version.questions, start=1):
            yield ANSWER, self.answer_html(number, question)


def html_document(
    body: Iterable[tuple[str, str]], *, title: str, heading: str, letter: str, build_id: str,
    paper: str = "a4", key: bool = False,
) -> bytes:
    """A self-contained HTML page in UTF-8: each rendered block (kind, HTML) in its element."""
    return b"".join(html_pieces(body, title=title, heading=heading, letter=letter,
                                build_id=build_id, paper=paper, key=key))


def html_pieces(
    body: Iterable[tuple[str, str]], *, title: str, heading: str, letter: str, build_id: str,
    paper: str = "a4", key: bool = False,
) -> Iterator[bytes]:
    """``html_document`` in UTF-8 pieces, encoded as the body's blocks come.

    A whole page as one ``str`` (two bytes a character once a curly quote is in it) and
    its encoding would take several times the page's size at once.
    """
    from quizgen.outputs import encoded

    head = (
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{html.escape(heading)}</title>\n"
        f"<style>\n{STYLE}{page_style(title, letter, build_id, paper=paper, key=key)}"
        "</style>\n"
        "</head>\n<body>"
    )

    def texts() -> Iterator[str]:
        yield head
        for kind, rendered in body:
            if kind == HEADER:
                badge = f'<div class="badge" aria-label="Version {letter}">{letter}</div>'
                rendered = f"{badge}\n{rendered}"
            yield f'\n<div class="{kind}">\n{rendered}\n</div>'
        yield "\n</body>\n</html>\n"

    return encoded(texts())


def write_print_html(plan: QuizPlan, bank: Bank, paper: str = "a4") -> Iterator[OutputFile]:
    """``quiz-V.html`` and ``key-V.html`` for every version, each rendered as it is written."""
    from functools import partial

    printer = PlanPrinter(plan, bank)
    for version in plan.versions:
        yield OutputFile.streamed(quiz_file_name(version.letter, "html"),
                                  partial(printed_quiz, printer, version, paper))
        yield OutputFile.streamed(key_file_name(version.letter, "html"),
                                  partial(printed_key, printer, version, paper))


def printed_quiz(printer: PlanPrinter, version: QuizVersion, paper: str) -> Iterator[bytes]:
    """``quiz-V.html`` of ``version``, in pieces."""
    plan = printer.plan
    return html_pieces(printer.quiz_body(version), heading=f"{plan.title} · Version "
                       f"{version.letter}", title=plan.title, letter=version.letter,
                       build_id=plan.build_id, paper=paper)


def printed_key(printer: PlanPrinter, version: QuizVersion, paper: str) -> Iterator[bytes]:
    """``key-V.html`` of ``version``, in pieces."""
    plan = printer.plan
    return html_pieces(printer.key_body(version),
                       heading=f"{plan.title} · Answer key · Version {version.letter}",
                       title=plan.title, letter=version.letter, build_id=plan.build_id,
                       paper=paper, key=True)


def _render(job: BuildJob) -> Iterable[OutputFile]:
    return write_print_html(job.plan, job.bank, job.output.paper)


FORMAT = Format(
    'print-html',
    'Print-ready HTML of each quiz and key (compact, a running header, no split questions)',
    ('quiz-{version}.html', 'key-{version}.html'),
    _render,
    group="quiz",
)
