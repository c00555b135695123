"""How the evaluation scorer decides that a finding's evidence quotes a gold anchor."""

from __future__ import annotations

import re
import unicodedata


def norm(text: str | None) -> str:
    """NFKC, no whitespace, one bracket style."""
    text = unicodedata.normalize("NFKC", text or "")
    return re.sub(r"\s+", "", text).translate(str.maketrans("《》〈〉", "<><>"))


def overlaps(anchor: str, evidence: str) -> bool:
    """One contains the other, or they share a run of ten characters."""
    a, e = norm(anchor), norm(evidence)
    if not a or not e:
        return False
    if a in e or e in a:
        return True
    need = min(10, len(a), len(e))
    return any(a[i : i + need] in e for i in range(len(a) - need + 1))
