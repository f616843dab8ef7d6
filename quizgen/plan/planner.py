"""Plan a quiz: select facts, draw distractors and shuffle, all from one seeded RNG.

The plan is the single source every quiz writer renders, so a quiz, its key and the
answers CSV can never disagree.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from quizgen.defaults import DEFAULT_SEED, MAX_VERSIONS, OPTION_COUNTS
from quizgen.errors import DataError, Problem, QuizgenError
from quizgen.model import Bank, Fact
from quizgen.plan.distractors import DistractorPool, draw_distractors
from quizgen.plan.draws import first_positions, shuffle, shuffle_draws
from quizgen.plan.draws import shuffled_position as shuffled_position
from quizgen.plan.ordering import draw_ordered_questions, in_order


@dataclass(frozen=True)
class QuizSettings:
    """What the teacher asked for."""

    count: int | None = None
    """Questions per version; ``None`` means every selected fact."""
    versions: int = 1
    """How many versions (A, B, ...), 1 to 26."""
    options: int = 4
    """Options per question, the answer included: 3, 4 or 5."""
    seed: int = DEFAULT_SEED
    topics: tuple[str, ...] = ()
    """Topic ids to draw from; empty means all topics."""
    title: str | None = None
    """Quiz title; ``None`` means the deck title."""


@dataclass(frozen=True, slots=True)
class PlannedQuestion:
    """One question as printed: the fact, its options in order, and the key's index."""

    fact: Fact
    options: tuple[str, ...]
    key: int
    """Index into ``options`` of the correct answer: ``options[key] == fact.answer``."""
    ordered: bool = False
    """Options are quantities in ascending order: the same order, and key, in every version."""

    @property
    def key_letter(self) -> str:
        """The key as printed: ``A`` for index 0."""
        return option_letter(self.key)


@dataclass(frozen=True)
class QuizVersion:
    """One version of the quiz: the same questions as the others, in its own order."""

    letter: str
    questions: tuple[PlannedQuestion, ...]


@dataclass(frozen=True)
class QuizPlan:
    """Every version of one build, drawn once."""

    title: str
    seed: int
    build_id: str
    """Short hash of the facts file content and the settings, printed on every page."""
    settings: QuizSettings
    versions: tuple[QuizVersion, ...]


class SettingsError(QuizgenError):
    """The quiz settings cannot be met (too many questions, an unknown topic, ...)."""

    def __init__(self, option: str, message: str) -> None:
        self.option = option
        """The command-line option at fault, e.g. ``--count``."""
        super().__init__(message)


def option_letter(index: int) -> str:
    """The letter of the option (or version) at a 0-based index: 0 is ``A``."""
    return chr(ord("A") + index)


def plan_quiz(bank: Bank, settings: QuizSettings) -> QuizPlan:
    """Draw every version of a quiz from ``bank`` with one ``random.Random(settings.seed)``.

    Facts are selected (by topic, then a random sample of ``count``), their distractors
    drawn once, and each version orders the questions within each topic section and
    shuffles every question's options, except options that are quantities of one kind:
    those are printed in ascending order, their distractors drawn so that the keys of
    such questions spread evenly over the positions. Raises SettingsError for
    impossible settings and DataError naming each fact that cannot get
    ``settings.options`` options.
    """
    return _plan_quiz(bank, settings)


def _plan_quiz(bank: Bank, settings: QuizSettings) -> QuizPlan:
    sections, rng = _drawn_sections(bank, settings)
    versions = tuple(
        QuizVersion(option_letter(index), _shuffled_version(sections, rng))
        for index in range(settings.versions)
    )
    return QuizPlan(
        title=settings.title or bank.deck.title,
        seed=settings.seed,
        build_id=build_id(bank, settings),
        settings=settings,
        versions=versions,
    )


KeyCounts = Counter[tuple[int, int]]
"""How many shuffled questions (not in numerical order) of all versions have the key at
each place: ``(options, key index) -> count``."""


