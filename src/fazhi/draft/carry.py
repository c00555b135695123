"""Carry-over: last year's next-year plans, read from last year's report with the same
extraction as the plan follow-up of `fazhi compare`, as a checklist for this year's data."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from fazhi.draft.model import DraftData

_LEAD = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+[、是]|\d+[.．、])\s*"
)


def last_year_plans(path: Path) -> list[str]:
    """The plan items of the report at `path` (any format fazhi reads), without their
    numbering. Raises ValueError with a Chinese message when it cannot be read."""
    import fazhi
    from fazhi.compare.plans import plan_items

    doc = fazhi.analyze(path)
    if doc.error is not None:
        raise ValueError(f"无法读取上年度报告“{path}”：{doc.error.message}")
    items = [_LEAD.sub("", item.text).strip() for item in plan_items(doc)]
    return [i for i in items if i]


def checklist_yaml(plans: list[str]) -> str:
    """The `last_year_plans` block to paste into the data file, `done` left to fill in."""
    body = yaml.safe_dump(
        {"last_year_plans": [{"plan": p, "done": ""} for p in plans]},
        allow_unicode=True,
        sort_keys=False,
        width=1000,
    )
    return "# 上年度工作安排落实情况：逐项填写 done（已落实的情况），未填写的不会写入报告\n" + body


def unanswered(data: DraftData, plans: list[str]) -> list[str]:
    """Last year's plans the data says nothing about (absent, or `done` left empty)."""
    answered = {p.plan for p in data.last_year_plans if p.done}
    return [p for p in plans if p not in answered]
