"""Build the Anki package and its manifest from a bank: a pure function, no I/O.

Students import the deck and keep re-importing it as the facts are corrected, so
quizgen owns identity and time: each note's GUID comes from the deck and fact ids,
and each note's modification time is the time its content last changed, read from
the previous build's manifest. Unchanged inputs give byte-identical files; an edited
fact gets a newer time, so Anki updates that note in place and nothing else.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from quizgen.anki.manifest import (
    Changes,
    Manifest,
    content_hash,
    manifest_bytes,
    notes_hash,
    restamp,
)
from quizgen.anki.notes import NOTE_TYPES, escape, note_fields, topic_tag
from quizgen.model import Bank
from quizgen.outputs import OutputFile


@dataclass(frozen=True)
class DeckChanges:
    """What a deck build changed since the previous manifest: all a report needs."""

    changes: Changes
    note_count: int
    first_build: bool
    """True when there was no previous manifest for this deck: every fact is new."""
    fact_count: int
    """Facts the notes were made from (each makes a Basic note, and a Cloze one if it has one)."""


@dataclass(frozen=True)
class AnkiBuild:
    """The files of one deck build, its manifest, and what changed since the previous one."""

    files: tuple[OutputFile, ...]
    """The ``.apkg``, then its manifest."""
    manifest: Manifest
    summary: DeckChanges

    @property
    def changes(self) -> Changes:
        """The facts new, updated and retired since the previous manifest."""
        return self.summary.changes


def apkg_name(bank: Bank) -> str:
    """The deck's file name: ``<deck id>.apkg``."""
    return f"{bank.deck.id}.apkg"


def manifest_name(apkg_name: str) -> str:
    """Name the manifest beside a deck: ``decks/x.apkg`` -> ``decks/x.manifest.json``."""
    path = PurePosixPath(apkg_name)
    return str(path.with_name(f"{path.stem}.manifest.json"))


def deck_names(bank: Bank, *, subdecks: bool) -> dict[str, str]:
    """Map each topic id to its deck: the deck title, or a ``Title::Topic`` subdeck."""
    return {
        topic.id: f"{bank.deck.title}::{topic.description}" if subdecks else bank.deck.title
        for topic in bank.topics
    }


def _note_type_hashes() -> dict[str, str]:
    """Hash every part of each note type Anki stores: fields, templates and CSS."""
    return {t.key: content_hash(dataclasses.astuple(t)) for t in NOTE_TYPES}


def anki_outputs(
    bank: Bank,
    *,
    apkg_name: str,
    previous: Manifest | None,
    subdecks: bool,
    now: int,
    cards: str = "both",
) -> AnkiBuild:
    """Build the deck ``apkg_name`` and its manifest for ``bank``.

    ``previous`` is the manifest of the last build (None for the first): unchanged notes
    keep its times, changed and new notes get ``now`` (Unix seconds), so rebuilding from
    unchanged inputs and manifest gives identical bytes whatever ``now`` is. ``cards``
    chooses the notes of each fact (see ``fact_notes``).
    """
    from quizgen.anki.package import PlannedNote, package_bytes

    tags = {topic: (topic_tag(topic),) for topic in {fact.topic for fact in bank.facts}}
    # Note content is made twice, to hash it and then to write it, rather than held
    # for every fact at once: at 50,000 facts that saves ~80 MB for ~0.5 s.
    fact_hashes = [
        (fact.id, {note_type.key: notes_hash(fields, tags[fact.topic])
                   for note_type, fields in note_fields(bank, fact, cards)})
        for fact in bank.facts
    ]
    manifest, changes = restamp(previous, bank.deck.id, _note_type_hashes(), fact_hashes, now)
    note_count = sum(len(hashes) for _, hashes in fact_hashes)
    del fact_hashes

    names = deck_names(bank, subdecks=subdecks)
    used = {fact.topic for fact in bank.facts}
    decks = [(bank.deck.title, escape(bank.deck.description))]
    if subdecks:
        decks += [(names[t.id], escape(t.description)) for t in bank.topics if t.id in used]
    note_types = [(t, manifest.note_types[t.key].changed) for t in NOTE_TYPES]

    def planned_notes() -> Iterator[PlannedNote]:
        due = 0
        for fact in bank.facts:
            stamps = manifest.facts[fact.id]
            for note_type, fields in note_fields(bank, fact, cards):
                yield PlannedNote(fact.id, note_type, fields, tags[fact.topic],
                                  stamps[note_type.key].changed, names[fact.topic], due)
                due += 1

    latest = max([changed for _, changed in note_types]
                 + [stamp.changed for stamps in manifest.facts.values()
                    for stamp in stamps.values()])
    apkg = package_bytes(bank.deck.id, decks, planned_notes(), note_types, latest)
    files = (
        OutputFile(apkg_name, apkg),
        OutputFile(manifest_name(apkg_name), manifest_bytes(manifest)),
    )
    first_build = previous is None or previous.deck_id != bank.deck.id
    return AnkiBuild(files, manifest, DeckChanges(changes, note_count, first_build,
                                                   len(bank.facts)))
