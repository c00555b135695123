"""The corpus store: reports loaded once into SQLite or PostgreSQL, searchable in Chinese,
queryable by region, year and indicator, exportable.

    >>> from fazhi.store import Store, Filters
    >>> store = Store("corpus.db")
    >>> store.add_file("报告.docx")
    >>> store.search("复议", Filters(year=2023)).items[0].snippets[0].marked()
"""

from fazhi.store.corpus import IngestError, Store, StoredFile
from fazhi.store.engine import ENV_VAR, default_path, resolve_url
from fazhi.store.filters import LEVELS, Filters
from fazhi.store.indicators import IndicatorRow, IndicatorTable
from fazhi.store.query import Page, ReportRow, SearchHit
from fazhi.store.summary import ExpectedUnit, Summary, UnitStatus, read_expected
from fazhi.store.write import Saved

__all__ = [
    "ENV_VAR",
    "LEVELS",
    "ExpectedUnit",
    "Filters",
    "IndicatorRow",
    "IndicatorTable",
    "IngestError",
    "Page",
    "ReportRow",
    "Saved",
    "SearchHit",
    "Store",
    "StoredFile",
    "Summary",
    "UnitStatus",
    "default_path",
    "read_expected",
    "resolve_url",
]
