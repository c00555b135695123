"""The `fazhi` command: a thin layer over the Python API.

Exit codes: 0 every input analysed, 1 some could not be (each still gets its own output
object with `error`), 2 usage errors (unknown option, nothing to analyse).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

import fazhi
from fazhi import pipeline, render
from fazhi.datafiles import DataFileError
from fazhi.ingest.formats import supported_suffixes

SUPPORTED_SUFFIXES = supported_suffixes()

app = typer.Typer(
    help="fazhi：法治政府建设年度报告的分析与审查。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    markdown = "markdown"


def expand_paths(paths: list[Path]) -> Iterator[Path]:
    """Files as given, and the supported files inside folders (recursively, sorted);
    a file reached twice is analysed once."""
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found = sorted(
                child
                for child in path.rglob("*")
                if child.is_file()
                and child.suffix.lower() in SUPPORTED_SUFFIXES
                and not any(part.startswith(".") for part in child.relative_to(path).parts)
            )
            if not found:
                err_console.print(f"[yellow]文件夹“{path}”中没有可分析的文件[/]")
        else:
            found = [path]
        for file in found:
            key = file.resolve() if str(file) != STDIN else file
            if key not in seen:
                seen.add(key)
                yield file


STDIN = "-"
# options shared by the commands
MaxSize = Annotated[
    float, typer.Option("--max-size", min=0.001, max=10240, help="单个文件的大小上限（MB）")
]
StdinName = Annotated[
    str, typer.Option("--stdin-name", help="从标准输入读取时使用的文件名（决定格式）")
]
ShowProgress = Annotated[
    bool, typer.Option("--progress/--no-progress", help="多个文件时在标准错误输出显示进度条")
]
err_console = Console(stderr=True)


def usage_error(message: str) -> typer.Exit:
    # a message may quote a file name or report text: '[' there is not markup
    err_console.print(f"[red]{escape(message)}[/]")
    return typer.Exit(2)


def check_output(output: Path | None, files: list[Path]) -> None:
    """Usage errors for an output file: its folder missing, a folder itself, or an input."""
    if output is None:
        return
    if output.is_dir():
        raise usage_error(f"“{output}”是文件夹，请给出输出文件名")
    if not output.parent.is_dir():
        raise usage_error(f"输出文件夹“{output.parent}”不存在")
    if output.exists() and any(
        str(f) != STDIN and f.exists() and f.resolve() == output.resolve() for f in files
    ):
        raise usage_error(f"输出文件“{output}”也是要分析的文件，不能覆盖它")


def _analyze_one(path: Path, max_bytes: int, stdin_name: str, review: bool) -> dict:
    if str(path) == STDIN:
        data = sys.stdin.buffer.read()
        return fazhi.analyze(data, stdin_name, max_bytes=max_bytes, review=review).to_contract()
    return fazhi.analyze(path, max_bytes=max_bytes, review=review).to_contract()


@contextmanager
def progress_bar(label: str, total: int, shown: bool) -> Iterator[Callable[[str], None]]:
    """A progress bar on stderr with files per second and time left; yields
    `advance(name)` to call after each file."""
    bar = Progress(
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
        TextColumn("{task.fields[name]}", style="dim"),
        console=err_console,
        disable=not shown,
    )
    started = time.perf_counter()
    with bar:
        task = bar.add_task(label, total=total, name="", rate="")
        done = 0

        def advance(name: str) -> None:
            nonlocal done
            done += 1
            rate = done / max(time.perf_counter() - started, 1e-9)
            bar.update(
                task, advance=1, name=escape(Path(name).name[:40]), rate=f"{rate:5.1f} 份/秒"
            )

        yield advance


@app.command()
def analyze(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="报告文件或文件夹（文件夹会递归查找；“-”表示标准输入）", show_default=False
        ),
    ],
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="输出格式（json：一个文件时输出对象，多个时输出数组）"),
    ] = OutputFormat.text,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="写入文件而不是标准输出")
    ] = None,
    max_size: MaxSize = 50,
    stdin_name: StdinName = "stdin.txt",
    progress: ShowProgress = True,
    review: Annotated[
        bool, typer.Option("--review", help="同时给出覆盖情况、内容具体程度和评分表")
    ] = False,
) -> None:
    """分析报告：元数据、结构、五项法定内容、数字与问题；输出为终端视图、JSON、JSONL 或 Markdown。"""
    files = list(expand_paths(paths))
    if not files:
        raise usage_error(
            "没有找到可分析的文件（支持 " + "、".join(sorted(SUPPORTED_SUFFIXES)) + "）"
        )
    check_output(output, files)
    try:
        pipeline.preload()
    except DataFileError as exc:
        raise usage_error(f"数据文件有误：{exc}") from exc
    max_bytes = int(max_size * 1024 * 1024)
    stream = output.open("w", encoding="utf-8") if output else sys.stdout
    console = Console(file=stream, soft_wrap=False) if output_format is OutputFormat.text else None
    failed = 0
    collected: list[dict] = []
    try:
        with progress_bar("分析", len(files), progress and len(files) > 1) as advance:
            for path in files:
                contract = _analyze_one(path, max_bytes, stdin_name, review)
                failed += "error" in contract
                if output_format is OutputFormat.jsonl:
                    stream.write(json.dumps(contract, ensure_ascii=False) + "\n")
                    stream.flush()
                elif output_format is OutputFormat.json:
                    collected.append(contract)
                elif output_format is OutputFormat.markdown:
                    stream.write(render.markdown(contract) + "\n")
                else:
                    assert console is not None
                    console.print(render.rich_view(contract))
                advance(path.name)
        if output_format is OutputFormat.json:
            payload = collected[0] if len(collected) == 1 else collected
            stream.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    finally:
        if output:
            stream.close()
    if failed:
        err_console.print(f"[yellow]{failed} 个文件未能分析[/]，共 {len(files)} 个")
        raise typer.Exit(1)


@app.command()
def version() -> None:
    """显示版本号。"""
    typer.echo(f"fazhi {fazhi.__version__}")


@app.callback(invoke_without_command=True)
def _root(
    show_version: Annotated[
        bool, typer.Option("--version", help="显示版本号", is_eager=True)
    ] = False,
) -> None:
    if show_version:
        typer.echo(f"fazhi {fazhi.__version__}")
        raise typer.Exit()


def main() -> None:
    from fazhi import cli_draft, cli_review, cli_store, cli_synth

    cli_review.register(app)
    cli_store.register(app)
    cli_draft.register(app)
    cli_synth.register(app)
    app()


if __name__ == "__main__":
    main()
