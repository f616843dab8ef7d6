"""Stage progress for long runs: a click progress bar on a terminal, nothing elsewhere.

The bar appears only once a run has lasted ``delay`` seconds, so quick builds print
nothing extra, and never when the stream is not a terminal or ``CI`` is set, so pipes
and logs stay clean. A timer shows it on time even while one long stage (loading a
large facts file) is running; after that, each ``advance`` and ``detail`` draws one
frame at once, so what the bar shows never depends on a drawing thread's timing.
Only click's public ``progressbar`` API is used: ``update`` with
``update_min_steps=0`` redraws for a new current item without advancing.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from types import TracebackType
from typing import Any, TextIO


def progress_wanted(stream: TextIO) -> bool:
    """True when ``stream`` is a terminal and the run is not under CI."""
    ci = os.environ.get("CI", "").strip().lower()
    return stream.isatty() and ci in ("", "0", "false", "no")


class StageProgress:
    """A context manager that shows which of ``stages`` a run is in, as a progress bar.

    Call ``advance(stage)`` as each stage starts; ``stage`` must be one of ``stages``.
    With ``delay=0`` the bar is shown on entry.
    """

    def __init__(self, label: str, stages: Sequence[str], stream: TextIO, *,
                 delay: float = 1.0) -> None:
        self._label = label
        self._stages = list(stages)
        self._stream = stream
        self._delay = delay
        self._done = 0
        self._drawn = 0
        self._current = ""
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._bar: Any = None
        self._closed = False

    @property
    def shown(self) -> bool:
        """Whether the bar was ever drawn."""
        return self._bar is not None

    def __enter__(self) -> StageProgress:
        if progress_wanted(self._stream):
            if self._delay <= 0:
                self._show()
            else:
                self._timer = threading.Timer(self._delay, self._show)
                self._timer.daemon = True
                self._timer.start()
        return self

    def advance(self, stage: str) -> None:
        """Mark ``stage`` as started, and every stage before it as done."""
        with self._lock:
            self._done = self._stages.index(stage)
            self._current = stage
            self._draw()

    def detail(self, text: str) -> None:
        """Show ``text`` (e.g. the file being written) beside the current stage."""
        with self._lock:
            self._current = f"{self._stages[self._done]}: {text}"
            self._draw()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if self._timer is not None:
            self._timer.cancel()
        with self._lock:
            self._closed = True
            if self._bar is None:
                return
            if exc_type is None:
                self._done, self._current = len(self._stages), "done"
                self._draw()
            self._bar.__exit__(exc_type, exc, traceback)

    def _show(self) -> None:
        import click

        with self._lock:
            if self._closed:
                return
            self._bar = click.progressbar(
                length=len(self._stages), label=self._label, file=self._stream,
                item_show_func=lambda stage: stage, show_eta=False, update_min_steps=0,
            )
            self._bar.__enter__()
            self._draw()

    def _draw(self) -> None:
        """Draw the current state (the lock is held)."""
        if self._bar is not None:
            self._bar.update(self._done - self._drawn, self._current)
            self._drawn = self._done
