"""Work done on a second core: in a forked child, while the parent does its own share.

``Forked(work)`` forks; the child runs ``work()`` and sends its result back, pickled,
through a pipe; ``result()`` waits for it. The child is a copy of the parent made at the
fork, so it reads what the parent had loaded (a bank of facts) without a byte of it
being copied or sent; only the result crosses back, so it must be plain data.

The result is the same as calling ``work()`` in the parent, errors included: where the
system has no ``fork`` (Windows), or the child fails in any way (it raised, was killed,
sent nothing), ``result()`` runs ``work()`` in the parent, which raises what it raises
there. The child writes nothing to the parent's streams and runs no exit handlers
(``os._exit``), so output buffered in the parent is written once, by the parent.

The standard library's ``multiprocessing`` does this and far more (pools, queues, other
start methods); one child and one pipe need none of it, nor its import (40-50 ms
on this machine).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
from collections.abc import Callable
from types import TracebackType
from typing import Generic, TypeVar

_Result = TypeVar("_Result")


class Forked(Generic[_Result]):
    """``work()`` run in a forked child; ``result()`` gives what it returned.

    Use as a context manager, so that a child whose result is never asked for (the
    parent raised first) is stopped and reaped.
    """

    def __init__(self, work: Callable[[], _Result], fork: bool = True) -> None:
        """Fork now, unless ``fork`` is false (then ``result()`` runs ``work()`` here)."""
        self._work = work
        self._pid: int | None = None
        self._read_end = -1
        if not fork or not hasattr(os, "fork"):
            return
        read_end, write_end = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            return
        if pid == 0:
            os.close(read_end)
            _child(work, write_end)
        os.close(write_end)
        self._pid, self._read_end = pid, read_end

    def result(self) -> _Result:
        """What ``work()`` returned in the child; else ``work()`` run here and now."""
        if self._pid is None:
            return self._work()
        with open(self._read_end, "rb") as source:
            payload = source.read()
        _, status = os.waitpid(self._pid, 0)
        self._pid = None
        if status != 0 or not payload:
            return self._work()
        result: _Result = pickle.loads(payload)
        return result

    def close(self) -> None:
        """Stop the child if it is still running, and reap it."""
        if self._pid is None:
            return
        os.close(self._read_end)
        with contextlib.suppress(ProcessLookupError):  # exited, not yet reaped
            os.kill(self._pid, signal.SIGKILL)
        os.waitpid(self._pid, 0)
        self._pid = None

    def __enter__(self) -> Forked[_Result]:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


def _child(work: Callable[[], object], write_end: int) -> None:
    """Run ``work`` and write its pickled result to ``write_end``; never returns."""
    status = 1
    try:
        payload = pickle.dumps(work(), pickle.HIGHEST_PROTOCOL)
        with open(write_end, "wb") as sink:
            sink.write(payload)
        status = 0
    except BaseException:  # any failure at all: the parent does the work itself
        pass
    finally:
        os._exit(status)
