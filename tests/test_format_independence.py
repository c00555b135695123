"""Every seed and example, turned into each input format, gives the same analysis as the .txt.

A reviewer gets the same report as .docx from one office, .pdf from another, a web page from
a third; metadata, section kinds and contents must not depend on which.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import fazhi
from conftest import EXAMPLES, seed_paths
from support.formats import soffice_available, write_as

FORMATS = ["docx", "html", "html-gbk", "txt-gb18030", "ofd", "pdf"]
SUFFIX = {
    "docx": ".docx",
    "html": ".html",
    "html-gbk": ".htm",
    "txt-gb18030": ".txt",
    "ofd": ".ofd",
    "pdf": ".pdf",
}
SOURCES = seed_paths() + sorted(p for p in EXAMPLES.glob("0[1-5]_*.txt") if p.name.count(".") == 1)


def _summary(doc: fazhi.Document) -> dict:
    c = doc.to_contract()
    m = c["metadata"]
    return {
        "is_report": c["is_report"],
        "title": "".join((m["title"] or "").split()),
        "issuer": m["issuer"],
        "region": m["region"],
        "report_year": m["report_year"],
        "doc_number": m["doc_number"],
        "signer": m["signer"],
        "addressees": m["addressees"],
        "cc": m["cc"],
        "issue_date": m["issue_date"],
        "disclosure": m["disclosure"],
        "kinds": [s["kind"] for s in c["sections"]],
        "contents": c["contents"],
    }


_baseline: dict[str, dict] = {}


def _base(src: Path) -> dict:
    if src.name not in _baseline:
        _baseline[src.name] = _summary(fazhi.analyze(src))
    return _baseline[src.name]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("src", SOURCES, ids=lambda p: p.stem[:24])
def test_same_analysis_in_every_format(src: Path, fmt: str, tmp_path: Path):
    if fmt == "pdf" and not soffice_available():
        pytest.skip("LibreOffice is not installed")
    text = src.read_text(encoding="utf-8")
    target = tmp_path / f"{src.stem}{SUFFIX[fmt]}"
    assert write_as(fmt, text, target)
    doc = fazhi.analyze(target)
    assert doc.error is None, doc.error
    assert _summary(doc) == _base(src)
