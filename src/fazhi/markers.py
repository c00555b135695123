"""The shapes of lines in official documents, shared by every stage that needs them:
heading numbers (normalisation never glues a heading onto the line before; a title does
not start with one; the outline ranks them), the cues that open the closing block, and
the bodies an addressee line names.

GB/T 9704-2012 §7.3.3 fixes the order 一、 → （一） → 1. → （1）; reports add ①, 1）
and 第一部分. Spaces inside brackets ("（ 一 ）") and full-width dots ("1．") occur in
pasted text.
"""

from __future__ import annotations

import re

_CN = "一二三四五六七八九十"

# any heading number at the start of a line
HEADING_START = re.compile(
    rf"^(?:[{_CN}]{{1,3}}\s*[、.．]|[（(]\s*[{_CN}]{{1,3}}\s*[）)]"
    r"|\d{1,2}\s*[.、．](?!\d)|[（(]\s*\d{1,2}\s*[）)]|\d{1,2}[）)]|[①-⑳]"
    rf"|第[{_CN}]+[部章节条])"
)
# a line that is nothing but a heading number ("（一）" with the title on the next line)
MARKER_ONLY = re.compile(HEADING_START.pattern + r"\s*(?:部分)?$")
# the outermost level: "一、" or "第一部分"
TOP_HEADING_START = re.compile(rf"^(?:[{_CN}]{{1,3}}\s*[、.．]|第[{_CN}]+部分)")

# the line-start cues of the closing block (附注, 抄送, 附件说明, 公开属性, 专此报告)
CLOSING_START = re.compile(
    r"^(?:(?:抄送|抄报|分送)\s*[:：\s]|附\s*件\s*(?:[:：\d]|$)|联系(?:人|电话)\s*[:：]"
    r"|[（(]\s*(?:此件|本件|联系|本文|公开|信息公开|盖章)|(?:专此|特此)报告|此件"
    r"|(?:信息)?公开(?:属性|方式|类型|选项|形式)\s*[:：])"
)
# what an addressee ends with: a body ("市政府", "区人大常委会", "司法部", "党中央")
ORGAN_END = (
    r"(?:委|政府|常委会|委员会|办公室|办|局|厅|部|院|会|组|中心|室|处|科|所|队|站|单位|部门|机关"
    r"|街道|党组|党委|党中央|国务院)"
)

# the review's unit of a claim: up to 。！？ or ；, never across a line (a paragraph)
SENTENCE_STOPS = "。！？!?；;\n"
SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")
# what opens an item: a heading number or an inline enumeration (一是…, 二是…)
ITEM_LEAD = re.compile(rf"{HEADING_START.pattern}|^\s*[{_CN}]{{1,3}}是")


def sentence_at(text: str, pos: int) -> str:
    """The sentence of `text` that holds position `pos`."""
    lo = max(text.rfind(ch, 0, pos) for ch in SENTENCE_STOPS) + 1
    ends = [i for i in (text.find(ch, pos) for ch in SENTENCE_STOPS) if i != -1]
    return text[lo : (min(ends) + 1) if ends else len(text)].strip()
