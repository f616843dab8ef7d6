"""``quizgen add-article``: saved news pages and text files into corpus/, nothing invented."""

from __future__ import annotations

import html
import re
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizgen.cli import cli
from quizgen.load.corpus import read_article
from quizgen.project.articles import WEB_REQUIREMENTS, slug_for
from tests.helpers import DATA, REPO

PAGES = DATA / "pages"
"""Pages written the way news sites and blogs structure theirs: a cookie banner, menus,
share buttons, a newsletter box, inline and trailing related links, comments, a footer,
and the article; beside each, the corpus file add-article must make of it. After a change
to extraction (or to trafilatura), remake one with ``quizgen add-article PAGE --corpus DIR``,
read the diff against the page, and copy it over the ``.expected.md``."""

FURNITURE = ["Accept all", "Subscribe", "Share on", "Sign up", "newsletter", "MOST POPULAR",
             "More from", "Read more", "Related", "You might also like", "Comments",
             "reader_88", "Advertisement", "Privacy", "©", "Photo: Supplied", "Home",
             "Topics:", "1.2k shares"]


def add(tmp_path: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["add-article", "--corpus", str(tmp_path / "corpus"),
                                      *args])
    return result.exit_code, result.stdout, result.stderr


def visible_text(page: Path) -> str:
    """The page's text as a reader sees it: tags dropped, entities decoded, space folded."""
    text = re.sub(r"</?(?:a|em|strong|b|i|span)\b[^>]*>", "", page.read_text(encoding="utf-8"))
    text = re.sub(r"<(script|style)\b.*?</\1>|<[^>]+>", " ", text, flags=re.DOTALL)
    return " ".join(html.unescape(text).split())


@pytest.mark.parametrize("page", sorted(PAGES.glob("*.html")), ids=lambda page: page.stem)
def test_only_the_article_text_remains_word_for_word(tmp_path: Path, page: Path) -> None:
    code, _, err = add(tmp_path, str(page))
    assert code == 0, err
    [written] = (tmp_path / "corpus").iterdir()
    expected = page.with_suffix(".expected.md").read_text(encoding="utf-8")
    assert written.read_text(encoding="utf-8") == expected
    body = read_article(written).body
    for furniture in FURNITURE:
        assert furniture not in body, furniture
    page_text = visible_text(page)
    for paragraph in body.split("\n\n"):  # verbatim: each paragraph is on the page as is
        assert " ".join(paragraph.split()) in page_text, paragraph


def test_add_article_reports_what_it_filled_in_and_what_to_check(tmp_path: Path) -> None:
    page = PAGES / "coral-reef-heatwave.html"
    code, out, err = add(tmp_path, str(page))
    assert (code, err) == (0, "")
    target = tmp_path / "corpus" / "heatwave-bleaches-a-third-of-the-northern-reef.md"
    assert out == (
        f"added {target}: 5 paragraphs from {page}\n"
        "  title: Heatwave Bleaches a Third of the Northern Reef, Survey Finds  "
        "(from the page's title)\n"
        "  outlet: The Coastal Courier  (from the page's site name)\n"
        "  published: 2024-03-14  (from the page's publication date)\n"
        "Check the values above, and the text against the original: text outside the "
        "article's body (a standfirst, a caption) is left out. Then quote it word for word "
        "in facts.yaml.\n")


def test_a_page_that_names_no_outlet_or_date_gets_none(tmp_path: Path) -> None:
    """The library page mentions 'Saturday' and 'eighteen months', and has a web address
    in its footer: none of them becomes a date or an outlet."""
    code, out, _ = add(tmp_path, str(PAGES / "library-reopens.html"))
    assert code == 0
    assert ("  outlet: not stated, left out; add 'outlet: NAME' if the article names its "
            "outlet\n") in out
    assert ("  published: not stated, left out; add 'published: YYYY-MM-DD' if the article "
            "states its date\n") in out
    article = read_article(tmp_path / "corpus" / "town-library-reopens-after-flood-repairs.md")
    assert (article.outlet, article.published) == (None, None)


def test_a_site_known_only_by_its_web_address_is_no_outlet(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Flood defences finished | riverside-news.example</title>"
        '<link rel="canonical" href="https://riverside-news.example/flood"></head><body>'
        "<article><h1>Flood defences finished</h1><p>" + "The wall is 2 metres high. " * 12
        + "</p></article></body></html>", encoding="utf-8")
    code, out, _ = add(tmp_path, str(page))
    assert code == 0
    assert "outlet: not stated" in out
    assert "outlet" not in (tmp_path / "corpus" / "flood-defences-finished.md").read_text()


def test_a_text_file_is_taken_as_it_is_its_first_line_the_title(tmp_path: Path) -> None:
    source = tmp_path / "notes.txt"
    source.write_text("# Bees: a short guide\n\nA hive has one queen.\n\nWorkers are female.\n",
                      encoding="utf-8")
    code, out, _ = add(tmp_path, str(source))
    assert code == 0
    target = tmp_path / "corpus" / "bees-a-short-guide.md"
    assert target.read_text(encoding="utf-8") == (
        '---\ntitle: "Bees: a short guide"\n---\nA hive has one queen.\n\nWorkers are female.\n')
    assert "  title: Bees: a short guide  (from the first line of the file)\n" in out


