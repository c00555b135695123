"""Plain text in whatever encoding Chinese government offices save it in."""

from __future__ import annotations

from fazhi.ingest.base import clean_text, decode_bytes, fail, is_blank
from fazhi.model import Extracted


def read_txt(data: bytes, filename: str) -> Extracted:
    text, encoding, warnings = decode_bytes(data)
    text = clean_text(text)
    if is_blank(text):
        raise fail("input.empty", filename, "是空文件，没有任何文字")
    return Extracted(text=text, format="txt", encoding=encoding, warnings=tuple(warnings))
