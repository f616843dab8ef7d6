"""Read a YAML file as a tree of nodes that remember their line and column.

Only composing is done, never constructing, so a ``!!python/...`` tag is reported
and never executed. Parsing is PyYAML's own ``CBaseLoader`` (libyaml) when PyYAML was
built with it, else its pure-Python ``BaseLoader``; composing is PyYAML's ``Composer``,
with two additions: a nesting limit (its recursion would otherwise overflow Python's
stack before libyaml's own limit of 1000 levels) and aliases that are reported where
each one is written, not at their anchor.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import yaml
from yaml.composer import Composer, ComposerError

from quizgen.errors import DataError, Problem, file_problem
from quizgen.load.yamlerrors import yaml_problem

try:
    from yaml import CBaseLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import BaseLoader as _BaseLoader  # type: ignore[assignment]

_T = TypeVar("_T")

MAX_DEPTH = 100
"""Deepest nesting read; facts.yaml needs five levels."""
MAX_ALIAS_NODES = 10_000
"""Most nodes all aliases of one file may stand for (a bound on alias bombs)."""
_STANDARD = "tag:yaml.org,2002:"
STR_TAG, SEQ_TAG, MAP_TAG = (_STANDARD + name for name in ("str", "seq", "map"))
"""``BaseResolver``'s default tags: those of every untagged scalar, list and mapping."""


_NO_KEY: Any = object()
"""In ``_Loader.compose_node``: the open mapping waits for a key, not a value."""
_IN_LIST: Any = object()
"""In ``_Loader.compose_node``: the open collection is a list."""


class _Loader(_BaseLoader, Composer):
    """PyYAML's base loader, composing in Python: every plain scalar stays text.

    quizgen reads text fields as written, so implicit typing (ints, dates, booleans)
    is never needed (``BaseResolver``). ``Composer`` composes node by node, which lets
    ``DocumentStream`` hand out one fact at a time and lets this class bound the depth.
    """

    def __init__(self, stream: str) -> None:
        _BaseLoader.__init__(self, stream)
        Composer.__init__(self)
        self.depth = 0
        self.alias_nodes = 0

    get_single_node = Composer.get_single_node  # not CParser's: it would skip compose_node

    # PyYAML's types are typeshed's guesses (anchors are str, not dict): Any here.
    def compose_node(self, parent: Any, index: Any) -> Any:
        """PyYAML's ``Composer.compose_node``, as one loop, refusing deep nesting.

        The same nodes, marks and errors as PyYAML's recursive composer, which makes
        three to five Python calls per node (``compose_node``, ``compose_*_node``, a
        ``check_event`` per step, ``descend_resolver``, ``ascend_resolver``,
        ``resolve``); this loop takes each event once with ``get_event``, and a
        ``BaseResolver`` has no implicit or path resolvers, so an untagged node's tag is
        always its kind's default (``resolve`` would return just that). Composing 50,000
        facts took 5.3-6.5 s of CPU, now 3.7-3.9 s: a tenth above libyaml's bare event
        scan, and level with libyaml's own C composer.
        """
        get_event, anchors = self.get_event, self.anchors
        event: Any  # typeshed's Event lacks the attributes of its kinds
        node: Any
        open_nodes: list[Any] = []
        waiting: list[Any] = []  # per open node: _IN_LIST, _NO_KEY or the key node
        while True:
            event = get_event()
            kind = type(event)
            if kind is yaml.ScalarEvent:
                anchor, tag = event.anchor, event.tag
                if anchor is not None:
                    self._new_anchor(event)
                node = yaml.ScalarNode(STR_TAG if tag is None or tag == "!" else tag,
                                       event.value, event.start_mark, event.end_mark,
                                       style=event.style)
                if anchor is not None:
                    anchors[anchor] = node
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                node = open_nodes.pop()
                waiting.pop()
                node.end_mark = event.end_mark
                self.depth -= 1
            elif kind is yaml.AliasEvent:
                node = self._alias(event)
            else:  # the start of a mapping or a list
                anchor, tag = event.anchor, event.tag
                if anchor is not None:
                    self._new_anchor(event)
                self._descend(event.start_mark)
                if kind is yaml.MappingStartEvent:
                    node = yaml.MappingNode(MAP_TAG if tag is None or tag == "!" else tag, [],
                                            event.start_mark, None, flow_style=event.flow_style)
                    waiting.append(_NO_KEY)
                else:
                    node = yaml.SequenceNode(SEQ_TAG if tag is None or tag == "!" else tag, [],
                                             event.start_mark, None, flow_style=event.flow_style)
                    waiting.append(_IN_LIST)
                if anchor is not None:
                    anchors[anchor] = node
                open_nodes.append(node)
                continue
            if not open_nodes:
                return node
            key = waiting[-1]
            if key is _IN_LIST:
                open_nodes[-1].value.append(node)
            elif key is _NO_KEY:
                waiting[-1] = node
            else:
                open_nodes[-1].value.append((key, node))
                waiting[-1] = _NO_KEY

    def _new_anchor(self, event: Any) -> None:
        """PyYAML's check that an anchor is not given twice."""
        if event.anchor in self.anchors:
            raise ComposerError(f"found duplicate anchor {event.anchor!r}; first occurrence",
                                self.anchors[event.anchor].start_mark,
                                "second occurrence", event.start_mark)

    def _alias(self, alias: Any) -> Any:
        """The node an alias stands for: PyYAML's, the anchored node itself."""
        if alias.anchor not in self.anchors:
            raise ComposerError(None, None, f"found undefined alias {alias.anchor!r}",
                                alias.start_mark)
        return self.anchors[alias.anchor]

    def _descend(self, mark: Any) -> None:
        # Counted per list and mapping, not per node. Not restored on an error: the
        # loader is not used after one.
        if self.depth >= MAX_DEPTH:
            raise ComposerError(None, None, f"nesting deeper than {MAX_DEPTH} levels: "
                                "quizgen reads lists and mappings a few levels deep", mark)
        self.depth += 1


