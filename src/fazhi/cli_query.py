"""`fazhi list`, `search`, `query`, `summary`, `missing` and `export`: reading the corpus
store from the command line. Every command takes the same filter options."""

from __future__ import annotations

import functools
import inspect
import json
import sys
import typing
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from fazhi.checks.catalogue import SEVERITY_LABELS
from fazhi.cli import err_console, usage_error
from fazhi.cli_store import Db, console, store_for
from fazhi.errors import FazhiError


class Format(StrEnum):
    text = "text"
    json = "json"


Province = Annotated[str | None, typer.Option("--province", help="省份，如 江苏省")]
City = Annotated[str | None, typer.Option("--city", help="设区的市，如 扬州市")]
County = Annotated[str | None, typer.Option("--county", help="县（区、市），如 江都区")]
Year = Annotated[int | None, typer.Option("--year", min=1990, max=2100, help="报告年度")]
Level = Annotated[
    str | None, typer.Option("--level", help="层级：province、city、county、township")
]
Issuer = Annotated[str | None, typer.Option("--issuer", help="报告主体名称中的文字")]
ScoreMin = Annotated[float | None, typer.Option("--score-min", help="最低得分")]
ScoreMax = Annotated[float | None, typer.Option("--score-max", help="最高得分")]
Rule = Annotated[
    str | None, typer.Option("--rule", help="有此规则的问题，如 arith.sum_mismatch 或 arith.")
]
Indicator = Annotated[
    str | None, typer.Option("--indicator", help="载有此指标，如 litigation.cases")
]
ReportsOnly = Annotated[
    bool, typer.Option("--reports-only", help="只看法治政府建设年度报告（不含其他文件）")
]
OutputFormat = Annotated[Format, typer.Option("--format", help="输出格式")]
Limit = Annotated[int, typer.Option("--limit", min=1, max=1000, help="最多显示条数")]


def _filters(**values: Any):
    from fazhi.store import Filters

    try:
        return Filters(**values)
    except FazhiError as exc:
        raise usage_error(exc.message) from None


_FILTER_OPTIONS: dict[str, tuple[Any, Any]] = {
    "province": (Province, None),
    "city": (City, None),
    "county": (County, None),
    "year": (Year, None),
    "level": (Level, None),
    "issuer": (Issuer, None),
    "score_min": (ScoreMin, None),
    "score_max": (ScoreMax, None),
    "rule": (Rule, None),
    "indicator": (Indicator, None),
    "reports_only": (ReportsOnly, False),
}


