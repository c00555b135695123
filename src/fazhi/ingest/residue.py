"""Remove web-site residue (toolbars, share bars, footers) from report lines.

Reports copied from a government site carry the page around them. Two
mechanisms, both driven by `data/residue.yaml`:

1. line patterns: a short line that is entirely residue goes, wherever it is;
2. tail cut: from a strong footer marker in the second half of the text to the
   end, provided nothing after the marker reads like prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

SCHEMA = "fazhi.residue/1"
_SPACE = re.compile(r"[\s\u3000\xa0]+")


class ResidueConfigError(ValueError):
    """residue.yaml is malformed; the message says where."""


@dataclass(frozen=True, slots=True)
class ResidueRules:
    max_line_chars: int
    line_patterns: tuple[re.Pattern[str], ...]
    tail_markers: tuple[re.Pattern[str], ...]
    search_from: float
    prose_min_chars: int


def _patterns(raw: Any, key: str, source: str) -> tuple[re.Pattern[str], ...]:
    if not isinstance(raw, list) or not raw:
        raise ResidueConfigError(f"{source}：{key} 必须是非空列表")
    out = []
    for n, item in enumerate(raw, 1):
        if not isinstance(item, dict) or not isinstance(item.get("pattern"), str):
            raise ResidueConfigError(f"{source}：{key} 第 {n} 项缺少字符串 pattern")
        try:
            out.append(re.compile(item["pattern"]))
        except re.error as exc:
            raise ResidueConfigError(
                f"{source}：{key} 第 {n} 项的正则无法编译（{exc}）：{item['pattern']}"
            ) from exc
    return tuple(out)


def parse_rules(data: Any, source: str = "residue.yaml") -> ResidueRules:
    """Validate the loaded YAML and compile it; raise `ResidueConfigError` if it is wrong."""
    if not isinstance(data, dict):
        raise ResidueConfigError(f"{source}：顶层必须是映射")
    missing = [
        k
        for k in ("schema", "max_line_chars", "line_patterns", "tail_markers", "tail")
        if k not in data
    ]
    if missing:
        raise ResidueConfigError(f"{source}：缺少必需的键 {', '.join(missing)}")
    if data["schema"] != SCHEMA:
        raise ResidueConfigError(f"{source}：schema 应为 {SCHEMA}，实际是 {data['schema']!r}")
    tail = data["tail"]
    if not isinstance(tail, dict) or not {"search_from", "prose_min_chars"} <= tail.keys():
        raise ResidueConfigError(f"{source}：tail 必须包含 search_from 和 prose_min_chars")
    try:
        search_from = float(tail["search_from"])
        prose_min = int(tail["prose_min_chars"])
        max_chars = int(data["max_line_chars"])
    except (TypeError, ValueError) as exc:
        raise ResidueConfigError(f"{source}：数值参数格式不对（{exc}）") from exc
    if not 0.0 <= search_from < 1.0 or prose_min <= 0 or max_chars <= 0:
        raise ResidueConfigError(f"{source}：数值参数超出范围")
    return ResidueRules(
        max_line_chars=max_chars,
        line_patterns=_patterns(data["line_patterns"], "line_patterns", source),
        tail_markers=_patterns(data["tail_markers"], "tail_markers", source),
        search_from=search_from,
        prose_min_chars=prose_min,
    )


def load_rules(path: str | Path | None = None) -> ResidueRules:
    if path is None:
        return _default_rules()
    text = Path(path).read_text(encoding="utf-8")
    return parse_rules(yaml.safe_load(text), str(path))


@cache
def _default_rules() -> ResidueRules:
    text = resources.files("fazhi").joinpath("data/residue.yaml").read_text(encoding="utf-8")
    return parse_rules(yaml.safe_load(text))


@cache
def _to_simplified() -> Any:
    try:
        import opencc

        return opencc.OpenCC("t2s").convert
    except (ImportError, ValueError, RuntimeError):  # without OpenCC only simplified pages match
        return lambda text: text


def _key(line: str) -> str:
    return _SPACE.sub(" ", line).strip()


@cache
def _combined(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str]:
    # one alternation tried once per line instead of each pattern in turn
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns) or "(?!)")


def _matches(key: str, patterns: tuple[re.Pattern[str], ...], rules: ResidueRules) -> bool:
    if not key or len(key) > rules.max_line_chars:
        return False
    # Patterns are written in simplified characters; reposted Taiwan/HK-style pages and
    # traditional-character sites carry the same furniture (【列印本頁】). Only short
    # lines can be furniture, so only they are converted.
    return _combined(patterns).fullmatch(_to_simplified()(key)) is not None


def is_residue(line: str, rules: ResidueRules | None = None) -> bool:
    rules = rules or _default_rules()
    return _matches(_key(line), rules.line_patterns, rules)


def _tail_start(lines: list[str], rules: ResidueRules) -> int | None:
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if len(filled) < 2:
        return None
    first = filled[int(len(filled) * rules.search_from)]
    # The earliest qualifying marker wins: everything after it is page furniture too.
    for i in filled:
        if i < first or not _matches(_key(lines[i]), rules.tail_markers, rules):
            continue
        after = lines[i + 1 :]
        if any(len(_key(x)) >= rules.prose_min_chars and "。" in x for x in after):
            continue
        # text hard-wrapped from a PDF: no line is long, but sentences go on after the marker
        rest = "".join(_key(x) for x in after)
        if rest.count("。") >= 3 and len(rest) >= 2 * rules.prose_min_chars:
            continue
        return i
    return None


def strip_residue(lines: list[str], rules: ResidueRules | None = None) -> list[str]:
    """Return `lines` without web-site residue; other lines come back unchanged, in order."""
    rules = rules or _default_rules()
    start = _tail_start(lines, rules)
    kept = lines if start is None else lines[:start]
    return [line for line in kept if not _matches(_key(line), rules.line_patterns, rules)]
