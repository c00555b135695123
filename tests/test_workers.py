"""The worker pool under the ways real workers fail: killed mid-reply, crashing on one
input every time, hanging, raising. Each run must end, with every task accounted for
exactly once."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from fazhi.store.workers import Failure, run_isolated


def _collect(*args, **kwargs) -> dict:
    """The pool's outcomes by task, failing the test instead of hanging with it."""
    outcomes: dict = {}
    errors: list[BaseException] = []

    def consume() -> None:
        try:
            for task, result, failure in run_isolated(*args, **kwargs):
                assert task not in outcomes, f"{task} reported twice"
                outcomes[task] = failure or result
        except BaseException as exc:  # re-raised in the test's own thread
            errors.append(exc)

    thread = threading.Thread(target=consume, daemon=True)
    thread.start()
    thread.join(120)
    assert not thread.is_alive(), "the pool hung"
    if errors:
        raise errors[0]
    return outcomes


def square(n: int) -> int:
    return n * n


def test_every_task_gets_its_result():
    outcomes = _collect(square, range(60), lambda n: (n,), jobs=3)
    assert outcomes == {n: n * n for n in range(60)}


def test_no_tasks_starts_nothing():
    assert _collect(square, [], lambda n: (n,), jobs=2) == {}


def crash_on_seven(n: int) -> int:
    if n == 7:
        os._exit(3)  # what a segfaulting parser looks like from outside
    return n


def test_a_task_that_kills_its_worker_every_time_is_named_and_the_rest_go_on():
    outcomes = _collect(crash_on_seven, range(20), lambda n: (n,), jobs=2)
    assert outcomes.pop(7) == Failure("crashed")
    assert outcomes == {n: n for n in range(20) if n != 7}


def die_once(marker: str, n: int) -> int:
    # the first attempt dies, as a worker killed from outside would; the retry succeeds
    if n == 3 and not os.path.exists(marker):
        Path(marker).touch()
        os.kill(os.getpid(), signal.SIGKILL)
    return n


def test_a_worker_killed_from_outside_costs_nothing(tmp_path):
    marker = str(tmp_path / "died")
    outcomes = _collect(die_once, range(10), lambda n: (marker, n), jobs=2)
    assert outcomes == {n: n for n in range(10)}
    assert os.path.exists(marker)


def killed_while_replying(marker: str, n: int) -> bytes:
    """The first call is killed while its reply (large) is being written to the pipe:
    the reader sees half a message. This hung concurrent.futures' pool for good."""
    if n == 0 and not os.path.exists(marker):
        Path(marker).touch()
        reply = b"x" * (256 * 1024 * 1024)  # pickled in ~0.1 s, written in ~0.3 s
        threading.Timer(0.25, os.kill, (os.getpid(), signal.SIGKILL)).start()
        return reply
    return b"ok"


def test_a_worker_killed_mid_reply_does_not_hang_the_pool(tmp_path):
    marker = str(tmp_path / "died")
    outcomes = _collect(killed_while_replying, range(4), lambda n: (marker, n), jobs=2)
    assert outcomes == {n: b"ok" for n in range(4)}


def hang_on_two(n: int) -> int:
    if n == 2:
        time.sleep(3600)
    return n


def test_a_hanging_task_is_stopped_at_the_time_limit():
    started = time.monotonic()
    outcomes = _collect(hang_on_two, range(8), lambda n: (n,), jobs=2, timeout=1.5)
    assert outcomes.pop(2) == Failure("timeout")
    assert outcomes == {n: n for n in range(8) if n != 2}
    assert time.monotonic() - started < 60


def raise_on_odd(n: int) -> int:
    if n % 2:
        raise ValueError(f"坏输入 {n}")
    return n


def test_an_exception_is_reported_against_its_task_and_the_worker_goes_on():
    outcomes = _collect(raise_on_odd, range(6), lambda n: (n,), jobs=1)
    assert outcomes[1] == Failure("error", "ValueError: 坏输入 1")
    assert [outcomes[n] for n in (0, 2, 4)] == [0, 2, 4]


def test_workers_are_gone_when_the_caller_stops_early():
    import multiprocessing

    run = run_isolated(square, range(1000), lambda n: (n,), jobs=2)
    next(run)
    run.close()
    deadline = time.monotonic() + 10
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not multiprocessing.active_children()


@pytest.mark.parametrize("jobs", [1, 4])
def test_tasks_are_drawn_only_as_workers_come_free(jobs):
    drawn = 0

    def tasks():
        nonlocal drawn
        for n in range(100):
            drawn += 1
            yield n

    run = run_isolated(square, tasks(), lambda n: (n,), jobs=jobs)
    next(run)
    # the workers' tasks and the ones just finished: never the whole source
    assert drawn <= 2 * jobs + 1
    run.close()
