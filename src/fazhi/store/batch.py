"""Loading many files: analysis in a pool of processes, one writer, one transaction per
document.

The writer is the only process that touches the database, so SQLite never sees two
writers; each document is committed on its own, so an interrupted run (Ctrl-C, a killed
worker, `kill -9` of the whole command) leaves only complete documents behind, and the
next run skips them by their SHA-256 and carries on.
"""

from __future__ import annotations

import hashlib
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from fazhi import DEFAULT_MAX_BYTES, ingest
from fazhi.errors import FazhiError
from fazhi.pipeline import analyze_bytes, preload
from fazhi.store.corpus import IngestError, Store
from fazhi.store.write import Prepared, now, prepare

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class _Item:
    label: str  # what the user calls it: the path, or the stored name
    name: str  # the file name, whose suffix names the format
    path: str | None
    data: bytes
    sha256: str


@dataclass(slots=True)
class BatchReport:
    """What a run did. `interrupted` says why it stopped early, if it did."""

    added: int = 0
    unchanged: int = 0
    failed: list[IngestError] = field(default_factory=list)
    interrupted: str | None = None

    @property
    def total(self) -> int:
        return self.added + self.unchanged + len(self.failed)


class Interrupted(Exception):
    """Ctrl-C during a run; `report` holds what was stored before it."""

    def __init__(self, report: BatchReport) -> None:
        super().__init__("interrupted")
        self.report = report


def _analyse(
    data: bytes, name: str, review: bool, max_bytes: int, dialect: str, sha256: str
) -> tuple[Prepared, dict[str, str] | None]:
    """Analysis and row preparation: everything a worker can do without the database."""
    doc = analyze_bytes(data, name, max_bytes=max_bytes, review=review)
    error = doc.error.to_contract() if doc.error is not None else None
    return prepare(doc.to_contract(), doc.text, dialect, sha256), error


def _start_worker() -> None:
    # Ctrl-C is the writer's to handle: it stops handing out work and lets the
    # workers finish the document in hand instead of dying with a traceback each
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    preload()  # a forked worker finds the data files loaded already; a spawned one loads


def _pool(jobs: int) -> ProcessPoolExecutor:
    # fork shares the loaded data files with every worker at no cost; where fork is
    # unavailable or unsafe (Windows, macOS) each worker starts afresh and loads them
    method = "fork" if sys.platform == "linux" else "spawn"
    return ProcessPoolExecutor(jobs, mp_context=get_context(method), initializer=_start_worker)


Analysed = tuple[_Item, Prepared | None, dict[str, str] | None]


def _crashed(item: _Item) -> dict[str, str]:
    return {
        "code": "input.crashed",
        "message": f"分析“{item.label}”时分析进程意外退出（文件可能触发了解析缺陷或耗尽内存），已跳过",
    }


