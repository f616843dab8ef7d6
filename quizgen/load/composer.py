"""Composing: YAML's parse events into nodes that remember their line and column.

Only composing is done, never constructing, so a ``!!python/...`` tag is reported
and never executed. Parsing is PyYAML's own ``CBaseLoader`` (libyaml) when PyYAML was
built with it, else its pure-Python ``BaseLoader``; composing is PyYAML's ``Composer``'s
work in one loop, with two additions: a nesting limit (recursion would otherwise
overflow Python's stack before libyaml's own limit of 1000 levels) and aliases that are
reported where each one is written, not at their anchor.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.composer import Composer, ComposerError

try:
    from yaml import CBaseLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import BaseLoader as _BaseLoader  # type: ignore[assignment]

MAX_DEPTH = 100
"""Deepest nesting read; facts.yaml needs five levels."""
MAX_ALIAS_NODES = 10_000
"""Most nodes all aliases of one file may stand for (a bound on alias bombs)."""
STANDARD_TAG = "tag:yaml.org,2002:"
"""What every tag of plain YAML starts with."""
STR_TAG, SEQ_TAG, MAP_TAG = (STANDARD_TAG + name for name in ("str", "seq", "map"))
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

    def __init__(self, stream: str | bytes) -> None:
        _BaseLoader.__init__(self, stream)
        Composer.__init__(self)
        self.depth = 0
        self.alias_nodes = 0

    get_single_node = Composer.get_single_node  # not CParser's: it would skip compose_node

    # PyYAML's types are typeshed's guesses (anchors are str, not dict): Any here.
    def compose_node(self, parent: Any, index: Any, replay: list[Any] | None = None) -> Any:
        """PyYAML's ``Composer.compose_node``, as one loop, refusing deep nesting.

        The same nodes, marks and errors as PyYAML's recursive composer, which makes
        three to five Python calls per node (``compose_node``, ``compose_*_node``, a
        ``check_event`` per step, ``descend_resolver``, ``ascend_resolver``,
        ``resolve``); this loop takes each event once with ``get_event``, and a
        ``BaseResolver`` has no implicit or path resolvers, so an untagged node's tag is
        always its kind's default (``resolve`` would return just that). Composing 50,000
        facts took 5.3-6.5 s of CPU, now 3.7-3.9 s: a tenth above libyaml's bare event
        scan, and level with libyaml's own C composer.

        ``replay``: events already taken from the parser, to compose first (see
        ``DocumentStream``); the node's remaining events are then taken from the parser.
        """
        get_event, anchors = self.get_event, self.anchors
        if replay is not None:
            get_event = _replaying(replay, get_event)
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


def _replaying(events: list[Any], get_event: Any) -> Any:
    """A ``get_event`` that hands out ``events`` first, then the parser's next ones."""
    pending = iter(events)

    def next_event() -> Any:
        return next(pending, None) or get_event()  # an event is never false

    return next_event


def loader_for(text: str | bytes) -> _Loader:
    """A loader for ``text`` or its UTF-8 bytes: one that copies aliases only if it may."""
    has_star = b"*" in text if isinstance(text, bytes) else "*" in text
    return _AliasLoader(text) if has_star else _Loader(text)
