"""Every piece of terminal text: coverage, deck changes, the plan, the format list.

Library modules return data; the sentences a person reads are made here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from quizgen.anki.deck import DeckChanges, manifest_name
from quizgen.errors import ERROR, WARNING
from quizgen.load.corpus import ArticleText
from quizgen.model import LEVELS, Bank
from quizgen.outputs import Written
from quizgen.text import plural

if TYPE_CHECKING:
    from quizgen.lint.core import Finding
    from quizgen.plan.planner import QuizPlan
    from quizgen.project.articles import ArticleDraft
    from quizgen.project.starter import NewProject
    from quizgen.writers.base import Writer


def coverage_summary(bank: Bank) -> str:
    """Facts per topic, level and article, and the share of each article's paragraphs cited."""
    per_topic = Counter(fact.topic for fact in bank.facts)
    per_article: Counter[str] = Counter()
    cited: dict[str, set[int]] = {slug: set() for slug in bank.articles}
    texts = {slug: ArticleText.of(article.body) for slug, article in bank.articles.items()}
    for fact in bank.facts:
        sources = fact.sources
        if len(sources) == 1:  # most facts: no set of articles to make (a fifth of the loop)
            per_article[sources[0].article] += 1
        else:
            per_article.update(list(dict.fromkeys(source.article for source in sources)))
        for source in sources:
            text = texts[source.article]
            span = text.find(source.quote)
            if span is not None:
                cited[source.article].update(text.paragraphs_in(span))
    cloze = sum(1 for fact in bank.facts if fact.cloze)
    lines = [
        f"{bank.facts_path}: {plural(len(bank.facts), 'fact')}, "
        f"{plural(len(bank.topics), 'topic')}, {plural(len(bank.articles), 'article')}, "
        f"{cloze} cloze; every quote verified.",
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


def change_report(build: DeckChanges, apkg_path: Path, written: Written | None = None) -> str:
    """Describe a deck build: its files (written or unchanged) and the facts that changed.

    ``new``, ``updated`` and ``retired`` count facts, which the notes are made from.
    """
    changes = build.changes

    def verb(path: Path) -> str:
        return "unchanged" if written is not None and path in written.unchanged else "wrote"

    manifest = apkg_path.with_name(manifest_name(apkg_path.name))
    lines = [
        f"{verb(apkg_path)} {apkg_path} ({plural(build.note_count, 'note')} from "
        f"{plural(build.fact_count, 'fact')}: {len(changes.new)} new, "
        f"{len(changes.updated)} updated, {len(changes.retired)} retired)",
        f"{verb(manifest)} {manifest}",
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


def files_report(written: Written, out_dir: Path) -> str:
    """The last line of ``quiz`` and ``build``: how many files were written, how many kept."""
    total, kept = len(written.paths), len(written.unchanged)
    if kept == 0:
        return f"wrote {plural(total, 'file')} to {out_dir}/"
    if kept == total:
        return f"{plural(total, 'file')} unchanged in {out_dir}/"
    return f"wrote {plural(total - kept, 'file')} to {out_dir}/ ({kept} unchanged)"


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


def lint_stop(findings: Iterable[Finding], strict: bool, out_dir: Path,
              command: str = "build") -> str:
    """Why ``build`` (or ``quiz``) stopped at the lint gate, and the ways on."""
    severities = Counter(finding.severity for finding in findings)
    if severities[ERROR]:
        why = f"{plural(severities[ERROR], 'lint error')} above"
    else:
        why = f"{plural(severities[WARNING], 'lint warning')} above, and --strict fails on warnings"
    return (f"{command} stopped: {why}; nothing written to {out_dir}/. Fix the facts "
            "(quizgen lint --list-rules explains each rule), or silence a reviewed finding "
            "with 'lint: {ignore: [RULE-ID]}' in the fact; --no-lint "
            f"{'builds' if command == 'build' else 'writes'} anyway.")


def init_report(project: NewProject) -> str:
    """What ``quizgen init`` made, and the next steps."""
    import shlex  # here, not at the top: a build's report needs no shell quoting

    where = "" if project.directory == Path() else f"{project.directory}/"
    lines = [f"created {where}{name}" for name in project.created]
    lines += ["", "Next:"]
    if where:
        lines.append(f"  cd {shlex.quote(str(project.directory))}")
    lines += [
        "  quizgen add-article saved-page.html   # your article, into corpus/",
        "  (edit facts.yaml: replace the example fact with one of your own)",
        "  quizgen check                         # every quote verified, every flaw reported",
        "  quizgen build                         # the Anki deck and printable quizzes, in decks/",
    ]
    return "\n".join(lines)


def added_report(added: Iterable[tuple[ArticleDraft, Path]]) -> str:
    """For each article added: where it went, what was filled in, and what to check."""
    hints = {"outlet": "add 'outlet: NAME' if the article names its outlet",
             "published": "add 'published: YYYY-MM-DD' if the article states its date"}
    lines = []
    for draft, target in added:
        lines.append(f"added {target}: {plural(draft.paragraphs, 'paragraph')} from "
                     f"{draft.source}")
        lines += [f"  {filled.key}: {filled.value}  (from {filled.origin})"
                  for filled in draft.filled]
        lines += [f"  {key}: not stated, left out; {hints[key]}" for key in draft.missing]
    lines.append("Check the values above, and the text against the original: text outside "
                 "the article's body (a standfirst, a caption) is left out. Then quote it "
                 "word for word in facts.yaml.")
    return "\n".join(lines)


def missing_extra(requirements: Iterable[str], python: str) -> str:
    """The message when reading a web page needs packages that are not installed."""
    import shlex

    packages = " ".join(shlex.quote(requirement) for requirement in requirements)
    return (f"quizgen: error: reading .html pages needs quizgen's optional 'web' extra, "
            f"which is not installed. Install it with:\n"
            f"  {shlex.quote(python)} -m pip install {packages}\n"
            f"(with pipx: pipx inject quizgen {packages}), or save the article's text as a "
            ".txt file and add that.")
