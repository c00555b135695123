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
    return parse(name, bundled_text(name), schema)


def bundled_text(name: str) -> str:
    return resources.files("fazhi.data").joinpath(name).read_text(encoding="utf-8")


def parse(name: str, text: str, schema: str) -> dict[str, Any]:
    """Parse the YAML `text` of data file `name` and check that it declares `schema`."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark is not None else ""
        raise DataFileError(f"数据文件 {name} {where}YAML 语法错误：{exc}") from exc
    if not isinstance(data, dict) or data.get("schema") != schema:
        raise DataFileError(f"数据文件 {name} 的 schema 应为 {schema}")
    return data


def mapping(name: str, where: str, value: Any) -> dict[str, Any]:
    """A YAML mapping, or a DataFileError naming the file and key."""
    if not isinstance(value, dict):
        raise DataFileError(f"数据文件 {name} 的 {where} 应为映射（键: 值）")
    return value


def strings(name: str, where: str, value: Any) -> list[str]:
    """A YAML list of strings ("in: shortcomings" without brackets is an error, not a set of letters)."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DataFileError(f"数据文件 {name} 的 {where} 应为字符串列表")
    return value


def flag(name: str, where: str, value: Any, default: bool = False) -> bool:
    """A real YAML boolean: the string 'false' is an error, not True."""
    if value is None:
        return default
    if not isinstance(value, bool):
        raise DataFileError(f"数据文件 {name} 的 {where} 应为 true 或 false")
    return value


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