def with_filters(*names: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Give a command the filter options `names` (all of them when none are named); the
    command receives them as one `filters` argument (a `fazhi.store.Filters`)."""
    wanted = names or tuple(_FILTER_OPTIONS)

    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        hints = typing.get_type_hints(command, include_extras=True)
        own = [
            p.replace(annotation=hints[p.name])
            for p in inspect.signature(command).parameters.values()
            if p.name != "filters"
        ]
        added = [
            inspect.Parameter(
                name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=kind
            )
            for name, (kind, default) in ((n, _FILTER_OPTIONS[n]) for n in wanted)
        ]

        @functools.wraps(command)
        def run(**values: Any) -> None:
            filters = _filters(**{name: values.pop(name) for name in wanted})
            command(filters=filters, **values)

        # Typer reads the options from the signature and the annotations
        run.__signature__ = inspect.Signature([*own, *added])  # type: ignore[attr-defined]
        run.__annotations__ = {p.name: p.annotation for p in [*own, *added]}
        return run

    return decorate


def _dump(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


@with_filters()
def list_reports(
    filters: Any,
    db: Db = None,
    order: Annotated[
        str,
        typer.Option(
            "--order", help="排序：year、year_asc、score、score_asc、issuer、issuer_desc、ingested"
        ),
    ] = "year",
    limit: Limit = 50,
    fmt: OutputFormat = Format.text,
) -> None:
    """列出库中的报告（可按地区、年度、层级、得分、问题、指标筛选）。"""
    with store_for(db) as store:
        page = store.reports(filters, order=order, limit=limit)
    if fmt is Format.json:
        _dump({"total": page.total, "items": [r.to_dict() for r in page.items]})
        return
    table = Table(
        "编号",
        "报告主体",
        "年度",
        "地区",
        "得分",
        "错误",
        "警告",
        "提示",
        title=f"共 {page.total} 份",
    )
    for r in page.items:
        table.add_row(
            str(r.id),
            escape(r.issuer or r.name),
            str(r.report_year or ""),
            escape(" ".join(p for p in (r.province, r.city, r.county) if p)),
            f"{r.score:.1f}" if r.score is not None else "",
            *(str(r.findings.get(k, 0)) for k in ("error", "warning", "info")),
        )
    console.print(table)


@with_filters()
def search(
    query: Annotated[str, typer.Argument(help="搜索词，空格分隔的词须同时出现")],
    filters: Any,
    db: Db = None,
    limit: Limit = 20,
    fmt: OutputFormat = Format.text,
) -> None:
    """全文检索报告，显示命中的段落（两个字的词也能准确检索）。"""
    with store_for(db) as store:
        page = store.search(query, filters, limit=limit)
    if fmt is Format.json:
        _dump({"total": page.total, "items": [hit.to_dict() for hit in page.items]})
        return
    console.print(f"共 {page.total} 份报告含“{escape(query)}”")
    for hit in page.items:
        r = hit.report
        name = escape(r.issuer or r.name)
        console.print(f"\n[bold]#{r.id} {name}[/] {r.report_year or ''}（{hit.hits} 处）")
        for snippet in hit.snippets:
            console.print("  " + _highlighted(snippet), highlight=False)


def _highlighted(snippet) -> str:
    """A passage as Rich markup: its own text escaped, the hits in reverse video."""
    out, last = [], 0
    for start, end in snippet.highlights:
        out.append(escape(snippet.text[last:start]))
        out.append(f"[reverse]{escape(snippet.text[start:end])}[/reverse]")
        last = end
    out.append(escape(snippet.text[last:]))
    return "".join(out)


@with_filters("province", "city", "county", "year", "level", "issuer", "reports_only")
def query(
    indicator_code: Annotated[str, typer.Argument(metavar="INDICATOR", help="指标代码")],
    by: Annotated[
        str, typer.Option("--by", help="分组：province、city、county、level、issuer、year、report")
    ] = "county",
    filters: Any = None,
    db: Db = None,
    fmt: OutputFormat = Format.text,
) -> None:
    """某项指标在各地区、各年度的数值（件数、金额求和；比率只给平均、最小、最大）。"""
    with store_for(db) as store:
        result = store.indicator(indicator_code, by=by, filters=filters)
    if fmt is Format.json:
        _dump(result.to_dict())
        return
    unit = f"（{result.unit}）" if result.unit else ""
    table = Table(
        "分组", "年度", "报告数", *(["合计"] if result.additive else []), "平均", "最小", "最大"
    )
    table.title = f"{result.name} {result.code}{unit}"
    for row in result.rows:
        table.add_row(
            escape(row.label()),
            str(row.report_year or ""),
            str(row.reports),
            *([_num(row.total)] if result.additive else []),
            _num(row.mean),
            _num(row.minimum),
            _num(row.maximum),
        )
    console.print(table if result.rows else f"库中没有报告载有指标 {result.code}")


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


@with_filters("province", "city", "county", "year", "level")
def summary(
    by: Annotated[str, typer.Option("--by", help="地区分组：province、city、county")] = "city",
    filters: Any = None,
    db: Db = None,
    fmt: OutputFormat = Format.text,
) -> None:
    """语料库概况：各地区各年度报告数、平均得分、最常见的问题。"""
    with store_for(db) as store:
        result = store.summary(filters, by=by)
    if fmt is Format.json:
        _dump(result.to_dict())
        return
    mean = f"{result.mean_score:.1f}" if result.mean_score is not None else "—"
    console.print(
        f"文件 {result.documents} 份：年度报告 {result.reports}，其他文件 {result.not_reports}，"
        f"分析出错 {result.failed}；平均得分 {mean}"
    )
    table = Table("地区", "年度", "报告数", "平均得分", title="各地区各年度")
    for row in result.by_region:
        score = f"{row.mean_score:.1f}" if row.mean_score is not None else ""
        table.add_row(escape(row.label()), str(row.report_year or ""), str(row.reports), score)
    console.print(table)
    rules = Table("规则", "严重程度", "涉及报告", "问题数", title="最常见的问题")
    for rule in result.top_findings:
        rules.add_row(
            rule.rule,
            SEVERITY_LABELS.get(rule.severity, rule.severity),
            str(rule.reports),
            str(rule.findings),
        )
    console.print(rules)


def missing(
    units: Annotated[Path, typer.Argument(help="应报送单位清单 CSV（列：单位[,年度]）")],
    years: Annotated[
        list[int] | None,
        typer.Option("--year", help="检查的年度（CSV 无年度列时必填，可多次给出）"),
    ] = None,
    db: Db = None,
    fmt: OutputFormat = Format.text,
) -> None:
    """对照应报送单位清单，列出各年度未报送、逾期和按时报送的单位。"""
    from fazhi.store import read_expected
    from fazhi.store.summary import STATUS_LABELS

    try:
        text = units.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise usage_error(f"无法读取“{units}”：{exc.strerror or exc}") from None
    except UnicodeDecodeError:
        try:
            text = units.read_bytes().decode("gb18030")
        except UnicodeDecodeError:
            raise usage_error(f"“{units}”不是 UTF-8 或 GBK 编码的 CSV") from None
    with store_for(db) as store:
        result = store.expected(read_expected(text, str(units)), years)
    if fmt is Format.json:
        _dump([status.to_dict() for status in result])
    else:
        table = Table("单位", "年度", "情况", "报告编号", "成文日期", "说明")
        style = {"missing": "red", "late": "yellow", "undated": "yellow", "on_time": "green"}
        for s in result:
            table.add_row(
                escape(s.unit),
                str(s.report_year),
                f"[{style[s.status]}]{STATUS_LABELS[s.status]}[/]",
                str(s.report_id or ""),
                s.issue_date.isoformat() if s.issue_date else "",
                escape(s.detail or ""),
            )
        console.print(table)
    if any(s.status in ("missing", "late") for s in result):
        raise typer.Exit(1)


@with_filters()
def export(
    output: Annotated[Path, typer.Option("--output", "-o", help="输出文件：.xlsx、.csv 或 .jsonl")],
    table: Annotated[
        str, typer.Option("--table", help="CSV 导出的表：reports、facts、findings、coverage")
    ] = "reports",
    unredacted: Annotated[
        bool, typer.Option("--unredacted", help="保留手机号等个人信息原文（仅限内部使用）")
    ] = False,
    filters: Any = None,
    db: Db = None,
) -> None:
    """导出为 Excel（报告/指标/问题/覆盖四张表）、CSV 或 JSONL；默认隐去个人信息。"""
    from fazhi.cli_review import atomic_output
    from fazhi.store.export import FORMATS
    from fazhi.store.export import export as run

    fmt = output.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise usage_error(f"输出文件“{output}”的后缀应为 {'、'.join('.' + f for f in FORMATS)}")
    if output.is_dir() or not output.parent.is_dir():
        raise usage_error(f"无法写入“{output}”：不是文件或所在文件夹不存在")
    # written beside the output and renamed when complete: a province's export never
    # sits in memory whole, and an interrupted one never leaves half a file
    try:
        with store_for(db) as store, atomic_output(output) as handle:
            count = run(store, fmt, handle, filters=filters, table=table, redact=not unredacted)
    except OSError as exc:
        raise usage_error(f"无法写入“{output}”：{exc.strerror or exc}") from None
    err_console.print(f"已导出 {count} 份报告到“{escape(str(output))}”")


def register(app: typer.Typer) -> None:
    app.command("list")(list_reports)
    app.command()(search)
    app.command()(query)
    app.command()(summary)
    app.command()(missing)
    app.command()(export)