def _analysed(
    items: Iterator[_Item], jobs: int, review: bool, max_bytes: int, dialect: str
) -> Iterator[Analysed]:
    """Analyses in completion order. A worker that dies (killed, out of memory, a crash in
    a parser) takes the documents in flight with it: they are retried one at a time, so
    the one that kills a worker again is named and skipped and the rest go on."""
    # even one job runs in a worker process: a file that crashes its parser must not
    # take the whole ingest down with it
    jobs = max(1, jobs)
    preload()  # once in the parent: forked workers inherit the loaded data files
    pool = _pool(jobs)
    pending: dict[Future, _Item] = {}
    suspects: deque[_Item] = deque()  # in flight when a worker died: retried alone
    window = jobs * 4  # enough queued to keep every worker busy, few bytes held

    unsent: deque[_Item] = deque()  # refused by a pool that had just broken

    def submit(item: _Item) -> bool:
        args = (item.data, item.label, review, max_bytes, dialect, item.sha256)
        try:
            pending[pool.submit(_analyse, *args)] = item
        except BrokenProcessPool:
            unsent.appendleft(item)
            return False
        return True

    def next_item() -> _Item | None:
        return unsent.popleft() if unsent else next(items, None)

    alone: _Item | None = None  # a suspect running on its own: if it fails, it is the one
    try:
        while True:
            if suspects:
                if not pending:
                    alone = suspects.popleft()
                    if not submit(alone):
                        suspects.appendleft(unsent.popleft())
            else:
                alone = None
                while len(pending) < window and (item := next_item()) is not None:
                    if not submit(item):
                        break
            if not pending:
                if unsent or suspects:  # the pool broke before taking any of them
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool = _pool(jobs)
                    continue
                return
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            lost: list[_Item] = []
            for future in done:
                item = pending.pop(future)
                try:
                    result = future.result()
                except BrokenProcessPool:
                    lost.append(item)
                    continue
                yield item, *result
            if not lost:
                continue
            lost.extend(pending.values())  # a broken pool fails every task in it
            pending.clear()
            pool.shutdown(wait=False, cancel_futures=True)
            pool = _pool(jobs)
            if alone is not None and len(lost) == 1 and lost[0] is alone:
                yield alone, None, _crashed(alone)
            else:
                suspects.extendleft(reversed(lost))
            alone = None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _run(
    store: Store,
    items: Iterator[_Item],
    report: BatchReport,
    *,
    jobs: int,
    review: bool,
    max_bytes: int,
    progress: Progress | None,
    replace: bool = False,
) -> BatchReport:
    database_errors = 0
    try:
        for item, prepared, error in _analysed(items, jobs, review, max_bytes, store.dialect):
            if prepared is None:  # the file crashed its worker: nothing to store
                store.record_error(item.label, error["code"], error["message"], item.sha256)
            else:
                try:
                    saved = store.save_prepared(
                        prepared, item.data, item.name, path=item.path, replace=replace
                    )
                except SQLAlchemyError as exc:
                    database_errors += 1
                    # the driver's own message, not the statement with its parameters
                    reason = str(getattr(exc, "orig", exc)).splitlines()[0][:200]
                    error = {"code": "store.write", "message": f"写入数据库失败：{reason}"}
                    if database_errors >= 3:
                        report.failed.append(_failure(item, error))
                        report.interrupted = "数据库连续出错，已停止；已入库的文件完整保留"
                        break
                else:
                    database_errors = 0
                    if error is None:  # a file whose analysis failed counts as failed only
                        report.added += saved.created
                        report.unchanged += not saved.created
            if error:
                report.failed.append(_failure(item, error))
            if progress:
                progress(item.label)
    except KeyboardInterrupt:
        raise Interrupted(report) from None
    return report


def _failure(item: _Item, error: dict[str, str]) -> IngestError:
    return IngestError(item.label, error["code"], error["message"], now(), item.sha256)


def ingest_files(
    store: Store,
    paths: Iterable[str | os.PathLike[str]],
    *,
    jobs: int | None = None,
    review: bool = True,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
) -> BatchReport:
    """Analyse and store files; ones already stored (same bytes, same analyser) are
    skipped, unreadable ones are recorded in the store's error list."""
    jobs = jobs or os.cpu_count() or 1
    report = BatchReport()
    known = store.stored_hashes(reviewed=review)

    def items() -> Iterator[_Item]:
        for path in paths:
            label = os.fspath(path)
            try:
                data = ingest.load_bytes(path, max_bytes=max_bytes)
            except FazhiError as exc:
                store.record_error(label, exc.code, exc.message)
                report.failed.append(IngestError(label, exc.code, exc.message, now()))
                if progress:
                    progress(label)
                continue
            sha256 = hashlib.sha256(data).hexdigest()
            if sha256 in known:
                report.unchanged += 1
                if progress:
                    progress(label)
                continue
            # the same bytes twice in one run are analysed twice and stored once: the copy
            # counts as already stored, or fails as the first did, never as stored unseen
            yield _Item(label, Path(label).name, label, data, sha256)

    return _run(
        store, items(), report, jobs=jobs, review=review, max_bytes=max_bytes, progress=progress
    )


def reanalyze(
    store: Store,
    *,
    everything: bool = False,
    jobs: int | None = None,
    review: bool = True,
    progress: Progress | None = None,
) -> BatchReport:
    """Analyse stored documents again from their stored bytes: those the current analyser
    has not analysed yet, or all of them with `everything`."""
    jobs = jobs or os.cpu_count() or 1
    report = BatchReport()
    ids = store.document_ids() if everything else store.stale(reviewed=review)

    def items() -> Iterator[_Item]:
        for document_id in ids:
            stored = store.file(document_id)
            if stored is None:  # deleted meanwhile
                continue
            yield _Item(stored.name, stored.name, None, stored.content, stored.sha256)

    return _run(
        store,
        items(),
        report,
        jobs=jobs,
        review=review,
        # stored bytes were accepted once; a lower limit today must not drop them
        max_bytes=1 << 40,
        progress=progress,
        replace=everything,
    )
