"""Write a build's files all-or-nothing: a failed run leaves existing outputs untouched."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from quizgen.errors import QuizgenError


@dataclass(frozen=True)
class OutputFile:
    """One file a writer produced: its path relative to the output directory, and bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Written:
    """What ``write_outputs`` did: every target in order, and those it left as they were."""

    paths: tuple[Path, ...]
    unchanged: frozenset[Path]
    """Targets whose bytes were already on disk: not rewritten, modification time kept."""

    @property
    def changed(self) -> tuple[Path, ...]:
        """The targets created or replaced, in order."""
        return tuple(path for path in self.paths if path not in self.unchanged)


class OutputError(QuizgenError):
    """An output file could not be written (permissions, a directory in the way, ...)."""


def write_outputs(files: Iterable[OutputFile], out_dir: Path) -> Written:
    """Write every file into ``out_dir`` atomically; say which were written, which unchanged.

    Every file is first written to a temporary file beside its target and synced, as
    ``files`` yields it (so a generator need not hold them all); only when all are
    written are they renamed into place. A file whose bytes are
    already on disk is left alone, so its modification time does not change.
    """
    staged: list[tuple[Path, Path]] = []
    targets: list[Path] = []
    unchanged: set[Path] = set()
    try:
        for output in files:
            target = out_dir / output.name
            targets.append(target)
            if target.is_file() and target.read_bytes() == output.data:
                unchanged.add(target)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.is_dir():
                raise OutputError(f"{target}: is a directory, cannot write a file there")
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            staged.append((Path(tmp), target))
            with os.fdopen(fd, "wb") as handle:
                handle.write(output.data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o644)
        for tmp_path, target in staged:
            os.replace(tmp_path, target)
        staged.clear()
    except OSError as exc:
        raise OutputError(f"cannot write {exc.filename or out_dir}: {exc.strerror}") from exc
    finally:
        for tmp_path, _ in staged:
            tmp_path.unlink(missing_ok=True)
    return Written(tuple(targets), frozenset(unchanged))
