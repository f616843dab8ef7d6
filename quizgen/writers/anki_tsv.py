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
import functools
import io
from collections.abc import Iterable, Iterator

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
    return b"".join(anki_tsv_pieces(job))


def anki_tsv_pieces(job: BuildJob) -> Iterator[bytes]:
    """The text file in UTF-8 pieces of some rows, as ``build`` streams it.

    At 50,000 facts the file is 26 MB, so it is never whole in memory.
    """
    from quizgen.anki.deck import deck_names
    from quizgen.anki.notes import note_fields, topic_tag
    from quizgen.anki.package import note_guids
    from quizgen.outputs import PIECE_CHARS

    bank = job.bank
    decks = deck_names(bank, subdecks=job.output.subdecks)
    tags = {topic: topic_tag(topic) for topic in decks}
    guid, cards = note_guids(bank.deck.id), job.output.cards
    buffer = io.StringIO()
    buffer.write(HEADER)
    write = csv.writer(buffer, delimiter="\t", lineterminator="\n").writerow
    for fact in bank.facts:
        for note_type, fields in note_fields(bank, fact, cards):
            write((guid(fact.id, note_type), note_type.name, decks[fact.topic],
                   tags[fact.topic], *fields))
        if buffer.tell() >= PIECE_CHARS:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def _render(job: BuildJob) -> Iterable[OutputFile]:
    return [OutputFile.streamed(FILE.format(deck=job.bank.deck.id),
                                functools.partial(anki_tsv_pieces, job))]


FORMAT = Format(
    "anki-tsv",
    "The Anki notes as a text file for File > Import, same GUIDs as the .apkg",
    (FILE,),
    _render,
    needs=(),
)
