"""The number grammar: every written form of a Decimal reads back to the same value."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from fazhi.figures.numbers import (
    NumberError,
    chinese_numeral,
    parse_arabic,
    parse_chinese,
    parse_number,
    to_plain,
)
from fazhi.figures.scan import find_figures

integers = st.integers(min_value=0, max_value=10**13)
decimals = st.decimals(
    min_value=Decimal("0.01"), max_value=Decimal("99999999"), places=2, allow_nan=False
)
HEDGES_BEFORE = ["约", "近", "超过", "逾"]
HEDGES_AFTER = ["余", "多"]


def _grouped(value: Decimal) -> str:
    whole, _, frac = to_plain(value).partition(".")
    text = f"{int(whole):,}"
    return f"{text}.{frac}" if frac else text


@given(integers)
def test_chinese_numerals_round_trip(n: int) -> None:
    assert parse_chinese(chinese_numeral(n)) == n


@given(decimals)
def test_chinese_decimals_round_trip(value: Decimal) -> None:
    assert parse_number(chinese_numeral(value)) == value


@given(decimals)
def test_arabic_and_separators_round_trip(value: Decimal) -> None:
    assert parse_number(to_plain(value)) == value
    assert parse_number(_grouped(value)) == value


@given(decimals)
def test_fullwidth_digits_round_trip(value: Decimal) -> None:
    wide = to_plain(value).translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))
    assert parse_number(wide) == value


@given(decimals, st.sampled_from(["万", "亿"]))
def test_wan_and_yi_mixed_round_trip(value: Decimal, word: str) -> None:
    scale = {"万": 10**4, "亿": 10**8}[word]
    assert parse_number(f"{to_plain(value)}{word}") == value * scale


@settings(max_examples=200)
@given(
    decimals,
    st.sampled_from(["件", "人次", "万元", "元", "场次", "%", "个工作日"]),
    st.sampled_from(["", " "]),
    st.sampled_from(["", *HEDGES_BEFORE]),
    st.sampled_from(["", *HEDGES_AFTER]),
    st.booleans(),
)
def test_figures_in_text_read_back(value, unit, space, before, after, chinese) -> None:
    """A figure written in any supported form inside a sentence yields its value."""
    number = chinese_numeral(value) if chinese else to_plain(value)
    if chinese:
        space = ""  # Chinese numerals are never spaced from their unit
        assume(number != "一")  # 一件, 一次 are phrasing, deliberately not read as figures
    if unit == "%" and chinese:
        after = ""  # 百分之八十 takes no trailing hedge
        written = f"{before}百分之{number}"
    elif unit == "万元" and after:
        written = f"{before}{number}{space}万{after}元"  # 46万余元
    else:
        written = f"{before}{number}{after}{space}{unit}"
    text = f"今年全区共办理相关事项{written}，较上年有所提高。"
    figures = find_figures(text)
    assert len(figures) == 1, (text, figures)
    fig = figures[0]
    if not (chinese and number[-1] in "万亿"):  # 一百二十五万件 is written 125 万件
        assert fig.value == value
    assert fig.approx == bool(before or after)
    expected_base = value * 10**4 if unit == "万元" else value
    assert fig.base_value == expected_base
    assert fig.base_unit == ("元" if unit == "万元" else unit)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一千三百零四", 1304),
        ("两万", 20000),
        ("十二", 12),
        ("百分之八十", 80),
        ("1.5万", 15000),
        ("16.4亿", 1640000000),
        ("21.5亿", 2150000000),
        ("一亿二千万", 120000000),
        ("二〇二三", 2023),
        ("1,234.5", Decimal("1234.5")),
        ("三点一四", Decimal("3.14")),
    ],
)
def test_known_forms(text: str, value) -> None:
    assert parse_number(text) == Decimal(value)


def test_sixteen_point_four_yi_is_exact() -> None:
    # a float converter gives 1639999999.9999998; exact decimals never do
    assert parse_number("16.4亿") == Decimal(1640000000)
    assert str(parse_number("16.4亿").normalize()) == "1.64E+9"


@pytest.mark.parametrize("bad", ["", "abc", "1,23", "一二三四五六七八九十x", "三点", "12.3.4"])
def test_not_numbers_raise(bad: str) -> None:
    with pytest.raises(NumberError):
        parse_number(bad)


def test_arabic_rejects_loose_separators() -> None:
    with pytest.raises(NumberError):
        parse_arabic("12,34")
