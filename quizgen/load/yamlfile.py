"""Read a YAML file as a tree of nodes that remember their line and column.

Nodes are composed by ``quizgen.load.composer`` (never constructed, so a
``!!python/...`` tag is reported and never executed); this module refuses tags outside
plain YAML and reads a large file's top-level list one item at a time.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import yaml
from yaml.composer import ComposerError

from quizgen.errors import DataError, Problem, file_problem
from quizgen.load.composer import MAX_DEPTH as MAX_DEPTH  # re-exported
from quizgen.load.composer import STANDARD_TAG, loader_for
from quizgen.load.yamlerrors import yaml_problem

_T = TypeVar("_T")

ALLOWED_TAGS = frozenset(STANDARD_TAG + name for name in (
    "str", "int", "float", "bool", "null", "map", "seq", "timestamp"))
NULL_TAG = STANDARD_TAG + "null"
NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})
"""The plain scalars YAML reads as null."""


def is_null(node: yaml.Node) -> bool:
    """True for an empty value: ``key:``, ``~``, ``null`` or ``!!null``."""
    if node.tag == NULL_TAG:
        return True
    return isinstance(node, yaml.ScalarNode) and not node.style and node.value in NULL_WORDS


def is_refused(node: yaml.Node) -> bool:
    """True for a node whose tag is not plain YAML (reported once, then left unread)."""
    return node.tag not in ALLOWED_TAGS


def read_text(path: Path) -> str:
    """The file's text without a BOM, or a DataError for a missing file or invalid UTF-8."""
    data, text = read_source(path)
    return data.decode("ascii") if text is None else text


def read_source(path: Path) -> tuple[bytes, str | None]:
    """The file's UTF-8 bytes and its text, both without a BOM; errors as ``read_text``.

    The text is None for an ASCII file, whose bytes are its characters at the same
    offsets. The bytes are what the parser should be given: given the text, PyYAML
    encodes it to UTF-8 again, and that second copy of a large file (20 MB at 50,000
    facts) came from glibc's heap, which kept it after it was freed: 28 MiB of the loaded
    bank's resident memory, measured with ``malloc_trim``.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise file_problem(path, "no such file") from None
    except IsADirectoryError:
        raise file_problem(path, "is a directory, not a file") from None
    except OSError as exc:
        raise file_problem(path, f"cannot read: {exc.strerror}") from None
    if data.isascii():
        return data, None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        before = data[line_start:exc.start].decode("utf-8", errors="replace")
        raise file_problem(
            path, f"invalid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            data.count(b"\n", 0, exc.start) + 1, len(before) + 1,
        ) from None
    if text.startswith("\ufeff"):
        return data[len(codecs.BOM_UTF8):], text[1:]
    return data, text


def compose(text: str, path: Path | str, first_line: int = 1) -> yaml.Node | None:
    """Parse ``text`` into a node tree, refusing any tag outside plain YAML.

    ``first_line`` is the line of the file where ``text`` starts, for front matter
    that is parsed apart from the rest of its file. Returns None for an empty document.
    """
    try:
        loader = loader_for(text)
        try:
            root: yaml.Node | None = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        raise yaml_problem(exc, path, text, first_line) from None
    if root is not None and "!" in text:  # every tag is written with a '!'
        bad = tag_problems(root, path, first_line)
        if bad:
            raise DataError(bad)
    return root


def tag_problems(root: yaml.Node, path: Path | str, first_line: int = 1) -> list[Problem]:
    """A problem for every node under ``root`` whose tag is not plain YAML."""
    return [problem for node in _walk(root)
            if (problem := _tag_problem(node, path, first_line)) is not None]


def _tag_problem(node: yaml.Node, path: Path | str, first_line: int = 1) -> Problem | None:
    if not is_refused(node):
        return None
    return Problem(str(path), node.start_mark.line + first_line, node.start_mark.column + 1,
                   f"tag {display_tag(node.tag)} is not allowed: quizgen reads plain YAML only")


PLAIN_DEPTH = 3
"""The deepest nesting within an item that ``StreamedSequenceNode.read`` hands to a
``PlainReader`` (a fact's mapping, its sources list, each source's mapping)."""
PlainReader = Callable[[list[Any]], _T | None]
"""Reads one item from its parse events (all plain, see ``StreamedSequenceNode.read``), or
returns None to have the item composed instead."""


class StreamedSequenceNode(yaml.SequenceNode):
    """A top-level list whose items are composed one at a time, as they are iterated.

    ``value`` stays empty: iterate ``items`` (or ``read``) once, before asking for the
    next entry.
    """

    def __init__(self, tag: str, start_mark: Any, stream: DocumentStream) -> None:
        super().__init__(tag, [], start_mark, start_mark)
        self._stream = stream
        self._items: Iterator[Any] | None = None

    @property
    def items(self) -> Iterator[yaml.Node]:
        """Each item's node (the iterator ``read`` started, if it was called first)."""
        return self.read(None)

    def read(self, plain: PlainReader[_T] | None) -> Iterator[yaml.Node | _T]:
        """Each item as ``plain`` reads it from its parse events, else as a node.

        The node, composed from the same events, where ``plain`` returns None or the item
        is not plain: an anchor, alias or tag, or nested deeper than ``PLAIN_DEPTH``.
        """
        if self._items is None:
            self._items = self._stream.items(plain)
        return self._items


