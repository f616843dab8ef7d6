"""The teacher's answer key, in Markdown: ``key-A.md``, ``key-B.md``, ..."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from quizgen.model import Bank, Fact
from quizgen.outputs import OutputFile
from quizgen.plan.planner import PlannedQuestion, QuizPlan, QuizVersion
from quizgen.writers.base import BuildJob, Format
from quizgen.writers.blocks import ANSWER, GRID, HEADER, Block, inline, join_blocks


def key_file_name(letter: str, suffix: str = "md") -> str:
    """``key-A.md`` for version A."""
    return f"key-{letter}.{suffix}"


GRID_ROW = 10
"""Questions per row of the marking grid."""

GRID_TITLE = "**Grid** (row 11-20, column 3 is question 13):"


def grid_rows(version: QuizVersion) -> list[tuple[str, list[str]]]:
    """The marking grid: each row's label (``11-20``) and its ten key letters.

    The last row is padded with empty cells, so every letter of a column stands at the
    same place in its row: question ``10 * row + column``.
    """
    letters = [question.key_letter for question in version.questions]
    rows = []
    for start in range(0, len(letters), GRID_ROW):
        chunk = letters[start:start + GRID_ROW]
        end = start + len(chunk)
        label = f"{start + 1}-{end}" if end > start + 1 else str(end)
        rows.append((label, chunk + [""] * (GRID_ROW - len(chunk))))
    return rows


def key_grid(version: QuizVersion) -> str:
    """The marking grid as a GFM table: ten questions a row, one letter a cell."""
    columns = min(GRID_ROW, len(version.questions))
    header = "| Questions | " + " | ".join(str(n) for n in range(1, columns + 1)) + " |"
    rule = "|:--|" + ":-:|" * columns
    lines = [header, rule]
    lines += ["| " + " | ".join([label, *cells[:columns]]) + " |"
              for label, cells in grid_rows(version)]
    return "\n".join(lines)


def key_blocks(plan: QuizPlan, version: QuizVersion, bank: Bank) -> list[Block]:
    """The key of one version: heading, marking grid, then each answer with its source."""
    return list(each_key_block(plan, version, bank))


def each_key_block(plan: QuizPlan, version: QuizVersion, bank: Bank) -> Iterator[Block]:
    """``key_blocks`` one block at a time."""
    citations = article_citations(bank)
    yield from key_heading_blocks(plan, version)
    for number, question in enumerate(version.questions, start=1):
        yield Block(ANSWER, answer_markdown(citations, number, question))


def key_heading_blocks(plan: QuizPlan, version: QuizVersion) -> list[Block]:
    """The key's header and its marking grid."""
    count = len(version.questions)
    noun = "question" if count == 1 else "questions"
    return [
        Block(HEADER, f"# {inline(plan.title)}: answer key\n\n"
                      f"**Version {version.letter}** · {count} {noun} · build {plan.build_id}"
                      f" · seed {plan.seed}\n\n"
                      f"Use only with quiz version {version.letter} of build {plan.build_id}."),
        Block(GRID, f"{GRID_TITLE}\n\n{key_grid(version)}"),
    ]


def answer_markdown(citations: Mapping[str, str], number: int, question: PlannedQuestion) -> str:
    """One numbered answer with its key letter, then its explanation and sources."""
    return (f"**{number}. {question.key_letter}** {inline(question.fact.answer)}\n\n"
            f"{answer_notes(citations, question.fact)}")


def answer_notes(citations: Mapping[str, str], fact: Fact) -> str:
    """The list under an answer: the fact's explanation, then its sources."""
    return answer_notes_markdown(*answer_note_lines(citations, fact))


def answer_note_lines(citations: Mapping[str, str], fact: Fact) -> tuple[str, str]:
    """The fact's explanation and its sources line, as escaped Markdown."""
    return inline(fact.explanation), inline(sources_line(citations, fact))


def answer_notes_markdown(explanation: str, sources: str) -> str:
    """The Markdown list of an answer's notes from its escaped explanation and sources."""
    return f"- {explanation}\n- Source: {sources}"


def article_citations(bank: Bank) -> dict[str, str]:
    """Each article's citation by slug, worked out once for every answer that cites it."""
    return {slug: article.citation() for slug, article in bank.articles.items()}


def sources_line(citations: Mapping[str, str], fact: Fact) -> str:
    """Each distinct article the fact quotes, cited as title, outlet, date."""
    slugs = dict.fromkeys(source.article for source in fact.sources)
    return "; ".join(citations[slug] for slug in slugs)


def key_markdown(plan: QuizPlan, version: QuizVersion, bank: Bank) -> str:
    """The whole ``key-V.md`` of ``version`` as one text."""
    return join_blocks(key_blocks(plan, version, bank))


def write_key_markdown(plan: QuizPlan, bank: Bank) -> Iterator[OutputFile]:
    """``key-V.md`` for every version of the plan, each rendered as it is written."""
    from functools import partial

    for version in plan.versions:
        yield OutputFile.streamed(key_file_name(version.letter),
                                  partial(key_markdown_bytes, plan, version, bank))


def key_markdown_bytes(plan: QuizPlan, version: QuizVersion, bank: Bank) -> Iterator[bytes]:
    """``key_markdown`` in UTF-8, in pieces."""
    from quizgen.writers.quiz_markdown import markdown_bytes

    return markdown_bytes(each_key_block(plan, version, bank))


def _render(job: BuildJob) -> Iterable[OutputFile]:
    return write_key_markdown(job.plan, job.bank)


FORMAT = Format(
    'key-md',
    'The answer key of each version in Markdown, with explanations and sources',
    ('key-{version}.md',),
    _render,
    group="quiz",
)
