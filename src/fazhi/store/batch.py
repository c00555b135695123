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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from fazhi import DEFAULT_MAX_BYTES, ingest
from fazhi.errors import FazhiError
from fazhi.pipeline import analyze_bytes, preload
from fazhi.store.corpus import IngestError, Store
from fazhi.store.workers import Failure, run_isolated
from fazhi.store.write import Prepared, now, prepare

Progress = Callable[[str], None]

# seconds one file may take: far beyond the slowest real report (a few seconds for a
# long scanned-text PDF), short enough that a parser caught in a loop is noticed
DEFAULT_TIMEOUT = 600.0


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
    preload()  # a forked worker finds the data files loaded already; a spawned one loads


Analysed = tuple[_Item, Prepared | None, dict[str, str] | None]


def _failed(item: _Item, failure: Failure, timeout: float | None) -> dict[str, str]:
    if failure.kind == "timeout":
        return {
            "code": "input.timeout",
            "message": f"分析“{item.label}”超过 {timeout:g} 秒仍未完成，已停止并跳过（可用 --timeout 放宽）",
        }
    if failure.kind == "crashed":
        return {
            "code": "input.crashed",
            "message": f"分析“{item.label}”时分析进程意外退出（文件可能触发了解析缺陷或耗尽内存），已跳过",
        }
    return {
        "code": "analysis.internal",
        "message": f"分析“{item.label}”时程序出错（{failure.detail[:200]}），已跳过；请报告此问题",
    }


def _analysed(
    items: Iterator[_Item],
    jobs: int,
    review: bool,
    max_bytes: int,
    dialect: str,
    timeout: float | None,
) -> Iterator[Analysed]:
    """Analyses in completion order, each in a worker process: a file that crashes or
    hangs its parser costs that file only, never the run."""
    preload()  # once in the parent: forked workers inherit the loaded data files
    for item, result, failure in run_isolated(
        _analyse,
        items,
        lambda item: (item.data, item.label, review, max_bytes, dialect, item.sha256),
        jobs=jobs,
        timeout=timeout,
        initializer=_start_worker,
    ):
        if failure is not None:
            yield item, None, _failed(item, failure, timeout)
        else:
            yield item, *result


def _run(
    store: Store,
    items: Iterator[_Item],
    report: BatchReport,
    *,
    jobs: int,
    review: bool,
    max_bytes: int,
    progress: Progress | None,
    timeout: float | None,
    replace: bool = False,
) -> BatchReport:
    database_errors = 0
    analysed = _analysed(items, jobs, review, max_bytes, store.dialect, timeout)
    try:
        for item, prepared, error in analysed:
            if prepared is None:  # the file crashed or hung its worker: nothing to store
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
    finally:
        analysed.close()  # stops the workers, also when the loop ended early
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
    timeout: float | None = DEFAULT_TIMEOUT,
) -> BatchReport:
    """Analyse and store files; ones already stored (same bytes, same analyser) are
    skipped, unreadable ones are recorded in the store's error list. A file whose
    analysis runs longer than `timeout` seconds is stopped and recorded as failed."""
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
        store,
        items(),
        report,
        jobs=jobs,
        review=review,
        max_bytes=max_bytes,
        progress=progress,
        timeout=timeout,
    )


def reanalyze(
    store: Store,
    *,
    everything: bool = False,
    jobs: int | None = None,
    review: bool = True,
    progress: Progress | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
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
        timeout=timeout,
        replace=everything,
    )
