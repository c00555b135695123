"""`structure.missing_content`: one finding per mandated content the report lacks."""

from __future__ import annotations

from fazhi.checks.catalogue import finding
from fazhi.model import CONTENT_KEYS, CONTENT_LABELS, Document, Finding

_SEVERITY = {"causes": "warning"}
_BASIS = "《法治政府建设与责任落实督察工作规定》第二十五条"


def missing_contents(doc: Document) -> tuple[Finding, ...]:
    if not doc.is_report:
        return ()
    if doc.truncated:
        # a page cut short lacks what came after the cut; say so instead of blaming the report
        tail = doc.paragraphs[-1][-30:]
        return (
            finding(
                "input.truncated",
                f"文本在“…{tail}”处中断，没有落款和日期，可能不完整；未据此判定缺少法定内容",
                (tail,),
            ),
        )
    out = []
    for key in CONTENT_KEYS:
        if doc.contents.present.get(key):
            continue
        if key == "causes" and not doc.contents.present.get("shortcomings"):
            message = f"报告未写{CONTENT_LABELS['shortcomings']}，也就没有分析其原因（{_BASIS}）"
        elif key == "causes":
            message = "报告列出了存在的不足，但没有分析产生不足的原因（只列问题、不析原因）"
        else:
            message = f"报告缺少法定内容：{CONTENT_LABELS[key]}（{_BASIS}）"
        out.append(
            finding(
                "structure.missing_content",
                message,
                (),
                severity=_SEVERITY.get(key),
                **{"content": key},
            )
        )
    return tuple(out)