class DocumentStream:
    """A YAML document whose top-level mapping is read entry by entry.

    The items of the list under ``streamed_key`` are composed one at a time and handed
    out as they are read, so a large file never holds its whole node tree (about a
    kilobyte per fact) in memory: only the values built from it. Everything else
    matches ``compose``: the same errors and positions. Refused tags are collected in
    ``problems`` (their nodes are left unread) rather than raised, so the rest of the
    file is still checked.
    """

    def __init__(self, source: str | bytes, path: Path | str, streamed_key: str) -> None:
        self.path = path
        self._source = source
        """The text, or its UTF-8 bytes: they spare the parser a copy of its own (see
        ``read_source``) and the caller the text, decoded again only for a message."""
        self.streamed_key = streamed_key
        self._loader: Any = loader_for(source)  # typeshed leaves the event API untyped
        self.problems: list[Problem] = []
        """Tags that are not plain YAML, found so far."""
        self.cut_from: int | None = None
        """After a syntax error between entries, the line of the entry read last, which
        the error may have cut short (a line indented less ends a mapping early)."""
        self._last_line = 1
        # every tag is written with a '!'
        self._check_tags = (b"!" in source) if isinstance(source, bytes) else ("!" in source)
        self.root: yaml.Node | None = self._guarded(self._open)
        """None for an empty document; a mapping's node (its ``value`` left empty) whose
        entries ``entries()`` yields; or any other node, composed whole."""

    @property
    def text(self) -> str:
        """The document's text."""
        source = self._source
        return source if isinstance(source, str) else source.decode("utf-8")

    def entries(self) -> Iterator[tuple[yaml.Node, yaml.Node]]:
        """Each (key, value) of the top-level mapping, in file order.

        Raises DataError for a syntax error, which ends the reading.
        """
        loader = self._loader
        if isinstance(self.root, yaml.MappingNode):
            while not self._between(lambda: loader.check_event(yaml.MappingEndEvent)):
                key = self._composed()
                self._last_line = key.start_mark.line + 1
                if key.value == self.streamed_key and self._guarded(
                        lambda: loader.check_event(yaml.SequenceStartEvent)):
                    streamed = self._streamed_sequence()
                    yield key, streamed
                    for _ in streamed.items:  # drain what the caller did not read
                        pass
                else:
                    yield key, self._composed()
            self._guarded(loader.get_event)
        self._guarded(self._close)

    def _open(self) -> yaml.Node | None:
        loader = self._loader
        loader.get_event()  # StreamStart
        if loader.check_event(yaml.StreamEndEvent):
            return None
        loader.get_event()  # DocumentStart
        if loader.check_event(yaml.MappingStartEvent) and not loader.peek_event().anchor:
            event = loader.get_event()
            tag = event.tag if event.tag not in (None, "!") else self._mapping_tag()
            root = yaml.MappingNode(tag, [], event.start_mark, event.end_mark,
                                    flow_style=event.flow_style)
            self._tags_of(root, shallow=True)
            loader.depth = 1
            return root
        node: yaml.Node = loader.compose_node(None, None)
        self._tags_of(node)
        return node

    def _close(self) -> None:
        loader = self._loader
        loader.get_event()  # DocumentEnd
        if not loader.check_event(yaml.StreamEndEvent):
            event = loader.get_event()
            raise ComposerError("expected a single document in the stream", None,
                                "but found another document", event.start_mark)
        loader.get_event()
        loader.dispose()

    def _mapping_tag(self) -> str:
        return str(self._loader.resolve(yaml.MappingNode, None, True))

    def _composed(self) -> yaml.Node:
        node: yaml.Node = self._guarded(lambda: self._loader.compose_node(None, None))
        self._tags_of(node)
        return node

    def _streamed_sequence(self) -> StreamedSequenceNode:
        event = self._guarded(self._loader.get_event)
        tag = event.tag if event.tag not in (None, "!") else str(
            self._loader.resolve(yaml.SequenceNode, None, True))
        node = StreamedSequenceNode(tag, event.start_mark, self)
        self._tags_of(node, shallow=True)
        return node

    def items(self, plain: PlainReader[_T] | None) -> Iterator[yaml.Node | _T]:
        """The items of the streamed list: see ``StreamedSequenceNode.read``."""
        # The steps of _between and _composed written out: two closures and three
        # calls an item were a twentieth of reading a well-formed fact.
        loader, check_event, compose_node = self._loader, self._loader.check_event, (
            self._loader.compose_node)
        get_event = loader.get_event
        loader.depth = 2
        while True:
            try:  # the item's first event, or the list's end
                if plain is None:
                    if check_event(yaml.SequenceEndEvent):
                        break
                else:
                    # Taken rather than peeked at: check_event's call an item was a
                    # fiftieth of loading; compose_node replays it with the rest.
                    first = get_event()
                    if first.__class__ is _SEQUENCE_END:
                        break
            except yaml.YAMLError as exc:  # as _between: it may cut the last item short
                self.cut_from = self._last_line
                raise yaml_problem(exc, self.path, self.text) from None
            try:
                if plain is None:
                    item: yaml.Node = compose_node(None, None)
                else:
                    events, is_plain = _item_events(get_event, first)
                    if is_plain and (read := plain(events)) is not None:
                        self._last_line = events[0].start_mark.line + 1
                        yield read
                        continue
                    item = compose_node(None, None, events)
            except yaml.YAMLError as exc:
                raise yaml_problem(exc, self.path, self.text) from None
            if self._check_tags:
                self._tags_of(item)
            self._last_line = item.start_mark.line + 1
            yield item
        if plain is None:
            self._guarded(loader.get_event)
        loader.depth = 1

    def _tags_of(self, node: yaml.Node, *, shallow: bool = False) -> None:
        """Record the tags of ``node`` (with ``shallow``, of the node alone) not allowed."""
        if not self._check_tags:
            return
        if shallow:
            problem = _tag_problem(node, self.path)
            self.problems.extend([problem] if problem else [])
        else:
            self.problems.extend(tag_problems(node, self.path))

    def _between(self, step: Callable[[], _T]) -> _T:
        """``_guarded`` for a step between entries: an error may cut the last one short."""
        try:
            return step()
        except yaml.YAMLError as exc:
            self.cut_from = self._last_line
            raise yaml_problem(exc, self.path, self.text) from None

    def _guarded(self, step: Callable[[], _T]) -> _T:
        try:
            return step()
        except yaml.YAMLError as exc:
            raise yaml_problem(exc, self.path, self.text) from None


