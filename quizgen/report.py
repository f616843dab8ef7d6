"""Every piece of terminal text: coverage, deck changes, the plan, the format list.

Library modules return data; the sentences a person reads are made here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from quizgen.anki.deck import DeckChanges, manifest_name
from quizgen.load.corpus import ArticleText
from quizgen.model import LEVELS, Bank

if TYPE_CHECKING:
    from quizgen.plan.planner import QuizPlan
    from quizgen.writers.base import Writer


def coverage_summary(bank: Bank) -> str:
    """Facts per topic, level and article, and the share of each article's paragraphs cited."""
    per_topic = Counter(fact.topic for fact in bank.facts)
    per_article: Counter[str] = Counter()
    cited: dict[str, set[int]] = {slug: set() for slug in bank.articles}
    texts = {slug: ArticleText.of(article.body) for slug, article in bank.articles.items()}
    for fact in bank.facts:
        for slug in dict.fromkeys(source.article for source in fact.sources):
            per_article[slug] += 1
        for source in fact.sources:
            span = texts[source.article].find(source.quote)
            if span is not None:
                cited[source.article].update(texts[source.article].paragraphs_in(span))
    cloze = sum(1 for fact in bank.facts if fact.cloze)
    lines = [
        f"{bank.facts_path}: {len(bank.facts)} facts, {len(bank.topics)} topics, "
        f"{len(bank.articles)} articles, {cloze} cloze; every quote verified.",
        "",
        "facts per topic:",
    ]
    width = max((len(topic.id) for topic in bank.topics), default=0)
    lines += [f"  {topic.id:<{width}}  {per_topic[topic.id]:>5}" for topic in bank.topics]
    per_level = Counter(fact.level for fact in bank.facts)
    lines += ["", "facts per level:"]
    width = max(len(level) for level in LEVELS)
    total_facts = len(bank.facts) or 1
    lines += [f"  {level:<{width}}  {per_level[level]:>5}  {per_level[level] / total_facts:>4.0%}"
              for level in LEVELS]
    lines += ["", "facts per article (paragraphs cited):"]
    width = max((len(slug) for slug in bank.articles), default=0)
    for slug in sorted(bank.articles):
        total = texts[slug].paragraph_count
        share = len(cited[slug]) / total if total else 0.0
        lines.append(
            f"  {slug:<{width}}  {per_article[slug]:>5}  "
            f"{len(cited[slug]):>3}/{total:<3} {share:>4.0%}"
        )
    return "\n".join(lines)


def change_report(build: DeckChanges, apkg_path: Path) -> str:
    """Describe a build for the terminal: the files written and the facts that changed."""
    changes = build.changes
    lines = [
        f"wrote {apkg_path} ({build.note_count} notes: {len(changes.new)} new, "
        f"{len(changes.updated)} updated, {len(changes.retired)} retired)",
        f"wrote {apkg_path.with_name(manifest_name(apkg_path.name))}",
    ]
    if build.first_build:
        lines.append("no previous manifest: every fact is new")
    else:
        for label, fact_ids in (
            ("new", changes.new),
            ("updated", changes.updated),
            ("retired", changes.retired),
        ):
            if fact_ids:
                lines.append(f"  {label}: {', '.join(fact_ids)}")
    return "\n".join(lines)


def plan_report(plan: QuizPlan) -> str:
    """One line on a planned quiz: versions, questions, seed and build id."""
    versions = len(plan.versions)
    questions = len(plan.versions[0].questions)
    return (f"{plan.title}: {versions} version{'s' if versions != 1 else ''} of "
            f"{questions} question{'s' if questions != 1 else ''}, seed {plan.seed}, "
            f"build {plan.build_id}")


def formats_table(writers: Iterable[Writer]) -> str:
    """``quizgen build --list-formats``: each format's name, description and files."""
    rows = list(writers)
    width = max((len(writer.name) for writer in rows), default=0)
    lines = []
    for writer in rows:
        lines.append(f"{writer.name:<{width}}  {writer.description}")
        lines.append(f"{'':<{width}}  files: {', '.join(writer.files)}")
    return "\n".join(lines)