def test_title_and_slug_options_keep_the_whole_text(tmp_path: Path) -> None:
    source = tmp_path / "notes.md"
    source.write_text("A hive has one queen.\n", encoding="utf-8")
    code, out, _ = add(tmp_path, str(source), "--title", "Bees", "--slug", "bees-2024")
    assert code == 0
    assert (tmp_path / "corpus" / "bees-2024.md").read_text(encoding="utf-8") == (
        '---\ntitle: "Bees"\n---\nA hive has one queen.\n')
    assert "title:" not in out.split("\n", 1)[1]  # given, so not reported as filled in


def test_a_taken_slug_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    (tmp_path / "corpus").mkdir()
    taken = tmp_path / "corpus" / "bees.md"
    taken.write_text("---\ntitle: Bees\n---\nMine.\n")
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("Wasps\n\nText.\n")
    second.write_text("Bees\n\nText.\n")
    code, _, err = add(tmp_path, str(first), str(second))
    assert code == 1
    assert err == (f"quizgen: error: {taken} already exists (from {second}); choose another "
                   "name with --slug\n")
    assert sorted(p.name for p in (tmp_path / "corpus").iterdir()) == ["bees.md"]


def test_title_with_several_files_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A\n\nText.\n")
    code, _, err = add(tmp_path, str(tmp_path / "a.txt"), str(tmp_path / "a.txt"), "--title", "X")
    assert code == 2
    assert "--title and --slug name one article: give one FILE with them" in err


def test_a_bad_slug_and_an_unknown_file_type_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A\n\nText.\n")
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
    code, _, err = add(tmp_path, str(tmp_path / "a.txt"), "--slug", "My Article")
    assert (code, err) == (1, "quizgen: error: --slug 'My Article' must be a slug like "
                              "'my-article': lower-case letters, digits and single hyphens "
                              "(e.g. 'my-article')\n")
    code, _, err = add(tmp_path, str(tmp_path / "a.pdf"))
    assert (code, err) == (1, f"quizgen: error: {tmp_path / 'a.pdf'}: add-article reads .html "
                              "pages saved from a browser and .txt or .md files, not '.pdf'\n")


def test_without_the_web_extra_it_says_exactly_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import trafilatura now fails
    code, out, err = add(tmp_path, str(PAGES / "library-reopens.html"))
    assert (code, out) == (2, "")
    assert err == (
        "quizgen: error: reading .html pages needs quizgen's optional 'web' extra, which is "
        "not installed. Install it with:\n"
        f"  {sys.executable} -m pip install 'trafilatura>=1.12' 'lxml_html_clean>=0.1'\n"
        "(with pipx: pipx inject quizgen 'trafilatura>=1.12' 'lxml_html_clean>=0.1'), or save "
        "the article's text as a .txt file and add that.\n")
    assert not (tmp_path / "corpus").exists()


def test_the_message_names_what_the_web_extra_installs() -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert tuple(pyproject["project"]["optional-dependencies"]["web"]) == WEB_REQUIREMENTS


@pytest.mark.parametrize(("title", "slug"), [
    ("Free school meals linked to better attendance, study says",
     "free-school-meals-linked-to-better-attendance"),
    ("Café culture: Zürich\u2019s 100 best", "cafe-culture-zurichs-100-best"),
    ("Zürich's best", "zurichs-best"),
    ("日本の記事", "article"),
    ("x" * 60, "x" * 48),
])
def test_slugs_are_short_ascii_and_cut_at_a_word(title: str, slug: str) -> None:
    assert slug_for(title) == slug
    assert len(slug) <= 48


def test_a_page_saved_in_another_encoding_keeps_its_letters(tmp_path: Path) -> None:
    page = tmp_path / "cafe.html"
    paragraph = ("The caf\u00e9 on Mill Lane has been open since 1962, and its owners say the "
                 "new rent is \u201cimpossible\u201d for a small business.")
    page.write_bytes((
        '<html><head><meta charset="windows-1252"><title>Caf\u00e9 owners fight rent rise'
        "</title></head><body><nav><a href='/'>Home</a></nav><article><h1>Caf\u00e9 owners "
        f"fight rent rise</h1><p>{paragraph}</p><p>The council meets on 3 May.</p></article>"
        "</body></html>").encode("cp1252"))
    code, _, err = add(tmp_path, str(page))
    assert code == 0, err
    assert (tmp_path / "corpus" / "cafe-owners-fight-rent-rise.md").read_text(
        encoding="utf-8") == (f'---\ntitle: "Caf\u00e9 owners fight rent rise"\n---\n'
                              f"{paragraph}\n\nThe council meets on 3 May.\n")


def test_a_page_without_text_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "index.html"
    page.write_text("<html><head><title>Gallery</title></head><body><div><img src='a.jpg'>"
                    "<img src='b.jpg'></div></body></html>", encoding="utf-8")
    code, _, err = add(tmp_path, str(page))
    assert code == 1
    assert err == (f"quizgen: error: {page}: no article text found in the page; save it again "
                   "with the article showing, or copy the text into a .txt file\n")


def test_a_file_with_front_matter_is_not_added_twice_over(tmp_path: Path) -> None:
    source = tmp_path / "ready.md"
    source.write_text("---\ntitle: Ready\n---\nText.\n", encoding="utf-8")
    code, _, err = add(tmp_path, str(source))
    assert code == 1
    assert err == (f"quizgen: error: {source}: already has front matter: copy it into corpus/ "
                   "as it is, or remove the front matter to add it as text\n")
