"""Turn a report text (one paragraph per line) into real files of each input format.

Used by the ingest tests, by other format-independence tests and by
`scripts/build_examples.py`. Every writer produces a file that a real reader
(Word, a browser, an OFD viewer, LibreOffice) would open, not a mock.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import tempfile
from pathlib import Path

# the writers of plain formats live in the package (fazhi synth uses them); the ones
# that need LibreOffice, and the broken files, are the tests' own
from fazhi.synth.writers import (
    docx_document,
    write_docx,
    write_html,
    write_ofd,
    write_txt,
)

__all__ = [
    "KINDS",
    "soffice_available",
    "write_as",
    "write_doc",
    "write_docx",
    "write_encrypted_docx",
    "write_encrypted_pdf",
    "write_html",
    "write_ofd",
    "write_pdf",
    "write_scanned_pdf",
    "write_txt",
]


# ------------------------------------------------------------- LibreOffice, pdf


def soffice_available() -> bool:
    return bool(shutil.which("soffice") or shutil.which("libreoffice"))


def _soffice_convert(src: Path, target: str, dest: Path) -> bool:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        return False
    with tempfile.TemporaryDirectory(prefix="fazhi-test-lo-") as tmp:
        profile = Path(tmp, "profile").as_uri()
        outdir = Path(tmp, "out")
        cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore"]
        cmd += ["--convert-to", target, "--outdir", str(outdir), str(src)]
        subprocess.run(cmd, capture_output=True, timeout=180, check=False)
        produced = list(outdir.glob("*")) if outdir.exists() else []
        if not produced:
            return False
        shutil.move(str(produced[0]), dest)
    return True


def _via_docx(
    text: str, path: str | os.PathLike, target: str, *, print_layout: bool = False
) -> bool:
    with tempfile.TemporaryDirectory(prefix="fazhi-test-") as tmp:
        src = docx_document(text, Path(tmp, "report.docx"), print_layout=print_layout)
        return _soffice_convert(src, target, Path(path))


def write_pdf(text: str, path: str | os.PathLike) -> bool:
    """A text-layer PDF printed by LibreOffice from a .docx laid out like a 公文
    (see `docx_document`); False when LibreOffice is not installed."""
    return soffice_available() and _via_docx(text, path, "pdf", print_layout=True)


def write_doc(text: str, path: str | os.PathLike) -> bool:
    """A Word 97-2003 .doc made by LibreOffice; False when it is not installed."""
    return soffice_available() and _via_docx(text, path, "doc")


def write_scanned_pdf(path: str | os.PathLike, pages: int = 2) -> Path:
    """An image-only PDF, like a scan: shapes and grey 'lines of text', no text layer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = Path(path)
    c = canvas.Canvas(str(out), pagesize=A4)
    width, height = A4
    for _ in range(pages):
        c.setFillGray(0.96)
        c.rect(0, 0, width, height, stroke=0, fill=1)
        c.setFillGray(0.25)
        for row in range(30):
            y = height - 110 - row * 22
            c.rect(72, y, width - 144 - (row % 4) * 30, 9, stroke=0, fill=1)
        c.setStrokeColorRGB(0.8, 0.1, 0.1)
        c.circle(width - 150, 130, 50, stroke=1, fill=0)
        c.showPage()
    c.save()
    return out


def write_encrypted_pdf(path: str | os.PathLike, password: str = "secret") -> Path:
    """A PDF that needs a user password to open."""
    from pypdf import PdfReader, PdfWriter
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = Path(path)
    plain = out.with_suffix(".plain.pdf")
    c = canvas.Canvas(str(plain), pagesize=A4)
    c.drawString(72, 750, "Annual report on building a law-based government, 2023")
    c.showPage()
    c.save()
    writer = PdfWriter()
    for page in PdfReader(str(plain)).pages:
        writer.add_page(page)
    writer.encrypt(user_password=password, owner_password=password + "-owner")
    with out.open("wb") as fh:
        writer.write(fh)
    plain.unlink()
    return out


# ------------------------------------------------------- encrypted .docx (OLE2)

_FREE, _END, _FATSECT, _NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _dir_entry(
    name: str, kind: int, color: int, left: int, right: int, child: int, start: int, size: int
) -> bytes:
    raw = (name + "\0").encode("utf-16-le") if name else b""
    return (
        raw.ljust(64, b"\0")
        + struct.pack("<HBB3I", len(raw), kind, color, left, right, child)
        + b"\0" * 16  # CLSID
        + struct.pack("<I", 0)  # state bits
        + b"\0" * 16  # creation and modification times
        + struct.pack("<IQ", start, size)
    )


def write_encrypted_docx(path: str | os.PathLike) -> Path:
    """What Word writes for a password-protected .docx: an OLE2 compound file holding
    `EncryptionInfo` and `EncryptedPackage` streams (contents here are random bytes)."""
    info = b"\x04\x00\x04\x00\x40\x00\x00\x00" + os.urandom(4096 - 8)
    package = struct.pack("<Q", 9000) + os.urandom(4096 - 8)
    # Sector 0 is the FAT, 1-8 EncryptionInfo, 9-16 EncryptedPackage, 17 the directory.
    fat = [_FATSECT, *range(2, 9), _END, *range(10, 17), _END, _END]
    fat += [_FREE] * (128 - len(fat))
    directory = (
        _dir_entry("Root Entry", 5, 1, _NOSTREAM, _NOSTREAM, 2, _END, 0)
        + _dir_entry("EncryptionInfo", 2, 0, _NOSTREAM, _NOSTREAM, _NOSTREAM, 1, len(info))
        + _dir_entry("EncryptedPackage", 2, 1, 1, _NOSTREAM, _NOSTREAM, 9, len(package))
        + _dir_entry("", 0, 0, _NOSTREAM, _NOSTREAM, _NOSTREAM, 0, 0)
    )
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 17, 0, 4096, _END, 0, _END, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", _FREE) * 108
    )
    assert len(header) == 512
    out = Path(path)
    out.write_bytes(header + struct.pack("<128I", *fat) + info + package + directory)
    return out


# ------------------------------------------------------------------ by kind name

# kind → file suffix; the kinds are those examples/formats.yaml uses.
KINDS = {
    "docx": ".docx",
    "pdf": ".pdf",
    "html": ".html",
    "html-gbk": ".gbk.html",
    "ofd": ".ofd",
    "txt-gb18030": ".gb18030.txt",
}


def write_as(kind: str, text: str, path: str | os.PathLike) -> bool:
    """Write `text` as `kind` (a key of `KINDS`); False when LibreOffice is needed but absent."""
    if kind == "pdf":
        return write_pdf(text, path)
    writers = {
        "docx": lambda: write_docx(text, path),
        "html": lambda: write_html(text, path),
        "html-gbk": lambda: write_html(text, path, encoding="gbk"),
        "ofd": lambda: write_ofd(text, path),
        "txt-gb18030": lambda: write_txt(text, path, "gb18030"),
    }
    if kind not in writers:
        raise ValueError(f"未知格式 {kind}，可用：{', '.join(KINDS)}")
    writers[kind]()
    return True
