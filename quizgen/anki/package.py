"""Write the ``.apkg`` bytes with genanki, with every id and timestamp chosen by quizgen.

genanki stamps notes, cards and note types with one build timestamp and zips the
collection with the wall clock. Here each note and note type carries the time its
content last changed (from the manifest), ids count from the deck's latest change, and
the zip is written with fixed entry dates and order, so unchanged inputs give identical
bytes. This module imports genanki; import it only when building a deck.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import itertools
import re
import shutil
import sqlite3
import sys
import tempfile
import types
import zipfile
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from quizgen.anki.notes import NoteType


@contextlib.contextmanager
def _standard_cached_property() -> Iterator[None]:
    """Within: ``import cached_property`` gives the standard library's, not the backport.

    genanki decorates two methods with the PyPI ``cached_property`` package, which
    imports asyncio (and with it ssl and socket) only to support coroutines: about 30 ms,
    most of a small build's start-up. For plain methods it behaves as the standard
    library's ``functools.cached_property``, so genanki is imported with that one in its
    place; the stand-in is removed afterwards, so nothing else in the process sees it.
    """
    if "cached_property" in sys.modules:  # already imported: genanki uses it as it is
        yield
        return
    stand_in = types.ModuleType("cached_property")
    stand_in.cached_property = functools.cached_property  # type: ignore[attr-defined]
    sys.modules["cached_property"] = stand_in
    try:
        yield
    finally:
        del sys.modules["cached_property"]


with _standard_cached_property():
    import genanki

_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_UNIX = 3
"""ZipInfo.create_system for Unix, fixed so Windows builds give the same bytes."""


class PlannedNote(NamedTuple):
    """A note's content with the time it last changed and the deck it belongs in.

    A named tuple, not a frozen dataclass: one is made per note, and a tuple is made in
    a third of the time (timeit, 66,667 notes: 0.10 s against 0.35 s).
    """

    fact_id: str
    note_type: NoteType
    fields: tuple[str, ...]
    """Escaped HTML, in the note type's field order."""
    tags: tuple[str, ...]
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


_BASE91 = "".join(genanki.util.BASE91_TABLE)
_BASE91_PAIRS = [high + low for high in _BASE91 for low in _BASE91]
"""Every two-digit base-91 number, so a GUID is written two digits per division."""


def note_guid(deck_id: str, fact_id: str, note_type: NoteType) -> str:
    """Derive a note's GUID from the deck and fact ids, never the fields, so edits update.

    The value of ``genanki.guid_for("quizgen", deck_id, fact_id, note_type.key)``, which
    every deck already shipped uses (a test compares the two).
    """
    return note_guids(deck_id)(fact_id, note_type)


def note_guids(deck_id: str) -> Callable[[str, NoteType], str]:
    """``note_guid`` for the notes of one deck, as a function of the fact and note type.

    ``genanki.guid_for``'s loops over bytes and digits in Python are done here two
    base-91 digits at a time, and the hash of the ids' common start is taken once.
    """
    start = hashlib.sha256(f"quizgen__{deck_id}__".encode())
    pairs, digits = _BASE91_PAIRS, _BASE91

    def guid(fact_id: str, note_type: NoteType) -> str:
        key = start.copy()
        key.update(f"{fact_id}__{note_type.key}".encode())
        number = int.from_bytes(key.digest()[:8], "big")
        text = ""
        while number >= 91:
            number, pair = divmod(number, 91 * 91)
            text = pairs[pair] + text
        # The last division leaves 1..90 (a lone leading digit) or a pair >= 91 (whose
        # high digit is not zero), so no leading zero is written, as genanki writes none.
        return digits[number] + text if number else text

    return guid


_CLOZE_NUMBER = re.compile(r"{{c(\d+)::.+?}}", re.DOTALL)
"""How genanki finds a cloze note's cards (``Note._cloze_cards``)."""


def _card_rule(note_type: NoteType, req: Sequence[Any]
               ) -> Callable[[Sequence[str]], Collection[int]]:
    """How to find the cards genanki gives a note of this type, in genanki's order.

    Front/back: each template whose required fields are filled (the model's ``req``).
    Cloze: one card per distinct ``{{cN::`` number of the Text field, in the order of
    genanki's set of them (none without a deletion: quizgen skips such notes).
    """
    if note_type.is_cloze:
        return lambda fields: {int(m) - 1 for m in _CLOZE_NUMBER.findall(fields[0])
                               if int(m) > 0}
    if all(len(required) == 1 for _, _, required in req):
        # One required field per template (both "any" and "all" of it): whether it is
        # filled, without a generator per note.
        single = [(ordinal, required[0]) for ordinal, _, required in req]
        return lambda fields: [ordinal for ordinal, index in single if fields[index]]
    ops = {"any": any, "all": all}
    rules = [(ordinal, ops[which], required) for ordinal, which, required in req]
    return lambda fields: [ordinal for ordinal, test, required in rules
                           if test(fields[index] for index in required)]


