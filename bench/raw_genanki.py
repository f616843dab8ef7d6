"""Baseline: what a user would write without quizgen to turn facts.yaml into an .apkg.

Reads the facts with PyYAML's C loader and writes, with genanki's defaults, the notes
quizgen writes: a basic note per fact (question on the front; answer, explanation and
source on the back) and, for a fact with a ``cloze`` sentence, a cloze note (genanki's
own cloze note type: the sentence, then the explanation and source). At 50,000
synthetic facts that is 66,667 notes, as in quizgen's deck. ``--basic-only`` writes the
basic notes alone (50,000), the script as issue 19 first measured it.
"""

from __future__ import annotations

import sys

import genanki
import yaml


def main(facts_path: str, output: str, basic_only: bool = False) -> None:
    """Write the deck of ``facts_path`` to ``output``."""
    with open(facts_path, encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=yaml.CSafeLoader)
    model = genanki.Model(
        1607392319,
        "Basic (raw genanki)",
        fields=[{"name": "Question"}, {"name": "Answer"}, {"name": "Explanation"},
                {"name": "Source"}],
        templates=[{
            "name": "Card 1",
            "qfmt": "{{Question}}",
            "afmt": "{{FrontSide}}<hr id=answer>{{Answer}}<p>{{Explanation}}</p>{{Source}}",
        }],
    )
    deck = genanki.Deck(2059400110, data["deck"]["title"])
    for fact in data["facts"]:
        source = fact["sources"][0]
        cited = f'{source["article"]}: {source["quote"]}'
        deck.add_note(genanki.Note(
            model=model,
            fields=[fact["question"], str(fact["answer"]), fact["explanation"], cited],
            tags=[fact["topic"]],
        ))
        if "cloze" in fact and not basic_only:
            deck.add_note(genanki.Note(
                model=genanki.CLOZE_MODEL,
                fields=[fact["cloze"], f'{fact["explanation"]}<br>{cited}'],
                tags=[fact["topic"]],
            ))
    genanki.Package(deck).write_to_file(output)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], basic_only="--basic-only" in sys.argv[3:])
