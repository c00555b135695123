"""`fazhi synth`: a synthetic corpus of annual reports with their ground truth, for the
corpus benchmark and the defect benchmark (benchmarks/defects.py)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from fazhi.cli import ShowProgress, err_console, progress_bar, usage_error


def register(app: typer.Typer) -> None:
    app.command("synth")(synth)


def synth(
    out: Annotated[Path, typer.Option("--out", help="输出文件夹（不存在则创建）")],
    n: Annotated[int, typer.Option("--n", min=1, help="生成的报告份数")] = 100,
    seed: Annotated[int, typer.Option("--seed", help="随机种子；同一种子生成同样的报告")] = 1,
    formats: Annotated[
        str,
        typer.Option(
            "--formats",
            help="逗号分隔的格式，按序轮流使用：txt, txt-gb18030, txt-wrapped（模拟 PDF 文本的硬换行）, docx, html, ofd, pdf",
        ),
    ] = "txt",
    defect_rate: Annotated[
        float, typer.Option("--defect-rate", min=0.0, max=1.0, help="带有注入缺陷的报告比例")
    ] = 0.3,
    truth_dir: Annotated[
        Path | None,
        typer.Option("--truth-dir", help="标注 JSON 另存的文件夹（默认与报告同放一处）"),
    ] = None,
    progress: ShowProgress = True,
) -> None:
    """生成合成的法治政府建设年度报告及其标注（fazhi.gold/1，另含注入的缺陷）。"""
    from fazhi.synth.corpus import generate, write_report
    from fazhi.synth.formats import FORMATS, FormatUnavailable

    wanted = [f.strip() for f in formats.split(",") if f.strip()]
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise usage_error(f"未知格式 {', '.join(unknown) or '（空）'}；可用：{', '.join(FORMATS)}")
    out.mkdir(parents=True, exist_ok=True)
    if truth_dir is not None:
        truth_dir.mkdir(parents=True, exist_ok=True)
    usable, skipped = list(wanted), []
    written: Counter[str] = Counter()
    defects: Counter[str] = Counter()
    with progress_bar("生成", n, progress and n > 1) as advance:
        for i, rep in enumerate(generate(n, seed, defect_rate)):
            while True:
                try:
                    w = write_report(rep, out, usable, i, truth_dir)
                    break
                except FormatUnavailable as exc:
                    fmt = usable[i % len(usable)]
                    err_console.print(f"[yellow]跳过格式 {fmt}：{exc}[/]")
                    usable.remove(fmt)
                    skipped.append(fmt)
                    if not usable:
                        raise typer.Exit(1) from exc
            written[w.fmt] += 1
            defects.update(d["kind"] for d in rep.gold["defects"])
            advance(w.document.name)
    dirty = sum(defects.values())
    err_console.print(
        f"已生成 {n} 份报告于 {out}："
        + "、".join(f"{k} {v}" for k, v in sorted(written.items()))
        + f"；注入缺陷 {dirty} 处"
        + (f"（{'、'.join(f'{k} {v}' for k, v in sorted(defects.items()))}）" if dirty else "")
    )