def _write_notes(cursor: Any, notes: Iterable[PlannedNote], deck_id: str,
                 models: dict[str, tuple[NoteType, Any]], deck_ids: dict[str, int],
                 ids: Iterator[int]) -> None:
    """Insert the notes and their cards exactly as genanki's ``Note.write_to_db`` would.

    The same rows, with the same ids, in the same order (each note, then its cards), so
    the SQLite file is byte-identical to genanki's; but made straight from quizgen's
    plain note content instead of through a genanki Note per note, which validates its
    tags, scans its fields for HTML and recomputes its cards through its own objects.
    The rows: notes (id, guid, mid, mod, usn, tags, flds, sfld, csum, flags, data) and
    cards (id, nid, did, ord, mod, usn, type, queue, due, ivl, factor, reps, lapses,
    left, odue, odid, flags, data).

    The order matters: SQLite gives each table's pages out as rows arrive, so writing
    all notes before all cards (one ``executemany`` each) makes another file. Per note
    ``execute`` stays; everything per note type is worked out once, before the loop.
    """
    rules = {key: _card_rule(model_type, model.to_json(0, 0)["req"])
             for key, (model_type, model) in models.items()}
    model_ids = {key: model.model_id for key, (_, model) in models.items()}
    tag_texts: dict[tuple[str, ...], str] = {}
    guid = note_guids(deck_id)
    insert_note = functools.partial(cursor.execute,
                                    "INSERT INTO notes VALUES(?,?,?,?,?,?,?,?,?,?,?);")
    insert_card, insert_cards = (
        functools.partial(method, "INSERT INTO cards VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?);")
        for method in (cursor.execute, cursor.executemany))
    for fact_id, note_type, fields, tags, changed, deck_name, due in notes:
        key = note_type.key
        note_id = next(ids)
        tag_text = tag_texts.get(tags)
        if tag_text is None:
            tag_text = tag_texts[tags] = " " + " ".join(tags) + " "
        insert_note((note_id, guid(fact_id, note_type), model_ids[key], changed,
                     -1, tag_text, "\x1f".join(fields), fields[0], 0, 0, ""))
        did = deck_ids[deck_name]
        ordinals = rules[key](fields)
        if len(ordinals) == 1:  # most notes: one card, inserted without a list around it
            insert_card((next(ids), note_id, did, next(iter(ordinals)), changed, -1, 0, 0, due,
                         0, 0, 0, 0, 0, 0, 0, 0, ""))
        else:
            insert_cards([(next(ids), note_id, did, ordinal, changed, -1, 0, 0, due,
                           0, 0, 0, 0, 0, 0, 0, 0, "") for ordinal in ordinals])


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


def _entry(name: str, size: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
    info.create_system = _UNIX
    info.external_attr = 0o644 << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    info._compresslevel = 6  # type: ignore[attr-defined]  # what writestr(compresslevel=6) sets
    info.file_size = size
    return info


def _zip(collection: Path) -> bytes:
    """The ``.apkg``: the collection file, then an empty media map, at fixed dates.

    The collection is deflated as it is read, in 1 MiB pieces, rather than read into
    memory whole first: ``ZipFile.writestr`` is this same ``open``-and-write, and zlib's
    output does not depend on how its input is split, so the bytes are the same.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = _entry("collection.anki2", collection.stat().st_size)
        with collection.open("rb") as data, archive.open(info, "w") as entry:
            shutil.copyfileobj(data, entry, 1 << 20)
        with archive.open(_entry("media", 2), "w") as entry:
            entry.write(b"{}")
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
    models = {note_type.key: (note_type, _model(note_type, changed))
              for note_type, changed in note_types}
    genanki_decks = {
        name: genanki.Deck(stable_id("quizgen", deck_id, name), name, description)
        for name, description in decks
    }
    for deck in genanki_decks.values():
        for _, model in models.values():  # a deck writes the note types it has: all of them
            deck.add_model(model)
    ids = itertools.count(latest * 1000)
    with tempfile.TemporaryDirectory(prefix="quizgen-") as scratch:
        path = Path(scratch) / "collection.anki2"
        connection = sqlite3.connect(path)
        try:
            # A scratch file read once and deleted: no rollback journal and no fsync
            # (neither is recorded in the file, whose bytes are the same). genanki's
            # schema script commits once per statement: 56 fdatasync calls per deck
            # (strace), each a wait on a shared disk.
            connection.execute("PRAGMA journal_mode=OFF")
            connection.execute("PRAGMA synchronous=OFF")
            cursor = connection.cursor()
            genanki.Package(list(genanki_decks.values())).write_to_db(cursor, latest, ids)
            _write_notes(cursor, notes, deck_id, models,
                         {name: deck.deck_id for name, deck in genanki_decks.items()}, ids)
            connection.commit()
        finally:
            connection.close()
        return _zip(path)
