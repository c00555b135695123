"""What every .docx fazhi writes shares: the same content gives the same bytes."""

from __future__ import annotations

import zipfile
from io import BytesIO


def stable(data: bytes) -> bytes:
    """`data` (a .docx) with fixed zip entry times, so that writing the same document
    twice gives the same file (python-docx stamps the time of writing)."""
    out = BytesIO()
    with (
        zipfile.ZipFile(BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            fixed = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(item.filename))
    return out.getvalue()
