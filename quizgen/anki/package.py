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
import re
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Sequence
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


_CLOZE_NUMBER = re.compile(r"{{c(\d+)::.+?}}", re.DOTALL)
"""How genanki finds a cloze note's cards (``Note._cloze_cards``)."""


def _card_ords(note_type: NoteType, fields: Sequence[str], req: Sequence[Any]) -> Iterable[int]:
    """The cards genanki gives a note, in genanki's order, so the rows match its own.

    Front/back: each template whose required fields are filled (the model's ``req``).
    Cloze: one card per distinct ``{{cN::`` number of the Text field, in the order of
    genanki's set of them (none without a deletion: quizgen skips such notes).
    """
    if note_type.is_cloze:
        return {int(m) - 1 for m in _CLOZE_NUMBER.findall(fields[0]) if int(m) > 0}
    ops = {"any": any, "all": all}
    return [ordinal for ordinal, which, required in req
            if ops[which](fields[index] for index in required)]


def _write_notes(cursor: Any, notes: Iterable[PlannedNote], deck_id: str,
                 models: dict[str, Any], deck_ids: dict[str, int],
                 ids: Iterator[int]) -> None:
    """Insert the notes and their cards exactly as genanki's ``Note.write_to_db`` would.

    The same rows, with the same ids, in the same order (each note, then its cards), so
    the SQLite file is byte-identical to genanki's; but made straight from quizgen's
    plain note content instead of through a genanki Note per note, which validates its
    tags, scans its fields for HTML and recomputes its cards through its own objects.
    The rows: notes (id, guid, mid, mod, usn, tags, flds, sfld, csum, flags, data) and
    cards (id, nid, did, ord, mod, usn, type, queue, due, ivl, factor, reps, lapses,
    left, odue, odid, flags, data).
    """
    req = {key: model.to_json(0, 0)["req"] for key, model in models.items()}
    insert_note = "INSERT INTO notes VALUES(?,?,?,?,?,?,?,?,?,?,?);"
    insert_cards = "INSERT INTO cards VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?);"
    for note in notes:
        content = note.content
        key = content.note_type.key
        note_id = next(ids)
        fields = content.fields
        cursor.execute(insert_note, (
            note_id, note_guid(deck_id, content.fact_id, content.note_type),
            models[key].model_id, note.changed, -1, " " + " ".join(content.tags) + " ",
            "\x1f".join(fields), fields[0], 0, 0, ""))
        did = deck_ids[note.deck_name]
        cursor.executemany(insert_cards, [
            (next(ids), note_id, did, ordinal, note.changed, -1, 0, 0, note.due,
             0, 0, 0, 0, 0, 0, 0, 0, "")
            for ordinal in _card_ords(content.note_type, fields, req[key])])


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
            _write_notes(cursor, notes, deck_id, models,
                         {name: deck.deck_id for name, deck in genanki_decks.items()}, ids)
            connection.commit()
        finally:
            connection.close()
        collection = path.read_bytes()
    return _zip([("collection.anki2", collection), ("media", b"{}")])
