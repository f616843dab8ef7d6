"""The writers' shortcuts give what the code they skip would give.

``literal_html`` lets the print HTML set text as it is, without rendering it through
``markdown``: it must hold only where ``markdown`` would print the text unchanged.
``PagedBubbles`` makes a sheet's answer bubbles as they are read instead of holding them.
``gift_html`` and Moodle's ``_escape_html`` give plain text back without escaping it.
``is_plain`` tests its cases one by one, as the one regular expression it replaces did.
"""

from __future__ import annotations

import html
import re
import string
from dataclasses import replace

from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown import Markdown

from quizgen.writers.blocks import _PLAIN, inline, is_plain
from quizgen.writers.classroom import one_line
from quizgen.writers.gift import gift_escape, gift_html
from quizgen.writers.moodle_xml import _escape_html
from quizgen.writers.print_html import (
    block_renderer,
    literal_html,
    render_fragments,
    render_list_items,
)
from quizgen.writers.sheet_layout import (
    PagedBubbles,
    Place,
    SheetLayout,
    layout_json,
    read_layout,
    sheet_layout,
)

TEXTS = st.text(alphabet=st.sampled_from(
    [*string.ascii_letters[:6], *"019 .,;:'\"()!?/#-+=~@%$^|{}", *"<>&*_`[]\\",
     "\x02", "\x03", "\x00", "\t", "\n", "\xa0", "\u2028", "\u200b", "é", "☃", "😀"]),
    max_size=14)
"""Mostly plain words, with every character that makes ``markdown`` print something else."""


DEFAULT = Markdown(output_format="html")
RENDERER = block_renderer()


def default_fragment(text: str) -> str:
    """How a default ``Markdown`` renders ``text`` after an option's letter, alone."""
    DEFAULT.reset()
    page = DEFAULT.convert(f"- A. {inline(text)}")
    assert page.startswith("<ul>\n<li>A. ") and page.endswith("</li>\n</ul>")
    return page[len("<ul>\n<li>A. "):-len("</li>\n</ul>")]


@settings(max_examples=400, deadline=None)
@given(text=TEXTS)
@example(text="a > b")
@example(text="a\x02b")
@example(text="1986. was")
@example(text="a #")
@example(text="Paris, France's capital (since 987)")
@example(text="l'été à Paris ☃ 😀")
def test_literal_text_renders_as_itself(text: str) -> None:
    if not literal_html(text):
        return
    assert default_fragment(text) == text
    assert render_fragments([text], RENDERER) == [text]
    assert render_list_items([text], RENDERER) == [text]


@given(text=st.text(alphabet=string.ascii_letters + " ,.'", min_size=1, max_size=20))
def test_plain_words_are_literal(text: str) -> None:
    """The shortcut does apply to ordinary prose (it is not vacuous)."""
    words = " ".join(text.split())
    if words and words[0] not in "-+" and not words[0].isdigit():
        assert literal_html(words)


def test_text_markdown_changes_is_not_literal() -> None:
    for text in ("a > b", "a & b", "a *b*", "x\x02y", "- a", "# a", "a  b", "", "tab\there"):
        assert not literal_html(text), text


@settings(max_examples=25, deadline=None)
@given(questions=st.integers(0, 250), options=st.integers(2, 5),
       paper=st.sampled_from(["a4", "letter"]))
def test_paged_bubbles_are_every_page_made_at_once(questions: int, options: int,
                                                   paper: str) -> None:
    """``PagedBubbles`` reads as the tuple of every bubble that the layout used to hold."""
    layout = sheet_layout(deck="d", title="t", build="b", versions=["A"],
                          questions=questions, options=options, paper=paper)
    bubbles = layout.answer_bubbles
    assert isinstance(bubbles, PagedBubbles)
    eager = tuple(bubbles)
    assert len(eager) == len(bubbles) == questions * options
    assert [bubble.question for bubble in eager[::options]] == list(range(1, questions + 1))
    assert all(bubble.page == (bubble.question - 1) // 100 + 1 for bubble in eager)
    assert bubbles == eager and eager == bubbles and list(eager) == list(bubbles)
    assert [bubbles[index] for index in range(len(bubbles))] == list(eager)
    assert bubbles[-1:] == eager[-1:] and bubbles[1:7:2] == eager[1:7:2]
    for page in range(0, layout.pages + 2):
        assert layout.page_bubbles(page) == tuple(b for b in eager if b.page == page)
    back = read_layout(layout_json(layout))
    assert back == layout
    def rows(layout: SheetLayout, page: int) -> list[tuple[int, list[Place]]]:
        return [(question, list(places)) for question, places in layout.page_rows(page)]

    for page in range(0, layout.pages + 2):
        assert rows(layout, page) == rows(back, page)
        assert rows(layout, page) == [
            (bubble.question, [(b.option, b.x, b.y, b.r) for b in eager
                               if b.question == bubble.question])
            for bubble in layout.page_bubbles(page) if bubble.option == "A"]
    if eager:
        moved = (*eager[:-1], replace(eager[-1], x=0.0))
        assert bubbles != moved and bubbles != eager[:-1]


@settings(max_examples=300, deadline=None)
@given(text=TEXTS)
@example(text="%50% sure")
@example(text="a%b c")
@example(text="x\u2028y")
def test_gift_text_is_escaped_as_the_long_way_does(text: str) -> None:
    escaped = html.escape(one_line(text), quote=False)
    if escaped.startswith("%"):
        escaped = "&#37;" + escaped[1:]
    assert gift_html(text) == gift_escape(escaped)


@settings(max_examples=300, deadline=None)
@given(text=TEXTS)
@example(text="a  b")
@example(text=" a")
def test_moodle_text_is_escaped_as_the_long_way_does(text: str) -> None:
    assert _escape_html(text) == html.escape(one_line(text), quote=False)


NOT_PLAIN = re.compile(r"^(?:[#>+~-]|\d{1,9}[.)])|://|www\.|@| #+$", re.IGNORECASE)
"""``is_plain``'s second test as it was: one case-blind search for every case."""


@settings(max_examples=500, deadline=None)
@given(text=st.lists(st.sampled_from(
    [*"wW.:/@# -+>~123)ab", "www.", "WwW.", "://", " ##", "\u0661", "\u0969"]),
    max_size=8).map("".join))
@example(text="1986. was")
@example(text="see www.x")
@example(text="a ##")
def test_is_plain_is_the_one_regular_expression_it_replaces(text: str) -> None:
    expected = _PLAIN.fullmatch(text) is not None and not NOT_PLAIN.search(text)
    assert is_plain(text) == expected
