"""The shapes of heading numbers in official documents, shared by every stage that needs
to know where a heading starts: normalisation (never glue a heading onto the line before),
layout (a title does not start with one) and the outline (which ranks and checks them).

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
