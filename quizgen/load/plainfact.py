"""A well-formed fact read straight from its parse events, without composing nodes.

Nearly every fact of a large file is well formed, and for those the YAML nodes (one
object per scalar, list and mapping, a million and a half at 50,000 facts) and the
checks that could report a problem are work that says nothing. ``plain_fact`` reads the
events of one fact's mapping, as ``DocumentStream`` collects them, and returns the Fact
when every key, value and check is as the schema wants; at the first thing that is not,
it returns None, and the fact is composed from the same events and read by
``_FactsReader.fact``, which writes the messages. So a fact read here is the Fact that
``_FactsReader.fact`` would make, and every problem is still found and worded by it
(``tests/test_plain_fact.py`` checks both on facts well formed and broken).

At 50,000 facts this took ``load_bank`` from 7.9-9.7 s of CPU to 5.3-6.4 s (three
interleaved pairs on the shared 2-core machine); what remains is mostly PyYAML making
its event objects (``get_event``), about a third.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, Protocol

from yaml import (
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from quizgen.load.corpus import SLUG
from quizgen.load.yamlfile import NULL_WORDS
from quizgen.model import DEFAULT_LEVEL, LEVELS, Fact, Position, PositionMap, Source
from quizgen.text import CLOZE_DELETION

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from quizgen.load.corpus import ArticleText
    from quizgen.model import Article


class Reader(Protocol):
    """What ``plain_fact`` reads from the facts reader (``_FactsReader`` in facts.py)."""

    first_line: int
    source: str | bytes
    topic_set: frozenset[str]
    kinds: set[str]
    share: Callable[[str, str], str]

    @property
    def articles(self) -> Mapping[str, Article] | None:
        """The corpus by slug, or None when it could not be read."""

    def normalized(self, option: str) -> str:
        """``normalize_option(option)``."""

    def article_text(self, slug: str) -> ArticleText:
        """The folded text of an article."""

    def comment_at(self, end: Any) -> tuple[Position, str] | None:
        """The comment right after a plain scalar that ends at mark ``end``."""

MAX_ID_LENGTH = 64
FACT_REQUIRED = ("id", "topic", "question", "answer", "kind", "explanation", "sources")
FACT_OPTIONAL = ("accept", "distractors", "cloze", "level", "lint")
TEXT_FIELDS = ("question", "answer", "explanation", "cloze")

_SCALAR_KEYS = frozenset(("id", "topic", "question", "answer", "kind", "explanation",
                          "cloze", "level"))
_OPTION_KEYS = ("accept", "distractors")
_LIST_KEYS = frozenset((*_OPTION_KEYS, "sources"))
_LEVELS = frozenset(LEVELS)
_Events = list[Any]  # typeshed's Event lacks the attributes of its kinds


def plain_fact(reader: Reader, events: _Events) -> Fact | None:
    """The Fact that ``events`` (one fact's mapping, every event plain) make, or None.

    None whenever ``_FactsReader.fact`` could report a problem or read the fact in a
    way this function does not (a ``lint`` key, a value of another shape).
    """
    # Pass 1: the mapping's entries; each value a text, or a list's start and items.
    if events[0].__class__ is not MappingStartEvent:
        return None
    values: dict[str, Any] = {}  # each key's value event: for duplicates and positions
    texts: dict[str, str] = {}
    lists: dict[str, list[Any]] = {}
    index, end = 1, len(events) - 1
    while index < end:
        key, value = events[index], events[index + 1]
        if key.__class__ is not ScalarEvent or key.value in values:
            return None
        name = key.value
        values[name] = value
        if name in _SCALAR_KEYS:  # _text, written out: a call a value was a twentieth
            if value.__class__ is not ScalarEvent:
                return None
            raw = value.value
            text = raw.strip()
            if not text or (not value.style and raw in NULL_WORDS):
                return None  # not text, or empty: NodeReader.text would report it
            texts[name] = text
            index += 2
        elif name in _LIST_KEYS:
            if value.__class__ is not SequenceStartEvent:
                return None
            items, index = _list_items(events, index + 2, name == "sources")
            if items is None:
                return None
            lists[name] = items
        else:  # "lint", or a key that is not in the schema
            return None
    if len(texts) != 6 + ("cloze" in texts) + ("level" in texts) or "sources" not in lists:
        return None  # a required key missing
    # Pass 2: the checks and the Fact, as _FactsReader.fact makes it.
    fact_id, topic, kind, answer = texts["id"], texts["topic"], texts["kind"], texts["answer"]
    level = texts.get("level", DEFAULT_LEVEL)
    if not (topic in reader.topic_set and level in _LEVELS
            and is_slug(fact_id) and (kind in reader.kinds or _is_slug(kind, reader.kinds))):
        return None
    cloze = texts.get("cloze")
    if cloze is not None and cloze_problem(cloze):
        return None
    # Lines are kept as offsets from the fact's own (PositionMap.offsets): one call packs them.
    start: Any = events[0].start_mark
    top = start.line
    first_line = reader.first_line
    source = reader.source
    keys: list[str] = []
    numbers: list[int] = []
    cuts: list[tuple[str, str]] = []
    for name in TEXT_FIELDS:
        event = values.get(name)  # a text: pass 1 took every scalar key's value for one
        if event is None:
            continue
        mark = event.start_mark
        keys.append(name)
        numbers += (mark.line - top, mark.column + 1)
        if source and not event.style and (cut := reader.comment_at(event.end_mark)):
            where, comment = cut
            keys.append(sys.intern(f"{name}.comment"))
            numbers += (where.line - top - first_line, where.column)
            cuts.append((name, comment))
    share = reader.share
    accept: tuple[str, ...] = ()
    distractors: tuple[str, ...] = ()
    for name in _OPTION_KEYS:
        items = lists.get(name)
        if items is None:
            continue
        mark = values[name].start_mark
        numbers += (mark.line - top, mark.column + 1)
        options = []
        previous = None
        for item in items:
            raw = item.value
            text = raw.strip()
            if not text or (not item.style and (raw in NULL_WORDS or (
                    previous is not None and _split_number(previous, item)))):
                return None
            options.append(share(text, text))
            mark = item.start_mark
            numbers += (mark.line - top, mark.column + 1)
            previous = item
        keys += _item_keys(name, len(items))
        if name == "accept":
            accept = tuple(options)
        else:
            distractors = tuple(options)
    if distractors:
        normalized = reader.normalized
        true_answers = {normalized(text) for text in accept}
        true_answers.add(normalized(answer))
        for text in distractors:
            if normalized(text) in true_answers:
                return None
    sources = _sources(reader, lists["sources"])
    if sources is None:
        return None
    return Fact(
        id=fact_id, topic=share(topic, topic), kind=share(kind, kind), sources=sources,
        question=texts["question"], answer=share(answer, answer),
        explanation=texts["explanation"], cloze=cloze, accept=accept, distractors=distractors,
        lint_ignore=(), level=level, position=Position(top + first_line, start.column + 1),
        field_positions=PositionMap.offsets(tuple(keys), top + first_line, numbers),
        comment_cuts=tuple(cuts),
    )


def is_slug(text: str) -> bool:
    """Whether ``_FactsReader.slug`` accepts ``text``: a slug, ``MAX_ID_LENGTH`` at most."""
    return SLUG.match(text) is not None and len(text) <= MAX_ID_LENGTH


def _is_slug(text: str, slugs: set[str]) -> bool:
    """``is_slug(text)``, a slug remembered in ``slugs``."""
    if is_slug(text):
        slugs.add(text)
        return True
    return False


def _text(event: Any) -> str | None:
    """``NodeReader.text`` of a plain scalar, when it reports nothing; else None."""
    value: str = event.value.strip()
    return value if value and (event.style or event.value not in NULL_WORDS) else None


def _list_items(events: _Events, index: int, of_sources: bool) -> tuple[list[Any] | None, int]:
    """The items of the list whose first item is ``events[index]``, and the index after it.

    Scalars for options, ``(article, quote)`` value pairs for sources; None for any
    other shape (and for a key other than article or quote, or one given twice).
    """
    items: list[Any] = []
    while True:
        event = events[index]
        kind = event.__class__
        if kind is SequenceEndEvent:
            return items, index + 1
        if not of_sources:
            if kind is not ScalarEvent:
                return None, index
            items.append(event)
            index += 1
            continue
        if kind is not MappingStartEvent:
            return None, index
        pair: dict[str, Any] = {}
        index += 1
        while events[index].__class__ is ScalarEvent:
            key, value = events[index].value, events[index + 1]
            if key in pair or key not in ("article", "quote") or value.__class__ is not ScalarEvent:
                return None, index
            pair[key] = value
            index += 2
        if events[index].__class__ is not MappingEndEvent or len(pair) != 2:
            return None, index
        items.append((pair["article"], pair["quote"]))
        index += 1


def _sources(reader: Reader, pairs: list[tuple[Any, Any]]) -> tuple[Source, ...] | None:
    """``_FactsReader.sources`` of (article, quote) events, when it reports nothing."""
    articles = reader.articles
    if not pairs or articles is None:
        return None
    sources = []
    first_line = reader.first_line
    for article_event, quote_event in pairs:
        article, quote = _text(article_event), _text(quote_event)
        if article is None or quote is None or article not in articles:
            return None
        if not reader.article_text(article).contains(quote):
            return None
        mark = quote_event.start_mark
        sources.append(Source(reader.share(article, article), quote,
                              Position(mark.line + first_line, mark.column + 1)))
    return tuple(sources)


def _split_number(first: Any, second: Any) -> bool:
    """``nodes._continues_number`` for two scalar events: ``[4,000]`` read as 4 and 000."""
    return (not first.style and not second.style
            and first.value[-1:].isdigit() and second.value[:3].isdigit()
            and second.start_mark.index == first.end_mark.index + 1)


def cloze_problem(cloze: str) -> str | None:
    """What is wrong with a cloze's deletions, or None when they are well formed."""
    deletions = list(CLOZE_DELETION.finditer(cloze))
    if (deletions and cloze.count("{") == cloze.count("}") == 2 * len(deletions)
            and all(int(d.group(1)) >= 1 and d.group(2).strip() for d in deletions)):
        return None  # well formed: each brace is one of a deletion's own (saves a regex pass)
    rest = CLOZE_DELETION.sub("", cloze)
    if "{{" in rest or "}}" in rest:
        return "malformed cloze deletion: write {{c1::hidden text}}"
    if not deletions:
        return "cloze has no deletion: wrap the answer as {{c1::answer}}"
    if any(int(d.group(1)) < 1 or not d.group(2).strip() for d in deletions):
        return "cloze deletions are numbered from c1 and must hide some text"
    return None


_ITEM_KEYS: dict[tuple[str, int], str] = {}


def item_key(key: str, index: int) -> str:
    """``distractors.2``: one string for each, shared by every fact (not one a fact)."""
    name = _ITEM_KEYS.get((key, index))
    if name is None:
        name = _ITEM_KEYS[(key, index)] = f"{key}.{index}"
    return name


_ITEM_KEY_RUNS: dict[tuple[str, int], tuple[str, ...]] = {}


def _item_keys(key: str, count: int) -> tuple[str, ...]:
    """``key`` and the ``item_key`` of each of ``count`` items: a list's position keys."""
    run = _ITEM_KEY_RUNS.get((key, count))
    if run is None:
        run = _ITEM_KEY_RUNS[(key, count)] = (key, *(item_key(key, i) for i in range(count)))
    return run
