"""quizgen anki: decks imported into a real Anki collection (the ``anki`` package), no mocks."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anki.lang
import pytest
from anki.collection import (
    Card,
    Collection,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
    Note,
)
from anki.scheduler.v3 import CardAnswer
from anki.utils import strip_html
from click.testing import CliRunner, Result

import quizgen.anki.deck
from quizgen.anki.deck import AnkiBuild, anki_outputs
from quizgen.anki.manifest import Changes, Manifest, Stamp, read_manifest, restamp
from quizgen.anki.notes import BASIC, CLOZE, escape_cloze, fact_notes
from quizgen.anki.package import note_guid
from quizgen.cli import cli
from quizgen.errors import DataError
from quizgen.load.facts import load_bank
from quizgen.model import Bank
from tests.helpers import DATA

FIXTURE = DATA / "anki"
FIRST_BUILD = 1_750_000_000
LATER = FIRST_BUILD + 86_400
TITLE = "Anki Fixture"

anki.lang.set_lang("en")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A writable copy of tests/data/anki (facts.yaml and corpus/)."""
    target = tmp_path / "project"
    shutil.copytree(FIXTURE, target)
    return target


@pytest.fixture
def col(tmp_path: Path) -> Iterator[Collection]:
    """A fresh, empty Anki collection."""
    folder = tmp_path / "anki"
    folder.mkdir()
    collection = Collection(str(folder / "collection.anki2"))
    yield collection
    collection.close()


def load(project: Path) -> Bank:
    return load_bank(project / "facts.yaml", project / "corpus")


def edit_facts(project: Path, old: str, new: str) -> None:
    facts = project / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    facts.write_text(text.replace(old, new), encoding="utf-8")


def build(
    bank: Bank, previous: Manifest | None = None, now: int = FIRST_BUILD, subdecks: bool = False
) -> AnkiBuild:
    return anki_outputs(bank, apkg_name="deck.apkg", previous=previous, subdecks=subdecks, now=now)


def import_build(col: Collection, result: AnkiBuild, folder: Path) -> Any:
    folder.mkdir(parents=True, exist_ok=True)
    apkg = folder / "deck.apkg"
    apkg.write_bytes(result.files[0].data)
    request = ImportAnkiPackageRequest(package_path=str(apkg), options=ImportAnkiPackageOptions())
    return col.import_anki_package(request).log


def notes_by_guid(col: Collection) -> dict[str, Note]:
    notes = [col.get_note(nid) for nid in col.find_notes("")]
    return {note.guid: note for note in notes}


def all_cards(col: Collection) -> list[Card]:
    return [col.get_card(cid) for cid in sorted(col.find_cards(""))]


def text(html: str) -> str:
    """Rendered card HTML as a student reads it: style, tags and entities resolved."""
    return " ".join(strip_html(html).split())


def review_cards(col: Collection, count: int) -> None:
    """Study ``count`` cards with the real v3 scheduler, answering Easy."""
    col.decks.select(col.decks.id_for_name(TITLE))
    for _ in range(count):
        queued = col.sched.get_queued_cards(fetch_limit=1).cards[0]
        card = col.get_card(queued.card.id)
        card.start_timer()
        col.sched.answer_card(
            col.sched.build_answer(card=card, states=queued.states, rating=CardAnswer.EASY)
        )


def scheduling(col: Collection) -> list[Any]:
    return col.db.all("select id, nid, did, ivl, due, type, queue, reps from cards order by id")


