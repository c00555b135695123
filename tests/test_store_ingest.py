"""`fazhi ingest` as a user runs it, interrupted the hard ways: a worker killed mid-batch
(the run recovers by itself), the whole command killed with SIGKILL, Ctrl-C. Each time
the batch ends with every document stored once and nothing half-written, after a rerun
where the command itself was stopped. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.support.variants import write_variants
from tests.test_store import integrity

from fazhi.store import Store

BATCH = 160


def _start(folder: Path, db_url: str, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "fazhi.cli", "ingest", str(folder), "--db", db_url, *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # the command name may hold spaces: the parent pid follows the closing parenthesis
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def _wait_for_documents(store: Store, proc: subprocess.Popen, at_least: int) -> int:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        count = store.count()
        if count >= at_least:
            return count
        if proc.poll() is not None:
            pytest.fail(f"ingest ended before it could be interrupted: {proc.stderr.read()}")
        time.sleep(0.02)
    pytest.fail("ingest stored nothing within two minutes")


def _rerun_completes(folder: Path, db_url: str, store: Store) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "fazhi.cli", "ingest", str(folder), "--db", db_url, "--jobs", "2"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert "出错 0 份" in done.stderr
    counts = integrity(store)
    assert counts == {
        "documents": BATCH,
        "current": BATCH,
        "without_analysis": 0,
        "analysed_twice": 0,
        "indexed": BATCH,
        "mismatched_rows": 0,
    }
    again = subprocess.run(
        [sys.executable, "-m", "fazhi.cli", "ingest", str(folder), "--db", db_url],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert again.returncode == 0 and f"新增 0 份，已存在 {BATCH} 份" in again.stderr


@pytest.fixture
def batch(tmp_path, db_url):
    folder = tmp_path / "reports"
    write_variants(folder, BATCH, seed=7)
    with Store(db_url) as store:  # migrated before the command starts
        yield folder, store


def test_a_killed_worker_does_not_stop_the_run(batch, db_url):
    folder, store = batch
    proc = _start(folder, db_url, "--jobs", "2", "--no-progress")
    _wait_for_documents(store, proc, 5)
    workers = _children(proc.pid)
    assert workers, "the command runs no worker processes"
    os.kill(workers[0], signal.SIGKILL)
    _, stderr = proc.communicate(timeout=300)
    # the documents the dead worker held are analysed again, one at a time; none of
    # them crashes on its own, so the whole batch is stored
    assert proc.returncode == 0, stderr
    assert f"新增 {BATCH} 份" in stderr and "出错 0 份" in stderr
    _rerun_completes(folder, db_url, store)


def test_kill_9_of_the_command_leaves_no_half_written_document(batch, db_url):
    folder, store = batch
    proc = _start(folder, db_url, "--jobs", "2", "--no-progress")
    _wait_for_documents(store, proc, 20)
    workers = _children(proc.pid)
    proc.kill()
    for pid in workers:  # orphaned workers hold the output pipes open; end them too
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    proc.communicate(timeout=60)
    stored = store.count()
    assert 0 < stored < BATCH
    counts = integrity(store)
    assert counts["without_analysis"] == counts["mismatched_rows"] == counts["analysed_twice"] == 0
    _rerun_completes(folder, db_url, store)


def test_ctrl_c_stops_cleanly(batch, db_url):
    folder, store = batch
    proc = _start(folder, db_url, "--jobs", "2", "--no-progress")
    _wait_for_documents(store, proc, 5)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr
    assert "已中断" in stderr and "Traceback" not in stderr
    assert store.count() < BATCH
    _rerun_completes(folder, db_url, store)


def test_two_ingests_at_once_store_each_document_once(batch, db_url):
    import re

    folder, store = batch
    first = _start(folder, db_url, "--jobs", "1", "--no-progress")
    second = _start(folder, db_url, "--jobs", "1", "--no-progress")
    outputs = [proc.communicate(timeout=600)[1] for proc in (first, second)]
    for proc, stderr in zip((first, second), outputs, strict=True):
        assert proc.returncode == 0, stderr
        assert "Traceback" not in stderr
    added = [int(re.search(r"新增 (\d+) 份", stderr).group(1)) for stderr in outputs]
    assert sum(added) == BATCH  # each document was stored by exactly one of them
    counts = integrity(store)
    assert counts["documents"] == counts["current"] == counts["indexed"] == BATCH
    assert counts["analysed_twice"] == counts["mismatched_rows"] == 0
