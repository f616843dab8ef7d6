"""The Anki text file, imported into a real collection with Anki's own CSV importer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anki.lang
import pytest
from anki.collection import (
    Collection,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
    ImportCsvRequest,
)
from anki.utils import strip_html

from quizgen.anki.deck import anki_outputs
from quizgen.anki.notes import fact_notes
from quizgen.anki.package import note_guid
from quizgen.model import Bank
from tests.exports import ESCAPING, PROJECTS, job_for, render

FIRST, LATER = 1_750_000_000, 1_750_086_400


@pytest.fixture
def col(tmp_path: Path) -> Iterator[Collection]:
    """A fresh, empty Anki collection."""
    collection = Collection(str(tmp_path / "collection.anki2"))
    yield collection
    collection.close()


def import_apkg(col: Collection, bank: Bank, folder: Path, now: int = FIRST) -> Any:
    path = folder / f"deck-{now}.apkg"
    build = anki_outputs(bank, apkg_name=path.name, previous=None, subdecks=False, now=now)
    path.write_bytes(build.files[0].data)
    request = ImportAnkiPackageRequest(package_path=str(path), options=ImportAnkiPackageOptions())
    return col.import_anki_package(request).log


def import_tsv(col: Collection, directory: Path, folder: Path) -> Any:
    path = folder / "deck.anki.txt"
    path.write_bytes(render(job_for(directory), "anki-tsv"))
    metadata = col.get_csv_metadata(str(path), None)
    assert (metadata.guid_column, metadata.notetype_column, metadata.deck_column,
            metadata.tags_column, metadata.is_html) == (1, 2, 3, 4, True)
    return col.import_csv(ImportCsvRequest(path=str(path), metadata=metadata)).log


def expected_notes(bank: Bank) -> dict[str, tuple[str, list[str], list[str]]]:
    """Each note's GUID with its note type name, fields and tags, as the deck builds them."""
    return {note_guid(bank.deck.id, fact.id, note.note_type):
            (note.note_type.name, list(note.fields), list(note.tags))
            for fact in bank.facts for note in fact_notes(bank, fact)}


def notes_in(col: Collection) -> dict[str, tuple[str, list[str], list[str]]]:
    notes = [col.get_note(nid) for nid in col.find_notes("")]
    return {n.guid: (n.note_type()["name"], list(n.fields), list(n.tags)) for n in notes}


@pytest.mark.parametrize("name", sorted(PROJECTS))
def test_after_the_apkg_every_row_matches_its_note_by_guid(name: str, col: Collection,
                                                           tmp_path: Path) -> None:
    bank = job_for(PROJECTS[name]).bank
    assert len(import_apkg(col, bank, tmp_path).new) == len(expected_notes(bank))
    log = import_tsv(col, PROJECTS[name], tmp_path)
    assert not log.missing_notetype and not log.conflicting and not log.new
    assert len(log.duplicate) == len(expected_notes(bank))  # same content: nothing to change
    assert notes_in(col) == expected_notes(bank)


def test_an_edited_fact_updates_its_notes_through_the_text_file(tiny_dir: Path,
                                                                col: Collection,
                                                                tmp_path: Path) -> None:
    import_apkg(col, job_for(tiny_dir).bank, tmp_path)
    facts = tiny_dir / "facts.yaml"
    old = "Armstrong stepped out first; Aldrin followed about 19 minutes later."
    new = "Armstrong stepped out first & Aldrin <followed> 19 minutes later."
    facts.write_text(facts.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    log = import_tsv(col, tiny_dir, tmp_path)
    assert len(log.updated) == 2  # the fact's basic and cloze notes
    assert not log.new and not log.missing_notetype and not log.conflicting
    assert notes_in(col) == expected_notes(job_for(tiny_dir).bank)


def test_the_apkg_after_the_text_file_still_leaves_one_note_per_fact(tiny_dir: Path,
                                                                     col: Collection,
                                                                     tmp_path: Path) -> None:
    import_apkg(col, job_for(tiny_dir).bank, tmp_path)
    import_tsv(col, tiny_dir, tmp_path)
    facts = tiny_dir / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace(
        "explanation: Perseverance landed in Jezero Crater in February 2021.",
        "explanation: Perseverance landed in Jezero Crater (February 2021)."),
                     encoding="utf-8")
    bank = job_for(tiny_dir).bank
    import_tsv(col, tiny_dir, tmp_path)
    log = import_apkg(col, bank, tmp_path, now=LATER)
    assert not log.new and not log.conflicting
    assert notes_in(col) == expected_notes(bank)


def test_without_the_apkg_anki_reports_each_rows_note_type_missing(col: Collection,
                                                                   tmp_path: Path) -> None:
    """Why README says to import the .apkg first: the file names quizgen's note types."""
    log = import_tsv(col, ESCAPING, tmp_path)
    assert len(log.missing_notetype) == len(expected_notes(job_for(ESCAPING).bank))
    assert col.note_count() == 0


def test_escaped_fields_show_on_the_cards_as_written(col: Collection, tmp_path: Path) -> None:
    anki.lang.set_lang("en")
    bank = job_for(ESCAPING).bank
    import_apkg(col, bank, tmp_path)
    facts = {fact.id: fact for fact in bank.facts}
    facts_by_question = {fact.question: fact for fact in facts.values()}
    # the text file restates every field; re-import it over notes whose fields it changed
    for note_id in col.find_notes(""):
        note = col.get_note(note_id)
        note.fields = ["x"] * len(note.fields)
        col.update_note(note)
    log = import_tsv(col, ESCAPING, tmp_path)
    assert len(log.updated) == len(expected_notes(bank))
    shown = []
    for card_id in col.find_cards('"note:quizgen Basic"'):
        card = col.get_card(card_id)
        question = " ".join(strip_html(card.question()).split())
        answer = " ".join(strip_html(card.answer()).split())
        fact = facts_by_question[question]
        assert " ".join(fact.answer.split()) in answer
        assert " ".join(fact.explanation.split()) in answer
        shown.append(fact.id)
    assert sorted(shown) == sorted(facts)
