"""Metadata of a report: title, issuer, region, report year, 文号, 签发人, 主送, 抄送,
成文日期, 公开属性 — each read from the part of the document where GB/T 9704 puts it,
never from a look-alike elsewhere (a 文号 cited in the body is not this document's)."""

from __future__ import annotations

import re
from datetime import date

from fazhi.model import Extracted, Metadata, Region
from fazhi.structure.dates import DATE, parse_date
from fazhi.structure.layout import DOC_NUMBER, HEAD_SCAN, SIGNER, Layout
from fazhi.structure.regions import resolve_region

_ORG_SUFFIX = r"(?:人民政府|政府|管理委员会|管委会|委员会|办公室|办事处|工作部|局|厅|委|院|部|署|中心|办|所|队|站|处|会)"
_ORG = re.compile(rf"^(?P<org>[\u4e00-\u9fa5（）()·]{{2,40}}?{_ORG_SUFFIX})$")
_PLACE = re.compile(
    r"^(?P<place>[\u4e00-\u9fa5]{1,20}?(?:省|自治区|市|区|县|旗|州|盟|镇|乡|街道))$"
)
_TITLE_ORG = re.compile(
    r"^(?P<prefix>[\u4e00-\u9fa5（）()·]{2,40}?)\s*(?:关于|(?:19|20)\d{2}\s*年)"
)
_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})\s*年\s*度?")
_BODY_YEAR = (
    re.compile(r"现将.{0,30}?((?:19|20)\d{2})\s*年\s*度?.{0,40}?(?:报告|汇报)(?:如下)?"),
    re.compile(r"^((?:19|20)\d{2})\s*年\s*(?:度|以来|全年)?\s*[，,]"),
    # "2018年是全面落实《纲要》的重要一年": the year the report looks back on
    re.compile(r"^((?:19|20)\d{2})\s*年\s*是"),
    re.compile(r"^(?:[^。]{0,20}?)((?:19|20)\d{2})\s*年\s*(?:度|以来)"),
)
_CN_YEAR = re.compile(r"[一二][〇○零一二三四五六七八九]{3}年")
_CITED = re.compile(
    r"《[^》]*》|[（(]\s*(?:19|20)\d{2}\s*[—–\-－~至]+\s*(?:19|20)\d{2}\s*年?\s*[）)]"
)
_DISCLOSURE = re.compile(
    r"[此本]件\s*(?P<a>主动公开|依申请公开|不予公开|不公开|删减后公开|公开发布)"
    r"|(?:信息)?公开(?:属性|方式|类型|选项|形式)\s*[:：]\s*(?P<b>主动公开|依申请公开|不予公开|不公开)"
)
_GENRE_WORD = re.compile(r"报告|通知|总结|方案|要点|意见|情况|汇报|通报|公告")
_LEVEL_CHARS = "省市区县州旗盟乡镇"
_SPEAKER = re.compile(
    r"^(?P<org>[\u4e00-\u9fa5]{2,30}?(?:人民政府|政府|司法局|局|厅))\s*副?"
    r"(?:省长|市长|区长|县长|州长|旗长|主席|主任|局长|厅长|秘书长)\s*[\u4e00-\u9fa5·]{2,4}$"
)
_SPLIT = re.compile(r"[、，,；;]\s*")
_PRINTED = re.compile(r"印发|印制")
_SPACE_NEAR_CJK = re.compile(r"\s+(?=[\u4e00-\u9fff《》“”（）])|(?<=[\u4e00-\u9fff《》“”（）])\s+")


def _clean_title(text: str) -> str:
    return _SPACE_NEAR_CJK.sub("", re.sub(r"\s+", " ", text)).strip()


def _issuer_kind(issuer: str | None) -> str | None:
    if not issuer:
        return None
    if re.search(r"管委会|管理委员会|开发区|高新区|园区|新区|保税区|自贸", issuer):
        return "zone"
    if re.search(r"^中共|党委|党工委|党组|依法治", issuer):
        return "party"
    if re.search(r"(镇|乡|街道)(人民政府|办事处)?$", issuer):
        return "township"
    if issuer.endswith(("人民政府", "政府")):
        return "government"
    return "department"


def _as_issuer(prefix: str) -> str | None:
    prefix = prefix.strip()
    if _ORG.match(prefix):
        return prefix
    m = _PLACE.match(prefix)
    if m:
        place = m.group("place")
        return place + ("办事处" if place.endswith("街道") else "人民政府")
    return None


