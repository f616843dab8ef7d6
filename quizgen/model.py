"""The data quizgen works on: frozen, validated, with no I/O."""

from __future__ import annotations

import struct
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import ClassVar

from quizgen.text import normalize_option

LEVELS = ("remember", "understand", "apply", "analyze")
"""Cognitive levels a fact can test, lowest first (Bloom's taxonomy as revised by
Anderson & Krathwohl 2001; its top two, evaluate and create, do not fit one closed item)."""
DEFAULT_LEVEL = LEVELS[0]


@dataclass(frozen=True, slots=True)
class Position:
    """A 1-based line and column in a source file."""

    line: int
    column: int


class PositionMap(Mapping[str, Position]):
    """Positions of a fact's fields, packed: one shared key tuple and a few bytes a field.

    A 50,000-fact bank has some 700,000 field positions; as a dict of Position objects
    they took a third of the loaded bank's memory. Packed, a fact's positions are one
    ``bytes``: a base line (the fact's own), then each field's line as a 2-byte offset
    from it and its column in 2 bytes (a fact's fields lie within a few lines after its
    start), or, where that does not fit, 4 bytes a number. The ``array("I")`` this
    replaced took 6.9 MB at 50,000 facts (64 bytes of header, a buffer of its own, 4
    bytes a number); these bytes take 3.4 MB.
    """

    __slots__ = ("_data", "_keys")
    _shared_keys: ClassVar[dict[tuple[str, ...], tuple[str, ...]]] = {}
    """One copy of each distinct key tuple, for all facts."""

    def __init__(self, positions: Mapping[str, Position]) -> None:
        self._set(tuple(positions), [n for p in positions.values() for n in (p.line, p.column)])

    @classmethod
    def packed(cls, keys: Iterable[str], numbers: Iterable[int]) -> PositionMap:
        """The map of ``keys`` to positions given as ``line, column`` pairs in one list.

        What the loader builds: no Position object is made until one is asked for.
        """
        self = cls.__new__(cls)
        self._set(tuple(keys), list(numbers))
        return self

    @classmethod
    def offsets(cls, keys: tuple[str, ...], base: int, numbers: list[int]) -> PositionMap:
        """``packed``, each line given as its offset from line ``base``: ``line - base``.

        What the fast loader writes: it takes the offsets from the parser's marks as they
        come, so packing them is one call.
        """
        self = cls.__new__(cls)
        self._set(keys, numbers, base)
        return self

    def _set(self, keys: tuple[str, ...], numbers: list[int], base: int | None = None) -> None:
        """Keep ``numbers`` (lines, or offsets from ``base``, each with its column)."""
        if len(numbers) != 2 * len(keys):
            raise ValueError("a PositionMap needs one line and one column per key")
        self._keys = self._shared_keys.setdefault(keys, keys)
        if base is not None and base <= _MOST_BASE:
            try:  # struct refuses any number outside 0..65535 (cheaper than min and max)
                self._data = _packing(_NARROW, len(keys)).pack(_NARROW, base, *numbers)
                return
            except struct.error:
                pass
        if base is not None:  # back from offsets to lines
            numbers = [n + base if i % 2 == 0 else n for i, n in enumerate(numbers)]
        try:
            self._data = _packing(_WIDE, len(keys)).pack(_WIDE, *numbers)
        except struct.error:
            raise OverflowError("a line or column of a PositionMap is out of range") from None

    def __getitem__(self, key: str) -> Position:
        try:
            index = self._keys.index(key)
        except ValueError:
            raise KeyError(key) from None
        data = self._data
        if data[0] == _NARROW:
            offset, column = _NARROW_PAIR.unpack_from(data, 5 + 4 * index)
            return Position(_BASE.unpack_from(data, 1)[0] + offset, column)
        return Position(*_WIDE_PAIR.unpack_from(data, 1 + 8 * index))

    def get(self, key: str, default: Position | None = None) -> Position | None:  # type: ignore[override]
        """The position of ``key``, or ``default``: ``Fact.where`` asks for one per finding."""
        return self[key] if key in self._keys else default

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __repr__(self) -> str:
        return f"PositionMap({dict(self)!r})"

    @property
    def state(self) -> tuple[tuple[str, ...], bytes]:
        """The keys and the packed bytes: what ``restored`` makes the same map from."""
        return self._keys, self._data

    @classmethod
    def restored(cls, keys: tuple[str, ...], data: bytes) -> PositionMap:
        """The map whose ``state`` was ``(keys, data)``, its key tuple shared as usual."""
        self = cls.__new__(cls)
        self._keys = cls._shared_keys.setdefault(keys, keys)
        self._data = data
        return self


