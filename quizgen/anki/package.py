"""Write the ``.apkg`` bytes with genanki, with every id and timestamp chosen by quizgen.

genanki stamps notes, cards and note types with one build timestamp and zips the
collection with the wall clock. Here each note and note type carries the time its
content last changed (from the manifest), ids count from the deck's latest change, and
the zip is written with fixed entry dates and order, so unchanged inputs give identical
bytes. This module imports genanki; import it only when building a deck.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import genanki

from quizgen.anki.notes import NoteContent, NoteType

_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_UNIX = 3
"""ZipInfo.create_system for Unix, fixed so Windows builds give the same bytes."""


@dataclass(frozen=True)
class PlannedNote:
    """A note's content with the time it last changed and the deck it belongs in."""

    content: NoteContent
    changed: int
    deck_name: str
    due: int
    """Position in the deck's new-card queue: the notes' order in facts.yaml."""


class _StampedNote(genanki.Note):  # type: ignore[misc]
    """A genanki note whose mod (and its cards' mod) is the time its content last changed."""

    def __init__(self, changed: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.changed = changed

    def write_to_db(self, cursor: Any, timestamp: float, deck_id: int, id_gen: Any) -> None:
        """Write the note as genanki does, but stamped with its own change time."""
        super().write_to_db(cursor, self.changed, deck_id, id_gen)


class _StampedModel(genanki.Model):  # type: ignore[misc]
    """A genanki note type whose mod is the time its templates or CSS last changed."""

    def __init__(self, changed: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.changed = changed

    def to_json(self, timestamp: float, deck_id: int) -> Any:
        """Describe the note type as genanki does, stamped with its own change time."""
        return super().to_json(self.changed, deck_id)


def stable_id(*names: str) -> int:
    """Derive a positive 62-bit id (for a deck) from stable names."""
    digest = hashlib.sha256("\x1f".join(names).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") >> 2 or 1


def note_guid(deck_id: str, fact_id: str, note_type: NoteType) -> str:
    """Derive a note's GUID from the deck and fact ids, never the fields, so edits update."""
    return str(genanki.guid_for("quizgen", deck_id, fact_id, note_type.key))


def _model(note_type: NoteType, changed: int) -> Any:
    return _StampedModel(
        changed,
        model_id=note_type.model_id,
        name=note_type.name,
        fields=[{"name": name} for name in note_type.fields],
        templates=[
            {
                "name": note_type.template_name,
                "qfmt": note_type.question_format,
                "afmt": note_type.answer_format,
            }
        ],
        css=note_type.css,
        model_type=genanki.Model.CLOZE if note_type.is_cloze else genanki.Model.FRONT_BACK,
    )


def _zip(entries: Sequence[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.create_system = _UNIX
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    return buffer.getvalue()


def package_bytes(
    deck_id: str,
    decks: Sequence[tuple[str, str]],
    notes: Iterable[PlannedNote],
    note_types: Sequence[tuple[NoteType, int]],
    latest: int,
) -> bytes:
    """Build the ``.apkg`` for these notes, in order, each in its named deck.

    ``deck_id`` namespaces the note GUIDs. ``decks`` lists (name, HTML description) in
    the order they are written; every ``deck_name`` of a note must be among them.
    ``note_types`` pairs each note type with the time it last changed; a note is written
    with the note type of that list whose key matches its own. ``latest`` is the latest
    of all those change times: note and card ids count from it. The result depends only
    on the arguments.

    ``notes`` is read once, and each note is written as it is read and then let go
    (genanki's own Deck would keep every note until the end), into an SQLite file
    rather than memory: a 50,000-fact deck is built without holding it all at once.
    """
    models = {note_type.key: _model(note_type, changed) for note_type, changed in note_types}
    genanki_decks = {
        name: genanki.Deck(stable_id("quizgen", deck_id, name), name, description)
        for name, description in decks
    }
    for deck in genanki_decks.values():
        for model in models.values():  # a deck writes the note types it has: all of them
            deck.add_model(model)
    ids = itertools.count(latest * 1000)
    with tempfile.TemporaryDirectory(prefix="quizgen-") as scratch:
        path = Path(scratch) / "collection.anki2"
        connection = sqlite3.connect(path)
        try:
            cursor = connection.cursor()
            genanki.Package(list(genanki_decks.values())).write_to_db(cursor, latest, ids)
            for note in notes:
                _StampedNote(
                    note.changed,
                    model=models[note.content.note_type.key],
                    fields=list(note.content.fields),
                    tags=list(note.content.tags),
                    guid=note_guid(deck_id, note.content.fact_id, note.content.note_type),
                    due=note.due,
                ).write_to_db(cursor, latest, genanki_decks[note.deck_name].deck_id, ids)
            connection.commit()
        finally:
            connection.close()
        collection = path.read_bytes()
    return _zip([("collection.anki2", collection), ("media", b"{}")])
