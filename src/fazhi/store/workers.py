"""A pool of analysis processes that survives its workers dying or hanging.

`concurrent.futures.ProcessPoolExecutor` sends every result through one pipe guarded by
one lock shared by all workers. A worker killed while writing its result (SIGKILL, the
out-of-memory killer) leaves that lock held and half a message in the pipe: the other
workers block on the lock, the pool's reader waits for the rest of the message, and the
whole run hangs. Here every worker has a pipe of its own and holds one task at a time,
so a death shows as end-of-file on that pipe alone and the task it held is known
exactly; a task that runs past its time limit has its worker killed the same way.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Generic, Literal, TypeVar

Task = TypeVar("Task")
FailureKind = Literal["crashed", "timeout", "error"]


@dataclass(frozen=True, slots=True)
class Failure:
    """Why a task has no result: its worker died on it twice (`crashed`), it ran past the
    time limit (`timeout`), or the function raised (`error`, with the exception text)."""

    kind: FailureKind
    detail: str = ""


def _serve(conn: Connection, function: Callable[..., Any], initializer: Callable[[], None]) -> None:
    # Ctrl-C belongs to the parent, which decides what happens to the work in hand
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    initializer()
    while True:
        try:
            args = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if args is None:
            return
        try:
            reply: tuple[str, Any] = ("ok", function(*args))
        except Exception as exc:  # reported against the task; the worker goes on
            reply = ("error", f"{type(exc).__name__}: {exc}")
        conn.send(reply)


def _nothing() -> None:
    return None


@dataclass(slots=True)
class _Worker(Generic[Task]):
    process: BaseProcess
    conn: Connection
    task: Task | None = None
    args: tuple[Any, ...] = ()
    retried: bool = False
    started: float = 0.0


class _Pool(Generic[Task]):
    def __init__(
        self,
        function: Callable[..., Any],
        jobs: int,
        initializer: Callable[[], None],
    ) -> None:
        # fork shares data already loaded in the parent with every worker at no cost;
        # where fork is unavailable or unsafe (Windows, macOS) workers start afresh
        self._context = get_context("fork" if sys.platform == "linux" else "spawn")
        self._function = function
        self._initializer = initializer
        self._jobs = jobs
        self.idle: list[_Worker[Task]] = []
        self.busy: list[_Worker[Task]] = []

    def _start(self) -> _Worker[Task]:
        parent_end, child_end = self._context.Pipe()
        process = self._context.Process(
            target=_serve,
            args=(child_end, self._function, self._initializer),
            daemon=True,
            name="fazhi-worker",
        )
        process.start()
        # only the worker may hold its end: when it dies, the parent reads end-of-file
        child_end.close()
        return _Worker(process, parent_end)

    def has_room(self) -> bool:
        return bool(self.idle) or len(self.busy) < self._jobs

    def give(self, task: Task, args: tuple[Any, ...], retried: bool) -> bool:
        worker = self.idle.pop() if self.idle else self._start()
        worker.task, worker.args, worker.retried = task, args, retried
        worker.started = time.monotonic()
        try:
            worker.conn.send(args)
        except (OSError, ValueError):  # it died between tasks
            self.discard(worker)
            return False
        self.busy.append(worker)
        return True

    def finish(self, worker: _Worker[Task]) -> None:
        self.busy.remove(worker)
        worker.task, worker.args = None, ()
        if worker.process.is_alive():
            self.idle.append(worker)
        else:  # it replied and then died
            self.discard(worker)

    def discard(self, worker: _Worker[Task], kill: bool = False) -> None:
        if worker in self.busy:
            self.busy.remove(worker)
        if kill and worker.process.is_alive():
            worker.process.kill()
        worker.conn.close()
        worker.process.join(5)

    def close(self) -> None:
        for worker in self.idle:
            with contextlib.suppress(OSError, ValueError):
                worker.conn.send(None)
        for worker in self.busy:  # interrupted: the work in hand is not wanted any more
            worker.process.kill()
        for worker in self.idle + self.busy:
            worker.process.join(5)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(5)
            worker.conn.close()
        self.idle, self.busy = [], []


def run_isolated(
    function: Callable[..., Any],
    tasks: Iterable[Task],
    arguments: Callable[[Task], tuple[Any, ...]],
    *,
    jobs: int,
    timeout: float | None = None,
    initializer: Callable[[], None] = _nothing,
) -> Iterator[tuple[Task, Any, Failure | None]]:
    """Run `function(*arguments(task))` for every task in `jobs` worker processes and
    yield `(task, result, None)` or `(task, None, failure)` in completion order.

    A task whose worker dies is tried once more on a fresh worker (the death may have
    come from outside, a killed process); dying again marks it `crashed`. A task running
    longer than `timeout` seconds has its worker killed and is marked `timeout`. Tasks
    are drawn from `tasks` only as workers come free, so few are held at once."""
    pool: _Pool[Task] = _Pool(function, max(1, jobs), initializer)
    source = iter(tasks)
    # (task, arguments, already retried): tasks to run before any new one
    waiting: deque[tuple[Task, tuple[Any, ...], bool]] = deque()
    exhausted = False

    def feed() -> None:
        # hand work to free workers before yielding, so they run while the caller
        # stores the result just received
        nonlocal exhausted
        while pool.has_room():
            if not waiting:
                if exhausted:
                    return
                try:
                    task = next(source)
                except StopIteration:
                    exhausted = True
                    return
                waiting.append((task, arguments(task), False))
            task, args, retried = waiting.popleft()
            if not pool.give(task, args, retried):  # its worker was dead: not run yet
                waiting.appendleft((task, args, retried))

    def outcome(worker: _Worker[Task], ready: list[Any]) -> tuple[Task, Any, Failure | None] | None:
        if worker.conn not in ready and worker.process.sentinel not in ready:
            return None
        task = worker.task
        try:
            # a worker that sent its reply and then died still has it in the pipe
            status, value = worker.conn.recv()
        except (EOFError, OSError):
            pool.discard(worker, kill=True)
            if worker.retried:
                return task, None, Failure("crashed")
            waiting.append((task, worker.args, True))
            return None
        pool.finish(worker)
        if status == "ok":
            return task, value, None
        return task, None, Failure("error", value)

    try:
        while True:
            feed()
            if not pool.busy:
                return
            deadline = min(w.started for w in pool.busy) + timeout if timeout else None
            ready = wait(
                [w.conn for w in pool.busy] + [w.process.sentinel for w in pool.busy],
                timeout=max(0.0, deadline - time.monotonic()) if deadline else None,
            )
            finished = [found for w in list(pool.busy) if (found := outcome(w, ready))]
            if timeout:
                now = time.monotonic()
                for worker in [w for w in pool.busy if now - w.started >= timeout]:
                    pool.discard(worker, kill=True)
                    finished.append((worker.task, None, Failure("timeout")))
            feed()
            yield from finished
    finally:
        pool.close()
