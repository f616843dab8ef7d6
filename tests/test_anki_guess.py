"""The deck is written in one pass on a guess of its latest change time: same bytes as exact.

Note and card ids count from the deck's latest change time, which is known only once
every note is hashed; ``anki_outputs`` guesses it (``_unchanged_latest``) and writes
again only when the guess was wrong. Each build here is compared with the same build
forced down the other paths: a guess later than every note (a second, exact pass) and a
guess earlier than every note (each pass stopped by the first later note).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import quizgen.anki.deck
import quizgen.anki.package
from quizgen.anki.deck import AnkiBuild, anki_outputs
from quizgen.anki.manifest import MAX_TIME, Manifest
from quizgen.load.facts import load_bank
from tests.helpers import DATA

FIRST = 1_750_000_000
LATER = FIRST + 86_400


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A writable copy of tests/data/anki."""
    shutil.copytree(DATA / "anki", tmp_path / "project")
    return tmp_path / "project"


def edit(project: Path, old: str, new: str) -> None:
    facts = project / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    facts.write_text(text.replace(old, new), encoding="utf-8")



@pytest.fixture
def build(project: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., tuple[AnkiBuild, int]]:
    """Build the project as it is now; return the build and how many passes wrote it.

    Checks on the way that the build forced down the other two paths is the same.
    """
    passes = [0]
    package_bytes = quizgen.anki.package.package_bytes

    def counted(*args: Any) -> bytes:
        passes[0] += 1
        return package_bytes(*args)

    monkeypatch.setattr(quizgen.anki.package, "package_bytes", counted)
    guess = quizgen.anki.deck._unchanged_latest

    def run(previous: Manifest | None, now: int, cards: str = "both") -> tuple[AnkiBuild, int]:
        bank = load_bank(project / "facts.yaml", project / "corpus")

        def one() -> AnkiBuild:
            return anki_outputs(bank, apkg_name="deck.apkg", previous=previous,
                                subdecks=False, now=now, cards=cards)

        passes[0] = 0
        natural = one()
        natural_passes = passes[0]
        for forced in (MAX_TIME, 0):
            monkeypatch.setattr(quizgen.anki.deck, "_unchanged_latest",
                                lambda *args, value=forced: value)
            other = one()
            assert [file.data for file in other.files] == [file.data for file in natural.files]
            assert other.summary == natural.summary
            monkeypatch.setattr(quizgen.anki.deck, "_unchanged_latest", guess)
        return natural, natural_passes

    return run


def test_a_first_build_and_an_unchanged_rebuild_are_written_once(
    build: Callable[..., tuple[AnkiBuild, int]],
) -> None:
    first, passes = build(None, FIRST)
    assert passes == 1
    again, passes = build(first.manifest, LATER)
    assert passes == 1
    assert again.files == first.files


def test_an_edited_fact_is_found_later_than_the_guess_and_written_again_once(
    build: Callable[..., tuple[AnkiBuild, int]], project: Path,
) -> None:
    first, _ = build(None, FIRST)
    edit(project, "answer: Columbia", "answer: Columbia (CSM-107)")
    edited, passes = build(first.manifest, LATER)
    assert passes == 2
    assert edited.changes.updated == ("command-module-name",)
    assert edited.manifest.facts["command-module-name"]["basic"].changed == LATER


def test_a_clock_behind_the_manifest_stamps_one_second_later_in_two_passes(
    build: Callable[..., tuple[AnkiBuild, int]], project: Path,
) -> None:
    first, _ = build(None, LATER)
    edit(project, "answer: Columbia", "answer: Columbia (CSM-107)")
    edit(project, "answer: Neil Armstrong", "answer: Neil A. Armstrong")
    edited, passes = build(first.manifest, FIRST)
    assert passes == 2
    assert edited.manifest.facts["command-module-name"]["basic"].changed == LATER + 1
    assert edited.manifest.facts["first-moonwalker"]["basic"].changed == LATER + 1


def test_a_new_fact_and_a_retired_one_keep_their_times(
    build: Callable[..., tuple[AnkiBuild, int]], project: Path,
) -> None:
    first, _ = build(None, FIRST)
    edit(project, "  - id: escaped-tag\n", "  - id: escaped-tag-draft\n")
    second, passes = build(first.manifest, LATER)
    assert passes == 1 and second.changes.new == ("escaped-tag-draft",)  # guessed: now
    edit(project, "  - id: escaped-tag-draft\n", "  - id: escaped-tag\n")
    third, passes = build(second.manifest, LATER + 10)
    # Back from retirement unchanged: its old time, so the guess (now) was too late.
    assert passes == 2
    assert third.manifest.facts["escaped-tag"] == first.manifest.facts["escaped-tag"]


def test_notes_left_out_by_cards_leave_a_guess_too_late_and_a_second_pass(
    build: Callable[..., tuple[AnkiBuild, int]], project: Path,
) -> None:
    first, _ = build(None, FIRST)
    edit(project, "step onto the {{c2::Moon::celestial body}}", "walk on the {{c2::Moon}}")
    second, _ = build(first.manifest, LATER)
    assert second.manifest.facts["first-moonwalker"]["cloze"].changed == LATER
    basic, passes = build(second.manifest, LATER + 10, "basic")
    assert passes == 2  # the guess counted the cloze note's time, which no note has now
    assert basic.changes.updated == ()
