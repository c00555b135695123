"""Human views of an analysis: a Rich terminal view and Markdown.

Both read only the contract dict (`Document.to_contract()`), so what a person sees is
exactly what a machine gets.
"""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from fazhi.checks.catalogue import SEVERITY_LABELS

KIND_LABELS = {
    "measures": "举措和成效",
    "shortcomings": "不足和原因",
    "first_responsible": "第一责任人履职",
    "next_year": "下一年度安排",
    "other": "其他",
}
CONTENT_LABELS = {
    "measures": "主要举措和成效",
    "shortcomings": "存在的不足",
    "causes": "不足的原因分析",
    "first_responsible": "党政主要负责人履行第一责任人职责情况",
    "next_year": "下一年度主要安排",
}
META_LABELS = (
    ("title", "标题"),
    ("issuer", "报告主体"),
    ("region", "地区"),
    ("report_year", "报告年度"),
    ("doc_number", "发文字号"),
    ("signer", "签发人"),
    ("addressees", "主送机关"),
    ("cc", "抄送机关"),
    ("issue_date", "成文日期"),
    ("disclosure", "公开属性"),
)
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def region_text(region: dict[str, Any] | None) -> str:
    if not region:
        return ""
    parts = [region.get(k) for k in ("province", "city", "county")]
    seen: list[str] = []
    for part in parts:
        if part and part not in seen:
            seen.append(part)
    text = "".join(seen)
    return f"{text}（{region['code']}）" if text and region.get("code") else text


def meta_value(meta: dict[str, Any], key: str) -> str:
    value = meta.get(key)
    if key == "region":
        return region_text(value)
    if isinstance(value, list):
        return "、".join(value)
    return "" if value is None else str(value)


def _outline_tree(sections: list[dict[str, Any]], tree: Tree) -> None:
    for s in sections:
        label = Text(f"{s['marker']}{s['title']}")
        if s.get("kind"):
            label.append(f"  [{KIND_LABELS.get(s['kind'], s['kind'])}]", style="magenta")
        _outline_tree(s.get("children", []), tree.add(label))


def _value(f: dict[str, Any]) -> str:
    text = str(f["value"])
    if f.get("value_max") is not None:
        text += f"～{f['value_max']}"
    text += f.get("unit") or ""
    if f.get("approx"):
        text += "（约数）"
    return text


