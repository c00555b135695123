"""The review rules of `data/rules.yaml`, and the one way a check builds a finding.

Every finding names a rule of the catalogue; its default severity, title, rationale,
source and suggested fix come from there, so the review opinion can explain each
problem without the checks repeating it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from fazhi.datafiles import DataFileError, load, mapping
from fazhi.model import Finding

_FILE = "rules.yaml"
SEVERITIES = ("error", "warning", "info")
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
GROUPS = (
    "completeness",
    "coverage",
    "substance",
    "consistency",
    "citations",
    "timeliness",
    "privacy",
)


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    severity: str
    group: str
    title: str
    rationale: str
    source: str
    fix: str


def parse_rules(data: dict[str, Any], name: str = _FILE) -> dict[str, Rule]:
    out = {}
    for code, spec in mapping(name, "rules", data.get("rules")).items():
        spec = mapping(name, f"rules.{code}", spec)
        if "." not in code:
            raise DataFileError(f"数据文件 {name} 的规则代码 {code} 应为“类别.名称”")
        if spec.get("severity") not in SEVERITIES:
            raise DataFileError(
                f"数据文件 {name} 的 rules.{code}.severity 应为 {'/'.join(SEVERITIES)}"
            )
        if spec.get("group") not in GROUPS:
            raise DataFileError(f"数据文件 {name} 的 rules.{code}.group 应为 {'/'.join(GROUPS)}")
        for key in ("title", "rationale", "source", "fix"):
            if not isinstance(spec.get(key), str) or not spec[key].strip():
                raise DataFileError(f"数据文件 {name} 的 rules.{code}.{key} 应为非空字符串")
        out[code] = Rule(
            code,
            spec["severity"],
            spec["group"],
            spec["title"].strip(),
            spec["rationale"].strip(),
            spec["source"].strip(),
            spec["fix"].strip(),
        )
    return out


@cache
def rules() -> dict[str, Rule]:
    return parse_rules(load(_FILE, "fazhi.rules/1"))


def rule(code: str) -> Rule:
    try:
        return rules()[code]
    except KeyError:
        raise KeyError(f"rules.yaml has no rule {code!r}") from None


def finding(
    code: str,
    message: str,
    evidence: tuple[str, ...] | list[str] = (),
    *,
    severity: str | None = None,
    **extra: Any,
) -> Finding:
    """A finding of catalogued rule `code`; `severity` lowers the default when unsure."""
    known = rule(code)
    return Finding(
        rule=code,
        severity=severity or known.severity,
        message=message,
        evidence=tuple(evidence),
        extra=extra,
    )
