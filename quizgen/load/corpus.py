"""The articles in ``corpus/``: front matter, body, and the verbatim-quote check."""

from __future__ import annotations

import bisect
import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from quizgen.errors import DataError, Problem, file_problem
from quizgen.load.nodes import NodeReader
from quizgen.load.yamlfile import compose, read_text
from quizgen.model import Article
from quizgen.text import fold_invisible, fold_quote, invisible_characters

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FRONT_MATTER = re.compile(
    r"\A---[ \t]*\r?\n(.*?)^---[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.MULTILINE
)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n\s*")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
"""The one date form accepted (``date.fromisoformat`` also takes ``19690721``)."""
EXHAUSTIVE_WORDS = 2000
"""Articles up to this many words are searched window by window for a closest passage."""


def load_corpus(corpus_dir: Path) -> dict[str, Article]:
    """Every ``*.md`` article in ``corpus_dir`` by slug; a DataError lists every problem."""
    if not corpus_dir.exists():
        raise file_problem(corpus_dir, "corpus directory not found")
    if not corpus_dir.is_dir():
        raise file_problem(corpus_dir, "corpus must be a directory of <slug>.md articles")
    articles: dict[str, Article] = {}
    problems: list[Problem] = []
    for path in sorted(corpus_dir.glob("*.md")):
        try:
            article = read_article(path)
        except DataError as error:
            problems.extend(error.problems)
            continue
        articles[article.slug] = article
    if problems:
        raise DataError(problems)
    return articles


def read_article(path: Path) -> Article:
    """One article: front matter (title; optional title_supplied, outlet, published), body."""
    text = read_text(path)
    if not SLUG.match(path.stem):
        raise file_problem(path, f"file name '{path.stem}' must be a slug like 'my-article'")
    match = _FRONT_MATTER.match(text)
    if not match:
        raise file_problem(path, "article must start with front matter: '---', title: ..., '---'")
    reader = NodeReader(str(path), first_line=2)
    root = compose(match.group(1), path, first_line=2)
    if root is None:
        raise file_problem(path, "front matter is empty: it needs at least a title", 2)
    entries = reader.mapping(root, "front matter", ("title",),
                             ("title_supplied", "outlet", "published"))
    title = outlet = None
    published = None
    supplied: bool | None = False
    if entries is not None:
        if "title" in entries:
            title = reader.text(entries["title"][1], "title")
        if "title_supplied" in entries:
            supplied = reader.flag(entries["title_supplied"][1], "title_supplied")
        if "outlet" in entries:
            outlet = reader.text(entries["outlet"][1], "outlet")
        if "published" in entries:
            node = entries["published"][1]
            raw = reader.text(node, "published")
            try:
                if raw and not _ISO_DATE.fullmatch(raw):
                    raise ValueError(raw)
                published = date.fromisoformat(raw) if raw else None
            except ValueError:
                reader.error(node, f"published must be a date as YYYY-MM-DD, not '{raw}'")
    body = text[match.end():]
    body_line = text.count("\n", 0, match.end()) + 1
    if not body.strip():
        reader.problems.append(Problem(str(path), body_line, 1, "article body is empty"))
    if reader.problems:
        raise DataError(reader.problems)
    assert title is not None
    return Article(path.stem, title, body, path, outlet, published, body_line, bool(supplied))


def paragraph_lines(article: Article) -> list[int]:
    """The line of the file where each paragraph starts, numbered as ArticleText counts them.

    Only error messages need it, so it is computed from the body when asked.
    """
    body = article.body
    stripped = body.strip()
    offset = len(body) - len(body.lstrip())
    lines, start = [], 0
    for match in [*_PARAGRAPH_BREAK.finditer(stripped), None]:
        end = match.start() if match else len(stripped)
        if fold_quote(stripped[start:end]):
            lines.append(article.body_line + body.count("\n", 0, offset + start))
        start = match.end() if match else len(stripped)
    return lines


