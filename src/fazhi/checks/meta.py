"""The title, the year and the addressees of a report against its body.

`meta.title_mismatch`: the body is the annual report but the title announces another
document (关于印发《…应急预案》的通知), so nobody searching for the report
finds it. `meta.year_mismatch`: the title's year is not the year the body reports on.
`meta.title_advice`: the title works but does not say 法治政府建设 + year + 报告.
`meta.addressees`: a report sent down to subordinate units or to its own issuer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from fazhi.checks.catalogue import finding
from fazhi.datafiles import compile_patterns, load, strings
from fazhi.model import Document, Finding
from fazhi.structure.metadata import body_year, title_year

_FILE = "genres.yaml"
_PLAN_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_YEAR = re.compile(r"(?:19|20)\d{2}\s*年|[一二][〇○零一二三四五六七八九]{3}年")


@dataclass(frozen=True, slots=True)
class TitleRules:
    report: list[re.Pattern[str]]  # a title that names the annual report itself
    announced: list[re.Pattern[str]]  # what a title says the document is
    topic: re.Pattern[str]
    template: str
    downward: re.Pattern[str]
    covering: frozenset[str]  # genres that carry a report (a cover letter, a notice)
    other_topic: re.Pattern[str]  # a report's title naming another topic
    generic_topic: re.Pattern[str]


@cache
def load_title_rules() -> TitleRules:
    data = load(_FILE, "fazhi.genres/1")
    report = data.get("report") or {}

    def one(key: str) -> re.Pattern[str]:
        return compile_patterns(_FILE, key, [str(data.get(key))])[0]

    return TitleRules(
        compile_patterns(
            _FILE, "report.title", strings(_FILE, "report.title", report.get("title"))
        ),
        compile_patterns(_FILE, "announced", strings(_FILE, "announced", data.get("announced"))),
        one("title_topic"),
        str(data.get("title_template")),
        one("addressee_downward"),
        frozenset(strings(_FILE, "covering_genres", data.get("covering_genres"))),
        one("other_topic_report"),
        one("generic_topics"),
    )


def _title_names_report(title: str) -> bool:
    return any(p.search(title) for p in load_title_rules().report)


def _announced(title: str) -> tuple[str, str | None] | None:
    compact = re.sub(r"\s+", "", title)
    for p in load_title_rules().announced:
        m = p.search(compact)
        if m:
            return m.group("genre"), m.groupdict().get("document")
    return None


def _title_mismatch(doc: Document, title: str) -> list[Finding]:
    if _title_names_report(title):
        return []
    announced = _announced(title)
    if announced is None:
        return _other_topic(doc, title, load_title_rules())
    if _carries_report(title):
        return []  # 关于报送2023年度法治政府建设情况的函: a cover letter that names the report
    genre, document = announced
    what = f"印发《{document}》的{genre}" if document else f"一份{genre}"
    year = f"{doc.metadata.report_year}年度" if doc.metadata.report_year else ""
    return [
        finding(
            "meta.title_mismatch",
            f"标题“{title}”表明这是{what}，而正文是{year}法治政府建设情况报告；"
            "标题应写明报告本身，否则公开后无法检索",
            (title,),
        )
    ]


_RULE_OF_LAW_OFFICE = re.compile(r"依法治[省市县区州旗盟乡镇]")


def _other_topic(doc: Document, title: str, rules: TitleRules) -> list[Finding]:
    """关于2022年度安全生产工作情况的报告 over the 法治政府建设 report's body."""
    m = rules.other_topic.search(re.sub(r"\s+", "", title))
    # 全面依法治区委员会办公室 holds 法治 in the issuer's name, not in the topic
    bare = _RULE_OF_LAW_OFFICE.sub("", title)
    if m is None or rules.topic.search(bare) or "法治" in bare:
        return []
    topic = m.group("topic")
    if rules.generic_topic.match(topic):
        return []
    year = f"{doc.metadata.report_year}年度" if doc.metadata.report_year else ""
    return [
        finding(
            "meta.title_mismatch",
            f"标题“{title}”表明这是关于“{topic}”的报告，而正文是{year}法治政府建设情况报告；"
            "标题应写明报告本身，否则公开后无法检索",
            (title,),
        )
    ]


