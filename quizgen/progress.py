"""Stage progress for long runs: a click progress bar on a terminal, nothing elsewhere.

The bar appears only once a run has lasted ``delay`` seconds, so quick builds print
nothing extra, and never when the stream is not a terminal or ``CI`` is set, so pipes
and logs stay clean. A background thread draws it, so it shows up on time even while
one long stage (loading a large facts file) is running.
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
    """

    def __init__(self, label: str, stages: Sequence[str], stream: TextIO, *,
                 delay: float = 1.0, interval: float = 0.2) -> None:
        self._label = label
        self._stages = list(stages)
        self._stream = stream
        self._delay = delay
        self._interval = interval
        self._done = 0
        self._current = ""
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None
        self._bar: Any = None
        self.shown = False
        """Whether the bar was ever drawn."""

    def __enter__(self) -> StageProgress:
        if progress_wanted(self._stream):
            self._thread = threading.Thread(target=self._draw_loop, daemon=True)
            self._thread.start()
        return self

    def advance(self, stage: str) -> None:
        """Mark ``stage`` as started, and every stage before it as done."""
        with self._lock:
            self._done = self._stages.index(stage)
            self._current = stage

    def detail(self, text: str) -> None:
        """Show ``text`` (e.g. the file being written) beside the current stage."""
        with self._lock:
            self._current = f"{self._stages[self._done]}: {text}"

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self._stopped.set()
        if self._thread is not None:
            self._thread.join()
        if self._bar is not None:
            if exc_type is None:
                self._bar.pos = len(self._stages)
                self._bar.current_item = "done"
                self._bar.render_progress()
            self._bar.render_finish()

    def _draw_loop(self) -> None:
        if self._stopped.wait(self._delay):
            return
        import click

        self._bar = click.progressbar(
            length=len(self._stages), label=self._label, file=self._stream,
            item_show_func=lambda stage: stage, show_eta=False,
        )
        self.shown = True
        while True:
            with self._lock:
                done, current = self._done, self._current
            self._bar.pos = done
            self._bar.current_item = current
            self._bar.render_progress()
            if self._stopped.wait(self._interval):
                return
