"""What the four classroom exports share: the questions by topic, and each fact's feedback.

Moodle XML, GIFT, Canvas QTI and the Anki text file all carry, for every fact, its id,
the question, the options in plan order (the first version's, for formats that hold one
order), the key, and the explanation with its sources as feedback. This module says
once what that content is; each writer only says how its format spells it.
"""

from __future__ import annotations

from dataclasses import dataclass

from quizgen.anki.notes import escape
from quizgen.model import Bank, Fact, Topic
from quizgen.plan.planner import PlannedQuestion, QuizPlan


@dataclass(frozen=True)
class TopicQuestions:
    """One topic's questions, in the first version's order."""

    topic: Topic
    questions: tuple[PlannedQuestion, ...]


def questions_by_topic(bank: Bank, plan: QuizPlan) -> list[TopicQuestions]:
    """The first version's questions grouped by topic, topics in facts.yaml order.

    Formats that hold one order per question (Moodle, GIFT, QTI) take version A's: the
    planner already groups a version's questions by topic section.
    """
    grouped: dict[str, list[PlannedQuestion]] = {topic.id: [] for topic in bank.topics}
    for question in plan.versions[0].questions:
        grouped[question.fact.topic].append(question)
    return [TopicQuestions(bank.topic(topic_id), tuple(questions))
            for topic_id, questions in grouped.items() if questions]


def ordered_options(question: PlannedQuestion) -> bool:
    """Whether the plan gives the options in ascending order (quantities): never shuffle them.

    The planner's own decision (``PlannedQuestion.ordered``): an LMS that reshuffled
    them would undo it.
    """
    return question.ordered


def category_path(bank: Bank, topic: Topic, *parts: str) -> str:
    """Moodle's category path ``$course$/<deck title>/<topic>``, each ``/`` in a name doubled.

    Moodle splits category paths on single slashes and reads ``//`` as a slash in a name.
    """
    names = (bank.deck.title, topic.description, *parts)
    return "/".join(["$course$", *(" ".join(name.split()).replace("/", "//") for name in names)])


class Feedback:
    """Each fact's feedback: its explanation, then its quotes with their articles' citations.

    The HTML is the Anki card's source block (``anki.notes.sources_html``, a test checks
    they agree), so every platform cites a fact in the same words; each article's
    citation is worked out once per build rather than once per fact.
    """

    def __init__(self, bank: Bank) -> None:
        self.bank = bank
        self._citations: dict[str, str] = {}
        self._cite_html: dict[str, str] = {}

    def citation(self, slug: str) -> str:
        """The article's citation: title, outlet, date."""
        if (found := self._citations.get(slug)) is None:
            found = self._citations[slug] = self.bank.articles[slug].citation()
        return found

    def cite_html(self, slug: str) -> str:
        """The article's citation paragraph, escaped once per build rather than per fact."""
        if (found := self._cite_html.get(slug)) is None:
            found = self._cite_html[slug] = f'<p class="cite">{escape(self.citation(slug))}</p>'
        return found

    def html(self, fact: Fact) -> str:
        """The explanation and the quoted sources with their citations, as escaped HTML."""
        quotes: dict[str, list[str]] = {}
        for source in fact.sources:
            quotes.setdefault(source.article, []).append(source.quote)
        blocks = [f'<p class="explanation">{escape(fact.explanation)}</p>']
        for slug, article_quotes in quotes.items():
            lines = "".join(f'<p class="quote">{escape(quote)}</p>' for quote in article_quotes)
            blocks.append(f'<div class="source">{lines}{self.cite_html(slug)}</div>')
        return "\n".join(blocks)

    def texts(self, fact: Fact) -> list[str]:
        """Each source as plain text: the quote, then its article's citation."""
        return [f"“{source.quote}” ({self.citation(source.article)})" for source in fact.sources]


CORRECT_HTML = "<p>Correct.</p>"
"""The feedback on choosing the key."""


def wrong_feedback_html(question: PlannedQuestion) -> str:
    """Feedback on choosing any option but the key: what the key is.

    The same for every wrong option of a question, so writers make it once per question.
    """
    return f"<p>Not this one: the answer is {escape(question.fact.answer)}.</p>"


def one_line(text: str) -> str:
    """White space runs, newlines included, as single spaces: one line of text."""
    return " ".join(text.split())


def penalty_fraction(options: int) -> float:
    """The fraction (percent) a wrong option scores with ``--penalty``: -100/(n-1).

    Guessing then scores 0 on average; -50, -33.33333 and -25 are all grades Moodle offers.
    """
    return -100 / (options - 1)


def moodle_number(value: float) -> str:
    """A fraction as Moodle writes it: ``100``, ``0``, ``-33.33333``."""
    text = f"{value:.5f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
