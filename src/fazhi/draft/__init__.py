"""Drafting a report from structured data: `load` (YAML or the Excel template) →
`compose` → `to_docx` / `to_text` / `to_markdown`, checked by `analyse_draft`."""

from fazhi.draft.compose import Block, Draft, compose
from fazhi.draft.model import DraftData, DraftDataError
from fazhi.draft.official import to_docx
from fazhi.draft.schema import load_yaml, validate
from fazhi.draft.selfcheck import CheckResult, analyse_draft, check
from fazhi.draft.text import to_markdown, to_text

__all__ = [
    "Block",
    "CheckResult",
    "Draft",
    "DraftData",
    "DraftDataError",
    "analyse_draft",
    "check",
    "compose",
    "load_yaml",
    "to_docx",
    "to_markdown",
    "to_text",
    "validate",
]
