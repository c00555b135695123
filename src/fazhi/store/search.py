"""Chinese full-text search that gives exactly the documents a substring scan would.

Word segmenters split 行政复议 as one word, so a search for 复议 through them misses it;
an FTS5 trigram index finds nothing for two characters. fazhi indexes every pair of
adjacent characters (复议, 议案 …) within a run of letters and digits instead:

- a query of two characters is one bigram: the index answers it exactly;
- a longer run is the phrase of its bigrams, in order: SQLite FTS5 matches it exactly,
  PostgreSQL's pg_trgm answers `ILIKE` on the text itself;
- anything else (one character, punctuation inside a term) narrows by what the index
  can answer and then checks the text itself.

Terms separated by spaces must all occur (AND). Matching ignores case as Python's
`str.lower` does (on PostgreSQL as its own lower() does: they differ for a final Greek Σ).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from sqlalchemy import text as sql

from fazhi.errors import FazhiError
from fazhi.normalize import fold_width
from fazhi.store.filters import like_escape, reject_control

# runs of letters and digits; bigrams never span punctuation, space or a line break
_RUN = re.compile(r"[^\W_]+")
# between runs: three characters, so that no query bigram can ever equal it and a
# phrase cannot match across the end of one run and the start of the next
_BOUNDARY = "zz0"
MAX_TERMS = 8
MAX_TERM_CHARS = 50


def normalise_query(query: str) -> list[str]:
    """The terms of a search box entry, folded as every stored text was (full-width
    letters and digits to half-width; Chinese punctuation, ℃, ① as they are), lower
    case, split on white space. A passage copied from a report finds it."""
    reject_control(query, "search.control", "搜索词含有控制字符")
    terms = fold_width(query).lower().split()
    if not terms:
        raise FazhiError("search.empty", "请输入要搜索的词")
    if len(terms) > MAX_TERMS:
        raise FazhiError("search.too_many", f"一次最多搜索 {MAX_TERMS} 个词")
    for term in terms:
        if len(term) > MAX_TERM_CHARS:
            raise FazhiError("search.too_long", f"搜索词不能超过 {MAX_TERM_CHARS} 个字")
    return list(dict.fromkeys(terms))


def _runs(text: str) -> list[str]:
    return _RUN.findall(text.lower())


def _pairs(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def index_signature() -> int:
    """What the FTS5 tokens depend on: this scheme and Python's Unicode tables. SQLite
    forgets a row of a contentless index only when given the tokens it indexed, so a
    store whose index was built under another signature must rebuild it first."""
    import unicodedata
    import zlib

    return zlib.crc32(f"bigrams/1 {_BOUNDARY} unicode {unicodedata.unidata_version}".encode())


def rebuild_index(connection, batch: int = 200) -> int:
    """Index every current analysis afresh (SQLite), a batch of texts at a time so that
    memory stays flat; returns how many were indexed."""
    connection.exec_driver_sql("INSERT INTO search_index(search_index) VALUES ('delete-all')")
    ids = [row[0] for row in connection.exec_driver_sql("SELECT id FROM analyses WHERE current")]
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        marks = ", ".join("?" * len(chunk))
        rows = connection.exec_driver_sql(
            f"SELECT id, text FROM analyses WHERE id IN ({marks})", tuple(chunk)
        ).all()
        connection.exec_driver_sql(
            "INSERT INTO search_index(rowid, bigrams) VALUES (?, ?)",
            [(analysis_id, index_tokens(text or "")) for analysis_id, text in rows],
        )
    return len(ids)


def index_tokens(text: str) -> str:
    """The FTS5 token stream of `text`: bigrams of each run, runs apart by a boundary."""
    parts: list[str] = []
    for run in _runs(text):
        if len(run) < 2:
            continue
        if parts:
            parts.append(_BOUNDARY)
        parts.extend(_pairs(run))
    return " ".join(parts)


# a tsvector holds under 1 MB of lexeme text; past it PostgreSQL drops lexemes silently
_TSVECTOR_BUDGET = 900_000


def index_lexemes(text: str) -> list[str] | None:
    """The distinct bigrams of `text`, for PostgreSQL's tsvector (membership only); None
    when they would not fit in one (a compilation of many reports), and such a text is
    scanned instead."""
    lexemes = sorted({pair for run in _runs(text) for pair in _pairs(run)})
    if sum(len(lexeme.encode()) for lexeme in lexemes) > _TSVECTOR_BUDGET:
        return None
    return lexemes


@dataclass(frozen=True, slots=True)
class Match:
    """SQL that keeps the analyses whose text holds every term: a WHERE fragment over
    `analyses a` and its parameters."""

    where: str
    params: dict[str, object] = field(default_factory=dict)


def match_clause(terms: list[str], dialect: str) -> Match:
    clauses: list[str] = []
    params: dict[str, object] = {}
    for n, term in enumerate(terms):
        runs = _runs(term)
        exact = len(runs) == 1 and runs[0] == term and len(term) >= 2
        long_runs = [run for run in runs if len(run) >= 2]
        if dialect == "sqlite":
            if long_runs:
                phrases = " AND ".join('"' + " ".join(_pairs(run)) + '"' for run in long_runs)
                params[f"m{n}"] = phrases
                clauses.append(
                    f"a.id IN (SELECT rowid FROM search_index WHERE search_index MATCH :m{n})"
                )
            if not exact:
                params[f"t{n}"] = term
                clauses.append(f"instr(fazhi_lower(a.text), :t{n}) > 0")
        else:
            params[f"t{n}"] = f"%{like_escape(term)}%"
            # ILIKE lower-cases every text it checks; a term without letters that have
            # a case (Chinese, digits) gets the same answer from the cheaper LIKE
            like = "LIKE" if term.upper() == term == term.lower() else "ILIKE"
            text_test = f"a.text {like} :t{n}"
            pairs = [run for run in runs if len(run) == 2]
            if pairs:
                params[f"q{n}"] = " & ".join(f"'{pair}'" for pair in pairs)
                clauses.append(
                    "(a.id IN (SELECT analysis_id FROM search_index"
                    f" WHERE bigrams @@ CAST(:q{n} AS tsquery))"
                    " OR (a.id IN (SELECT analysis_id FROM search_index WHERE NOT complete)"
                    f" AND {text_test}))"
                )
                if exact and len(term) == 2:  # the bigram index answered it exactly
                    continue
            clauses.append(text_test)
    return Match(" AND ".join(clauses), params)


def index_of(text: str, dialect: str) -> str | list[str] | None:
    """What the search index holds for `text`: FTS5 tokens on SQLite, the distinct
    bigrams on PostgreSQL (None when too many for one tsvector)."""
    return index_tokens(text) if dialect == "sqlite" else index_lexemes(text)


def insert_index(connection, analysis_id: int, index: str | list[str] | None) -> None:
    """Add an analysis to the search index, given `index_of` its text."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(
            "INSERT INTO search_index (rowid, bigrams) VALUES (?, ?)", (analysis_id, index)
        )
    else:
        connection.exec_driver_sql(
            "INSERT INTO search_index (analysis_id, bigrams, complete)"
            " VALUES (%s, array_to_tsvector(CAST(%s AS text[])), %s)",
            (analysis_id, index or [], index is not None),
        )


