"""Which reader a file needs: its extension, corrected by what the bytes say."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePath

from fazhi.ingest.base import fail, looks_like_text

FORMATS = ("txt", "docx", "pdf", "html", "ofd", "doc", "wps")

OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC = b"PK\x03\x04"
RTF_MAGIC = b"{\\rtf"
# Stream names in an OLE2 directory are UTF-16LE; these two are enough to tell
# a password-protected OOXML file from a Word 97 binary.
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_WORD_DOCUMENT = "WordDocument".encode("utf-16-le")

_EXTENSIONS = {
    "txt": "txt",
    "text": "txt",
    "docx": "docx",
    "docm": "docx",
    "pdf": "pdf",
    "html": "html",
    "htm": "html",
    "shtml": "html",
    "xhtml": "html",
    "ofd": "ofd",
    "doc": "doc",
    "wps": "wps",
}

_HTML_SNIFF = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s", re.I)


def supported_suffixes() -> frozenset[str]:
    """File-name endings the readers take (".docx", ".htm", …), for walking folders."""
    return frozenset(f".{ext}" for ext in _EXTENSIONS)


def extension(filename: str) -> str:
    return PurePath(filename).suffix.lower().lstrip(".")


def is_encrypted_ooxml(data: bytes) -> bool:
    # The directory may sit anywhere in the file, so the whole of it is searched.
    return data.startswith(OLE2_MAGIC) and _ENCRYPTED_PACKAGE in data


def is_word_binary(data: bytes) -> bool:
    """What LibreOffice should be given for a .doc/.wps: a Word 97 (or WPS) OLE2
    file, RTF, or Word 2003 XML. Anything else falls back to its plain-text
    filter and comes out as garbage."""
    if data.startswith(OLE2_MAGIC):
        return _WORD_DOCUMENT in data
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith((RTF_MAGIC, b"<?xml"))


def _zip_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = {n.lower() for n in zf.namelist()}
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "word/document.xml" in names:
        return "docx"
    if "ofd.xml" in names:
        return "ofd"
    return None


def looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    return bool(_HTML_SNIFF.search(head)) and head[:1] == b"<"


def detect_format(data: bytes, filename: str) -> str:
    """Return one of `FORMATS`, trusting the bytes over the extension.

    A damaged file keeps the format its extension claims, so that its reader
    reports it as corrupt rather than as an unknown format.
    """
    ext = extension(filename)
    claimed = _EXTENSIONS.get(ext)
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(ZIP_MAGIC):
        kind = _zip_kind(data)
        if kind:
            return kind
        if claimed in ("docx", "ofd"):
            return claimed
    if data.startswith(OLE2_MAGIC):
        if is_encrypted_ooxml(data):
            return "docx"
        if claimed in ("doc", "wps"):
            return claimed
        if claimed == "docx" or _WORD_DOCUMENT in data:
            return "doc"
    # Web sites often serve a page or plain text under a .doc name.
    if claimed in ("txt", "doc", "wps", None) and looks_like_html(data):
        return "html"
    if claimed in ("doc", "wps") and not is_word_binary(data) and looks_like_text(data):
        return "txt"
    if claimed:
        return claimed
    raise fail(
        "format.unknown",
        filename,
        "的格式无法识别（支持 .txt .docx .doc .wps .pdf .html .ofd）",
    )
