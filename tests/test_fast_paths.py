"""Each hand-written fast path gives exactly what the library code it replaces gives."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import genanki
from hypothesis import given
from hypothesis import strategies as st

from quizgen.anki.manifest import content_hash
from quizgen.anki.notes import NOTE_TYPES, NoteType
from quizgen.anki.package import note_guid

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