def _fuller(org: str, signature: str | None) -> str:
    """'区司法局' or '陈埭镇人民政府' name their place only in part; a signature that ends
    with the same body spells it out ('晋江市陈埭镇人民政府')."""
    if not signature or len(signature) <= len(org):
        return org
    if signature.endswith(org) or (org[0] in _LEVEL_CHARS and signature.endswith(org[1:])):
        return signature
    return org


def find_issuer(paragraphs: tuple[str, ...], layout: Layout, title: str | None) -> str | None:
    signature = _signature(paragraphs, layout)
    if title:
        m = re.match(r"^(?P<org>[\u4e00-\u9fa5（）()·]{2,40}?)关于", title)
        if m and _ORG.match(m.group("org")):
            return _fuller(m.group("org"), signature)
    if layout.letterhead is not None:
        head = re.sub(r"\s*文件$", "", paragraphs[layout.letterhead]).strip()
        if head:
            return _fuller(head, signature)
    if title:
        m = _TITLE_ORG.match(title)
        if m:
            prefix = m.group("prefix").strip()
            if _ORG.match(prefix):
                return _fuller(prefix, signature)
            place = _PLACE.match(prefix)
            if place:
                # the signature spells the official name of the same body, when there is one
                core = _place_core(place.group("place"))
                if signature and core in signature:
                    return signature
                return _as_issuer(prefix)
    return signature or _speaker(paragraphs, layout)


def _speaker(paragraphs: tuple[str, ...], layout: Layout) -> str | None:
    """A report made as a speech names its body in the speaker line: 'XX人民政府副区长 王某'."""
    for p in paragraphs[: min(layout.body_start + 4, HEAD_SCAN)]:
        m = _SPEAKER.match(p)
        if m:
            return m.group("org")
    return None


def _place_core(place: str) -> str:
    """'杭州市西湖区北山街道' → '北山街道': the innermost named unit of a place name."""
    parts = re.findall(r".+?(?:省|自治区|市|区|县|旗|州|盟|镇|乡|街道)", place)
    return parts[-1] if parts else place


def _closing_lines(layout: Layout, n: int) -> list[int]:
    """The closing block's paragraphs: a cover notice's first, then the report's own."""
    lines = list(range(*layout.notice_closing)) if layout.notice_closing else []
    return lines + list(range(layout.closing_start, n))


def _signature(paragraphs: tuple[str, ...], layout: Layout) -> str | None:
    for i in _closing_lines(layout, len(paragraphs)):
        p = paragraphs[i]
        if _ORG.match(p) and i + 1 < len(paragraphs) and DATE.search(paragraphs[i + 1]):
            return p
        m = re.match(
            rf"^(?P<org>[\u4e00-\u9fa5（）()]{{4,40}}{_ORG_SUFFIX})\s*(?:{DATE.pattern})", p
        )
        if m and m.group("org") and not _PRINTED.search(p):
            return m.group("org")
    return None


def find_report_year(
    title: str | None, paragraphs: tuple[str, ...], layout: Layout, issue_date: date | None
) -> int | None:
    # a title that announces another document (《…2024年…方案》的通知) dates that document
    own = title_year(title) if title and re.search(r"法治|依法行政", title) else None
    found = body_year(paragraphs[layout.body_start : layout.body_start + 3])
    if own is not None:
        # a title copied from last year's report: the body and the date agree on the year
        if found is not None and issue_date is not None and found[0] == issue_date.year - 1 != own:
            return found[0]
        return own
    if found is not None:
        return found[0]
    if issue_date is not None:
        return issue_date.year - 1
    return None


def title_year(title: str) -> int | None:
    """The year a title names as its own; a cited document's years (《…纲要（2015—2020年）》)
    are not it."""
    own = _cn_years_to_digits(_CITED.sub("", title))
    years = list(_YEAR_IN_TITLE.finditer(own))
    if len(years) > 1:
        # "2024年工作计划暨2023年度法治政府建设情况报告": the year of the report's own words
        for m in years:
            if re.match(r"\s*(?:年度|年)?\s*(?:的)?\s*(?:法治|依法行政)", own[m.end() :]):
                return int(m.group(1))
    return int(years[0].group(1)) if years else None


