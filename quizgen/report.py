"""The coverage summary that ``quizgen check`` prints for a curator."""

from __future__ import annotations

from collections import Counter

from quizgen.load.corpus import ArticleText
from quizgen.model import Bank


def coverage_summary(bank: Bank) -> str:
    """Facts per topic and per article, and the share of each article's paragraphs cited."""
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