def fact_groups(facts: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Facts with an indicator grouped under its name, in order of first appearance."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for f in facts:
        if f.get("indicator"):
            name = f"{f.get('indicator_name') or ''}（{f['indicator']}）"
            groups.setdefault(name, []).append(f)
    return list(groups.items())


def _facts_table(facts: list[dict[str, Any]]) -> RenderableType:
    table = Table(box=None, pad_edge=False, show_edge=False)
    table.add_column("指标", style="bold", overflow="fold")
    table.add_column("数值", no_wrap=True)
    table.add_column("原文", style="dim", overflow="fold")
    for _, items in fact_groups(facts):
        for i, f in enumerate(items):
            # later rows repeat the name, dimmed, so no row looks unmapped
            label = Text(f.get("indicator_name") or "", style="" if i == 0 else "dim")
            table.add_row(label, _value(f), f.get("text") or "")
    return table


def _others_table(facts: list[dict[str, Any]], limit: int) -> RenderableType:
    table = Table(box=None, pad_edge=False, show_edge=False, show_header=False)
    table.add_column(no_wrap=True)
    table.add_column(style="dim", overflow="fold")
    for f in facts[:limit]:
        table.add_row(_value(f), f.get("text") or "")
    return table


def rich_view(contract: dict[str, Any]) -> RenderableType:
    """The terminal view of one analysed document."""
    path = contract["source"]["path"]
    if contract.get("error"):
        err = contract["error"]
        return Panel(
            Text(f"{err['message']}\n代码：{err['code']}"), title=f"[red]无法分析[/] {path}"
        )
    meta = contract.get("metadata") or {}
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    verdict = "是" if contract.get("is_report") else "否"
    table.add_row("法治政府建设年度报告", f"{verdict}（{contract.get('is_report_reason') or ''}）")
    for key, label in META_LABELS:
        table.add_row(label, meta_value(meta, key) or "—")
    src = contract["source"]
    table.add_row("格式", " ".join(x for x in (src.get("format"), src.get("encoding")) if x))

    tree = Tree("[bold]结构[/]")
    _outline_tree(contract.get("sections") or [], tree)
    if not contract.get("sections"):
        tree.add("（未识别到编号标题）")

    checklist = Table(show_header=False, box=None, pad_edge=False)
    checklist.add_column(no_wrap=True)
    checklist.add_column()
    for key, label in CONTENT_LABELS.items():
        ok = (contract.get("contents") or {}).get(key)
        checklist.add_row("[green]✓[/]" if ok else "[red]✗[/]", label)

    parts: list[RenderableType] = [table, tree, Text("法定内容", style="bold"), checklist]
    facts = contract.get("facts") or []
    mapped = sum(1 for f in facts if f.get("indicator"))
    if facts:
        parts.append(Text(f"数据（{len(facts)} 项，其中 {mapped} 项对应指标）", style="bold"))
        if mapped:
            parts.append(_facts_table(facts))
        others = [f for f in facts if not f.get("indicator")]
        shown = 0 if mapped else min(15, len(others))
        if shown:
            parts.append(_others_table(others, shown))  # nothing mapped: show what was read
        if len(others) > shown:
            parts.append(
                Text(
                    f"另有 {len(others) - shown} 项数字未对应指标，用 --format json 可查看全部",
                    style="dim",
                )
            )
    findings = contract.get("findings") or []
    if findings:
        parts.append(Text(f"问题（{len(findings)}）", style="bold"))
        for f in findings:
            sev = f.get("severity", "info")
            line = Text(f"[{SEVERITY_LABELS.get(sev, sev)}] ", style=SEVERITY_STYLE.get(sev, ""))
            line.append(f"{f['message']}  ")
            line.append(f["rule"], style="dim")
            parts.append(line)
            for ev in f.get("evidence") or []:
                parts.append(Text(f"    “{ev}”", style="dim"))
    review = contract.get("review")
    if review:
        parts.append(Text(f"评分 {review['score']:g} / 100", style="bold"))
        for c in review["card"]:
            parts.append(Text(f"  {c['name']} {c['points']:g}/{c['weight']:g}  {c['reasons'][0]}"))
    return Panel(Group(*parts), title=meta.get("title") or path, subtitle=path)


def _md_outline(sections: list[dict[str, Any]], depth: int, out: list[str]) -> None:
    for s in sections:
        kind = f" *({KIND_LABELS.get(s['kind'], s['kind'])})*" if s.get("kind") else ""
        out.append(f"{'  ' * depth}- {s['marker']}{s['title']}{kind}")
        _md_outline(s.get("children", []), depth + 1, out)


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(contract: dict[str, Any]) -> str:
    """A Markdown report of one analysed document."""
    path = contract["source"]["path"]
    if contract.get("error"):
        err = contract["error"]
        return f"## 无法分析：{path}\n\n{err['message']}（代码 `{err['code']}`）\n"
    meta = contract.get("metadata") or {}
    out = [f"## {meta.get('title') or path}", "", f"文件：`{path}`", ""]
    verdict = "是" if contract.get("is_report") else "否"
    out += [
        "| 项目 | 内容 |",
        "| --- | --- |",
        f"| 法治政府建设年度报告 | {verdict}：{_md_cell(contract.get('is_report_reason') or '')} |",
    ]
    for key, label in META_LABELS:
        out.append(f"| {label} | {_md_cell(meta_value(meta, key)) or '—'} |")
    out += ["", "### 结构", ""]
    _md_outline(contract.get("sections") or [], 0, out)
    out += ["", "### 法定内容", ""]
    for key, label in CONTENT_LABELS.items():
        ok = (contract.get("contents") or {}).get(key)
        out.append(f"- [{'x' if ok else ' '}] {label}")
    facts = contract.get("facts") or []
    if facts:
        out += ["", "### 数据", "", "| 指标 | 数值 | 原文 |", "| --- | --- | --- |"]
        for name, items in fact_groups(facts):
            for i, f in enumerate(items):
                label = _md_cell(name) if i == 0 else ""
                out.append(f"| {label} | {_md_cell(_value(f))} | {_md_cell(f.get('text') or '')} |")
        others = [f for f in facts if not f.get("indicator")]
        if others:
            out += ["", f"<details><summary>未对应指标的数字（{len(others)} 项）</summary>", ""]
            out.extend(f"- {_md_cell(_value(f))}：{_md_cell(f.get('text') or '')}" for f in others)
            out += ["", "</details>"]
    findings = contract.get("findings") or []
    if findings:
        out += ["", "### 问题", ""]
        for f in findings:
            sev = SEVERITY_LABELS.get(f.get("severity", ""), f.get("severity", ""))
            out.append(f"- **{sev}** {f['message']} (`{f['rule']}`)")
            out.extend(f"  > {ev}" for ev in f.get("evidence") or [])
    review = contract.get("review")
    if review:
        out += [
            "",
            f"### 评分：{review['score']:g} / 100",
            "",
            "| 评分项 | 得分 | 说明 |",
            "| --- | --- | --- |",
        ]
        for c in review["card"]:
            reasons = _md_cell("；".join(c["reasons"]))
            out.append(f"| {c['name']} | {c['points']:g}/{c['weight']:g} | {reasons} |")
    out.append("")
    return "\n".join(out)
