"""Typed reading of YAML nodes that collects every problem with its position."""

from __future__ import annotations

import difflib

import yaml

from quizgen.errors import Problem
from quizgen.load.composer import MAP_TAG, STR_TAG
from quizgen.load.yamlfile import NULL_WORDS, is_null, is_refused
from quizgen.model import Position

Entries = dict[str, tuple[yaml.Node, yaml.Node]]
"""A mapping's entries by key text: (key node, value node)."""


def position(node: yaml.Node, first_line: int = 1) -> Position:
    """The 1-based position where a node starts."""
    return Position(node.start_mark.line + first_line, node.start_mark.column + 1)


class NodeReader:
    """Reads nodes of one file, recording a Problem for everything that is not as expected."""

    def __init__(self, path: str, first_line: int = 1) -> None:
        self.path = path
        self.first_line = first_line
        self.problems: list[Problem] = []

    def error(self, node: yaml.Node, message: str) -> None:
        """Record a problem at ``node``."""
        where = position(node, self.first_line)
        self.problems.append(Problem(self.path, where.line, where.column, message))

    def position(self, node: yaml.Node) -> Position:
        """The 1-based position of ``node`` in this file."""
        return position(node, self.first_line)

    def mapping(
        self,
        node: yaml.Node,
        what: str,
        required: tuple[str, ...] = (),
        optional: tuple[str, ...] | None = (),
    ) -> Entries | None:
        """A mapping's entries, checking duplicate, unknown and missing keys.

        ``optional=None`` accepts any key (for mappings keyed by the user's own names).
        """
        if is_refused(node):
            return None
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{what} must be a mapping (key: value lines)")
            return None
        keys = MappingKeys(self, what, required, optional)
        for key_node, value_node in node.value:
            keys.accept(key_node, value_node)
        return keys.finish(node)

    def text(self, node: yaml.Node, what: str) -> str | None:
        """A non-empty scalar as written in the file (``2025`` and ``"2025"`` alike)."""
        if node.__class__ is yaml.ScalarNode and node.tag == STR_TAG:  # the usual case first
            value: str = node.value.strip()
            if value and (node.style or node.value not in NULL_WORDS):
                return value
        if is_refused(node):
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, f"{what} must be text, not a {_kind_name(node)}")
            return None
        if is_null(node) or not node.value.strip():
            self.error(node, f"{what} must not be empty")
            return None
        return str(node.value).strip()

    def flag(self, node: yaml.Node, what: str) -> bool | None:
        """``true`` or ``false`` (any case); anything else is refused.

        YAML 1.1 also reads yes/no/on/off as booleans; those are refused, so that a value
        means what it says to a reader who does not know that.
        """
        value = self.text(node, what)
        if value is None:
            return None
        if value.casefold() in ("true", "false"):
            return value.casefold() == "true"
        self.error(node, f"{what} must be true or false, not '{value}'")
        return None

    def text_list(self, node: yaml.Node, what: str) -> list[tuple[str, yaml.Node]]:
        """A list of non-empty scalars, each with its node; a single scalar is refused."""
        if is_refused(node):
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, f"{what} must be a list, e.g. [first, second]")
            return []
        for first, number in _split_numbers(node.value):
            self.error(first, f"{what}: {number} is read as several items in a [...] list; "
                              f"quote it: \"{number}\"")
        items = []
        for index, item in enumerate(node.value):
            value = self.text(item, f"{what}[{index}]")
            if value is not None:
                items.append((value, item))
        return items

    def sequence(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        """The items of a sequence node."""
        if is_refused(node):
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, f"{what} must be a list")
            return []
        return list(node.value)


def plain_entries(node: yaml.Node, required: tuple[str, ...] = (),
                  optional: tuple[str, ...] | None = ()) -> Entries | None:
    """A mapping's entries when nothing about them needs a word: else None, and no problem.

    What ``NodeReader.mapping`` returns for a well-formed mapping (every key a plain,
    new, allowed name, none missing), in a third of the time ``MappingKeys`` takes
    (no object, no per-key call): most of a large file is well formed, and any other
    mapping is read again by ``MappingKeys``, which reports what is wrong.
    """
    if node.__class__ is not yaml.MappingNode or node.tag != MAP_TAG:
        return None
    allowed = None if optional is None else _allowed(required, optional)
    entries: Entries = {}
    for key_node, value_node in node.value:
        key = key_node.value
        if (key_node.__class__ is not yaml.ScalarNode or key_node.tag != STR_TAG
                or key in entries or (allowed is not None and key not in allowed)
                or (not key_node.style and key in NULL_WORDS)):
            return None
        entries[key] = (key_node, value_node)
    for key in required:
        if key not in entries:
            return None
    return entries


