"""Pieces every reader needs: the error helper, text cleaning and byte decoding."""

from __future__ import annotations

import codecs
import contextlib
import re

from fazhi.errors import IngestError

# Line separators that some producers use instead of "\n": form feed between
# pages, vertical tab for Word's manual line break, Unicode line/paragraph separators.
_LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# NUL and other control characters carry no text; tab is kept (table cells).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\x80-\x84\x86-\x9f\ufeff\ufffe]")


def fail(code: str, filename: str, problem: str) -> IngestError:
    """Build the error for `filename`; the message always names the file first."""
    return IngestError(code, f"“{filename}”{problem}")


def clean_text(text: str) -> str:
    """Unify line breaks and drop control characters. Nothing else is touched."""
    return _CONTROL.sub("", _LINE_BREAKS.sub("\n", text))


def is_blank(text: str) -> bool:
    return not text.strip()


# GB2312 labels lie: pages declared gb2312 routinely contain GBK/GB18030 characters
# (镕, 喆, 堃 ...). GB18030 is a strict superset, so decoding with it is always safe.
_GB_LABELS = {
    "gb2312",
    "gb_2312",
    "gb_2312-80",
    "gbk",
    "x-gbk",
    "cp936",
    "ms936",
    "euc-cn",
    "csgb2312",
}


def normalise_label(label: str) -> str | None:
    """Map a declared charset label to a Python codec name, or None if unknown."""
    label = label.strip().strip("'\"").lower()
    if label in _GB_LABELS or label.startswith("gb2312"):
        return "gb18030"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def bom_encoding(data: bytes) -> str | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _plausible_share(text: str) -> float:
    """Share of characters a Chinese document is made of: ASCII and GB2312."""
    if not text:
        return 0.0
    ok = sum(1 for ch in text if " " <= ch <= "~" or ch in "\t\r\n" or _in_gb2312(ch))
    return ok / len(text)


def looks_like_text(data: bytes) -> bool:
    """Whether the start of `data` reads as Chinese or ASCII text in a common encoding."""
    sample = data[:8192]
    if bom_encoding(sample) or utf16_without_bom(data):
        return True
    if 0 in sample:
        return False
    return any(
        _plausible_share(sample.decode(name, errors="replace")) >= 0.95
        for name in ("utf-8", "gb18030")
    )


def utf16_without_bom(data: bytes) -> str | None:
    """Spot BOM-less UTF-16 by its NUL bytes, and tell its byte order.

    UTF-8 and GB text never contain NUL. In UTF-16, ASCII characters leave a NUL
    on one side, but CJK characters such as 一 (U+4E00) leave one on the other;
    so both byte orders are decoded and the one that reads as Chinese wins.
    """
    sample = data[:4096]
    if len(sample) < 4 or len(data) % 2 or 0 not in sample:
        return None
    best, best_score = None, 0.0
    for name in ("utf-16-le", "utf-16-be"):
        score = _plausible_share(sample.decode(name, errors="replace"))
        if score > best_score:
            best, best_score = name, score
    return best if best_score >= 0.95 else None


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str, list[str]]:
    """Decode `data`, returning (text, encoding, warnings).

    Order: BOM, a declared label (for HTML), BOM-less UTF-16 shown by NULs,
    strict UTF-8, then whichever of strict GB18030 and BOM-less UTF-16 reads
    most like Chinese text, then charset_normalizer's guess. Only the last
    resort may replace undecodable bytes, and it says so in a warning.
    """
    bom = bom_encoding(data)
    if bom:
        return data.decode(bom, errors="replace"), bom, []
    warnings: list[str] = []
    if declared:
        try:
            return data.decode(declared), declared, []
        except UnicodeDecodeError:
            warnings.append(f"声明的编码 {declared} 与内容不符，已改为自动识别")
    utf16 = utf16_without_bom(data)
    if utf16:
        try:
            return data.decode(utf16), utf16, warnings
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8", warnings
    except UnicodeDecodeError:
        pass
    # Strict GB18030 accepts most byte sequences, so it is checked for reading as
    # Chinese and weighed against BOM-less UTF-16 read the same way.
    candidates: list[tuple[float, str, str]] = []
    for name in ("gb18030", "utf-16-le", "utf-16-be"):
        if name.startswith("utf-16") and len(data) % 2:
            continue
        with contextlib.suppress(UnicodeDecodeError):
            text = data.decode(name)
            candidates.append((_plausible_share(text[:20000]), name, text))
    if candidates:
        # max() keeps the first of equal scores, so GB18030 wins ties.
        score, name, text = max(candidates, key=lambda c: c[0])
        if score >= 0.8:
            return text, name, warnings
    guess = _guess(data)
    if guess:
        return guess[0], guess[1], warnings
    if candidates:
        return candidates[0][2], candidates[0][1], warnings
    warnings.append("无法确定文本编码，按 UTF-8 解码，个别字符可能显示为乱码")
    return data.decode("utf-8", errors="replace"), "utf-8", warnings


def _guess(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None
    name = normalise_label(best.encoding) or best.encoding
    try:
        return data.decode(name), name
    except (UnicodeDecodeError, LookupError):
        return None
