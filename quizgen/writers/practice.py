"""The practice page: ``practice.html``, one offline file a student opens in any browser.

The page asks one question at a time and answers at once with the right answer, the
explanation and the verified quote with its source, then scores each topic and offers
the missed questions again. It is a single self-contained file (markup from
``practice_page/page.html``, inline CSS and plain JavaScript from ``page.css`` and
``page.js`` beside it), so a teacher can email it or put it on a shared drive or a course
page; a Content-Security-Policy forbids every request, so it never touches the network.

The facts travel as JSON in a ``<script type="application/json">`` element and the script
sets every piece of text with ``textContent``, so no fact can add markup or code.
Questions and options are shuffled per attempt in the browser; options that all state a
quantity arrive in the ascending order the planner gave them, and are kept so there.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from collections.abc import Iterable, Iterator
from importlib import resources
from string import Template

from quizgen.model import Bank
from quizgen.outputs import OutputFile
from quizgen.plan.planner import PlannedQuestion, QuizPlan
from quizgen.text import plural
from quizgen.writers.base import BuildJob, Format
from quizgen.writers.key_markdown import article_citations

PRACTICE_HTML = "practice.html"
ASSET_DIR = "practice_page"
"""The folder beside this module holding the page's template, CSS and JavaScript."""
ASSETS = ("page.html", "page.css", "page.js")
STORAGE_PREFIX = "quizgen-practice"
"""The ``localStorage`` key is ``quizgen-practice:<deck id>:<build id>``."""

_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def asset(name: str) -> str:
    """The text of one of the page's package data files (works from a wheel, too)."""
    return resources.files("quizgen.writers").joinpath(ASSET_DIR, name).read_text("utf-8")


def page_questions(plan: QuizPlan) -> tuple[PlannedQuestion, ...]:
    """The page's questions: the plan's first version, with its options.

    They are the drawn option sets the printed quiz, its key and ``answers.csv`` show,
    and that ``lint`` checked; a fact's own distractors may be fewer or more than the
    quiz asks for.
    """
    return plan.versions[0].questions if plan.versions else ()


def page_header(plan: QuizPlan, bank: Bank) -> dict[str, object]:
    """The page's data besides its questions: deck, build, storage key, topics, articles."""
    questions = page_questions(plan)
    topic_ids = dict.fromkeys(question.fact.topic for question in questions)
    citations = article_citations(bank)
    cited = dict.fromkeys(source.article for question in questions
                          for source in question.fact.sources)
    return {
        "deck": bank.deck.id,
        "title": plan.title,
        "build": plan.build_id,
        "storageKey": f"{STORAGE_PREFIX}:{bank.deck.id}:{plan.build_id}",
        "topics": [[topic.id, topic.description] for topic in bank.topics
                   if topic.id in topic_ids],
        "articles": {slug: citations[slug] for slug in cited},
    }


def page_fact(question: PlannedQuestion) -> dict[str, object]:
    """One question as the page's script reads it; ``ordered`` options keep their order."""
    fact = question.fact
    return {
        "id": fact.id,
        "topic": fact.topic,
        "question": fact.question,
        "answer": fact.answer,
        "options": list(question.options),
        "ordered": question.ordered,  # the planner's decision, as the printed quiz has it
        "explanation": fact.explanation,
        "sources": [[source.article, source.quote] for source in fact.sources],
    }


def practice_data(plan: QuizPlan, bank: Bank) -> dict[str, object]:
    """Everything the page's script reads, as one value (``page_json`` writes it)."""
    return {**page_header(plan, bank),
            "facts": [page_fact(question) for question in page_questions(plan)]}


def page_json(plan: QuizPlan, bank: Bank) -> Iterator[str]:
    """``script_json(practice_data(plan, bank))`` in pieces, one question at a time.

    A 50,000-fact page is some 18 MB of JSON: made whole, it and its escaped copies
    would add a hundred megabytes to the build's peak memory.
    """
    header = script_json(page_header(plan, bank))
    yield header[:-1] + ',"facts":['
    for index, question in enumerate(page_questions(plan)):
        yield ("," if index else "") + script_json(page_fact(question))
    yield "]}"


def script_json(data: object) -> str:
    r"""``data`` as JSON that cannot end or open a tag inside a ``<script>`` element.

    ``<``, ``>`` and ``&`` are written as ``\u003c``, ``\u003e`` and ``\u0026``
    (the same JSON value), so ``</script>`` or ``<!--`` in a fact stays text.
    """
    text = _ENCODER.encode(data)
    for character, escape in _JSON_ESCAPES.items():
        text = text.replace(character, escape)
    return text


def csp_hash(text: str) -> str:
    """The CSP source expression allowing exactly this inline script or style."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(style: str, script: str) -> str:
    """No request of any kind; only the page's own inline style and script may run."""
    return (f"default-src 'none'; style-src {csp_hash(style)}; script-src {csp_hash(script)};"
            " img-src 'none'; font-src 'none'; connect-src 'none'; media-src 'none';"
            " object-src 'none'; base-uri 'none'; form-action 'none'")


def practice_page(plan: QuizPlan, bank: Bank) -> bytes:
    """The whole page as UTF-8 bytes: the same plan and bank give the same bytes."""
    return b"".join(practice_pieces(plan, bank))


def practice_pieces(plan: QuizPlan, bank: Bank) -> Iterator[bytes]:
    """``practice_page`` in UTF-8 pieces, a few hundred questions' JSON at a time."""
    from quizgen.outputs import encoded

    style, script = asset("page.css"), asset("page.js")
    description = bank.deck.description
    values = {
        # the policy is an attribute value with no '"' in it; the rest are text
        "csp": html.escape(content_security_policy(style, script), quote=False),
        "title": html.escape(plan.title, quote=False),
        "description": (f'<p class="description">{html.escape(description, quote=False)}</p>\n'
                        if description else ""),
        "build": plan.build_id,
        "questions": plural(len(page_questions(plan)), "question"),
        "style": style,
        "script": script,
    }
    before, after = asset("page.html").split("$data")
    yield Template(before).substitute(values).encode("utf-8")
    yield from encoded(page_json(plan, bank))
    yield Template(after).substitute(values).encode("utf-8")


def _render(job: BuildJob) -> Iterable[OutputFile]:
    from functools import partial

    return [OutputFile.streamed(PRACTICE_HTML, partial(practice_pieces, job.plan, job.bank))]


FORMAT = Format(
    "practice",
    "One offline practice page for students: instant feedback with the source",
    (PRACTICE_HTML,),
    _render,
    group="export",
)
