"""`fazhi ingest`, `reanalyze`, `errors`, `delete`, `export` and `serve`: loading the
corpus store and getting things out of it. Registered on the app of `fazhi.cli`."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from fazhi.cli import MaxSize, ShowProgress, err_console, expand_paths, progress_bar, usage_error
from fazhi.errors import FazhiError

console = Console()

Db = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="FAZHI_DB",
        help="数据库：SQLite 文件路径或 postgresql://用户@主机/库（默认在用户数据目录）",
        show_default=False,
    ),
]
Jobs = Annotated[
    int | None,
    typer.Option("--jobs", "-j", min=1, max=256, help="并行分析的进程数（默认 CPU 核数）"),
]

Timeout = Annotated[
    float,
    typer.Option("--timeout", min=1, help="单个文件的分析时限（秒），超时的文件记为出错并跳过"),
]


def open_store(db: str | None):
    """The store named by --db / FAZHI_DB, or a clear error (exit 2)."""
    from fazhi.store import Store

    try:
        return Store(db)
    except FazhiError as exc:
        raise usage_error(exc.message) from None


@contextmanager
def store_for(db: str | None) -> Iterator:
    """`open_store` for a command whose query may be refused: a bad indicator code or
    grouping raised inside the block is a usage error (exit 2), not a traceback."""
    with open_store(db) as store:
        try:
            yield store
        except FazhiError as exc:
            raise usage_error(exc.message) from None


def _run_batch(run, total: int, shown: bool):
    """Run a batch under the progress bar; Ctrl-C prints what was stored and exits 130."""
    from fazhi.store.batch import Interrupted

    started = time.perf_counter()
    try:
        with progress_bar("入库", total, shown) as advance:
            return run(advance), time.perf_counter() - started
    except Interrupted as exc:
        _print_report(exc.report, time.perf_counter() - started)
        err_console.print("[yellow]已中断。已入库的文件完整保留，重新运行同一命令即可继续。[/]")
        raise typer.Exit(130) from None


def _print_report(report, seconds: float, *, redone: bool = False) -> None:
    rate = report.total / seconds if seconds > 0 else 0.0
    done = (
        f"重新分析 {report.added + report.unchanged} 份"
        if redone
        else f"新增 {report.added} 份，已存在 {report.unchanged} 份"
    )
    err_console.print(
        f"{done}，出错 {len(report.failed)} 份（用时 {seconds:.1f} 秒，{rate:.1f} 份/秒）"
    )
    for error in report.failed:
        err_console.print(f"[red]✗ {escape(error.path)}[/]：{escape(error.message)}")
    if report.interrupted:
        err_console.print(f"[red]{escape(report.interrupted)}[/]")


def ingest(
    paths: Annotated[
        list[Path], typer.Argument(help="报告文件或文件夹（递归）", show_default=False)
    ],
    db: Db = None,
    jobs: Jobs = None,
    review: Annotated[
        bool, typer.Option("--review/--no-review", help="同时计算覆盖度和评分（默认计算）")
    ] = True,
    max_size: MaxSize = 50.0,
    timeout: Timeout = 600.0,
    progress: ShowProgress = True,
) -> None:
    """把报告分析后存入语料库；同一文件（内容相同）只存一次，中断后重新运行即可继续。"""
    from fazhi.store.batch import ingest_files

    files = list(expand_paths(paths))
    if not files:
        raise usage_error("没有找到可入库的文件")
    store = open_store(db)
    with store:
        report, seconds = _run_batch(
            lambda advance: ingest_files(
                store,
                files,
                jobs=jobs,
                review=review,
                max_bytes=int(max_size * 1024 * 1024),
                progress=advance,
                timeout=timeout,
            ),
            len(files),
            progress,
        )
        _print_report(report, seconds)
    if report.failed or report.interrupted:
        raise typer.Exit(1)


def reanalyze(
    db: Db = None,
    jobs: Jobs = None,
    everything: Annotated[
        bool, typer.Option("--all", help="全部重新分析（默认只分析旧版本分析过的）")
    ] = False,
    timeout: Timeout = 600.0,
    progress: ShowProgress = True,
) -> None:
    """分析器升级后，用库中保存的原文件重新分析。"""
    from fazhi.store.batch import reanalyze as run

    with open_store(db) as store:
        total = len(store.document_ids() if everything else store.stale())
        if not total:
            err_console.print("所有文件都已由当前版本分析，无需重新分析")
            return
        report, seconds = _run_batch(
            lambda advance: run(
                store, everything=everything, jobs=jobs, progress=advance, timeout=timeout
            ),
            total,
            progress,
        )
        _print_report(report, seconds, redone=True)
    if report.failed or report.interrupted:
        raise typer.Exit(1)


def errors(db: Db = None) -> None:
    """列出入库时出错的文件及原因。"""
    with open_store(db) as store:
        found = store.errors()
    if not found:
        console.print("没有出错的文件")
        return
    # one line per file, never wrapped: the list is for reading and for grep
    for error in found:
        # stored in UTC, shown in the machine's own time zone
        local = error.at.replace(tzinfo=UTC).astimezone()
        typer.echo(f"{local:%Y-%m-%d %H:%M}  {error.path}：{error.message}")


def delete(
    ids: Annotated[list[int], typer.Argument(help="报告编号", show_default=False)],
    db: Db = None,
) -> None:
    """从语料库删除报告（原文件、分析结果和检索索引）。"""
    missing = []
    with open_store(db) as store:
        for document_id in ids:
            if not store.delete(document_id):
                missing.append(document_id)
    if missing:
        err_console.print(f"[red]没有编号为 {'、'.join(map(str, missing))} 的报告[/]")
        raise typer.Exit(1)
    err_console.print(f"已删除 {len(ids)} 份报告")


Config = Annotated[
    Path | None,
    typer.Option(
        "--config",
        envvar="FAZHI_CONFIG",
        help="网页工作台的配置文件（管理员密码哈希等；默认在用户配置目录的 web.yaml）",
        show_default=False,
    ),
]


def serve(
    db: Db = None,
    host: Annotated[str, typer.Option("--host", help="监听地址")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="端口")] = 8000,
    config: Config = None,
    max_size: MaxSize = 50.0,
    max_files: Annotated[
        int, typer.Option("--max-files", min=1, max=10000, help="一次上传的文件数上限")
    ] = 50,
) -> None:
    """启动网页工作台和 REST API（工作台在 /，接口文档在 /docs）。"""
    from fazhi.web.access import load_access
    from fazhi.web.app import serve as run

    try:
        access = load_access(config)
    except FazhiError as exc:
        raise usage_error(exc.message) from None
    store = open_store(db)
    err_console.print(f"fazhi 工作台：http://{host}:{port}/ （接口文档 /docs；Ctrl-C 停止）")
    if not access.can_log_in:
        err_console.print(
            "[yellow]尚未设置管理员密码：网页上不能上传或删除。运行 fazhi passwd 设置。[/]"
        )
    if not access.open_browsing:
        err_console.print("浏览需要登录（配置中 open_browsing: false）")
    with store:
        run(
            store,
            host=host,
            port=port,
            access=access,
            max_upload_bytes=int(max_size * 1024 * 1024),
            max_files=max_files,
            log_level="warning",
        )


def passwd(
    user: Annotated[str, typer.Option("--user", help="管理员用户名")] = "admin",
    config: Config = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="从标准输入读取密码（供脚本使用）")
    ] = False,
) -> None:
    """设置网页工作台的管理员密码（只保存哈希）；已登录的会话随之失效。"""
    import sys

    from fazhi.web.access import save_password

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("新密码", hide_input=True, confirmation_prompt="再输入一次")
    if len(password) < 8:
        raise usage_error("密码至少 8 个字符")
    if not user.strip() or any(ord(c) < 32 for c in user):
        raise usage_error("用户名不能为空或含控制字符")
    try:
        path = save_password(user.strip(), password, config)
    except (OSError, FazhiError) as exc:
        raise usage_error(getattr(exc, "message", None) or f"无法写入配置文件：{exc}") from None
    err_console.print(f"已设置管理员 {escape(user.strip())}，配置文件：{escape(str(path))}")


def register(app: typer.Typer) -> None:
    from fazhi import cli_query

    app.command()(ingest)
    app.command()(reanalyze)
    app.command()(errors)
    app.command()(passwd)
    app.command()(delete)
    cli_query.register(app)
    app.command()(serve)


__all__ = ["Db", "Jobs", "console", "open_store", "register", "store_for"]
