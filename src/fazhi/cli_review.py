"""`fazhi review` and `fazhi compare`: the review opinion and cross-report comparison,
registered on the command-line app of `fazhi analyze` by `register`."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, BinaryIO

import typer

import fazhi
from fazhi import pipeline
from fazhi.cli import (
    STDIN,
    MaxSize,
    ShowProgress,
    StdinName,
    check_output,
    err_console,
    expand_paths,
    progress_bar,
    usage_error,
)
from fazhi.datafiles import DataFileError
from fazhi.opinion import build_opinion, to_docx, to_markdown


class ReviewFormat(StrEnum):
    docx = "docx"
    markdown = "markdown"
    json = "json"


_SUFFIX = {ReviewFormat.docx: ".docx", ReviewFormat.markdown: ".md", ReviewFormat.json: ".json"}


@contextmanager
def atomic_output(path: Path) -> Iterator[BinaryIO]:
    """A binary file beside `path` that becomes `path` when the block ends without error
    (synced, then renamed): never a half-written file. The file gets the usual
    permissions (rw for the owner, r for others under umask 022)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".fz", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through `atomic_output`."""
    with atomic_output(path) as handle:
        handle.write(data)


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


def opinion_names(files: list[Path], suffix: str) -> dict[Path, str]:
    """One output name per input: <stem>_审查意见.docx, with the input's extension added
    when two inputs share a stem (报告.pdf, 报告.docx), and a number when still equal."""
    stems = Counter(f.stem for f in files)
    names: dict[Path, str] = {}
    used: set[str] = set()
    for f in files:
        base = f.stem if stems[f.stem] == 1 else f"{f.stem}_{f.suffix.lstrip('.') or 'txt'}"
        name, n = f"{base}_审查意见{suffix}", 2
        while name in used:
            name, n = f"{base}_{n}_审查意见{suffix}", n + 1
        used.add(name)
        names[f] = name
    return names


def review(
    paths: Annotated[
        list[Path], typer.Argument(help="报告文件或文件夹（“-”表示标准输入）", show_default=False)
    ],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="审查意见文件；多个报告时为文件夹（每份报告一个文件）"),
    ] = None,
    output_format: Annotated[
        ReviewFormat | None,
        typer.Option("--format", "-f", help="docx（Word）、markdown 或 json；默认按 -o 的扩展名"),
    ] = None,
    max_size: MaxSize = 50,
    stdin_name: StdinName = "stdin.txt",
    progress: ShowProgress = True,
) -> None:
    """审查报告并写出审查意见：按严重程度列出问题（引用原文、修改建议、依据），附评分表和覆盖情况。"""
    files = list(expand_paths(paths))
    if not files:
        raise usage_error("没有找到可审查的文件")
    fmt = _format_for(output, output_format)
    several = len(files) > 1
    into_folder = output is not None and output.is_dir()
    if several and output is not None and not into_folder:
        raise usage_error(f"审查多个报告时，-o 应为已存在的文件夹，而“{output}”不是")
    if output is None and fmt is ReviewFormat.docx:
        raise usage_error("Word 格式的审查意见需要用 -o 指定输出文件")
    if not into_folder:
        check_output(output, files)
    names = opinion_names(files, _SUFFIX[fmt])
    if into_folder:
        assert output is not None
        clash = [
            f
            for f in files
            if str(f) != STDIN
            and f.resolve().parent == output.resolve()
            and f.name in names.values()
        ]
        if clash:
            raise usage_error(f"输出文件夹中的“{clash[0].name}”也是要审查的文件，不能覆盖它")
    try:
        pipeline.preload()
    except DataFileError as exc:
        raise usage_error(f"数据文件有误：{exc}") from exc
    max_bytes = int(max_size * 1024 * 1024)
    failed = 0
    with progress_bar("审查", len(files), progress and several) as advance:
        for path in files:
            if str(path) == STDIN:
                doc = fazhi.analyze(
                    sys.stdin.buffer.read(), stdin_name, max_bytes=max_bytes, review=True
                )
            else:
                doc = fazhi.analyze(path, max_bytes=max_bytes, review=True)
            advance(path.name)
            if doc.error is not None:
                err_console.print(f"[red]{path}：{doc.error.message}[/]")
                failed += 1
                continue
            if not doc.is_report or doc.review is None:
                err_console.print(
                    f"[yellow]{path}：不是法治政府建设年度报告（{doc.is_report_reason}），未写审查意见[/]"
                )
                failed += 1
                continue
            data = _render(doc, fmt)
            if output is None:
                sys.stdout.write(data.decode())
                sys.stdout.flush()
                continue
            target = output / names[path] if into_folder else output
            try:
                write_atomically(target, data)
            except OSError as exc:
                err_console.print(f"[red]{path}：无法写出“{target}”（{exc.strerror or exc}）[/]")
                failed += 1
                continue
            if not several:
                err_console.print(f"已写出审查意见：{target}（{doc.review.card.total:g} 分）")
    if failed:
        err_console.print(f"[yellow]{failed} 个文件未能写出审查意见[/]，共 {len(files)} 个")
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
    progress: ShowProgress = True,
) -> None:
    """比对报告：找出相互抄用（或沿用上年）的段落；同一主体连续两年的报告，逐项核对上年工作安排是否落实。"""
    from fazhi.compare import compare as compare_reports
    from fazhi.compare import preload as preload_compare
    from fazhi.compare.report import to_markdown as compare_markdown

    files = list(expand_paths(paths))
    if any(str(f) == STDIN for f in files):
        raise usage_error("比对不支持标准输入，请给出文件")
    if len(files) < 2:
        raise usage_error("比对需要至少两份报告")
    check_output(output, files)
    try:
        pipeline.preload()
        preload_compare()
    except DataFileError as exc:
        raise usage_error(f"数据文件有误：{exc}") from exc
    docs = []
    with progress_bar("读取", len(files), progress) as advance:
        for path in files:
            doc = fazhi.analyze(path)
            if doc.error is not None:
                err_console.print(f"[red]{path}：{doc.error.message}[/]")
            docs.append(doc)
            advance(path.name)
    result = compare_reports(docs, threshold=threshold)
    if output_format is CompareFormat.json:
        text = json.dumps(result.to_contract(), ensure_ascii=False, indent=2) + "\n"
    else:
        text = compare_markdown(result)
    if output is not None:
        try:
            write_atomically(output, text.encode())
        except OSError as exc:
            raise usage_error(f"无法写出“{output}”（{exc.strerror or exc}）") from exc
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
