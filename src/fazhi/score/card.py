"""The score card: a report's points per criterion of `data/rubric.yaml`, with reasons.

Deterministic: the same analysis always gets the same points. Every finding counts
against the criterion its rule belongs to (`group` in rules.yaml); coverage and
substance earn points by their ratios; the mandated contents by their weights.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from fazhi.checks.catalogue import GROUPS, SEVERITIES, SEVERITY_LABELS, rules
from fazhi.checks.timeliness import ISSUER_KINDS
from fazhi.datafiles import DataFileError, load, mapping
from fazhi.model import CONTENT_KEYS, CONTENT_LABELS, Document, Finding
from fazhi.score.coverage import Coverage
from fazhi.score.substance import Substance

_FILE = "rubric.yaml"
METHODS = ("contents", "ratio", "dated", "clean")
MEASURES = ("coverage", "substance")


@dataclass(frozen=True, slots=True)
class Criterion:
    code: str
    name: str
    weight: float
    method: str
    deduct: dict[str, float]
    rationale: str
    full_at: float = 1.0
    undated: float = 0.5
    full_at_by_issuer: tuple[tuple[str, float], ...] = ()
    measure: str | None = None  # for `ratio`: coverage | substance

    def full_at_for(self, issuer_kind: str | None) -> float:
        return dict(self.full_at_by_issuer).get(issuer_kind or "", self.full_at)


@dataclass(frozen=True, slots=True)
class Rubric:
    criteria: tuple[Criterion, ...]
    content_weights: dict[str, float]


@dataclass(frozen=True, slots=True)
class CriterionScore:
    code: str
    name: str
    points: float
    weight: float
    reasons: tuple[str, ...]

    def to_contract(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "points": self.points,
            "weight": self.weight,
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True, slots=True)
class ScoreCard:
    criteria: tuple[CriterionScore, ...]

    @property
    def total(self) -> float:
        return round(sum(c.points for c in self.criteria), 1)

    def to_contract(self) -> dict[str, Any]:
        return {"total": self.total, "criteria": [c.to_contract() for c in self.criteria]}


def parse_rubric(data: dict[str, Any], name: str = _FILE) -> Rubric:
    weights = mapping(name, "content_weights", data.get("content_weights"))
    if set(weights) != set(CONTENT_KEYS) or not all(
        isinstance(v, (int, float)) and v >= 0 for v in weights.values()
    ):
        raise DataFileError(f"数据文件 {name} 的 content_weights 应为五项内容各自的非负权重")
    criteria = []
    for code, spec in mapping(name, "criteria", data.get("criteria")).items():
        where = f"criteria.{code}"
        spec = mapping(name, where, spec)
        if code not in GROUPS:
            raise DataFileError(
                f"数据文件 {name} 的 {where} 不是已知的评分项（{'/'.join(GROUPS)}）"
            )
        if spec.get("method") not in METHODS:
            raise DataFileError(f"数据文件 {name} 的 {where}.method 应为 {'/'.join(METHODS)}")
        deduct = mapping(name, f"{where}.deduct", spec.get("deduct"))
        if set(deduct) != set(SEVERITIES) or not all(
            isinstance(v, (int, float)) and v >= 0 for v in deduct.values()
        ):
            raise DataFileError(
                f"数据文件 {name} 的 {where}.deduct 应给出 error/warning/info 的扣分"
            )
        weight, full_at, undated = (
            spec.get("weight"),
            spec.get("full_at", 1.0),
            spec.get("undated", 0.5),
        )
        if not isinstance(weight, (int, float)) or weight <= 0:
            raise DataFileError(f"数据文件 {name} 的 {where}.weight 应为正数")
        if not isinstance(full_at, (int, float)) or not 0 < full_at <= 1:
            raise DataFileError(f"数据文件 {name} 的 {where}.full_at 应在 (0, 1] 之间")
        if not isinstance(undated, (int, float)) or not 0 <= undated <= 1:
            raise DataFileError(f"数据文件 {name} 的 {where}.undated 应在 [0, 1] 之间")
        measure = spec.get("measure")
        if (spec["method"] == "ratio") != (measure in MEASURES):
            raise DataFileError(
                f"数据文件 {name} 的 {where}.measure 应为 {'/'.join(MEASURES)}（仅用于 ratio）"
            )
        by_issuer = mapping(name, f"{where}.full_at_by_issuer", spec.get("full_at_by_issuer") or {})
        unknown = set(by_issuer) - set(ISSUER_KINDS)
        if unknown:
            raise DataFileError(
                f"数据文件 {name} 的 {where}.full_at_by_issuer 有未知的报告主体类别：{'、'.join(sorted(unknown))}"
            )
        if not all(isinstance(v, (int, float)) and 0 < v <= 1 for v in by_issuer.values()):
            raise DataFileError(
                f"数据文件 {name} 的 {where}.full_at_by_issuer 各值应在 (0, 1] 之间"
            )
        for key in ("name", "rationale"):
            if not isinstance(spec.get(key), str) or not spec[key].strip():
                raise DataFileError(f"数据文件 {name} 的 {where}.{key} 应为非空字符串")
        criteria.append(
            Criterion(
                code,
                spec["name"],
                float(weight),
                spec["method"],
                dict(deduct),
                spec["rationale"].strip(),
                float(full_at),
                float(undated),
                tuple((str(k), float(v)) for k, v in by_issuer.items()),
                measure,
            )
        )
    missing = set(GROUPS) - {c.code for c in criteria}
    if missing:
        raise DataFileError(f"数据文件 {name} 缺少评分项：{'、'.join(sorted(missing))}")
    total = sum(c.weight for c in criteria)
    if abs(total - 100) > 1e-6:
        raise DataFileError(f"数据文件 {name} 各评分项权重之和应为 100，现为 {total:g}")
    return Rubric(tuple(criteria), {k: float(v) for k, v in weights.items()})


@cache
def rubric() -> Rubric:
    return parse_rubric(load(_FILE, "fazhi.rubric/1"))


def _points(x: float) -> float:
    return round(max(0.0, x), 1)


def _base(
    doc: Document,
    c: Criterion,
    r: Rubric,
    coverage: Coverage,
    substance: Substance,
    findings: list[Finding],
) -> tuple[float, list[str]]:
    if c.method == "contents":
        total = sum(r.content_weights.values())
        have = sum(w for k, w in r.content_weights.items() if doc.contents.present.get(k))
        lacking = [CONTENT_LABELS[k] for k in CONTENT_KEYS if not doc.contents.present.get(k)]
        reasons = [f"缺少：{'；'.join(lacking)}"] if lacking else ["五项法定内容齐全"]
        return c.weight * have / total if total else c.weight, reasons
    if c.method == "ratio":
        ratio = coverage.ratio if c.measure == "coverage" else substance.ratio
        full = c.full_at_for(doc.metadata.issuer_kind)
        if c.measure == "coverage":
            reason = f"覆盖纲要二级事项 {len(coverage.covered)}/{coverage.total}（{ratio:.0%}），{full:.0%} 即满分"
        else:
            reason = (
                f"举措部分 {substance.specific} 句有数字、文件或具体举措，{substance.slogan_only} 句只有口号"
                f"（具体率 {ratio:.0%}），{full:.0%} 即满分"
            )
        return c.weight * min(1.0, ratio / full), [reason]
    if c.method == "dated":
        if any(f.rule == "timeliness.late" for f in findings):
            return 0.0, ["报送或公开逾期"]
        if any(f.rule == "timeliness.no_date" for f in findings):
            return c.weight * c.undated, [f"无日期可核对，得 {c.undated:.0%}"]
        return c.weight, [_on_time(doc)]
    if not doc.contents.present.get("measures"):
        return 0.0, ["报告没有交代主要举措和成效，无从核对"]
    return c.weight, []  # clean: the deductions below give the reasons


def _on_time(doc: Document) -> str:
    from fazhi.checks.timeliness import deadline, issuer_kind_for_deadline

    meta = doc.metadata
    when = meta.issue_date or meta.print_date or doc.source.published
    due = deadline(meta.report_year, issuer_kind_for_deadline(doc)) if meta.report_year else None
    if when is None or due is None:
        return "按期"
    limit = due.for_year(meta.report_year or 0)
    return f"日期 {when.isoformat()}，在{due.action}期限 {limit.isoformat()} 之前"


def score_card(doc: Document, coverage: Coverage, substance: Substance) -> ScoreCard:
    r = rubric()
    catalogue = rules()
    by_group: dict[str, list[Finding]] = {}
    for f in doc.findings:
        known = catalogue.get(f.rule)
        if known is not None:
            by_group.setdefault(known.group, []).append(f)
    out = []
    for c in r.criteria:
        findings = by_group.get(c.code, [])
        base, reasons = _base(doc, c, r, coverage, substance, findings)
        taken = 0.0
        for f in findings:
            if c.method == "contents" and f.rule == "structure.missing_content":
                continue  # already counted by the base
            cost = c.deduct[f.severity]
            if cost:
                taken += cost
                reasons.append(f"−{cost:g}（{SEVERITY_LABELS[f.severity]}）{f.message}")
        if not reasons:
            reasons.append("未发现问题")
        points = _points(min(base, c.weight) - taken)
        out.append(CriterionScore(c.code, c.name, points, c.weight, tuple(reasons)))
    return ScoreCard(tuple(out))
