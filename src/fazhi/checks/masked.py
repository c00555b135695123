"""`data.masked_value`: a placeholder (*****, XX, ××) printed where a figure belongs."""

from __future__ import annotations

import re

from fazhi.figures.scan import find_masks
from fazhi.model import Document, Finding

_CLAUSE_BREAK = re.compile(r"[，,；;。！？!?：:]")
_MASK_CELL = re.compile(r"[*＊]{2,}|[Xx×Ｘ]{2,}")
_UNIT_TAIL = re.compile(r"\s*(?:万|亿)?[^\s，,；;。！？!?、：:]{0,3}")


def masked_findings(doc: Document) -> tuple[Finding, ...]:
    out = []
    for text in doc.paragraphs:
        if "\t" in text:
            out.extend(_masked_cells(text))
        for start, end in find_masks(text):
            lo = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, start)), default=0)
            tail = _UNIT_TAIL.match(text, end)
            hi = tail.end() if tail else end
            clause = text[lo:hi].strip()
            out.append(
                Finding(
                    rule="data.masked_value",
                    severity="warning",
                    message=f"“{clause}”中的数字被“{text[start:end]}”代替；公开的报告应写明实际数值，或删去该句",
                    evidence=(clause,),
                )
            )
    return tuple(out)


def _masked_cells(row: str) -> list[Finding]:
    """A table cell holding only a placeholder: '法制审核（件）\t***\t12'."""
    cells = row.split("\t")
    out = []
    for cell in cells[1:]:
        if _MASK_CELL.fullmatch(cell.strip()):
            evidence = f"{cells[0]}\t{cell}".strip()
            out.append(
                Finding(
                    rule="data.masked_value",
                    severity="warning",
                    message=f"表格“{cells[0].strip()}”一行中的数字被“{cell.strip()}”代替；公开的报告应填写实际数值",
                    evidence=(evidence,),
                )
            )
    return out
