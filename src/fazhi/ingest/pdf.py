"""PDF with a text layer, page by page through pdfplumber.

pdfplumber's default `extract_text()` was measured to give these reports'
text exactly; pypdf and bare pdfminer move quotation marks about. Lines stay
hard-wrapped as printed: re-joining them is the normaliser's job.
"""

from __future__ import annotations

import io
import re

from fazhi.ingest.base import clean_text, fail
from fazhi.model import Extracted

# Glyphs without a Unicode mapping come out as "(cid:1234)": that is no text either.
_CID = re.compile(r"\(cid:\d+\)")
# A scan may still carry a page number or a stamp's caption; below this many
# characters per page there is nothing worth reading.
_MIN_CHARS_PER_PAGE = 10


def _open_error(exc: Exception) -> str:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    if isinstance(inner, PDFPasswordIncorrect | PDFEncryptionError):
        return "pdf.encrypted"
    return "pdf.corrupt"


def read_pdf(data: bytes, filename: str) -> Extracted:
    import pdfplumber

    pages: list[str] = []
    warnings: list[str] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for number, page in enumerate(pdf.pages, 1):
                try:
                    pages.append(page.extract_text() or "")
                except Exception:  # one damaged page should not cost the whole report
                    pages.append("")
                    warnings.append(f"第 {number} 页无法提取文字，已跳过")
                page.flush_cache()
    except Exception as exc:  # pdfminer signals every problem with its own exception zoo
        code = _open_error(exc)
        if code == "pdf.encrypted":
            raise fail(code, filename, "已加密，需要密码才能打开，请提供未加密的版本") from exc
        raise fail(code, filename, "已损坏或不是有效的 PDF 文件") from exc
    count = len(pages)
    if count == 0:
        raise fail("pdf.corrupt", filename, "是没有任何页面的 PDF 文件")
    text = clean_text("\n\n".join(page.strip("\n") for page in pages))
    readable = len(re.sub(r"\s", "", _CID.sub("", text)))
    if readable < _MIN_CHARS_PER_PAGE * count:
        if _CID.search(text):
            raise fail(
                "pdf.no_text", filename, "的文字层缺少字符编码映射，无法提取文字（需要先做 OCR）"
            )
        raise fail("pdf.no_text", filename, "是扫描件，没有可提取的文字层（需要先做 OCR）")
    return Extracted(text=text, format="pdf", pages=count, warnings=tuple(warnings))
