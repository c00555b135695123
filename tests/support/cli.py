"""Run the `fazhi` command as a user runs it: a real subprocess."""

from __future__ import annotations

import subprocess
import sys


def fazhi_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    """`fazhi ARGS…`; text output unless `stdin` bytes are given (then bytes)."""
    return subprocess.run(
        [sys.executable, "-m", "fazhi.cli", *args],
        input=stdin,
        capture_output=True,
        text=stdin is None,
        timeout=120,
    )
