"""`data.masked_value`: a placeholder (*****, XX, ××) printed where a figure belongs."""

from __future__ import annotations

import re

from fazhi.checks.catalogue import finding
from fazhi.figures.scan import find_masks, grammar
from fazhi.model import Document, Finding

_CLAUSE_BREAK = re.compile(r"[，,；;。！？!?：:]")
_UNIT_TAIL = re.compile(r"\s*(?:万|亿)?[^\s，,；;。！？!?、：:]{0,3}")


def _finding(where: str, mask: str, evidence: str) -> Finding:
    return finding(
        "data.masked_value",
        f"{where}中的数字被“{mask}”代替；公开的报告应写明实际数值，或删去该处",
        (evidence,),
    )


def masked_findings(doc: Document) -> tuple[Finding, ...]:
    out = []
    masks = grammar().masks
    for text in doc.paragraphs:
        if "\t" in text:
            # a table cell holding only a placeholder: '法制审核（件）\t***\t12'
            label, *cells = text.split("\t")
            for cell in cells:
                if masks.fullmatch(cell.strip()):
                    where = f"表格“{label.strip()}”一行"
                    out.append(_finding(where, cell.strip(), f"{label}\t{cell}".strip()))
        for start, end in find_masks(text):
            lo = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, start)), default=0)
            tail = _UNIT_TAIL.match(text, end)
            clause = text[lo : tail.end() if tail else end].strip()
            out.append(_finding(f"“{clause}”", text[start:end], clause))
    return tuple(out)
