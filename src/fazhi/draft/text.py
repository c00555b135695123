"""The drafted report as plain text or Markdown: the same blocks as the Word version,
laid out the way reports are published on government websites (one paragraph a line,
blank lines between, signature and date at the end)."""

from __future__ import annotations

from fazhi.draft.compose import Block, Draft

_INDENT = "\u3000\u3000"  # two full-width spaces: the first-line indent of a Chinese paragraph


def _line(block: Block, markdown: bool) -> str:
    kind, text = block.kind, block.text
    if kind == "doc_number":
        signer = f"签发人：{block.lead}" if block.lead else ""
        return "    ".join(t for t in (text, signer) if t)
    if kind == "letterhead":
        return f"**{text}**" if markdown else text
    if kind == "title":
        return f"# {text}" if markdown else text
    if kind == "h1":
        return f"## {text}" if markdown else _INDENT + text
    if kind == "h2":
        return f"### {text}" if markdown else _INDENT + text
    if kind == "runin":
        lead = f"**{block.lead}**" if markdown else block.lead
        return ("" if markdown else _INDENT) + lead + text
    if kind in ("body", "closing", "note"):
        return ("" if markdown else _INDENT) + text
    if kind == "imprint":
        return f"{block.lead}    {text}"
    return text


def to_text(draft: Draft, *, markdown: bool = False) -> str:
    lines: list[str] = []
    for block in draft.blocks:
        if block.kind == "doc_number" and not (block.text or block.lead):
            continue
        if block.kind == "cc" and markdown:
            lines.append("---")
        lines.append(_line(block, markdown))
    return "\n\n".join(lines) + "\n"


def to_markdown(draft: Draft) -> str:
    return to_text(draft, markdown=True)
