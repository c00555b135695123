"""The review opinion as Markdown."""

from __future__ import annotations

from fazhi.opinion.content import SEVERITY_HEADINGS, SEVERITY_ORDER, Opinion

_CN_NUMBERS = "一二三四五六七八九十"


def _cell(text: str) -> str:
    return text.replace("|", "｜").replace("\n", " ")


def to_markdown(opinion: Opinion) -> str:
    out = [f"# {opinion.title}", ""]
    out += [f"- **{label}**：{value}" for label, value in opinion.facts]
    out += ["", "## 一、总体评价", "", opinion.summary, "", "## 二、存在的问题", ""]
    n = 0
    for severity in SEVERITY_ORDER:
        items = opinion.problems.get(severity, ())
        if not items:
            continue
        out += [f"### （{_CN_NUMBERS[n]}）{SEVERITY_HEADINGS[severity]}（{len(items)} 项）", ""]
        n += 1
        for i, p in enumerate(items, 1):
            out.append(f"{i}. **{p.title}**：{p.message}")
            for q in p.quotes:
                out.append(f"   > 原文：“{q}”")
            if p.fix:
                out.append(f"   - 修改建议：{p.fix}")
            if p.source:
                out.append(f"   - 依据：{p.source}")
        out.append("")
    if n == 0:
        out += ["未发现问题。", ""]
    out += ["## 三、评分", "", "| 评分项 | 分值 | 得分 | 说明 |", "|---|---:|---:|---|"]
    for name, weight, points, reasons in opinion.card:
        out.append(f"| {name} | {weight:g} | {points:g} | {_cell(reasons)} |")
    out += [f"| **合计** | 100 | **{opinion.total:g}** | |", ""]
    out += ["## 四、覆盖纲要九个方面的情况", "", "| 方面 | 覆盖 | 未涉及的事项 |", "|---|---:|---|"]
    for area, done, total, missing in opinion.areas:
        out.append(f"| {area} | {done}/{total} | {_cell(missing) or '—'} |")
    out += ["", "*本意见由 fazhi 依据报告文本自动生成，供审查人员参考，结论以人工审核为准。*", ""]
    return "\n".join(out)