_ALLOWED: dict[tuple[tuple[str, ...], tuple[str, ...]], frozenset[str]] = {}


def _allowed(required: tuple[str, ...], optional: tuple[str, ...]) -> frozenset[str]:
    """The keys a mapping may have, as a set made once per schema."""
    keys = _ALLOWED.get((required, optional))
    if keys is None:
        keys = _ALLOWED[(required, optional)] = frozenset((*required, *optional))
    return keys


class MappingKeys:
    """Checks a mapping's keys one at a time, as they are read, for a NodeReader.

    Duplicate and unknown keys (with a did-you-mean) are reported as they come; missing
    required keys by ``finish``, except one a misspelt key was taken for.
    """

    def __init__(self, reader: NodeReader, what: str, required: tuple[str, ...] = (),
                 optional: tuple[str, ...] | None = ()) -> None:
        self.reader = reader
        self.what = what
        self.required = required
        self.allowed = None if optional is None else (*required, *optional)
        self.entries: Entries = {}
        self.suggested: set[str] = set()

    def accept(self, key_node: yaml.Node, value_node: yaml.Node) -> str | None:
        """The key, when it is a plain, new and allowed one; else None, reported."""
        what, reader = self.what, self.reader
        if not isinstance(key_node, yaml.ScalarNode) or is_null(key_node):
            reader.error(key_node, f"{what}: keys must be plain names")
            return None
        key = str(key_node.value)
        if key in self.entries:
            first = reader.position(self.entries[key][0]).line
            reader.error(key_node, f"{what}: duplicate key '{key}' (first given on line {first})")
            return None
        if self.allowed is not None and key not in self.allowed:
            close = difflib.get_close_matches(key, self.allowed, n=1, cutoff=0.6)
            self.suggested.update(close)
            hint = (f"did you mean '{close[0]}'?" if close
                    else f"expected one of: {', '.join(self.allowed)}")
            reader.error(key_node, f"{what}: unknown key '{key}' ({hint})")
            return None
        self.entries[key] = (key_node, value_node)
        return key

    def finish(self, node: yaml.Node) -> Entries:
        """The accepted entries, after reporting missing required keys at ``node``."""
        missing = [key for key in self.required
                   if key not in self.entries and key not in self.suggested]
        if missing:
            names = ", ".join(f"'{key}'" for key in missing)
            plural = "s" if len(missing) > 1 else ""
            self.reader.error(node, f"{self.what}: missing required key{plural} {names}")
        return self.entries


def _split_numbers(items: list[yaml.Node]) -> list[tuple[yaml.Node, str]]:
    """Numbers that a flow list split at their thousands commas: ``[4,000]`` -> 4 and 000.

    Returns the first node of each split number and the number as the user wrote it.
    """
    runs: list[tuple[yaml.Node, str]] = []
    index = 0
    while index < len(items):
        end = index
        while end + 1 < len(items) and _continues_number(items[end], items[end + 1]):
            end += 1
        if end > index:
            runs.append((items[index], ",".join(str(n.value) for n in items[index:end + 1])))
        index = end + 1
    return runs


def _continues_number(first: yaml.Node, second: yaml.Node) -> bool:
    """True when ``second`` follows ``first`` after a bare comma and starts with 3 digits."""
    return (
        isinstance(first, yaml.ScalarNode) and isinstance(second, yaml.ScalarNode)
        and not first.style and not second.style
        and first.value[-1:].isdigit() and second.value[:3].isdigit()
        and second.start_mark.index == first.end_mark.index + 1
    )


def _kind_name(node: yaml.Node) -> str:
    return "mapping" if isinstance(node, yaml.MappingNode) else "list"
