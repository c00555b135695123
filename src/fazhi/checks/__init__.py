"""The review rules. Each module owns one family of rules (see `data/rules.yaml`) and
exposes a function Document → tuple[Finding, ...]; `review_findings` runs them all in a
fixed order, so the same document always gets the same findings in the same order."""

from __future__ import annotations

from collections.abc import Callable

from fazhi.checks.arith import arithmetic_findings
from fazhi.checks.catalogue import Rule, finding, rule, rules
from fazhi.checks.citations import citation_findings
from fazhi.checks.contents import missing_contents
from fazhi.checks.leftovers import leftover_findings
from fazhi.checks.masked import masked_findings
from fazhi.checks.meta import meta_findings
from fazhi.checks.privacy import privacy_findings, redact
from fazhi.checks.tables import table_findings
from fazhi.checks.timeliness import timeliness_findings
from fazhi.model import Document, Finding

__all__ = ["CHECKS", "Rule", "finding", "preload", "redact", "review_findings", "rule", "rules"]

CHECKS: tuple[tuple[str, Callable[[Document], tuple[Finding, ...]]], ...] = (
    ("contents", missing_contents),
    ("meta", meta_findings),
    ("arith", arithmetic_findings),
    ("tables", table_findings),
    ("masked", masked_findings),
    ("citations", citation_findings),
    ("timeliness", timeliness_findings),
    ("privacy", privacy_findings),
    ("leftovers", leftover_findings),
)


def review_findings(doc: Document) -> tuple[Finding, ...]:
    found: list[Finding] = []
    for _, check in CHECKS:
        found.extend(check(doc))
    return tuple(found)


def preload() -> None:
    """Load every data file the checks read, so a broken one fails up front."""
    from fazhi.checks import leftovers, meta, policies, privacy, timeliness

    rules()
    policies.policy_index()
    privacy.load_patterns()
    leftovers.load_leftovers()
    meta.load_title_rules()
    timeliness.load_deadlines()
    timeliness.load_government_issuers()
