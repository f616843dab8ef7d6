"""Read a YAML file as a tree of nodes that remember their line and column.

Only composing is done, never constructing, so a ``!!python/...`` tag is reported
and never executed. The C parser is used when PyYAML was built with it.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from yaml.resolver import BaseResolver

from quizgen.errors import DataError, Problem, file_problem

try:
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.composer import Composer
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


class _Loader(_Parser, BaseResolver):
    """Composes nodes without guessing types: every plain scalar stays text.

    quizgen reads text fields as written, so implicit typing (ints, dates, booleans)
    is never needed, and skipping it makes composing a large file about a quarter faster.
    """

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        BaseResolver.__init__(self)

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
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark else first_line
        column = mark.column + 1 if mark else 1
        message = str(exc.problem or exc.context)
        if exc.problem and exc.context and exc.context_mark:
            message += f" ({exc.context} at line {exc.context_mark.line + first_line})"
        raise file_problem(path, f"invalid YAML: {message}", line, column) from None
    except yaml.YAMLError as exc:
        raise file_problem(path, f"invalid YAML: {exc}", first_line, 1) from None
    if root is not None and "!" in text:  # every tag is written with a '!'
        bad = [
            Problem(str(path), node.start_mark.line + first_line, node.start_mark.column + 1,
                    f"tag {display_tag(node.tag)} is not allowed: quizgen reads plain YAML only")
            for node in _walk(root)
            if node.tag not in ALLOWED_TAGS
        ]
        if bad:
            raise DataError(bad)
    return root


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
