"""The one `Document` that flows through every stage, and the parts it is made of.

Stages never mutate a document in place: each returns a new one built with
`dataclasses.replace`, so a stage is a pure function of what it was given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fazhi.score import Review

SCHEMA = "fazhi.report/1"

SECTION_KINDS = ("measures", "shortcomings", "first_responsible", "next_year", "other")
CONTENT_KEYS = ("measures", "shortcomings", "causes", "first_responsible", "next_year")
# how the annual-report rules (厅字〔2019〕28号 art. 25) name each content
CONTENT_LABELS = {
    "measures": "上一年度推进法治政府建设的主要举措和成效",
    "shortcomings": "上一年度推进法治政府建设存在的不足",
    "causes": "存在不足的原因分析",
    "first_responsible": "党政主要负责人履行推进法治建设第一责任人职责的情况",
    "next_year": "下一年度推进法治政府建设的主要安排",
}


@dataclass(frozen=True, slots=True)
class Extracted:
    """What a reader recovered from the input bytes, before any normalisation.

    `text` has one paragraph per line (blank lines allowed). Readers add what the
    format itself tells: heading paragraphs from styles or numbering, a title from
    document properties or the page `<title>`, a publication date from page metadata.
    """

    text: str
    format: str
    encoding: str | None = None
    headings: tuple[tuple[int, str], ...] = ()
    title: str | None = None
    published: date | None = None
    pages: int | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Source:
    path: str
    sha256: str | None
    format: str | None
    size: int
    encoding: str | None = None
    published: date | None = None
    converted_from_traditional: bool = False

    def to_contract(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path, "sha256": self.sha256, "format": self.format}
        out["size"] = self.size
        if self.encoding:
            out["encoding"] = self.encoding
        if self.published:
            out["published"] = self.published.isoformat()
        if self.converted_from_traditional:
            out["converted_from_traditional"] = True
        return out


@dataclass(frozen=True, slots=True)
class ErrorInfo:
    code: str
    message: str

    def to_contract(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


@dataclass(frozen=True, slots=True)
class Region:
    province: str | None = None
    city: str | None = None
    county: str | None = None
    code: str | None = None

    def to_contract(self) -> dict[str, Any]:
        return {
            "province": self.province,
            "city": self.city,
            "county": self.county,
            "code": self.code,
        }


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str | None = None
    issuer: str | None = None
    issuer_kind: str | None = None  # government | department | zone | party | township
    region: Region = field(default_factory=Region)
    report_year: int | None = None
    doc_number: str | None = None
    signer: str | None = None
    addressees: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    issue_date: date | None = None
    print_date: date | None = None
    disclosure: str | None = None

    def to_contract(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "issuer": self.issuer,
            "issuer_kind": self.issuer_kind,
            "region": self.region.to_contract(),
            "report_year": self.report_year,
            "doc_number": self.doc_number,
            "signer": self.signer,
            "addressees": list(self.addressees),
            "cc": list(self.cc),
            "issue_date": self.issue_date.isoformat() if self.issue_date else None,
            "print_date": self.print_date.isoformat() if self.print_date else None,
            "disclosure": self.disclosure,
        }


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and everything under it, down to the next heading of its level or above.

    `start` is the index of the heading's paragraph, `end` the index one past the
    section's last paragraph. A run-in heading shares its paragraph with body text.
    """

    marker: str
    title: str
    level: int
    start: int
    end: int
    run_in: bool = False
    kind: str | None = None
    children: tuple[Section, ...] = ()

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def to_contract(self) -> dict[str, Any]:
        out: dict[str, Any] = {"marker": self.marker, "title": self.title}
        if self.kind is not None:
            out["kind"] = self.kind
        out["level"] = self.level
        out["run_in"] = self.run_in
        out["paragraphs"] = [self.start, self.end]
        out["children"] = [c.to_contract() for c in self.children]
        return out


