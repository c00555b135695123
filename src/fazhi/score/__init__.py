"""The review of a report as a whole: coverage of the nine areas, substance, and the
score card that weighs them with the findings (`data/coverage.yaml`, `substance.yaml`,
`rubric.yaml`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fazhi.score.card import ScoreCard, rubric, score_card
from fazhi.score.coverage import Coverage, coverage_map, done_paragraphs, measure_coverage
from fazhi.score.substance import Substance, measure_substance

if TYPE_CHECKING:
    from fazhi.model import Document

__all__ = [
    "Coverage",
    "Review",
    "ScoreCard",
    "Substance",
    "coverage_map",
    "measure_coverage",
    "measure_substance",
    "preload",
    "review",
    "rubric",
    "score_card",
]


@dataclass(frozen=True, slots=True)
class Review:
    coverage: Coverage
    substance: Substance
    card: ScoreCard

    def to_contract(self) -> dict[str, Any]:
        return {
            "score": self.card.total,
            "card": self.card.to_contract()["criteria"],
            "coverage": self.coverage.to_contract(),
            "substance": self.substance.to_contract(),
        }


def review(doc: Document) -> Review:
    """Coverage, substance and the score card of an analysed report."""
    done = done_paragraphs(doc)  # what the report did: read once for both measures
    coverage = measure_coverage(doc, done)
    substance = measure_substance(doc, done)
    return Review(coverage, substance, score_card(doc, coverage, substance))


def preload() -> None:
    from fazhi.score import substance

    coverage_map()
    substance.load_cues()
    rubric()