@dataclass
class ArticleText:
    """An article body folded for quote matching, with its paragraphs' offsets."""

    folded: str
    paragraph_starts: list[int] = field(default_factory=list)
    _last_found: int = field(default=0, repr=False, compare=False)
    """Where ``contains`` found the last quote it found."""

    @classmethod
    def of(cls, body: str) -> ArticleText:
        """Fold the body paragraph by paragraph, remembering where each one starts."""
        paragraphs = [fold_quote(p) for p in _PARAGRAPH_BREAK.split(body.strip())]
        paragraphs = [p for p in paragraphs if p]
        starts, offset = [], 0
        for paragraph in paragraphs:
            starts.append(offset)
            offset += len(paragraph) + 1
        return cls(" ".join(paragraphs), starts)

    @property
    def paragraph_count(self) -> int:
        """Number of non-empty paragraphs."""
        return len(self.paragraph_starts)

    def find(self, quote: str) -> tuple[int, int] | None:
        """Span of the folded quote in the folded body, or None when it does not occur."""
        needle = fold_quote(quote)
        start = self.folded.find(needle) if needle else -1
        return None if start < 0 else (start, start + len(needle))

    def contains(self, quote: str) -> bool:
        """``find(quote) is not None``: whether the folded quote occurs in the folded body.

        Searched first from where the last quote was found, then before it: a bank
        tends to quote an article in the article's order, and each search then reads a
        few characters rather than half the article (``str.find`` was four fifths of the
        quote check, 4.5 of 5.7 µs a quote in the synthetic bank's 10,000-character
        articles). Where a bank does not, both searches together read what one would.
        """
        needle = fold_quote(quote)
        if not needle:
            return False
        folded, last = self.folded, self._last_found
        start = folded.find(needle, last)
        if start < 0:  # an occurrence starting before ``last`` ends before this bound
            start = folded.find(needle, 0, last + len(needle) - 1)
            if start < 0:
                return False
        self._last_found = start
        return True

    def find_ignoring_case(self, quote: str) -> tuple[int, int] | None:
        """Like ``find``, but letters match in either case (for a better error message)."""
        needle = fold_quote(quote)
        match = re.search(re.escape(needle), self.folded, re.IGNORECASE) if needle else None
        return match.span() if match else None

    def paragraphs_in(self, span: tuple[int, int]) -> range:
        """Indices of the paragraphs that a span overlaps."""
        first = bisect.bisect_right(self.paragraph_starts, span[0]) - 1
        last = bisect.bisect_right(self.paragraph_starts, max(span[0], span[1] - 1)) - 1
        return range(first, last + 1)

    def closest_passage(self, quote: str) -> tuple[str, float]:
        """The passage most like ``quote`` (same number of words) and its similarity 0..1."""
        needle = fold_quote(quote)
        words = self.folded.split(" ")
        width = max(1, len(needle.split(" ")))
        if len(words) > EXHAUSTIVE_WORDS:
            return self._closest_in_long(needle, words, width)
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(needle)
        best, best_ratio = "", -1.0
        for start in range(0, max(1, len(words) - width + 1)):
            candidate = " ".join(words[start:start + width])
            matcher.set_seq1(candidate)
            if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best, best_ratio = candidate, ratio
        return best, best_ratio

    def _closest_in_long(self, needle: str, words: list[str], width: int,
                         keep: int = 8, slack: int = 2) -> tuple[str, float]:
        """``closest_passage`` for a long article: candidate windows only.

        Comparing every window's characters took 22 s for a 60-word quote in a 1 MB
        article.

        Each article word that is a word of the quote votes for the window start that
        would put it in place; the ``keep`` starts with most votes, ``slack`` words
        either side, are compared word by word, and the best one character by character.
        """
        needle_words = needle.split(" ")
        offsets: dict[str, list[int]] = {}
        for offset, word in enumerate(needle_words):
            offsets.setdefault(word, []).append(offset)
        votes: Counter[int] = Counter()
        for index, word in enumerate(words):
            for offset in offsets.get(word, ()):
                votes[index - offset] += 1
        last = max(0, len(words) - width)
        starts = sorted({min(max(0, start + shift), last) for start, _ in votes.most_common(keep)
                         for shift in range(-slack, slack + 1)}) or [0]
        by_words: difflib.SequenceMatcher[str] = difflib.SequenceMatcher(autojunk=False)
        by_words.set_seq2(needle_words)
        best_start, best_ratio = starts[0], -1.0
        for start in starts:
            by_words.set_seq1(words[start:start + width])
            if (ratio := by_words.ratio()) > best_ratio:
                best_start, best_ratio = start, ratio
        best = " ".join(words[best_start:best_start + width])
        return best, difflib.SequenceMatcher(None, best, needle, autojunk=False).ratio()

    def invisible_difference(self, quote: str) -> list[str]:
        """What alone keeps ``quote`` from matching: invisible or look-alike characters.

        Those of the quote, else of the passage it would match; empty when the quote
        differs by more than that.
        """
        needle = fold_invisible(quote)
        if not needle or needle not in fold_invisible(self.folded):
            return []
        return invisible_characters(quote) or invisible_characters(
            self.closest_passage(quote)[0]) or ["a character that looks the same"]