def first_version_and_keys(bank: Bank, settings: QuizSettings) -> tuple[QuizVersion, KeyCounts]:
    """The first version ``plan_quiz(bank, settings)`` gives, and where every version's keys fall.

    What lint reads of a plan: the questions once, and the key positions of all versions.
    The later versions are not built; the random draws that shuffle them are made as
    ``plan_quiz`` makes them, following only where each key goes (at 50,000 facts, 25
    more versions built only to be counted were 10 s of a 26-version lint). Raises what
    ``plan_quiz`` raises.
    """
    sections, rng = _drawn_sections(bank, settings)
    first = QuizVersion(option_letter(0), _shuffled_version(sections, rng))
    keys: KeyCounts = Counter((len(question.options), question.key)
                              for question in first.questions if not question.ordered)
    # Every shuffled question has ``settings.options`` options, its answer first (fewer
    # is a DataError), so where a key falls depends on the draws alone, not on which
    # question draws them: a section draws its shuffle (which depends on its length
    # only), then one walk per shuffled question. The sections are not reordered at all
    # (at 50,000 facts a third of lint's planning went to reordering them to be counted).
    shape = [(len(section), sum(fixed is None for _, _, fixed in section)) for section in sections]
    size = settings.options
    for _ in range(1, settings.versions):
        for length, shuffled in shape:
            shuffle_draws(length, rng.getrandbits)
            for key, count in enumerate(first_positions(size, shuffled, rng.getrandbits)):
                if count:
                    keys[size, key] += count
    return first, keys


def _drawn_sections(bank: Bank, settings: QuizSettings) -> tuple[list[_Section], random.Random]:
    """The selected facts with their options drawn, by topic, and the RNG to shuffle them.

    Topics without facts are left out.
    """
    selected = select_facts(bank, settings)
    rng = random.Random(settings.seed)
    if settings.count is not None and settings.count < len(selected):
        chosen = set(rng.sample(range(len(selected)), settings.count))
        selected = [fact for index, fact in enumerate(selected) if index in chosen]
    pool = DistractorPool(bank.facts, bank.option_keys)
    needed = settings.options - 1
    ordered = draw_ordered_questions(selected, pool, needed, rng)
    by_topic: dict[str, _Section] = {topic.id: [] for topic in bank.topics}
    problems: list[Problem] = []
    for index, fact in enumerate(selected):
        # Each question goes into its section as it is drawn, its distractors let go
        # (a list of every draw beside the sections was 8 MiB more at 50,000 facts).
        drawn = ordered.pop(index, None)
        if drawn is not None:
            # One question for every version, not one each: they print it alike (at
            # 50,000 facts and 3 versions, 8 MiB fewer objects in a numeric bank's plan).
            ascending = tuple(in_order((fact.answer, *drawn), pool))
            fixed = PlannedQuestion(fact, ascending, ascending.index(fact.answer), True)
            by_topic[fact.topic].append((fact, ascending, fixed))
            continue
        distractors = draw_distractors(fact, pool, needed, rng)
        if len(distractors) < needed:
            problems.append(_too_few_options(bank, fact, len(distractors), settings.options))
        by_topic[fact.topic].append((fact, (fact.answer, *distractors), None))
    if problems:
        raise DataError(problems)
    # Shuffling an empty section draws nothing from the RNG, so leaving them out
    # changes no plan.
    return [section for section in by_topic.values() if section], rng


