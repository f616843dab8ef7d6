"""Reproducible anywhere: SOURCE_DATE_EPOCH for every time stamped, and the manifest found."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from quizgen.cli import cli


def anki(project: Path, *args: str, epoch: str | None = "1700000000") -> Result:
    env = {} if epoch is None else {"SOURCE_DATE_EPOCH": epoch}
    return CliRunner(env=env).invoke(cli, [
        "anki", "--facts", str(project / "facts.yaml"), "--corpus", str(project / "corpus"),
        *args])


def stamps(manifest: Path) -> set[int]:
    document = json.loads(manifest.read_text())
    return {stamp["changed"] for notes in document["facts"].values() for stamp in notes.values()}


def test_source_date_epoch_stamps_every_new_note(tiny_dir: Path) -> None:
    result = anki(tiny_dir, "-o", str(tiny_dir / "out" / "deck.apkg"))
    assert result.exit_code == 0, result.output
    assert stamps(tiny_dir / "out" / "deck.manifest.json") == {1700000000}


@pytest.mark.parametrize("epoch", ["soon", "-1", "1.5", "99999999999999999999", "\uff11\uff12"])
def test_a_bad_source_date_epoch_is_a_clean_error(tiny_dir: Path, epoch: str) -> None:
    result = anki(tiny_dir, "-o", str(tiny_dir / "out" / "deck.apkg"), epoch=epoch)
    assert result.exit_code == 1
    assert result.stderr == (f"quizgen: error: SOURCE_DATE_EPOCH must be whole seconds since "
                             f"1970 (at most 253402300799), not {epoch!r}\n")
    assert not (tiny_dir / "out").exists()


def test_a_deck_built_elsewhere_continues_the_given_manifest(tiny_dir: Path) -> None:
    assert anki(tiny_dir, "-o", str(tiny_dir / "first" / "deck.apkg")).exit_code == 0
    later = anki(tiny_dir, "-o", str(tiny_dir / "second" / "deck.apkg"), "--manifest",
                 str(tiny_dir / "first" / "deck.manifest.json"), epoch="1800000000")
    assert later.exit_code == 0, later.output
    assert "(7 notes from 5 facts: 0 new, 0 updated, 0 retired)" in later.stdout
    assert later.stderr == ""
    assert stamps(tiny_dir / "second" / "deck.manifest.json") == {1700000000}
    assert ((tiny_dir / "second" / "deck.apkg").read_bytes()
            == (tiny_dir / "first" / "deck.apkg").read_bytes())


def test_a_missing_given_manifest_is_an_error(tiny_dir: Path) -> None:
    result = anki(tiny_dir, "-o", str(tiny_dir / "out" / "deck.apkg"), "--manifest",
                  str(tiny_dir / "nope.json"))
    assert result.exit_code == 1
    missing = tiny_dir / "nope.json"
    assert result.stderr == f"quizgen: error: {missing}: no such manifest (--manifest)\n"