def _item_events(get_event: Callable[[], Any], event: Any) -> tuple[list[Any], bool]:
    """The parse events of one item from its first, ``event``, and whether all are plain.

    When one is not, the events up to it. Plain: no anchor, alias or tag, nested at most
    ``PLAIN_DEPTH`` deep. Stopping at the first event that is not leaves the rest to the
    composer, so anything it refuses (nesting too deep, an undefined alias) is refused
    at the same event as before.
    """
    events = [event]
    depth = 0
    while True:
        kind = event.__class__
        if kind is _SCALAR:  # the most common event first
            if event.anchor is not None or event.tag is not None:
                return events, False
            if not depth:
                return events, True
        elif kind is _MAPPING_END or kind is _SEQUENCE_END:
            depth -= 1
            if not depth:
                return events, True
        elif kind is _ALIAS or event.anchor is not None or event.tag is not None:
            return events, False
        else:
            depth += 1
            if depth > PLAIN_DEPTH:
                return events, False
        event = get_event()
        events.append(event)


_SCALAR, _ALIAS = yaml.ScalarEvent, yaml.AliasEvent
_MAPPING_END, _SEQUENCE_END = yaml.MappingEndEvent, yaml.SequenceEndEvent


def display_tag(tag: str) -> str:
    """A tag as it is written in YAML: ``!!python/...`` rather than its full URI."""
    return "!!" + tag.removeprefix(STANDARD_TAG) if tag.startswith(STANDARD_TAG) else tag


def _walk(root: yaml.Node) -> list[yaml.Node]:
    """Every node under ``root`` once (a self-referring anchor is a shared node)."""
    seen: set[int] = set()
    stack, nodes = [root], []
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        nodes.append(node)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return nodes
