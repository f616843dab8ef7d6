"""Rules of the first hour that must hold for any input, not only the examples."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen.load.corpus import SLUG, paragraph_lines, read_article
from quizgen.load.facts import load_bank
from quizgen.model import Article
from quizgen.project.articles import MAX_SLUG, ArticleDraft, slug_for
from tests.helpers import TINY

PLAIN = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9 .,;()!?'$%-]{0,40}[A-Za-z0-9.)!?]", fullmatch=True)
"""Text YAML reads as a plain scalar, as is: no ' #', no ': ', no leading indicator."""


@given(st.text(max_size=200))
def test_any_title_makes_a_valid_short_slug(title: str) -> None:
    slug = slug_for(title)
    assert SLUG.match(slug)
    assert len(slug) <= MAX_SLUG


@settings(max_examples=60, deadline=None)
@given(title=st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1,
                     max_size=80).filter(str.strip),
       outlet=st.none() | st.text(st.characters(blacklist_categories=("Cc", "Cs")),
                                  min_size=1, max_size=40).filter(str.strip))
def test_the_front_matter_written_reads_back_as_given(title: str, outlet: str | None) -> None:
    draft = ArticleDraft(Path("page.html"), "article", title, "Some text.\n", outlet)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "article.md"
        path.write_text(draft.file_text(), encoding="utf-8")
        article = read_article(path)
    assert article.title == " ".join(title.split())
    assert article.outlet == (" ".join(outlet.split()) if outlet else None)
    assert article.body == "Some text.\n"


@given(st.lists(st.tuples(st.lists(PLAIN, min_size=1, max_size=3),
                          st.integers(1, 3)), min_size=1, max_size=6),
       st.integers(0, 2))
def test_paragraph_lines_point_at_each_paragraph(paragraphs: list[tuple[list[str], int]],
                                                 leading: int) -> None:
    body = "\n" * leading + "".join("\n".join(lines) + "\n" * (1 + blanks)
                                    for lines, blanks in paragraphs)
    article = Article("a", "A", body, Path("a.md"), body_line=5)
    file_lines = ["front matter"] * 4 + body.split("\n")
    found = paragraph_lines(article)
    assert [file_lines[line - 1] for line in found] == [lines[0] for lines, _ in paragraphs]


@settings(max_examples=40, deadline=None)
@given(answer=PLAIN, comment=st.from_regex(r"[ -~]{0,30}", fullmatch=True),
       spaces=st.integers(1, 3), quoted=st.booleans())
def test_a_comment_after_an_unquoted_answer_is_always_caught(
    answer: str, comment: str, spaces: int, quoted: bool,
) -> None:
    text = (TINY / "facts.yaml").read_text(encoding="utf-8")
    value = f'"{answer}"' if quoted else answer
    edited = text.replace("    answer: Columbia\n",
                          f"    answer: {value}{' ' * spaces}#{comment}\n", 1)
    with tempfile.TemporaryDirectory() as tmp:
        facts = Path(tmp) / "facts.yaml"
        facts.write_text(edited, encoding="utf-8")
        bank = load_bank(facts, TINY / "corpus")
    fact = next(fact for fact in bank.facts if fact.id == "command-module-name")
    assert fact.answer == answer
    if quoted:
        assert fact.comment_cuts == ()
    else:
        assert fact.comment_cuts == (("answer", comment.rstrip()),)
        assert fact.where("answer.comment").column == 13 + len(answer) + spaces
