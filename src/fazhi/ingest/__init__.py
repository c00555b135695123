"""Bytes → text. One reader per format, each returning an `Extracted`.

Public API:

    read(data: bytes, filename: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Extracted
    read_path(path: str | os.PathLike, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Extracted
    detect_format(data: bytes, filename: str) -> str
    strip_residue(lines: list[str]) -> list[str]

`read` and `read_path` raise `fazhi.errors.IngestError(code, message)` for input
that cannot be read. Codes: input.empty, input.too_large, format.unknown,
format.needs_libreoffice, docx.encrypted, docx.corrupt, pdf.encrypted,
pdf.no_text, pdf.corrupt, ofd.corrupt, ofd.no_text, doc.corrupt, wps.corrupt,
doc.convert_failed, wps.convert_failed; `read_path` adds input.missing and
input.unreadable.

`Extracted.text` has one paragraph per line and is otherwise as the file gives
it (decoded, control characters dropped, line breaks unified): re-joining
wrapped lines and other normalisation happen in a later stage.
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path

from fazhi.errors import IngestError
from fazhi.ingest.base import fail
from fazhi.ingest.formats import FORMATS, detect_format
from fazhi.ingest.residue import strip_residue
from fazhi.model import Extracted

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FORMATS",
    "IngestError",
    "detect_format",
    "load_bytes",
    "read",
    "read_path",
    "strip_residue",
]

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


def _too_large(filename: str, size: int, max_bytes: int) -> IngestError:
    return fail(
        "input.too_large",
        filename,
        f"太大（{_mb(size)}），超过了 {_mb(max_bytes)} 的上限",
    )


def _reader(fmt: str) -> Callable[[bytes, str], Extracted]:
    # Imported lazily: pdfplumber and readability are slow to import and most
    # runs need only one or two formats.
    if fmt == "txt":
        from fazhi.ingest.txt import read_txt

        return read_txt
    if fmt == "docx":
        from fazhi.ingest.docx import read_docx

        return read_docx
    if fmt == "pdf":
        from fazhi.ingest.pdf import read_pdf

        return read_pdf
    if fmt == "html":
        from fazhi.ingest.html import read_html

        return read_html
    if fmt == "ofd":
        from fazhi.ingest.ofd import read_ofd

        return read_ofd
    from fazhi.ingest.legacy import read_legacy

    return lambda data, filename: read_legacy(data, filename, fmt)


def read(data: bytes, filename: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Extracted:
    """Turn the bytes of one input file into text; `filename` decides the format
    together with the bytes and names the file in error messages."""
    if len(data) > max_bytes:
        raise _too_large(filename, len(data), max_bytes)
    if not data or (len(data) < 4096 and not data.strip()):
        raise fail("input.empty", filename, "是空文件，没有任何内容")
    fmt = detect_format(data, filename)
    if fmt in ("docx", "ofd"):
        _check_unpacked_size(data, filename, max_bytes)
    return _reader(fmt)(data, filename)


# a zip package may unpack to far more than it weighs; real reports stay well within this
_UNPACK_FACTOR = 4


def _check_unpacked_size(data: bytes, filename: str, max_bytes: int) -> None:
    """Refuse a package that would unpack to more than `_UNPACK_FACTOR` × the size limit."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unpacked = sum(info.file_size for info in package.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # the reader reports the damage with its own code
    limit = _UNPACK_FACTOR * max_bytes
    if unpacked > limit:
        raise fail(
            "input.too_large", filename, f"解压后有 {_mb(unpacked)}，超过了 {_mb(limit)} 的上限"
        )


def read_path(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Extracted:
    """Read a file from disk; its size is checked before any of it is read."""
    return read(load_bytes(path, max_bytes=max_bytes), str(path), max_bytes=max_bytes)


def load_bytes(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of a file, refusing one over `max_bytes` before reading it."""
    p = Path(path)
    name = str(path)
    try:
        info = p.stat()
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(name)
        if not stat.S_ISREG(info.st_mode):
            # a pipe or device would block or never end
            raise fail("input.unreadable", name, "不是普通文件（可能是管道或设备）")
        size = info.st_size
        if size > max_bytes:
            raise _too_large(name, size, max_bytes)
        with p.open("rb") as fh:
            # The file may grow between stat and read; never take more than allowed.
            data = fh.read(max_bytes + 1)
    except FileNotFoundError as exc:
        raise fail("input.missing", name, "不存在") from exc
    except IsADirectoryError as exc:
        raise fail("input.unreadable", name, "是一个文件夹，不是文件") from exc
    except PermissionError as exc:
        raise fail("input.unreadable", name, "没有读取权限") from exc
    except OSError as exc:
        raise fail("input.unreadable", name, f"无法读取（{exc.strerror or exc}）") from exc
    except ValueError as exc:  # e.g. a NUL byte in the path
        raise fail("input.unreadable", name, "文件名无效") from exc
    if len(data) > max_bytes:
        raise _too_large(name, len(data), max_bytes)
    return data
