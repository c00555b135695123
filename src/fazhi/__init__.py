"""fazhi: 法治政府建设年度报告的分析与审查。

>>> import fazhi
>>> doc = fazhi.analyze("报告.docx")
>>> doc.metadata.issuer, doc.metadata.report_year, doc.contents.present
>>> doc.to_contract()          # the JSON of schema fazhi.report/1
"""

from __future__ import annotations

import os

from fazhi.ingest import DEFAULT_MAX_BYTES
from fazhi.model import Document

__version__ = "0.1.0"
__all__ = ["DEFAULT_MAX_BYTES", "Document", "__version__", "analyze"]


def analyze(
    source: str | os.PathLike[str] | bytes,
    filename: str | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    review: bool = False,
) -> Document:
    """Analyse one report given as a path or as bytes (then `filename` names its format).

    With `review=True` a report also gets `doc.review`: coverage of the nine areas,
    substance and the score card. Never raises for a bad input: the returned
    `Document` carries `error` instead.
    """
    from fazhi.pipeline import analyze_bytes, analyze_path

    if isinstance(source, bytes | bytearray):
        name = filename or "input.txt"
        return analyze_bytes(bytes(source), name, max_bytes=max_bytes, review=review)
    return analyze_path(source, max_bytes=max_bytes, review=review)
