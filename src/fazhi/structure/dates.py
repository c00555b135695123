"""Dates as official documents write them: '2023年2月12日', '2023 年 2 月 12 日',
'二〇二三年二月十二日', '2023-02-12', '2023.2.12'."""

from __future__ import annotations

import re
from datetime import date

_CN = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "Ｏ": 0,
    "O": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_CHARS = "〇○零ＯO一二三四五六七八九十"

DATE = re.compile(
    rf"(?P<y>\d{{4}}|[{_CN_CHARS}]{{4}})\s*年\s*(?P<m>\d{{1,2}}|[{_CN_CHARS}]{{1,2}})\s*月"
    rf"\s*(?P<d>\d{{1,2}}|[{_CN_CHARS}]{{1,3}})\s*日"
    r"|(?P<y2>\d{4})[-./](?P<m2>\d{1,2})[-./](?P<d2>\d{1,2})(?!\d)"
)


def _cn_int(text: str) -> int:
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN.get(tens, 1) if tens else 1) * 10 + (_CN.get(ones, 0) if ones else 0)
    value = 0
    for ch in text:
        value = value * 10 + _CN.get(ch, 0)
    return value


def parse_date(text: str) -> date | None:
    """The first date in `text`, or None; impossible dates (2月30日) are None."""
    m = DATE.search(text)
    if m is None:
        return None
    if m.group("y"):
        y, mo, d = _cn_int(m.group("y")), _cn_int(m.group("m")), _cn_int(m.group("d"))
    else:
        y, mo, d = int(m.group("y2")), int(m.group("m2")), int(m.group("d2"))
    try:
        return date(y, mo, d)
    except ValueError:
        return None
