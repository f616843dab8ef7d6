"""Build the Anki package and its manifest from a bank: a pure function, no I/O.

Students import the deck and keep re-importing it as the facts are corrected, so
quizgen owns identity and time: each note's GUID comes from the deck and fact ids,
and each note's modification time is the time its content last changed, read from
the previous build's manifest. Unchanged inputs give byte-identical files; an edited
fact gets a newer time, so Anki updates that note in place and nothing else.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from quizgen.anki.manifest import (
    Changes,
    Manifest,
    Restamper,
    Stamp,
    content_hash,
    manifest_bytes,
    notes_hash,
)
from quizgen.anki.notes import NOTE_TYPES, Notes, escape, note_fields, topic_tag
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


class _Later(Exception):
    """A note changed later than the deck's guessed latest time: its ids were wrong."""

    def __init__(self, changed: int) -> None:
        super().__init__(changed)
        self.changed = changed


def _unchanged_latest(previous: Manifest | None, bank: Bank, note_types: Iterable[Stamp],
                      now: int) -> int:
    """The deck's latest change time if no fact changed since ``previous``.

    Exact for a first build (every note is new, stamped ``now``) and for a rebuild of
    unchanged facts. Every earlier time of the bank's notes is at most this ``guess``,
    so a changed note is stamped ``max(now, earlier + 1)``: ``now`` for all of them when
    ``now > guess``, else at most ``guess + 1``. So the first note found later than the
    guess has the latest time of all.
    """
    latest = max(stamp.changed for stamp in note_types)
    if previous is None or previous.deck_id != bank.deck.id:
        return max(latest, now)
    for fact in bank.facts:
        before = previous.facts.get(fact.id)
        if not before:  # a new fact (stamped now), or one back from retirement
            latest = max(latest, now)
            before = previous.retired.get(fact.id, {})
        for stamp in before.values():
            latest = max(latest, stamp.changed)
    return latest


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

    deck_id = bank.deck.id
    used = {fact.topic for fact in bank.facts}
    tags = {topic: (topic_tag(topic),) for topic in used}
    names = deck_names(bank, subdecks=subdecks)
    decks = [(bank.deck.title, escape(bank.deck.description))]
    if subdecks:
        decks += [(names[t.id], escape(t.description)) for t in bank.topics if t.id in used]
    type_hashes = _note_type_hashes()

    def stamper() -> Restamper:
        return Restamper(previous, deck_id, type_hashes, now)

    def hashes(tag: tuple[str, ...], notes: Notes) -> dict[str, str]:
        return {note_type.key: notes_hash(fields, tag) for note_type, fields in notes}

    def package(latest: int, stamps: Restamper, stamp: bool) -> bytes:
        """The ``.apkg``, its ids counted from ``latest``; ``stamp``: stamp each fact first.

        Raises _Later, having written nothing, on a note changed after ``latest``.
        """
        def planned() -> Iterator[PlannedNote]:
            due = 0
            for fact in bank.facts:
                tag = tags[fact.topic]
                notes = note_fields(bank, fact, cards)
                times = stamps.fact(fact.id, hashes(tag, notes)) if stamp else stamps.facts[fact.id]
                for note_type, fields in notes:
                    changed = times[note_type.key].changed
                    if changed > latest:
                        raise _Later(changed)
                    yield PlannedNote(fact.id, note_type, fields, tag, changed,
                                      names[fact.topic], due)
                    due += 1

        note_types = [(t, stamps.note_types[t.key].changed) for t in NOTE_TYPES]
        return package_bytes(deck_id, decks, planned(), note_types, latest)

    # Note and card ids count from the deck's latest change time, known only once every
    # note is hashed. Rather than make every note twice, once to hash it and once to
    # write it (or hold them all: ~80 MB at 50,000 facts), the deck is written on a
    # guess of that time: exact for first builds and unchanged rebuilds. A note changed
    # later than the guess stops the pass, and the next pass guesses its time, which is
    # then right (see _unchanged_latest). A guess later than every note (a note left out
    # by --cards, a fact back from retirement unchanged) costs a second writing pass.
    # Each way, the same bytes (tests/test_anki_guess.py forces every path).
    stamps = stamper()
    guess = _unchanged_latest(previous, bank, stamps.note_types.values(), now)
    while True:
        try:
            apkg = package(guess, stamps, stamp=True)
            break
        except _Later as later:  # the guess only grows, to a time some note has
            guess, stamps = later.changed, stamper()
    if stamps.latest != guess:
        apkg = package(stamps.latest, stamps, stamp=False)
    manifest, changes = stamps.result()
    files = (
        OutputFile(apkg_name, apkg),
        OutputFile(manifest_name(apkg_name), manifest_bytes(manifest)),
    )
    first_build = previous is None or previous.deck_id != bank.deck.id
    note_count = sum(len(kinds) for kinds in manifest.facts.values())
    return AnkiBuild(files, manifest, DeckChanges(changes, note_count, first_build,
                                                   len(bank.facts)))
