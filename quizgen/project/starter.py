"""Start a project: ``quizgen init`` copies the starter files shipped inside the package.

The starter (``quizgen/project/starter/``, package data read with importlib.resources, so it is
there in a wheel as in a checkout) is a complete project that ``check`` and ``build``
accept as it is: a commented facts.yaml with one example fact, the article it quotes,
a README for the teacher and a .gitignore.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from quizgen.defaults import OUT_DIR
from quizgen.errors import QuizgenError

STARTER_FILES = (
    ("facts.yaml", "facts.yaml"),
    ("corpus/how-leaves-make-sugar.md", "corpus/how-leaves-make-sugar.md"),
    ("README.md", "README.md"),
    ("gitignore", ".gitignore"),
)
"""(file in quizgen/project/starter/, where it goes in the new project), in the order written."""

STARTER_DIRS = ("corpus", OUT_DIR)
"""Directories a new project has, even when empty."""


class ProjectError(QuizgenError):
    """``init`` cannot make the project: a file is in the way, or a write failed."""


class ProjectExists(ProjectError):
    """``init`` would overwrite a file that is already there."""


@dataclass(frozen=True)
class NewProject:
    """What ``init_project`` made: the project directory and what it created there."""

    directory: Path
    created: tuple[str, ...]
    """Paths relative to ``directory``, directories ending in ``/``."""


def starter_text(name: str) -> str:
    """The text of one starter file, ``name`` relative to quizgen/project/starter/."""
    return resources.files("quizgen.project").joinpath("starter", *name.split("/")).read_text(
        encoding="utf-8")


def init_project(directory: Path) -> NewProject:
    """Create a starter project in ``directory`` (made if missing), overwriting nothing.

    Existing directories (an empty ``corpus/``, say) are kept and used; an existing
    file where a starter file would go raises ProjectExists naming it, before anything
    is written.
    """
    in_the_way = [directory / target for _, target in STARTER_FILES
                  if (directory / target).exists() or (directory / target).is_symlink()]
    in_the_way += [directory / name for name in STARTER_DIRS
                   if (directory / name).exists() and not (directory / name).is_dir()]
    if directory.exists() and not directory.is_dir():
        in_the_way.insert(0, directory)
    if in_the_way:
        names = ", ".join(str(path) for path in in_the_way)
        verb = "exists" if len(in_the_way) == 1 else "exist"
        raise ProjectExists(f"{names} already {verb}; quizgen init overwrites nothing "
                            f"(move {'it' if len(in_the_way) == 1 else 'them'} away, or start "
                            "the project in a new directory: quizgen init DIR)")
    created: list[str] = []
    try:
        for name in STARTER_DIRS:
            path = directory / name
            if not path.is_dir():
                path.mkdir(parents=True)
                created.append(f"{name}/")
        for source, target in STARTER_FILES:
            path = directory / target
            with path.open("x", encoding="utf-8", newline="\n") as handle:  # never clobber
                handle.write(starter_text(source))
            created.append(target)
    except OSError as exc:
        raise ProjectError(f"cannot write {exc.filename or directory}: {exc.strerror}") from None
    return NewProject(directory, tuple(created))
