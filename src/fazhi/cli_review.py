"""`fazhi review` and `fazhi compare`: the review opinion and cross-report comparison,
registered on the command-line app of `fazhi analyze` by `register`."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

import fazhi
from fazhi import pipeline
from fazhi.cli import _err, _usage_error, expand_paths, progress_bar
from fazhi.datafiles import DataFileError
from fazhi.opinion import build_opinion, to_docx, to_markdown


class ReviewFormat(StrEnum):
    docx = "docx"
    markdown = "markdown"
    json = "json"


_SUFFIX = {ReviewFormat.docx: ".docx", ReviewFormat.markdown: ".md", ReviewFormat.json: ".json"}


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: never a half-written file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _format_for(output: Path | None, chosen: ReviewFormat | None) -> ReviewFormat:
    if chosen is not None:
        return chosen
    if output is not None and not output.is_dir():
        by_suffix = {v: k for k, v in _SUFFIX.items()}
        if output.suffix.lower() in by_suffix:
            return by_suffix[output.suffix.lower()]
    return ReviewFormat.docx if output is not None and output.is_dir() else ReviewFormat.markdown


def _render(doc: fazhi.Document, fmt: ReviewFormat) -> bytes:
    if fmt is ReviewFormat.json:
        return json.dumps(doc.to_contract(), ensure_ascii=False, indent=2).encode() + b"\n"
    opinion = build_opinion(doc)
    if fmt is ReviewFormat.docx:
        return to_docx(opinion)
    return to_markdown(opinion).encode()


def review(
    paths: Annotated[list[Path], typer.Argument(help="报告文件或文件夹", show_default=False)],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="审查意见文件；多个报告时为文件夹（每份报告一个文件）"),
    ] = None,
    output_format: Annotated[
        ReviewFormat | None,
        typer.Option("--format", "-f", help="docx（Word）、markdown 或 json；默认按 -o 的扩展名"),
    ] = None,
    max_size: Annotated[
        float, typer.Option("--max-size", min=0.001, max=10240, help="单个文件的大小上限（MB）")
    ] = 50,
    progress: Annotated[
        bool, typer.Option("--progress/--no-progress", help="多个文件时显示进度条")
    ] = True,
) -> None:
    """审查报告并写出审查意见：按严重程度列出问题（引用原文、修改建议、依据），附评分表和覆盖情况。"""
    files = list(expand_paths(paths))
    if not files:
        raise _usage_error("没有找到可审查的文件")
    fmt = _format_for(output, output_format)
    several = len(files) > 1
    if several and output is not None and not output.is_dir():
        raise _usage_error(f"审查多个报告时，-o 应为已存在的文件夹，而“{output}”不是")
    if output is None and fmt is ReviewFormat.docx:
        raise _usage_error("Word 格式的审查意见需要用 -o 指定输出文件")
    if output is not None and not output.is_dir() and not output.parent.is_dir():
        raise _usage_error(f"输出文件夹“{output.parent}”不存在")
    if output is not None and any(f.exists() and f.resolve() == output.resolve() for f in files):
        raise _usage_error(f"输出文件“{output}”也是要审查的文件，不能覆盖它")
    try:
        pipeline.preload()
    except DataFileError as exc:
        raise _usage_error(f"数据文件有误：{exc}") from exc
    failed = 0
    with progress_bar("审查", len(files), progress and several) as advance:
        for path in files:
            doc = fazhi.analyze(path, max_bytes=int(max_size * 1024 * 1024), review=True)
            if doc.error is not None:
                _err.print(f"[red]{path}：{doc.error.message}[/]")
                failed += 1
            elif not doc.is_report:
                _err.print(
                    f"[yellow]{path}：不是法治政府建设年度报告（{doc.is_report_reason}），未写审查意见[/]"
                )
                failed += 1
            else:
                data = _render(doc, fmt)
                if output is None:
                    sys.stdout.write(data.decode())
                    sys.stdout.flush()
                else:
                    target = (
                        output / f"{path.stem}_审查意见{_SUFFIX[fmt]}"
                        if output.is_dir()
                        else output
                    )
                    write_atomically(target, data)
                    if not several:
                        _err.print(f"已写出审查意见：{target}（{doc.review.card.total:g} 分）")
            advance(path.name)
    if failed:
        _err.print(f"[yellow]{failed} 个文件未能写出审查意见[/]，共 {len(files)} 个")
        raise typer.Exit(1)


class CompareFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


def compare(
    paths: Annotated[
        list[Path], typer.Argument(help="两份或更多报告（或文件夹）", show_default=False)
    ],
    output_format: Annotated[
        CompareFormat, typer.Option("--format", "-f", help="输出格式")
    ] = CompareFormat.text,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="写入文件")] = None,
    threshold: Annotated[
        float, typer.Option("--threshold", min=0.3, max=1.0, help="段落相似度下限（Jaccard）")
    ] = 0.6,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="显示进度条")] = True,
) -> None:
    """比对报告：找出相互抄用（或沿用上年）的段落；同一主体连续两年的报告，逐项核对上年工作安排是否落实。"""
    from fazhi.compare import compare as compare_reports
    from fazhi.compare.report import to_markdown as compare_markdown

    files = list(expand_paths(paths))
    if len(files) < 2:
        raise _usage_error("比对需要至少两份报告")
    if output is not None and not output.parent.is_dir():
        raise _usage_error(f"输出文件夹“{output.parent}”不存在")
    try:
        pipeline.preload()
    except DataFileError as exc:
        raise _usage_error(f"数据文件有误：{exc}") from exc
    docs = []
    with progress_bar("读取", len(files), progress) as advance:
        for path in files:
            doc = fazhi.analyze(path)
            if doc.error is not None:
                _err.print(f"[red]{path}：{doc.error.message}[/]")
            docs.append(doc)
            advance(path.name)
    result = compare_reports(docs, threshold=threshold)
    if output_format is CompareFormat.json:
        text = json.dumps(result.to_contract(), ensure_ascii=False, indent=2) + "\n"
    else:
        text = compare_markdown(result)
    if output is not None:
        write_atomically(output, text.encode())
    elif output_format is CompareFormat.text:
        from rich.console import Console
        from rich.markdown import Markdown

        Console().print(Markdown(text))
    else:
        sys.stdout.write(text)
    if any(d.error is not None for d in docs):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    known = {c.callback for c in app.registered_commands}
    for command in (review, compare):
        if command not in known:
            app.command()(command)
