"""`fazhi template` and `fazhi draft`: the data template and the report drafted from it,
registered on the command-line app of `fazhi analyze` by `register`.

Exit codes of `draft`: 0 the draft was written and passed the self-check, 1 the
self-check failed (errors listed; nothing written unless --force), 2 usage or data errors.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from fazhi.cli import err_console, usage_error
from fazhi.cli_review import write_atomically


class DraftFormat(StrEnum):
    docx = "docx"
    markdown = "markdown"
    text = "text"


_SUFFIX = {".docx": DraftFormat.docx, ".md": DraftFormat.markdown, ".txt": DraftFormat.text}


def _output_ok(output: Path) -> None:
    if output.is_dir():
        raise usage_error(f"“{output}”是文件夹，请给出输出文件名")
    if not output.parent.is_dir():
        raise usage_error(f"输出文件夹“{output.parent}”不存在")


def _plans(last_year: Path | None) -> list[str]:
    if last_year is None:
        return []
    from fazhi.draft.carry import last_year_plans

    if not last_year.is_file():
        raise usage_error(f"上年度报告“{last_year}”不存在")
    try:
        plans = last_year_plans(last_year)
    except ValueError as exc:
        raise usage_error(str(exc)) from exc
    if not plans:
        err_console.print(
            f"[yellow]上年度报告“{escape(str(last_year))}”中没有找到下一年度工作安排[/]"
        )
    return plans


def template(
    output: Annotated[Path, typer.Option("--output", "-o", help="要写出的 Excel 模板（.xlsx）")],
    last_year: Annotated[
        Path | None,
        typer.Option(
            "--last-year", help="上年度报告：其中的工作安排写入工作表“上年度安排”，逐项填写落实情况"
        ),
    ] = None,
    source: Annotated[
        Path | None,
        typer.Option("--from", help="已有的数据文件（YAML 或 .xlsx），用其内容填好模板"),
    ] = None,
) -> None:
    """写出起草年度报告用的 Excel 数据模板（单位信息、举措要点、数字、不足和原因、工作安排等）。"""
    from fazhi.draft.model import DraftDataError
    from fazhi.draft.template import load_any, write_template

    if output.suffix.lower() != ".xlsx":
        raise usage_error("模板文件的扩展名应为 .xlsx")
    _output_ok(output)
    data = None
    if source is not None:
        try:
            data = load_any(source)
        except DraftDataError as exc:
            raise usage_error(str(exc)) from exc
    plans = _plans(last_year)
    try:
        write_atomically(output, write_template(data, plans))
    except OSError as exc:
        raise usage_error(f"无法写出“{output}”（{exc.strerror or exc}）") from exc
    extra = f"，含上年度工作安排 {len(plans)} 项" if plans else ""
    err_console.print(f"已写出数据模板：{escape(str(output))}{extra}")


def _render(draft, fmt: DraftFormat) -> tuple[bytes, str]:
    """The drafted file's bytes and the name the analyser reads it under."""
    from fazhi.draft import to_docx, to_markdown, to_text

    if fmt is DraftFormat.docx:
        return to_docx(draft), "draft.docx"
    if fmt is DraftFormat.markdown:
        # the analyser has no Markdown reader: the self-check reads the same words as text
        return to_markdown(draft).encode(), "draft.txt"
    return to_text(draft).encode(), "draft.txt"


def _show_finding(f: dict, style: str) -> None:
    evidence = f"（{escape(f['evidence'][0][:60])}）" if f.get("evidence") else ""
    err_console.print(
        f"  [{style}]{escape(f.get('rule', ''))}[/] {escape(f.get('message', ''))}{evidence}"
    )


def draft(
    data_file: Annotated[
        Path | None,
        typer.Argument(
            help="起草数据：YAML 文件或 fazhi template 生成的 .xlsx", show_default=False
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="报告文件：.docx（公文格式）、.md 或 .txt")
    ] = None,
    output_format: Annotated[
        DraftFormat | None,
        typer.Option("--format", "-f", help="docx、markdown 或 text；默认按 -o 的扩展名"),
    ] = None,
    last_year: Annotated[
        Path | None,
        typer.Option("--last-year", help="上年度报告：列出其中的工作安排，供逐项填写落实情况"),
    ] = None,
    internal: Annotated[
        bool, typer.Option("--internal", help="内部留存版：附注中写出联系人和电话（公开版不写）")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="自检未通过时仍写出草稿（退出码仍为 1）")
    ] = False,
) -> None:
    """按结构化数据起草法治政府建设年度报告（GB/T 9704 公文格式），并用本工具的分析器自检。"""
    from fazhi.draft import DraftDataError, analyse_draft, compose
    from fazhi.draft.carry import checklist_yaml, unanswered
    from fazhi.draft.template import load_any

    plans = _plans(last_year)
    if data_file is None:
        if last_year is None:
            raise usage_error(
                "请给出起草数据文件（YAML 或 .xlsx），或用 --last-year 列出上年度工作安排"
            )
        text = checklist_yaml(plans)
        if output is not None:
            _output_ok(output)
            write_atomically(output, text.encode())
            err_console.print(f"已写出上年度工作安排清单：{escape(str(output))}（{len(plans)} 项）")
        else:
            sys.stdout.write(text)
        return
    if not data_file.is_file():
        raise usage_error(f"数据文件“{data_file}”不存在")
    fmt = output_format or (_SUFFIX.get(output.suffix.lower()) if output else None)
    if fmt is None:
        if output is not None:
            raise usage_error("无法从扩展名判断格式：请用 .docx、.md、.txt，或用 --format 指定")
        fmt = DraftFormat.markdown
    if fmt is DraftFormat.docx and output is None:
        raise usage_error("Word 格式的草稿需要用 -o 指定输出文件")
    if output is not None:
        _output_ok(output)
        if output.resolve() == data_file.resolve():
            raise usage_error(f"输出文件“{output}”就是数据文件，不能覆盖它")
    try:
        data = load_any(data_file)
    except DraftDataError as exc:
        err_console.print(f"[red]{escape(str(exc))}[/]")
        raise typer.Exit(2) from exc
    for plan in unanswered(data, plans):
        err_console.print(f"[yellow]上年度安排尚未填写落实情况：{escape(plan)}[/]")
    drafted = compose(data, public=not internal)
    for plan in drafted.pending:
        err_console.print(f"[yellow]上年度安排“{escape(plan)}”未填写落实情况，未写入报告[/]")
    payload, name = _render(drafted, fmt)
    checked = payload if fmt is not DraftFormat.markdown else _render(drafted, DraftFormat.text)[0]
    result = analyse_draft(data, checked, name)
    for f in result.warnings:
        _show_finding(f, "yellow")
    if not result.ok:
        err_console.print("[red]自检未通过：[/]")
        for message in result.mismatches:
            err_console.print(f"  [red]回读不一致[/] {escape(message)}")
        for f in result.errors:
            _show_finding(f, "red")
    if result.ok or force:
        if output is None:
            sys.stdout.write(payload.decode())
        else:
            try:
                write_atomically(output, payload)
            except OSError as exc:
                raise usage_error(f"无法写出“{output}”（{exc.strerror or exc}）") from exc
            figures = sum(len(a.figures) for a in data.measures)
            state = "自检通过" if result.ok else "自检未通过"
            err_console.print(
                f"已写出草稿：{escape(str(output))}（{state}，回读核对数字 {figures} 项）"
            )
    if not result.ok:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    known = {c.callback for c in app.registered_commands}
    for command in (template, draft):
        if command not in known:
            app.command()(command)
