"""The deck build's hand-joined text gives exactly what the library calls it replaces give."""

from __future__ import annotations

import html
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen.anki.manifest import (
    Manifest,
    Stamp,
    content_hash,
    manifest_bytes,
    notes_hash,
    read_manifest,
)
from quizgen.anki.notes import NOTE_TYPES, NoteType, escape

# Any text JSON can hold as UTF-8: control characters, quotes, backslashes, non-ASCII.
_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)
_STAMP = st.builds(Stamp, _TEXT, st.integers(0, 253402300799))
_STAMPS = st.dictionaries(_TEXT, _STAMP, max_size=3)


@given(_TEXT)
def test_escape_is_html_escape_without_quotes(text: str) -> None:
    assert escape(text) == html.escape(text, quote=False)


@given(st.lists(_TEXT, max_size=6), st.lists(_TEXT, max_size=3))
def test_notes_hash_is_the_content_hash(fields: list[str], tags: list[str]) -> None:
    assert notes_hash(tuple(fields), tuple(tags)) == content_hash(fields, tags)


def _manifest_by_json_dumps(manifest: Manifest) -> bytes:
    """The manifest as first written: every value through ``json.dumps``."""

    def stamps(entries: dict[str, Stamp]) -> dict[str, object]:
        return {key: {"changed": s.changed, "hash": s.hash} for key, s in entries.items()}

    def lines(entries: dict[str, object]) -> str:
        if not entries:
            return "{}"
        return "{\n" + ",\n".join(
            f"    {json.dumps(key, ensure_ascii=False)}: "
            f"{json.dumps(value, ensure_ascii=False, sort_keys=True)}"
            for key, value in sorted(entries.items())) + "\n  }"

    header = {"deck": manifest.deck_id, "format": 1, "generator": "quizgen"}
    parts = [f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in header.items()]
    sections: dict[str, dict[str, object]] = {
        "note_types": stamps(dict(manifest.note_types)),
        "facts": {key: stamps(dict(notes)) for key, notes in manifest.facts.items()},
        "retired": {key: stamps(dict(notes)) for key, notes in manifest.retired.items()},
    }
    parts += [f"  {json.dumps(k)}: {lines(v)}" for k, v in sections.items()]
    return ("{\n" + ",\n".join(parts) + "\n}\n").encode("utf-8")


@given(_TEXT, _STAMPS, st.dictionaries(_TEXT, _STAMPS, max_size=4),
       st.dictionaries(_TEXT, _STAMPS, max_size=2))
def test_manifest_bytes_are_json_dumps_text(deck_id: str, note_types: dict[str, Stamp],
                                           facts: dict[str, dict[str, Stamp]],
                                           retired: dict[str, dict[str, Stamp]]) -> None:
    manifest = Manifest(deck_id, note_types, facts, retired)
    data = manifest_bytes(manifest)
    assert data == _manifest_by_json_dumps(manifest)
    assert read_manifest(data, "m.json") == manifest


_FIELD = st.sampled_from(["", "x", "{{c1::a}}", "{{c2::b}} and {{c1::c}}", "{{c0::z}}"])


@settings(deadline=None)  # the first genanki Note works out its model's required fields
@given(st.lists(_FIELD, min_size=5, max_size=5), st.sampled_from(NOTE_TYPES))
def test_card_rules_give_the_cards_genanki_gives(fields: list[str], note_type: NoteType) -> None:
    import genanki

    from quizgen.anki.package import _card_rule, _model

    model = _model(note_type, 0)
    fields = fields[: len(note_type.fields)]
    expected = [card.ord for card in genanki.Note(model=model, fields=fields).cards]
    assert list(_card_rule(note_type, model.to_json(0, 0)["req"])(fields)) == expected
