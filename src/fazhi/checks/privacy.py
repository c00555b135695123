"""`privacy.personal_data`: mobile, ID-card and bank-card numbers in a text meant for
publication, and `redact()` to mask them in public exports.

A published report may give a unit's landline or hotline; a person's mobile number
(often in the 联系人 note under the signature), an ID number or a card number must go.
ID numbers are checked against their birth date and check digit, card numbers against
the Luhn sum and a bank word nearby, so long figures and document numbers stay quiet.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache

from fazhi.checks.catalogue import finding
from fazhi.datafiles import DataFileError, compile_patterns, load, strings
from fazhi.markers import SENTENCE_STOPS
from fazhi.model import Document, Finding

_FILE = "privacy.yaml"
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_KIND_NAMES = {"mobile": "手机号码", "id_card": "身份证号码", "bank_card": "银行卡号"}
# where any personal number may stand: 11 or more digits, maybe split by spaces, hyphens
# or a line break, after an optional +86
_CANDIDATE = re.compile(r"\+?\d[\d \-\n]{9,}[\dXx]")
# a number standing among other numbers split by spaces or tabs is a table row's cells
_IN_A_ROW_OF_NUMBERS = re.compile(r"\d[ \t]+$")
_IN_A_ROW_OF_NUMBERS_AFTER = re.compile(r"[ \t]+\d")
_CLAUSE = re.compile(f"[{SENTENCE_STOPS}]")


@dataclass(frozen=True, slots=True)
class PersonalData:
    kind: str  # mobile | id_card | bank_card
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class _Patterns:
    mobile: re.Pattern[str]
    id_card: re.Pattern[str]
    bank_card: re.Pattern[str]
    bank_context: re.Pattern[str]
    organisation_account: list[re.Pattern[str]]
    not_id_after: re.Pattern[str]
    amount_after: re.Pattern[str]


@cache
def load_patterns() -> _Patterns:
    data = load(_FILE, "fazhi.privacy/1")
    compiled = {}
    for key in ("mobile", "id_card", "bank_card"):
        try:
            compiled[key] = re.compile(str(data.get(key)))
        except re.error as exc:
            raise DataFileError(f"数据文件 {_FILE} 的 {key} 正则表达式有误：{exc}") from exc
    words = strings(_FILE, "bank_context", data.get("bank_context"))
    serials = strings(_FILE, "not_id_after", data.get("not_id_after"))
    return _Patterns(
        bank_context=re.compile("|".join(map(re.escape, words))),
        organisation_account=compile_patterns(
            _FILE,
            "organisation_account",
            strings(_FILE, "organisation_account", data.get("organisation_account")),
        ),
        not_id_after=re.compile(f"(?:{'|'.join(map(re.escape, serials))})\\s*[:：]?\\s*$"),
        amount_after=_amount_after(strings(_FILE, "amount_units", data.get("amount_units"))),
        **compiled,
    )


def _amount_after(units: list[str]) -> re.Pattern[str]:
    return re.compile(r"\s*(?:[.．]\d|" + "|".join(map(re.escape, units)) + ")")


def valid_id_number(number: str) -> bool:
    """GB 11643-1999: a real birth date and the right check digit."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    if born.year < 1880:
        return False  # a fixed bound, never today's date: the same text, the same findings
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17].upper()


def luhn(number: str) -> bool:
    digits = [int(d) for d in number]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def find_personal_data(text: str) -> list[PersonalData]:
    """Every mobile, valid ID-card and bank-card number in `text`, in order."""
    p = load_patterns()
    found: list[PersonalData] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, m: re.Match[str]) -> None:
        # `taken` stays sorted; only the neighbours of the new span can overlap it
        k = bisect.bisect_left(taken, (m.start(), m.end()))
        near = taken[max(0, k - 1) : k + 1]
        if any(m.start() < e and s < m.end() for s, e in near):
            return
        taken.insert(k, (m.start(), m.end()))
        found.append(PersonalData(kind, m.start(), m.end(), m.group()))

    # the detailed patterns run only where a long run of digits stands: a report has few
    spans = [
        (max(0, c.start() - 4), min(len(text), c.end() + 1)) for c in _CANDIDATE.finditer(text)
    ]

    def matches(pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        for lo, hi in spans:
            yield from pattern.finditer(text, lo, hi)

    for m in matches(p.id_card):
        before = text[max(0, m.start() - 8) : m.start()]
        if p.not_id_after.search(before) or p.amount_after.match(text, m.end()):
            continue
        if valid_id_number(m.group().replace(" ", "")):
            add("id_card", m)
    for m in matches(p.bank_card):
        digits = re.sub(r"\D", "", m.group())
        before = text[max(0, m.start() - 20) : m.start()]
        after = text[m.end() : m.end() + 20]
        if not (16 <= len(digits) <= 19 and luhn(digits)):
            continue
        if not (p.bank_context.search(before) or p.bank_context.search(after)):
            continue
        around = text[max(0, m.start() - 60) : m.end() + 60]
        if any(o.search(around) for o in p.organisation_account):
            continue  # a unit's account, published so that fines and fees can be paid
        add("bank_card", m)
    for m in matches(p.mobile):
        before = text[max(0, m.start() - 8) : m.start()]
        if p.not_id_after.search(before) or p.amount_after.match(text, m.end()):
            continue  # 案件编号13512345678, 投入资金15000000000元: not a phone
        if _IN_A_ROW_OF_NUMBERS.search(before) or _IN_A_ROW_OF_NUMBERS_AFTER.match(text, m.end()):
            continue  # "4362 138 1520 2264": cells of a table row read as one number
        add("mobile", m)
    return sorted(found, key=lambda d: d.start)


def mask(item: PersonalData) -> str:
    """The number with its middle masked: 158****6217, 350102********1234, 6222 **** 128."""
    keep_head = {"mobile": 3, "id_card": 6, "bank_card": 4}[item.kind]
    digits = [i for i, ch in enumerate(item.text) if ch.isalnum()]
    keep = set(digits[:keep_head]) | set(digits[-4:])
    return "".join(ch if not ch.isalnum() or i in keep else "*" for i, ch in enumerate(item.text))


def redact(text: str) -> str:
    """Mask personal data for a public export: 158****6217, 350102********1234."""
    out = []
    last = 0
    for item in find_personal_data(text):
        out.append(text[last : item.start])
        out.append(mask(item))
        last = item.end
    out.append(text[last:])
    return "".join(out)


def privacy_findings(doc: Document) -> tuple[Finding, ...]:
    # the whole text at once: a number wrapped over two lines ("135" / "8821 6604" in a
    # closing block) is still one number
    text = doc.text
    found = find_personal_data(text)
    if not found:
        return ()
    stops = [m.start() for m in _CLAUSE.finditer(text)]
    out = []
    for item in found:
        k = bisect.bisect_left(stops, item.start)
        lo = stops[k - 1] + 1 if k > 0 else 0
        j = bisect.bisect_left(stops, item.end)
        hi = stops[j] if j < len(stops) else len(text)
        clause = text[lo:hi].strip()
        if len(clause) > 80:
            clause = text[max(lo, item.start - 30) : item.end + 10].strip()
        name = _KIND_NAMES[item.kind]
        shown = re.sub(r"\s+", " ", mask(item))
        out.append(
            finding(
                "privacy.personal_data",
                f"公开文本中含有{name}“{shown}”，发布前应删除或遮盖",
                (clause,),
                kind=item.kind,
            )
        )
    return tuple(out)
