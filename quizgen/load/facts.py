"""Load facts.yaml and the corpus into a verified Bank, reporting every problem at once."""

from __future__ import annotations

import dataclasses
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from quizgen.errors import DataError, Problem
from quizgen.forked import Forked
from quizgen.load.corpus import ArticleText, load_corpus, paragraph_lines
from quizgen.load.halves import Packed, Split, packed, split_point, unpacked
from quizgen.load.nodes import MappingKeys, NodeReader, plain_entries
from quizgen.load.plainfact import (
    FACT_OPTIONAL,
    FACT_REQUIRED,
    MAX_ID_LENGTH,
    TEXT_FIELDS,
    cloze_problem,
    is_slug,
    item_key,
    plain_fact,
)
from quizgen.load.yamlfile import DocumentStream, StreamedSequenceNode, read_source
from quizgen.model import (
    DEFAULT_LEVEL,
    LEVELS,
    Article,
    Bank,
    DeckInfo,
    Fact,
    Position,
    PositionMap,
    Source,
    Topic,
)
from quizgen.text import did_you_mean, normalize_option, slugify

RULE_ID = re.compile(r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*$")
_SOURCE_KEYS = ("article", "quote")
NO_PROJECT_HINT = "To start a new project here, run: quizgen init"
_COMMENT_AFTER = re.compile(r"[ \t]+#([^\n]*)")
"""What follows a plain scalar that a same-line comment cut short: YAML drops it silently."""
_COMMENT_AFTER_BYTES = re.compile(_COMMENT_AFTER.pattern.encode("ascii"))


def load_bank(facts_path: Path, corpus_dir: Path) -> Bank:
    """Read, validate and verify ``facts_path`` against the articles in ``corpus_dir``.

    Raises DataError listing every problem in both, sorted by file and line.
    """
    return _load_bank(facts_path, corpus_dir)


def _load_bank(facts_path: Path, corpus_dir: Path) -> Bank:
    problems: list[Problem] = []
    articles: dict[str, Article] | None
    try:
        articles = load_corpus(corpus_dir)
    except DataError as error:
        problems.extend(error.problems)
        articles = None
    try:
        data, text = read_source(facts_path)
    except DataError as error:
        missing = not facts_path.exists()
        raise DataError(problems + error.problems,
                        hint=NO_PROJECT_HINT if missing else "") from None
    if articles is not None and (split := split_point(data)) is not None:
        bank = _read_halves(data, text is None, split, facts_path, articles)
        if bank is not None:
            return bank
    # An ASCII file is read from its bytes alone: holding its text as well took 20 MB
    # more at the peak of loading 50,000 facts.
    reader = _FactsReader(str(facts_path), articles, data if text is None else text)
    del text
    bank, read_problems = _read(reader, data, facts_path)
    problems.extend(read_problems)
    if problems or bank is None:
        raise DataError(problems)
    return bank


def _read(reader: _FactsReader, data: bytes, facts_path: Path) -> tuple[Bank | None, list[Problem]]:
    """The bank ``reader`` reads from ``data`` (None when it cannot), and the problems."""
    problems: list[Problem] = []
    bank = document = None
    try:
        document = DocumentStream(data, facts_path, streamed_key="facts")
        bank = reader.read(document, facts_path)
    except DataError as error:  # a syntax error ends the file: report what came before
        problems.extend(error.problems)
        cut = document.cut_from if document else None
        if cut is not None:
            reader.problems = [p for p in reader.problems if p.line < cut]
    problems.extend(reader.problems)
    problems.extend(document.problems if document else ())
    return bank, problems


def _read_halves(data: bytes, ascii_only: bool, split: Split, facts_path: Path,
                 articles: dict[str, Article]) -> Bank | None:
    """The bank, its facts read in two halves at once (see ``halves``); None on a problem.

    A forked process reads the tail and sends its facts back (``halves.packed``); this
    one reads the head. At 50,000 facts, loading takes about a third less wall time
    (3.9-4.5 s rather than 5.1-6.0 s). A file with a problem is read three times (each
    half, then the whole, for its messages): slower, but only until it is fixed.
    """
    def read(part: bytes) -> Bank | None:
        reader = _FactsReader(str(facts_path), articles,
                              part if ascii_only else part.decode("utf-8"))
        bank, problems = _read(reader, part, facts_path)
        return None if problems else bank

    def read_tail() -> tuple[Packed, dict[str, str]] | None:
        bank = read(split.tail(data))
        return None if bank is None else (packed(bank.facts), bank.option_keys)

    with Forked(read_tail) as tail:
        head = read(split.head(data))
        if head is None:
            return None
        read_tail_facts = tail.result()
    if read_tail_facts is None:
        return None
    columns, keys = read_tail_facts
    facts = unpacked(columns)
    ids = {fact.id for fact in head.facts}
    if any(fact.id in ids for fact in facts):
        return None  # the whole file's reading names both places
    for text, key in keys.items():
        head.option_keys.setdefault(text, key)
    return dataclasses.replace(head, facts=head.facts + facts)


class _FactsReader(NodeReader):
    """Validates the facts.yaml node tree against the schema and the corpus."""

    def __init__(self, path: str, articles: dict[str, Article] | None,
                 text: str | bytes = "") -> None:
        super().__init__(path)
        self.articles = articles
        has_comment = b"#" in text if isinstance(text, bytes) else "#" in text
        self.source = text if has_comment else ""
        """The file's text (or, when it is ASCII, its bytes: the same offsets), kept only
        when it has a comment that may cut a text field."""
        self.texts: dict[str, ArticleText] = {}
        self.topic_ids: list[str] = []
        self.topic_set: frozenset[str] = frozenset()
        self.kinds: set[str] = set()
        """Kinds already seen to be slugs (plainfact.py): a few recur in every fact."""
        self._normalized: dict[str, str] = {}
        shared: dict[str, str] = {}
        self.share = shared.setdefault
        """One copy of each text that recurs across facts (kinds, topics, slugs, options):
        ``share(text, text)``. The synthetic 50,000-fact bank's answers and distractors
        are 25,000 texts in 250,000 strings; sharing them took a quarter off its memory."""

    def read(self, document: DocumentStream, facts_path: Path) -> Bank | None:
        """Read the whole document into a Bank, or None when there were problems.

        Facts are read one at a time as the parser reaches them, so their node trees
        never all exist at once; only when they come before ``topics`` (which they
        are checked against) are they composed first and read at the end.
        """
        root = document.root
        if root is None:
            self.problems.append(Problem(
                self.path, 1, 1, "file is empty: expected 'deck', 'topics' and 'facts'"))
            return None
        if not isinstance(root, yaml.MappingNode):
            self.mapping(root, "facts file")
            return None
        keys = MappingKeys(self, "facts file", ("deck", "topics", "facts"))
        deck: DeckInfo | None = None
        topics: tuple[Topic, ...] = ()
        facts: tuple[Fact, ...] = ()
        facts_before_topics: yaml.Node | None = None
        for key_node, value_node in document.entries():
            key = keys.accept(key_node, value_node)
            if key == "deck":
                deck = self.deck(value_node)
            elif key == "topics":
                topics = self.topics(value_node)
                self.topic_ids = [topic.id for topic in topics]
                self.topic_set = frozenset(self.topic_ids)
            elif key == "facts" and "topics" in keys.entries:
                facts = self.facts(value_node)
            elif key == "facts":
                facts_before_topics = _composed_whole(value_node)
        keys.finish(root)
        if facts_before_topics is not None:
            facts = self.facts(facts_before_topics)
        if deck is None or self.problems:
            return None
        return Bank(deck, topics, facts, self.articles or {}, facts_path, self._normalized)

    def deck(self, node: yaml.Node) -> DeckInfo | None:
        entries = self.mapping(node, "deck", ("title",), ("id", "description"))
        if entries is None or "title" not in entries:
            return None
        title = self.text(entries["title"][1], "deck title")
        description = ""
        if "description" in entries:
            description = self.text(entries["description"][1], "deck description") or ""
        deck_id = slugify(title or "")
        if "id" in entries:
            deck_id = self.slug(entries["id"][1], "deck id") or deck_id
        return DeckInfo(deck_id, title, description) if title else None

    def topics(self, node: yaml.Node) -> tuple[Topic, ...]:
        entries = self.mapping(node, "topics", optional=None)
        if entries is None:
            return ()
        if not entries:
            self.error(node, "topics: define at least one, e.g. 'economics: Costs and markets'")
        topics = []
        for name, (key_node, value_node) in entries.items():
            topic_id = self.slug(key_node, "topic id")
            description = self.text(value_node, f"description of topic '{name}'")
            if topic_id and description:
                topics.append(Topic(topic_id, description))
        return tuple(topics)

    def facts(self, node: yaml.Node) -> tuple[Fact, ...]:
        # A streamed list hands each well-formed fact over already read (plainfact.py).
        items: Iterable[yaml.Node | Fact] = node.read(self.plain) if isinstance(
            node, StreamedSequenceNode) else self.sequence(node, "facts")
        facts: list[Fact] = []
        seen: dict[str, int] = {}
        index = -1
        for index, item in enumerate(items):
            fact = item if isinstance(item, Fact) else self.fact(item, index)
            if fact is None:
                continue
            if fact.id in seen:
                first = seen[fact.id]
                self.problems.append(Problem(
                    self.path, fact.position.line, fact.position.column,
                    f"duplicate fact id '{fact.id}' (first used on line {first})"))
                continue
            seen[fact.id] = fact.position.line
            facts.append(fact)
        if isinstance(node, yaml.SequenceNode) and index < 0:
            self.error(node, "facts: the list is empty; add at least one fact")
        return tuple(facts)

    def plain(self, events: list[Any]) -> Fact | None:
        """The fact of a plain item's parse events when it is well formed, else None."""
        return plain_fact(self, events)

    def fact(self, node: yaml.Node, index: int) -> Fact | None:
        entries = plain_entries(node, FACT_REQUIRED, FACT_OPTIONAL) or self.mapping(
            node, _fact_label(node, index), FACT_REQUIRED, FACT_OPTIONAL)
        if entries is None:
            return None
        # Field positions as (key, line, column) in two flat lists, packed by PositionMap:
        # making 14 Position objects a fact, to pack and drop, took a twentieth of loading.
        keys: list[str] = []
        numbers: list[int] = []
        values: dict[str, str | None] = {}
        cuts: list[tuple[str, str]] = []
        for key in TEXT_FIELDS:
            if key in entries:
                value_node = entries[key][1]
                values[key] = self.text(value_node, key)
                keys.append(key)
                numbers += (value_node.start_mark.line + self.first_line,
                            value_node.start_mark.column + 1)
                if self.source and (cut := self.comment_after(value_node)):
                    where, comment = cut
                    keys.append(sys.intern(f"{key}.comment"))
                    numbers += (where.line, where.column)
                    cuts.append((key, comment))
        fact_id = self.slug(entries["id"][1], "fact id") if "id" in entries else None
        topic = self.topic(entries["topic"][1]) if "topic" in entries else None
        kind = self.slug(entries["kind"][1], "kind") if "kind" in entries else None
        accept = self.options(entries, "accept", keys, numbers)
        distractors = self.options(entries, "distractors", keys, numbers)
        self.check_distractors(values.get("answer"), accept, distractors, entries)
        if values.get("cloze"):
            self.check_cloze(values["cloze"] or "", entries["cloze"][1])
        sources = self.sources(entries["sources"][1]) if "sources" in entries else ()
        ignore = self.lint_ignore(entries["lint"][1]) if "lint" in entries else ()
        level = self.level(entries["level"][1]) if "level" in entries else DEFAULT_LEVEL
        required = (fact_id, topic, kind, values.get("question"), values.get("answer"),
                    values.get("explanation"), level)
        if None in required or not sources:
            return None
        assert fact_id and topic and kind
        share = self.share
        answer = values["answer"] or ""
        return Fact(
            id=fact_id, topic=share(topic, topic), kind=share(kind, kind), sources=sources,
            question=values["question"] or "", answer=share(answer, answer),
            explanation=values["explanation"] or "", cloze=values.get("cloze"),
            accept=tuple(share(text, text) for text, _ in accept),
            distractors=tuple(share(text, text) for text, _ in distractors),
            lint_ignore=ignore, level=level or DEFAULT_LEVEL, position=self.position(node),
            field_positions=PositionMap.packed(keys, numbers), comment_cuts=tuple(cuts),
        )

    def comment_after(self, node: yaml.Node) -> tuple[Position, str] | None:
        """The ``#`` comment right after a plain scalar on its last line, and where it starts.

        YAML ends an unquoted value at `` #``, so ``answer: item #3`` reads as ``item``.
        """
        if not isinstance(node, yaml.ScalarNode) or node.style:
            return None
        return self.comment_at(node.end_mark)

    def comment_at(self, end: Any) -> tuple[Position, str] | None:
        """The ``#`` comment right after a plain scalar that ends at mark ``end``."""
        source = self.source
        if isinstance(source, bytes):
            found = _COMMENT_AFTER_BYTES.match(source, end.index)
            if found is None:
                return None
            start, comment = found.start(1), found.group(1).decode("ascii")
        else:
            match = _COMMENT_AFTER.match(source, end.index)
            if match is None:
                return None
            start, comment = match.start(1), match.group(1)
        column = end.column + start - end.index
        return Position(end.line + self.first_line, column), comment.rstrip()

    def slug(self, node: yaml.Node, what: str) -> str | None:
        value = self.text(node, what)
        if value is None:
            return None
        if not is_slug(value):
            self.error(node, f"{what} '{value}' must be a slug: lower-case letters, digits and "
                             f"single hyphens, at most {MAX_ID_LENGTH} characters, e.g. "
                             f"'{slugify(value)[:MAX_ID_LENGTH]}'")
            return None
        return value

    def topic(self, node: yaml.Node) -> str | None:
        value = self.text(node, "topic")
        if value is not None and value not in self.topic_set:
            hint = did_you_mean(value, self.topic_ids)
            self.error(node, f"topic '{value}' is not defined under 'topics'{hint}")
            return None
        return value

    def level(self, node: yaml.Node) -> str | None:
        value = self.text(node, "level")
        if value is not None and value not in LEVELS:
            hint = did_you_mean(value.casefold(), LEVELS) or f" (one of: {', '.join(LEVELS)})"
            self.error(node, f"level '{value}' is not a cognitive level{hint}")
            return None
        return value

    def options(
        self, entries: dict[str, tuple[yaml.Node, yaml.Node]], key: str,
        keys: list[str], numbers: list[int],
    ) -> list[tuple[str, yaml.Node]]:
        """The texts of an ``accept`` or ``distractors`` list, their positions added."""
        if key not in entries:
            return []
        node = entries[key][1]
        items = self.text_list(node, key)
        keys.append(key)
        numbers += (node.start_mark.line + self.first_line, node.start_mark.column + 1)
        for index, (_, item) in enumerate(items):
            keys.append(item_key(key, index))
            numbers += (item.start_mark.line + self.first_line, item.start_mark.column + 1)
        return items

    def check_distractors(
        self, answer: str | None, accept: list[tuple[str, yaml.Node]],
        distractors: list[tuple[str, yaml.Node]],
        entries: dict[str, tuple[yaml.Node, yaml.Node]],
    ) -> None:
        normalized = self.normalized
        true_answers = {normalized(text): text for text, _ in accept}
        if answer:
            true_answers[normalized(answer)] = answer
        for text, node in distractors:
            same = true_answers.get(normalized(text))
            if same is not None:
                which = "the answer" if same == answer else f"the accepted answer '{same}'"
                self.error(node, f"distractor '{text}' is {which}: a distractor must be wrong")

    def normalized(self, option: str) -> str:
        """``normalize_option``, once per distinct text: options recur across facts.

        In the synthetic 50,000-fact bank 200,000 answers and distractors are 25,000
        texts; normalizing each once took a tenth of the time validating took.
        """
        key = self._normalized.get(option)
        if key is None:
            key = self._normalized[option] = normalize_option(option)
        return key

    def check_cloze(self, cloze: str, node: yaml.Node) -> None:
        if problem := cloze_problem(cloze):
            self.error(node, problem)

    def sources(self, node: yaml.Node) -> tuple[Source, ...]:
        items = self.sequence(node, "sources")
        if isinstance(node, yaml.SequenceNode) and not node.value:
            self.error(node, "sources: give at least one {article, quote}")
        sources = []
        for index, item in enumerate(items):
            entries = plain_entries(item, _SOURCE_KEYS) or self.mapping(
                item, f"source #{index + 1}", _SOURCE_KEYS)
            if not entries or "article" not in entries or "quote" not in entries:
                continue
            article = self.text(entries["article"][1], "article")
            quote = self.text(entries["quote"][1], "quote")
            if article and quote and self.verify(article, quote, entries):
                sources.append(Source(self.share(article, article), quote,
                                      self.position(entries["quote"][1])))
        return tuple(sources) if len(sources) == len(items) else ()

    def verify(
        self, slug: str, quote: str, entries: dict[str, tuple[yaml.Node, yaml.Node]]
    ) -> bool:
        """True when the article exists and the quote occurs in it (folded)."""
        if self.articles is None:
            return False
        if slug not in self.articles:
            hint = did_you_mean(slug, self.articles)
            self.error(entries["article"][1], f"article '{slug}' not found in corpus{hint}")
            return False
        text = self.article_text(slug)
        if text.contains(quote):
            return True
        self.error(entries["quote"][1], self.quote_not_found(slug, quote))
        return False

    def article_text(self, slug: str) -> ArticleText:
        """The folded text of an article, folded once however many quotes it has."""
        text = self.texts.get(slug)
        if text is None:
            assert self.articles is not None
            text = self.texts[slug] = ArticleText.of(self.articles[slug].body)
        return text

    def quote_not_found(self, slug: str, quote: str) -> str:
        """Why a quote is not in its article: a case difference, another article, or how near."""
        assert self.articles is not None
        text = self.article_text(slug)
        if span := text.find_ignoring_case(quote):
            return (f"quote differs from article '{slug}' only in case at "
                    f"{self.passage_at(slug, span)}: copy its capitals exactly")
        for other in sorted(self.articles):
            if other != slug and self.article_text(other).find(quote) is not None:
                return (f"quote not found in article '{slug}', but found in article '{other}': "
                        f"is the source's article '{other}'?")
        if invisible := text.invisible_difference(quote):
            return (f"quote not found in article '{slug}': it differs only by what cannot be "
                    f"seen: {', '.join(invisible)}; retype that part")
        passage, similarity = text.closest_passage(quote)
        return (f"quote not found in article '{slug}'; closest passage "
                f"({similarity:.0%} similar): \"{passage}\"")

    def passage_at(self, slug: str, span: tuple[int, int]) -> str:
        """``corpus/x.md:LINE: "the passage"`` for a span of an article's folded text."""
        assert self.articles is not None
        article, text = self.articles[slug], self.article_text(slug)
        line = paragraph_lines(article)[text.paragraphs_in(span)[0]]
        return f"{article.path}:{line}: \"{text.folded[span[0]:span[1]]}\""

    def lint_ignore(self, node: yaml.Node) -> tuple[str, ...]:
        entries = self.mapping(node, "lint", ("ignore",))
        if not entries or "ignore" not in entries:
            return ()
        rules = []
        for rule, item in self.text_list(entries["ignore"][1], "lint ignore"):
            if RULE_ID.match(rule):
                rules.append(rule)
            else:
                self.error(item, f"'{rule}' is not a lint rule id (like OPT-DUPLICATE)")
        return tuple(rules)


def _composed_whole(node: yaml.Node) -> yaml.Node:
    """A streamed list composed whole, for when it cannot be read as it streams."""
    if isinstance(node, StreamedSequenceNode):
        return yaml.SequenceNode(node.tag, list(node.items), node.start_mark, node.end_mark)
    return node


def _fact_label(node: yaml.Node, index: int) -> str:
    """How messages name a fact: by its id when it has a plain one, else by its number."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "id" and isinstance(value, yaml.ScalarNode) and value.value:
                return f"fact '{value.value}'"
    return f"fact #{index + 1}"