def test_import_creates_a_basic_note_per_fact_and_a_cloze_note_per_cloze_fact(
    project: Path, col: Collection, tmp_path: Path
) -> None:
    bank = load(project)
    log = import_build(col, build(bank), tmp_path / "out")

    notes = notes_by_guid(col)
    cloze_facts = [fact for fact in bank.facts if fact.cloze]
    assert len(log.new) == len(bank.facts) + len(cloze_facts) == len(notes) == 7
    for fact in bank.facts:
        note = notes[note_guid(bank.deck.id, fact.id, BASIC)]
        assert note.note_type()["name"] == "quizgen Basic"
        assert note.tags == [f"quizgen::{fact.topic}"]
        assert strip_html(note["Question"]) == fact.question
        assert strip_html(note["Answer"]) == fact.answer
        assert note["Fact"] == fact.id
        for source in fact.sources:
            assert source.quote in strip_html(note["Sources"])
    for fact in cloze_facts:
        note = notes[note_guid(bank.deck.id, fact.id, CLOZE)]
        assert note.note_type()["name"] == "quizgen Cloze"
        assert note["Text"] == escape_cloze(fact.cloze or "")
    assert {col.decks.name(card.did) for card in all_cards(col)} == {TITLE}


def test_cards_are_due_in_facts_file_order(project: Path, col: Collection, tmp_path: Path) -> None:
    bank = load(project)
    import_build(col, build(bank), tmp_path / "out")

    facts_order = [fact.id for fact in bank.facts]
    by_due = sorted(all_cards(col), key=lambda card: (card.due, card.ord))
    fact_ids = [card.note()["Fact"] for card in by_due]
    assert list(dict.fromkeys(fact_ids)) == facts_order


def test_every_card_renders_its_question_and_answer_in_anki(
    project: Path, col: Collection, tmp_path: Path
) -> None:
    bank = load(project)
    import_build(col, build(bank), tmp_path / "out")
    facts = {fact.id: fact for fact in bank.facts}

    cards = all_cards(col)
    assert len(cards) == 8  # the first-moonwalker cloze has two deletions
    for card in cards:
        fact = facts[card.note()["Fact"]]
        question, answer = text(card.question()), text(card.answer())
        for rendered in (question, answer):
            assert rendered
            assert "front of this card is blank" not in rendered.lower()
        assert fact.sources[0].quote.split()[-1] in answer
        assert "Example" in answer  # the outlet in the source line
        if card.note_type()["name"] == "quizgen Basic":
            assert fact.question in question
            assert 'class="answer"' not in card.question()
            assert fact.answer in answer
        else:
            assert "[...]" in question or "[celestial body]" in question


def test_a_supplied_title_shows_on_the_card_back_as_supplied(
    project: Path, col: Collection, tmp_path: Path
) -> None:
    """An article without a headline is cited by its curator's title, in brackets."""
    article = project / "corpus" / "moon-landing.md"
    article.write_text(article.read_text(encoding="utf-8").replace(
        'title: "Humans Walk on the Moon"\n',
        'title: "Humans Walk on the Moon"\ntitle_supplied: true\n'), encoding="utf-8")
    import_build(col, build(load(project)), tmp_path / "out")
    backs = [text(card.answer()) for card in all_cards(col)]
    cited = [back for back in backs if "Humans Walk on the Moon" in back]
    assert cited
    assert all("[Humans Walk on the Moon] (title supplied), The Daily Example" in back
               for back in cited)
    assert not any("“Humans Walk on the Moon”" in back for back in backs)


def test_html_special_characters_show_as_text(
    project: Path, col: Collection, tmp_path: Path
) -> None:
    bank = load(project)
    import_build(col, build(bank), tmp_path / "out")
    notes = notes_by_guid(col)

    script = notes[note_guid(bank.deck.id, "script-element", BASIC)]
    card = script.cards()[0]
    assert "<script>" not in card.question() and "<p>" not in card.answer()
    assert "which element's code does a browser run, <script> or <p>?" in text(card.question())
    assert "The article contrasts <script> & <p>." in text(card.answer())
    assert "“Tags & Text: How Browsers Read <HTML>”, The Example Gazette" in text(card.answer())

    entity = notes[note_guid(bank.deck.id, "escaped-tag", BASIC)]
    assert "&lt;script&gt;" in text(entity.cards()[0].answer())

    cloze = notes[note_guid(bank.deck.id, "script-element", CLOZE)]
    cloze_card = cloze.cards()[0]
    assert "inside a [...] element & shows the text of a <p> element." in text(
        cloze_card.question()
    )
    assert "inside a <script> element & shows" in text(cloze_card.answer())


