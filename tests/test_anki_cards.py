"""quizgen anki --cards basic|cloze|both: one note per fact when a student asks for it."""

from __future__ import annotations

from pathlib import Path

import pytest
from anki.collection import Collection
from click.testing import CliRunner

from quizgen.anki.deck import anki_outputs
from quizgen.anki.notes import BASIC, CLOZE
from quizgen.anki.package import note_guid
from quizgen.cli import cli
from tests.test_anki import FIRST_BUILD, all_cards, build, col, import_build, load, project, text

__all__ = ["col", "project"]  # fixtures used here


def notes_of_kind(bank_facts: int, col: Collection) -> dict[str, int]:
    counts: dict[str, int] = {}
    for nid in col.find_notes(""):
        name = col.get_note(nid).note_type()["name"]  # type: ignore[index]
        counts[name] = counts.get(name, 0) + 1
    return counts


def test_the_default_is_both_and_gives_todays_bytes(project: Path) -> None:
    bank = load(project)
    default = build(bank)
    both = anki_outputs(bank, apkg_name="deck.apkg", previous=None, subdecks=False,
                        now=FIRST_BUILD, cards="both")
    assert default.files == both.files
    assert default.summary.note_count == len(bank.facts) + sum(1 for f in bank.facts if f.cloze)


@pytest.mark.parametrize("cards", ["basic", "cloze"])
def test_one_note_per_fact_imports_into_anki_and_every_card_has_a_front(
    project: Path, col: Collection, tmp_path: Path, cards: str
) -> None:
    bank = load(project)
    result = anki_outputs(bank, apkg_name="deck.apkg", previous=None, subdecks=False,
                          now=FIRST_BUILD, cards=cards)
    log = import_build(col, result, tmp_path / "out")
    assert len(log.new) == len(bank.facts) == result.summary.note_count
    guids = {col.get_note(nid).guid for nid in col.find_notes("")}
    for fact in bank.facts:
        kind = CLOZE if cards == "cloze" and fact.cloze else BASIC
        assert note_guid(bank.deck.id, fact.id, kind) in guids
    cloze_facts = sum(1 for fact in bank.facts if fact.cloze)
    assert 0 < cloze_facts < len(bank.facts)  # the fixture has both sorts of fact
    expected = ({"quizgen Basic": len(bank.facts)} if cards == "basic" else
                {"quizgen Basic": len(bank.facts) - cloze_facts, "quizgen Cloze": cloze_facts})
    assert notes_of_kind(len(bank.facts), col) == expected
    cards_shown = all_cards(col)
    assert len(cards_shown) >= len(bank.facts)
    for card in cards_shown:
        front = text(card.question())
        assert front and "The front of this card is blank" not in front


def test_cli_anki_and_build_take_cards(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    runner = CliRunner()
    bank = load(project)
    both = runner.invoke(cli, ["anki", "-o", "both/deck.apkg"])
    assert both.exit_code == 0, both.output
    default_bytes = (project / "both" / "deck.apkg").read_bytes()
    again = runner.invoke(cli, ["anki", "-o", "both/deck.apkg", "--cards", "both"])
    assert again.exit_code == 0 and "0 new, 0 updated" in again.output
    assert (project / "both" / "deck.apkg").read_bytes() == default_bytes
    basic = runner.invoke(cli, ["build", "--format", "anki", "--cards", "basic",
                                "--out-dir", "basic", "--no-lint"])  # a hostile fixture
    assert basic.exit_code == 0, basic.output
    facts = len(bank.facts)
    assert f"({facts} notes from {facts} facts: {facts} new" in basic.output
    bad = runner.invoke(cli, ["anki", "--cards", "all"])
    assert bad.exit_code == 2 and "'all' is not one of 'basic', 'cloze', 'both'" in bad.output


def test_leaving_the_cloze_notes_out_updates_no_fact(project: Path) -> None:
    bank = load(project)
    first = build(bank)
    basic = anki_outputs(bank, apkg_name="deck.apkg", previous=first.manifest, subdecks=False,
                         now=FIRST_BUILD + 60, cards="basic")
    assert basic.changes.updated == () and basic.changes.new == ()
