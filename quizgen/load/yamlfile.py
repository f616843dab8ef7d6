"""Read a YAML file as a tree of nodes that remember their line and column.

Only composing is done, never constructing, so a ``!!python/...`` tag is reported
and never executed. The C parser is used when PyYAML was built with it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import yaml
from yaml.composer import Composer
from yaml.resolver import BaseResolver

from quizgen.errors import DataError, Problem, file_problem

try:
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        """PyYAML's pure-Python parsing stages, for a PyYAML built without libyaml."""

        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


_T = TypeVar("_T")


class _Loader(_Parser, BaseResolver):
    """Composes nodes without guessing types: every plain scalar stays text.

    quizgen reads text fields as written, so implicit typing (ints, dates, booleans)
    is never needed, and skipping it makes composing a large file about a quarter faster.
    """

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        BaseResolver.__init__(self)

class _StreamingLoader(_Loader, Composer):
    """The same parser, composed node by node in Python (see DocumentStream)."""

    def __init__(self, stream: str) -> None:
        _Loader.__init__(self, stream)
        Composer.__init__(self)


_STANDARD = "tag:yaml.org,2002:"
ALLOWED_TAGS = frozenset(
    _STANDARD + name for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)
NULL_TAG = _STANDARD + "null"
_NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})


def is_null(node: yaml.Node) -> bool:
    """True for an empty value: ``key:``, ``~``, ``null`` or ``!!null``."""
    if node.tag == NULL_TAG:
        return True
    return isinstance(node, yaml.ScalarNode) and not node.style and node.value in _NULL_WORDS


def read_text(path: Path) -> str:
    """The file's text, or a DataError for a missing file, a directory or invalid UTF-8."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise file_problem(path, "no such file") from None
    except IsADirectoryError:
        raise file_problem(path, "is a directory, not a file") from None
    except OSError as exc:
        raise file_problem(path, f"cannot read: {exc.strerror}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise file_problem(
            path, f"invalid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            line, column,
        ) from None


def compose(text: str, path: Path | str, first_line: int = 1) -> yaml.Node | None:
    """Parse ``text`` into a node tree, refusing any tag outside plain YAML.

    ``first_line`` is the line of the file where ``text`` starts, for front matter
    that is parsed apart from the rest of its file. Returns None for an empty document.
    """
    try:
        loader = _Loader(text)
        try:
            root: yaml.Node | None = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        raise yaml_problem(exc, path, first_line) from None
    if root is not None and "!" in text:  # every tag is written with a '!'
        bad = tag_problems(root, path, first_line)
        if bad:
            raise DataError(bad)
    return root


def yaml_problem(exc: yaml.YAMLError, path: Path | str, first_line: int = 1) -> DataError:
    """A parse error as a DataError at the line and column PyYAML marks."""
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark else first_line
        column = mark.column + 1 if mark else 1
        message = str(exc.problem or exc.context)
        if exc.problem and exc.context and exc.context_mark:
            message += f" ({exc.context} at line {exc.context_mark.line + first_line})"
        return file_problem(path, f"invalid YAML: {message}", line, column)
    return file_problem(path, f"invalid YAML: {exc}", first_line, 1)


def tag_problems(root: yaml.Node, path: Path | str, first_line: int = 1) -> list[Problem]:
    """A problem for every node under ``root`` whose tag is not plain YAML."""
    return [problem for node in _walk(root)
            if (problem := _tag_problem(node, path, first_line)) is not None]


def _tag_problem(node: yaml.Node, path: Path | str, first_line: int = 1) -> Problem | None:
    if node.tag in ALLOWED_TAGS:
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
    matches ``compose``: the same errors, positions, and refusal of tags.
    """

    def __init__(self, text: str, path: Path | str, streamed_key: str) -> None:
        self.path = path
        self.streamed_key = streamed_key
        self._loader: Any = _StreamingLoader(text)  # typeshed leaves the event API untyped
        self._bad_tags: list[Problem] = []
        self._check_tags = "!" in text  # every tag is written with a '!'
        self.root: yaml.Node | None = self._guarded(self._open)
        """None for an empty document; a mapping's node (its ``value`` left empty) whose
        entries ``entries()`` yields; or any other node, composed whole."""

    def entries(self) -> Iterator[tuple[yaml.Node, yaml.Node]]:
        """Each (key, value) of the top-level mapping, in file order.

        Raises DataError for a syntax error or a tag that is not plain YAML, which ends
        the reading: nothing read before it counts.
        """
        loader = self._loader
        if isinstance(self.root, yaml.MappingNode):
            while not self._guarded(lambda: loader.check_event(yaml.MappingEndEvent)):
                key = self._composed()
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
        if self._bad_tags:
            raise DataError(self._bad_tags)

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
            return root
        node: yaml.Node = loader.compose_node(None, None)
        self._tags_of(node)
        return node

    def _close(self) -> None:
        loader = self._loader
        loader.get_event()  # DocumentEnd
        if not loader.check_event(yaml.StreamEndEvent):
            event = loader.get_event()
            raise yaml.composer.ComposerError(
                "expected a single document in the stream", None,
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
        loader = self._loader
        while not self._guarded(lambda: loader.check_event(yaml.SequenceEndEvent)):
            yield self._composed()
        self._guarded(loader.get_event)

    def _tags_of(self, node: yaml.Node, *, shallow: bool = False) -> None:
        """Record the tags of ``node`` (with ``shallow``, of the node alone) not allowed."""
        if not self._check_tags:
            return
        if shallow:
            problem = _tag_problem(node, self.path)
            self._bad_tags.extend([problem] if problem else [])
        else:
            self._bad_tags.extend(tag_problems(node, self.path))

    def _guarded(self, step: Callable[[], _T]) -> _T:
        try:
            return step()
        except yaml.YAMLError as exc:
            raise yaml_problem(exc, self.path) from None


def display_tag(tag: str) -> str:
    """A tag as it is written in YAML: ``!!python/...`` rather than its full URI."""
    return "!!" + tag.removeprefix(_STANDARD) if tag.startswith(_STANDARD) else tag


def _walk(root: yaml.Node) -> list[yaml.Node]:
    """Every node under ``root`` once (aliases are shared nodes, visited once)."""
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