@dataclass(frozen=True, slots=True)
class Contents:
    """Whether each mandated content is present, and the paragraph that shows it."""

    present: dict[str, bool] = field(default_factory=dict)
    evidence: dict[str, str] = field(default_factory=dict)

    def to_contract(self) -> dict[str, bool]:
        return {key: bool(self.present.get(key)) for key in CONTENT_KEYS}


def _json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass(frozen=True, slots=True)
class Fact:
    """One figure of the report: what it counts, its value, and how it relates to others.

    `value`/`unit` are as printed ('0.45', '万元'); `base_value`/`base_unit` scaled
    (4500 元). `part_of` names the total a 其中 breakdown belongs to, `share_of` the
    count a share (占比) is taken of. A part never carries its total's indicator.
    """

    id: str
    value: Decimal
    unit: str
    base_value: Decimal
    base_unit: str
    kind: str  # count | amount | rate | share | change | duration | measure
    subject: str
    text: str
    paragraph: int
    approx: bool = False
    indicator: str | None = None
    indicator_name: str | None = None
    section: tuple[str, ...] = ()
    value_max: Decimal | None = None
    decimals: int = 0
    domain: str | None = None
    part_of: str | None = None
    share_of: str | None = None
    direction: str | None = None  # up | down, for changes
    mentions: int = 1
    start: int = 0  # offsets of the figure in its paragraph
    end: int = 0
    text_start: int = 0  # where `text` begins in the paragraph
    part_list: str | None = None  # parts of one list share this id; they are summed together
    # how the part was tied to its total: 'breakdown' (其中/含), 'outcomes' (a closed set of
    # outcomes right after its total, no 其中) or 'summed' (a 共计 total after its parts)
    part_link: str | None = None

    def to_contract(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "indicator": self.indicator,
            "indicator_name": self.indicator_name,
            "value": _json_number(self.value),
            "unit": self.unit,
            "base_value": _json_number(self.base_value),
            "base_unit": self.base_unit,
            "approx": self.approx,
            "kind": self.kind,
            "subject": self.subject,
            "text": self.text,
            "paragraph": self.paragraph,
            # where the figure itself stands in its paragraph, for highlighting it
            "span": [self.start, self.end],
            "section": list(self.section),
        }
        if self.value_max is not None:
            out["value_max"] = _json_number(self.value_max)
        for key in ("part_of", "share_of", "direction"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.mentions > 1:
            out["mentions"] = self.mentions
        return out


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: str
    message: str
    evidence: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def to_contract(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "evidence": list(self.evidence),
        }
        out.update(self.extra)
        return out


@dataclass(frozen=True, slots=True)
class Document:
    source: Source
    paragraphs: tuple[str, ...] = ()
    extracted: Extracted | None = None
    metadata: Metadata = field(default_factory=Metadata)
    sections: tuple[Section, ...] = ()
    is_report: bool | None = None
    is_report_reason: str | None = None
    genre: str | None = None
    truncated: bool = False  # the text breaks off mid-sentence with no closing block
    contents: Contents = field(default_factory=Contents)
    facts: tuple[Fact, ...] = ()
    findings: tuple[Finding, ...] = ()
    review: Review | None = None  # coverage, substance and score card; reports only
    error: ErrorInfo | None = None

    @property
    def text(self) -> str:
        """The normalised text: one paragraph per line. Evidence quotes it exactly."""
        return "\n".join(self.paragraphs)

    def to_contract(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "schema": SCHEMA,
            "source": self.source.to_contract(),
            "is_report": self.is_report,
            "is_report_reason": self.is_report_reason,
            "genre": self.genre,
            "truncated": self.truncated,
            "metadata": self.metadata.to_contract() if self.error is None else None,
            "sections": [s.to_contract() for s in self.sections],
            "contents": self.contents.to_contract() if self.error is None else None,
            "contents_evidence": dict(self.contents.evidence) if self.error is None else None,
            "facts": [f.to_contract() for f in self.facts],
            "findings": [f.to_contract() for f in self.findings],
            "review": self.review.to_contract() if self.review is not None else None,
        }
        if self.error is not None:
            out["error"] = self.error.to_contract()
        return out
