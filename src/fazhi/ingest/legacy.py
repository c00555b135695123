"""Word 97-2003 .doc and WPS .wps, converted to .docx by LibreOffice, then read as .docx."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from fazhi.ingest.base import fail
from fazhi.ingest.docx import read_docx
from fazhi.ingest.formats import is_word_binary
from fazhi.model import Extracted

TIMEOUT_SECONDS = 120


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _convert(exe: str, src: Path, outdir: Path, profile: Path) -> None:
    # A private profile per call: LibreOffice refuses to run twice on one profile,
    # so parallel conversions would otherwise fail or hang.
    cmd = [
        exe,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        "docx",
        "--outdir",
        str(outdir),
        str(src),
    ]
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        proc.wait(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        # soffice forks helpers; kill the whole session we started, not just the launcher.
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise


def read_legacy(data: bytes, filename: str, fmt: str) -> Extracted:
    if not is_word_binary(data):
        raise fail(f"{fmt}.corrupt", filename, f"已损坏或不是有效的 .{fmt} 文档")
    exe = soffice_path()
    if exe is None:
        raise fail(
            "format.needs_libreoffice",
            filename,
            f"是 .{fmt} 格式，需要安装 LibreOffice（soffice）才能读取，或请先另存为 .docx",
        )
    with tempfile.TemporaryDirectory(prefix="fazhi-lo-") as tmp:
        tmpdir = Path(tmp)
        # WPS files are Word-compatible binaries; a .doc name makes LibreOffice's
        # type detection take the Word filter instead of the old MS Works one.
        src = tmpdir / "input.doc"
        src.write_bytes(data)
        outdir = tmpdir / "out"
        try:
            _convert(exe, src, outdir, tmpdir / "profile")
        except subprocess.TimeoutExpired as exc:
            raise fail(
                f"{fmt}.convert_failed",
                filename,
                f"用 LibreOffice 转换超过 {TIMEOUT_SECONDS} 秒仍未完成，已放弃",
            ) from exc
        except OSError as exc:
            raise fail(f"{fmt}.convert_failed", filename, f"无法启动 LibreOffice（{exc}）") from exc
        produced = outdir / "input.docx"
        if not produced.exists() or produced.stat().st_size == 0:
            raise fail(
                f"{fmt}.convert_failed",
                filename,
                "无法用 LibreOffice 转换，文件可能已损坏或已加密",
            )
        converted = produced.read_bytes()
    return read_docx(converted, filename, fmt=fmt)