class _AliasLoader(_Loader):
    """The loader for text with aliases: each alias a copy placed where it is written."""

    def _alias(self, alias: Any) -> Any:
        """A copy of the anchored node (see ``_copy``), or PyYAML's "undefined alias"."""
        if alias.anchor in self.anchors:
            return self._copy(self.anchors[alias.anchor], alias)
        return super()._alias(alias)

    def _copy(self, node: Any, alias: Any) -> yaml.Node:
        """The anchored node again, every part of it placed where the alias is written.

        A problem in an aliased value is then reported at each use, not at the anchor.
        """
        self.alias_nodes += 1
        if self.alias_nodes > MAX_ALIAS_NODES:
            raise ComposerError(None, None, f"aliases stand for more than {MAX_ALIAS_NODES} "
                                f"values in all (at *{alias.anchor}): write the values out",
                                alias.start_mark)
        start, end = alias.start_mark, alias.end_mark
        if isinstance(node, yaml.ScalarNode):
            return yaml.ScalarNode(node.tag, node.value, start, end, style=node.style)
        if isinstance(node, yaml.SequenceNode):
            return yaml.SequenceNode(node.tag, [self._copy(item, alias) for item in node.value],
                                     start, end, flow_style=node.flow_style)
        pairs = [(self._copy(key, alias), self._copy(value, alias)) for key, value in node.value]
        return yaml.MappingNode(node.tag, pairs, start, end, flow_style=node.flow_style)


def _loader(text: str) -> _Loader:
    """A loader for ``text``: one that copies aliases only when there may be some."""
    return _AliasLoader(text) if "*" in text else _Loader(text)


ALLOWED_TAGS = frozenset(
    _STANDARD + name for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)
NULL_TAG = _STANDARD + "null"
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
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise file_problem(path, "no such file") from None
    except IsADirectoryError:
        raise file_problem(path, "is a directory, not a file") from None
    except OSError as exc:
        raise file_problem(path, f"cannot read: {exc.strerror}") from None
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        before = data[line_start:exc.start].decode("utf-8", errors="replace")
        raise file_problem(
            path, f"invalid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            data.count(b"\n", 0, exc.start) + 1, len(before) + 1,
        ) from None


def compose(text: str, path: Path | str, first_line: int = 1) -> yaml.Node | None:
    """Parse ``text`` into a node tree, refusing any tag outside plain YAML.

    ``first_line`` is the line of the file where ``text`` starts, for front matter
    that is parsed apart from the rest of its file. Returns None for an empty document.
    """
    try:
        loader = _loader(text)
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


class StreamedSequenceNode(yaml.SequenceNode):
    """A top-level list whose items are composed one at a time, as they are iterated.

    ``value`` stays empty: iterate ``items`` once, before asking for the next entry.
    """

    def __init__(self, tag: str, start_mark: Any, items: Iterator[yaml.Node]) -> None:
        super().__init__(tag, [], start_mark, start_mark)
        self.items = items


class DocumentStream:
    """A YAML document whose top-level mapping is read entry by entry.

    The items of the list under ``streamed_key`` are composed one at a time and handed
    out as they are read, so a large file never holds its whole node tree (about a
    kilobyte per fact) in memory: only the values built from it. Everything else
    matches ``compose``: the same errors and positions. Refused tags are collected in
    ``problems`` (their nodes are left unread) rather than raised, so the rest of the
    file is still checked.
    """

    def __init__(self, text: str, path: Path | str, streamed_key: str) -> None:
        self.path = path
        self.text = text
        self.streamed_key = streamed_key
        self._loader: Any = _loader(text)  # typeshed leaves the event API untyped
        self.problems: list[Problem] = []
        """Tags that are not plain YAML, found so far."""
        self.cut_from: int | None = None
        """After a syntax error between entries, the line of the entry read last, which
        the error may have cut short (a line indented less ends a mapping early)."""
        self._last_line = 1
        self._check_tags = "!" in text  # every tag is written with a '!'
        self.root: yaml.Node | None = self._guarded(self._open)
        """None for an empty document; a mapping's node (its ``value`` left empty) whose
        entries ``entries()`` yields; or any other node, composed whole."""

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
        node = StreamedSequenceNode(tag, event.start_mark, self._items())
        self._tags_of(node, shallow=True)
        return node

    def _items(self) -> Iterator[yaml.Node]:
        # The steps of _between and _composed written out: two closures and three
        # calls an item were a twentieth of reading a well-formed fact.
        loader, check_event, compose_node = self._loader, self._loader.check_event, (
            self._loader.compose_node)
        loader.depth = 2
        while True:
            try:
                if check_event(yaml.SequenceEndEvent):
                    break
            except yaml.YAMLError as exc:  # as _between: it may cut the last item short
                self.cut_from = self._last_line
                raise yaml_problem(exc, self.path, self.text) from None
            try:
                item: yaml.Node = compose_node(None, None)
            except yaml.YAMLError as exc:
                raise yaml_problem(exc, self.path, self.text) from None
            if self._check_tags:
                self._tags_of(item)
            self._last_line = item.start_mark.line + 1
            yield item
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


def display_tag(tag: str) -> str:
    """A tag as it is written in YAML: ``!!python/...`` rather than its full URI."""
    return "!!" + tag.removeprefix(_STANDARD) if tag.startswith(_STANDARD) else tag


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