def select_facts(bank: Bank, settings: QuizSettings) -> list[Fact]:
    """The facts of the chosen topics in facts.yaml order, after checking the settings."""
    if not 1 <= settings.versions <= MAX_VERSIONS:
        raise SettingsError("--versions", f"{settings.versions} versions asked for; "
                                          f"choose 1 to {MAX_VERSIONS} (A to Z)")
    if settings.options not in OPTION_COUNTS:
        raise SettingsError("--options", f"{settings.options} options asked for; "
                                         f"choose {', '.join(map(str, OPTION_COUNTS))}")
    known = [topic.id for topic in bank.topics]
    for topic in settings.topics:
        if topic not in known:
            from quizgen.text import did_you_mean

            raise SettingsError("--topic", f"unknown topic '{topic}'{did_you_mean(topic, known)};"
                                           f" topics are {', '.join(known)}")
    wanted = set(settings.topics or known)
    selected = [fact for fact in bank.facts if fact.topic in wanted]
    if settings.count is not None:
        if settings.count < 1:
            raise SettingsError("--count", f"{settings.count} questions asked for; "
                                           "a quiz needs at least 1")
        if settings.count > len(selected):
            scope = "in the chosen topics" if settings.topics else "in the facts file"
            raise SettingsError("--count", f"{settings.count} questions asked for, but there "
                                           f"are only {len(selected)} facts {scope}")
    if not selected:
        raise SettingsError("--topic", "the chosen topics have no facts")
    return selected


_Section = list[tuple[Fact, tuple[str, ...], PlannedQuestion | None]]
"""The questions of one topic as drawn, in facts.yaml order: each fact with its options
(the answer first, or in ascending order) and, when they are ordered (then never
shuffled), the question every version prints."""


def _shuffled_version(sections: Sequence[_Section],
                      rng: random.Random) -> tuple[PlannedQuestion, ...]:
    """One version: topic sections in facts.yaml order, questions and options shuffled.

    Options that are quantities in ascending order stay in order. Every version starts
    from the drawn order, so a version depends only on the RNG state it starts from.
    """
    getrandbits = rng.getrandbits
    questions: list[PlannedQuestion] = []
    for section in sections:
        order = section.copy()
        shuffle(order, getrandbits)
        for fact, drawn_options, fixed in order:
            if fixed is not None:
                questions.append(fixed)
                continue
            options = list(drawn_options)
            shuffle(options, getrandbits)
            questions.append(PlannedQuestion(fact, tuple(options), options.index(fact.answer)))
    return tuple(questions)


def _too_few_options(bank: Bank, fact: Fact, found: int, wanted: int) -> Problem:
    where = fact.where("distractors")
    return Problem(
        str(bank.facts_path), where.line, where.column,
        f"fact '{fact.id}' has {found} usable distractor{'s' if found != 1 else ''} but "
        f"--options {wanted} needs {wanted - 1}: add distractors to it, or more facts "
        f"of kind '{fact.kind}'",
    )


_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=str)
_HASHED_FACTS = 1000
"""Facts encoded per update of the build id's hash."""


def build_id(bank: Bank, settings: QuizSettings) -> str:
    """Short hash of the quiz-relevant content of the bank and the settings.

    Printed on every page so a key cannot be matched to a quiz from another build. The
    hash is of ``json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)``
    of ``{"articles", "deck", "facts", "settings", "topics"}``, fed to it in pieces (the
    same text, key by key and a thousand facts at a time) rather than built whole: at
    50,000 facts the whole text and the dicts it was made from were 150 MB at once.
    """
    encode = _CANONICAL.encode
    digest = hashlib.sha256()
    articles = {slug: bank.articles[slug].citation() for slug in sorted(bank.articles)}
    digest.update(f'{{"articles": {encode(articles)}, "deck": {encode(asdict(bank.deck))}, '
                  '"facts": ['.encode())
    for start in range(0, len(bank.facts), _HASHED_FACTS):
        chunk = bank.facts[start:start + _HASHED_FACTS]
        digest.update(b", " if start else b"")
        digest.update(", ".join(encode(_fact_content(fact)) for fact in chunk).encode("utf-8"))
    topics = [asdict(topic) for topic in bank.topics]
    digest.update(f'], "settings": {encode(asdict(settings))}, '
                  f'"topics": {encode(topics)}}}'.encode())
    return digest.hexdigest()[:8]


def _fact_content(fact: Fact) -> dict[str, object]:
    return {
        "id": fact.id, "topic": fact.topic, "question": fact.question, "answer": fact.answer,
        "accept": fact.accept, "kind": fact.kind, "distractors": fact.distractors,
        "explanation": fact.explanation,
        "sources": [(source.article, source.quote) for source in fact.sources],
    }