def body_year(paragraphs: tuple[str, ...] | list[str]) -> tuple[int, str] | None:
    """The year the opening of a body says it reports on ('2022年，我区…', '现将2022年…报告如下'),
    with the paragraph that says so."""
    for p in paragraphs:
        for pattern in _BODY_YEAR:
            m = pattern.search(p)
            if m:
                return int(m.group(1)), p
    return None


def _cn_years_to_digits(text: str) -> str:
    """'二〇二三年度' → '2023年度', so one pattern reads both ways of writing a year."""
    return _CN_YEAR.sub(lambda m: f"{parse_date(m.group(0) + '1月1日').year}年", text)


def _doc_number(paragraphs: tuple[str, ...], layout: Layout) -> str | None:
    if layout.doc_number is None:
        return None
    m = DOC_NUMBER.search(paragraphs[layout.doc_number])
    if m is None:
        return None
    number = re.sub(r"\s+", "", m.group("num"))
    return re.sub(r"[\[［【(（﹝〖]", "〔", re.sub(r"[\]］】)）﹞〗]", "〕", number))


def _signer(paragraphs: tuple[str, ...]) -> str | None:
    for p in paragraphs[:HEAD_SCAN]:
        m = SIGNER.search(p)
        if m:
            return _names(m.group("name")) or None
    return None


def _names(text: str) -> str:
    """'曾斌    李晓峰' → '曾斌、李晓峰'; a two-character name padded to three ('王  明')
    comes apart into single characters, which are put back together."""
    names: list[str] = []
    pending = ""
    for token in re.split(r"[\s、，,]+", text.strip()):
        if not re.fullmatch(r"[\u4e00-\u9fa5·]{1,4}", token):
            break
        if len(token) == 1:
            pending += token
            if len(pending) < 2:
                continue
            token, pending = pending, ""
        names.append(token)
    return "、".join(names)


def _split_names(text: str) -> tuple[str, ...]:
    text = text.strip().rstrip("。.：:")
    return tuple(part.strip() for part in _SPLIT.split(text) if part.strip())


def _dates(paragraphs: tuple[str, ...], layout: Layout) -> tuple[date | None, date | None]:
    issued = printed = None
    for p in (paragraphs[i] for i in _closing_lines(layout, len(paragraphs))):
        if not DATE.search(p) or len(p) > 60:
            continue
        if _PRINTED.search(p):
            printed = printed or parse_date(p)
        elif not re.search(r"[，。；]", p):
            issued = issued or parse_date(p)
    return issued, printed


def extract_metadata(
    paragraphs: tuple[str, ...], layout: Layout, extracted: Extracted | None = None
) -> Metadata:
    title = None
    if layout.title is not None:
        title = _clean_title("".join(paragraphs[layout.title[0] : layout.title[1]]))
    elif extracted is not None and extracted.title and _GENRE_WORD.search(extracted.title):
        # a page title that names no document ("涪城区人民政府") is the site, not the report
        title = _clean_title(extracted.title)
    issuer = find_issuer(paragraphs, layout, title)
    issued, printed = _dates(paragraphs, layout)
    if issued is None and layout.title_date is not None:
        issued = parse_date(paragraphs[layout.title_date])
    issue_date = issued or printed
    addressees = ()
    if layout.addressee is not None:
        addressees = _split_names(paragraphs[layout.addressee])
    cc: tuple[str, ...] = ()
    disclosure = None
    for p in paragraphs[layout.closing_start :] + paragraphs[: layout.body_start]:
        m = re.match(r"^抄\s*[送报]\s*[:：]\s*(?P<to>.+)$", p)
        if m:
            cc += _split_names(m.group("to"))
        d = _DISCLOSURE.search(p)
        if d and disclosure is None:
            disclosure = d.group("a") or d.group("b")
    head = "\n".join(paragraphs[: layout.body_start + 2])[:800]
    region = (
        resolve_region(issuer, title, head, "\n".join(paragraphs))
        if (issuer or title)
        else Region()
    )
    return Metadata(
        title=title,
        issuer=issuer,
        issuer_kind=_issuer_kind(issuer),
        region=region,
        report_year=find_report_year(title, paragraphs, layout, issue_date),
        doc_number=_doc_number(paragraphs, layout),
        signer=_signer(paragraphs[: layout.body_start]),
        addressees=addressees,
        cc=cc,
        issue_date=issue_date,
        print_date=printed,
        disclosure=disclosure,
    )