def add_to_index(connection, analysis_id: int, text: str) -> None:
    insert_index(connection, analysis_id, index_of(text, connection.dialect.name))


def remove_from_index(connection, analysis_id: int, text: str) -> None:
    if connection.dialect.name == "sqlite":
        # a contentless FTS5 table forgets a row only when told the tokens it indexed
        connection.execute(
            sql(
                "INSERT INTO search_index(search_index, rowid, bigrams)"
                " VALUES ('delete', :id, :tokens)"
            ),
            {"id": analysis_id, "tokens": index_tokens(text)},
        )
    else:
        connection.execute(
            sql("DELETE FROM search_index WHERE analysis_id = :id"), {"id": analysis_id}
        )


@dataclass(frozen=True, slots=True)
class Snippet:
    """A passage around a hit; `highlights` are (start, end) offsets into `text`."""

    text: str
    highlights: tuple[tuple[int, int], ...]

    def html(self) -> str:
        """The passage as HTML: escaped text, hits in <mark>."""
        out: list[str] = []
        last = 0
        for start, end in self.highlights:
            out.append(html.escape(self.text[last:start]))
            out.append(f"<mark>{html.escape(self.text[start:end])}</mark>")
            last = end
        out.append(html.escape(self.text[last:]))
        return "".join(out)

    def marked(self, left: str = "【", right: str = "】") -> str:
        """The passage with hits between `left` and `right`, for plain text output."""
        out: list[str] = []
        last = 0
        for start, end in self.highlights:
            out.extend((self.text[last:start], left, self.text[start:end], right))
            last = end
        out.append(self.text[last:])
        return "".join(out)

    def to_dict(self) -> dict[str, object]:
        return {"text": self.text, "highlights": [list(h) for h in self.highlights]}


def _hits(text: str, terms: list[str]) -> list[tuple[int, int]]:
    folded = text.lower()
    if len(folded) != len(text):  # a rare letter that lowercases to two characters
        folded = text
    spans: list[tuple[int, int]] = []
    for term in terms:
        start = folded.find(term)
        while start >= 0:
            spans.append((start, start + len(term)))
            start = folded.find(term, start + len(term))
    return sorted(spans)


def snippets(
    text: str, terms: list[str], *, limit: int = 3, before: int = 30, after: int = 60
) -> tuple[int, list[Snippet]]:
    """How many hits `text` has, and up to `limit` passages around them, each within
    its paragraph, hits that fall in one passage sharing it."""
    spans = _hits(text, terms)
    out: list[Snippet] = []
    i = 0
    previous_end = 0  # where the last passage stopped: the next never repeats its text
    while i < len(spans) and len(out) < limit:
        start, end = spans[i]
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        # a passage overlapping the one before would show a hit already shown, unmarked
        lo = max(line_start, start - before, previous_end)
        hi = min(line_end, end + after)
        marks: list[tuple[int, int]] = []
        while i < len(spans) and spans[i][1] <= hi:
            s, e = spans[i]
            if not marks or s >= marks[-1][1]:
                marks.append((s - lo, e - lo))
            i += 1
        previous_end = hi
        prefix = "…" if lo > line_start else ""
        suffix = "…" if hi < line_end else ""
        shift = len(prefix)
        out.append(
            Snippet(
                prefix + text[lo:hi] + suffix,
                tuple((s + shift, e + shift) for s, e in marks),
            )
        )
    return len(spans), out
