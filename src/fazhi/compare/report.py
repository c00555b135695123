"""A comparison as Markdown: copied paragraphs, then plan follow-up."""

from __future__ import annotations

from pathlib import Path

from fazhi.compare import Comparison

_QUOTE = 90


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _QUOTE else text[:_QUOTE] + "……"


def to_markdown(result: Comparison) -> str:
    names = [Path(d.source.path).name for d in result.documents]
    out = ["# 报告比对", ""]
    for i, d in enumerate(result.documents):
        year = f"{d.metadata.report_year}年度" if d.metadata.report_year else "年度不详"
        who = d.metadata.issuer or "报告主体不详"
        state = f"（无法读取：{d.error.message}）" if d.error else ""
        out.append(f"{i + 1}. {names[i]}：{who}，{year}{state}")
    out += ["", f"## 一、相同或相近的段落（{len(result.copies)} 处）", ""]
    if not result.copies:
        out.append("未发现相同或相近的段落。")
    for k, c in enumerate(result.copies, 1):
        how = "完全相同" if c.verbatim else f"相似度 {c.similarity:.0%}"
        out.append(
            f"{k}. {names[c.a.doc]} 第{c.a.paragraph + 1}段 ↔ {names[c.b.doc]} 第{c.b.paragraph + 1}段（{how}）"
        )
        out.append(f"   > {_short(c.a.text)}")
        if not c.verbatim:
            out.append(f"   > {_short(c.b.text)}")
    out += ["", "## 二、上一年度工作安排的落实情况", ""]
    if not result.followups:
        out.append("没有同一报告主体连续两个年度的报告，或上一年度报告没有工作安排可供核对。")
    for i, j, items in result.followups:
        done = sum(1 for f in items if f.followed)
        out.append(f"### {names[i]} 的工作安排 → {names[j]}：{done}/{len(items)} 项有落实情况")
        out.append("")
        for k, f in enumerate(items, 1):
            mark = "已报告" if f.followed else "未见报告"
            out.append(f"{k}. 【{mark}】{_short(f.item.text)}")
            if f.evidence:
                out.append(f"   > {_short(f.evidence)}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"
