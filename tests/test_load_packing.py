"""The loader's compact forms give what the plain ones give: packed positions, quote search,
the event scan of a file with no anchors."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizgen.load.composer import loader_for
from quizgen.load.corpus import ArticleText
from quizgen.load.yamlfile import _item_events
from quizgen.model import Position, PositionMap
from tests.helpers import REPO

_KEYS = ("question", "answer", "distractors", "distractors.0", "distractors.1", "cloze")


@given(st.integers(1, 2**32 - 1), st.lists(
    st.tuples(st.integers(-2**33, 2**33), st.integers(0, 2**32 - 1)), max_size=len(_KEYS)))
def test_positions_given_as_offsets_are_the_lines_they_stand_for(
        base: int, pairs: list[tuple[int, int]]) -> None:
    keys = _KEYS[:len(pairs)]
    offsets = [n for pair in pairs for n in pair]
    lines = [n for line, column in pairs for n in (base + line, column)]
    try:
        expected: Any = dict(PositionMap.packed(keys, lines))
    except OverflowError:
        expected = OverflowError
    try:
        packed: Any = dict(PositionMap.offsets(keys, base, offsets))
    except OverflowError:
        packed = OverflowError
    assert packed == expected
    if expected is not OverflowError:
        assert expected == {key: Position(base + line, column)
                            for key, (line, column) in zip(keys, pairs, strict=True)}


def test_positions_near_their_base_take_four_bytes_a_field() -> None:
    near = PositionMap.offsets(_KEYS[:3], 70_000, [0, 5, 1, 13, 65_535, 20_000])
    far = PositionMap.offsets(_KEYS[:3], 70_000, [0, 5, 40_000, 13, -1, 1])
    assert dict(near) == {"question": Position(70_000, 5), "answer": Position(70_001, 13),
                          "distractors": Position(135_535, 20_000)}
    assert dict(far)["answer"] == Position(110_000, 13)
    assert dict(far)["distractors"] == Position(69_999, 1)
    assert len(near._data) == 1 + 4 + 4 * 3  # form, base line, (offset, column) a field
    assert len(far._data) == 1 + 8 * 3  # form, (line, column) a field
    assert near.get("cloze") is None and near.get("answer") == Position(70_001, 13)
    with pytest.raises(KeyError):
        near["cloze"]


_WORDS = st.sampled_from(["the", "moon", "“a”", "cost", "—", "$25", "  ", "\n", "é"])
_TEXT = st.lists(_WORDS, min_size=1, max_size=30).map(" ".join)


@given(_TEXT, st.lists(st.one_of(_TEXT, st.tuples(st.integers(0, 200), st.integers(1, 40))),
                       max_size=12))
def test_contains_answers_as_find_does_in_any_order(body: str, asks: list[Any]) -> None:
    text = ArticleText.of(body)
    for ask in asks:  # slices of the body (found, in any order) and other texts
        quote = body[ask[0]:ask[0] + ask[1]] if isinstance(ask, tuple) else ask
        assert text.contains(quote) == (text.find(quote) is not None), quote


def _items(source: bytes) -> list[Any]:
    """Every parse event of ``source`` but the last."""
    loader = loader_for(source)
    events = []
    while (event := loader.get_event()).__class__.__name__ != "StreamEndEvent":
        events.append(event)
    return events


def test_the_shipped_file_is_split_into_plain_facts() -> None:
    events = _items((REPO / "facts.yaml").read_bytes())
    assert not any(getattr(e, "anchor", None) or getattr(e, "tag", None) for e in events)
    start = next(i for i, e in enumerate(events)
                 if getattr(e, "value", None) == "facts") + 2  # past the key and the '['
    index, found = start, []
    while events[index].__class__.__name__ != "SequenceEndEvent":
        rest = iter(events[index + 1:])
        item, plain = _item_events(rest.__next__, events[index])
        found.append((len(item), plain))
        index += len(item)
    assert len(found) > 50 and all(plain for _, plain in found)
