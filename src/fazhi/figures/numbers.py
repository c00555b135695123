"""Numbers as Chinese reports write them, read into exact `Decimal`s and written back.

Floats never touch a figure: '16.4亿' must be 1640000000 exactly, and a rate check
compares a printed 94.28 with 676/717 at the printed precision.
"""

from __future__ import annotations

import re
from decimal import Decimal

CN_DIGITS = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}  # fmt: skip
CN_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_BIG_UNITS = {"万": 10**4, "亿": 10**8}
CN_NUMERAL_CHARS = "".join(CN_DIGITS) + "".join(CN_SMALL_UNITS) + "".join(CN_BIG_UNITS)
MULTIPLIERS = {"万": 10**4, "亿": 10**8, "千万": 10**7, "百万": 10**6, "万亿": 10**12}

_ARABIC = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


class NumberError(ValueError):
    """The text is not a number in any form fazhi reads."""


def parse_arabic(text: str) -> Decimal:
    """'1,234.5' → Decimal('1234.5'); thousands separators must group by three."""
    s = text.strip()
    if not _ARABIC.fullmatch(s):
        raise NumberError(f"不是阿拉伯数字：{text!r}")
    return Decimal(s.replace(",", ""))


def _cn_integer(text: str) -> int:
    if not text:
        raise NumberError("空的中文数字")
    if not any(ch in CN_SMALL_UNITS or ch in CN_BIG_UNITS for ch in text):
        # digit by digit: 二〇二三, 一二三四五
        return int("".join(str(CN_DIGITS[ch]) for ch in text))
    total = 0  # everything above the current 亿 group
    group = 0  # the current group below 亿, already scaled by 万 where seen
    section = 0  # the current run below 万
    digit: int | None = None
    for ch in text:
        if ch in CN_DIGITS:
            if digit is not None and CN_DIGITS[ch] != 0 and digit != 0:
                raise NumberError(f"中文数字中两个数字相连：{text!r}")
            digit = CN_DIGITS[ch]
        elif ch in CN_SMALL_UNITS:
            # 十二 = 12: a bare 十 means one ten
            section += (1 if digit is None else digit) * CN_SMALL_UNITS[ch]
            digit = None
        elif ch == "万":
            # a second 万 multiplies all before it: 九千九百万九千万 = (99009000)万
            group = (group + section + (digit or 0)) * 10**4
            section, digit = 0, None
        elif ch == "亿":
            total = (total + group + section + (digit or 0)) * 10**8
            group, section, digit = 0, 0, None
        else:
            raise NumberError(f"不是中文数字：{text!r}")
    return total + group + section + (digit or 0)


def parse_chinese(text: str) -> Decimal:
    """'一千三百零四' → 1304, '两万' → 20000, '十二' → 12, '三点五' → 3.5."""
    s = text.strip()
    if not s:
        raise NumberError("空的中文数字")
    if s.startswith("百分之"):
        raise NumberError("百分之… 请用 parse_number 读取")
    if "点" in s and s[-1] in CN_BIG_UNITS:
        return parse_chinese(s[:-1]) * CN_BIG_UNITS[s[-1]]  # 三点五万
    whole, dot, frac = s.partition("点")
    if dot and (not frac or any(ch not in CN_DIGITS for ch in frac)):
        raise NumberError(f"中文小数有误：{text!r}")
    if any(ch not in CN_NUMERAL_CHARS for ch in whole):
        raise NumberError(f"不是中文数字：{text!r}")
    if not whole:
        raise NumberError(f"中文小数缺少整数部分：{text!r}")
    value = Decimal(_cn_integer(whole))
    if frac:
        value += Decimal("0." + "".join(str(CN_DIGITS[ch]) for ch in frac))
    return value


def parse_number(text: str) -> Decimal:
    """Any single number fazhi reads, without unit or hedge: Arabic, Chinese, mixed.

    '1.5万' → 15000, '21.5亿' → 2150000000, '百分之八十' → 80, '１２３' → 123.
    """
    s = re.sub(r"\s+", "", text)
    s = s.translate(_FULLWIDTH)
    if s.startswith("百分之"):
        return parse_number(s[3:])
    for word in sorted(MULTIPLIERS, key=len, reverse=True):
        head = s[: -len(word)]
        if s.endswith(word) and head and head[-1].isdigit():
            return parse_arabic(head) * MULTIPLIERS[word]
    if s and (s[0].isdigit() or s[0] in "+-"):
        return parse_arabic(s)
    return parse_chinese(s)


_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")


def decimal_places(text: str) -> int:
    """How many decimals a number is printed with: '97.60' → 2, '100' → 0."""
    _, dot, frac = text.partition(".")
    return len(frac) if dot else 0


def to_plain(value: Decimal) -> str:
    """A Decimal without exponent or trailing zeros: 1.64E+9 → '1640000000'."""
    text = format(value.normalize(), "f")
    return text


_DIGIT_WORDS = "零一二三四五六七八九"


def _cn_below_10000(n: int) -> str:
    out = []
    zero = False
    for unit, word in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, unit)
        if d:
            if zero:
                out.append("零")
                zero = False
            out.append(_DIGIT_WORDS[d] + word)
        elif out:
            zero = True
    return "".join(out)


def chinese_numeral(value: int | Decimal) -> str:
    """Write a non-negative number in Chinese numerals: 1304 → '一千三百零四'."""
    value = Decimal(value)
    if value < 0:
        raise NumberError("负数没有中文数字写法")
    whole = int(value)
    frac = format(value - whole, "f").partition(".")[2].rstrip("0")
    if whole == 0:
        text = "零"
    else:
        groups = []
        n = whole
        while n:
            n, g = divmod(n, 10000)
            groups.append(g)
        parts: list[str] = []
        for i in range(len(groups) - 1, -1, -1):
            g = groups[i]
            big = "" if i == 0 else ("万" if i % 2 == 1 else "亿")
            if i >= 2 and i % 2 == 1:
                big = "万"
            if g:
                if parts and g < 1000:
                    parts.append("零")
                parts.append(_cn_below_10000(g) + big)
            elif i % 2 == 0 and i > 0 and parts:
                parts.append("亿")  # keep 亿 even when its group is zero
        text = "".join(parts).replace("零零", "零")
        if text.startswith("一十"):
            text = text[1:]  # 十二, not 一十二
    if frac:
        text += "点" + "".join(_DIGIT_WORDS[int(d)] for d in frac)
    return text
