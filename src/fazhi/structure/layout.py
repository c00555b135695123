"""Where the parts of an official document are: letterhead, 发文字号, title, addressee,
body, and the closing block (signature, date, 附注, 抄送, 印发).

GB/T 9704-2012 fixes their order, but reposted and pasted reports lose some of them, so
each part is found by its own shape and is optional.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fazhi.markers import CLOSING_START, HEADING_START, ORGAN_END
from fazhi.structure.dates import DATE

HEAD_SCAN = 15
DOC_NUMBER = re.compile(
    r"(?P<num>[\u4e00-\u9fa5A-Za-z]{1,12}\s*[〔\[［【(（﹝〖]\s*(?:19|20)\d{2}\s*[〕\]］】)）﹞〗]\s*第?\s*\d{1,4}\s*号)"
)
SIGNER = re.compile(r"签\s*发\s*人\s*[:：]\s*(?P<name>[\u4e00-\u9fa5·\s]{2,20})")
_GENRE_END = re.compile(
    r"(报告|通知|总结|情况|方案|要点|意见|函|纪要|规划|公告|通报|请示|决定|汇报|说明|材料|计划|白皮书)$"
)
_NOT_IN_TITLE = re.compile(r"[>|/＞]|当前位置|您的位置|首页|.[:：].")
_TITLE_OPEN_END = re.compile(r"(关于|关于印发|印发|转发|的|和|及|与|暨|年度?)$")
_GENRE_TAIL = re.compile(r"^的\s*(?:工作)?\s*(?:报告|汇报|通知|函)$")
_TITLE_CONTINUATION = re.compile(r"^(《|的|（|\(|工作|情况|年度|法治|报告)")
_HEADER_NOISE = re.compile(r"^(?:份号|密级|机密|秘密|绝密|特急|加急|平急|\d{6}|[★☆]).{0,20}$")
_PROSE = re.compile(r"[，。；！？,;]")
_ADDRESSEE = re.compile(r"^(?P<to>[^。；！？;]{2,60})[：:]$")
# every addressee is a body: "省委、省政府，司法部：" yes; "2023年，我区开展了以下工作：" no
_ADDRESSEE_PART = re.compile(ORGAN_END + "$")
_DATE_LINE = re.compile(r"^[（(]\s*(?P<d>[^（）()]{6,20})\s*[）)]$")
_DATE_ONLY = re.compile(rf"^\s*(?:{DATE.pattern})\s*$")
_ATTACHMENT = re.compile(r"^附\s*件\s*\d{0,2}\s*$")
_ORG_LINE = re.compile(r"^[\u4e00-\u9fa5（）()·\s]{4,40}$")
_LETTERHEAD = re.compile(r"^(?P<org>.{4,60}?)\s*文件$")


@dataclass(frozen=True, slots=True)
class Layout:
    letterhead: int | None
    doc_number: int | None
    title: tuple[int, int] | None  # paragraph range [start, end)
    title_date: int | None  # "（2024年2月28日）" printed under the title
    addressee: int | None
    body_start: int
    closing_start: int
    # a cover notice (关于印发《…报告》的通知) whose closing block [start, end) comes before
    # the report it issues: the notice's signature and date are the document's
    notice_closing: tuple[int, int] | None = None


def find_layout(paragraphs: tuple[str, ...]) -> Layout:
    n = len(paragraphs)
    scan = min(n, HEAD_SCAN)
    letterhead = doc_number = None
    header_end = 0
    for i in range(scan):
        p = paragraphs[i]
        if _is_doc_number_line(p):
            doc_number = i
            header_end = i + 1
            if letterhead is None and i > 0 and _ORG_LINE.match(paragraphs[i - 1]):
                letterhead = i - 1
        elif SIGNER.match(p) or _HEADER_NOISE.match(p):
            header_end = max(header_end, i + 1)
        elif _LETTERHEAD.match(p) and not _PROSE.search(p):
            letterhead = i
            header_end = i + 1
        if doc_number is not None and i > doc_number + 3:
            break
    title = _find_title(paragraphs, header_end, scan)
    after_title = title[1] if title else header_end
    if title:
        after_title = _skip_repeat(paragraphs, title, after_title)
    title_date = None
    if (
        after_title < n
        and (m := _DATE_LINE.match(paragraphs[after_title]))
        and DATE.fullmatch(m.group("d"))
    ):
        title_date = after_title
        after_title += 1
    addressee = None
    if after_title < n and _is_addressee(paragraphs[after_title]):
        addressee = after_title
    body_start = (addressee + 1) if addressee is not None else after_title
    closing_start = _closing_start(paragraphs, body_start)
    notice_closing = None
    annex = _issued_report(paragraphs, title, closing_start)
    if annex is not None:
        notice_closing = (closing_start, annex)
        body_start = annex + 1
        if body_start < n and _is_addressee(paragraphs[body_start]):
            body_start += 1
        closing_start = _closing_start(paragraphs, body_start)
    return Layout(
        letterhead,
        doc_number,
        title,
        title_date,
        addressee,
        body_start,
        closing_start,
        notice_closing,
    )


_ISSUES = re.compile(r"(?:印发|转发|报送|呈报)\s*《(?P<doc>[^》]{4,80}报告)》")
_COMPACT = re.compile(r"[\s《》]")


def _issued_report(
    paragraphs: tuple[str, ...], title: tuple[int, int] | None, closing_start: int
) -> int | None:
    """Where the report a cover notice issues begins: its own title, printed after the
    notice's signature and date, with the report's text after it."""
    if title is None:
        return None
    m = _ISSUES.search("".join(paragraphs[title[0] : title[1]]))
    if m is None:
        return None
    wanted = _COMPACT.sub("", m.group("doc"))
    n = len(paragraphs)
    for k in range(closing_start, min(n, closing_start + 8)):
        line = _COMPACT.sub("", paragraphs[k])
        if line and (line == wanted or (wanted in line and len(line) <= len(wanted) + 12)):
            return k if n - k > 5 else None
    return None


def _is_doc_number_line(p: str) -> bool:
    m = DOC_NUMBER.search(p)
    if m is None:
        return False
    rest = (p[: m.start()] + p[m.end() :]).strip()
    return not rest or SIGNER.search(rest) is not None or len(rest) <= 4


def _title_like(p: str) -> bool:
    return (
        0 < len(p) <= 70
        and not _PROSE.search(p)
        and not _NOT_IN_TITLE.search(p)
        and not HEADING_START.match(p)  # a truncated text may start at "一、…"
        and not p.endswith(("：", ":"))
        and not DATE.fullmatch(p)
    )


def _continues_title(first: str, nxt: str) -> bool:
    """Whether a title line is cut short and goes on in the next line."""
    if _GENRE_TAIL.match(nxt):
        return True  # "…法治政府建设情况" / "的报告": a page-width wrap before the genre word
    if _GENRE_END.search(first):
        return False
    return bool(
        _TITLE_OPEN_END.search(first)
        or _TITLE_CONTINUATION.match(nxt)
        or len(first) <= 24
        # a title wrapped at the page width: the next line completes it with its genre word
        or (
            _title_like(nxt)
            and _GENRE_END.search(first + nxt) is not None
            and len(nxt) < len(first)
        )
    )


def _find_title(paragraphs: tuple[str, ...], start: int, scan: int) -> tuple[int, int] | None:
    for i in range(start, min(scan, len(paragraphs))):
        if not _title_like(paragraphs[i]):
            if _is_addressee(paragraphs[i]) or _PROSE.search(paragraphs[i]):
                return None
            continue
        # a title may run over up to three lines; it ends with its genre word
        for j in range(i, min(i + 3, len(paragraphs))):
            if not _title_like(paragraphs[j]):
                break
            tail_follows = j + 1 < len(paragraphs) and _GENRE_TAIL.match(paragraphs[j + 1])
            if _GENRE_END.search("".join(paragraphs[i : j + 1])) and not tail_follows:
                return (i, j + 1)  # also "…工作报" / "告", a title wrapped inside a word
            if j + 1 < len(paragraphs) and not _continues_title(paragraphs[j], paragraphs[j + 1]):
                break
        return (i, i + 1)
    return None


def _skip_repeat(paragraphs: tuple[str, ...], title: tuple[int, int], at: int) -> int:
    """Skip the title printed a second time (pages repost it), also when it wraps."""
    text = "".join("".join(paragraphs[title[0] : title[1]]).split())
    joined = ""
    for k in range(at, min(at + 3, len(paragraphs))):
        joined += "".join(paragraphs[k].split())
        if joined == text:
            return k + 1
        if not text.startswith(joined):
            break
    return at


def _is_addressee(p: str) -> bool:
    m = _ADDRESSEE.match(p)
    if m is None or "如下" in p or len(p) > 60:
        return False
    parts = [x.strip() for x in re.split(r"[、，,]", m.group("to")) if x.strip()]
    return bool(parts) and all(_ADDRESSEE_PART.search(x) for x in parts)


def _closing_start(paragraphs: tuple[str, ...], body_start: int) -> int:
    """Index of the first paragraph of the closing block (or len when there is none).

    The closing runs from the signature (or 专此报告) to the end, but attachments ("附件1"
    and their tables) may stand between the 附注 and the 抄送 lines: the block is found
    by walking back from the first attachment when there is one.
    """
    n = len(paragraphs)
    end = next((k for k in range(body_start, n) if _ATTACHMENT.match(paragraphs[k])), n)
    # the signature and its date end the body even when an attachment ("附件：…") follows
    signed = next(
        (
            k
            for k in range(body_start + 1, min(end, n - 1))
            if _ORG_LINE.match(paragraphs[k]) and _DATE_ONLY.match(paragraphs[k + 1])
        ),
        None,
    )
    if signed is not None:
        end = min(end, signed + 2)
    i = start = end
    unknown = 0  # short lines of no known kind ("（盖章）", an editor's name) are stepped over
    while i > body_start:
        p = paragraphs[i - 1]
        closing = (
            CLOSING_START.match(p)
            or (DATE.search(p) and len(p) <= 40 and not _PROSE.search(p))
            or (_ORG_LINE.match(p) and i < n and DATE.search(paragraphs[i]) is not None)
        )
        if closing:
            unknown = 0
            i -= 1
            start = i
        elif len(p) <= 40 and "。" not in p[:-1] and unknown < 2:
            unknown += 1
            i -= 1
        else:
            break
    return start


_SENTENCE_END = re.compile(r"[。！？!?…”’」』）)]\s*$")


def is_truncated(paragraphs: tuple[str, ...], layout: Layout) -> bool:
    """A text that breaks off mid-sentence with no closing block (a scraped page cut short):
    what it lacks says nothing about the report."""
    if layout.closing_start < len(paragraphs) or len(paragraphs) <= layout.body_start:
        return False
    last = paragraphs[-1]
    return len(last) > 15 and _SENTENCE_END.search(last) is None and not _is_addressee(last)