_NARROW, _WIDE = 0, 1
"""The first byte of a PositionMap's data, for its two forms: ``=BI`` (the base line)
then ``HH`` (line offset, column) a field, or ``=B`` then ``II`` (line, column) a field."""
_BASE = struct.Struct("=I")
_MOST_BASE = 0xFFFFFFFF - 0xFFFF
"""The highest base line of the narrow form: each of its lines fits in 4 bytes too."""
_NARROW_PAIR = struct.Struct("=HH")
_WIDE_PAIR = struct.Struct("=II")
_PACKINGS: dict[tuple[int, int], struct.Struct] = {}


def _packing(form: int, count: int) -> struct.Struct:
    """The packing of ``count`` fields' positions in ``form``, made once for each."""
    packing = _PACKINGS.get((form, count))
    if packing is None:
        layout = "=BI" + "HH" * count if form == _NARROW else "=B" + "II" * count
        packing = _PACKINGS[(form, count)] = struct.Struct(layout)
    return packing


@dataclass(frozen=True, slots=True)
class Source:
    """A verbatim quote from one corpus article that supports a fact."""

    article: str
    """Slug of the article in ``corpus/`` (its file name without ``.md``)."""
    quote: str
    position: Position
    """Where the quote stands in facts.yaml."""


@dataclass(frozen=True, slots=True)
class Fact:
    """One curated fact: a closed question, its answer, and the evidence for it."""

    id: str
    """Stable slug; the identity of the Anki note across rebuilds."""
    topic: str
    question: str
    answer: str
    kind: str
    """Answer type (money, person, company, ...): distractors are drawn within one kind."""
    explanation: str
    sources: tuple[Source, ...]
    accept: tuple[str, ...] = ()
    """Other true phrasings of the answer: never offered as distractors."""
    distractors: tuple[str, ...] = ()
    cloze: str | None = None
    """Optional sentence with ``{{c1::...}}`` deletions, for Anki cloze cards."""
    lint_ignore: tuple[str, ...] = ()
    """Lint rule ids reviewed and silenced for this fact."""
    level: str = DEFAULT_LEVEL
    """The cognitive level the question tests: one of ``LEVELS``."""
    position: Position = Position(1, 1)
    """Where the fact's mapping starts in facts.yaml."""
    field_positions: Mapping[str, Position] = field(default_factory=dict, compare=False)
    """Position of each key's value, e.g. ``"answer"``, ``"distractors.0"``."""
    comment_cuts: tuple[tuple[str, str], ...] = ()
    """(field, comment) for each text field an unquoted ``#`` comment cut short."""

    def where(self, key: str) -> Position:
        """Position of a field's value, falling back to the fact's own position."""
        return self.field_positions.get(key, self.position)


@dataclass(frozen=True, slots=True)
class Topic:
    """A section of the material: drives tags, subdecks and quiz selection."""

    id: str
    description: str


@dataclass(frozen=True, slots=True)
class DeckInfo:
    """Title and identity of the whole deck and of the quizzes built from it."""

    id: str
    """Stable slug: names the output files and namespaces the Anki note GUIDs."""
    title: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class Article:
    """One source article from ``corpus/``."""

    slug: str
    title: str
    body: str
    path: Path
    outlet: str | None = None
    published: date | None = None
    body_line: int = 1
    """Line number in the file where the body starts (after the front matter)."""
    title_supplied: bool = False
    """True when the article has no headline and ``title`` was written by the curator."""

    def citation(self) -> str:
        """Human-readable citation: title, outlet, date (those that are known).

        A supplied title is shown in square brackets, as library catalogues mark a title
        taken from outside the work, and said to be supplied, so no card or key passes it
        off as the article's own headline.
        """
        title = (f"[{self.title}] (title supplied)" if self.title_supplied
                 else f"“{self.title}”")
        parts = [title]
        if self.outlet:
            parts.append(self.outlet)
        if self.published:
            parts.append(f"{self.published:%-d %B %Y}")
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Bank:
    """Everything loaded and verified: the deck, its topics, facts and articles."""

    deck: DeckInfo
    topics: tuple[Topic, ...]
    facts: tuple[Fact, ...]
    articles: Mapping[str, Article]
    facts_path: Path
    option_keys: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    """``normalize_option`` by option text, for ``option_key``: the loader hands over the
    keys it worked out to check distractors (answers, accepted answers, distractors)."""

    def topic(self, topic_id: str) -> Topic:
        """The topic with this id."""
        return next(t for t in self.topics if t.id == topic_id)

    def option_key(self, text: str) -> str:
        """``normalize_option(text)``, worked out once per distinct text for the whole bank.

        Options recur across facts (200,000 answers and distractors are 25,000 texts in
        the synthetic 50,000-fact bank), and the loader has already normalized most.
        """
        key = self.option_keys.get(text)
        if key is None:
            key = self.option_keys[text] = normalize_option(text)
        return key
