"""Each hand-written fast path gives exactly what the library code it replaces gives."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import subprocess
import sys

import genanki
import pytest
from hypothesis import given
from hypothesis import strategies as st

import quizgen.text
from quizgen.anki.manifest import content_hash
from quizgen.anki.notes import NOTE_TYPES, NoteType
from quizgen.anki.package import note_guid
from quizgen.load.facts import load_bank
from quizgen.model import Bank
from quizgen.plan.planner import QuizSettings, _fact_content, build_id
from quizgen.text import fold_quote
from tests.helpers import REPO

_TEXT = st.text(max_size=40)


@given(_TEXT, _TEXT, st.sampled_from(NOTE_TYPES))
def test_note_guid_is_genankis_guid(deck_id: str, fact_id: str, note_type: NoteType) -> None:
    assert note_guid(deck_id, fact_id, note_type) == genanki.guid_for(
        "quizgen", deck_id, fact_id, note_type.key)


@given(st.lists(_TEXT, max_size=5), st.lists(_TEXT, max_size=3))
def test_content_hash_hashes_the_compact_json(fields: list[str], tags: list[str]) -> None:
    text = json.dumps([fields, tags], ensure_ascii=False, separators=(",", ":"))
    expected = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    assert content_hash(fields, tags) == expected


def test_genanki_is_imported_without_asyncio_and_leaves_no_stand_in() -> None:
    code = ("import sys, quizgen.anki.package as p; "
            "print('asyncio' in sys.modules, 'cached_property' in sys.modules, "
            "type(p.genanki.Model._req).__module__)")
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout.split()
    assert shown == ["False", "False", "functools"]


def _build_id_in_one_piece(bank: Bank, settings: QuizSettings) -> str:
    """The build id as first written: one JSON text of the whole content, hashed."""
    content = {
        "deck": dataclasses.asdict(bank.deck),
        "topics": [dataclasses.asdict(topic) for topic in bank.topics],
        "facts": [_fact_content(fact) for fact in bank.facts],
        "articles": {slug: bank.articles[slug].citation() for slug in sorted(bank.articles)},
        "settings": dataclasses.asdict(settings),
    }
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:8]


@pytest.mark.parametrize("facts", [0, 1, 999, 1000, 1001, 2500])
def test_build_id_hashes_the_whole_content_text(facts: int) -> None:
    bank = load_bank(REPO / "facts.yaml", REPO / "corpus")
    many = dataclasses.replace(bank, facts=(bank.facts * (facts // len(bank.facts) + 1))[:facts])
    settings = QuizSettings(versions=2, topics=("x",), title="T")
    assert build_id(many, settings) == _build_id_in_one_piece(many, settings)


_FOLDED = st.sampled_from("ab 1.,'\"\t\n\u2019\u201c\u2014\u00e9\u3000-")


@given(st.text(alphabet=_FOLDED, max_size=30))
def test_fold_quote_skips_translating_ascii_text_only(text: str) -> None:
    expected = re.sub(r"\s+", " ", text.translate(quizgen.text._QUOTES)).strip()
    assert fold_quote(text) == expected
