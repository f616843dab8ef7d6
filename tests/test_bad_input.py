"""Bad input that must be located exactly: deep nesting, aliases, lost files, Unicode, size.

The catalogue of bad files with their exact messages is tests/data/bad/ (run by
test_loader.py); these are the cases that need a generated input or a measurement.
"""

from __future__ import annotations

import random
import re
import time
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizgen.cli import cli
from quizgen.load.corpus import ArticleText
from quizgen.load.facts import load_bank
from quizgen.load.yamlfile import MAX_DEPTH

DISTRACTORS = "distractors: [Buzz Aldrin, Michael Collins, Yuri Gagarin]"
EXPLANATION = ("    explanation: Armstrong stepped out first; Aldrin followed about 19 minutes "
               "later.\n")


def check(project: Path) -> tuple[int, list[str]]:
    """Exit code and stderr lines of ``quizgen check`` in ``project``."""
    outcome = CliRunner().invoke(cli, ["check", "--facts", str(project / "facts.yaml"),
                                       "--corpus", str(project / "corpus")])
    assert "Traceback" not in outcome.output
    assert outcome.exception is None or isinstance(outcome.exception, SystemExit)
    return outcome.exit_code, outcome.stderr.splitlines()


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 500, 999, 1000, 1001, 1200])
@pytest.mark.parametrize("style", ["flow", "block"])
def test_nesting_at_any_depth_is_one_clean_error_where_it_exceeds(
        tiny_dir: Path, depth: int, style: str) -> None:
    """Lists nested 500-999 deep used to overflow Python's stack in PyYAML's composer."""
    facts = tiny_dir / "facts.yaml"
    text = facts.read_text()
    # The fact mapping is level 3 (file, facts list, fact): the nesting starts at 4.
    levels = depth - 3
    if style == "flow":
        text = text.replace(DISTRACTORS, "distractors: " + "[" * levels + "]" * levels)
        where = f"14:{18 + MAX_DEPTH - 3}"
    else:
        nested = "".join("  " * (level + 3) + "x:\n" for level in range(levels))
        text = text.replace(EXPLANATION, "    explanation:\n" + nested)
        where = f"{16 + MAX_DEPTH - 3}:{2 * MAX_DEPTH + 1}"
    message = (f"nesting deeper than {MAX_DEPTH} levels: quizgen reads lists and mappings "
               "a few levels deep")
    if style == "flow" and depth > 1000:
        # libyaml's scanner reads flow brackets ahead, and stops at 1000 levels itself.
        where, message = "14:1015", ("exceeded maximum nesting depth (while increasing flow "
                                     "level at line 14)")
    facts.write_text(text)
    code, lines = check(tiny_dir)
    assert code == 1
    assert lines == [f"{facts}:{where}: error: invalid YAML: {message}", "1 problem found."]


def test_nesting_at_the_limit_is_read(tiny_dir: Path) -> None:
    facts = tiny_dir / "facts.yaml"
    levels = MAX_DEPTH - 3
    facts.write_text(facts.read_text().replace(
        DISTRACTORS, "distractors: " + "[" * levels + "]" * levels))
    _, lines = check(tiny_dir)
    assert lines[0].endswith("14:19: error: distractors[0] must be text, not a list")


def test_alias_bomb_is_refused_at_the_alias(tiny_dir: Path) -> None:
    """Nine aliases of nine aliases ... stand for a billion values: refused, quickly."""
    facts = tiny_dir / "facts.yaml"
    bomb = ["bomb:", "  a: &a [x, x, x, x, x, x, x, x, x]"]
    for level in "bcdefghi":
        before = chr(ord(level) - 1)
        bomb.append(f"  {level}: &{level} [{', '.join(['*' + before] * 9)}]")
    facts.write_text(facts.read_text() + "\n".join(bomb) + "\n")
    started = time.perf_counter()
    code, lines = check(tiny_dir)
    assert time.perf_counter() - started < 5
    assert code == 1
    assert lines[0] == (f"{facts}:67:10: error: invalid YAML: aliases stand for more than "
                        "10000 values in all (at *d): write the values out")


def test_missing_facts_file_still_reports_corpus_problems(tiny_dir: Path) -> None:
    (tiny_dir / "facts.yaml").unlink()
    article = tiny_dir / "corpus" / "mars-rover.md"
    article.write_text(article.read_text().replace("title:", "titel:"))
    code, lines = check(tiny_dir)
    assert code == 1
    assert lines == [
        f"{article}:2:1: error: front matter: unknown key 'titel' (did you mean 'title'?)",
        f"{tiny_dir / 'facts.yaml'}:1:1: error: no such file",
        "2 problems found.",
        "To start a new project here, run: quizgen init",
    ]


