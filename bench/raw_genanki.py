"""Baseline: what a user would write without quizgen to turn facts.yaml into an .apkg.

Reads the facts with PyYAML's C loader and writes one basic note per fact (question on
the front; answer, explanation and source on the back) with genanki's defaults.
"""

from __future__ import annotations

import sys

import genanki
import yaml


def main(facts_path: str, output: str) -> None:
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
        deck.add_note(genanki.Note(
            model=model,
            fields=[fact["question"], str(fact["answer"]), fact["explanation"],
                    f'{source["article"]}: {source["quote"]}'],
            tags=[fact["topic"]],
        ))
    genanki.Package(deck).write_to_file(output)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
