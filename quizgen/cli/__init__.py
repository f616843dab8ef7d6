"""The ``quizgen`` command line: thin wrappers that call the library and report errors.

Heavy modules (yaml, genanki, markdown) are imported inside the commands that need
them, so ``quizgen --help`` starts in about the time it takes to import click. Each
command's own module is imported only when that command is looked up, so ``quizgen
build`` does not import the definitions of ``grade``, ``scan``, ``init`` and the rest.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, MutableMapping

import click

from quizgen import __version__

_COMMANDS = {
    "check": ("quizgen.cli.check", "check"),
    "anki": ("quizgen.cli.make", "anki"),
    "lint": ("quizgen.cli.check", "lint"),
    "quiz": ("quizgen.cli.make", "quiz"),
    "build": ("quizgen.cli.make", "build"),
    "init": ("quizgen.project.commands", "init"),
    "add-article": ("quizgen.project.commands", "add_article"),
    "grade": ("quizgen.cli.classroom", "grade"),
    "scan": ("quizgen.cli.classroom", "scan"),
}
"""Each command's name, and the module and attribute that define it."""


class _LazyCommands(MutableMapping[str, click.Command]):
    """The group's commands by name, each imported from its module when first looked up.

    click reads ``Group.commands`` as a mapping (``get`` to run a command, its keys for
    the help listing and for "did you mean"), so a mapping whose values load on access
    is all laziness takes; ``add_command`` still works, for plug-ins and tests.
    """

    def __init__(self, where: dict[str, tuple[str, str]]) -> None:
        self._where = dict(where)
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded:
            module, attribute = self._where[name]
            command = getattr(importlib.import_module(module), attribute)
            assert isinstance(command, click.Command), (module, attribute)
            self._loaded[name] = command
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._where.setdefault(name, ("", ""))
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        del self._where[name]
        self._loaded.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)


@click.group(context_settings={"help_option_names": ["-h", "--help"]},
             commands=_LazyCommands(_COMMANDS))
@click.version_option(__version__, prog_name="quizgen")
def cli() -> None:
    """Turn curated, quote-verified facts into Anki decks and printable quizzes."""


def main() -> None:
    """Entry point of the ``quizgen`` console script (and ``python -m quizgen``)."""
    # The garbage-collector policy, in one place: a command is one short run that makes
    # millions of small acyclic objects (YAML nodes, facts, notes, options) and frees
    # them by reference counting; the cyclic collector would only rescan them again and
    # again. Library callers, and tests driving ``cli`` in-process, keep the default.
    import gc

    gc.disable()
    cli()
