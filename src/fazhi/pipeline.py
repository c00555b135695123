"""The analysis pipeline: named stages, each a pure function Document → Document.

Like a spaCy pipeline, the stages run in order over one `Document`; callers may pass
their own list of stages to `run`. Reading the file happens before the first
stage and nothing here writes anywhere.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from pathlib import Path

from fazhi import DEFAULT_MAX_BYTES, ingest
from fazhi.checks import review_findings
from fazhi.errors import FazhiError
from fazhi.figures.facts import extract_facts
from fazhi.model import Document, ErrorInfo, Source
from fazhi.normalize import normalize
from fazhi.structure import classify, contents, kinds, layout, metadata, outline, regions

Stage = Callable[[Document], Document]
logger = logging.getLogger("fazhi")


def preload() -> None:
    """Load and check every data file now, so a broken one is reported once, up front."""
    from fazhi.ingest.residue import load_rules

    load_rules()
    kinds.title_kind("")
    classify.classify(None, "", [])
    contents.is_plan_paragraph("", None)
    regions.check_data()
    from fazhi.figures.catalogue import catalogue
    from fazhi.figures.rules import rules
    from fazhi.figures.scan import grammar

    grammar()
    catalogue()
    rules()
    from fazhi.checks import preload as preload_checks

    preload_checks()
    from fazhi.score import preload as preload_score

    preload_score()


def stage_normalize(doc: Document) -> Document:
    if doc.extracted is None:
        raise ValueError("stage_normalize needs the text a reader extracted")
    paragraphs, converted = normalize(doc.extracted.text)
    if not any(paragraphs):
        raise FazhiError("input.empty", f"“{doc.source.path}”中没有可分析的文字")
    source = replace(doc.source, converted_from_traditional=converted)
    return replace(doc, paragraphs=paragraphs, source=source)


def stage_structure(doc: Document) -> Document:
    lay = layout.find_layout(doc.paragraphs)
    meta = metadata.extract_metadata(doc.paragraphs, lay, doc.extracted)
    tree = outline.outline(doc.paragraphs, lay.body_start, lay.closing_start)
    if not tree and doc.extracted is not None and doc.extracted.headings:
        tree = outline.from_styles(
            doc.paragraphs, doc.extracted.headings, lay.body_start, lay.closing_start
        )
    section_kinds = kinds.classify(tree, doc.paragraphs, meta.report_year)
    tree = outline.with_kinds(tree, section_kinds)
    found = contents.find_contents(
        doc.paragraphs, tree, lay.body_start, lay.closing_start, meta.report_year
    )
    truncated = layout.is_truncated(doc.paragraphs, lay)
    return replace(doc, metadata=meta, sections=tree, contents=found, truncated=truncated)


def stage_classify(doc: Document) -> Document:
    verdict = classify.classify(
        doc.metadata.title, doc.text, [s.kind or "other" for s in doc.sections]
    )
    return replace(
        doc, is_report=verdict.is_report, genre=verdict.genre, is_report_reason=verdict.reason
    )


def stage_figures(doc: Document) -> Document:
    year = doc.metadata.report_year
    if year is None and doc.metadata.title:
        # a news item or a statistics page: the year its title names is its own
        found = re.search(r"(?:19|20)\d\d(?=\s*年)", doc.metadata.title)
        year = int(found.group()) if found else None
    facts = extract_facts(doc.paragraphs, doc.sections, year)
    return replace(doc, facts=facts)


def stage_checks(doc: Document) -> Document:
    return replace(doc, findings=doc.findings + review_findings(doc))


def stage_score(doc: Document) -> Document:
    if not doc.is_report:
        return doc
    from fazhi.score import review

    return replace(doc, review=review(doc))


STAGES: tuple[tuple[str, Stage], ...] = (
    ("normalize", stage_normalize),
    ("structure", stage_structure),
    ("classify", stage_classify),
    ("figures", stage_figures),
    ("checks", stage_checks),
)
# the review adds coverage, substance and the score card: a reviewer's view, not needed
# to extract facts and findings, and about as costly again as the rest of the analysis
REVIEW_STAGES: tuple[tuple[str, Stage], ...] = (*STAGES, ("score", stage_score))


def run(doc: Document, stages: tuple[tuple[str, Stage], ...] = STAGES) -> Document:
    for _, stage in stages:
        doc = stage(doc)
    return doc


def analyze_bytes(
    data: bytes, filename: str, *, max_bytes: int = DEFAULT_MAX_BYTES, review: bool = False
) -> Document:
    """Analyse one document given as bytes; problems become `Document.error`, never raise.
    With `review`, a report also gets its coverage, substance and score card."""
    source = Source(
        path=filename, sha256=hashlib.sha256(data).hexdigest(), format=None, size=len(data)
    )
    doc = Document(source=source)
    try:
        extracted = ingest.read(data, filename, max_bytes=max_bytes)
        source = replace(
            source,
            format=extracted.format,
            encoding=extracted.encoding,
            published=extracted.published,
        )
        doc = replace(doc, source=source, extracted=extracted)
        return run(doc, REVIEW_STAGES if review else STAGES)
    except FazhiError as exc:
        return replace(doc, error=ErrorInfo(exc.code, exc.message))
    except Exception as exc:  # a defect in fazhi must not stop the rest of a batch
        logger.exception("internal error while analysing %s", filename)
        message = (
            f"分析“{filename}”时出现内部错误（{type(exc).__name__}: {exc}），请将此文件反馈给维护者"
        )
        return replace(doc, error=ErrorInfo("internal.error", message))


def analyze_path(
    path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES, review: bool = False
) -> Document:
    """Analyse one file; problems (missing, too large, unreadable) become `Document.error`."""
    try:
        data = ingest.load_bytes(path, max_bytes=max_bytes)
    except FazhiError as exc:
        source = Source(path=str(path), sha256=None, format=None, size=0)
        return Document(source=source, error=ErrorInfo(exc.code, exc.message))
    return analyze_bytes(data, str(path), max_bytes=max_bytes, review=review)


# the packages whose code or data decide what an analysis says; the CLI, the store and
# the web layer are not among them: changing those never calls for a re-analysis
_ANALYSER_PARTS = ("ingest", "structure", "figures", "checks", "score", "data")
_ANALYSER_MODULES = ("model.py", "normalize.py", "pipeline.py", "regexes.py", "markers.py")


@cache
def analyser_version() -> str:
    """`<release>+<digest>`: the digest covers every source and data file the analysis
    depends on, so a store knows which of its analyses an upgrade has made stale."""
    from fazhi import __version__

    root = Path(__file__).parent
    files = [root / name for name in _ANALYSER_MODULES]
    for part in _ANALYSER_PARTS:
        files.extend(p for p in (root / part).rglob("*") if p.suffix in (".py", ".yaml"))
    digest = hashlib.blake2b(digest_size=6)
    for file in sorted(files):
        digest.update(file.relative_to(root).as_posix().encode())
        digest.update(file.read_bytes())
    return f"{__version__}+{digest.hexdigest()}"