def test_reimporting_the_unchanged_deck_adds_and_updates_nothing(
    project: Path, col: Collection, tmp_path: Path
) -> None:
    first = build(load(project))
    import_build(col, first, tmp_path / "one")
    review_cards(col, 2)
    before = scheduling(col)

    again = build(load(project), previous=first.manifest, now=LATER)
    log = import_build(col, again, tmp_path / "two")

    assert again.files == first.files
    assert (len(log.new), len(log.updated), len(log.duplicate)) == (0, 0, 7)
    assert len(col.find_notes("")) == 7
    assert scheduling(col) == before


def test_reimport_updates_only_the_edited_fact_and_keeps_review_history(
    project: Path, col: Collection, tmp_path: Path
) -> None:
    first = build(load(project))
    import_build(col, first, tmp_path / "one")
    review_cards(col, 4)
    revlog = col.db.all("select * from revlog order by id")
    before = scheduling(col)
    assert len(revlog) == 4 and any(row[3] > 0 for row in before)  # reviewed, with intervals

    edit_facts(project, "answer: Columbia", "answer: Columbia (CSM-107)")
    edited = build(load(project), previous=first.manifest, now=LATER)
    log = import_build(col, edited, tmp_path / "two")

    bank = load(project)
    edited_guid = note_guid(bank.deck.id, "command-module-name", BASIC)
    assert edited.changes.updated == ("command-module-name",)
    assert [entry.id.nid for entry in log.updated] == [notes_by_guid(col)[edited_guid].id]
    assert (len(log.new), len(log.duplicate)) == (0, 6)
    assert notes_by_guid(col)[edited_guid]["Answer"] == "Columbia (CSM-107)"
    assert col.db.all("select * from revlog order by id") == revlog
    assert scheduling(col) == before


def test_a_students_own_edit_survives_reimport_of_an_unchanged_deck(
    project: Path, col: Collection, tmp_path: Path
) -> None:
    bank = load(project)
    first = build(bank)
    import_build(col, first, tmp_path / "one")
    note = col.get_note(col.find_notes('"Fact:apollo-11-cost" "note:quizgen Basic"')[0])
    note["Explanation"] = "My own mnemonic: 355 = three fives, minus the middle."
    col.update_note(note)

    log = import_build(col, build(bank, first.manifest, LATER), tmp_path / "two")

    assert len(log.updated) == 0
    assert col.get_note(note.id)["Explanation"].startswith("My own mnemonic")


def test_rebuild_gives_identical_bytes(project: Path) -> None:
    first = build(load(project))
    second = build(load(project), previous=first.manifest, now=LATER)
    third = build(load(project), previous=read_manifest(second.files[1].data, "m"), now=LATER + 1)

    digests = [
        [hashlib.sha256(f.data).hexdigest() for f in b.files] for b in (first, second, third)
    ]
    assert digests[0] == digests[1] == digests[2]


BUILD_SCRIPT = """
import hashlib, sys
from pathlib import Path
from quizgen.anki.deck import anki_outputs
from quizgen.load.facts import load_bank
bank = load_bank(Path(sys.argv[1]) / "facts.yaml", Path(sys.argv[1]) / "corpus")
build = anki_outputs(bank, apkg_name="d.apkg", previous=None, subdecks=True, now=1750000000)
print(" ".join(hashlib.sha256(f.data).hexdigest() for f in build.files))
"""


