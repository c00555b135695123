"""Figures: every statistic of a text as a typed fact, mapped to an indicator.

    from fazhi.figures import extract_facts, find_figures, parse_number

`parse_number` reads one number in any written form, `find_figures` finds the figures
of a paragraph, `extract_facts` turns a document's paragraphs into related, mapped facts.
"""

from fazhi.figures.catalogue import Indicator
from fazhi.figures.facts import extract_facts
from fazhi.figures.numbers import NumberError, chinese_numeral, parse_number
from fazhi.figures.scan import Figure, find_figures

__all__ = [
    "Figure",
    "Indicator",
    "NumberError",
    "chinese_numeral",
    "extract_facts",
    "find_figures",
    "parse_number",
]
