"""Errors that carry a stable code (for machines) and a Chinese message (for people)."""

from __future__ import annotations


class FazhiError(Exception):
    """A problem with one input that the user can understand and act on.

    `code` is stable and documented (e.g. `pdf.no_text`); `message` is Chinese,
    names the file and says what is wrong.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


class IngestError(FazhiError):
    """The input bytes could not be turned into text."""