def test_bytes_do_not_depend_on_hash_seed_or_time_zone() -> None:
    digests = set()
    for seed, zone in (("0", "UTC"), ("1", "Asia/Tokyo"), ("4242", "America/New_York")):
        env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": zone}
        result = subprocess.run(
            [sys.executable, "-c", BUILD_SCRIPT, str(FIXTURE)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        digests.add(result.stdout.strip())
    assert len(digests) == 1


def test_subdecks_put_each_topic_in_its_own_deck(
    project: Path, col: Collection, tmp_path: Path
) -> None:
    bank = load(project)
    import_build(col, build(bank, subdecks=True), tmp_path / "out")

    decks = {card.note()["Fact"]: col.decks.name(card.did) for card in all_cards(col)}
    assert decks["script-element"] == "Anki Fixture::Markup & escaping"
    assert decks["apollo-11-cost"] == "Anki Fixture::The Moon landings"


def test_a_style_change_reaches_the_collection_without_touching_notes(
    project: Path, col: Collection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = build(load(project))
    import_build(col, first, tmp_path / "one")
    restyled = BASIC.css + ".answer { text-decoration: underline; }\n"
    monkeypatch.setattr(
        quizgen.anki.deck, "NOTE_TYPES", (dataclasses.replace(BASIC, css=restyled), CLOZE)
    )

    second = build(load(project), previous=first.manifest, now=LATER)
    log = import_build(col, second, tmp_path / "two")

    assert second.manifest.note_types["basic"].changed == LATER
    assert second.manifest.facts == first.manifest.facts
    assert (len(log.new), len(log.updated)) == (0, 0)
    col.models._clear_cache()  # the Python-side cache does not see the import
    assert col.models.by_name("quizgen Basic")["css"] == restyled


def test_removed_fact_is_reported_retired_and_restored_unchanged(project: Path) -> None:
    first = build(load(project))
    edit_facts(project, "  - id: escaped-tag\n", "  - id: escaped-tag-draft\n")

    second = build(load(project), previous=first.manifest, now=LATER)
    assert second.changes.retired == ("escaped-tag",)
    assert second.changes.new == ("escaped-tag-draft",)
    assert "escaped-tag" in second.manifest.retired

    edit_facts(project, "  - id: escaped-tag-draft\n", "  - id: escaped-tag\n")
    third = build(load(project), previous=second.manifest, now=LATER + 10)
    assert third.changes == Changes(new=("escaped-tag",), retired=("escaped-tag-draft",))
    assert third.manifest.facts["escaped-tag"] == first.manifest.facts["escaped-tag"]


def test_an_edit_in_the_same_second_still_gets_a_strictly_newer_time() -> None:
    previous = Manifest("d", facts={"f": {"basic": Stamp("old", FIRST_BUILD)}})

    manifest, changes = restamp(previous, "d", {}, [("f", {"basic": "new"})], FIRST_BUILD)

    assert manifest.facts["f"]["basic"] == Stamp("new", FIRST_BUILD + 1)
    assert changes.updated == ("f",)


def test_a_template_change_restamps_only_its_note_type() -> None:
    previous = Manifest(
        "d", note_types={"basic": Stamp("b1", FIRST_BUILD), "cloze": Stamp("c1", FIRST_BUILD)}
    )

    manifest, _ = restamp(previous, "d", {"basic": "b2", "cloze": "c1"}, [], LATER)

    assert manifest.note_types == {"basic": Stamp("b2", LATER), "cloze": Stamp("c1", FIRST_BUILD)}


def test_a_manifest_for_another_deck_is_ignored() -> None:
    previous = Manifest("other", facts={"f": {"basic": Stamp("h", FIRST_BUILD)}})

    manifest, changes = restamp(previous, "d", {}, [("f", {"basic": "h"})], LATER)

    assert changes.new == ("f",) and manifest.retired == {}
    assert manifest.facts["f"]["basic"].changed == LATER


def test_cloze_without_deletions_gets_no_cloze_note(project: Path) -> None:
    bank = load(project)
    fact = dataclasses.replace(bank.facts[0], cloze="No deletion {{c0::here}} at all.")

    assert [note.note_type for note in fact_notes(bank, fact)] == [BASIC]


def test_note_types_are_pinned() -> None:
    # Changing any of these makes Anki treat every student's notes as conflicting.
    assert (BASIC.model_id, BASIC.name, BASIC.fields) == (
        1_734_060_101,
        "quizgen Basic",
        ("Question", "Answer", "Explanation", "Sources", "Fact"),
    )
    assert (CLOZE.model_id, CLOZE.name, CLOZE.fields) == (
        1_734_060_102,
        "quizgen Cloze",
        ("Text", "Explanation", "Sources", "Fact"),
    )
    assert note_guid("deck", "fact", BASIC) != note_guid("other-deck", "fact", BASIC)


def test_damaged_manifest_is_reported_with_its_position() -> None:
    with pytest.raises(DataError) as raised:
        read_manifest(b'{\n  "format": 1,\n  "deck": }\n', "decks/d.manifest.json")

    assert str(raised.value) == "decks/d.manifest.json:3:11: error: Expecting value"


def run_cli(project: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Result:
    monkeypatch.chdir(project)
    return CliRunner().invoke(cli, ["anki", *args])


def test_cli_writes_deck_and_manifest_and_reports_changes(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = run_cli(project, monkeypatch)
    assert first.exit_code == 0, first.output
    assert first.output == (
        "wrote decks/anki-fixture.apkg (7 notes from 5 facts: 5 new, 0 updated, 0 retired)\n"
        "wrote decks/anki-fixture.manifest.json\n"
        "no previous manifest: every fact is new\n"
    )
    deck = (project / "decks" / "anki-fixture.apkg").read_bytes()

    edit_facts(project, "answer: about $355 million", "answer: about $355 million (1969)")
    second = run_cli(project, monkeypatch)
    assert second.output == (
        "wrote decks/anki-fixture.apkg (7 notes from 5 facts: 0 new, 1 updated, 0 retired)\n"
        "wrote decks/anki-fixture.manifest.json\n"
        "  updated: apollo-11-cost\n"
    )
    assert (project / "decks" / "anki-fixture.apkg").read_bytes() != deck

    third = run_cli(project, monkeypatch)
    assert third.output == (
        "unchanged decks/anki-fixture.apkg (7 notes from 5 facts: 0 new, 0 updated, 0 retired)\n"
        "unchanged decks/anki-fixture.manifest.json\n"
    )


def test_cli_warns_when_the_deck_exists_without_its_manifest(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run_cli(project, monkeypatch).stderr == ""
    (project / "decks" / "anki-fixture.manifest.json").unlink()

    result = run_cli(project, monkeypatch)

    assert result.exit_code == 0
    assert result.stderr == (
        "warning: decks/anki-fixture.manifest.json is missing, so every note is stamped as "
        "changed: importing this deck updates every note, overwriting students' own edits\n"
    )


def test_cli_on_bad_facts_writes_nothing_and_keeps_the_existing_deck(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run_cli(project, monkeypatch, "-o", "out/deck.apkg").exit_code == 0
    written = {path: path.read_bytes() for path in (project / "out").iterdir()}
    edit_facts(project, "quote: aboard the command module", "quote: aboard the lunar module")

    result = run_cli(project, monkeypatch, "-o", "out/deck.apkg")

    assert result.exit_code == 1
    assert "facts.yaml:" in result.output and "Traceback" not in result.output
    assert {path: path.read_bytes() for path in (project / "out").iterdir()} == written
    assert not (project / "decks").exists()


def test_cli_reports_a_damaged_manifest_and_writes_nothing(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "decks").mkdir()
    (project / "decks" / "anki-fixture.manifest.json").write_text("{oops\n")

    result = run_cli(project, monkeypatch)

    assert result.exit_code == 1
    assert result.output.startswith(
        "decks/anki-fixture.manifest.json:1:2: error: Expecting property name"
    )
    assert not (project / "decks" / "anki-fixture.apkg").exists()
