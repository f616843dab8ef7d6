"""The Anki deck as a text file: ``<deck id>.anki.txt``, for Anki's File -> Import.

One row per note of the ``.apkg`` (the same ``--cards`` choice), with the same GUID,
note type, deck, tags and fields, so importing either file updates the same notes and
never duplicates them.

The rows name quizgen's own note types ("quizgen Basic", "quizgen Cloze"), not Anki's
built-in Basic and Cloze: a text import matches notes by GUID, and a note of another
type under the same GUID is a conflict Anki skips, so built-in types would leave the
text file and the package unable to update each other's notes (and would squeeze the
explanation and sources into one Back field). The price: the ``.apkg`` must be imported
once first, so the note types exist; without them Anki reports every row's note type
as missing and imports nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from quizgen.outputs import OutputFile
from quizgen.writers.base import BuildJob, Format

FILE = "{deck}.anki.txt"
HEADER = (
    "#separator:tab\n"
    "#html:true\n"
    "#guid column:1\n"
    "#notetype column:2\n"
    "#deck column:3\n"
    "#tags column:4\n"
)
"""Anki's file headers: which column holds what; the note's fields follow, in order."""


def anki_tsv(job: BuildJob) -> bytes:
    """Every note of the deck as a tab-separated row: GUID, note type, deck, tags, fields."""
    from quizgen.anki.deck import deck_names
    from quizgen.anki.notes import fact_notes
    from quizgen.anki.package import note_guid

    bank = job.bank
    decks = deck_names(bank, subdecks=job.output.subdecks)
    buffer = io.BytesIO()  # getvalue hands its bytes over without a copy
    text = io.TextIOWrapper(buffer, encoding="utf-8", newline="")
    text.write(HEADER)
    deck_id, cards = bank.deck.id, job.output.cards
    # One writerows call over a generator rather than a writerow call per note.
    csv.writer(text, delimiter="\t", lineterminator="\n").writerows(
        (note_guid(deck_id, fact.id, note.note_type), note.note_type.name, decks[note.topic],
         " ".join(note.tags), *note.fields)
        for fact in bank.facts for note in fact_notes(bank, fact, cards))
    text.detach()  # flushes, and leaves the buffer open
    return buffer.getvalue()


def _render(job: BuildJob) -> Iterable[OutputFile]:
    return [OutputFile(FILE.format(deck=job.bank.deck.id), anki_tsv(job))]


FORMAT = Format(
    "anki-tsv",
    "The Anki notes as a text file for File > Import, same GUIDs as the .apkg",
    (FILE,),
    _render,
    needs=(),
)