def _body_paragraphs(doc: Document) -> list[str]:
    """The preamble: paragraphs before the first heading, after the title block."""
    stop = doc.sections[0].start if doc.sections else min(len(doc.paragraphs), 8)
    title = re.sub(r"\s+", "", doc.metadata.title or "")
    return [p for p in doc.paragraphs[:stop] if len(p) > 20 and re.sub(r"\s+", "", p) not in title]


def _year_mismatch(doc: Document, title: str) -> list[Finding]:
    own = title_year(title)
    if own is None:
        return []
    said = body_year(_body_paragraphs(doc))
    if said is not None and said[0] != own:
        year, paragraph = said
        quote = paragraph if len(paragraph) <= 80 else paragraph[:80]
        return [
            finding(
                "meta.year_mismatch",
                f"标题写的是{own}年，正文开头报告的却是{year}年的工作，请核对报告年度",
                (title, quote),
            )
        ]
    for section in doc.sections:
        if section.kind != "next_year":
            continue
        m = _PLAN_YEAR.search(section.title)
        if m is None:
            continue
        plan = int(m.group(1))
        dated = doc.metadata.issue_date
        # planning for the title's own year while dated in it: the body reports on the year before
        same_year = plan == own and dated is not None and dated.year == own
        if plan not in (own + 1, own) or same_year:
            return [
                finding(
                    "meta.year_mismatch",
                    f"标题写的是{own}年，下一年度安排却是{plan}年的"
                    + (
                        f"（成文日期为{dated.year}年，所报告的应是{own - 1}年）"
                        if same_year
                        else ""
                    )
                    + "，请核对报告年度",
                    (title, f"{section.marker}{section.title}"),
                )
            ]
    return []


def _title_advice(doc: Document, title: str) -> list[Finding]:
    missing = []
    rules = load_title_rules()
    # a 街道, a 乡镇 or a party body reports on 法治建设: it is not a government
    topic_ok = rules.topic.search(title) or (
        doc.metadata.issuer_kind in ("township", "party") and "法治建设" in title
    )
    if not topic_ok:
        missing.append("“法治政府建设”")
    # a cover notice names the report it issues: 关于印发《XX区2021年度…报告》的通知
    if title_year(title) is None and not _YEAR.search(title):
        missing.append("年度")
    if "报告" not in title:
        missing.append("“报告”")
    if not missing:
        return []
    return [
        finding(
            "meta.title_advice",
            f"标题“{title}”没有写明{'、'.join(missing)}；建议写作“{rules.template}”",
            (title,),
        )
    ]


def _addressees(doc: Document) -> list[Finding]:
    issuer = doc.metadata.issuer or ""
    out = []
    for name in doc.metadata.addressees:
        if load_title_rules().downward.search(name):
            why = "下级或所属单位；年度报告应报送同级党委、人大常委会和上级机关（部门报本级党委政府和上级主管部门）"
        elif issuer and name == issuer:
            why = "报告单位自身"
        else:
            continue
        out.append(finding("meta.addressees", f"主送机关“{name}”是{why}，请核对报送对象", (name,)))
    return out


def _carries_report(title: str) -> bool:
    """A notice issuing the report (关于印发《…报告》的通知) or a letter sending it (关于报送
    2023年度法治政府建设情况的函): its addressees and its name are the carrier's."""
    announced = _announced(title)
    if announced is None:
        return False
    genre, document = announced
    rules = load_title_rules()
    if document is not None:
        return "报告" in document
    return genre in rules.covering and bool(rules.topic.search(title)) and bool(_YEAR.search(title))


def meta_findings(doc: Document) -> tuple[Finding, ...]:
    if not doc.is_report:
        return ()
    title = doc.metadata.title or ""
    carried = bool(title) and _carries_report(title)
    out = [] if carried else _addressees(doc)
    if title:
        mismatch = _title_mismatch(doc, title)
        out += mismatch + _year_mismatch(doc, title)
        if not mismatch and not carried:
            out += _title_advice(doc, title)
    return tuple(out)