def test_decomposed_quote_matches_composed_article(tiny_dir: Path) -> None:
    """An editor that saves NFD (e + combining accent) still matches an NFC article."""
    article = tiny_dir / "corpus" / "moon-landing.md"
    article.write_text(article.read_text().replace(
        "Neil Armstrong was", "Neil Armstrong, né Neil, was"))
    facts = tiny_dir / "facts.yaml"
    quote = unicodedata.normalize("NFD", "Neil Armstrong, né Neil, was")
    assert quote != "Neil Armstrong, né Neil, was"
    facts.write_text(facts.read_text().replace(
        "quote: Neil Armstrong was the first person to step onto the surface.", f"quote: {quote}"))
    bank = load_bank(facts, tiny_dir / "corpus")
    assert bank.facts[0].sources[0].quote == quote


def test_crlf_article_counts_its_paragraphs(tiny_dir: Path) -> None:
    article = tiny_dir / "corpus" / "moon-landing.md"
    lf = article.read_text()
    article.write_bytes(lf.replace("\n", "\r\n").encode("utf-8"))
    bank = load_bank(tiny_dir / "facts.yaml", tiny_dir / "corpus")
    crlf = ArticleText.of(bank.articles["moon-landing"].body)
    assert crlf.paragraph_count == ArticleText.of(lf.split("---\n", 2)[2]).paragraph_count == 3
    code, lines = check(tiny_dir)
    assert code == 0, lines


def test_bom_article_is_read(tiny_dir: Path) -> None:
    article = tiny_dir / "corpus" / "moon-landing.md"
    article.write_bytes(b"\xef\xbb\xbf" + article.read_bytes())
    bank = load_bank(tiny_dir / "facts.yaml", tiny_dir / "corpus")
    assert bank.articles["moon-landing"].title == "Humans Walk on the Moon"


def test_closest_passage_in_a_megabyte_article_takes_under_a_second() -> None:
    """A 60-word misquote in a 1 MB article took 22 s when every window was compared."""
    rng = random.Random(17)
    vocabulary = [f"w{n}" for n in range(3000)] + ["the", "of", "and", "a", "to"] * 300
    words = [rng.choice(vocabulary) for _ in range(220_000)]
    body = " ".join(words)
    assert len(body) > 1_000_000
    text = ArticleText.of(body)
    passage = words[123_456:123_516]
    misquote = list(passage)
    for index in (5, 20, 41):
        misquote[index] = "changed"
    started = time.process_time()  # CPU time: the machine may be shared
    found, similarity = text.closest_passage(" ".join(misquote))
    elapsed = time.process_time() - started
    assert found == " ".join(passage)
    assert similarity > 0.9
    assert elapsed < 1.0


def test_a_hand_edited_manifest_time_out_of_range_is_located(tiny_dir: Path) -> None:
    """A huge ``changed`` used to crash with OverflowError deep inside genanki."""
    runner = CliRunner()
    args = ["anki", "--facts", str(tiny_dir / "facts.yaml"), "--corpus", str(tiny_dir / "corpus"),
            "-o", str(tiny_dir / "decks" / "space-firsts.apkg")]
    assert runner.invoke(cli, args).exit_code == 0
    manifest = tiny_dir / "decks" / "space-firsts.manifest.json"
    lines = manifest.read_text().splitlines()
    number = next(n for n, line in enumerate(lines, 1) if '"apollo-11-cost"' in line)
    changed = lines[number - 1].index('"changed"') + 1
    lines[number - 1] = re.sub(r'"changed": \d+', '"changed": 99999999999999999999',
                               lines[number - 1], count=1)
    manifest.write_text("\n".join(lines) + "\n")
    apkg = (tiny_dir / "decks" / "space-firsts.apkg").read_bytes()
    outcome = runner.invoke(cli, args)
    assert outcome.exit_code == 1
    assert "Traceback" not in outcome.output
    assert outcome.stderr.splitlines() == [
        f"{manifest}:{number}:{changed}: error: invalid deck manifest: "
        "facts.apollo-11-cost.basic.changed: 99999999999999999999 is not a time between 1970 "
        "and 9999 (seconds since 1970); restore the manifest from git",
        "1 problem found."]
    assert (tiny_dir / "decks" / "space-firsts.apkg").read_bytes() == apkg
