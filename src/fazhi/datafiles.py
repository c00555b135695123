"""Load the YAML data files under `fazhi/data/` and check them against their schema.

Domain knowledge (section cues, genres, residue patterns, indicators…) lives in these
files so that a reviewer can correct it without touching code; a broken file must fail
loudly with the file and the key named, never half-load.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

import yaml


class DataFileError(ValueError):
    """A bundled data file does not match its schema."""


@cache
def load(name: str, schema: str) -> dict[str, Any]:
    """Parse `fazhi/data/<name>` and check that it declares `schema`."""
    text = resources.files("fazhi.data").joinpath(name).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or data.get("schema") != schema:
        raise DataFileError(f"数据文件 {name} 的 schema 应为 {schema}")
    return data


def compile_patterns(name: str, where: str, patterns: Any) -> list[re.Pattern[str]]:
    """Compile a list of regular expressions, naming the file and key of a bad one."""
    if not isinstance(patterns, list):
        raise DataFileError(f"数据文件 {name} 的 {where} 应为正则表达式列表")
    out = []
    for p in patterns:
        try:
            out.append(re.compile(str(p)))
        except re.error as exc:
            raise DataFileError(
                f"数据文件 {name} 的 {where} 中正则表达式 {p!r} 有误：{exc}"
            ) from exc
    return out
