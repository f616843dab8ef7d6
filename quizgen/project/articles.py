"""Add an article to ``corpus/``: a saved web page or a text file, with its front matter.

From a page saved by a browser, trafilatura (the optional ``web`` extra) finds the
article text among the site's furniture (menus, share buttons, newsletter boxes,
related links) and reads its title, site name and date from the page's metadata.
Nothing is invented: an outlet or a date the page does not state is left out, and
every value filled in is reported, with where it came from, for the curator to check.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from quizgen.errors import QuizgenError
from quizgen.load.corpus import SLUG
from quizgen.text import fold_quote, slugify

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown"})
MAX_SLUG = 48
"""Slugs made from titles stop at a word boundary before this many characters."""

WEB_REQUIREMENTS = ("trafilatura>=1.12", "lxml_html_clean>=0.1")
"""What the ``web`` extra installs (pyproject.toml); named in the message when missing."""

# htmldate (trafilatura's date finder) guesses from the page's text when allowed to;
# quizgen takes only a date the page states in its metadata or <time> elements.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


class ArticleError(QuizgenError):
    """An article cannot be added: unreadable, no text found, or its slug is taken."""


class MissingExtra(QuizgenError):
    """Reading a web page needs trafilatura, which is not installed."""

    def __init__(self, requirements: Sequence[str]) -> None:
        self.requirements = tuple(requirements)
        """What to install, as pip requirements."""
        super().__init__(f"reading web pages needs {', '.join(self.requirements)}")


@dataclass(frozen=True)
class Filled:
    """One front-matter value add-article set, and where it came from."""

    key: str
    value: str
    origin: str


@dataclass(frozen=True)
class ArticleDraft:
    """An article ready to be written to ``corpus/<slug>.md``."""

    source: Path
    slug: str
    title: str
    body: str
    outlet: str | None = None
    published: date | None = None
    filled: tuple[Filled, ...] = ()
    """Values taken from the page, for the curator to check."""
    missing: tuple[str, ...] = ()
    """Front-matter keys left out because the source does not state them."""

    @property
    def paragraphs(self) -> int:
        """How many paragraphs the body has."""
        return len([p for p in re.split(r"\n[ \t]*\n", self.body) if p.strip()])

    def file_text(self) -> str:
        """The corpus file: YAML front matter, then the body."""
        lines = ["---", f"title: {_yaml_string(self.title)}"]
        if self.outlet:
            lines.append(f"outlet: {_yaml_string(self.outlet)}")
        if self.published:
            lines.append(f"published: {self.published.isoformat()}")
        lines.append("---")
        return "\n".join(lines) + "\n" + self.body.strip("\n") + "\n"


def slug_for(title: str) -> str:
    """A short slug from a title: its words, cut at a hyphen before MAX_SLUG characters."""
    ascii_title = unicodedata.normalize("NFKD", re.sub(r"['\u2019]", "", title))
    ascii_title = ascii_title.encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-") or "article"
    if len(slug) > MAX_SLUG:
        cut = slug[:MAX_SLUG + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else slug[:MAX_SLUG]
    return slug


def draft_from_text(text: str, source: Path, title: str | None = None,
                    slug: str | None = None) -> ArticleDraft:
    """An article from plain text or Markdown, taken as it is.

    The title is ``title``, else the first non-empty line (a Markdown ``# `` removed),
    which then leaves the body.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if text.startswith("---\n"):
        raise ArticleError(f"{source}: already has front matter: copy it into corpus/ as it "
                           "is, or remove the front matter to add it as text")
    filled: list[Filled] = []
    body = text
    if title is None:
        first, _, body = text.strip("\n").partition("\n")
        title = re.sub(r"^#+\s+", "", first).strip()
        filled.append(Filled("title", title, "the first line of the file"))
    if not title:
        raise ArticleError(f"{source}: no title: give one with --title")
    if not body.strip():
        raise ArticleError(f"{source}: no article text after the title line")
    return _draft(source, slug, title, body.strip("\n"), None, None, filled)


def draft_from_html(data: bytes, source: Path, title: str | None = None,
                    slug: str | None = None) -> ArticleDraft:
    """The article of a saved web page: its text, title, site name and date.

    Raises MissingExtra when trafilatura is not installed, ArticleError when the page
    has no article text.
    """
    try:
        import trafilatura
        from trafilatura.metadata import extract_metadata
        from trafilatura.utils import load_html
    except ImportError as exc:
        raise MissingExtra(WEB_REQUIREMENTS) from exc

    tree = load_html(data)  # decodes as the page declares (a saved page need not be UTF-8)
    if tree is None:
        raise ArticleError(f"{source}: not an HTML page")
    meta = extract_metadata(tree, date_config=dict(_DATE_PARAMS))  # before extract prunes
    text = trafilatura.extract(
        tree, output_format="txt", include_comments=False, include_tables=False,
        favor_precision=True, deduplicate=False, date_extraction_params=_DATE_PARAMS)
    if not text or not text.strip():
        raise ArticleError(f"{source}: no article text found in the page; save it again "
                           "with the article showing, or copy the text into a .txt file")
    filled: list[Filled] = []
    if title is None:
        title = (meta.title or "").strip()
        if not title:
            raise ArticleError(f"{source}: the page names no title: give one with --title")
        filled.append(Filled("title", title, "the page's title"))
    paragraphs = [line.strip() for line in text.split("\n") if line.strip()]
    if paragraphs and fold_quote(paragraphs[0]).casefold() == fold_quote(title).casefold():
        paragraphs = paragraphs[1:]  # the headline, already the title
    outlet = (meta.sitename or "").strip() or None
    if outlet and "." in outlet and " " not in outlet:
        outlet = None  # a web address, not the outlet's name as the article gives it
    if outlet:
        filled.append(Filled("outlet", outlet, "the page's site name"))
    published = date.fromisoformat(meta.date[:10]) if meta.date else None
    if published:
        filled.append(Filled("published", published.isoformat(),
                             "the page's publication date"))
    return _draft(source, slug, title, "\n\n".join(paragraphs), outlet, published, filled)


def _draft(source: Path, slug: str | None, title: str, body: str, outlet: str | None,
           published: date | None, filled: list[Filled]) -> ArticleDraft:
    if slug is None:
        slug = slug_for(title)
    elif not SLUG.match(slug):
        raise ArticleError(f"--slug '{slug}' must be a slug like 'my-article': lower-case "
                           f"letters, digits and single hyphens (e.g. '{slugify(slug)}')")
    missing = tuple(key for key, value in (("outlet", outlet), ("published", published))
                    if value is None)
    return ArticleDraft(source, slug, title, body, outlet, published, tuple(filled), missing)


def read_draft(path: Path, title: str | None = None, slug: str | None = None) -> ArticleDraft:
    """An article from a saved page (.html) or a text file (.txt, .md)."""
    suffix = path.suffix.lower()
    if suffix not in HTML_SUFFIXES | TEXT_SUFFIXES:
        raise ArticleError(f"{path}: add-article reads .html pages saved from a browser and "
                           f".txt or .md files, not '{path.suffix or path.name}'")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleError(f"{path}: cannot read: {exc.strerror}") from None
    if suffix in HTML_SUFFIXES:
        return draft_from_html(data, path, title, slug)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ArticleError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    return draft_from_text(text, path, title, slug)


def add_articles(paths: Sequence[Path], corpus: Path, title: str | None = None,
                 slug: str | None = None) -> list[tuple[ArticleDraft, Path]]:
    """Read every file, then write each to ``corpus/<slug>.md``: all of them or none.

    Raises ArticleError before writing anything when a file cannot be read or a slug
    is already taken (in ``corpus`` or by another of ``paths``).
    """
    drafts = [read_draft(path, title, slug) for path in paths]
    seen: dict[str, Path] = {}
    for draft in drafts:
        target = corpus / f"{draft.slug}.md"
        if target.exists():
            raise ArticleError(f"{target} already exists (from {draft.source}); "
                               "choose another name with --slug")
        if draft.slug in seen:
            raise ArticleError(f"{seen[draft.slug]} and {draft.source} both make {target}; "
                               "add them one at a time with --slug")
        seen[draft.slug] = draft.source
    added = []
    try:
        corpus.mkdir(parents=True, exist_ok=True)
        for draft in drafts:
            target = corpus / f"{draft.slug}.md"
            with target.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(draft.file_text())
            added.append((draft, target))
    except OSError as exc:
        raise ArticleError(f"cannot write {exc.filename or corpus}: {exc.strerror}") from None
    return added


def _yaml_string(text: str) -> str:
    """``text`` as a YAML double-quoted scalar (JSON's escapes are YAML's)."""
    import json

    return json.dumps(" ".join(text.split()), ensure_ascii=False)
